/**
 * The CPU's read-write access slots: the interface between the step logic and the `rw` bus,
 * implemented by the access gadget of src/circuits/rw (rw-access.ts).
 *
 * Each CPU row has ACCESS_SLOTS slots; a step's accesses occupy slots 0..k−1 in trace order, so
 * slot i's counter is rwcBase + i (no column). Per slot the step logic supplies `enabled` and
 * `isWrite` (selector sums); the slot's own columns are its tag and key (stack index or memory
 * word index: slot limb 0 of a private key, frame 0, address 0) plus the gadget's block
 * (prevCounter, counter-difference chunks, prevValue[16], value[16]). Tag and key are columns, not
 * selector-weighted expressions, so the bus tuples stay degree 1 and LogUp can pair them.
 *
 * The gadget receives the previous state, sends the new one, proves the counter increases and
 * range-checks every limb; this file adds that a disabled slot's columns are all zero, so every
 * column is determined on every row.
 */
import type { AirBuilder, Expr } from '../../stark/index.ts';
import { RW_ACCESS_SCHEMA, RW_ACCESS_WIDTH, rwAccessBlock, rwAccessConstraints, rwPrivateKey, type RwAccessBlock } from '../rw/rw-access.ts';

/** Access slots per CPU row. */
export const ACCESS_SLOTS = 4;

/** Column widths of one access slot: tag, key, then the rw gadget's block. */
export const ACCESS_SLOT_FIELDS = Object.freeze({
  tag: 1,
  key: 1,
  rw: RW_ACCESS_WIDTH,
});

/** The expressions of one access slot. */
export interface AccessSlotExprs {
  readonly enabled: Expr;
  readonly isWrite: Expr;
  readonly counter: Expr;
  readonly tag: Expr;
  readonly key: Expr;
}

type B = AirBuilder<Record<string, number>, Record<string, never>>;

/** The gadget block over a slot's `rw` columns. */
export function slotAccessBlock(rwColumns: readonly number[]): RwAccessBlock {
  return rwAccessBlock(rwColumns);
}

/** Add one stack/memory access slot's bus interactions and constraints (names prefixed `slot{i}`). */
export function accessSlotConstraints(b: B, i: number, block: RwAccessBlock, s: AccessSlotExprs): void {
  const p = `slot${i}`;
  rwAccessConstraints(b, block, { enabled: s.enabled, isWrite: s.isWrite, counter: s.counter, key: rwPrivateKey(s.tag, 0, s.key) }, p);
  zeroWhenDisabled(b, p, s.enabled, block, [
    ['tag', s.tag],
    ['key', s.key],
  ]);
}

/** Require every column of `block` (and the `extra` expressions) to be zero where `enabled` is 0. */
export function zeroWhenDisabled(b: B, prefix: string, enabled: Expr, block: RwAccessBlock, extra: readonly [string, Expr][] = []): void {
  const off = b.constant(1).sub(enabled);
  const determined: [string, Expr][] = [
    ...extra,
    ...Object.keys(RW_ACCESS_SCHEMA)
      .filter((k) => k !== 'width' && k !== 'columnNames')
      .flatMap((k) => {
        const cols = (block as unknown as Record<string, number | readonly number[]>)[k]!;
        return typeof cols === 'number' ? [[k, b.main(cols)] as [string, Expr]] : cols.map((c, j) => [`${k}[${j}]`, b.main(c)] as [string, Expr]);
      }),
  ];
  for (const [name, e] of determined) b.assertZero(`${prefix}.unused_${name}`, off.mul(e));
}
