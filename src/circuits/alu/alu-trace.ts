/**
 * ALU trace generation: from a list of operations, the `alu` table's trace, the multiplicity
 * traces of the lookup tables it uses (range8, range16, byteop8), and the `alu` bus messages the
 * operations stand for (what the CPU table, or a standalone statement, sends).
 *
 * Results come from the bigint reference (reference.ts); every gadget value is then derived from
 * the row's operands, and the generator re-checks the MulAdd and Sub identities it fills, so a
 * disagreement between the table's semantics and the reference throws instead of producing a trace
 * the prover would refuse.
 */
import { inv } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import {
  ByteOp,
  ByteOpCounter,
  byteOpTable,
  rangeTable,
  type BoundaryMessage,
} from '../../stark/index.ts';
import { ALU_BUS, ALU_TUPLE, WORD_LIMBS } from '../buses.ts';
import { ALU_COLUMNS, PROVEN_ALU_OPS, SELECTOR_OF, WORD_BYTES, aluTable, type ProvenAluOp } from './alu-air.ts';
import { AluOpcode, MAX_U256, aluReference } from './reference.ts';

/** One ALU operation as the CPU issues it: a = μs[0], b = μs[1] (0 for unary opcodes). */
export interface AluOperation {
  readonly opcode: number;
  readonly a: bigint;
  readonly b: bigint;
}

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
  readonly results: bigint[];
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

/** The `alu` bus tuple of one operation (c is zero for every proven opcode). */
export function aluTuple(opcode: number, a: bigint, b: bigint, result: bigint): number[] {
  const t = new Array<number>(ALU_TUPLE.arity).fill(0);
  t[ALU_TUPLE.opcode] = opcode;
  wordLimbs(a).forEach((l, j) => (t[ALU_TUPLE.a + j] = l));
  wordLimbs(b).forEach((l, j) => (t[ALU_TUPLE.b + j] = l));
  wordLimbs(result).forEach((l, j) => (t[ALU_TUPLE.result + j] = l));
  return t;
}

/** The statement's `alu` messages for a standalone ALU proof: one 'send' per operation. */
export function aluBoundary(ops: readonly AluOperation[], results: readonly bigint[]): BoundaryMessage[] {
  return ops.map((op, i) => ({ bus: ALU_BUS, kind: 'send', values: aluTuple(op.opcode, op.a, op.b, results[i]!) }));
}

/** Throw AluUnsupportedError unless every operation is a proven ALU opcode with 256-bit operands. */
export function checkAluOperations(ops: readonly AluOperation[]): void {
  ops.forEach((op, index) => {
    if (!OP_BY_CODE.has(op.opcode)) {
      const name = NAME_BY_CODE.get(op.opcode);
      const what = name === undefined ? `opcode 0x${op.opcode.toString(16)} is not an ALU operation` : `${name} is not proven yet`;
      throw new AluUnsupportedError(`ALU: ${what} (operation ${index})`, { opcode: op.opcode, index });
    }
    for (const v of [op.a, op.b]) {
      if (v < 0n || v > MAX_U256) {
        throw new AluUnsupportedError(`ALU: operand of operation ${index} is not a 256-bit word`, { opcode: op.opcode, index });
      }
    }
  });
}

/**
 * Build the ALU trace (height: the next power of two ≥ max(ops + 1, minHeight), so at least one
 * padding row) and its lookup multiplicities. Refuses unproven opcodes with AluUnsupportedError.
 */
export function aluTraces(ops: readonly AluOperation[], minHeight = 2): AluTraces {
  checkAluOperations(ops);
  let height = 2;
  while (height < Math.max(ops.length + 1, minHeight)) height *= 2;
  const m = RowMajorMatrix.zeros(height, C.width);
  const results: bigint[] = [];
  for (let i = 0; i < height; i++) {
    const op = ops[i];
    const row = m.row(i);
    if (op === undefined) fillRow(row, null, 0n, 0n, 0n, i);
    else {
      const result = aluReference(op.opcode, op.a, op.b);
      results.push(result);
      fillRow(row, OP_BY_CODE.get(op.opcode)!, op.a, op.b, result, i);
    }
  }
  return { traces: { alu: m, ...aluLookupTraces(m) }, results };
}

/** The claimed result of row `row` of an ALU trace (its r bytes). */
export function aluTraceResult(trace: RowMajorMatrix, row: number): bigint {
  return bytesWord(C.r.map((col) => trace.get(row, col)));
}

