import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { defineSystem } from '../air/system.ts';
import { TEST_CONFIG_INSECURE } from '../config.ts';
import { checkSystem } from '../debug-checker.ts';
import { ProverRefusedError, VerificationError } from '../errors.ts';
import { setup } from '../keys.ts';
import { encodeProof } from '../proof.ts';
import { prove } from '../prover.ts';
import { forceProve } from '../testing/force-prove.ts';
import { fuzzProofBytes } from '../testing/mutate.ts';
import { SeededRng } from '../testing/prng.ts';
import { verify } from '../verifier.ts';
import { FIB_COLUMNS, fibonacciTable, fibonacciTrace } from './fibonacci.ts';

const system = defineSystem([fibonacciTable]);
const { provingKey, verifyingKey } = setup(system, TEST_CONFIG_INSECURE);
// Byte-flip fuzzing only needs every proof byte to be checked, not soundness: 2 queries keep it fast.
const fuzzKeys = setup(system, { ...TEST_CONFIG_INSECURE, numQueries: 2 });

describe('Fibonacci AIR', () => {
  it('proves and verifies (several heights)', () => {
    for (const logN of [1, 3, 6]) {
      const { trace, publics } = fibonacciTrace(logN, 2, 3);
      const statement = { publicInputs: { fibonacci: publics } };
      const proof = prove(provingKey, { traces: { fibonacci: trace }, ...statement });
      expect(() => verify(verifyingKey, proof, statement)).not.toThrow();
    }
  });

  it('rejects wrong public inputs', () => {
    const { trace, publics } = fibonacciTrace(4);
    const proof = prove(provingKey, { traces: { fibonacci: trace }, publicInputs: { fibonacci: publics } });
    for (let k = 0; k < 3; k++) {
      const wrong = publics.slice();
      wrong[k] = (wrong[k]! + 1) % P;
      expect(() => verify(verifyingKey, proof, { publicInputs: { fibonacci: wrong } })).toThrow(VerificationError);
    }
    expect(() => verify(verifyingKey, proof, { publicInputs: { fibonacci: publics.slice(0, 2) } })).toThrow(
      VerificationError,
    );
  });

  it('tampering any column: the checker names the constraint, the prover refuses, a forced proof is rejected', () => {
    const rng = new SeededRng(7);
    const logN = 4;
    const n = 1 << logN;
    const { trace, publics } = fibonacciTrace(logN);
    const statement = { publicInputs: { fibonacci: publics } };
    for (let trial = 0; trial < 3; trial++) {
      for (const col of [FIB_COLUMNS.a, FIB_COLUMNS.b]) {
        const row = rng.below(n);
        const values = trace.values.slice();
        values[row * FIB_COLUMNS.width + col] = (values[row * FIB_COLUMNS.width + col]! + 1 + rng.below(1000)) % P;
        const bad = new RowMajorMatrix(values, FIB_COLUMNS.width);
        const failures = checkSystem(system, [bad], [null], [publics], []);
        // The change at `row` breaks a transition into that row (row − 1) or out of it (row), or a boundary.
        const expected =
          col === FIB_COLUMNS.a
            ? ['a_next_is_b', 'b_next_is_sum', 'a_starts_at_a0']
            : ['a_next_is_b', 'b_next_is_sum', 'b_starts_at_b0', 'b_ends_at_result'];
        expect(failures.length).toBeGreaterThan(0);
        for (const f of failures) {
          expect(f.table).toBe('fibonacci');
          expect(expected).toContain(f.constraint);
          expect([row - 1, row]).toContain(f.row);
        }
        const witness = { traces: { fibonacci: bad }, ...statement };
        expect(() => prove(provingKey, witness)).toThrow(ProverRefusedError);
        const forced = forceProve(provingKey, witness);
        expect(() => verify(verifyingKey, forced, statement)).toThrow(VerificationError);
      }
    }
  });

  it('rejects 4000 seeded byte mutations with VerificationError only', () => {
    const { trace, publics } = fibonacciTrace(3);
    const statement = { publicInputs: { fibonacci: publics } };
    const bytes = encodeProof(prove(fuzzKeys.provingKey, { traces: { fibonacci: trace }, ...statement }));
    const report = fuzzProofBytes(fuzzKeys.verifyingKey, bytes, statement, 4000, 0xf1b);
    expect(report.wrongError).toEqual([]);
    expect(report.accepted).toEqual([]);
    expect(report.rejected).toBe(4000);
  });
});
