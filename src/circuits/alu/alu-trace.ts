/**
 * ALU trace generation: from a list of operations, the `alu` table's trace (the operations' rows,
 * then their sub-operation rows: alu-rows.ts), the multiplicity traces of the lookup tables it
 * uses (range8, range16, byteop8), and the `alu` bus messages the operations stand for (what the
 * CPU table, or a standalone statement, sends).
 *
 * Results come from the bigint reference (reference.ts); every gadget value is then derived from
 * the row's operands, and the generator re-checks the MulAdd, Sub and negation identities it
 * fills, so a disagreement between the table's semantics and the reference throws instead of
 * producing a trace the prover would refuse.
 */
import { inv } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { ByteOp, ByteOpCounter, byteOpTable, rangeTable, type BoundaryMessage } from '../../stark/index.ts';
import { ALU_BUS, WORD_LIMBS } from '../buses.ts';
import { aluTable } from './alu-air.ts';
import { ALU_COLUMNS, PROVEN_ALU_OPS, SELECTOR_OF, WORD_BYTES, rowOpcode, type AluRowKind, type ProvenAluOp } from './alu-columns.ts';
import { aluTuple, expandAluRows, wordLimbs, type AluOperation, type AluRow } from './alu-rows.ts';
import { AluOpcode, MAX_U256 } from './reference.ts';

export { aluBusC, aluTuple, byteLength, wordLimbs, type AluOperation, type AluRow } from './alu-rows.ts';

/** Thrown for operations the ALU table does not prove or malformed operands. */
export class AluUnsupportedError extends Error {
  constructor(
    message: string,
    readonly details: { opcode: number; index: number },
  ) {
    super(message);
    this.name = 'AluUnsupportedError';
  }
}

/** Thrown if the table's gadgets disagree with the reference result (a bug, never user input). */
export class AluTraceError extends Error {
  constructor(
    message: string,
    readonly details: { opcode: number; index: number },
  ) {
    super(message);
    this.name = 'AluTraceError';
  }
}

/** Every table an ALU proof needs, in the order to pass to `defineSystem`. */
export const ALU_SYSTEM_TABLES = Object.freeze([aluTable, rangeTable(8), rangeTable(16), byteOpTable(8)]);

/** Traces of the ALU table and its lookups, plus the operations' results. */
export interface AluTraces {
  readonly traces: { alu: RowMajorMatrix; range8: RowMajorMatrix; range16: RowMajorMatrix; byteop8: RowMajorMatrix };
  /** Result of each operation (row i of the ALU trace is operation i). */
  readonly results: bigint[];
  /** Every row (operations, then sub-operations), for tests and diagnostics. */
  readonly rows: readonly AluRow[];
}

const OP_BY_CODE = new Map<number, ProvenAluOp>(PROVEN_ALU_OPS.map((op) => [AluOpcode[op], op]));
const NAME_BY_CODE = new Map<number, string>(Object.entries(AluOpcode).map(([n, c]) => [c, n]));
const C = ALU_COLUMNS;

