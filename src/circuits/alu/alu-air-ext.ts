/**
 * ALU constraints specific to SDIV/SMOD, ADDMOD/MULMOD and EXP (the shared gadgets and their
 * operand bindings are in alu-air.ts; design: docs/circuits.md, "ALU").
 *
 * - Signed division: the MulAdd proves |q|·|b| + |rem| = |a| and the Sub gadget |rem| < |b|
 *   (alu-air.ts). The result is the magnitude `mag` (|q| for SDIV, |rem| for SMOD, 0 when b = 0)
 *   negated when `negSign` is set: r = (mag ⊕ (2^16−1)·negSign) + negSign mod 2^256, one equation
 *   per 16-bit limb with boolean carries (the top carry is the mod 2^256 wrap of −0 = 0).
 * - ADDMOD/MULMOD: the row proves k·c + rem = S with rem < c and result rem (0 when c = 0), where
 *   S = (a mod c) + b or (a mod c)·b as a 512-bit word (w, h). It sends (MOD, a, c, 0, aux) and
 *   (ADDFULL or MULFULL, aux, b, h, w) to rows of this table that prove them; reducing a first
 *   keeps k < 2^256 (k ≤ (c − 1 + 2^256 − 1)/c, and k = b when c = 1).
 * - EXP/EXPSTEP: b = 2·b' + bit (Sub gadget, b' in diff) and a^b = (bit ? a : 1)·(a²)^b'. The row
 *   sends (MUL, a, a, 0, aux) and (EXPSTEP, aux, b', 0, x) unless b' = 0 (then x = 1), so one
 *   exponent bit costs an EXP/EXPSTEP row and a MUL row. Induction on b makes the chain sound:
 *   every message a row sends is received by a row proving it, and b' < b.
 * - EXP's byte length of b (for the CPU's 50 gas per exponent byte) is reported in c's limb 0:
 *   `onehot` marks b's most significant nonzero byte (bytes above it are zero, it is nonzero by
 *   an inverse), none when b = 0; the length is Σ (k+1)·onehot_k.
 */
import type { Expr } from '../../stark/index.ts';
import { ALU_BUS, WORD_LIMBS } from '../buses.ts';
import type { AluExprs } from './alu-air.ts';
import { ALU_COLUMNS, AluSubOpcode, WORD_BYTES } from './alu-columns.ts';
import { AluOpcode } from './reference.ts';

/** Add the SDIV/SMOD, ADDMOD/MULMOD and EXP constraints; returns EXP's exponent byte length. */
export function extendedOpConstraints(e: AluExprs): { expByteLength: Expr } {
  signedResultConstraints(e);
  const expByteLength = exponentByteLength(e);
  subOperationMessages(e);
  return { expByteLength };
}

function signedResultConstraints(e: AluExprs): void {
  const { b, sel, sa, sb, divZero, not, limb, limbs } = e;
  const c = ALU_COLUMNS;
  const mag = e.b.mains(c.mag);
  const carry = e.b.mains(c.negCarry);
  const negSign = b.main(c.negSign);
  const signed = e.any('SDIV', 'SMOD');
  const x = limbs(e.words.x);
  const z = limbs(e.words.z);
  const r = e.words.r;
  // SDIV negates |q| when the signs differ; SMOD negates |rem| when a < 0 (the result takes a's sign).
  b.assertEq('neg_sign', negSign, sel.SDIV.mul(sa.add(sb).sub(sa.mul(sb).mul(2))).add(sel.SMOD.mul(sa)));
  for (let j = 0; j < WORD_LIMBS; j++) {
    b.assertEq(`neg_magnitude[${j}]`, mag[j]!, sel.SDIV.mul(x[j]!).add(sel.SMOD.mul(not(divZero)).mul(z[j]!)));
    b.assertBool(`neg_carry_bool[${j}]`, carry[j]!);
    const flipped = mag[j]!.add(negSign.mul(b.constant(65535).sub(mag[j]!.mul(2))));
    const carryIn = j === 0 ? negSign : carry[j - 1]!;
    b.assertEq(`neg[${j}]`, signed.mul(limb((k) => r[k]!, j)).add(carry[j]!.mul(65536)), flipped.add(carryIn));
  }
}

function exponentByteLength(e: AluExprs): Expr {
  const { b, sel, sum } = e;
  const onehot = e.words.onehot;
  const bw = e.words.b;
  const pickedInv = b.main(ALU_COLUMNS.pickedInv);
  const marked = sum(onehot);
  for (let k = 0; k < WORD_BYTES; k++) {
    const atOrAbove = sum(onehot.slice(k));
    b.assertZero(`exp_top_byte[${k}]`, sel.EXP.mul(bw[k]!).mul(b.constant(1).sub(atOrAbove)));
  }
  b.assertZero('exp_top_byte_nonzero', sel.EXP.mul(e.picked.mul(pickedInv).sub(marked)));
  b.assertZero('exp_top_byte_inverse_zero', pickedInv.mul(b.constant(1).sub(sel.EXP.mul(marked))));
  return sum(onehot.map((o, k) => o.mul(k + 1)));
}

function subOperationMessages(e: AluExprs): void {
  const { b, sel, any, zero, limbs } = e;
  const aux = e.words.aux;
  const modular = any('ADDMOD', 'MULMOD');
  const expRow = any('EXP', 'EXPSTEP');
  const recurse = expRow.mul(e.not(e.diffZero));
  for (let j = 0; j < WORD_LIMBS; j++) {
    b.assertZero(`aux_zero_elsewhere[${j}]`, aux[j]!.mul(e.not(modular.add(recurse))));
  }
  const zeroWord = Array.from({ length: WORD_LIMBS }, () => zero);
  const a = limbs(e.words.a);
  // ADDMOD/MULMOD: aux = a mod c, then (aux + b or aux·b) = w + 2^256·h.
  b.send(ALU_BUS, [AluOpcode.MOD, ...a, ...limbs(e.words.y), ...zeroWord, ...aux], modular);
  const fullOp = sel.ADDMOD.mul(AluSubOpcode.ADDFULL).add(sel.MULMOD.mul(AluSubOpcode.MULFULL));
  b.send(ALU_BUS, [fullOp, ...aux, ...limbs(e.words.b), ...limbs(e.words.h), ...limbs(e.words.w)], modular);
  // EXP/EXPSTEP: aux = a² mod 2^256 and x = aux^(b >> 1) mod 2^256.
  b.send(ALU_BUS, [AluOpcode.MUL, ...a, ...a, ...zeroWord, ...aux], recurse);
  b.send(ALU_BUS, [AluSubOpcode.EXPSTEP, ...aux, ...limbs(e.words.diff), ...zeroWord, ...limbs(e.words.x)], recurse);
}
