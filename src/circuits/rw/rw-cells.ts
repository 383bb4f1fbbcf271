/**
 * The `rw_cells` table: the initial and final states of the PRIVATE cells (stack slots and memory
 * words) on the `rw` bus (design: docs/circuits.md, "The read-write bus"). One real row per touched
 * cell; the row SENDS the cell's initial state (key, 0, 0) (stack and memory start at zero) and
 * RECEIVES its final state (key, finalCounter, finalValue) from free witness columns, so the bus
 * balances only if the cell's accesses form one chain from zero to that final state.
 *
 * No cell may appear twice (a second initial state would let a read restart from zero): the rows
 * are sorted by the packed key tag·2^27 + index, strictly increasing, proven on each transition
 * between real rows by next.key − key − 1 = dLo + 2^16·dHi with dLo and 4·dHi in `range16`.
 * That is sound because every real key lies in [2^27, 3·2^27) (tag ∈ {Stack, Memory}, index =
 * iLo + 2^16·iHi < 2^26 with iLo and 64·iHi in `range16`): a non-increasing step would need a
 * difference of at least p − 2^29 > 2^30 + 2^16. The frame id is a per-row column outside the
 * packed key: two rows with the same (tag, index) are refused even for different frames, which is
 * incomplete for several frames but never unsound (each row's bus key stays distinct).
 *
 * Real rows come first (`real` is 1 then 0, and 0 on the last row, so the table always ends with
 * padding); every other column is 0 on padding rows, so every cell of the trace is determined.
 * All constraints have degree ≤ 3.
 */
import { mul } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { defineTable, schema, type AirBuilder, type Expr } from '../../stark/index.ts';
import { ADDRESS_LIMBS, RANGE16_BUS, RW_BUS, RwTag, WORD_LIMBS } from '../buses.ts';
import { MAX_FRAME_ID, MAX_RW_COUNTER, PACKED_TAG_MULTIPLIER, PRIVATE_INDEX_BITS, packedPrivateKey, writeWordLimbs } from './rw-key.ts';

/** Columns of the `rw_cells` table. */
export const RW_CELLS_COLUMNS = schema({
  /** 1 on rows holding a cell, 0 on padding rows (a prefix of real rows). */
  real: 1,
  /** RwTag.Stack or RwTag.Memory. */
  tag: 1,
  frame: 1,
  /** index = indexLo + 2^16 · indexHi < 2^26 (stack slot or memory word index). */
  indexLo: 1,
  indexHi: 1,
  /** next packed key − packed key − 1 = keyDiffLo + 2^16 · keyDiffHi (0 on the last real row). */
  keyDiffLo: 1,
  keyDiffHi: 1,
  /** The cell's final state as received from its last access. */
  finalCounter: 1,
  finalValue: WORD_LIMBS,
});

/** Table name (the bus owner name of the private cells' boundary). */
export const RW_CELLS_TABLE = 'rw_cells';

/** One private cell's final state (from `RwLedger.finish`). */
export interface PrivateCell {
  readonly tag: number;
  readonly frame: number;
  readonly index: number;
  readonly finalCounter: number;
  readonly finalValue: bigint;
}

/** Thrown for cells the table cannot hold: unsorted or duplicate keys, bad tags, indices or counters. */
export class RwCellsError extends Error {
  constructor(
    message: string,
    readonly details: { row: number },
  ) {
    super(message);
    this.name = 'RwCellsError';
  }
}

type B = AirBuilder<Record<string, number>, Record<string, never>>;

/** Declare the `rw_cells` constraints and interactions (exported for tests that inspect them). */
export function rwCellsConstraints(b: B): void {
  const c = RW_CELLS_COLUMNS;
  const m = (col: number): Expr => b.main(col);
  const real = m(c.real);
  const realNext = b.next(c.real);
  const notReal = b.constant(1).sub(real);
  const tag = m(c.tag);
  const frame = m(c.frame);
  const index = m(c.indexLo).add(m(c.indexHi).mul(1 << 16));
  const indexNext = b.next(c.indexLo).add(b.next(c.indexHi).mul(1 << 16));
  const key = tag.mul(PACKED_TAG_MULTIPLIER).add(index);
  const keyNext = b.next(c.tag).mul(PACKED_TAG_MULTIPLIER).add(indexNext);
  const keyDiffLo = m(c.keyDiffLo);
  const keyDiffHi = m(c.keyDiffHi);

  b.assertBool('real_bool', real);
  b.transition('real_prefix', realNext.mul(notReal));
  b.last('ends_with_padding', real);
  for (let col = 0; col < c.width; col++) {
    if (col !== c.real) b.assertZero(`padding_zero[${c.columnNames[col]}]`, notReal.mul(m(col)));
  }
  b.assertZero('private_tag', real.mul(tag.sub(RwTag.Stack)).mul(tag.sub(RwTag.Memory)));
  b.transition('key_increasing', realNext.mul(keyNext.sub(key).sub(1).sub(keyDiffLo).sub(keyDiffHi.mul(1 << 16))));
  const notRealNext = b.constant(1).sub(realNext);
  b.transition('key_diff_lo_zero_at_end', notRealNext.mul(keyDiffLo));
  b.transition('key_diff_hi_zero_at_end', notRealNext.mul(keyDiffHi));

  b.send(RANGE16_BUS, [m(c.indexLo)], real);
  b.send(RANGE16_BUS, [m(c.indexHi).mul(1 << (16 - (PRIVATE_INDEX_BITS - 16)))], real);
  b.send(RANGE16_BUS, [keyDiffLo], real);
  b.send(RANGE16_BUS, [keyDiffHi.mul(4)], real);

  const address = new Array<number>(ADDRESS_LIMBS).fill(0);
  const slot: (Expr | number)[] = [index, ...new Array<number>(WORD_LIMBS - 1).fill(0)];
  const keyValues = [tag, frame, ...address, ...slot];
  b.send(RW_BUS, [...keyValues, 0, ...new Array<number>(WORD_LIMBS).fill(0)], real);
  b.receive(RW_BUS, [...keyValues, m(c.finalCounter), ...b.mains(c.finalValue)], real);
}

