import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import {
  DEFAULT_CONFIG,
  ProverRefusedError,
  TEST_CONFIG_INSECURE,
  VerificationError,
  checkWitness,
  defineSystem,
  defineTable,
  rangeTable,
  schema,
  prove,
  setup,
  verify,
  type BoundaryMessage,
} from '../../stark/index.ts';
import { forceProve } from '../../stark/testing/force-prove.ts';
import { RW_TUPLE, RwTag } from '../buses.ts';
import { RW_ACCESS_WIDTH, RwAccessError, fillRwAccess, rwAccessBlock, rwAccessConstraints, rwPrivateKey } from './rw-access.ts';
import { RW_CELLS_COLUMNS } from './rw-cells.ts';
import { bigLimbs } from './rw-key.ts';
import type { RwAccess } from './rw-ledger.ts';
import { RW_TEST_ACCESS, RW_TEST_COLUMNS, RW_TEST_TABLES, rwTestRange16, rwTestWitness, type RwTestWitness } from './testing.ts';

const system = defineSystem([...RW_TEST_TABLES]);
const keys = setup(system, TEST_CONFIG_INSECURE);
const testTable = system.tables[0]!;
const C = RW_TEST_COLUMNS;
const A = RW_TEST_ACCESS;
const CONTRACT = 0xc0ffee00000000000000000000000000000000c0n;
const BIG = (1n << 255n) + 0x1234_5678_9abc_def0n;

const stack = (slot: number, counter: number, isWrite: boolean, value: bigint): RwAccess => ({
  tag: RwTag.Stack,
  frame: 0,
  address: 0n,
  slot: BigInt(slot),
  counter,
  isWrite,
  value,
});
const memory = (word: number, counter: number, isWrite: boolean, value: bigint): RwAccess => ({ ...stack(word, counter, isWrite, value), tag: RwTag.Memory });
const storage = (slot: bigint, counter: number, isWrite: boolean, value: bigint, prev?: bigint): RwAccess => ({
  tag: RwTag.Storage,
  frame: 0,
  address: CONTRACT,
  slot,
  counter,
  isWrite,
  value,
  ...(prev === undefined ? {} : { prev }),
});

/** A small history: stack pushes/pops, memory read of untouched memory, overwrite, storage read and write. */
const HISTORY: RwAccess[] = [
  stack(0, 1, true, 5n),
  stack(1, 2, true, BIG),
  stack(1, 3, false, BIG),
  stack(0, 4, false, 5n),
  memory(4, 5, false, 0n), // first read of untouched memory sees zero
  memory(4, 6, true, BIG),
  memory(4, 9, false, BIG),
  memory(70000, 10, true, 1n), // word index above 2^16
  storage(7n, 11, false, 42n), // public: initial value 42 from C
  storage(7n, 12, true, 43n, 42n),
  storage(7n, 13, false, 43n),
  storage(BIG, 14, true, 1n, 0n),
  memory(9, 15, false, 0n), // the only access to word 9
  stack(0, 20, true, 6n), // overwrite
  stack(0, 21, false, 6n),
];

function copyMatrix(m: RowMajorMatrix): RowMajorMatrix {
  return new RowMajorMatrix(m.values.slice(), m.width);
}

/** The witness with new rw_test / rw_cells traces (range16 recomputed) and optionally a new boundary. */
function rebuilt(w: RwTestWitness, rwTest: RowMajorMatrix, rwCells: RowMajorMatrix, boundary: readonly BoundaryMessage[] = w.boundary) {
  return { traces: { rw_test: rwTest, rw_cells: rwCells, range16: rwTestRange16(rwTest, rwCells) }, boundary };
}

function expectRejected(witness: ReturnType<typeof rebuilt>, constraint: string): void {
  const failures = checkWitness(keys.provingKey, witness);
  expect(failures.map((f) => f.constraint)).toContain(constraint);
  expect(() => prove(keys.provingKey, witness)).toThrow(ProverRefusedError);
  const forced = forceProve(keys.provingKey, witness);
  expect(() => verify(keys.verifyingKey, forced, { boundary: witness.boundary })).toThrow(VerificationError);
}

