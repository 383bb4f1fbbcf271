import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { poseidon2Permute16 } from '../../hash/poseidon2.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { poseidon2Table, poseidon2Trace } from '../../stark/airs/poseidon2-air.ts';
import {
  DEFAULT_CONFIG,
  ProverRefusedError,
  TEST_CONFIG_INSECURE,
  VerificationError,
  checkBuses,
  checkTableConstraints,
  checkWitness,
  defineSystem,
  prove,
  rangeMultiplicities,
  rangeTable,
  setup,
  verify,
  type BoundaryMessage,
} from '../../stark/index.ts';
import { forceProve } from '../../stark/testing/force-prove.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import { BYTECODE_BUS } from '../buses.ts';
import { BYTECODE_COLUMNS, BYTECODE_LENGTH_BUS, BYTECODE_TABLES } from './bytecode-air.ts';
import {
  BytecodeTableBuilder,
  bytecodeLengthTuple,
  bytecodeLookupTraces,
  bytecodePoseidon2Inputs,
  bytecodeRange8Lookups,
  bytecodeTuple,
  type ByteStringEntry,
} from './bytecode-trace.ts';
import { ByteStringKind } from './code-digest.ts';
import { constraintsByColumn } from '../../stark/testing/constraint-columns.ts';

const system = defineSystem([...BYTECODE_TABLES, poseidon2Table, rangeTable(8)]);
const compiled = system.tables[0]!;
const keys = setup(system, TEST_CONFIG_INSECURE);
const C = BYTECODE_COLUMNS;

/** PUSH1 0x5b (a JUMPDEST byte as data), JUMPDEST, PUSH2 .. across the block boundary, STOP. */
const CODE = Uint8Array.of(0x60, 0x5b, 0x5b, 0x60, 0x04, 0x56, ...new Array<number>(16).fill(0x01), 0x61, 0x5b, 0x5b, 0x5b, 0x00, 0x5b);

interface Case {
  bt: BytecodeTableBuilder;
  code: ByteStringEntry;
  entries: ByteStringEntry[];
  bytecode: RowMajorMatrix;
  firstRows: readonly number[];
  boundary: BoundaryMessage[];
}

/** Code, calldata, an empty data string and (unless `small`) an empty code; every code row looked up once. */
function honestCase(code: Uint8Array = CODE, calldata: Uint8Array = Uint8Array.from({ length: 30 }, (_, i) => i * 9), small = false): Case {
  const bt = new BytecodeTableBuilder();
  const entries = [
    bt.add(ByteStringKind.Code, code),
    bt.add(ByteStringKind.Data, calldata),
    bt.add(ByteStringKind.Data, new Uint8Array(0)),
    bt.add(ByteStringKind.Code, small ? code : new Uint8Array(0)),
  ];
  const e = entries[0]!;
  for (let i = 0; i < e.rows; i++) bt.lookup(e, i);
  bt.lookup(entries[1]!, Math.min(4, calldata.length), 2);
  bt.lookup(entries[1]!, entries[1]!.rows - 1);
  bt.lookup(entries[2]!, 0);
  bt.lookupLength(e, 2);
  bt.lookupLength(entries[1]!);
  const { traces, firstRows } = bt.build();
  return { bt, code: e, entries, bytecode: traces.bytecode, firstRows, boundary: bt.lookupMessages() };
}

/** range8 multiplicities of the values a bytecode trace sends (values with no row are left out). */
function range8Of(bytecode: RowMajorMatrix): RowMajorMatrix {
  return rangeMultiplicities(8, bytecodeRange8Lookups(bytecode).filter((x) => x < 256));
}

/** A full witness for a (possibly tampered) bytecode trace: lookup and Poseidon2 traces recomputed from it. */
function witnessOf(bytecode: RowMajorMatrix, boundary: readonly BoundaryMessage[]) {
  return {
    traces: {
      bytecode,
      ...bytecodeLookupTraces(bytecode),
      poseidon2_16: poseidon2Trace(bytecodePoseidon2Inputs(bytecode)),
      range8: range8Of(bytecode),
    },
    boundary,
  };
}

