import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { ProverRefusedError, TEST_CONFIG_INSECURE, VerificationError, checkWitness, defineSystem, prove, setup, verify } from '../../stark/index.ts';
import { forceProve } from '../../stark/testing/force-prove.ts';
import { RwTag } from '../buses.ts';
import { RW_CELLS_COLUMNS, RwCellsError, rwCellsTrace, type PrivateCell } from './rw-cells.ts';
import type { RwAccess } from './rw-ledger.ts';
import { RW_TEST_ACCESS, RW_TEST_TABLES, rwTestRange16, rwTestWitness } from './testing.ts';

const system = defineSystem([...RW_TEST_TABLES]);
const keys = setup(system, TEST_CONFIG_INSECURE);
const cellsTable = system.tables[1]!;
const C = RW_CELLS_COLUMNS;

const access = (tag: number, index: number, counter: number, isWrite: boolean, value: bigint): RwAccess => ({
  tag,
  frame: 0,
  address: 0n,
  slot: BigInt(index),
  counter,
  isWrite,
  value,
});

/** Stack slots 0..2 and memory words 0, 1, 2^16 + 5 and 2^26 − 1: seven cells, rows of every shape. */
const HISTORY: RwAccess[] = [
  access(RwTag.Stack, 0, 1, true, 3n),
  access(RwTag.Stack, 1, 2, true, 4n),
  access(RwTag.Stack, 2, 3, false, 0n),
  access(RwTag.Memory, 0, 4, true, (1n << 256n) - 1n),
  access(RwTag.Memory, 1, 5, false, 0n),
  access(RwTag.Memory, 65541, 6, true, 77n),
  access(RwTag.Memory, 2 ** 26 - 1, 7, true, 1n),
  access(RwTag.Stack, 0, 8, false, 3n),
];

function withTraces(w: ReturnType<typeof rwTestWitness>, rwTest: RowMajorMatrix, rwCells: RowMajorMatrix) {
  return { traces: { rw_test: rwTest, rw_cells: rwCells, range16: rwTestRange16(rwTest, rwCells) }, boundary: w.boundary };
}

