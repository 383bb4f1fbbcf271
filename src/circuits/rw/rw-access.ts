/**
 * The read-write access gadget: one "access slot" of a table row (a CPU stack read, a copy-table
 * memory write, ...) taking part in offline memory checking on the `rw` bus (src/circuits/buses.ts;
 * design: docs/circuits.md, "The read-write bus"). Blum et al., "Checking the correctness of
 * memories" (1991), with counters as timestamps; LogUp carries the multiset equality.
 *
 * When `enabled` = 1 the slot
 *   - RECEIVES the cell's previous state (key, prevCounter, prevValue) and SENDS its new state
 *     (key, counter, value), both with multiplicity `enabled`;
 *   - proves counter − prevCounter − 1 = diffLo + 2^16·diffHi with diffLo and 4·diffHi in `range16`
 *     (so diffHi < 2^14 when it is a small integer; for any other field element 2^16·diffHi ≡
 *     2^14·(4·diffHi) anyway, so the difference is an integer below 2^30 + 2^16 in every case);
 *   - keeps value = prevValue when isWrite = 0 (a read);
 *   - range-checks every limb of value and prevValue in `range16`.
 * isWrite and enabled are asserted boolean. A disabled slot constrains nothing else (its columns are
 * free), so tables can leave unused slots at zero.
 *
 * Why the chain of states is the true history: every access consumes exactly one state of its
 * cell and produces one with a strictly larger counter, the statement/rw_cells produce the initial
 * state (counter 0) and consume the final one once. Balanced multisets with strictly increasing
 * counters admit no cycle, so a cell's accesses form ONE path from the initial to the final state
 * in counter order: each access sees the value of the previous access to the same cell. Counters
 * must stay below MAX_RW_COUNTER (2^30) for "difference < 2^30 + 2^16" to mean "greater" in
 * BabyBear (p ≈ 2^30.9): callers derive counters from the witness trace's `rwc` and bound them.
 *
 * Columns (RW_ACCESS_WIDTH = 35): prevCounter, diffLo, diffHi, prevValue[16], value[16]. The key,
 * counter, isWrite and enabled are operands: expressions the caller derives (the CPU's stack key
 * from its stack pointer, the counter from rwcBase + slot index) or its own columns
 * (`rwKeyFromColumns`).
 *
 * Degree, with e = deg(enabled), w = deg(isWrite), k = max degree of the key operands, c =
 * deg(counter): booleanity 2e and 2w; read rule e + w + 1; counter step e + max(c, 1); bus tuples
 * degree max(k, c, 1) with multiplicity degree e. With degree-1 operands every constraint is at
 * most degree 3 and LogUp packs the 34 range16 lookups two per helper column.
 */
import { mul } from '../../field/babybear.ts';
import type { AirBuilder, Expr } from '../../stark/index.ts';
import { schema } from '../../stark/index.ts';
import { ADDRESS_LIMBS, RANGE16_BUS, RW_BUS, WORD_LIMBS } from '../buses.ts';
import { MAX_RW_COUNTER, writeWordLimbs } from './rw-key.ts';

/** Witness columns of one access slot, relative to the slot's first column. */
export const RW_ACCESS_SCHEMA = schema({
  /** Counter of the cell's previous state (0 for its initial state). */
  prevCounter: 1,
  /** counter − prevCounter − 1 = diffLo + 2^16 · diffHi. */
  diffLo: 1,
  diffHi: 1,
  /** The cell's previous value, 16-bit limbs, little-endian. */
  prevValue: WORD_LIMBS,
  /** The cell's new value (equal to prevValue for a read). */
  value: WORD_LIMBS,
});
/** Number of columns one access slot occupies. */
export const RW_ACCESS_WIDTH = RW_ACCESS_SCHEMA.width;

/** Key columns for tables that store an access's key (tag, frame, address, slot) as columns. */
export const RW_KEY_SCHEMA = schema({ tag: 1, frame: 1, address: ADDRESS_LIMBS, slot: WORD_LIMBS });
/** Number of columns of a stored key. */
export const RW_KEY_WIDTH = RW_KEY_SCHEMA.width;

/** Absolute column indices of one access slot in its table. */
export interface RwAccessBlock {
  readonly prevCounter: number;
  readonly diffLo: number;
  readonly diffHi: number;
  readonly prevValue: readonly number[];
  readonly value: readonly number[];
}

