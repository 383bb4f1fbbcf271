import { keccak_256, keccakP } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { KECCAK_F_BUS, keccakStateToLimbs } from '../../stark/airs/keccak-air.ts';
import {
  ByteOp,
  ProverRefusedError,
  TEST_CONFIG_INSECURE,
  VerificationError,
  checkBuses,
  checkTableConstraints,
  checkWitness,
  defineSystem,
  prove,
  setup,
  verify,
  type BoundaryMessage,
} from '../../stark/index.ts';
import { forceProve } from '../../stark/testing/force-prove.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import { BYTEOP8_BUS, RANGE8_BUS } from '../buses.ts';
import { CAPACITY_LIMBS, KECCAK_SPONGE_COLUMNS, RATE_BYTES, keccakSpongeTable } from './keccak-sponge-air.ts';
import {
  KECCAK_SPONGE_SYSTEM_TABLES,
  KeccakSpongeError,
  keccakBoundary,
  keccakInputBoundary,
  keccakSpongeSystemTraces,
  keccakSpongeTraces,
  type KeccakInput,
  type KeccakSpongeTraces,
} from './keccak-sponge-trace.ts';
import { constraintsByColumn } from '../../stark/testing/constraint-columns.ts';

const system = defineSystem([...KECCAK_SPONGE_SYSTEM_TABLES]);
const keys = setup(system, TEST_CONFIG_INSECURE);
const spongeCompiled = system.tables[0]!;
const C = KECCAK_SPONGE_COLUMNS;

function nobleWord(bytes: Uint8Array): bigint {
  return BigInt('0x' + Buffer.from(keccak_256(bytes)).toString('hex'));
}

function randomInput(rng: SeededRng, inputId: number, length: number): KeccakInput {
  return { inputId, bytes: Uint8Array.from({ length }, () => rng.below(256)) };
}

function statement(inputs: readonly KeccakInput[], digests: readonly bigint[]): BoundaryMessage[] {
  return [...keccakBoundary(inputs, digests), ...keccakInputBoundary(inputs)];
}

function withCells(m: RowMajorMatrix, edits: [row: number, col: number, value: number][]): RowMajorMatrix {
  const v = m.values.slice();
  for (const [r, c, x] of edits) v[r * m.width + c] = ((x % P) + P) % P;
  return new RowMajorMatrix(v, m.width);
}


/** The 50-word keccakP state a sponge row sends as its permutation input (x bytes, prevCap limbs). */
function rowInputState(row: Uint32Array): Uint32Array {
  const s = new Uint32Array(50);
  const bytes = new Uint8Array(s.buffer);
  for (let i = 0; i < RATE_BYTES; i++) bytes[i] = row[C.x[i]!]!;
  for (let j = 0; j < CAPACITY_LIMBS; j += 2) s[RATE_BYTES / 4 + j / 2] = (row[C.prevCap[j]!]! | (row[C.prevCap[j + 1]!]! << 16)) >>> 0;
  return s;
}

/**
 * Recompute, in row order, x = prev ⊕ blk, the permutation output and (for continuing rows) the
 * next row's prev from the edited columns, so a malicious trace is internally consistent except for
 * the rule under test. Returns the traces and the claimed digest of each final row.
 */
function rebuild(sponge: RowMajorMatrix, chain = true): { t: KeccakSpongeTraces; digests: bigint[] } {
  const m = new RowMajorMatrix(sponge.values.slice(), sponge.width);
  const perms: number[] = [];
  const digests: bigint[] = [];
  for (let r = 0; r < m.height; r++) {
    const row = m.row(r);
    if (row[C.active] !== 1) continue;
    for (let i = 0; i < RATE_BYTES; i++) row[C.x[i]!] = row[C.prev[i]!]! ^ row[C.blk[i]!]!;
    const s = rowInputState(row);
    perms.push(...s);
    keccakP(s);
    const bytes = new Uint8Array(s.buffer);
    for (let i = 0; i < RATE_BYTES; i++) row[C.outRate[i]!] = bytes[i]!;
    for (let j = 0; j < CAPACITY_LIMBS; j++) row[C.outCap[j]!] = j & 1 ? s[34 + (j >> 1)]! >>> 16 : s[34 + (j >> 1)]! & 0xffff;
    if (row[C.final] === 1) {
      let v = 0n;
      for (let k = 0; k < 32; k++) v = (v << 8n) | BigInt(bytes[k]!);
      digests.push(v);
    } else if (chain && r + 1 < m.height) {
      const next = m.row(r + 1);
      for (let i = 0; i < RATE_BYTES; i++) next[C.prev[i]!] = row[C.outRate[i]!]!;
      for (let j = 0; j < CAPACITY_LIMBS; j++) next[C.prevCap[j]!] = row[C.outCap[j]!]!;
    }
  }
  return { t: { sponge: m, permutations: Uint32Array.from(perms), digests }, digests };
}

