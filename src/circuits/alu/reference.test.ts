import { describe, expect, it } from 'vitest';
import { AluOpcode, AluReferenceError, MAX_U256, aluReference, fromSigned } from './reference.ts';

const H = (s: string): bigint => BigInt(`0x${s}`);
const TOP = 1n << 255n;

describe('ALU bigint reference', () => {
  it('matches the EIP-145 shift test vectors (eips.ethereum.org/EIPS/eip-145, "Test Cases")', () => {
    const ones = MAX_U256;
    const maxPos = TOP - 1n;
    const cases: [number, bigint, bigint, bigint][] = [
      [AluOpcode.SHL, 1n, 0x00n, 1n],
      [AluOpcode.SHL, 1n, 0x01n, 2n],
      [AluOpcode.SHL, 1n, 0xffn, TOP],
      [AluOpcode.SHL, 1n, 0x100n, 0n],
      [AluOpcode.SHL, 1n, 0x101n, 0n],
      [AluOpcode.SHL, ones, 0x00n, ones],
      [AluOpcode.SHL, ones, 0x01n, ones - 1n],
      [AluOpcode.SHL, ones, 0xffn, TOP],
      [AluOpcode.SHL, ones, 0x100n, 0n],
      [AluOpcode.SHL, 0n, 0x01n, 0n],
      [AluOpcode.SHL, maxPos, 0x01n, ones - 1n],
      [AluOpcode.SHR, 1n, 0x00n, 1n],
      [AluOpcode.SHR, 1n, 0x01n, 0n],
      [AluOpcode.SHR, TOP, 0x01n, 1n << 254n],
      [AluOpcode.SHR, TOP, 0xffn, 1n],
      [AluOpcode.SHR, TOP, 0x100n, 0n],
      [AluOpcode.SHR, TOP, 0x101n, 0n],
      [AluOpcode.SHR, ones, 0x00n, ones],
      [AluOpcode.SHR, ones, 0x01n, maxPos],
      [AluOpcode.SHR, ones, 0xffn, 1n],
      [AluOpcode.SHR, ones, 0x100n, 0n],
      [AluOpcode.SHR, 0n, 0x01n, 0n],
      [AluOpcode.SAR, 1n, 0x00n, 1n],
      [AluOpcode.SAR, 1n, 0x01n, 0n],
      [AluOpcode.SAR, TOP, 0x01n, H('c' + '0'.repeat(63))],
      [AluOpcode.SAR, TOP, 0xffn, ones],
      [AluOpcode.SAR, TOP, 0x100n, ones],
      [AluOpcode.SAR, TOP, 0x101n, ones],
      [AluOpcode.SAR, ones, 0x00n, ones],
      [AluOpcode.SAR, ones, 0x01n, ones],
      [AluOpcode.SAR, ones, 0xffn, ones],
      [AluOpcode.SAR, ones, 0x100n, ones],
      [AluOpcode.SAR, 0n, 0x01n, 0n],
      [AluOpcode.SAR, 1n << 254n, 0xfen, 1n],
      [AluOpcode.SAR, maxPos, 0xf8n, 0x7fn],
      [AluOpcode.SAR, maxPos, 0xfen, 1n],
      [AluOpcode.SAR, maxPos, 0xffn, 0n],
      [AluOpcode.SAR, maxPos, 0x100n, 0n],
    ];
    // EIP-145 lists (value, shift); on the stack the shift is μs[0] = a and the value μs[1] = b.
    for (const [op, value, shift, want] of cases) expect(aluReference(op, shift, value)).toBe(want);
  });

  it('follows the yellow paper on division, signed ops, SIGNEXTEND and BYTE', () => {
    expect(aluReference(AluOpcode.DIV, 7n, 0n)).toBe(0n);
    expect(aluReference(AluOpcode.MOD, 7n, 0n)).toBe(0n);
    expect(aluReference(AluOpcode.DIV, 100n, 7n)).toBe(14n);
    expect(aluReference(AluOpcode.MOD, 100n, 7n)).toBe(2n);
    expect(aluReference(AluOpcode.SDIV, TOP, MAX_U256)).toBe(TOP); // −2^255 / −1 overflows to −2^255
    expect(aluReference(AluOpcode.SDIV, fromSigned(-7n), 2n)).toBe(fromSigned(-3n));
    expect(aluReference(AluOpcode.SMOD, fromSigned(-7n), 2n)).toBe(fromSigned(-1n));
    expect(aluReference(AluOpcode.ADDMOD, MAX_U256, 2n, 3n)).toBe(((1n << 256n) + 1n) % 3n);
    expect(aluReference(AluOpcode.MULMOD, MAX_U256, MAX_U256, 12n)).toBe((MAX_U256 * MAX_U256) % 12n);
    expect(aluReference(AluOpcode.EXP, 2n, 255n)).toBe(TOP);
    expect(aluReference(AluOpcode.EXP, 3n, 0n)).toBe(1n);
    expect(aluReference(AluOpcode.SIGNEXTEND, 0n, 0xffn)).toBe(MAX_U256);
    expect(aluReference(AluOpcode.SIGNEXTEND, 0n, 0x7fn)).toBe(0x7fn);
    expect(aluReference(AluOpcode.SIGNEXTEND, 1n, 0x1280n)).toBe(0x1280n);
    expect(aluReference(AluOpcode.SIGNEXTEND, 1n, 0xab8000n)).toBe(MAX_U256 - 0x7fffn);
    expect(aluReference(AluOpcode.SIGNEXTEND, 31n, 5n)).toBe(5n);
    expect(aluReference(AluOpcode.SIGNEXTEND, 1000n, TOP)).toBe(TOP);
    expect(aluReference(AluOpcode.BYTE, 31n, 0xabcdn)).toBe(0xcdn);
    expect(aluReference(AluOpcode.BYTE, 0n, TOP)).toBe(0x80n);
    expect(aluReference(AluOpcode.BYTE, 32n, MAX_U256)).toBe(0n);
    expect(aluReference(AluOpcode.SLT, MAX_U256, 0n)).toBe(1n);
    expect(aluReference(AluOpcode.SGT, MAX_U256, 0n)).toBe(0n);
    expect(aluReference(AluOpcode.SUB, 0n, 1n)).toBe(MAX_U256);
    expect(() => aluReference(0x20, 0n, 0n)).toThrow(AluReferenceError);
  });

  it('follows the yellow paper on SDIV/SMOD signs, zero moduli and EXP edges', () => {
    const s = fromSigned;
    expect(aluReference(AluOpcode.SDIV, s(7n), s(-2n))).toBe(s(-3n)); // truncation toward zero
    expect(aluReference(AluOpcode.SDIV, s(-7n), s(-2n))).toBe(3n);
    expect(aluReference(AluOpcode.SDIV, TOP, 1n)).toBe(TOP);
    expect(aluReference(AluOpcode.SDIV, s(-7n), 0n)).toBe(0n);
    expect(aluReference(AluOpcode.SMOD, s(-8n), s(-3n))).toBe(s(-2n)); // sign of the dividend
    expect(aluReference(AluOpcode.SMOD, 8n, s(-3n))).toBe(2n);
    expect(aluReference(AluOpcode.SMOD, TOP, MAX_U256)).toBe(0n);
    expect(aluReference(AluOpcode.SMOD, s(-8n), 0n)).toBe(0n);
    expect(aluReference(AluOpcode.ADDMOD, 5n, 6n, 0n)).toBe(0n);
    expect(aluReference(AluOpcode.MULMOD, 5n, 6n, 0n)).toBe(0n);
    expect(aluReference(AluOpcode.MULMOD, MAX_U256, MAX_U256, 1n)).toBe(0n);
    expect(aluReference(AluOpcode.ADDMOD, MAX_U256, MAX_U256, MAX_U256)).toBe(0n);
    expect(aluReference(AluOpcode.ADDMOD, MAX_U256, 1n, 2n)).toBe(0n); // 2^256 is even: no wrap first
    expect(aluReference(AluOpcode.EXP, 0n, 0n)).toBe(1n);
    expect(aluReference(AluOpcode.EXP, 0n, TOP)).toBe(0n);
    expect(aluReference(AluOpcode.EXP, 1n, MAX_U256)).toBe(1n);
    expect(aluReference(AluOpcode.EXP, 2n, TOP)).toBe(0n);
    expect(aluReference(AluOpcode.EXP, MAX_U256, 2n)).toBe(1n); // (−1)² = 1
    expect(aluReference(AluOpcode.EXP, MAX_U256, 3n)).toBe(MAX_U256);
  });
});
