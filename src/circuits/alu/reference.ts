/**
 * Plain bigint reference semantics of the EVM's 256-bit arithmetic, comparison and bitwise
 * opcodes (yellow paper appendix H; execution-specs `vm/instructions/{arithmetic,comparison,
 * bitwise}.py`). Written for obviousness, not speed: the ALU table's tests compare against it.
 */

/** 2^256. */
export const TWO_256 = 1n << 256n;
/** 2^256 − 1. */
export const MAX_U256 = TWO_256 - 1n;
const SIGN_BIT = 1n << 255n;

/** EVM opcode bytes of the ALU operations (src/evm/opcodes.ts). */
export const AluOpcode = Object.freeze({
  ADD: 0x01,
  MUL: 0x02,
  SUB: 0x03,
  DIV: 0x04,
  SDIV: 0x05,
  MOD: 0x06,
  SMOD: 0x07,
  ADDMOD: 0x08,
  MULMOD: 0x09,
  EXP: 0x0a,
  SIGNEXTEND: 0x0b,
  LT: 0x10,
  GT: 0x11,
  SLT: 0x12,
  SGT: 0x13,
  EQ: 0x14,
  ISZERO: 0x15,
  AND: 0x16,
  OR: 0x17,
  XOR: 0x18,
  NOT: 0x19,
  BYTE: 0x1a,
  SHL: 0x1b,
  SHR: 0x1c,
  SAR: 0x1d,
} as const);
/** Name of an ALU operation. */
export type AluOpName = keyof typeof AluOpcode;

/** Thrown when the reference is asked about a byte that is not an ALU opcode. */
export class AluReferenceError extends Error {
  constructor(
    message: string,
    readonly details: { opcode: number },
  ) {
    super(message);
    this.name = 'AluReferenceError';
  }
}

/** Two's-complement reading of a 256-bit word. */
export function toSigned(x: bigint): bigint {
  return x & SIGN_BIT ? x - TWO_256 : x;
}

/** The 256-bit word of a signed value (mod 2^256). */
export function fromSigned(x: bigint): bigint {
  return ((x % TWO_256) + TWO_256) % TWO_256;
}

/**
 * The EVM result of `opcode` on operands a = μs[0], b = μs[1], c = μs[2] (each in [0, 2^256)).
 * Unary opcodes ignore b and c; binary ones ignore c.
 */
export function aluReference(opcode: number, a: bigint, b: bigint, c = 0n): bigint {
  const m = MAX_U256;
  switch (opcode) {
    case AluOpcode.ADD:
      return (a + b) & m;
    case AluOpcode.MUL:
      return (a * b) & m;
    case AluOpcode.SUB:
      return (a - b) & m;
    case AluOpcode.DIV:
      return b === 0n ? 0n : a / b;
    case AluOpcode.SDIV: {
      if (b === 0n) return 0n;
      // bigint division truncates toward zero, as SDIV requires; −2^255 / −1 wraps to −2^255.
      return fromSigned(toSigned(a) / toSigned(b));
    }
    case AluOpcode.MOD:
      return b === 0n ? 0n : a % b;
    case AluOpcode.SMOD:
      // The result takes the sign of the dividend (bigint % does exactly that).
      return b === 0n ? 0n : fromSigned(toSigned(a) % toSigned(b));
    case AluOpcode.ADDMOD:
      return c === 0n ? 0n : (a + b) % c;
    case AluOpcode.MULMOD:
      return c === 0n ? 0n : (a * b) % c;
    case AluOpcode.EXP: {
      let result = 1n;
      let base = a;
      for (let e = b; e > 0n; e >>= 1n) {
        if (e & 1n) result = (result * base) & m;
        base = (base * base) & m;
      }
      return result;
    }
    case AluOpcode.SIGNEXTEND: {
      if (a >= 31n) return b;
      const bits = 8n * (a + 1n);
      const low = b & ((1n << bits) - 1n);
      return low & (1n << (bits - 1n)) ? (low | (m ^ ((1n << bits) - 1n))) : low;
    }
    case AluOpcode.LT:
      return a < b ? 1n : 0n;
    case AluOpcode.GT:
      return a > b ? 1n : 0n;
    case AluOpcode.SLT:
      return toSigned(a) < toSigned(b) ? 1n : 0n;
    case AluOpcode.SGT:
      return toSigned(a) > toSigned(b) ? 1n : 0n;
    case AluOpcode.EQ:
      return a === b ? 1n : 0n;
    case AluOpcode.ISZERO:
      return a === 0n ? 1n : 0n;
    case AluOpcode.AND:
      return a & b;
    case AluOpcode.OR:
      return a | b;
    case AluOpcode.XOR:
      return a ^ b;
    case AluOpcode.NOT:
      return m ^ a;
    case AluOpcode.BYTE:
      return a >= 32n ? 0n : (b >> (8n * (31n - a))) & 0xffn;
    case AluOpcode.SHL:
      return a >= 256n ? 0n : (b << a) & m;
    case AluOpcode.SHR:
      return a >= 256n ? 0n : b >> a;
    case AluOpcode.SAR:
      // bigint >> on a negative value floors, which is the arithmetic shift.
      return fromSigned(toSigned(b) >> (a >= 256n ? 256n : a));
    default:
      throw new AluReferenceError(`opcode 0x${opcode.toString(16)} is not an ALU operation`, { opcode });
  }
}
