import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import {
  ProverRefusedError,
  TEST_CONFIG_INSECURE,
  VerificationError,
  checkBuses,
  checkTableConstraints,
  checkWitness,
  defineSystem,
  prove,
  rangeTable,
  setup,
  verify,
  type BoundaryMessage,
} from '../../stark/index.ts';
import { forceProve } from '../../stark/testing/force-prove.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import { RANGE16_BUS, RANGE8_BUS } from '../buses.ts';
import { StreamTag } from './byte-stream.ts';
import { COPY_COLUMNS, copyTable } from './copy-air.ts';
import {
  CopyMemory,
  CopyTraceError,
  addCopyLookups,
  copyBoundary,
  copyPeerBoundary,
  copyTraces,
  type ByteString,
  type CopyOperation,
  type CopyTraces,
} from './copy-trace.ts';
import { constraintsByColumn } from '../../stark/testing/constraint-columns.ts';

const system = defineSystem([copyTable, rangeTable(8), rangeTable(16)]);
const keys = setup(system, TEST_CONFIG_INSECURE);
const copyCompiled = system.tables[0]!;
const C = COPY_COLUMNS;

const CODE: ByteString = { digest: [11, 12, 13, 14, 15, 16, 17, 18], bytes: Uint8Array.from({ length: 45 }, (_, i) => (i * 37 + 5) & 255) };
const CALLDATA: ByteString = { digest: [21, 22, 23, 24, 25, 26, 27, 28], bytes: Uint8Array.from({ length: 10 }, (_, i) => 250 - i) };

interface Scenario {
  ops: CopyOperation[];
  t: CopyTraces;
  memory: CopyMemory;
  boundary: BoundaryMessage[];
}

/** Memory words 0..3 of frame 0 preset with nonzero bytes (standing for earlier CPU writes). */
function presetMemory(rng: SeededRng): CopyMemory {
  const mem = new CopyMemory();
  for (let w = 0; w < 4; w++) mem.preset(0, w, Uint8Array.from({ length: 32 }, () => rng.below(256)), 1 + w);
  return mem;
}

/** A CALLDATACOPY past the end, a CODECOPY, an overlapping MCOPY, a KECCAK256 input and a LOG data stream. */
function scenario(seed = 1): Scenario {
  const rng = new SeededRng(seed);
  const memory = presetMemory(rng);
  const ops: CopyOperation[] = [
    { src: { kind: 'bytes', digest: CALLDATA.digest }, srcOffset: 4, dst: { kind: 'memory', frame: 0 }, dstOffset: 29, length: 12, rwcStart: 10 },
    { src: { kind: 'bytes', digest: CODE.digest }, srcOffset: 0, dst: { kind: 'memory', frame: 0 }, dstOffset: 100, length: 33, rwcStart: 20 },
    { src: { kind: 'memory', frame: 0 }, srcOffset: 3, dst: { kind: 'memory', frame: 0 }, dstOffset: 20, length: 40, rwcStart: 30 },
    { src: { kind: 'memory', frame: 0 }, srcOffset: 31, dst: { kind: 'stream', tag: StreamTag.Keccak, id: 40 }, dstOffset: 0, length: 34, rwcStart: 40 },
    { src: { kind: 'memory', frame: 0 }, srcOffset: 64, dst: { kind: 'stream', tag: StreamTag.Log, id: 50 }, dstOffset: 0, length: 5, rwcStart: 50 },
  ];
  const t = copyTraces(ops, [CODE, CALLDATA], memory);
  const boundary = [...copyBoundary(ops, t.rwcEnds), ...copyPeerBoundary(ops, [CODE, CALLDATA], t.data), ...memory.boundary()];
  return { ops, t, memory, boundary };
}

function lookupTraces(copy: RowMajorMatrix): { range8: RowMajorMatrix; range16: RowMajorMatrix } {
  const r8 = new Uint32Array(256);
  const r16 = new Uint32Array(65536);
  addCopyLookups(copy, r8, r16);
  return { range8: new RowMajorMatrix(r8, 1), range16: new RowMajorMatrix(r16, 1) };
}

function witnessOf(copy: RowMajorMatrix, boundary: readonly BoundaryMessage[]) {
  return { traces: { copy, ...lookupTraces(copy) }, boundary };
}

function withCells(m: RowMajorMatrix, edits: [row: number, col: number, value: number][]): RowMajorMatrix {
  const v = m.values.slice();
  for (const [r, c, x] of edits) v[r * m.width + c] = ((x % P) + P) % P;
  return new RowMajorMatrix(v, m.width);
}


function expectRejected(copy: RowMajorMatrix, boundary: readonly BoundaryMessage[], expected: string): void {
  const witness = witnessOf(copy, boundary);
  expect(checkWitness(keys.provingKey, witness).map((f) => f.constraint)).toContain(expected);
  expect(() => prove(keys.provingKey, witness)).toThrow(ProverRefusedError);
  const forced = forceProve(keys.provingKey, witness);
  expect(() => verify(keys.verifyingKey, forced, { boundary })).toThrow(VerificationError);
}