function withCells(m: RowMajorMatrix, edits: [row: number, col: number, value: number][]): RowMajorMatrix {
  const v = m.values.slice();
  for (const [r, c, x] of edits) v[r * m.width + c] = ((x % P) + P) % P;
  return new RowMajorMatrix(v, m.width);
}


function expectRejected(witness: ReturnType<typeof witnessOf>, constraint: string): void {
  const failures = checkWitness(keys.provingKey, witness);
  expect(failures.map((f) => f.constraint)).toContain(constraint);
  expect(() => prove(keys.provingKey, witness)).toThrow(ProverRefusedError);
  const forced = forceProve(keys.provingKey, witness);
  expect(() => verify(keys.verifyingKey, forced, { boundary: witness.boundary })).toThrow(VerificationError);
}

const send = (bus: string, values: number[]): BoundaryMessage => ({ bus, kind: 'send', values });

/** Whether `m` is the statement's lookup of `index` in the string with digest `digest`. */
function isLookup(m: BoundaryMessage, digest: Uint32Array, index: number): boolean {
  return m.bus === BYTECODE_BUS && m.values[8] === index && digest.every((d, k) => m.values[k] === d);
}

describe('bytecode table', () => {
  it('has 82 columns, degree 3 and the documented interactions', () => {
    expect(C.width).toBe(82);
    expect(compiled.maxDegree).toBe(3);
    expect(compiled.interactions.map((i) => `${i.kind}:${i.bus}`).sort()).toEqual(
      ['receive:bytecode', 'receive:bytecode_length', 'send:byte_class', 'send:poseidon2_16', 'send:range8', 'send:range8'].sort(),
    );
  });

  it('accepts honest traces of code and data strings of every length class', () => {
    const rng = new SeededRng(8);
    for (const n of [0, 1, 23, 24, 25, 47, 48, 49, 100]) {
      const code = Uint8Array.from({ length: n }, () => [0x5b, 0x60, 0x7f, 0x00, rng.below(256)][rng.below(5)]!);
      const c = honestCase(code, code.slice(0, Math.max(0, n - 3)));
      expect(checkWitness(keys.provingKey, witnessOf(c.bytecode, c.boundary)), `n = ${n}`).toEqual([]);
    }
  });

  it('proves and verifies the lookups; the proof does not verify other claims', () => {
    const c = honestCase();
    const w = witnessOf(c.bytecode, c.boundary);
    const proof = prove(keys.provingKey, w);
    expect(() => verify(keys.verifyingKey, proof, { boundary: c.boundary })).not.toThrow();
    const d = c.code.digest;
    const claims: [string, BoundaryMessage][] = [
      ['wrong byte', send(BYTECODE_BUS, bytecodeTuple(d, 4, 0x05, 0, 0))],
      ['JUMPDEST inside PUSH data', send(BYTECODE_BUS, bytecodeTuple(d, 1, 0x5b, 1, 1))],
      ['nonzero byte past the end', send(BYTECODE_BUS, bytecodeTuple(d, CODE.length, 0x5b, 1, 1))],
      ['shorter code', send(BYTECODE_LENGTH_BUS, bytecodeLengthTuple(d, CODE.length - 1))],
    ];
    const replaced = c.boundary.findIndex((m) => isLookup(m, d, 4));
    const lenIndex = c.boundary.findIndex((m) => m.bus === BYTECODE_LENGTH_BUS);
    for (const [what, claim] of claims) {
      const boundary = c.boundary.slice();
      boundary[claim.bus === BYTECODE_LENGTH_BUS ? lenIndex : replaced] = { ...claim, multiplicity: claim.bus === BYTECODE_LENGTH_BUS ? 2 : 1 };
      expect(() => verify(keys.verifyingKey, proof, { boundary }), what).toThrow(VerificationError);
    }
  });

  it('proves a small case at DEFAULT_CONFIG', () => {
    const bt = new BytecodeTableBuilder();
    const e = bt.add(ByteStringKind.Code, Uint8Array.of(0x60, 0x01, 0x5b, 0x00));
    for (let i = 0; i < 5; i++) bt.lookup(e, i);
    const w = witnessOf(bt.build().traces.bytecode, bt.lookupMessages());
    const def = setup(system, DEFAULT_CONFIG);
    expect(() => verify(def.verifyingKey, prove(def.provingKey, w), { boundary: w.boundary })).not.toThrow();
  });

  it('tampering any cell of any column is caught by a constraint reading it or by a bus', () => {
    const c = honestCase(CODE, Uint8Array.of(1, 2, 3, 0x5b, 0x60), true);
    expect(c.bytecode.height).toBe(128);
    const w = witnessOf(c.bytecode, c.boundary);
    const others = [w.traces.byte_class, w.traces.poseidon2_16, w.traces.range8];
    const preps = keys.provingKey.preprocessed.map((p) => p?.trace ?? null);
    const byCol = constraintsByColumn(compiled);
    const rng = new SeededRng(31);
    const m = c.bytecode;
    const active = rng.below(c.bt.activeRows);
    const blockEnd = 24 * (1 + rng.below(c.bt.activeRows / 24)) - 1;
    const start = c.firstRows[rng.below(c.firstRows.length)]!;
    const inactive = c.bt.activeRows + rng.below(m.height - c.bt.activeRows);
    let viaConstraint = 0;
    let viaBus = 0;
    for (let col = 0; col < C.width; col++) {
      for (const row of [active, col % 2 === 0 ? blockEnd : start, inactive]) {
        const bad = withCells(m, [[row, col, m.get(row, col) + 1 + rng.below(1000)]]);
        const failures = checkTableConstraints(compiled, bad, null, []);
        const where = `${C.columnNames[col]} row ${row}`;
        if (failures.length > 0) {
          viaConstraint++;
          for (const f of failures) {
            expect([row - 1, row], `${where}: ${f.constraint} at ${f.row}`).toContain(f.row);
            expect(byCol[col], `${where}: ${f.constraint}`).toContain(f.constraint);
          }
        } else {
          viaBus++;
          const busFailures = checkBuses(system, [bad, ...others], preps, [[], [], [], []], c.boundary);
          expect(busFailures.length, where).toBeGreaterThan(0);
          for (const f of busFailures) expect(f.constraint).toMatch(/^bus:/);
        }
      }
    }
    expect(viaConstraint + viaBus).toBe(3 * C.width);
    expect(viaBus).toBeGreaterThan(0);
    // Forced proofs of tampered traces are rejected: one column of each group.
    for (const col of [C.pos[5]!, C.pushIn, C.acc[2]!, C.cap[0]!, C.digest[3]!, C.isJumpdest, C.mult]) {
      const bad = withCells(m, [[active, col, m.get(active, col) + 3]]);
      const forced = forceProve(keys.provingKey, { traces: { ...w.traces, bytecode: bad }, boundary: c.boundary });
      expect(() => verify(keys.verifyingKey, forced, { boundary: c.boundary }), C.columnNames[col]).toThrow(VerificationError);
    }
  });
});

