/**
 * Storage and transient storage in the CPU: SLOAD, SSTORE (EIP-2929 warm/cold, EIP-2200 gas,
 * EIP-3529 refunds), TLOAD, TSTORE (EIP-1153).
 *
 * State slots. Besides the four stack/memory slots a row has three rw gadget blocks with fixed key
 * shapes (all key components degree ≤ 1, so LogUp pairs them): `warm` = the EIP-2929 warm-slot
 * cell (tag AccessListSlot, address = ADDRESS, slot = the key read in slot 0), always written 1,
 * its previous value is "was warm"; `state` = the storage (tag Storage) or transient (tag
 * Transient) cell of the same key; `refund` = the refund counter (tag Refund). Counters follow the
 * witness order: SLOAD key, warm, storage, result; SSTORE key, value, warm, storage, refund (only
 * when it changes); TLOAD key, transient, result; TSTORE key, value, transient.
 *
 * SSTORE. The original value (at transaction start) comes from the statement: the CPU sends
 * (address, key, original) on `storage_original` and the statement receives C's initial value of
 * that cell with the number of SSTOREs to it. Comparisons come from the ALU (EQ, ISZERO messages):
 * eqNC = [new = current], eqCO = [current = original], eqNO = [new = original] and the three
 * is-zero flags. With clean = ¬eqNC ∧ eqCO and dirty = ¬eqNC ∧ ¬eqCO (execution-specs
 * cancun/vm/instructions/storage.py):
 *   gas    = 2100·cold + 100 + clean·(2800 + 17100·[original = 0])       (20000 / 2900 / 100)
 *   refund = clean·[new = 0]·4800
 *          + dirty·([original ≠ 0]·([new = 0] − [current = 0])·4800 + eqNO·(2800 + 17100·[original = 0]))
 * and gas left must exceed 2300 (sentry). The refund counter R = limb0 + 2^16·limb1 < 2^30.
 * SSTORE and TSTORE are refused in a static frame (public `isStatic`). SELFBALANCE reads the
 * frame account's balance cell (tag Account, field 2) through the `state` slot.
 */
import type { Expr } from '../../stark/index.ts';
import { ADDRESS_LIMBS, ALU_BUS, RANGE16_BUS, WORD_LIMBS } from '../buses.ts';
import { rwAccessConstraints, type RwOperand } from '../rw/rw-access.ts';
import { RwCellTag } from '../rw/rw-key.ts';
import { zeroWhenDisabled } from './cpu-access.ts';
import { STATE_SLOTS } from './cpu-columns.ts';
import type { CpuContext } from './cpu-plan.ts';
import { envPublic } from './cpu-publics.ts';
import { ENV_OPCODES, Family } from './opcode-info.ts';

/** Bus of SSTORE's original-value lookups: (address[10], slot[16], original[16]). */
export const STORAGE_ORIGINAL_BUS = 'storage_original';

const STACK = RwCellTag.Stack;
/** AccountField.Balance (src/evm/tracers/witness-records.ts): the account cell's slot limb 0. */
const ACCOUNT_BALANCE = 2;
const EQ = 0x14;
const ISZERO = 0x15;