/** Absolute column indices of a stored key. */
export interface RwKeyBlock {
  readonly tag: number;
  readonly frame: number;
  readonly address: readonly number[];
  readonly slot: readonly number[];
}

/** An operand: an expression over the caller's columns, or a constant. */
export type RwOperand = Expr | number;

/** The key of an access as operands: address has 10 components, slot 16 (RW_TUPLE layout). */
export interface RwKeyOperands {
  readonly tag: RwOperand;
  readonly frame: RwOperand;
  readonly address: readonly RwOperand[];
  readonly slot: readonly RwOperand[];
}

/** The caller-provided operands of one access slot. */
export interface RwAccessOperands {
  /** 1 on rows where this slot accesses the bus, 0 elsewhere (asserted boolean). */
  readonly enabled: RwOperand;
  /** 1 for a write, 0 for a read (asserted boolean). */
  readonly isWrite: RwOperand;
  /** The access's counter (the witness trace's rwc, below MAX_RW_COUNTER). */
  readonly counter: RwOperand;
  readonly key: RwKeyOperands;
}

/** Thrown when a slot's witness values cannot satisfy the gadget (a bug in the caller's witness). */
export class RwAccessError extends Error {
  constructor(
    message: string,
    readonly details: { counter: number; prevCounter: number },
  ) {
    super(message);
    this.name = 'RwAccessError';
  }
}

type Layout = Readonly<Record<string, number | readonly number[]>>;

function blockFrom<T>(layout: Layout, columns: readonly number[], width: number, what: string): T {
  if (columns.length !== width) throw new RangeError(`${what}: expected ${width} columns, got ${columns.length}`);
  const out: Record<string, number | readonly number[]> = {};
  for (const [name, rel] of Object.entries(layout)) {
    if (name === 'width' || name === 'columnNames') continue;
    out[name] = typeof rel === 'number' ? columns[rel]! : Object.freeze(rel.map((r) => columns[r]!));
  }
  return Object.freeze(out) as T;
}

/** The access block over `columns` (RW_ACCESS_WIDTH consecutive entries of the caller's schema). */
export function rwAccessBlock(columns: readonly number[]): RwAccessBlock {
  return blockFrom<RwAccessBlock>(RW_ACCESS_SCHEMA as unknown as Layout, columns, RW_ACCESS_WIDTH, 'rwAccessBlock');
}

/** The key block over `columns` (RW_KEY_WIDTH consecutive entries of the caller's schema). */
export function rwKeyBlock(columns: readonly number[]): RwKeyBlock {
  return blockFrom<RwKeyBlock>(RW_KEY_SCHEMA as unknown as Layout, columns, RW_KEY_WIDTH, 'rwKeyBlock');
}

/** Key operands read from stored key columns on the current row. */
export function rwKeyFromColumns(b: AirBuilder<any, any>, key: RwKeyBlock): RwKeyOperands {
  return { tag: b.main(key.tag), frame: b.main(key.frame), address: b.mains(key.address), slot: b.mains(key.slot) };
}

/** Key operands of a private cell (stack or memory): address 0, slot = [index, 0, ..., 0]. */
export function rwPrivateKey(tag: RwOperand, frame: RwOperand, index: RwOperand): RwKeyOperands {
  const slot: RwOperand[] = new Array<RwOperand>(WORD_LIMBS).fill(0);
  slot[0] = index;
  return { tag, frame, address: new Array<RwOperand>(ADDRESS_LIMBS).fill(0), slot };
}

function assertBoolOperand(b: AirBuilder<any, any>, name: string, x: RwOperand): void {
  if (typeof x === 'number') {
    if (x !== 0 && x !== 1) throw new RangeError(`${name}: constant ${x} is not 0 or 1`);
    return;
  }
  b.assertBool(name, x);
}

/**
 * Add one access slot's constraints and bus interactions. `name` prefixes the constraint names
 * (unique per slot in a table, e.g. 'rw0'): `<name>.enabled_bool`, `<name>.is_write_bool`,
 * `<name>.counter_step`, `<name>.read_keeps_value[j]` (booleanity is skipped for constant operands,
 * the read rule for a slot that always writes).
 */
