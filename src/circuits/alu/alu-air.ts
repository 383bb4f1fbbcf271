/**
 * The ALU table: one row per 256-bit operation received on the `alu` bus (src/circuits/buses.ts)
 * as (opcode, a, b, c, result) in 16-bit limbs. Design and justification: docs/circuits.md, "ALU".
 *
 * Words are 32 little-endian byte columns. Three gadgets run unconditionally on every row; their
 * inputs are multiplexed by the one-hot row-kind selectors, so a gadget no row kind uses sees
 * zeros and its outputs are forced to zero (every column is determined on every row):
 *
 * - MulAdd: x·y + z' = w + 2^256·h, one equation per byte column k ∈ [0, 64) with carries
 *   cm[k] ∈ [0, 2^16): Σ_{i+j=k} x_i·y_j + z'_k + cm[k−1] = out_k + 256·cm[k] (out = w ‖ h,
 *   cm[63] = 0), where z' = z except on SDIV/SMOD rows (z + sb·x + sa·a, at most 3·255). Both
 *   sides stay below 2^25 < p, so each equation holds over the integers and the weighted sum gives
 *   the 512-bit identity.
 * - Sub: diff + v = u + 2^256·borrow over 16-bit limbs with boolean carries cs[j] (borrow = cs[15]).
 * - Index: a's low byte as bits, flags a < 256 and a < 32, and a one-hot byte position.
 *
 * SDIV/SMOD, ADDMOD/MULMOD and EXP add a limb negation, sub-operation messages and an exponent
 * byte length (alu-air-ext.ts). All constraints have degree ≤ 3 (two quotient chunks).
 */
import type { Expr } from '../../stark/index.ts';
import { ByteOp, defineTable, type AirBuilder } from '../../stark/index.ts';
import { ALU_BUS, BYTEOP8_BUS, RANGE16_BUS, RANGE8_BUS, WORD_LIMBS } from '../buses.ts';
import { extendedOpConstraints } from './alu-air-ext.ts';
import { ALU_COLUMNS, ALU_ROW_KINDS, SELECTOR_OF, WORD_BYTES, rowOpcode, type AluRowKind } from './alu-columns.ts';

export {
  ALU_COLUMNS,
  ALU_ROW_KINDS,
  AluSubOpcode,
  PROVEN_ALU_OPS,
  SELECTOR_OF,
  UNPROVEN_ALU_OPS,
  WORD_BYTES,
  rowOpcode,
  type AluRowKind,
  type AluSubOpName,
  type ProvenAluOp,
} from './alu-columns.ts';

type Cols = typeof ALU_COLUMNS;
/** The builder type the ALU constraint functions take. */
export type AluBuilder = AirBuilder<Record<string, number>, Record<string, never>>;

/** Expressions shared by the core and the extended-operation constraints. */
export interface AluExprs {
  readonly b: AluBuilder;
  readonly zero: Expr;
  readonly sel: Readonly<Record<AluRowKind, Expr>>;
  any(...kinds: AluRowKind[]): Expr;
  not(e: Expr): Expr;
  sum(terms: readonly Expr[]): Expr;
  /** 16-bit limb j of a word given per byte. */
  limb(bytes: (k: number) => Expr, j: number): Expr;
  /** The 16 limbs of a byte word. */
  limbs(word: readonly Expr[]): Expr[];
  /** Byte words (aux: 16-bit limbs). */
  readonly words: Readonly<Record<'a' | 'b' | 'r' | 'x' | 'y' | 'z' | 'w' | 'h' | 'diff' | 'onehot' | 'aux', Expr[]>>;
  readonly sa: Expr;
  readonly sb: Expr;
  readonly divZero: Expr;
  readonly diffZero: Expr;
  readonly picked: Expr;
}