/** The `rw_cells` table definition (sends and receives on `rw`, looks up `range16`). */
export const rwCellsTable = defineTable({
  name: RW_CELLS_TABLE,
  columns: RW_CELLS_COLUMNS,
  constraints: (b) => rwCellsConstraints(b as unknown as B),
});

/**
 * The `rw_cells` trace of `cells`, which must be sorted by packed key with no (tag, index) twice
 * (as `RwLedger.finish` returns them). Height: the next power of two ≥ max(cells + 1, minHeight).
 */
export function rwCellsTrace(cells: readonly PrivateCell[], minHeight = 2): RowMajorMatrix {
  const c = RW_CELLS_COLUMNS;
  let height = 2;
  while (height < Math.max(cells.length + 1, minHeight)) height *= 2;
  const m = RowMajorMatrix.zeros(height, c.width);
  let prevKey = -1;
  cells.forEach((cell, i) => {
    const fail = (what: string): never => {
      throw new RwCellsError(`rw_cells row ${i} (tag ${cell.tag}, index ${cell.index}): ${what}`, { row: i });
    };
    if (cell.tag !== RwTag.Stack && cell.tag !== RwTag.Memory) fail('not a private tag');
    if (!Number.isInteger(cell.index) || cell.index < 0 || cell.index >= 2 ** PRIVATE_INDEX_BITS) fail('index out of range');
    if (!Number.isInteger(cell.frame) || cell.frame < 0 || cell.frame >= MAX_FRAME_ID) fail('frame out of range');
    if (!Number.isInteger(cell.finalCounter) || cell.finalCounter < 0 || cell.finalCounter >= MAX_RW_COUNTER) fail('final counter out of range');
    if (cell.finalValue < 0n || cell.finalValue >= 1n << 256n) fail('final value is not a 256-bit word');
    const key = packedPrivateKey(cell.tag, cell.index);
    if (key <= prevKey) fail('keys must be strictly increasing (sorted, each cell once)');
    const row = m.row(i);
    row[c.real] = 1;
    row[c.tag] = cell.tag;
    row[c.frame] = cell.frame;
    row[c.indexLo] = cell.index & 0xffff;
    row[c.indexHi] = cell.index >>> 16;
    row[c.finalCounter] = cell.finalCounter;
    writeWordLimbs(row, c.finalValue, cell.finalValue);
    const next = cells[i + 1];
    if (next !== undefined) {
      // A negative difference (unsorted cells) is refused on the next iteration.
      const diff = Math.max(0, packedPrivateKey(next.tag, next.index) - key - 1);
      row[c.keyDiffLo] = diff & 0xffff;
      row[c.keyDiffHi] = diff >>> 16;
    }
    prevKey = key;
  });
  return m;
}

/**
 * Add the `range16` lookups of an `rw_cells` trace to `counts` (65536 entries), read back from the
 * trace cells the AIR sends; out-of-range values are skipped so the bus imbalance exposes them.
 */
export function countRwCellsLookups(trace: RowMajorMatrix, counts: Uint32Array): void {
  const c = RW_CELLS_COLUMNS;
  const add = (v: number): void => {
    if (v < 65536) counts[v]! += 1;
  };
  const indexHiScale = 1 << (16 - (PRIVATE_INDEX_BITS - 16));
  for (let i = 0; i < trace.height; i++) {
    const row = trace.row(i);
    if (row[c.real] !== 1) continue;
    add(row[c.indexLo]!);
    add(mul(row[c.indexHi]!, indexHiScale));
    add(row[c.keyDiffLo]!);
    add(mul(row[c.keyDiffHi]!, 4));
  }
}
