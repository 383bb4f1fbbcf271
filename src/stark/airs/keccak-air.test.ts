import { keccak_256, keccakP } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { defineSystem } from '../air/system.ts';
import { TEST_CONFIG_INSECURE } from '../config.ts';
import { checkSystem } from '../debug-checker.ts';
import { ProverRefusedError, VerificationError } from '../errors.ts';
import { setup } from '../keys.ts';
import { prove } from '../prover.ts';
import { forceProve } from '../testing/force-prove.ts';
import { SeededRng } from '../testing/prng.ts';
import { verify } from '../verifier.ts';
import {
  KECCAK_COLUMNS,
  KECCAK_F_BUS,
  KeccakAirError,
  RHO_OFFSETS,
  ROUND_CONSTANTS,
  keccakStatement,
  keccakTable,
  keccakTrace,
  keccakTraceOutput,
} from './keccak-air.ts';
import { constraintsByColumn } from '../testing/constraint-columns.ts';

const system = defineSystem([keccakTable]);
const table = system.tables[0]!;
const { provingKey, verifyingKey } = setup(system, TEST_CONFIG_INSECURE);
const cols = KECCAK_COLUMNS;
/** Set ZKEVM_LONG_TESTS=1 to tamper every one of the 2629 columns (~5–15 minutes) instead of a sample. */
const LONG = process.env['ZKEVM_LONG_TESTS'] === '1';

function randomStates(rng: SeededRng, count: number): Uint32Array {
  return Uint32Array.from({ length: 50 * count }, () => rng.nextU32());
}

function referenceOutputs(inputs: Uint32Array): Uint32Array {
  const out = inputs.slice();
  for (let k = 0; k < out.length; k += 50) keccakP(out.subarray(k, k + 50));
  return out;
}


/**
 * The constraints a tampered cell (col, row) must break, with the row they fail on: the one that
 * defines the column (bit columns: their boolean or XOR relation; limbs: their recomposition).
 */
function definingConstraints(col: number, row: number): { name: string; row: number }[] {
  const at = (list: readonly number[]) => list.indexOf(col);
  let k = at(cols.roundFlags);
  if (k >= 0) {
    return row === 0 ? [{ name: `round_flag_start[${k}]`, row }] : [{ name: `round_flag_rotate[${(k + 23) % 24}]`, row: row - 1 }];
  }
  if (col === cols.mult) return [{ name: `bus:${KECCAK_F_BUS}`, row: -2 }];
  k = at(cols.input);
  if (k >= 0) {
    // Round 0 compares input with a; other rows are tied to the previous row's input.
    const options = [{ name: `bus:${KECCAK_F_BUS}`, row: -2 }, { name: `round0_reads_input[${k}]`, row }];
    if (row > 0) options.push({ name: `input_constant[${k}]`, row: row - 1 });
    return options;
  }
  k = at(cols.a);
  if (k >= 0) return [{ name: `a_limb[${k >> 2}][${k & 3}]`, row }];
  k = at(cols.c);
  if (k >= 0) return [{ name: `c_bool[${Math.floor(k / 64)}][${k % 64}]`, row }];
  k = at(cols.cPrime);
  if (k >= 0) return [{ name: `c_prime[${Math.floor(k / 64)}][${k % 64}]`, row }];
  k = at(cols.aPrime);
  if (k >= 0) return [{ name: `a_prime_bool[${Math.floor(k / 64)}][${k % 64}]`, row }];
  k = at(cols.chi00);
  if (k >= 0) return [{ name: `chi00[${k}]`, row }];
  k = at(cols.out);
  return [{ name: `out_limb[${k >> 2}][${k & 3}]`, row }];
}

