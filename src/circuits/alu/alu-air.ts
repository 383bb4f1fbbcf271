/**
 * The ALU table: one row per 256-bit operation received on the `alu` bus (src/circuits/buses.ts)
 * as (opcode, a, b, c, result) in 16-bit limbs. Design and justification: docs/circuits.md, "ALU".
 *
 * Words are 32 little-endian byte columns. Three gadgets run unconditionally on every row; their
 * inputs are multiplexed by the one-hot opcode selectors, so a gadget no opcode uses sees zeros
 * and its outputs are forced to zero (every column is determined on every row):
 *
 * - MulAdd: x·y + z = w + 2^256·h, one equation per byte column k ∈ [0, 64) with carries
 *   cm[k] ∈ [0, 2^16): Σ_{i+j=k} x_i·y_j + z_k + cm[k−1] = out_k + 256·cm[k] (out = w ‖ h,
 *   cm[63] = 0). Both sides stay below 2^25 < p, so each equation holds over the integers and the
 *   weighted sum gives the 512-bit identity.
 * - Sub: diff + v = u + 2^256·borrow over 16-bit limbs with boolean carries cs[j] (borrow = cs[15]).
 * - Index: a's low byte as bits, flags a < 256 and a < 32, and a one-hot byte position.
 *
 * All constraints have degree ≤ 3 (two quotient chunks).
 */
import type { Expr } from '../../stark/index.ts';
import { ByteOp, defineTable, schema, type AirBuilder } from '../../stark/index.ts';
import { ALU_BUS, BYTEOP8_BUS, RANGE16_BUS, RANGE8_BUS, WORD_LIMBS } from '../buses.ts';
import { AluOpcode, type AluOpName } from './reference.ts';

/** The operations this table proves, in selector-column order. */
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
] as const satisfies readonly AluOpName[]);
/** A proven ALU operation name. */
export type ProvenAluOp = (typeof PROVEN_ALU_OPS)[number];

/** ALU operations the table does not prove yet (trace generation refuses them). */
export const UNPROVEN_ALU_OPS = Object.freeze(['SDIV', 'SMOD', 'ADDMOD', 'MULMOD', 'EXP'] as const satisfies readonly AluOpName[]);

/** Selector column index (within `ALU_COLUMNS.sel`) of each proven operation. */
export const SELECTOR_OF: Readonly<Record<ProvenAluOp, number>> = Object.freeze(
  Object.fromEntries(PROVEN_ALU_OPS.map((op, i) => [op, i])) as Record<ProvenAluOp, number>,
);

/** Bytes per word. */
export const WORD_BYTES = 32;

/** Columns of the ALU table. */
export const ALU_COLUMNS = schema({
  /** One-hot opcode selectors, PROVEN_ALU_OPS order. */
  sel: PROVEN_ALU_OPS.length,
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
  /** y == 0 flag (divisor zero) and inverse of Σ y bytes. */
  divZero: 1,
  divInv: 1,
  /** a < 256 flag (bytes 1..31 zero) and inverse of their sum. */
  small: 1,
  smallInv: 1,
  /** a < 32. */
  lt32: 1,
  /** One-hot byte position (shift byte, BYTE index, SIGNEXTEND index); all zero when disabled. */
  onehot: WORD_BYTES,
  /** Σ onehot_k·b_k and its top bit. */
  picked: 1,
  psign: 1,
});

type Cols = typeof ALU_COLUMNS;
type B = AirBuilder<Record<string, number>, Record<string, never>>;

function sumOf(terms: readonly Expr[], zero: Expr): Expr {
  let acc = zero;
  for (const t of terms) acc = acc.add(t);
  return acc;
}

