import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { poseidon2Permute16 } from '../../hash/poseidon2.ts';
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
  POSEIDON2_16_BUS,
  POSEIDON2_COLUMNS,
  POSEIDON2_OUTPUT_COLUMNS,
  Poseidon2AirError,
  poseidon2Statement,
  poseidon2Table,
  poseidon2Trace,
  poseidon2TraceOutput,
} from './poseidon2-air.ts';
import { constraintsByColumn } from '../testing/constraint-columns.ts';

const system = defineSystem([poseidon2Table]);
const table = system.tables[0]!;
const { provingKey, verifyingKey } = setup(system, TEST_CONFIG_INSECURE);
const cols = POSEIDON2_COLUMNS;

function randomInputs(rng: SeededRng, count: number): Uint32Array {
  return Uint32Array.from({ length: 16 * count }, () => rng.below(P));
}

function referenceOutputs(inputs: Uint32Array): Uint32Array {
  const out = inputs.slice();
  for (let k = 0; k < out.length; k += 16) poseidon2Permute16(out.subarray(k, k + 16));
  return out;
}


/** The constraint that defines column `col` (the one a tampered cell must break). */
function definingConstraint(col: number): string {
  const at = (list: readonly number[]) => list.indexOf(col);
  if (col === cols.mult || at(cols.input) >= 0) return `bus:${POSEIDON2_16_BUS}`;
  let k = at(cols.fullSbox);
  if (k >= 0) return `full${Math.floor(k / 16)}_sbox_cube[${k % 16}]`;
  k = at(cols.fullOut);
  if (k >= 0) return `full${Math.floor(k / 16)}_out[${k % 16}]`;
  k = at(cols.partialSbox);
  if (k >= 0) return `partial${k}_sbox_cube`;
  k = at(cols.partialOut);
  return `partial${k}_sbox_out`;
}