describe('Keccak-f[1600] permutation AIR', () => {
  it('derives the FIPS 202 rho offsets and round constants', () => {
    // FIPS 202 Table 2 (rho offsets by (x, y)), listed here by lane index x + 5y.
    expect(RHO_OFFSETS).toEqual([
      0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
    ]);
    // RC[0], RC[1], RC[2] and RC[23] as listed in the Keccak reference (keccak.team, "Round constants").
    expect(ROUND_CONSTANTS[0]).toEqual([0x00000001, 0]);
    expect(ROUND_CONSTANTS[1]).toEqual([0x00008082, 0]);
    expect(ROUND_CONSTANTS[2]).toEqual([0x0000808a, 0x80000000]);
    expect(ROUND_CONSTANTS[23]).toEqual([0x80008008, 0x80000000]);
  });

  it('has 2629 columns and degree-3 constraints', () => {
    expect(cols.width).toBe(2629);
    expect(table.maxDegree).toBe(3);
    expect(table.quotientDegree).toBe(2);
  });

  it('trace generation matches @noble/hashes keccakP (random states, padding rows)', () => {
    const rng = new SeededRng(1);
    const inputs = randomStates(rng, 3);
    inputs.fill(0xffffffff, 50, 100);
    const trace = keccakTrace(inputs, { multiplicities: [1, 3, 0] });
    expect(trace.height).toBe(128);
    const expected = referenceOutputs(inputs);
    for (let k = 0; k < 3; k++) expect(keccakTraceOutput(trace, k)).toEqual(expected.subarray(50 * k, 50 * k + 50));
    expect(trace.get(24 + 23, cols.mult)).toBe(3);
    // Padding: permutations of the zero state with multiplicity 0; the last one is cut off.
    const zero = referenceOutputs(new Uint32Array(50));
    expect(keccakTraceOutput(trace, 3)).toEqual(zero);
    expect(keccakTraceOutput(trace, 4)).toEqual(zero);
    for (let r = 72; r < 128; r++) expect(trace.get(r, cols.mult)).toBe(0);
    expect(checkSystem(system, [trace], [null], [[]], [])).toEqual(
      [expect.objectContaining({ constraint: `bus:${KECCAK_F_BUS}` }), expect.objectContaining({ constraint: `bus:${KECCAK_F_BUS}` })],
    );
  });

  it('computes Keccak-256 of single-block messages (byte-level check against keccak_256)', () => {
    for (const len of [0, 1, 55, 135]) {
      const msg = Uint8Array.from({ length: len }, (_, i) => (i * 37 + len) & 0xff);
      // Keccak pad10*1 with domain byte 0x01 into the 136-byte rate, lanes little-endian.
      const block = new Uint8Array(200);
      block.set(msg);
      block[len]! ^= 0x01;
      block[135]! ^= 0x80;
      const state = new Uint32Array(block.buffer);
      const trace = keccakTrace(state);
      const out = new Uint8Array(keccakTraceOutput(trace, 0).buffer).subarray(0, 32);
      expect(out).toEqual(keccak_256(msg));
    }
  });

  it('rejects malformed trace requests with KeccakAirError', () => {
    expect(() => keccakTrace(new Uint32Array(49))).toThrow(KeccakAirError);
    expect(() => keccakTrace(new Uint32Array(100), { height: 32 })).toThrow(KeccakAirError);
    expect(() => keccakTrace(new Uint32Array(50), { height: 48 })).toThrow(KeccakAirError);
    expect(() => keccakTrace(new Uint32Array(50), { multiplicities: [1, 1] })).toThrow(KeccakAirError);
    expect(() => keccakTrace(new Uint32Array(50), { multiplicities: [P] })).toThrow(KeccakAirError);
    expect(() => keccakStatement(new Uint32Array(50), new Uint32Array(100))).toThrow(KeccakAirError);
  });

  it('proves and verifies permutations claimed by the statement; a wrong claim is rejected', () => {
    const rng = new SeededRng(2);
    const inputs = randomStates(rng, 2);
    const outputs = referenceOutputs(inputs);
    const trace = keccakTrace(inputs);
    const statement = { boundary: keccakStatement(inputs, outputs) };
    const proof = prove(provingKey, { traces: { keccak_f: trace }, ...statement });
    expect(() => verify(verifyingKey, proof, statement)).not.toThrow();

    const wrongOut = outputs.slice();
    wrongOut[63]! ^= 1 << 9;
    const wrong = { boundary: keccakStatement(inputs, wrongOut) };
    expect(() => verify(verifyingKey, proof, wrong)).toThrow(VerificationError);
    expect(() => verify(verifyingKey, proof, { boundary: statement.boundary.slice(1) })).toThrow(VerificationError);
    expect(() => prove(provingKey, { traces: { keccak_f: trace }, ...wrong })).toThrow(ProverRefusedError);
  });

  it(`tampering ${LONG ? 'every column' : 'sampled columns of every kind'} at a random row: the checker names the constraint`, () => {
    const rng = new SeededRng(3);
    const inputs = randomStates(rng, 1);
    const statement = keccakStatement(inputs, referenceOutputs(inputs));
    const trace = keccakTrace(inputs);
    const byColumn = constraintsByColumn(table);
    const busColumns = new Set([cols.mult, ...cols.input, ...cols.out]);
    const groups = [cols.roundFlags, [cols.mult], cols.input, cols.a, cols.c, cols.cPrime, cols.aPrime, cols.chi00, cols.out];
    const picked = LONG
      ? Array.from({ length: cols.width }, (_, i) => i)
      : groups.flatMap((g) => [g[0]!, g[g.length - 1]!, g[rng.below(g.length)]!]);
    for (const col of picked) {
      const row = rng.below(trace.height);
      const values = trace.values.slice();
      values[row * cols.width + col] = (values[row * cols.width + col]! + 1 + rng.below(P - 1)) % P;
      const failures = checkSystem(system, [new RowMajorMatrix(values, cols.width)], [null], [[]], statement);
      const allowed = new Set(byColumn[col]);
      if (busColumns.has(col)) allowed.add(`bus:${KECCAK_F_BUS}`);
      const name = `${cols.columnNames[col]} row ${row}`;
      expect(failures.length, name).toBeGreaterThan(0);
      for (const f of failures) expect(allowed.has(f.constraint), `${name}: ${f.constraint}`).toBe(true);
      const primary = definingConstraints(col, row);
      expect(
        failures.some((f) => primary.some((p) => p.name === f.constraint && (p.row === -2 || p.row === f.row))),
        `${name}: expected one of ${primary.map((p) => p.name).join(', ')}; got ${failures.map((f) => f.constraint).join(', ')}`,
      ).toBe(true);
    }
  }, LONG ? 3_600_000 : undefined);

  it('a forced proof of a tampered trace is rejected (one column of every kind)', () => {
    const rng = new SeededRng(4);
    const inputs = randomStates(rng, 1);
    const statement = { boundary: keccakStatement(inputs, referenceOutputs(inputs)) };
    const trace = keccakTrace(inputs);
    const groups = [cols.roundFlags, [cols.mult], cols.input, cols.a, cols.c, cols.cPrime, cols.aPrime, cols.chi00, cols.out];
    for (const g of groups) {
      const col = g[rng.below(g.length)]!;
      const row = col === cols.mult ? 23 : rng.below(trace.height);
      const values = trace.values.slice();
      values[row * cols.width + col] = (values[row * cols.width + col]! + 1 + rng.below(P - 1)) % P;
      const witness = { traces: { keccak_f: new RowMajorMatrix(values, cols.width) }, ...statement };
      expect(() => prove(provingKey, witness)).toThrow(ProverRefusedError);
      expect(() => verify(verifyingKey, forceProve(provingKey, witness), statement), cols.columnNames[col]).toThrow(
        VerificationError,
      );
    }
  });
});
