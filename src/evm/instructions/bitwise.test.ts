import { describe, expect, it } from 'vitest';
import { Halt } from '../halt.ts';
import { hexToBytes, runBytecode } from '../testing.ts';
import { MASK_256 } from '../words.ts';

function push(v: bigint): string {
  return '7f' + v.toString(16).padStart(64, '0');
}

/** Runs `op` with operands given top-first. */
function run(op: number, ...operands: bigint[]): bigint {
  const code = operands.slice().reverse().map(push).join('') + op.toString(16).padStart(2, '0') + '00';
  const r = runBytecode(hexToBytes(code));
  expect(r.halt).toBe(Halt.Stop);
  return r.stack[0]!;
}

describe('bitwise', () => {
  it('AND/OR/XOR/NOT', () => {
    expect(run(0x16, 0b1100n, 0b1010n)).toBe(0b1000n);
    expect(run(0x17, 0b1100n, 0b1010n)).toBe(0b1110n);
    expect(run(0x18, 0b1100n, 0b1010n)).toBe(0b0110n);
    expect(run(0x19, 0n)).toBe(MASK_256);
    expect(run(0x19, MASK_256)).toBe(0n);
  });

  it('BYTE counts from the most significant byte', () => {
    const x = 0x0102030405060708091011121314151617181920212223242526272829303132n;
    expect(run(0x1a, 0n, x)).toBe(0x01n);
    expect(run(0x1a, 31n, x)).toBe(0x32n);
    expect(run(0x1a, 32n, x)).toBe(0n);
    expect(run(0x1a, 1n << 200n, x)).toBe(0n);
  });

  // Vectors from EIP-145.
  it('SHL (EIP-145 vectors)', () => {
    expect(run(0x1b, 0x00n, 1n)).toBe(1n);
    expect(run(0x1b, 0x01n, 1n)).toBe(2n);
    expect(run(0x1b, 0xffn, 1n)).toBe(1n << 255n);
    expect(run(0x1b, 0x100n, 1n)).toBe(0n);
    expect(run(0x1b, 0x01n, MASK_256)).toBe(MASK_256 - 1n);
    expect(run(0x1b, 0x101n, MASK_256)).toBe(0n);
  });

  it('SHR (EIP-145 vectors)', () => {
    expect(run(0x1c, 0x01n, 1n << 255n)).toBe(1n << 254n);
    expect(run(0x1c, 0xffn, 1n << 255n)).toBe(1n);
    expect(run(0x1c, 0x100n, 1n << 255n)).toBe(0n);
    expect(run(0x1c, 0xffn, MASK_256)).toBe(1n);
    expect(run(0x1c, 1n << 255n, MASK_256)).toBe(0n);
  });

  it('SAR (EIP-145 vectors)', () => {
    expect(run(0x1d, 0x01n, 1n << 255n)).toBe(0xc000000000000000000000000000000000000000000000000000000000000000n);
    expect(run(0x1d, 0xffn, 1n << 255n)).toBe(MASK_256);
    expect(run(0x1d, 0x100n, 1n << 255n)).toBe(MASK_256);
    expect(run(0x1d, 0x01n, MASK_256)).toBe(MASK_256);
    expect(run(0x1d, 0xfen, 0x4000000000000000000000000000000000000000000000000000000000000000n)).toBe(1n);
    expect(run(0x1d, 0xffn, 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffn)).toBe(0n);
    expect(run(0x1d, 0x100n, 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffn)).toBe(0n);
  });
});