function expectRejected(t: KeccakSpongeTraces, boundary: readonly BoundaryMessage[], expected: readonly string[]): void {
  const witness = { traces: keccakSpongeSystemTraces(t), boundary };
  const failures = checkWitness(keys.provingKey, witness).map((f) => f.constraint);
  for (const name of expected) expect(failures).toContain(name);
  expect(() => prove(keys.provingKey, witness)).toThrow(ProverRefusedError);
  const forced = forceProve(keys.provingKey, witness);
  expect(() => verify(keys.verifyingKey, forced, { boundary })).toThrow(VerificationError);
}

describe('keccak sponge table', () => {
  it('has 749 columns and degree 3', () => {
    expect(C.width).toBe(749);
    expect(spongeCompiled.maxDegree).toBe(3);
    expect(spongeCompiled.interactions.filter((i) => i.bus === 'byte_stream')).toHaveLength(RATE_BYTES);
  });

  it('digests equal @noble/hashes keccak_256 for lengths 0..600 (edges 135, 136, 137, 272) and the witness checks', () => {
    const rng = new SeededRng(4);
    const lengths = [0, 1, 31, 32, 134, 135, 136, 137, 271, 272, 273, 408, 600];
    for (let i = 0; i < 12; i++) lengths.push(rng.below(601));
    const inputs = lengths.map((n, i) => randomInput(rng, 1000 + 7 * i, n));
    const t = keccakSpongeTraces(inputs);
    inputs.forEach((input, i) => expect(t.digests[i]).toBe(nobleWord(input.bytes)));
    // Block counts: one per 136 bytes plus the padding block.
    expect(t.permutations.length / 50).toBe(lengths.reduce((s, n) => s + Math.floor(n / 136) + 1, 0));
    const boundary = statement(inputs, t.digests);
    expect(checkWitness(keys.provingKey, { traces: keccakSpongeSystemTraces(t), boundary })).toEqual([]);
    // One wrong digest limb in the CPU's claim unbalances the keccak bus.
    const wrong = t.digests.slice();
    wrong[3] = wrong[3]! ^ (1n << 100n);
    const failures = checkWitness(keys.provingKey, { traces: keccakSpongeSystemTraces(t), boundary: statement(inputs, wrong) });
    expect(failures.map((f) => f.constraint)).toEqual(['bus:keccak', 'bus:keccak']);
  });

  it('proves and verifies three hashes (0, 135 and 137 bytes: 4 permutations); a wrong digest does not verify', () => {
    const rng = new SeededRng(9);
    const inputs = [randomInput(rng, 3, 0), randomInput(rng, 17, 135), randomInput(rng, 40, 137)];
    const t = keccakSpongeTraces(inputs);
    const boundary = statement(inputs, t.digests);
    const proof = prove(keys.provingKey, { traces: keccakSpongeSystemTraces(t), boundary });
    expect(() => verify(keys.verifyingKey, proof, { boundary })).not.toThrow();
    const bad = statement(inputs, t.digests.map((d, i) => (i === 1 ? d ^ 1n : d)));
    expect(() => verify(keys.verifyingKey, proof, { boundary: bad })).toThrow(VerificationError);
    // The same proof does not verify a different input byte either.
    const other = inputs.map((x, i) => (i === 2 ? { inputId: x.inputId, bytes: x.bytes.map((v, k) => (k === 5 ? v ^ 1 : v)) } : x));
    expect(() => verify(keys.verifyingKey, proof, { boundary: statement(other, t.digests) })).toThrow(VerificationError);
  });

  it('refuses inputs it cannot represent', () => {
    expect(() => keccakSpongeTraces([{ inputId: P, bytes: new Uint8Array(1) }])).toThrow(KeccakSpongeError);
    expect(() => keccakSpongeTraces([{ inputId: -1, bytes: new Uint8Array(1) }])).toThrow(KeccakSpongeError);
  });

  it('tampering any cell of any column is caught by a constraint reading it or by a bus', () => {
    const rng = new SeededRng(77);
    const inputs = [randomInput(rng, 5, 140), randomInput(rng, 9, 20), randomInput(rng, 12, 0)];
    const t = keccakSpongeTraces(inputs);
    const sponge = t.sponge;
    // The other tables are stood in for by the statement (honest lookups and permutations), so
    // every bus check is one small table: a changed tuple is caught exactly when no honest row has it.
    const solo = defineSystem([keccakSpongeTable]);
    const soloTable = solo.tables[0]!;
    const stand: BoundaryMessage[] = [...statement(inputs, t.digests)];
    for (let r = 0; r < sponge.height; r++) {
      const row = sponge.row(r);
      for (let i = 0; i < RATE_BYTES; i++) {
        stand.push({ bus: BYTEOP8_BUS, kind: 'receive', values: [ByteOp.Xor, row[C.prev[i]!]!, row[C.blk[i]!]!, row[C.x[i]!]!] });
      }
      if (row[C.final] === 1) for (let k = 0; k < 32; k++) stand.push({ bus: RANGE8_BUS, kind: 'receive', values: [row[C.outRate[k]!]!] });
    }
    for (let k = 0; k < t.permutations.length / 50; k++) {
      const input = t.permutations.subarray(50 * k, 50 * k + 50);
      const out = input.slice();
      keccakP(out);
      stand.push({ bus: KECCAK_F_BUS, kind: 'receive', values: [...keccakStateToLimbs(input), ...keccakStateToLimbs(out)] });
    }
    expect(checkBuses(solo, [sponge], [null], [[]], stand)).toEqual([]);
    const byCol = constraintsByColumn(soloTable);
    const active = t.permutations.length / 50;
    let viaConstraint = 0;
    let viaBus = 0;
    for (let col = 0; col < C.width; col++) {
      // Alternately a block row and any row (often inactive), one cell per column.
      {
        const row = col % 2 === 0 ? rng.below(active) : rng.below(sponge.height);
        const old = sponge.get(row, col);
        const bad = withCells(sponge, [[row, col, old + 1 + rng.below(300)]]);
        const failures = checkTableConstraints(soloTable, bad, null, []);
        if (failures.length > 0) {
          viaConstraint++;
          for (const f of failures) {
            expect(byCol[col], `${C.columnNames[col]} row ${row}: ${f.constraint}`).toContain(f.constraint);
          }
        } else {
          viaBus++;
          const busFailures = checkBuses(solo, [bad], [null], [[]], stand);
          expect(busFailures.length, `${C.columnNames[col]} row ${row}`).toBeGreaterThan(0);
          for (const f of busFailures) expect(f.constraint).toMatch(/^bus:/);
        }
      }
    }
    expect(viaConstraint + viaBus).toBe(C.width);
    expect(viaBus).toBeGreaterThan(0);
    // Forced proofs of tampered traces (real lookup and permutation tables) are rejected.
    const boundary = statement(inputs, t.digests);
    const traces = keccakSpongeSystemTraces(t);
    for (const [row, col] of [
      [0, C.blk[7]!],
      [1, C.prev[3]!],
      [0, C.outCap[5]!],
      [2, C.isData[19]!],
    ] as const) {
      const bad = withCells(sponge, [[row, col, sponge.get(row, col) + 1]]);
      const forced = forceProve(keys.provingKey, { traces: { ...traces, keccak_sponge: bad }, boundary });
      expect(() => verify(keys.verifyingKey, forced, { boundary })).toThrow(VerificationError);
    }
  });

  it('rejects wrong padding (0x06, the SHA-3 domain byte, instead of 0x01)', () => {
    const inputs = [{ inputId: 2, bytes: Uint8Array.from([1, 2, 3]) }];
    const honest = keccakSpongeTraces(inputs);
    const { t, digests } = rebuild(withCells(honest.sponge, [[0, C.blk[3]!, 0x06]]));
    expect(digests[0]).not.toBe(honest.digests[0]);
    expectRejected(t, statement(inputs, digests), ['padding[3]']);
  });

  it('rejects a dropped input byte (a 5-byte input hashed as its first 4 bytes)', () => {
    const inputs = [{ inputId: 8, bytes: Uint8Array.from([9, 8, 7, 6, 5]) }];
    const short = keccakSpongeTraces([{ inputId: 8, bytes: inputs[0]!.bytes.subarray(0, 4) }]);
    // The CPU claims the short hash for the 5 bytes the copy table streams.
    expectRejected(short, statement(inputs, short.digests), ['bus:byte_stream']);
  });

  it('rejects a wrong state chaining (second block absorbed into a fresh state)', () => {
    const rng = new SeededRng(3);
    const inputs = [randomInput(rng, 21, 200)];
    const honest = keccakSpongeTraces(inputs);
    const edits: [number, number, number][] = [];
    for (const col of [...C.prev, ...C.prevCap]) edits.push([1, col, 0]);
    const { t, digests } = rebuild(withCells(honest.sponge, edits), false);
    expect(digests[0]).not.toBe(honest.digests[0]);
    expectRejected(t, statement(inputs, digests), ['chain_rate[0]']);
  });

  it('rejects a final block claimed with 136 data bytes (no padding byte left)', () => {
    const rng = new SeededRng(5);
    const inputs = [randomInput(rng, 30, 136)];
    const honest = keccakSpongeTraces(inputs);
    // Truncate to the first block and call it final: isData[135] = 1 contradicts final = 1.
    const edits: [number, number, number][] = [[0, C.final, 1]];
    for (let col = 0; col < C.width; col++) edits.push([1, col, 0]);
    const { t, digests } = rebuild(withCells(honest.sponge, edits));
    expectRejected(t, statement(inputs, digests), ['final_block']);
  });
});