/** SLOAD, SSTORE, TLOAD, TSTORE, SELFBALANCE. */
export function storageFamilies(x: CpuContext): void {
  const { b, c } = x;
  const m = (col: number): Expr => x.m(col);
  const sp = m(c.sp);
  const sload = x.sel(Family.Sload);
  const sstore = x.sel(Family.Sstore);
  const tload = x.sel(Family.Tload);
  const tstore = x.sel(Family.Tstore);
  const selfBalance = x.sel(Family.SelfBalance);
  const any = sload.add(sstore).add(tload).add(tstore);
  const key = x.value(0);
  const address = ENV_OPCODES.indexOf(0x30);
  const addr: RwOperand[] = Array.from({ length: ADDRESS_LIMBS }, (_, j) => envPublic(b, address, j));
  const base = m(c.rwcBase);

  // Stack side.
  x.use(0, any, false, STACK, sp.sub(1));
  x.use(1, sstore.add(tstore), false, STACK, sp.sub(2));
  x.use(3, sload, true, STACK, sp.sub(1));
  x.use(2, tload, true, STACK, sp.sub(1));

  // Warm-slot cell: written 1; its previous value (0/1) says whether the slot was warm.
  const W = STATE_SLOTS.warm;
  const warmUse = sload.add(sstore);
  rwAccessConstraints(
    b,
    W,
    { enabled: warmUse, isWrite: 1, counter: base.add(1).add(sstore), key: { tag: RwCellTag.AccessListSlot, frame: 0, address: addr, slot: key } },
    'warm',
  );
  zeroWhenDisabled(b, 'warm', warmUse, W);
  const wasWarm = m(W.prevValue[0]!);
  b.assertBool('was_warm_bool', wasWarm);
  x.wordEq('warm_value', warmUse, W.value.map(m), [1, ...new Array<number>(WORD_LIMBS - 1).fill(0)]);
  x.wordEq('warm_prev_small', warmUse, W.prevValue.slice(1).map(m), new Array<number>(WORD_LIMBS - 1).fill(0));

  // Storage / transient cell, or (SELFBALANCE) the frame account's balance: slot 0 is unused on
  // SELFBALANCE rows, so its key limbs are 0 and the field id can be added without a selector product.
  const S = STATE_SLOTS.state;
  const cellUse = any.add(selfBalance);
  const tag = sload
    .add(sstore)
    .mul(RwCellTag.Storage)
    .add(tload.add(tstore).mul(RwCellTag.Transient))
    .add(selfBalance.mul(RwCellTag.Account));
  const counter = base.add(sload.mul(2)).add(sstore.mul(3)).add(tload).add(tstore.mul(2));
  const cellSlot = key.map((k, j) => (j === 0 ? k.add(selfBalance.mul(ACCOUNT_BALANCE)) : k));
  rwAccessConstraints(b, S, { enabled: cellUse, isWrite: sstore.add(tstore), counter, key: { tag, frame: 0, address: addr, slot: cellSlot } }, 'state');
  zeroWhenDisabled(b, 'state', cellUse, S);
  x.use(1, selfBalance, true, STACK, sp);
  const current = S.prevValue.map(m);
  const stored = S.value.map(m);
  x.wordEq('sload_result', sload, x.value(3), stored);
  x.wordEq('tload_result', tload, x.value(2), stored);
  x.wordEq('selfbalance_result', selfBalance, x.value(1), stored);
  x.wordEq('store_value', sstore.add(tstore), stored, x.value(1));
  b.assertZero('no_store_in_static_frame', sstore.add(tstore).mul(b.public('isStatic')));

  // SSTORE: original value, comparisons, gas, refund.
  const original = c.original.map(m);
  original.forEach((o, j) => b.assertZero(`original_only_on_sstore[${j}]`, x.one.sub(sstore).mul(o)));
  b.send(STORAGE_ORIGINAL_BUS, [...addr, ...key, ...original], sstore);
  const flag = (col: number): Expr => m(col);
  const [eqNC, eqCO, eqNO, zO, zC, zN] = [c.eqNewCurrent, c.eqCurrentOriginal, c.eqNewOriginal, c.zeroOriginal, c.zeroCurrent, c.zeroNew].map(flag) as [
    Expr,
    Expr,
    Expr,
    Expr,
    Expr,
    Expr,
  ];
  const zeroWord = new Array<Expr>(WORD_LIMBS).fill(x.zero);
  const result = (f: Expr): Expr[] => [f, ...zeroWord.slice(1)];
  const compare = (name: string, op: number, a: readonly Expr[], bw: readonly Expr[], f: Expr): void => {
    b.assertZero(`${name}_only_on_sstore`, x.one.sub(sstore).mul(f));
    b.send(ALU_BUS, [b.constant(op), ...a, ...bw, ...zeroWord, ...result(f)], sstore);
  };
  compare('eq_new_current', EQ, stored, current, eqNC);
  compare('eq_current_original', EQ, current, original, eqCO);
  compare('eq_new_original', EQ, stored, original, eqNO);
  compare('zero_original', ISZERO, original, zeroWord, zO);
  compare('zero_current', ISZERO, current, zeroWord, zC);
  compare('zero_new', ISZERO, stored, zeroWord, zN);
  const clean = m(c.clean);
  const dirty = m(c.dirty);
  b.assertEq('sstore_clean', clean, sstore.mul(x.one.sub(eqNC)).mul(eqCO));
  b.assertEq('sstore_dirty', dirty, sstore.mul(x.one.sub(eqNC)).mul(x.one.sub(eqCO)));
  const cold = x.one.sub(wasWarm);
  x.terms.dynamicGas.push(sload.mul(cold).mul(2000), sstore.mul(cold).mul(2100), sstore.mul(100), clean.mul(zO.mul(17100).add(2800)));
  const sLo = m(c.sentryLo);
  const sHi = m(c.sentryHi);
  b.assertZero('sstore_sentry', sstore.mul(m(c.gas).sub(2301).sub(sLo).sub(sHi.mul(65536))));
  b.assertZero('sentry_lo_only_on_sstore', x.one.sub(sstore).mul(sLo));
  b.assertZero('sentry_hi_only_on_sstore', x.one.sub(sstore).mul(sHi));
  b.send(RANGE16_BUS, [sLo]);
  b.send(RANGE16_BUS, [sHi.mul(4)]);

  const delta = m(c.refundDelta);
  const deltaInv = m(c.refundDeltaInv);
  const changed = m(c.refundChanged);
  const expected = clean
    .mul(zN)
    .mul(4800)
    .add(dirty.mul(x.one.sub(zO)).mul(zN.sub(zC)).mul(4800))
    .add(dirty.mul(eqNO).mul(zO.mul(17100).add(2800)));
  b.assertEq('refund_delta', delta, expected);
  b.assertBool('refund_changed_bool', changed);
  b.assertEq('refund_changed_iff_nonzero', delta.mul(deltaInv), changed);
  b.assertZero('refund_unchanged_if_zero', delta.mul(x.one.sub(changed)));
  b.assertZero('refund_inverse_zero', deltaInv.mul(x.one.sub(changed)));
  const R = STATE_SLOTS.refund;
  const zeros = (n: number): RwOperand[] => new Array<RwOperand>(n).fill(0);
  rwAccessConstraints(
    b,
    R,
    { enabled: changed, isWrite: 1, counter: base.add(4), key: { tag: RwCellTag.Refund, frame: 0, address: zeros(ADDRESS_LIMBS), slot: zeros(WORD_LIMBS) } },
    'refund',
  );
  zeroWhenDisabled(b, 'refund', changed, R);
  const rv = R.value.map(m);
  const rp = R.prevValue.map(m);
  b.assertZero('refund_update', changed.mul(rv[0]!.add(rv[1]!.mul(65536)).sub(rp[0]!).sub(rp[1]!.mul(65536)).sub(delta)));
  x.wordEq('refund_value_small', changed, rv.slice(2), zeros(WORD_LIMBS - 2) as number[]);
  x.wordEq('refund_prev_small', changed, rp.slice(2), zeros(WORD_LIMBS - 2) as number[]);
  b.send(RANGE16_BUS, [rv[1]!.mul(4)], changed);
  b.send(RANGE16_BUS, [rp[1]!.mul(4)], changed);
}

/** How many accesses the state slots add to a row (for the counter transition). */
export function stateSlotsUsed(x: CpuContext): Expr {
  const sload = x.sel(Family.Sload);
  const sstore = x.sel(Family.Sstore);
  const any = sload.add(sstore).add(x.sel(Family.Tload)).add(x.sel(Family.Tstore)).add(x.sel(Family.SelfBalance));
  return sload.add(sstore).add(any).add(x.m(x.c.refundChanged));
}