function fillRow(row: Uint32Array, op: ProvenAluOp | null, a: bigint, b: bigint, r: bigint, index: number): void {
  const fail = (what: string): never => {
    const opcode = op === null ? 0 : AluOpcode[op];
    throw new AluTraceError(`ALU trace: ${what} (operation ${index}, ${op})`, { opcode, index });
  };
  const is = (...names: ProvenAluOp[]): boolean => op !== null && names.includes(op);
  if (op !== null) row[C.sel[SELECTOR_OF[op]]!] = 1;
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
  if (position >= 0) row[C.onehot[position]!] = 1;
  const picked = position >= 0 ? bb[position]! : 0;
  row[C.picked] = picked;
  row[C.psign] = picked >> 7;

  // MulAdd operands per opcode (docs/circuits.md, "ALU").
  const flip = (v: Uint8Array, s: number): Uint8Array => (s === 1 ? v.map((x) => 255 - x) : v);
  const pow: Uint8Array = new Uint8Array(WORD_BYTES);
  if (is('SHL', 'SHR', 'SAR') && position >= 0) pow[position] = 1 << (low & 7);
  const one = wordBytes(1n);
  const zeroWord: Uint8Array = new Uint8Array(WORD_BYTES);
  let x: Uint8Array = zeroWord;
  let y: Uint8Array = zeroWord;
  let z: Uint8Array = zeroWord;
  let w: Uint8Array = zeroWord;
  if (is('ADD')) [x, y, z, w] = [ab, one, bb, rb];
  if (is('SUB')) [x, y, z, w] = [bb, one, rb, ab];
  if (is('MUL')) [x, y, z, w] = [ab, bb, zeroWord, rb];
  if (is('SHL')) [x, y, z, w] = [bb, pow, zeroWord, rb];
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
  put(C.x, x);
  put(C.y, y);
  put(C.z, z);
  put(C.w, w);
  // MulAdd carries and high half, recomputed from x, y, z; the low half must equal w.
  let carry = 0;
  for (let k = 0; k < 2 * WORD_BYTES; k++) {
    let s = carry + (k < WORD_BYTES ? z[k]! : 0);
    for (let i = Math.max(0, k - (WORD_BYTES - 1)); i <= Math.min(k, WORD_BYTES - 1); i++) s += x[i]! * y[k - i]!;
    const out = s & 0xff;
    carry = s >>> 8;
    if (k < WORD_BYTES) {
      if (out !== w[k]) fail('MulAdd low half disagrees with the reference result');
    } else row[C.h[k - WORD_BYTES]!] = out;
    if (k < 2 * WORD_BYTES - 1) row[C.cm[k]!] = carry;
  }
  if (carry !== 0) fail('MulAdd overflow');
  let divisorSum = 0;
  for (let k = 0; k < WORD_BYTES; k++) divisorSum += y[k]!;
  row[C.divZero] = divisorSum === 0 ? 1 : 0;
  row[C.divInv] = divisorSum === 0 ? 0 : inv(divisorSum);

  // Sub gadget: diff = u − v mod 2^256 over 16-bit limbs.
  const flipSign = (v: Uint8Array, s: number): Uint8Array => {
    const out = v.slice();
    out[31] = v[31]! + 128 - 256 * s;
    return out;
  };
  let u: Uint8Array = zeroWord;
  let v: Uint8Array = zeroWord;
  if (is('LT', 'EQ')) [u, v] = [ab, bb];
  if (is('ISZERO')) [u, v] = [ab, zeroWord];
  if (is('GT')) [u, v] = [bb, ab];
  if (is('SLT')) [u, v] = [flipSign(ab, sa), flipSign(bb, sb)];
  if (is('SGT')) [u, v] = [flipSign(bb, sb), flipSign(ab, sa)];
  if (is('DIV', 'MOD', 'SHR', 'SAR')) [u, v] = [z, y];
  let borrow = 0;
  let diffSum = 0;
  for (let j = 0; j < WORD_LIMBS; j++) {
    let d = u[2 * j]! + 256 * u[2 * j + 1]! - (v[2 * j]! + 256 * v[2 * j + 1]!) - borrow;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 65536;
    row[C.diff[2 * j]!] = d & 0xff;
    row[C.diff[2 * j + 1]!] = d >> 8;
    diffSum += (d & 0xff) + (d >> 8);
    row[C.cs[j]!] = borrow;
  }
  row[C.diffZero] = diffSum === 0 ? 1 : 0;
  row[C.diffInv] = diffSum === 0 ? 0 : inv(diffSum);
  if (is('DIV', 'MOD', 'SHR', 'SAR') && borrow !== (divisorSum === 0 ? 0 : 1)) fail('remainder not below divisor');
}

/**
 * Lookup multiplicities read back from an ALU trace (the same cells the AIR sends). A value with no
 * table row (an out-of-range byte or carry) is left out, so the bus imbalance exposes it.
 */
export function aluLookupTraces(m: RowMajorMatrix): { range8: RowMajorMatrix; range16: RowMajorMatrix; byteop8: RowMajorMatrix } {
  const range8 = new Uint32Array(256);
  const range16 = new Uint32Array(65536);
  const byteOps = new ByteOpCounter(8);
  const ranged8 = [C.a, C.b, C.r, C.x, C.z, C.h, C.diff].flat();
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