/** Little-endian bytes of a 256-bit word. */
export function wordBytes(v: bigint): Uint8Array {
  const out = new Uint8Array(WORD_BYTES);
  let x = v;
  for (let k = 0; k < WORD_BYTES; k++) {
    out[k] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function bytesWord(bytes: ArrayLike<number>): bigint {
  let v = 0n;
  for (let k = bytes.length - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[k]!);
  return v;
}

/** The statement's `alu` messages for a standalone ALU proof: one 'send' per operation. */
export function aluBoundary(ops: readonly AluOperation[], results: readonly bigint[]): BoundaryMessage[] {
  return ops.map((op, i) => ({ bus: ALU_BUS, kind: 'send', values: aluTuple(op.opcode, op.a, op.b, results[i]!, op.c ?? 0n) }));
}

/**
 * Throw AluUnsupportedError unless every operation is an ALU opcode with 256-bit operands and a
 * third operand c exactly for ADDMOD/MULMOD.
 */
export function checkAluOperations(ops: readonly AluOperation[]): void {
  ops.forEach((op, index) => {
    const fail = (what: string): never => {
      throw new AluUnsupportedError(`ALU: ${what} (operation ${index})`, { opcode: op.opcode, index });
    };
    const kind = OP_BY_CODE.get(op.opcode);
    if (kind === undefined) {
      const name = NAME_BY_CODE.get(op.opcode);
      fail(name === undefined ? `opcode 0x${op.opcode.toString(16)} is not an ALU operation` : `${name} is not proven yet`);
    }
    const ternary = kind === 'ADDMOD' || kind === 'MULMOD';
    if (ternary && op.c === undefined) fail(`${kind} needs its third operand c`);
    if (!ternary && op.c !== undefined && op.c !== 0n) fail(`${kind} takes no third operand`);
    for (const v of [op.a, op.b, op.c ?? 0n]) {
      if (v < 0n || v > MAX_U256) fail('operand is not a 256-bit word');
    }
  });
}

/**
 * Build the ALU trace (height: the next power of two ≥ max(rows + 1, minHeight), so at least one
 * padding row) and its lookup multiplicities. Refuses non-ALU opcodes with AluUnsupportedError.
 */
export function aluTraces(ops: readonly AluOperation[], minHeight = 2): AluTraces {
  checkAluOperations(ops);
  const rows = expandAluRows(ops, (code) => OP_BY_CODE.get(code)!);
  let height = 2;
  while (height < Math.max(rows.length + 1, minHeight)) height *= 2;
  const m = RowMajorMatrix.zeros(height, C.width);
  for (let i = 0; i < height; i++) fillRow(m.row(i), rows[i] ?? null, i);
  return { traces: { alu: m, ...aluLookupTraces(m) }, results: rows.slice(0, ops.length).map((r) => r.result), rows };
}

/** The claimed result of row `row` of an ALU trace (its r bytes). */
export function aluTraceResult(trace: RowMajorMatrix, row: number): bigint {
  return bytesWord(C.r.map((col) => trace.get(row, col)));
}

const ZERO_WORD = new Uint8Array(WORD_BYTES);

/** Two's-complement negation mod 2^256. */
function negate(v: bigint): bigint {
  return (MAX_U256 + 1n - v) & MAX_U256;
}

function fillRow(row: Uint32Array, spec: AluRow | null, index: number): void {
  const kind: AluRowKind | null = spec?.kind ?? null;
  const fail = (what: string): never => {
    const opcode = kind === null ? 0 : rowOpcode(kind);
    throw new AluTraceError(`ALU trace: ${what} (row ${index}, ${kind})`, { opcode, index });
  };
  const is = (...names: AluRowKind[]): boolean => kind !== null && names.includes(kind);
  const a = spec?.a ?? 0n;
  const b = spec?.b ?? 0n;
  const r = spec?.result ?? 0n;
  if (kind !== null) row[C.sel[SELECTOR_OF[kind]]!] = 1;
  const ab = wordBytes(a);
  const bb = wordBytes(b);
  const rb = wordBytes(r);
  const put = (cols: readonly number[], bytes: ArrayLike<number>): void => cols.forEach((col, k) => (row[col] = bytes[k]!));
  put(C.a, ab);
  put(C.b, bb);
  put(C.r, rb);
  const sa = ab[31]! >> 7;
  const sb = bb[31]! >> 7;
  row[C.sa] = sa;
  row[C.sb] = sb;
  const signed = is('SDIV', 'SMOD');

  // Index gadget.
  const low = ab[0]!;
  for (let i = 0; i < 8; i++) row[C.bits[i]!] = (low >> i) & 1;
  row[C.pw] = 1 << (low & 7);
  row[C.hi3zero] = low >> 5 === 0 ? 1 : 0;
  let highSum = 0;
  for (let k = 1; k < WORD_BYTES; k++) highSum += ab[k]!;
  const small = highSum === 0;
  row[C.small] = small ? 1 : 0;
  row[C.smallInv] = small ? 0 : inv(highSum);
  const lt32 = small && low < 32;
  row[C.lt32] = lt32 ? 1 : 0;
  let position = -1;
  if (is('SHL', 'SHR', 'SAR') && small) position = low >> 3;
  if (is('BYTE') && lt32) position = 31 - low;
  if (is('SIGNEXTEND') && lt32) position = low;
  if (is('EXP')) for (let k = 0; k < WORD_BYTES; k++) if (bb[k] !== 0) position = k;
  if (position >= 0) row[C.onehot[position]!] = 1;
  const picked = position >= 0 ? bb[position]! : 0;
  row[C.picked] = picked;
  row[C.psign] = picked >> 7;
  if (is('EXP') && position >= 0) row[C.pickedInv] = inv(picked);
  if (is('EXP') && spec!.c !== BigInt(position + 1)) fail('exponent byte length disagrees with the bus word');

  // MulAdd operands per row kind (docs/circuits.md, "ALU").
  const flip = (v: Uint8Array, s: number): Uint8Array => (s === 1 ? v.map((x) => 255 - x) : v);
  const pow: Uint8Array = new Uint8Array(WORD_BYTES);
  if (is('SHL', 'SHR', 'SAR') && position >= 0) pow[position] = 1 << (low & 7);
  const one = wordBytes(1n);
  let x: Uint8Array = ZERO_WORD;
  let y: Uint8Array = ZERO_WORD;
  let z: Uint8Array = ZERO_WORD;
  let w: Uint8Array = ZERO_WORD;
  let aux = 0n;
  let expHalf = 0n;
  if (is('ADD', 'ADDFULL')) [x, y, z, w] = [ab, one, bb, rb];
  if (is('SUB')) [x, y, z, w] = [bb, one, rb, ab];
  if (is('MUL', 'MULFULL')) [x, y, z, w] = [ab, bb, ZERO_WORD, rb];
  if (is('SHL')) [x, y, z, w] = [bb, pow, ZERO_WORD, rb];
  if (is('DIV', 'MOD', 'SHR', 'SAR')) {
    const dividend = is('DIV', 'MOD') ? ab : is('SHR') ? bb : flip(bb, sb);
    const divisor = is('DIV', 'MOD') ? bb : pow;
    const dv = bytesWord(divisor);
    const quotient = dv === 0n ? 0n : bytesWord(dividend) / dv;
    x = is('MOD') ? wordBytes(quotient) : is('SAR') ? flip(rb, sb) : rb;
    if (bytesWord(x) !== quotient) fail('quotient disagrees with the reference result');
    y = divisor;
    z = wordBytes(bytesWord(dividend) - quotient * dv);
    w = dividend;
  }
  let magnitude = 0n;
  if (signed) {
    // |q|·|b| + |rem| = |a| with y = b or ~b (|b| = y + sb) and w = a or 0 (h = sa).
    const absA = sa === 1 ? negate(a) : a;
    const absB = sb === 1 ? negate(b) : b;
    const quotient = absB === 0n ? 0n : absA / absB;
    const rem = absA - quotient * absB;
    [x, y, z, w] = [wordBytes(quotient), flip(bb, sb), wordBytes(rem), sa === 1 ? ZERO_WORD : ab];
    magnitude = is('SDIV') ? quotient : absB === 0n ? 0n : rem;
  }
  if (is('ADDMOD', 'MULMOD')) {
    const modulus = spec!.c;
    aux = modulus === 0n ? 0n : a % modulus;
    const total = is('ADDMOD') ? aux + b : aux * b;
    const quotient = modulus === 0n ? 0n : total / modulus;
    [x, y, z, w] = [wordBytes(quotient), wordBytes(modulus), wordBytes(total - quotient * modulus), wordBytes(total & MAX_U256)];
  }
  if (is('EXP', 'EXPSTEP')) {
    expHalf = b >> 1n;
    const bit = Number(b & 1n);
    row[C.expBit] = bit;
    if (expHalf !== 0n) aux = (a * a) & MAX_U256;
    // x = aux^(b >> 1): the result of the EXPSTEP row this one sends (1 when b < 2).
    const rest = spec!.halfPower;
    if (rest === undefined) fail('EXP row without its half power');
    [x, y, z, w] = [wordBytes(rest!), bit === 1 ? ab : one, ZERO_WORD, rb];
  }
  wordLimbs(aux).forEach((l, j) => (row[C.aux[j]!] = l));
  put(C.x, x);
  put(C.y, y);
  put(C.z, z);
  put(C.w, w);
  // MulAdd carries and high half, recomputed from x, y, z'; the low half must equal w.
  let carry = 0;
  for (let k = 0; k < 2 * WORD_BYTES; k++) {
    let s = carry + (k < WORD_BYTES ? z[k]! + (signed ? sb * x[k]! + sa * ab[k]! : 0) : 0);
    for (let i = Math.max(0, k - (WORD_BYTES - 1)); i <= Math.min(k, WORD_BYTES - 1); i++) s += x[i]! * y[k - i]!;
    const out = s & 0xff;
    carry = s >>> 8;
    if (k < WORD_BYTES) {
      if (out !== w[k]) fail('MulAdd low half disagrees with the reference result');
    } else row[C.h[k - WORD_BYTES]!] = out;
    if (k < 2 * WORD_BYTES - 1) row[C.cm[k]!] = carry;
  }
  if (carry !== 0) fail('MulAdd overflow');
  const high = bytesWord(C.h.map((col) => row[col]!));
  if (is('MULFULL', 'ADDFULL') && high !== spec!.c) fail('high half disagrees with the bus word');
  if (is('DIV', 'MOD', 'SHR', 'SAR') && high !== 0n) fail('division high half is not zero');
  if (signed && high !== BigInt(sa)) fail('signed division high half is not the sign of a');
  let divisorSum = signed ? sb : 0;
  for (let k = 0; k < WORD_BYTES; k++) divisorSum += y[k]!;
  row[C.divZero] = divisorSum === 0 ? 1 : 0;
  row[C.divInv] = divisorSum === 0 ? 0 : inv(divisorSum);

  fillSub(row, spec, { ab, bb, y, z, sa, sb, expHalf }, fail);
  if (signed) fillNegation(row, spec!, magnitude, sa, sb, fail);
}

interface SubInputs {
  readonly ab: Uint8Array;
  readonly bb: Uint8Array;
  readonly y: Uint8Array;
  readonly z: Uint8Array;
  readonly sa: number;
  readonly sb: number;
  readonly expHalf: bigint;
}

/** Sub gadget: diff = u − v mod 2^256 over 16-bit limbs (EXP: diff = b >> 1 with 2·diff + bit = b). */
function fillSub(row: Uint32Array, spec: AluRow | null, s: SubInputs, fail: (what: string) => never): void {
  const kind = spec?.kind ?? null;
  const is = (...names: AluRowKind[]): boolean => kind !== null && names.includes(kind);
  const flipSign = (v: Uint8Array, sign: number): Uint8Array => {
    const out = v.slice();
    out[31] = v[31]! + 128 - 256 * sign;
    return out;
  };
  let diff: Uint8Array = ZERO_WORD;
  let borrow = 0;
  if (is('EXP', 'EXPSTEP')) {
    diff = wordBytes(s.expHalf);
    const bit = row[C.expBit]!;
    for (let j = 0; j < WORD_LIMBS; j++) {
      const half = diff[2 * j]! + 256 * diff[2 * j + 1]!;
      const total = 2 * half + (j === 0 ? bit : 0) + borrow;
      borrow = total >= 65536 ? 1 : 0;
      if (total - 65536 * borrow !== s.bb[2 * j]! + 256 * s.bb[2 * j + 1]!) fail('exponent halving disagrees');
      row[C.cs[j]!] = borrow;
    }
    if (borrow !== 0) fail('exponent halving overflows');
  } else {
    let u: Uint8Array = ZERO_WORD;
    let v: Uint8Array = ZERO_WORD;
    if (is('LT', 'EQ')) [u, v] = [s.ab, s.bb];
    if (is('ISZERO')) [u, v] = [s.ab, ZERO_WORD];
    if (is('GT')) [u, v] = [s.bb, s.ab];
    if (is('SLT')) [u, v] = [flipSign(s.ab, s.sa), flipSign(s.bb, s.sb)];
    if (is('SGT')) [u, v] = [flipSign(s.bb, s.sb), flipSign(s.ab, s.sa)];
    if (is('DIV', 'MOD', 'SHR', 'SAR', 'ADDMOD', 'MULMOD')) [u, v] = [s.z, s.y];
    if (is('SDIV', 'SMOD')) [u, v] = s.sb === 1 ? [s.y, s.z] : [s.z, s.y];
    diff = new Uint8Array(WORD_BYTES);
    for (let j = 0; j < WORD_LIMBS; j++) {
      let d = u[2 * j]! + 256 * u[2 * j + 1]! - (v[2 * j]! + 256 * v[2 * j + 1]!) - borrow;
      borrow = d < 0 ? 1 : 0;
      if (d < 0) d += 65536;
      diff[2 * j] = d & 0xff;
      diff[2 * j + 1] = d >> 8;
      row[C.cs[j]!] = borrow;
    }
  }
  let diffSum = 0;
  diff.forEach((d, k) => {
    row[C.diff[k]!] = d;
    diffSum += d;
  });
  row[C.diffZero] = diffSum === 0 ? 1 : 0;
  row[C.diffInv] = diffSum === 0 ? 0 : inv(diffSum);
  const divZero = row[C.divZero]!;
  if (is('DIV', 'MOD', 'SHR', 'SAR', 'ADDMOD', 'MULMOD', 'SDIV', 'SMOD')) {
    const want = is('SDIV', 'SMOD') && s.sb === 1 ? 0 : 1 - divZero;
    if (borrow !== want) fail('remainder not below divisor');
  }
}

/** SDIV/SMOD result = magnitude, negated (two's complement over 16-bit limbs) when negSign = 1. */
function fillNegation(row: Uint32Array, spec: AluRow, magnitude: bigint, sa: number, sb: number, fail: (what: string) => never): void {
  const negSign = spec.kind === 'SDIV' ? sa ^ sb : sa;
  row[C.negSign] = negSign;
  const mag = wordLimbs(magnitude);
  const res = wordLimbs(spec.result);
  let carry = negSign;
  for (let j = 0; j < WORD_LIMBS; j++) {
    row[C.mag[j]!] = mag[j]!;
    const total = (negSign === 1 ? 65535 - mag[j]! : mag[j]!) + carry;
    carry = total >= 65536 ? 1 : 0;
    if (total - 65536 * carry !== res[j]) fail('signed result disagrees with the reference result');
    row[C.negCarry[j]!] = carry;
  }
}

/**
 * Lookup multiplicities read back from an ALU trace (the same cells the AIR sends). A value with no
 * table row (an out-of-range byte or carry) is left out, so the bus imbalance exposes it.
 */
export function aluLookupTraces(m: RowMajorMatrix): { range8: RowMajorMatrix; range16: RowMajorMatrix; byteop8: RowMajorMatrix } {
  const range8 = new Uint32Array(256);
  const range16 = new Uint32Array(65536);
  const byteOps = new ByteOpCounter(8);
  const ranged8 = [C.a, C.b, C.r, C.x, C.y, C.z, C.w, C.h, C.diff].flat();
  const bitwiseOp: Partial<Record<number, ByteOp>> = {
    [C.sel[SELECTOR_OF.AND]!]: ByteOp.And,
    [C.sel[SELECTOR_OF.OR]!]: ByteOp.Or,
    [C.sel[SELECTOR_OF.XOR]!]: ByteOp.Xor,
  };
  for (let i = 0; i < m.height; i++) {
    const row = m.row(i);
    for (const col of ranged8) if (row[col]! < 256) range8[row[col]!]! += 1;
    for (const col of C.cm) if (row[col]! < 65536) range16[row[col]!]! += 1;
    byteOps.record(ByteOp.And, row[C.a[31]!]!, 128);
    byteOps.record(ByteOp.And, row[C.b[31]!]!, 128);
    byteOps.record(ByteOp.And, row[C.picked]!, 128);
    for (const [selCol, op] of Object.entries(bitwiseOp)) {
      if (row[Number(selCol)] !== 1) continue;
      for (let k = 0; k < WORD_BYTES; k++) byteOps.record(op!, row[C.a[k]!]!, row[C.b[k]!]!);
    }
  }
  return {
    range8: new RowMajorMatrix(range8, 1),
    range16: new RowMajorMatrix(range16, 1),
    byteop8: byteOps.trace(),
  };
}