/** Declare the ALU constraints and interactions (exported for tests that inspect them). */
export function aluConstraints(b: AluBuilder): void {
  const c: Cols = ALU_COLUMNS;
  const zero = b.constant(0);
  const m = (col: number): Expr => b.main(col);
  const word = (cols: readonly number[]): Expr[] => cols.map(m);
  const sumOf = (terms: readonly Expr[]): Expr => terms.reduce((acc, t) => acc.add(t), zero);
  const sel = Object.fromEntries(ALU_ROW_KINDS.map((op) => [op, m(c.sel[SELECTOR_OF[op]]!)])) as Record<AluRowKind, Expr>;
  const any = (...ops: AluRowKind[]): Expr => sumOf(ops.map((op) => sel[op]));
  const not = (e: Expr): Expr => b.constant(1).sub(e);
  const limb = (bytes: (k: number) => Expr, j: number): Expr => bytes(2 * j).add(bytes(2 * j + 1).mul(256));
  const limbs = (v: readonly Expr[]): Expr[] => Array.from({ length: WORD_LIMBS }, (_, j) => limb((k) => v[k]!, j));

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
  const expBit = m(c.expBit);

  // Selectors: booleans, at most one set (padding rows have none).
  ALU_ROW_KINDS.forEach((op) => b.assertBool(`sel_bool[${op}]`, sel[op]));
  const active = sumOf(Object.values(sel));
  b.assertBool('one_op', active);
  const shift = any('SHL', 'SHR', 'SAR');
  const signed = any('SDIV', 'SMOD');
  const modular = any('ADDMOD', 'MULMOD');
  const expRow = any('EXP', 'EXPSTEP');
  // Rows whose MulAdd is a division with remainder z < divisor y (zero divisor: quotient 0).
  const remClass = any('DIV', 'MOD', 'SHR', 'SAR', 'SDIV', 'SMOD', 'ADDMOD', 'MULMOD');
  // Divisions whose dividend fits in 256 bits (h = 0; SDIV/SMOD: h = sa, see x_bind).
  const narrowDiv = any('DIV', 'MOD', 'SHR', 'SAR', 'SDIV', 'SMOD');

  // Index gadget: a's low byte in bits, 2^(s mod 8), a < 256, a < 32.
  bits.forEach((bit, i) => b.assertBool(`bit_bool[${i}]`, bit));
  b.assertEq('bits_recompose', a[0]!, sumOf(bits.map((bit, i) => bit.mul(1 << i))));
  b.assertEq('pow2_low3', pw, bits[0]!.add(1).mul(bits[1]!.mul(3).add(1)).mul(bits[2]!.mul(15).add(1)));
  b.assertEq('hi3zero', m(c.hi3zero), not(bits[5]!).mul(not(bits[6]!)).mul(not(bits[7]!)));
  isZeroGadget(b, 'small', sumOf(a.slice(1)), small, m(c.smallInv));
  b.assertEq('lt32', lt32, small.mul(m(c.hi3zero)));
  const low5 = sumOf(bits.slice(0, 5).map((bit, i) => bit.mul(1 << i)));
  const byteIdx = sumOf(bits.slice(3).map((bit, i) => bit.mul(1 << i)));
  onehot.forEach((o, k) => b.assertBool(`onehot_bool[${k}]`, o));
  const onehotSum = sumOf(onehot);
  const onehotIndex = sumOf(onehot.map((o, k) => o.mul(k)));
  b.assertBool('onehot_at_most_one', onehotSum);
  // EXP places its marker itself (alu-air-ext.ts): its terms make these two identities trivial.
  const bytePos = any('BYTE', 'SIGNEXTEND').mul(lt32);
  b.assertEq('onehot_sum', onehotSum, shift.mul(small).add(bytePos).add(sel.EXP.mul(onehotSum)));
  const target = shift
    .mul(small)
    .mul(byteIdx)
    .add(sel.BYTE.mul(lt32).mul(b.constant(31).sub(low5)))
    .add(sel.SIGNEXTEND.mul(lt32).mul(low5))
    .add(sel.EXP.mul(onehotIndex));
  b.assertEq('onehot_position', onehotIndex, target);
  b.assertEq('picked', picked, sumOf(onehot.map((o, k) => o.mul(bw[k]!))));

  // Sign bits by byte-op AND lookups: a31 & 0x80 = 128·sa (also makes sa boolean).
  b.send(BYTEOP8_BUS, [ByteOp.And, a[31]!, 128, sa.mul(128)]);
  b.send(BYTEOP8_BUS, [ByteOp.And, bw[31]!, 128, sb.mul(128)]);
  b.send(BYTEOP8_BUS, [ByteOp.And, picked, 128, psign.mul(128)]);

  // MulAdd operand binding. Free operands: x (quotients, EXP's recursive result), y and w
  // (ADDMOD/MULMOD modulus and sub-operation result), z (remainders); h unless a narrow division.
  const flip = (v: Expr, s: Expr): Expr => v.add(s.mul(b.constant(255).sub(v.mul(2))));
  const freeX = any('MOD', 'SDIV', 'SMOD', 'ADDMOD', 'MULMOD', 'EXP', 'EXPSTEP');
  for (let k = 0; k < WORD_BYTES; k++) {
    const xs = any('ADD', 'MUL', 'MULFULL', 'ADDFULL')
      .mul(a[k]!)
      .add(sel.SUB.mul(bw[k]!))
      .add(sel.DIV.mul(r[k]!))
      .add(sel.SHL.mul(bw[k]!))
      .add(sel.SHR.mul(r[k]!))
      .add(sel.SAR.mul(flip(r[k]!, sb)));
    b.assertEq(`x_bind[${k}]`, not(freeX).mul(x[k]!), xs);
    // EXP with exponent 0 or 1 does not recurse: its "a² to the halved exponent" is 1.
    b.assertZero(`exp_base_case[${k}]`, expRow.mul(diffZero).mul(x[k]!.sub(k === 0 ? 1 : 0)));
    const one = k === 0 ? any('ADD', 'SUB', 'ADDFULL') : zero;
    // SDIV/SMOD divide by |b| = y + sb (y = ~b when b < 0); EXP multiplies by a or 1 (its bit).
    const ys = one
      .add(any('MUL', 'DIV', 'MOD', 'MULFULL').mul(bw[k]!))
      .add(shift.mul(onehot[k]!).mul(pw))
      .add(signed.mul(flip(bw[k]!, sb)))
      .add(expRow.mul(expBit.mul(a[k]!).add(k === 0 ? not(expBit) : zero)));
    b.assertEq(`y_bind[${k}]`, not(modular).mul(y[k]!), ys);
    b.assertEq(`z_bind[${k}]`, not(remClass).mul(z[k]!), any('ADD', 'ADDFULL').mul(bw[k]!).add(sel.SUB.mul(r[k]!)));
    // SDIV/SMOD: |q|·|b| + |rem| = |a| written as x·y + (z + sb·x + sa·a) = (1 − sa)·a + 2^256·sa.
    const ws = any('ADD', 'MUL', 'SHL', 'MULFULL', 'ADDFULL', 'EXP', 'EXPSTEP')
      .mul(r[k]!)
      .add(sel.SUB.mul(a[k]!))
      .add(any('DIV', 'MOD').mul(a[k]!))
      .add(sel.SHR.mul(bw[k]!))
      .add(sel.SAR.mul(flip(bw[k]!, sb)))
      .add(signed.mul(not(sa)).mul(a[k]!));
    b.assertEq(`w_bind[${k}]`, not(modular).mul(w[k]!), ws);
    b.assertEq(`h_narrow_division[${k}]`, narrowDiv.mul(h[k]!), k === 0 ? signed.mul(sa) : zero);
    b.assertZero(`quotient_zero_for_zero_divisor[${k}]`, remClass.mul(divZero).mul(x[k]!));
  }

  // MulAdd equations.
  const cm = word(c.cm);
  for (let k = 0; k < 2 * WORD_BYTES; k++) {
    let lhs: Expr = k < WORD_BYTES ? z[k]!.add(signed.mul(sb.mul(x[k]!).add(sa.mul(a[k]!)))) : zero;
    for (let i = Math.max(0, k - (WORD_BYTES - 1)); i <= Math.min(k, WORD_BYTES - 1); i++) lhs = lhs.add(x[i]!.mul(y[k - i]!));
    if (k > 0) lhs = lhs.add(cm[k - 1]!);
    let rhs: Expr = k < WORD_BYTES ? w[k]! : h[k - WORD_BYTES]!;
    if (k < 2 * WORD_BYTES - 1) rhs = rhs.add(cm[k]!.mul(256));
    b.assertEq(`muladd[${k}]`, lhs, rhs);
  }
  // The divisor is zero iff y is, except on SDIV/SMOD rows with b < 0 (divisor ~b + 1 ≥ 1).
  isZeroGadget(b, 'divisor', sumOf(y).add(signed.mul(sb)), divZero, m(c.divInv));

  // Sub gadget inputs; signed compares flip the sign bit (a ⊕ 2^255 orders like the signed value).
  // SDIV/SMOD with b < 0 bound rem < ~b + 1 as "not ~b < rem" (u and v swapped); EXP halves b:
  // diff + (diff + bit) = b.
  const signFlipped = (v: readonly Expr[], s: Expr, k: number): Expr => (k === 31 ? v[31]!.add(128).sub(s.mul(256)) : v[k]!);
  const uByte = (k: number): Expr =>
    any('LT', 'EQ', 'ISZERO')
      .mul(a[k]!)
      .add(sel.GT.mul(bw[k]!))
      .add(sel.SLT.mul(signFlipped(a, sa, k)))
      .add(sel.SGT.mul(signFlipped(bw, sb, k)))
      .add(remClass.mul(z[k]!))
      .add(signed.mul(sb).mul(y[k]!.sub(z[k]!)))
      .add(expRow.mul(bw[k]!));
  const vByte = (k: number): Expr =>
    any('LT', 'EQ')
      .mul(bw[k]!)
      .add(sel.GT.mul(a[k]!))
      .add(sel.SLT.mul(signFlipped(bw, sb, k)))
      .add(sel.SGT.mul(signFlipped(a, sa, k)))
      .add(remClass.mul(y[k]!))
      .add(signed.mul(sb).mul(z[k]!.sub(y[k]!)))
      .add(expRow.mul(k === 0 ? diff[0]!.add(expBit) : diff[k]!));
  for (let j = 0; j < WORD_LIMBS; j++) {
    b.assertBool(`sub_carry_bool[${j}]`, cs[j]!);
    const lhs = limb((k) => diff[k]!, j)
      .add(limb(vByte, j))
      .add(j > 0 ? cs[j - 1]! : zero);
    b.assertEq(`sub[${j}]`, lhs, limb(uByte, j).add(cs[j]!.mul(65536)));
  }
  const borrow = cs[WORD_LIMBS - 1]!;
  isZeroGadget(b, 'diff', sumOf(diff), diffZero, m(c.diffInv));
  b.assertZero('remainder_below_divisor', remClass.mul(borrow.sub(not(divZero))).add(signed.mul(sb)));
  b.assertZero('exp_halving_exact', expRow.mul(borrow));
  b.assertBool('exp_bit_bool', expBit);
  b.assertZero('exp_bit_zero_elsewhere', not(expRow).mul(expBit));

  // Results not fixed by MulAdd, the negation (SDIV/SMOD) or the bitwise lookup.
  const gt = (k: number): Expr => sumOf(onehot.slice(0, k));
  for (let k = 0; k < WORD_BYTES; k++) {
    const bit = (v: Expr): Expr => (k === 0 ? r[0]!.sub(v) : r[k]!);
    const term = any('LT', 'GT', 'SLT', 'SGT')
      .mul(bit(borrow))
      .add(any('EQ', 'ISZERO').mul(bit(diffZero)))
      .add(sel.BYTE.mul(bit(picked)))
      .add(any('MOD', 'ADDMOD', 'MULMOD').mul(r[k]!.sub(not(divZero).mul(z[k]!))))
      .add(sel.NOT.mul(r[k]!.add(a[k]!).sub(255)))
      .add(sel.SIGNEXTEND.mul(r[k]!.sub(bw[k]!).sub(gt(k).mul(psign.mul(255).sub(bw[k]!)))));
    b.assertZero(`result[${k}]`, term);
  }

  // AND/OR/XOR: one byte-op lookup per byte (ByteOp: And 0, Or 1, Xor 2).
  const bitwise = any('AND', 'OR', 'XOR');
  const byteOp = sel.OR.mul(ByteOp.Or).add(sel.XOR.mul(ByteOp.Xor));
  for (let k = 0; k < WORD_BYTES; k++) b.send(BYTEOP8_BUS, [byteOp, a[k]!, bw[k]!, r[k]!], bitwise);

  // Range checks: every byte column that is not a linear image of checked bytes on every row.
  for (const wd of [a, bw, r, x, y, z, w, h, diff]) for (const v of wd) b.send(RANGE8_BUS, [v]);
  for (const v of cm) b.send(RANGE16_BUS, [v]);

  const exprs: AluExprs = {
    b,
    zero,
    sel,
    any,
    not,
    sum: sumOf,
    limb,
    limbs,
    words: { a, b: bw, r, x, y, z, w, h, diff, onehot, aux: word(c.aux) },
    sa,
    sb,
    divZero,
    diffZero,
    picked,
  };
  const { expByteLength } = extendedOpConstraints(exprs);

  // The bus: opcode, a, b, c, result. c is the modulus (ADDMOD/MULMOD, held in y), the high word
  // of MULFULL/ADDFULL (h), the exponent's byte length for EXP (limb 0), zero otherwise.
  const opcode = sumOf(ALU_ROW_KINDS.map((op) => sel[op].mul(rowOpcode(op))));
  const yl = limbs(y);
  const hl = limbs(h);
  const full = any('MULFULL', 'ADDFULL');
  const cBus = Array.from({ length: WORD_LIMBS }, (_, j) => {
    const v = modular.mul(yl[j]!).add(full.mul(hl[j]!));
    return j === 0 ? v.add(sel.EXP.mul(expByteLength)) : v;
  });
  b.receive(ALU_BUS, [opcode, ...limbs(a), ...limbs(bw), ...cBus, ...limbs(r)], active);
}

/**
 * flag = [s == 0] with inv = 1/s (0 when s = 0): s·inv = 1 − flag, s·flag = 0, flag·inv = 0
 * determine both columns on every row. s must be a sum of range-checked bytes (< p, so zero iff
 * every byte is zero).
 */
function isZeroGadget(b: AluBuilder, name: string, s: Expr, flag: Expr, inv: Expr): void {
  b.assertEq(`${name}_inverse`, s.mul(inv), b.constant(1).sub(flag));
  b.assertZero(`${name}_flag`, s.mul(flag));
  b.assertZero(`${name}_inverse_zero`, flag.mul(inv));
}

/** The ALU table definition (receives and sends on `alu`; sends on range8, range16 and byteop8). */
export const aluTable = defineTable({
  name: 'alu',
  columns: ALU_COLUMNS,
  constraints: (b) => aluConstraints(b as unknown as AluBuilder),
});