/** Row of byte k of copy i. */
function rowOf(s: Scenario, i: number, k: number): number {
  return s.ops.slice(0, i).reduce((acc, op) => acc + op.length, 0) + k;
}

describe('copy table', () => {
  it('has 240 columns and degree 3', () => {
    expect(C.width).toBe(240);
    expect(copyCompiled.maxDegree).toBe(3);
  });

  it('moves the bytes a byte-level memmove model moves (zero past the source end) and the witness checks', () => {
    const rng = new SeededRng(1);
    const image = new Uint8Array(256);
    for (let w = 0; w < 4; w++) image.set(Uint8Array.from({ length: 32 }, () => rng.below(256)), 32 * w);
    const s = scenario(1);
    const streams: Uint8Array[] = [];
    for (const op of s.ops) {
      const src = op.src.kind === 'memory' ? image : op.src.digest[0] === CODE.digest[0] ? CODE.bytes : CALLDATA.bytes;
      const bytes = Uint8Array.from({ length: op.length }, (_, k) => src[op.srcOffset + k] ?? 0);
      if (op.dst.kind === 'memory') image.set(bytes, op.dstOffset);
      else streams.push(bytes);
    }
    expect(s.t.data[0]!.subarray(6)).toEqual(new Uint8Array(6)); // calldata has 10 bytes: 4..9 then zeros
    expect(s.t.data[3]).toEqual(streams[0]);
    expect(s.t.data[4]).toEqual(streams[1]);
    for (let w = 0; w < 8; w++) expect(s.memory.read(0, w), `word ${w}`).toEqual(image.subarray(32 * w, 32 * w + 32));
    // Counters: reads then writes, rwcEnd after the last.
    expect(s.t.rwcEnds).toEqual([10 + 2, 20 + 2, 30 + 2 + 2, 40 + 3, 50 + 1]);
    expect(checkWitness(keys.provingKey, witnessOf(s.t.copy, s.boundary))).toEqual([]);
  });

  it('proves and verifies; a statement with another copied byte or rwcEnd does not verify', () => {
    const s = scenario(2);
    const proof = prove(keys.provingKey, witnessOf(s.t.copy, s.boundary));
    expect(() => verify(keys.verifyingKey, proof, { boundary: s.boundary })).not.toThrow();
    const data = s.t.data.map((d, i) => (i === 3 ? d.map((x, k) => (k === 7 ? x ^ 1 : x)) : d));
    const bad = [...copyBoundary(s.ops, s.t.rwcEnds), ...copyPeerBoundary(s.ops, [CODE, CALLDATA], data), ...s.memory.boundary()];
    expect(() => verify(keys.verifyingKey, proof, { boundary: bad })).toThrow(VerificationError);
    const ends = s.t.rwcEnds.map((e, i) => (i === 0 ? e + 1 : e));
    const bad2 = [...copyBoundary(s.ops, ends), ...copyPeerBoundary(s.ops, [CODE, CALLDATA], s.t.data), ...s.memory.boundary()];
    expect(() => verify(keys.verifyingKey, proof, { boundary: bad2 })).toThrow(VerificationError);
  });

  it('refuses copies it cannot represent', () => {
    const mem = new CopyMemory();
    const base: CopyOperation = { src: { kind: 'memory', frame: 0 }, srcOffset: 0, dst: { kind: 'memory', frame: 0 }, dstOffset: 0, length: 1, rwcStart: 5 };
    expect(() => copyTraces([{ ...base, length: 0 }], [], mem)).toThrow(CopyTraceError);
    expect(() => copyTraces([{ ...base, srcOffset: 1 << 28 }], [], mem)).toThrow(CopyTraceError);
    expect(() => copyTraces([{ ...base, src: { kind: 'bytes', digest: [9, 9, 9, 9, 9, 9, 9, 9] } }], [], mem)).toThrow('unknown byte string');
    expect(() => copyTraces([base, { ...base, rwcStart: 6 }], [], new CopyMemory())).toThrow(CopyTraceError);
  });

  it('tampering any cell of any column is caught by a constraint reading it or by a bus', () => {
    const s = scenario(3);
    const copy = s.t.copy;
    const solo = defineSystem([copyTable]);
    const soloTable = solo.tables[0]!;
    // The range tables are stood in for by the statement with the honest lookups.
    const stand: BoundaryMessage[] = [...s.boundary];
    const { range8, range16 } = lookupTraces(copy);
    for (let v = 0; v < 256; v++) if (range8.get(v, 0) > 0) stand.push({ bus: RANGE8_BUS, kind: 'receive', values: [v], multiplicity: range8.get(v, 0) });
    for (let v = 0; v < 65536; v++) if (range16.get(v, 0) > 0) stand.push({ bus: RANGE16_BUS, kind: 'receive', values: [v], multiplicity: range16.get(v, 0) });
    expect(checkBuses(solo, [copy], [null], [[]], stand)).toEqual([]);
    const byCol = constraintsByColumn(soloTable);
    const rng = new SeededRng(8);
    const used = s.ops.reduce((a, op) => a + op.length, 0);
    let viaConstraint = 0;
    let viaBus = 0;
    for (let col = 0; col < C.width; col++) {
      // Alternately a copy row and any row (often inactive), one cell per column.
      {
        const row = col % 2 === 0 ? rng.below(used) : rng.below(copy.height);
        const bad = withCells(copy, [[row, col, copy.get(row, col) + 1 + rng.below(300)]]);
        const failures = checkTableConstraints(soloTable, bad, null, []);
        if (failures.length > 0) {
          viaConstraint++;
          for (const f of failures) expect(byCol[col], `${C.columnNames[col]} row ${row}: ${f.constraint}`).toContain(f.constraint);
        } else {
          viaBus++;
          const busFailures = checkBuses(solo, [bad], [null], [[]], stand);
          expect(busFailures.length, `${C.columnNames[col]} row ${row}`).toBeGreaterThan(0);
        }
      }
    }
    expect(viaConstraint + viaBus).toBe(C.width);
    expect(viaBus).toBeGreaterThan(0);
    for (const [row, col] of [
      [rowOf(s, 2, 5), C.sWord[9]!],
      [rowOf(s, 1, 3), C.v],
      [rowOf(s, 0, 2), C.dPrev[0]!],
    ] as const) {
      const bad = withCells(copy, [[row, col, copy.get(row, col) + 1]]);
      const forced = forceProve(keys.provingKey, { traces: { copy: bad, range8, range16 }, boundary: s.boundary });
      expect(() => verify(keys.verifyingKey, forced, { boundary: s.boundary })).toThrow(VerificationError);
    }
  });

  it('rejects a copy reading past the end of calldata as nonzero', () => {
    const s = scenario(4);
    // Copy 0 reads calldata[4..16): index 10 and later are past its 10 bytes.
    const row = rowOf(s, 0, 8);
    expect(s.t.copy.get(row, C.inSrc)).toBe(0);
    // Destination memory[37] is byte 5 of word 1, whose segment is bytes 3..11 of the copy.
    const edits: [number, number, number][] = [[row, C.v, 0x42]];
    for (let k = 3; k < 12; k++) edits.push([rowOf(s, 0, k), C.dNew[5]!, 0x42]);
    const bad = withCells(s.t.copy, edits);
    expectRejected(bad, s.boundary, 'zero_past_source_end');
  });

  it('rejects a memory write that changes a byte outside the copied range (sub-word mask)', () => {
    const s = scenario(5);
    // Copy 0 writes memory[29..41): word 0 keeps bytes 0..28. Claim byte 3 changed too.
    const edits: [number, number, number][] = [];
    for (let k = 0; k < 3; k++) edits.push([rowOf(s, 0, k), C.dNew[3]!, (s.t.copy.get(rowOf(s, 0, 0), C.dNew[3]!) + 1) & 255]);
    expectRejected(withCells(s.t.copy, edits), s.boundary, 'd_mask[3]');
  });

  it('rejects a stale memory read (an older value of the source word)', () => {
    const s = scenario(6);
    // Copy 3 streams memory[31..65) to keccak; pretend word 1 still holds its preset value
    // although copy 2 (MCOPY to [20, 60)) overwrote it. Every row of the word agrees, so only the rw bus can object.
    const edits: [number, number, number][] = [];
    const k0 = 1; // memory[32] is byte 1 of copy 3
    const oldWord = presetMemory(new SeededRng(6)).read(0, 1);
    for (let k = k0; k < k0 + 32; k++) {
      const row = rowOf(s, 3, k);
      oldWord.forEach((x, j) => edits.push([row, C.sWord[j]!, x]));
      edits.push([row, C.v, oldWord[k - k0]!]);
    }
    const bad = withCells(s.t.copy, edits);
    const witness = witnessOf(bad, s.boundary);
    expect(checkTableConstraints(copyCompiled, bad, null, [])).toEqual([]);
    expect(checkWitness(keys.provingKey, witness).map((f) => f.constraint)).toContain('bus:rw');
    const forced = forceProve(keys.provingKey, witness);
    expect(() => verify(keys.verifyingKey, forced, { boundary: s.boundary })).toThrow(VerificationError);
  });

  it('rejects a dropped byte (a copy one byte short of the length the CPU asked for)', () => {
    const s = scenario(7);
    // Copy 4 (5 log bytes): end it after 4 bytes.
    const last = rowOf(s, 4, 3);
    const edits: [number, number, number][] = [[last, C.last, 1]];
    for (let col = 0; col < C.width; col++) edits.push([last + 1, col, 0]);
    expectRejected(withCells(s.t.copy, edits), s.boundary, 'last_index');
  });
});