/** Declare the ALU constraints and interactions (exported for tests that inspect them). */
export function aluConstraints(b: B): void {
  const c: Cols = ALU_COLUMNS;
  const zero = b.constant(0);
  const m = (col: number): Expr => b.main(col);
  const word = (cols: readonly number[]): Expr[] => cols.map(m);
  const sel = Object.fromEntries(PROVEN_ALU_OPS.map((op) => [op, m(c.sel[SELECTOR_OF[op]]!)])) as Record<ProvenAluOp, Expr>;
  const any = (...ops: ProvenAluOp[]): Expr => sumOf(ops.map((op) => sel[op]), zero);

  const a = word(c.a);
  const bw = word(c.b);
  const r = word(c.r);
  const x = word(c.x);
  const y = word(c.y);
  const z = word(c.z);
  const w = word(c.w);
  const h = word(c.h);
  const diff = word(c.diff);
  const cs = word(c.cs);
  const bits = word(c.bits);
  const onehot = word(c.onehot);
  const sa = m(c.sa);
  const sb = m(c.sb);
  const pw = m(c.pw);
  const small = m(c.small);
  const lt32 = m(c.lt32);
  const divZero = m(c.divZero);
  const diffZero = m(c.diffZero);
  const picked = m(c.picked);
  const psign = m(c.psign);

  // Selectors: booleans, at most one set (padding rows have none).
  PROVEN_ALU_OPS.forEach((op) => b.assertBool(`sel_bool[${op}]`, sel[op]));
  const active = sumOf(Object.values(sel), zero);
  b.assertBool('one_op', active);
  const divClass = any('DIV', 'MOD', 'SHR', 'SAR');
  const shift = any('SHL', 'SHR', 'SAR');

  // Index gadget: a's low byte in bits, 2^(s mod 8), a < 256, a < 32.
  bits.forEach((bit, i) => b.assertBool(`bit_bool[${i}]`, bit));
  b.assertEq('bits_recompose', a[0]!, sumOf(bits.map((bit, i) => bit.mul(1 << i)), zero));
  b.assertEq('pow2_low3', pw, bits[0]!.add(1).mul(bits[1]!.mul(3).add(1)).mul(bits[2]!.mul(15).add(1)));
  const not = (e: Expr): Expr => b.constant(1).sub(e);
  b.assertEq('hi3zero', m(c.hi3zero), not(bits[5]!).mul(not(bits[6]!)).mul(not(bits[7]!)));
  isZeroGadget(b, 'small', sumOf(a.slice(1), zero), small, m(c.smallInv));
  b.assertEq('lt32', lt32, small.mul(m(c.hi3zero)));
  const low5 = sumOf(bits.slice(0, 5).map((bit, i) => bit.mul(1 << i)), zero);
  const byteIdx = sumOf(bits.slice(3).map((bit, i) => bit.mul(1 << i)), zero);
  onehot.forEach((o, k) => b.assertBool(`onehot_bool[${k}]`, o));
  const bytePos = any('BYTE', 'SIGNEXTEND').mul(lt32);
  b.assertEq('onehot_sum', sumOf(onehot, zero), shift.mul(small).add(bytePos));
  const target = shift
    .mul(small)
    .mul(byteIdx)
    .add(sel.BYTE.mul(lt32).mul(b.constant(31).sub(low5)))
    .add(sel.SIGNEXTEND.mul(lt32).mul(low5));
  b.assertEq('onehot_position', sumOf(onehot.map((o, k) => o.mul(k)), zero), target);
  b.assertEq('picked', picked, sumOf(onehot.map((o, k) => o.mul(bw[k]!)), zero));

  // Sign bits by byte-op AND lookups: a31 & 0x80 = 128·sa (also makes sa boolean).
  b.send(BYTEOP8_BUS, [ByteOp.And, a[31]!, 128, sa.mul(128)]);
  b.send(BYTEOP8_BUS, [ByteOp.And, bw[31]!, 128, sb.mul(128)]);
  b.send(BYTEOP8_BUS, [ByteOp.And, picked, 128, psign.mul(128)]);

  // MulAdd operand binding.
  const flip = (v: Expr, s: Expr): Expr => v.add(s.mul(b.constant(255).sub(v.mul(2))));
  for (let k = 0; k < WORD_BYTES; k++) {
    const xs = sel.ADD.mul(a[k]!)
      .add(sel.SUB.mul(bw[k]!))
      .add(sel.MUL.mul(a[k]!))
      .add(sel.DIV.mul(r[k]!))
      .add(sel.SHL.mul(bw[k]!))
      .add(sel.SHR.mul(r[k]!))
      .add(sel.SAR.mul(flip(r[k]!, sb)));
    b.assertEq(`x_bind[${k}]`, not(sel.MOD).mul(x[k]!), xs);
    const one = k === 0 ? any('ADD', 'SUB') : zero;
    const ys = one.add(any('MUL', 'DIV', 'MOD').mul(bw[k]!)).add(shift.mul(onehot[k]!).mul(pw));
    b.assertEq(`y_bind[${k}]`, y[k]!, ys);
    b.assertEq(`z_bind[${k}]`, not(divClass).mul(z[k]!), sel.ADD.mul(bw[k]!).add(sel.SUB.mul(r[k]!)));
    const ws = sel.ADD.mul(r[k]!)
      .add(sel.SUB.mul(a[k]!))
      .add(sel.MUL.mul(r[k]!))
      .add(any('DIV', 'MOD').mul(a[k]!))
      .add(sel.SHL.mul(r[k]!))
      .add(sel.SHR.mul(bw[k]!))
      .add(sel.SAR.mul(flip(bw[k]!, sb)));
    b.assertEq(`w_bind[${k}]`, w[k]!, ws);
    b.assertZero(`h_zero_for_division[${k}]`, divClass.mul(h[k]!));
    b.assertZero(`quotient_zero_for_zero_divisor[${k}]`, divClass.mul(divZero).mul(x[k]!));
  }

  // MulAdd equations.
  const cm = word(c.cm);
  for (let k = 0; k < 2 * WORD_BYTES; k++) {
    let lhs: Expr = k < WORD_BYTES ? z[k]! : zero;
    for (let i = Math.max(0, k - (WORD_BYTES - 1)); i <= Math.min(k, WORD_BYTES - 1); i++) lhs = lhs.add(x[i]!.mul(y[k - i]!));
    if (k > 0) lhs = lhs.add(cm[k - 1]!);
    let rhs: Expr = k < WORD_BYTES ? w[k]! : h[k - WORD_BYTES]!;
    if (k < 2 * WORD_BYTES - 1) rhs = rhs.add(cm[k]!.mul(256));
    b.assertEq(`muladd[${k}]`, lhs, rhs);
  }
  isZeroGadget(b, 'divisor', sumOf(y, zero), divZero, m(c.divInv));

  // Sub gadget inputs; signed compares flip the sign bit (a ⊕ 2^255 orders like the signed value).
  const signFlipped = (v: readonly Expr[], s: Expr, k: number): Expr => (k === 31 ? v[31]!.add(128).sub(s.mul(256)) : v[k]!);
  const limb = (bytes: (k: number) => Expr, j: number): Expr => bytes(2 * j).add(bytes(2 * j + 1).mul(256));
  const uByte = (k: number): Expr =>
    any('LT', 'EQ', 'ISZERO')
      .mul(a[k]!)
      .add(sel.GT.mul(bw[k]!))
      .add(sel.SLT.mul(signFlipped(a, sa, k)))
      .add(sel.SGT.mul(signFlipped(bw, sb, k)))
      .add(divClass.mul(z[k]!));
  const vByte = (k: number): Expr =>
    any('LT', 'EQ')
      .mul(bw[k]!)
      .add(sel.GT.mul(a[k]!))
      .add(sel.SLT.mul(signFlipped(bw, sb, k)))
      .add(sel.SGT.mul(signFlipped(a, sa, k)))
      .add(divClass.mul(y[k]!));
  for (let j = 0; j < WORD_LIMBS; j++) {
    b.assertBool(`sub_carry_bool[${j}]`, cs[j]!);
    const lhs = limb((k) => diff[k]!, j)
      .add(limb(vByte, j))
      .add(j > 0 ? cs[j - 1]! : zero);
    b.assertEq(`sub[${j}]`, lhs, limb(uByte, j).add(cs[j]!.mul(65536)));
  }
  const borrow = cs[WORD_LIMBS - 1]!;
  isZeroGadget(b, 'diff', sumOf(diff, zero), diffZero, m(c.diffInv));
  b.assertZero('remainder_below_divisor', divClass.mul(borrow.sub(not(divZero))));

  // Results not fixed by MulAdd or the bitwise lookup.
  const gt = (k: number): Expr => sumOf(onehot.slice(0, k), zero);
  for (let k = 0; k < WORD_BYTES; k++) {
    const bit = (v: Expr): Expr => (k === 0 ? r[0]!.sub(v) : r[k]!);
    const term = any('LT', 'GT', 'SLT', 'SGT')
      .mul(bit(borrow))
      .add(any('EQ', 'ISZERO').mul(bit(diffZero)))
      .add(sel.BYTE.mul(bit(picked)))
      .add(sel.MOD.mul(r[k]!.sub(not(divZero).mul(z[k]!))))
      .add(sel.NOT.mul(r[k]!.add(a[k]!).sub(255)))
      .add(sel.SIGNEXTEND.mul(r[k]!.sub(bw[k]!).sub(gt(k).mul(psign.mul(255).sub(bw[k]!)))));
    b.assertZero(`result[${k}]`, term);
  }

  // AND/OR/XOR: one byte-op lookup per byte (ByteOp: And 0, Or 1, Xor 2).
  const bitwise = any('AND', 'OR', 'XOR');
  const byteOp = sel.OR.mul(ByteOp.Or).add(sel.XOR.mul(ByteOp.Xor));
  for (let k = 0; k < WORD_BYTES; k++) b.send(BYTEOP8_BUS, [byteOp, a[k]!, bw[k]!, r[k]!], bitwise);

  // Range checks: every byte that is not a linear image of checked bytes.
  for (const wd of [a, bw, r, x, z, h, diff]) for (const v of wd) b.send(RANGE8_BUS, [v]);
  for (const v of cm) b.send(RANGE16_BUS, [v]);

  // The bus: opcode, a, b, c (zero: no proven opcode has a third operand), result.
  const opcode = sumOf(
    PROVEN_ALU_OPS.map((op) => sel[op].mul(AluOpcode[op])),
    zero,
  );
  const limbs = (v: readonly Expr[]): Expr[] => Array.from({ length: WORD_LIMBS }, (_, j) => limb((k) => v[k]!, j));
  const cZero = Array.from({ length: WORD_LIMBS }, () => zero);
  b.receive(ALU_BUS, [opcode, ...limbs(a), ...limbs(bw), ...cZero, ...limbs(r)], active);
}

/**
 * flag = [s == 0] with inv = 1/s (0 when s = 0): s·inv = 1 − flag, s·flag = 0, flag·inv = 0
 * determine both columns on every row. s must be a sum of range-checked bytes (< p, so zero iff
 * every byte is zero).
 */
function isZeroGadget(b: B, name: string, s: Expr, flag: Expr, inv: Expr): void {
  b.assertEq(`${name}_inverse`, s.mul(inv), b.constant(1).sub(flag));
  b.assertZero(`${name}_flag`, s.mul(flag));
  b.assertZero(`${name}_inverse_zero`, flag.mul(inv));
}

/** The ALU table definition (receives on `alu`; sends on range8, range16 and byteop8). */
export const aluTable = defineTable({
  name: 'alu',
  columns: ALU_COLUMNS,
  constraints: (b) => aluConstraints(b as unknown as B),
});
