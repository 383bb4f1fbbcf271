/**
 * The CPU's read-write access slots: the interface between the step logic and the `rw` bus.
 *
 * Each CPU row has ACCESS_SLOTS slots; a step's accesses occupy slots 0..k−1 in trace order, so
 * slot i's counter is rwcBase + i (no column). Per slot the step logic supplies expressions for
 * `enabled` and `isWrite` (from the family selectors); the slot's columns hold tag, key (stack
 * index or memory word index, slot limb 0), value, previous value, previous counter and the two
 * chunks of counter − prevCounter − 1.
 *
 * Constraints per slot (degree ≤ 3), on the `rw` bus (RW_TUPLE, src/circuits/buses.ts):
 * - RECEIVE (tag, 0, 0…, key, 0…, prevCounter, prev) and SEND (tag, 0, 0…, key, 0…, counter,
 *   value), both with multiplicity `enabled` (frame = 0: part 1 proves one frame);
 * - counter − prevCounter − 1 = diffLo + 2^16·diffHi with range16(diffLo), range16(4·diffHi), so
 *   0 < counter − prevCounter < 2^30 when enabled;
 * - a read keeps the value: enabled·(1 − isWrite)·(value − prev) = 0 per limb;
 * - a disabled slot's columns are all zero (every column is determined on every row).
 *
 * Value limbs are not range-checked here: every value the CPU writes is range-valid by
 * construction (immediate bytes from the bytecode table, ALU results whose limbs the ALU rebuilds
 * from range-checked bytes, copies of values read, small range-checked numbers, public words
 * the statement validates), reads return the last value written (offline memory checking), and
 * initial cells are zero or public. This is the documented seam where the rw gadget of
 * src/circuits/rw plugs in.
 */
import type { Expr } from '../../stark/index.ts';
import type { AirBuilder } from '../../stark/index.ts';
import { ADDRESS_LIMBS, RANGE16_BUS, RW_BUS, RW_TUPLE, WORD_LIMBS } from '../buses.ts';

/** Access slots per CPU row. */
export const ACCESS_SLOTS = 4;

/** Column widths of one access slot. */
export const ACCESS_SLOT_FIELDS = Object.freeze({
  tag: 1,
  key: 1,
  value: WORD_LIMBS,
  prev: WORD_LIMBS,
  prevCounter: 1,
  diffLo: 1,
  diffHi: 1,
});

/** The expressions of one access slot (columns read through the builder, plus the step logic's choices). */
export interface AccessSlotExprs {
  readonly enabled: Expr;
  readonly isWrite: Expr;
  readonly counter: Expr;
  readonly tag: Expr;
  readonly key: Expr;
  readonly value: readonly Expr[];
  readonly prev: readonly Expr[];
  readonly prevCounter: Expr;
  readonly diffLo: Expr;
  readonly diffHi: Expr;
}

type B = AirBuilder<Record<string, number>, Record<string, never>>;

/** The `rw` tuple of a stack/memory cell access (frame 0, address 0, key in slot limb 0). */
export function rwTupleExprs(b: B, tag: Expr, key: Expr, counter: Expr, value: readonly Expr[]): Expr[] {
  const zero = b.constant(0);
  const t: Expr[] = new Array<Expr>(RW_TUPLE.arity).fill(zero);
  t[RW_TUPLE.tag] = tag;
  for (let j = 0; j < ADDRESS_LIMBS; j++) t[RW_TUPLE.address + j] = zero;
  t[RW_TUPLE.slot] = key;
  t[RW_TUPLE.counter] = counter;
  for (let j = 0; j < WORD_LIMBS; j++) t[RW_TUPLE.value + j] = value[j]!;
  return t;
}

/** Add one access slot's bus interactions and constraints (names prefixed `slot{i}_`). */
export function accessSlotConstraints(b: B, i: number, s: AccessSlotExprs): void {
  const p = `slot${i}_`;
  const off = b.constant(1).sub(s.enabled);
  b.assertZero(
    `${p}counter_increases`,
    s.enabled.mul(s.counter.sub(s.prevCounter).sub(1).sub(s.diffLo).sub(s.diffHi.mul(65536))),
  );
  b.send(RANGE16_BUS, [s.diffLo], s.enabled);
  b.send(RANGE16_BUS, [s.diffHi.mul(4)], s.enabled);
  const readOnly = s.enabled.mul(b.constant(1).sub(s.isWrite));
  for (let j = 0; j < WORD_LIMBS; j++) b.assertZero(`${p}read_keeps_value[${j}]`, readOnly.mul(s.value[j]!.sub(s.prev[j]!)));
  const determined: [string, Expr][] = [
    ['tag', s.tag],
    ['key', s.key],
    ['prevCounter', s.prevCounter],
    ['diffLo', s.diffLo],
    ['diffHi', s.diffHi],
    ...s.value.map((v, j): [string, Expr] => [`value[${j}]`, v]),
    ...s.prev.map((v, j): [string, Expr] => [`prev[${j}]`, v]),
  ];
  for (const [name, e] of determined) b.assertZero(`${p}unused_${name}`, off.mul(e));
  b.receive(RW_BUS, rwTupleExprs(b, s.tag, s.key, s.prevCounter, s.prev), s.enabled);
  b.send(RW_BUS, rwTupleExprs(b, s.tag, s.key, s.counter, s.value), s.enabled);
}