describe('rw_cells table', () => {
  it('has 24 columns and degree 3; sends the initial and receives the final state of each cell', () => {
    expect(C.width).toBe(24);
    expect(cellsTable.maxDegree).toBe(3);
    expect(cellsTable.interactions.filter((i) => i.bus === 'rw').map((i) => i.kind)).toEqual(['send', 'receive']);
    expect(cellsTable.interactions.filter((i) => i.bus === 'range16')).toHaveLength(4);
  });

  it('proves a history over seven cells, and a history with no private cell (all padding)', () => {
    const w = rwTestWitness(HISTORY);
    expect(w.final.privateCells.map((c) => [c.tag, c.index, c.finalCounter])).toEqual([
      [RwTag.Stack, 0, 8],
      [RwTag.Stack, 1, 2],
      [RwTag.Stack, 2, 3],
      [RwTag.Memory, 0, 4],
      [RwTag.Memory, 1, 5],
      [RwTag.Memory, 65541, 6],
      [RwTag.Memory, 2 ** 26 - 1, 7],
    ]);
    expect(w.traces.rw_cells.height).toBe(8);
    const proof = prove(keys.provingKey, w);
    expect(() => verify(keys.verifyingKey, proof, { boundary: w.boundary })).not.toThrow();

    const storageOnly = rwTestWitness([{ tag: RwTag.Storage, frame: 0, address: 1n, slot: 2n, counter: 1, isWrite: true, value: 3n, prev: 0n }]);
    expect(storageOnly.final.privateCells).toEqual([]);
    expect(checkWitness(keys.provingKey, storageOnly)).toEqual([]);
  });

  it('refuses cells it cannot hold (unsorted, duplicate, public tag, index or counter out of range)', () => {
    const cell = (tag: number, index: number, extra: Partial<PrivateCell> = {}): PrivateCell => ({
      tag,
      frame: 0,
      index,
      finalCounter: 1,
      finalValue: 0n,
      ...extra,
    });
    expect(() => rwCellsTrace([cell(RwTag.Memory, 1), cell(RwTag.Stack, 5)])).toThrow(RwCellsError);
    expect(() => rwCellsTrace([cell(RwTag.Stack, 5), cell(RwTag.Stack, 5, { frame: 1 })])).toThrow('strictly increasing');
    expect(() => rwCellsTrace([cell(RwTag.Storage, 1)])).toThrow('not a private tag');
    expect(() => rwCellsTrace([cell(RwTag.Memory, 2 ** 26)])).toThrow('index out of range');
    expect(() => rwCellsTrace([cell(RwTag.Memory, 3, { finalCounter: 2 ** 30 })])).toThrow('final counter out of range');
    expect(() => rwCellsTrace([cell(RwTag.Memory, 3, { finalValue: 1n << 256n })])).toThrow(RwCellsError);
    expect(rwCellsTrace([cell(RwTag.Memory, 3)], 16).height).toBe(16);
  });

  it('rejects a duplicated cell (a second initial state lets a read see zero after a write)', () => {
    // Honest: memory word 4 written 7 at counter 1, read at 2 (sees 7).
    const honest = rwTestWitness([access(RwTag.Memory, 4, 1, true, 7n), access(RwTag.Memory, 4, 2, false, 7n)]);
    const rwTest = new RowMajorMatrix(honest.traces.rw_test.values.slice(), honest.traces.rw_test.width);
    // Malicious: the read consumes a second initial state (0, 0) of the same cell.
    const read = rwTest.row(1);
    read[RW_TEST_ACCESS.prevCounter] = 0;
    read[RW_TEST_ACCESS.diffLo] = 1;
    read[RW_TEST_ACCESS.value[0]!] = 0;
    read[RW_TEST_ACCESS.prevValue[0]!] = 0;
    const rwCells = RowMajorMatrix.zeros(4, C.width);
    rwCells.row(0).set(honest.traces.rw_cells.row(0));
    rwCells.row(1).set(honest.traces.rw_cells.row(0));
    rwCells.row(0)[C.finalCounter] = 1; // the write is now the cell's last access in the first chain
    rwCells.row(1)[C.finalCounter] = 2;
    rwCells.row(1)[C.finalValue[0]!] = 0;
    // Key step of −1: next.key − key − 1 = p − 1 = 2^16 · 30720 satisfies key_increasing in the field;
    // 4 · 30720 is not a 16-bit value, so only the range16 lookup can refuse it.
    rwCells.row(0)[C.keyDiffLo] = 0;
    rwCells.row(0)[C.keyDiffHi] = (P - 1) / 65536;
    const bad = withTraces(honest, rwTest, rwCells);
    expect(checkWitness(keys.provingKey, bad).map((f) => f.constraint)).toEqual(['bus:range16']);
    expect(() => prove(keys.provingKey, bad)).toThrow(ProverRefusedError);
    expect(() => verify(keys.verifyingKey, forceProve(keys.provingKey, bad), { boundary: bad.boundary })).toThrow(VerificationError);
  });

  it('tampering any column of a real or padding row is caught by a constraint or a bus', () => {
    const w = rwTestWitness(HISTORY);
    const rows = [0, 3, 6, 7]; // first, middle and last real rows, then the padding row
    for (let col = 0; col < C.width; col++) {
      for (const row of rows) {
        const rwCells = new RowMajorMatrix(w.traces.rw_cells.values.slice(), C.width);
        rwCells.row(row)[col] = (rwCells.get(row, col) + 1 + (col % 5)) % P;
        const failures = checkWitness(keys.provingKey, withTraces(w, w.traces.rw_test, rwCells));
        expect(failures.length, `${C.columnNames[col]} row ${row}`).toBeGreaterThan(0);
        for (const f of failures) {
          if (f.constraint.startsWith('bus:')) continue;
          expect(f.table).toBe('rw_cells');
          expect([row - 1, row]).toContain(f.row);
        }
      }
    }
    // A forced proof of a tampered index (caught by key_increasing) is rejected by the verifier.
    const rwCells = new RowMajorMatrix(w.traces.rw_cells.values.slice(), C.width);
    rwCells.row(3)[C.indexLo] = rwCells.get(3, C.indexLo) + 1;
    const bad = withTraces(w, w.traces.rw_test, rwCells);
    expect(() => verify(keys.verifyingKey, forceProve(keys.provingKey, bad), { boundary: bad.boundary })).toThrow(VerificationError);
  });
});