describe('bytecode table: malicious witnesses', () => {
  it('rejects a JUMPDEST flag on PUSH data (naive flags, then a consistent scan with a false PUSH1 class)', () => {
    const c = honestCase();
    const r0 = c.firstRows[0]!;
    const claim = c.boundary.map((m) => (isLookup(m, c.code.digest, 1) ? { ...m, values: bytecodeTuple(c.code.digest, 1, 0x5b, 1, 1) } : m));
    const naive = withCells(c.bytecode, [
      [r0 + 1, C.isCode, 1],
      [r0 + 1, C.isJumpdest, 1],
    ]);
    expectRejected(witnessOf(naive, claim), 'is_code_zero');
    // Every constraint holds if PUSH1 is claimed to have no immediates: only byte_class refuses.
    const consistent = withCells(c.bytecode, [
      [r0, C.immediates, 0],
      [r0, C.pushRem, 0],
      [r0 + 1, C.pushIn, 0],
      [r0 + 1, C.pushInv, 0],
      [r0 + 1, C.isCode, 1],
      [r0 + 1, C.isJumpdest, 1],
    ]);
    expect(checkTableConstraints(compiled, consistent, null, [])).toEqual([]);
    const w = witnessOf(consistent, claim);
    expect(checkWitness(keys.provingKey, w).map((f) => f.constraint)).toEqual(['bus:byte_class', 'bus:byte_class']);
    expectRejected(w, 'bus:byte_class');
  });

  it('rejects a wrong byte: in the claim, in the table, and with the block re-packed', () => {
    const c = honestCase();
    const r = c.firstRows[0]! + 4;
    const claim = c.boundary.map((m) => (isLookup(m, c.code.digest, 4) ? { ...m, values: bytecodeTuple(c.code.digest, 4, 0x05, 0, 0) } : m));
    expectRejected(witnessOf(c.bytecode, claim), 'bus:bytecode');
    // The table's byte changed (class columns follow the byte): the packed element disagrees.
    const edits: [number, number, number][] = [[r, C.byte, 0x05]];
    expectRejected(witnessOf(withCells(c.bytecode, edits), claim), 'acc_step[1]');
    // Re-packed too: the block is a different permutation input than the one whose output is claimed.
    const delta = (0x05 - 0x04) * 256;
    for (let q = r; q < c.firstRows[0]! + 24; q++) edits.push([q, C.acc[1]!, c.bytecode.get(q, C.acc[1]!) + delta]);
    const repacked = withCells(c.bytecode, edits);
    expect(checkTableConstraints(compiled, repacked, null, [])).toEqual([]);
    expectRejected(witnessOf(repacked, claim), 'bus:poseidon2_16');
  });

  it('rejects bytes that do not match the digest and a truncated code claimed under the full digest', () => {
    const c = honestCase();
    const H = c.code.digest;
    /** A consistent table of `bytes` and its lookups, all relabelled with the digest H. */
    const relabelled = (bytes: Uint8Array) => {
      const forged = honestCase(bytes);
      const Hf = Array.from(forged.code.digest).join(',');
      const edits: [number, number, number][] = [];
      const first = forged.firstRows[0]!;
      const last = first + forged.code.rows - 1;
      for (let q = first; q <= last; q++) for (let k = 0; k < 8; k++) edits.push([q, C.digest[k]!, H[k]!]);
      for (let k = 0; k < 8; k++) edits.push([last, C.out[k]!, H[k]!]);
      const boundary = forged.boundary.map((m) =>
        m.values.slice(0, 8).join(',') === Hf ? { ...m, values: [...H, ...m.values.slice(8)] } : m,
      );
      return witnessOf(withCells(forged.bytecode, edits), boundary);
    };
    const changed = CODE.slice();
    changed[25] = 0x5c;
    const w1 = relabelled(changed);
    expect(checkTableConstraints(compiled, w1.traces.bytecode, null, [])).toEqual([]);
    expect(checkWitness(keys.provingKey, w1).every((f) => f.constraint === 'bus:poseidon2_16')).toBe(true);
    expectRejected(w1, 'bus:poseidon2_16');

    // Truncated: the last byte (a JUMPDEST) dropped, so index n − 1 reads STOP and the length is n − 1.
    const truncated = CODE.slice(0, CODE.length - 1);
    const w2 = relabelled(truncated);
    expect(w2.boundary).toContainEqual({ bus: BYTECODE_BUS, kind: 'send', values: bytecodeTuple(H, CODE.length - 1, 0, 1, 0), multiplicity: 1 });
    expect(checkTableConstraints(compiled, w2.traces.bytecode, null, [])).toEqual([]);
    expectRejected(w2, 'bus:poseidon2_16');
    const lookups = w2.boundary;

    // The same rows with len lowered by one: the last byte becomes padding but is not zero.
    const r0 = c.firstRows[0]!;
    const n = CODE.length;
    const edits: [number, number, number][] = [
      [r0 + n - 1, C.isByte, 0],
      [r0 + n - 1, C.seen, n - 1],
    ];
    for (let q = r0; q < r0 + c.code.rows; q++) edits.push([q, C.len, n - 1]);
    for (let q = r0 + n; q < r0 + c.code.rows; q++) edits.push([q, C.seen, n - 1]);
    for (let q = r0; q < r0 + 24; q++) edits.push([q, C.cap[0]!, n - 1]);
    const shorter = withCells(c.bytecode, edits);
    expect(checkTableConstraints(compiled, shorter, null, []).map((f) => f.constraint)).toEqual(['padding_byte_zero']);
    expectRejected(witnessOf(shorter, lookups), 'padding_byte_zero');
  });

  it('rejects a string padded with an extra zero block (a consistent sponge, but not the canonical digest)', () => {
    // Data of 5 bytes takes 1 block; build the 2-block table of 29 bytes and relabel it as 5 bytes.
    const bytes = Uint8Array.of(7, 0, 0x5b, 0, 9);
    const padded = new Uint8Array(29);
    padded.set(bytes);
    const bt = new BytecodeTableBuilder();
    bt.add(ByteStringKind.Data, padded);
    const m = bt.build().traces.bytecode;
    const v = m.values.slice();
    const at = (r: number, col: number): number => r * C.width + col;
    for (let r = 0; r < 48; r++) {
      v[at(r, C.len)] = 5;
      v[at(r, C.isByte)] = r < 5 ? 1 : 0;
      v[at(r, C.seen)] = Math.min(r + 1, 5);
    }
    // Re-run the sponge from the new initial capacity (len 5): every permutation is genuine.
    const state = new Uint32Array(16);
    state[8] = 5;
    state[9] = ByteStringKind.Data;
    for (let blk = 0; blk < 2; blk++) {
      for (let k = 0; k < 8; k++) state[k] = v[at(24 * blk + 23, C.acc[k]!)]!;
      for (let r = 24 * blk; r < 24 * blk + 24; r++) for (let k = 0; k < 8; k++) v[at(r, C.cap[k]!)] = state[8 + k]!;
      poseidon2Permute16(state);
      for (let k = 0; k < 16; k++) v[at(24 * blk + 23, C.out[k]!)] = state[k]!;
    }
    const digest = state.slice(0, 8);
    for (let r = 0; r < 48; r++) for (let k = 0; k < 8; k++) v[at(r, C.digest[k]!)] = digest[k]!;
    v[at(0, C.mult)] = 1;
    v[at(0, C.lenMult)] = 1;
    const forged = new RowMajorMatrix(v, C.width);
    const boundary = [send(BYTECODE_BUS, bytecodeTuple(digest, 0, 7, 0, 0)), send(BYTECODE_LENGTH_BUS, bytecodeLengthTuple(digest, 5))];
    expect(checkTableConstraints(compiled, forged, null, [])).toEqual([]);
    const w = witnessOf(forged, boundary);
    expect(checkWitness(keys.provingKey, w).map((f) => f.constraint)).toEqual(['bus:range8']);
    expectRejected(w, 'bus:range8');
  });

  it('rejects code flags on a data string and a phantom entry on an inactive row', () => {
    const c = honestCase();
    const r = c.firstRows[1]!;
    const data = withCells(c.bytecode, [[r, C.isCode, 1]]);
    expectRejected(witnessOf(data, c.boundary), 'is_code_inverse');

    const phantom = c.bt.activeRows + 1;
    const fake = bytecodeTuple([0, 0, 0, 0, 0, 0, 0, 0], 0, 0, 0, 0);
    const w = witnessOf(withCells(c.bytecode, [[phantom, C.mult, 1]]), [...c.boundary, send(BYTECODE_BUS, fake)]);
    expect(checkWitness(keys.provingKey, w).map((f) => f.constraint)).toEqual(['mult_active']);
    expectRejected(w, 'mult_active');
  });
});
