/**
 * The rows an ALU proof needs: one per operation the CPU sends, plus the sub-operation rows that
 * ADDMOD, MULMOD and EXP rows send to the table itself (alu-columns.ts). Also the `alu` bus tuple
 * of an operation, whose c component is the modulus for ADDMOD/MULMOD and the exponent's byte
 * length for EXP.
 */
import { ALU_TUPLE, WORD_LIMBS } from '../buses.ts';
import type { AluRowKind, ProvenAluOp } from './alu-columns.ts';
import { AluOpcode, MAX_U256, aluReference } from './reference.ts';

/**
 * One ALU operation as the CPU issues it: a = μs[0], b = μs[1] (0 for unary opcodes),
 * c = μs[2] for ADDMOD/MULMOD (absent or 0 for every other opcode).
 */
export interface AluOperation {
  readonly opcode: number;
  readonly a: bigint;
  readonly b: bigint;
  readonly c?: bigint;
}

/** One row of the ALU table: its kind, operands, bus c component and result. */
export interface AluRow {
  readonly kind: AluRowKind;
  readonly a: bigint;
  readonly b: bigint;
  /** The bus c word (modulus, MULFULL/ADDFULL high word, EXP byte length, else 0). */
  readonly c: bigint;
  readonly result: bigint;
  /** EXP/EXPSTEP: (a²)^(b >> 1) mod 2^256, the result of the EXPSTEP row it sends (1 if b < 2). */
  readonly halfPower?: bigint;
}

/** Number of bytes of b without its leading zero bytes (EXP charges 50 gas per byte). */
export function byteLength(b: bigint): number {
  let n = 0;
  for (let v = b; v > 0n; v >>= 8n) n++;
  return n;
}

/** The `alu` bus c word of an operation: the modulus, EXP's exponent byte length, or 0. */
export function aluBusC(opcode: number, b: bigint, c = 0n): bigint {
  if (opcode === AluOpcode.ADDMOD || opcode === AluOpcode.MULMOD) return c;
  if (opcode === AluOpcode.EXP) return BigInt(byteLength(b));
  return 0n;
}

/** The sixteen 16-bit bus limbs of a word, little-endian. */
export function wordLimbs(v: bigint): number[] {
  const out: number[] = [];
  let x = v;
  for (let j = 0; j < WORD_LIMBS; j++) {
    out.push(Number(x & 0xffffn));
    x >>= 16n;
  }
  return out;
}

/**
 * The `alu` bus tuple of one operation: (opcode, a, b, aluBusC(opcode, b, c), result). `c` is
 * μs[2] of ADDMOD/MULMOD and ignored otherwise.
 */
export function aluTuple(opcode: number, a: bigint, b: bigint, result: bigint, c = 0n): number[] {
  return rowTuple(opcode, a, b, aluBusC(opcode, b, c), result);
}

/** The bus tuple of a row given its bus c word. */
export function rowTuple(opcode: number, a: bigint, b: bigint, c: bigint, result: bigint): number[] {
  const t = new Array<number>(ALU_TUPLE.arity).fill(0);
  t[ALU_TUPLE.opcode] = opcode;
  wordLimbs(a).forEach((l, j) => (t[ALU_TUPLE.a + j] = l));
  wordLimbs(b).forEach((l, j) => (t[ALU_TUPLE.b + j] = l));
  wordLimbs(c).forEach((l, j) => (t[ALU_TUPLE.c + j] = l));
  wordLimbs(result).forEach((l, j) => (t[ALU_TUPLE.result + j] = l));
  return t;
}

/**
 * The rows of a list of (already validated) operations: rows 0..n−1 are the operations in order,
 * followed by every sub-operation row they need (ADDMOD/MULMOD: 2 rows; EXP with a b-bit exponent:
 * b − 1 EXPSTEP rows and b − 1 squaring MUL rows). Results come from the bigint reference.
 */
export function expandAluRows(ops: readonly AluOperation[], kindOf: (opcode: number) => ProvenAluOp): AluRow[] {
  const top: AluRow[] = [];
  const sub: AluRow[] = [];
  for (const op of ops) {
    const kind = kindOf(op.opcode);
    const c = op.c ?? 0n;
    const result = aluReference(op.opcode, op.a, op.b, c);
    const row: AluRow = { kind, a: op.a, b: op.b, c: aluBusC(op.opcode, op.b, c), result };
    top.push(kind === 'EXP' ? { ...row, halfPower: pushExpSteps(sub, op.a, op.b) } : row);
    if (kind === 'ADDMOD' || kind === 'MULMOD') {
      const reduced = c === 0n ? 0n : op.a % c;
      sub.push({ kind: 'MOD', a: op.a, b: c, c: 0n, result: reduced });
      const full = kind === 'ADDMOD' ? reduced + op.b : reduced * op.b;
      sub.push({ kind: kind === 'ADDMOD' ? 'ADDFULL' : 'MULFULL', a: reduced, b: op.b, c: full >> 256n, result: full & MAX_U256 });
    }
  }
  return [...top, ...sub];
}

/**
 * Append the squaring and EXPSTEP rows below an EXP row for (base, exponent), results computed
 * bottom-up; returns the EXP row's halfPower (base²)^(exponent >> 1).
 */
function pushExpSteps(out: AluRow[], base: bigint, exponent: bigint): bigint {
  const steps: { base: bigint; exponent: bigint }[] = [];
  let a = base;
  for (let e = exponent >> 1n; e > 0n; e >>= 1n) {
    a = (a * a) & MAX_U256;
    steps.push({ base: a, exponent: e });
  }
  // results[i] = steps[i].base^steps[i].exponent; results[steps.length] = 1 (exponent 0).
  const results = new Array<bigint>(steps.length + 1);
  results[steps.length] = 1n;
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    results[i] = s.exponent & 1n ? (results[i + 1]! * s.base) & MAX_U256 : results[i + 1]!;
  }
  let prev = base;
  steps.forEach((s, i) => {
    out.push({ kind: 'MUL', a: prev, b: prev, c: 0n, result: s.base });
    out.push({ kind: 'EXPSTEP', a: s.base, b: s.exponent, c: 0n, result: results[i]!, halfPower: results[i + 1]! });
    prev = s.base;
  });
  return results[0]!;
}