/** Rewrite the access block of row `row` (counter column too), as a prover would to forge a history. */
function forgeAccess(m: RowMajorMatrix, row: number, counter: number, prevCounter: number, prevValue: bigint, value: bigint): void {
  const r = m.row(row);
  r[C.counter] = counter;
  const diff = (((counter - prevCounter - 1) % P) + P) % P;
  const pv = bigLimbs(prevValue, 16);
  const v = bigLimbs(value, 16);
  for (let j = 0; j < 16; j++) {
    r[A.prevValue[j]!] = pv[j]!;
    r[A.value[j]!] = v[j]!;
  }
  r[A.prevCounter] = prevCounter;
  r[A.diffLo] = diff & 0xffff;
  r[A.diffHi] = Math.floor(diff / 65536);
}

/** Row of the rw_cells trace holding private cell (tag, index). */
function cellRow(w: RwTestWitness, tag: number, index: number): number {
  const i = w.final.privateCells.findIndex((c) => c.tag === tag && c.index === index);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

describe('rw access gadget', () => {
  it('has 35 columns, degree 3, two rw interactions and 34 range16 lookups per slot', () => {
    expect(RW_ACCESS_WIDTH).toBe(35);
    expect(C.width).toBe(3 + 28 + 35);
    expect(testTable.maxDegree).toBe(3);
    expect(testTable.interactions.filter((i) => i.bus === 'rw').map((i) => i.kind)).toEqual(['receive', 'send']);
    expect(testTable.interactions.filter((i) => i.bus === 'range16')).toHaveLength(34);
    expect(() => rwAccessBlock([1, 2, 3])).toThrow(RangeError);
    expect(() => fillRwAccess(new Uint32Array(C.width), A, { counter: 5, prevCounter: 5, value: 0n, prevValue: 0n })).toThrow(RwAccessError);
    expect(() => fillRwAccess(new Uint32Array(C.width), A, { counter: 2 ** 30, prevCounter: 5, value: 0n, prevValue: 0n })).toThrow(RwAccessError);
    expect(() => fillRwAccess(new Uint32Array(C.width), A, { counter: 6, prevCounter: 5, value: 1n << 256n, prevValue: 0n })).toThrow(RwAccessError);
    // Small and full-width words land in the same limbs as the bus encoding.
    const row = new Uint32Array(C.width);
    fillRwAccess(row, A, { counter: 70_000, prevCounter: 1, value: 0x1_2345_6789n, prevValue: 0xdead_beefn });
    expect([row[A.diffLo], row[A.diffHi]]).toEqual([(70_000 - 2) & 0xffff, (70_000 - 2) >>> 16]);
    expect(A.value.map((c) => row[c])).toEqual(bigLimbs(0x1_2345_6789n, 16));
    expect(A.prevValue.map((c) => row[c])).toEqual(bigLimbs(0xdead_beefn, 16));
  });

  it('accepts expression and constant operands (a stack pop keyed by sp − 1, an always-writing slot)', () => {
    const cols = schema({ pop: 1, push: 1, sp: 1, rwc: 1, r: RW_ACCESS_WIDTH, w: RW_ACCESS_WIDTH });
    const table = defineTable({
      name: 'stack_ops',
      columns: cols,
      constraints(b) {
        const sp = b.main(cols.sp);
        const rwc = b.main(cols.rwc);
        rwAccessConstraints(b, rwAccessBlock(cols.r), { enabled: b.main(cols.pop), isWrite: 0, counter: rwc, key: rwPrivateKey(RwTag.Stack, 0, sp.sub(1)) }, 'pop');
        rwAccessConstraints(b, rwAccessBlock(cols.w), { enabled: 1, isWrite: 1, counter: rwc.add(1), key: rwPrivateKey(RwTag.Stack, 0, sp) }, 'push');
      },
    });
    const t = defineSystem([table, rangeTable(16)]).tables[0]!;
    expect(t.maxDegree).toBe(3);
    expect(t.constraints.slice(0, t.userConstraintCount).map((c) => c.name)).toEqual([
      'pop.enabled_bool',
      'pop.counter_step',
      ...Array.from({ length: 16 }, (_, j) => `pop.read_keeps_value[${j}]`),
      'push.counter_step',
    ]);
    expect(() =>
      defineSystem([
        defineTable({
          name: 'bad',
          columns: cols,
          constraints: (b) => rwAccessConstraints(b, rwAccessBlock(cols.r), { enabled: 2, isWrite: 0, counter: 1, key: rwPrivateKey(1, 0, 0) }),
        }),
      ]),
    ).toThrow('not 0 or 1');
  });

  it('proves and verifies a history (reads see the last write, zero initial memory, public storage cells)', () => {
    const w = rwTestWitness(HISTORY);
    expect(w.previous[2]).toEqual({ prevCounter: 2, prevValue: BIG });
    expect(w.previous[4]).toEqual({ prevCounter: 0, prevValue: 0n });
    expect(w.previous[9]).toEqual({ prevCounter: 11, prevValue: 42n });
    expect(w.final.publicCells.map((c) => [c.slot, c.initial, c.final, c.finalCounter])).toEqual([
      [7n, 42n, 43n, 13],
      [BIG, 0n, 1n, 14],
    ]);
    expect(checkWitness(keys.provingKey, w)).toEqual([]);
    const proof = prove(keys.provingKey, w);
    expect(() => verify(keys.verifyingKey, proof, { boundary: w.boundary })).not.toThrow();
    // The same proof with a statement claiming a different initial storage value is rejected.
    const other = rwTestWitness(HISTORY.map((a) => (a.counter === 11 ? { ...a, value: 41n } : a.counter === 12 ? { ...a, prev: 41n } : a)));
    expect(() => verify(keys.verifyingKey, proof, { boundary: other.boundary })).toThrow(VerificationError);
  });

  it('proves a short history at DEFAULT_CONFIG', () => {
    const def = setup(system, DEFAULT_CONFIG);
    const w = rwTestWitness(HISTORY.slice(0, 4));
    expect(() => verify(def.verifyingKey, prove(def.provingKey, w), { boundary: w.boundary })).not.toThrow();
  });

  it('rejects a stale read (a read of the value before the last write)', () => {
    const w = rwTestWitness(HISTORY);
    const rwTest = copyMatrix(w.traces.rw_test);
    const rwCells = copyMatrix(w.traces.rw_cells);
    // Memory word 4: written BIG at 6; the read at 9 claims the state of counter 5 (value 0).
    forgeAccess(rwTest, 6, 9, 5, 0n, 0n);
    const cr = cellRow(w, RwTag.Memory, 4);
    for (let j = 0; j < 16; j++) rwCells.row(cr)[RW_CELLS_COLUMNS.finalValue[j]!] = 0;
    const bad = rebuilt(w, rwTest, rwCells);
    expect(checkWitness(keys.provingKey, bad).map((f) => f.constraint)).toEqual(['bus:rw', 'bus:rw']);
    expectRejected(bad, 'bus:rw');
  });

  it('rejects a read of a nonzero value from a never-written private cell', () => {
    const w = rwTestWitness(HISTORY);
    const rwTest = copyMatrix(w.traces.rw_test);
    const rwCells = copyMatrix(w.traces.rw_cells);
    // Memory word 9 (only read once, at 15) claims 9 from its initial state; rw_cells agrees.
    forgeAccess(rwTest, 12, 15, 0, 9n, 9n);
    rwCells.row(cellRow(w, RwTag.Memory, 9))[RW_CELLS_COLUMNS.finalValue[0]!] = 9;
    const bad = rebuilt(w, rwTest, rwCells);
    expect(checkWitness(keys.provingKey, bad).map((f) => f.constraint)).toEqual(['bus:rw', 'bus:rw']);
    expectRejected(bad, 'bus:rw');
  });

  it('rejects an access whose counter does not exceed the previous one', () => {
    const w = rwTestWitness(HISTORY);
    const rwTest = copyMatrix(w.traces.rw_test);
    const rwCells = copyMatrix(w.traces.rw_cells);
    // The last stack access (slot 0, counter 21) claims counter 19, below its predecessor's 20.
    forgeAccess(rwTest, 14, 19, 20, 6n, 6n);
    rwCells.row(cellRow(w, RwTag.Stack, 0))[RW_CELLS_COLUMNS.finalCounter] = 19;
    const bad = rebuilt(w, rwTest, rwCells);
    expect(checkWitness(keys.provingKey, bad).map((f) => f.constraint)).toEqual(['bus:range16']);
    expectRejected(bad, 'bus:range16');
  });

  it('rejects a storage final value different from the public final value', () => {
    const w = rwTestWitness(HISTORY);
    const boundary = w.boundary.map((m) => {
      if (m.kind !== 'receive' || m.values[RW_TUPLE.counter] !== 13) return m;
      const values = m.values.slice();
      values[RW_TUPLE.value] = 44;
      return { ...m, values };
    });
    const bad = rebuilt(w, w.traces.rw_test, w.traces.rw_cells, boundary);
    expect(checkWitness(keys.provingKey, bad).map((f) => f.constraint)).toEqual(['bus:rw', 'bus:rw']);
    expectRejected(bad, 'bus:rw');
  });

  it('rejects a value limb out of range (65536 in limb 0 standing for 1 in limb 1)', () => {
    const w = rwTestWitness(HISTORY);
    const rwTest = copyMatrix(w.traces.rw_test);
    const rwCells = copyMatrix(w.traces.rw_cells);
    // Memory word 70000 is written 65536 at counter 10: claim limbs [65536, 0, ...] instead of [0, 1, ...].
    const row = rwTest.row(7);
    row[A.value[0]!] = 65536;
    row[A.value[1]!] = 0;
    const cr = rwCells.row(cellRow(w, RwTag.Memory, 70000));
    cr[RW_CELLS_COLUMNS.finalValue[0]!] = 65536;
    cr[RW_CELLS_COLUMNS.finalValue[1]!] = 0;
    const bad = rebuilt(w, rwTest, rwCells);
    expect(checkWitness(keys.provingKey, bad).map((f) => f.constraint)).toEqual(['bus:range16']);
    expectRejected(bad, 'bus:range16');
  });

  it('tampering any column of an access row is caught by a gadget constraint or a bus', () => {
    const w = rwTestWitness(HISTORY);
    const rows = [2, 5, 9]; // a stack read, a memory write, a storage write
    let viaConstraint = 0;
    let viaBus = 0;
    for (let col = 0; col < C.width; col++) {
      for (const row of rows) {
        const rwTest = copyMatrix(w.traces.rw_test);
        rwTest.row(row)[col] = (rwTest.get(row, col) + 1 + (col % 7)) % P;
        const failures = checkWitness(keys.provingKey, rebuilt(w, rwTest, w.traces.rw_cells));
        expect(failures.length, `${C.columnNames[col]} row ${row}`).toBeGreaterThan(0);
        if (failures.some((f) => !f.constraint.startsWith('bus:'))) {
          viaConstraint++;
          for (const f of failures) if (!f.constraint.startsWith('bus:')) expect(f.row).toBe(row);
        } else viaBus++;
      }
    }
    expect(viaConstraint + viaBus).toBe(3 * C.width);
    expect(viaConstraint).toBeGreaterThan(0);
    // A forced proof of a tampered counter (caught by counter_step) is rejected by the verifier.
    const rwTest = copyMatrix(w.traces.rw_test);
    rwTest.row(5)[C.counter] = rwTest.get(5, C.counter) + 1;
    const bad = rebuilt(w, rwTest, w.traces.rw_cells);
    expect(() => verify(keys.verifyingKey, forceProve(keys.provingKey, bad), { boundary: bad.boundary })).toThrow(VerificationError);
  });
});
