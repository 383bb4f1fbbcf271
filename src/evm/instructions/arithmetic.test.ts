import { describe, expect, it } from 'vitest';
import { Halt } from '../halt.ts';
import { hexToBytes, runBytecode } from '../testing.ts';
import { MASK_256 } from '../words.ts';
import { byteLength } from './arithmetic.ts';
import { expMod256 } from './exp.ts';

const MIN_INT = 1n << 255n; // -2^255
const NEG1 = MASK_256;

/** PUSH32 of a word. */
function push(v: bigint): string {
  return '7f' + v.toString(16).padStart(64, '0');
}

/** Runs `op` on operands given top-first and returns the single result. */
function binop(op: number, a: bigint, b: bigint, c?: bigint): bigint {
  const code = (c === undefined ? '' : push(c)) + push(b) + push(a) + op.toString(16).padStart(2, '0') + '00';
  const r = runBytecode(hexToBytes(code));
  expect(r.halt).toBe(Halt.Stop);
  expect(r.stack.length).toBe(1);
  return r.stack[0]!;
}

describe('arithmetic', () => {
  it('ADD/SUB/MUL wrap modulo 2^256', () => {
    expect(binop(0x01, MASK_256, 2n)).toBe(1n);
    expect(binop(0x03, 0n, 1n)).toBe(MASK_256);
    expect(binop(0x02, 1n << 255n, 2n)).toBe(0n);
    expect(binop(0x02, 7n, 6n)).toBe(42n);
  });

  it('DIV/MOD by zero give zero', () => {
    expect(binop(0x04, 10n, 0n)).toBe(0n);
    expect(binop(0x06, 10n, 0n)).toBe(0n);
    expect(binop(0x04, 10n, 3n)).toBe(3n);
    expect(binop(0x06, 10n, 3n)).toBe(1n);
  });

  it('SDIV truncates toward zero and handles the overflow case', () => {
    expect(binop(0x05, NEG1 - 9n, 3n)).toBe(NEG1 - 2n); // -10 / 3 = -3
    expect(binop(0x05, 10n, NEG1 - 2n)).toBe(NEG1 - 2n); // 10 / -3 = -3
    expect(binop(0x05, MIN_INT, NEG1)).toBe(MIN_INT); // -2^255 / -1 = -2^255
    expect(binop(0x05, MIN_INT, 0n)).toBe(0n);
    expect(binop(0x05, NEG1 - 9n, NEG1 - 2n)).toBe(3n); // -10 / -3 = 3
  });

  it('SMOD takes the sign of the dividend', () => {
    expect(binop(0x07, NEG1 - 9n, 3n)).toBe(NEG1); // -10 % 3 = -1
    expect(binop(0x07, 10n, NEG1 - 2n)).toBe(1n); // 10 % -3 = 1
    expect(binop(0x07, MIN_INT, NEG1)).toBe(0n);
    expect(binop(0x07, 5n, 0n)).toBe(0n);
  });

  it('ADDMOD/MULMOD do not wrap the intermediate', () => {
    expect(binop(0x08, MASK_256, 2n, 10n)).toBe((MASK_256 + 2n) % 10n);
    expect(binop(0x09, MASK_256, MASK_256, 12n)).toBe((MASK_256 * MASK_256) % 12n);
    expect(binop(0x08, 1n, 2n, 0n)).toBe(0n);
    expect(binop(0x09, 1n, 2n, 0n)).toBe(0n);
  });

  it('SIGNEXTEND', () => {
    expect(binop(0x0b, 0n, 0xffn)).toBe(NEG1);
    expect(binop(0x0b, 0n, 0x7fn)).toBe(0x7fn);
    expect(binop(0x0b, 1n, 0x12f234n)).toBe(0xf234n | (MASK_256 ^ 0xffffn));
    expect(binop(0x0b, 31n, 0x80n)).toBe(0x80n);
    expect(binop(0x0b, 1000n, 0xffn)).toBe(0xffn);
    expect(binop(0x0b, 0n, 0x1234n)).toBe(0x34n);
  });

  it('EXP value and gas: 10 + 50 per exponent byte', () => {
    expect(binop(0x0a, 2n, 255n)).toBe(1n << 255n);
    expect(binop(0x0a, 2n, 256n)).toBe(0n);
    expect(binop(0x0a, 3n, 0n)).toBe(1n);
    expect(binop(0x0a, 0n, 0n)).toBe(1n);
    expect(expMod256(3n, 5n)).toBe(243n);
    expect(expMod256(NEG1, 3n)).toBe(NEG1);
    expect(byteLength(0n)).toBe(0);
    expect(byteLength(0xffn)).toBe(1);
    expect(byteLength(0x100n)).toBe(2);
    // PUSH1 0x0102 exponent (2 bytes): PUSH2 0x0102, PUSH1 3, EXP = 3 + 3 + 10 + 100
    const r = runBytecode(hexToBytes('610102' + '6003' + '0a'));
    expect(r.gasUsed).toBe(3n + 3n + 10n + 100n);
  });
});
