import { describe, expect, it } from 'vitest';
import { bigIntToBytes, bitLength, bytesToBigInt, readPadded, readWord, writeWord } from './bytes.ts';

describe('precompile byte helpers', () => {
  it('readPadded copies in-range bytes and zero-fills the rest', () => {
    const input = Uint8Array.from([1, 2, 3]);
    expect(readPadded(input, 1, 4)).toEqual(Uint8Array.from([2, 3, 0, 0]));
    expect(readPadded(input, 5, 2)).toEqual(new Uint8Array(2));
    expect(readPadded(input, 0, 0)).toEqual(new Uint8Array(0));
  });

  it('readWord reads big-endian words, padding past the end', () => {
    const input = new Uint8Array(40);
    input[31] = 0x2a;
    input[32] = 0x01;
    expect(readWord(input, 0)).toBe(0x2an);
    expect(readWord(input, 32)).toBe(1n << 248n);
    expect(readWord(new Uint8Array(0), 64)).toBe(0n);
  });

  it('bytesToBigInt / bigIntToBytes round-trip with left padding', () => {
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n);
    expect(bigIntToBytes(0x0102n, 4)).toEqual(Uint8Array.from([0, 0, 1, 2]));
    expect(bigIntToBytes(0n, 0)).toEqual(new Uint8Array(0));
    const max = (1n << 256n) - 1n;
    expect(bytesToBigInt(bigIntToBytes(max, 32))).toBe(max);
    expect(() => bigIntToBytes(0x10000n, 2)).toThrow(RangeError);
  });

  it('writeWord writes a 32-byte word at an offset', () => {
    const out = new Uint8Array(64);
    writeWord(out, 32, 0xabcdn);
    expect(out[62]).toBe(0xab);
    expect(out[63]).toBe(0xcd);
    expect(out.subarray(0, 62).every((b) => b === 0)).toBe(true);
  });

  it('bitLength counts significant bits', () => {
    expect(bitLength(0n)).toBe(0);
    expect(bitLength(1n)).toBe(1);
    expect(bitLength(0x80n)).toBe(8);
    expect(bitLength(1n << 255n)).toBe(256);
  });
});
