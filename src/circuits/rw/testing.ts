/**
 * TEST ONLY. A minimal table driving the access gadget from a hand-built access list, so the `rw`
 * bus, `rw_cells` and the public boundary can be proven without the CPU: one row per access with
 * the enabled flag, isWrite, counter and key stored as columns, plus one access block. Also the
 * witness builder that runs `RwLedger` over the list and produces every trace and the statement.
 */
import { RowMajorMatrix } from '../../field/matrix.ts';
import { defineTable, rangeTable, schema, type BoundaryMessage } from '../../stark/index.ts';
import {
  RW_ACCESS_WIDTH,
  RW_KEY_WIDTH,
  countRwAccessLookups,
  fillRwAccess,
  rwAccessBlock,
  rwAccessConstraints,
  rwKeyBlock,
  rwKeyFromColumns,
} from './rw-access.ts';
import { countRwCellsLookups, rwCellsTable, rwCellsTrace } from './rw-cells.ts';
import { writeRwKey } from './rw-key.ts';
import { RwLedger, publicCellBoundary, type RwAccess, type RwFinalState, type RwPrevious } from './rw-ledger.ts';

/** Columns of the test access table. */
export const RW_TEST_COLUMNS = schema({ enabled: 1, isWrite: 1, counter: 1, key: RW_KEY_WIDTH, access: RW_ACCESS_WIDTH });
/** The access block of the test table. */
export const RW_TEST_ACCESS = rwAccessBlock(RW_TEST_COLUMNS.access);
/** The key block of the test table. */
export const RW_TEST_KEY = rwKeyBlock(RW_TEST_COLUMNS.key);

/** The test access table `rw_test`: one gadget slot per row, every operand a column. */
export const rwTestTable = defineTable({
  name: 'rw_test',
  columns: RW_TEST_COLUMNS,
  constraints(b) {
    const c = RW_TEST_COLUMNS;
    rwAccessConstraints(b, RW_TEST_ACCESS, {
      enabled: b.main(c.enabled),
      isWrite: b.main(c.isWrite),
      counter: b.main(c.counter),
      key: rwKeyFromColumns(b, RW_TEST_KEY),
    });
  },
});

/** Tables of a test proof, in `defineSystem` order. */
export const RW_TEST_TABLES = Object.freeze([rwTestTable, rwCellsTable, rangeTable(16)]);

/** Traces, statement and ledger results of an access list. */
export interface RwTestWitness {
  readonly traces: { rw_test: RowMajorMatrix; rw_cells: RowMajorMatrix; range16: RowMajorMatrix };
  readonly boundary: BoundaryMessage[];
  readonly previous: RwPrevious[];
  readonly final: RwFinalState;
}

/** The `rw_test` trace of accesses with their consumed states (one row each, then zero padding). */
export function rwTestTrace(accesses: readonly RwAccess[], previous: readonly RwPrevious[]): RowMajorMatrix {
  const c = RW_TEST_COLUMNS;
  let height = 2;
  while (height < accesses.length + 1) height *= 2;
  const m = RowMajorMatrix.zeros(height, c.width);
  accesses.forEach((a, i) => {
    const row = m.row(i);
    row[c.enabled] = 1;
    row[c.isWrite] = a.isWrite ? 1 : 0;
    row[c.counter] = a.counter;
    writeRwKey(row, c.key[0]!, a);
    const p = previous[i]!;
    fillRwAccess(row, RW_TEST_ACCESS, { counter: a.counter, prevCounter: p.prevCounter, value: a.value, prevValue: p.prevValue });
  });
  return m;
}

/** The range16 multiplicities of a test witness, recomputed from its traces (after any tampering). */
export function rwTestRange16(rwTest: RowMajorMatrix, rwCells: RowMajorMatrix): RowMajorMatrix {
  const counts = new Uint32Array(65536);
  for (let i = 0; i < rwTest.height; i++) {
    const row = rwTest.row(i);
    if (row[RW_TEST_COLUMNS.enabled] === 1) countRwAccessLookups(row, RW_TEST_ACCESS, counts);
  }
  countRwCellsLookups(rwCells, counts);
  return new RowMajorMatrix(counts, 1);
}

/** Run the ledger over `accesses` and build the full test witness. */
export function rwTestWitness(accesses: readonly RwAccess[]): RwTestWitness {
  const ledger = new RwLedger();
  const previous = accesses.map((a) => ledger.access(a));
  const final = ledger.finish();
  const rwTest = rwTestTrace(accesses, previous);
  const rwCells = rwCellsTrace(final.privateCells);
  return {
    traces: { rw_test: rwTest, rw_cells: rwCells, range16: rwTestRange16(rwTest, rwCells) },
    boundary: publicCellBoundary(final.publicCells),
    previous,
    final,
  };
}
