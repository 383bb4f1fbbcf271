/**
 * The ALU table's row kinds and column schema (constraints: alu-air.ts; trace: alu-trace.ts;
 * design: docs/circuits.md, "ALU").
 *
 * A row is either one of the 25 EVM ALU operations the CPU sends on the `alu` bus, or one of three
 * internal sub-operations that ADDMOD, MULMOD and EXP rows send to the same table over the same bus
 * (a row proves its relation given that the sub-operations it sends are received by rows that
 * prove theirs). Sub-operation opcodes are ≥ 256, so no EVM opcode byte collides with them:
 *
 * - MULFULL (a, b) → c = high half of a·b, result = low half (the 512-bit product);
 * - ADDFULL (a, b) → c = carry of a + b (0 or 1), result = (a + b) mod 2^256;
 * - EXPSTEP (a, b) → result = a^b mod 2^256 (the recursive step of EXP, whose top row also
 *   reports the exponent's byte length in c, and so cannot be reused for the recursion).
 */
import { schema } from '../../stark/index.ts';
import { WORD_LIMBS } from '../buses.ts';
import { AluOpcode, type AluOpName } from './reference.ts';

/** The EVM operations this table proves, in selector-column order (all 25 ALU opcodes). */
export const PROVEN_ALU_OPS = Object.freeze([
  'ADD',
  'SUB',
  'MUL',
  'DIV',
  'MOD',
  'LT',
  'GT',
  'SLT',
  'SGT',
  'EQ',
  'ISZERO',
  'AND',
  'OR',
  'XOR',
  'NOT',
  'BYTE',
  'SHL',
  'SHR',
  'SAR',
  'SIGNEXTEND',
  'SDIV',
  'SMOD',
  'ADDMOD',
  'MULMOD',
  'EXP',
] as const satisfies readonly AluOpName[]);
/** A proven ALU operation name. */
export type ProvenAluOp = (typeof PROVEN_ALU_OPS)[number];

/** ALU operations the table does not prove yet (none: kept so callers can keep scanning for them). */
export const UNPROVEN_ALU_OPS: readonly AluOpName[] = Object.freeze([]);

/** Opcodes of the internal sub-operations (never EVM opcode bytes). */
export const AluSubOpcode = Object.freeze({
  MULFULL: 0x100,
  ADDFULL: 0x101,
  EXPSTEP: 0x102,
} as const);
/** Name of an internal sub-operation. */
export type AluSubOpName = keyof typeof AluSubOpcode;

/** Every row kind, in selector-column order: the EVM operations, then the sub-operations. */
export const ALU_ROW_KINDS = Object.freeze([...PROVEN_ALU_OPS, 'MULFULL', 'ADDFULL', 'EXPSTEP'] as const);
/** A row kind. */
export type AluRowKind = (typeof ALU_ROW_KINDS)[number];

/** Selector column index (within `ALU_COLUMNS.sel`) of each row kind. */
export const SELECTOR_OF: Readonly<Record<AluRowKind, number>> = Object.freeze(
  Object.fromEntries(ALU_ROW_KINDS.map((op, i) => [op, i])) as Record<AluRowKind, number>,
);

/** The `alu` bus opcode of a row kind. */
export function rowOpcode(kind: AluRowKind): number {
  return kind in AluSubOpcode ? AluSubOpcode[kind as AluSubOpName] : AluOpcode[kind as ProvenAluOp];
}

/** Bytes per word. */
export const WORD_BYTES = 32;

/** Columns of the ALU table. */
export const ALU_COLUMNS = schema({
  /** One-hot row-kind selectors, ALU_ROW_KINDS order. */
  sel: ALU_ROW_KINDS.length,
  a: WORD_BYTES,
  b: WORD_BYTES,
  r: WORD_BYTES,
  /** MulAdd operands x·y + z = w + 2^256·h. */
  x: WORD_BYTES,
  y: WORD_BYTES,
  z: WORD_BYTES,
  w: WORD_BYTES,
  h: WORD_BYTES,
  /** MulAdd byte-column carries. */
  cm: 2 * WORD_BYTES - 1,
  /** Sub gadget difference u − v mod 2^256 and its 16-bit limb borrows. */
  diff: WORD_BYTES,
  cs: WORD_LIMBS,
  /** Sign bits of a and b (top bit of byte 31). */
  sa: 1,
  sb: 1,
  /** Bits of a's low byte (little-endian). */
  bits: 8,
  /** 2^(a mod 8). */
  pw: 1,
  /** 1 iff bits 5..7 of a's low byte are zero. */
  hi3zero: 1,
  /** diff == 0 flag and inverse of Σ diff bytes. */
  diffZero: 1,
  diffInv: 1,
  /** Divisor-zero flag (y == 0, or b == 0 for SDIV/SMOD) and the inverse of its byte sum. */
  divZero: 1,
  divInv: 1,
  /** a < 256 flag (bytes 1..31 zero) and inverse of their sum. */
  small: 1,
  smallInv: 1,
  /** a < 32. */
  lt32: 1,
  /**
   * One-hot byte position (shift byte, BYTE index, SIGNEXTEND index, EXP: b's most significant
   * nonzero byte); all zero when disabled.
   */
  onehot: WORD_BYTES,
  /** Σ onehot_k·b_k and its top bit. */
  picked: 1,
  psign: 1,
  /** EXP: inverse of `picked` (b's top nonzero byte is nonzero); 0 elsewhere. */
  pickedInv: 1,
  /** EXP/EXPSTEP: the exponent's low bit (b = 2·diff + expBit). */
  expBit: 1,
  /**
   * Sub-operation word in 16-bit limbs (bound by the rows that receive it): ADDMOD/MULMOD a mod c,
   * EXP/EXPSTEP a² mod 2^256 (zero when the exponent is 0 or 1); zero on other rows.
   */
  aux: WORD_LIMBS,
  /** SDIV/SMOD: magnitude of the result (|quotient|, or |remainder| unless b = 0) in 16-bit limbs. */
  mag: WORD_LIMBS,
  /** SDIV/SMOD: 1 iff the result is the negation of `mag`. */
  negSign: 1,
  /** SDIV/SMOD: carries of result = (mag ⊕ (2^16−1)·negSign) + negSign over 16-bit limbs. */
  negCarry: WORD_LIMBS,
});
