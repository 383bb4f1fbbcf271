import { describe, expect, it } from 'vitest';
import { hexToBytes, runBytecode } from '../testing.ts';
import { MASK_256 } from '../words.ts';

function push(v: bigint): string {
  return '7f' + v.toString(16).padStart(64, '0');
}

function run(op: number, ...operands: bigint[]): bigint {
  const code = operands.slice().reverse().map(push).join('') + op.toString(16).padStart(2, '0') + '00';
  return runBytecode(hexToBytes(code)).stack[0]!;
}

const NEG1 = MASK_256;
const MIN_INT = 1n << 255n;

describe('comparison', () => {
  it('LT/GT are unsigned', () => {
    expect(run(0x10, 1n, 2n)).toBe(1n);
    expect(run(0x10, 2n, 1n)).toBe(0n);
    expect(run(0x10, 1n, 1n)).toBe(0n);
    expect(run(0x11, NEG1, 1n)).toBe(1n);
    expect(run(0x11, 1n, NEG1)).toBe(0n);
  });

  it('SLT/SGT are two\'s complement', () => {
    expect(run(0x12, NEG1, 1n)).toBe(1n); // -1 < 1
    expect(run(0x12, 1n, NEG1)).toBe(0n);
    expect(run(0x12, MIN_INT, NEG1)).toBe(1n); // -2^255 < -1
    expect(run(0x13, 1n, NEG1)).toBe(1n);
    expect(run(0x13, MIN_INT - 1n, MIN_INT)).toBe(1n); // 2^255-1 > -2^255
    expect(run(0x13, NEG1, NEG1)).toBe(0n);
  });

  it('EQ/ISZERO', () => {
    expect(run(0x14, NEG1, NEG1)).toBe(1n);
    expect(run(0x14, NEG1, 0n)).toBe(0n);
    expect(run(0x15, 0n)).toBe(1n);
    expect(run(0x15, MIN_INT)).toBe(0n);
  });
});