export function rwAccessConstraints(b: AirBuilder<any, any>, block: RwAccessBlock, access: RwAccessOperands, name = 'rw'): void {
  const { key } = access;
  if (key.address.length !== ADDRESS_LIMBS || key.slot.length !== WORD_LIMBS) {
    throw new RangeError(`${name}: key needs ${ADDRESS_LIMBS} address and ${WORD_LIMBS} slot operands`);
  }
  const enabled = b.arena.lift(access.enabled);
  const isWrite = b.arena.lift(access.isWrite);
  const counter = b.arena.lift(access.counter);
  const prevCounter = b.main(block.prevCounter);
  const diffLo = b.main(block.diffLo);
  const diffHi = b.main(block.diffHi);
  const prevValue = b.mains(block.prevValue);
  const value = b.mains(block.value);

  assertBoolOperand(b, `${name}.enabled_bool`, access.enabled);
  assertBoolOperand(b, `${name}.is_write_bool`, access.isWrite);
  const step = counter.sub(prevCounter).sub(1).sub(diffLo).sub(diffHi.mul(1 << 16));
  b.assertZero(`${name}.counter_step`, enabled.mul(step));
  if (access.isWrite !== 1) {
    const isRead = enabled.mul(b.constant(1).sub(isWrite));
    for (let j = 0; j < WORD_LIMBS; j++) b.assertZero(`${name}.read_keeps_value[${j}]`, isRead.mul(value[j]!.sub(prevValue[j]!)));
  }

  const keyValues: RwOperand[] = [key.tag, key.frame, ...key.address, ...key.slot];
  b.receive(RW_BUS, [...keyValues, prevCounter, ...prevValue], enabled);
  b.send(RW_BUS, [...keyValues, counter, ...value], enabled);

  b.send(RANGE16_BUS, [diffLo], enabled);
  b.send(RANGE16_BUS, [diffHi.mul(4)], enabled);
  for (let j = 0; j < WORD_LIMBS; j++) {
    b.send(RANGE16_BUS, [prevValue[j]!], enabled);
    b.send(RANGE16_BUS, [value[j]!], enabled);
  }
}

const WORD_LIMIT = 1n << 256n;

/** The witness of one enabled access slot. */
export interface RwAccessWitness {
  readonly counter: number;
  readonly prevCounter: number;
  readonly value: bigint;
  readonly prevValue: bigint;
}

/**
 * Write an enabled slot's columns into `row` (the counter, key, isWrite and enabled operands are the
 * caller's). Throws RwAccessError unless prevCounter < counter < MAX_RW_COUNTER and both values are
 * 256-bit words.
 */
export function fillRwAccess(row: Uint32Array, block: RwAccessBlock, w: RwAccessWitness): void {
  const { counter, prevCounter } = w;
  if (!Number.isInteger(counter) || !Number.isInteger(prevCounter) || prevCounter < 0 || counter <= prevCounter || counter >= MAX_RW_COUNTER) {
    throw new RwAccessError(`rw access: need 0 <= prevCounter < counter < 2^30 (got ${prevCounter}, ${counter})`, { counter, prevCounter });
  }
  for (const v of [w.value, w.prevValue]) {
    if (v < 0n || v >= WORD_LIMIT) throw new RwAccessError(`rw access at counter ${counter}: value ${v} is not a 256-bit word`, { counter, prevCounter });
  }
  const diff = counter - prevCounter - 1;
  row[block.prevCounter] = prevCounter;
  row[block.diffLo] = diff & 0xffff;
  row[block.diffHi] = diff >>> 16;
  writeWordLimbs(row, block.prevValue, w.prevValue);
  writeWordLimbs(row, block.value, w.value);
}

/**
 * Add the range16 lookups one ENABLED slot of `row` makes to `counts` (65536 entries). Values with no
 * table row (out of range) are skipped, so a bad witness shows up as a `range16` bus imbalance.
 */
export function countRwAccessLookups(row: Uint32Array, block: RwAccessBlock, counts: Uint32Array): void {
  const add = (v: number): void => {
    if (v < 65536) counts[v]! += 1;
  };
  add(row[block.diffLo]!);
  add(mul(row[block.diffHi]!, 4));
  for (let j = 0; j < WORD_LIMBS; j++) {
    add(row[block.prevValue[j]!]!);
    add(row[block.value[j]!]!);
  }
}
