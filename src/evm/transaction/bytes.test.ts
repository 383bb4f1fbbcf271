import { describe, expect, it } from 'vitest';
import { bigIntToFixedBytes, bytesToBigInt } from './bytes.ts';

describe('fixed-width byte conversions', () => {
  it('round-trips with leading zeros kept', () => {
    const addr = bigIntToFixedBytes(0xabcn, 20);
    expect(addr).toHaveLength(20);
    expect(addr[18]).toBe(0x0a);
    expect(addr[19]).toBe(0xbc);
    expect(bytesToBigInt(addr)).toBe(0xabcn);
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n);
    expect(bytesToBigInt(new Uint8Array(32).fill(0xff))).toBe((1n << 256n) - 1n);
  });

  it('refuses values that do not fit', () => {
    expect(() => bigIntToFixedBytes(1n << 160n, 20)).toThrow(RangeError);
    expect(() => bigIntToFixedBytes(-1n, 20)).toThrow(RangeError);
    expect(bigIntToFixedBytes((1n << 160n) - 1n, 20)).toEqual(new Uint8Array(20).fill(0xff));
  });
});