describe('Poseidon2 width-16 permutation AIR', () => {
  it('has 299 columns and degree-3 constraints', () => {
    expect(cols.width).toBe(299);
    expect(table.maxDegree).toBe(3);
    expect(table.quotientDegree).toBe(2);
  });

  it('trace generation matches poseidon2Permute16 (random inputs, zero state, padding)', () => {
    const rng = new SeededRng(1);
    const inputs = randomInputs(rng, 37);
    inputs.fill(0, 0, 16);
    inputs.fill(P - 1, 16, 32);
    const trace = poseidon2Trace(inputs);
    expect(trace.height).toBe(64);
    const expected = referenceOutputs(inputs);
    for (let k = 0; k < 37; k++) {
      expect(poseidon2TraceOutput(trace, k)).toEqual(expected.subarray(16 * k, 16 * k + 16));
      expect(trace.get(k, cols.mult)).toBe(1);
    }
    const zero = referenceOutputs(new Uint32Array(16));
    for (let r = 37; r < 64; r++) {
      expect(poseidon2TraceOutput(trace, r)).toEqual(zero);
      expect(trace.get(r, cols.mult)).toBe(0);
    }
  });

  it('rejects malformed trace requests with Poseidon2AirError', () => {
    expect(() => poseidon2Trace(new Uint32Array(15))).toThrow(Poseidon2AirError);
    expect(() => poseidon2Trace(new Uint32Array(16).fill(P))).toThrow(Poseidon2AirError);
    expect(() => poseidon2Trace(new Uint32Array(48), { height: 2 })).toThrow(Poseidon2AirError);
    expect(() => poseidon2Trace(new Uint32Array(16), { height: 6 })).toThrow(Poseidon2AirError);
    expect(() => poseidon2Trace(new Uint32Array(32), { multiplicities: [1] })).toThrow(Poseidon2AirError);
    expect(() => poseidon2Statement(new Uint32Array(16), new Uint32Array(32))).toThrow(Poseidon2AirError);
  });

  it('proves and verifies permutations claimed by the statement; a wrong claim is rejected', () => {
    const rng = new SeededRng(2);
    const inputs = randomInputs(rng, 6);
    const outputs = referenceOutputs(inputs);
    // Permutation 1 is requested twice: its row carries multiplicity 2.
    const trace = poseidon2Trace(inputs, { multiplicities: [1, 2, 1, 1, 1, 1], height: 8 });
    const claims = poseidon2Statement(inputs, outputs);
    const statement = { boundary: [...claims, claims[1]!] };
    const proof = prove(provingKey, { traces: { poseidon2_16: trace }, ...statement });
    expect(() => verify(verifyingKey, proof, statement)).not.toThrow();

    const wrongOut = outputs.slice();
    wrongOut[3 * 16 + 5] = (wrongOut[3 * 16 + 5]! + 1) % P;
    const wrong = { boundary: [...poseidon2Statement(inputs, wrongOut), claims[1]!] };
    expect(() => verify(verifyingKey, proof, wrong)).toThrow(VerificationError);
    expect(() => verify(verifyingKey, proof, { boundary: claims })).toThrow(VerificationError);
    // The prover refuses to prove a false claim about a correct trace.
    expect(() => prove(provingKey, { traces: { poseidon2_16: trace }, ...wrong })).toThrow(ProverRefusedError);
  });

  it('tampering every column at a random row: the checker names the constraint it breaks', () => {
    const rng = new SeededRng(3);
    const inputs = randomInputs(rng, 4);
    const statement = poseidon2Statement(inputs, referenceOutputs(inputs));
    const trace = poseidon2Trace(inputs);
    const outputs = new Set(POSEIDON2_OUTPUT_COLUMNS);
    const byColumn = constraintsByColumn(table);
    for (let col = 0; col < cols.width; col++) {
      const row = rng.below(trace.height);
      const values = trace.values.slice();
      values[row * cols.width + col] = (values[row * cols.width + col]! + 1 + rng.below(P - 1)) % P;
      const bad = new RowMajorMatrix(values, cols.width);
      const failures = checkSystem(system, [bad], [null], [[]], statement);
      const allowed = new Set(byColumn[col]);
      if (col === cols.mult || cols.input.includes(col) || outputs.has(col)) allowed.add(`bus:${POSEIDON2_16_BUS}`);
      const name = cols.columnNames[col];
      expect(failures.length, name).toBeGreaterThan(0);
      for (const f of failures) expect(allowed.has(f.constraint), `${name}: ${f.constraint}`).toBe(true);
      const primary = definingConstraint(col);
      expect(
        failures.some((f) => f.constraint === primary && (f.row === row || primary.startsWith('bus:'))),
        `${name} row ${row}: ${primary}`,
      ).toBe(true);
    }
  });

  it('a forced proof of a tampered trace is rejected (one column of every kind)', () => {
    const rng = new SeededRng(4);
    const inputs = randomInputs(rng, 4);
    const statement = { boundary: poseidon2Statement(inputs, referenceOutputs(inputs)) };
    const trace = poseidon2Trace(inputs);
    const picks = [
      cols.mult,
      cols.input[rng.below(16)]!,
      cols.fullSbox[rng.below(cols.fullSbox.length)]!,
      cols.fullOut[rng.below(cols.fullOut.length)]!,
      cols.partialSbox[rng.below(cols.partialSbox.length)]!,
      cols.partialOut[rng.below(cols.partialOut.length)]!,
      POSEIDON2_OUTPUT_COLUMNS[rng.below(16)]!,
    ];
    for (const col of picks) {
      const row = rng.below(trace.height);
      const values = trace.values.slice();
      values[row * cols.width + col] = (values[row * cols.width + col]! + 1 + rng.below(P - 1)) % P;
      const witness = { traces: { poseidon2_16: new RowMajorMatrix(values, cols.width) }, ...statement };
      expect(() => prove(provingKey, witness)).toThrow(ProverRefusedError);
      expect(() => verify(verifyingKey, forceProve(provingKey, witness), statement), cols.columnNames[col]).toThrow(
        VerificationError,
      );
    }
  });
});
