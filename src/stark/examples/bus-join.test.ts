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
import { busJoinTraces, REQUESTS_COLUMNS, requestsTable, SQUARES_COLUMNS, squaresTable } from './bus-join.ts';

const system = defineSystem([squaresTable, requestsTable]);
const { provingKey, verifyingKey } = setup(system, TEST_CONFIG_INSECURE);
// Byte-flip fuzzing only needs every proof byte to be checked, not soundness: 2 queries keep it fast.
const fuzzKeys = setup(system, { ...TEST_CONFIG_INSECURE, numQueries: 2 });
const t = busJoinTraces(3, 5, [1, 2, 2, 7, 0, 5, 5, 5, 3], 4);
const statement = { boundary: t.boundary };
const witness = { traces: { squares: t.squares, requests: t.requests }, ...statement };

describe('two tables joined by a bus (heights 8 and 32, with a boundary message)', () => {
  it('proves and verifies; the consumer may also be the shorter table', () => {
    expect(() => verify(verifyingKey, prove(provingKey, witness), statement)).not.toThrow();
    const u = busJoinTraces(4, 2, [9, 9, 15], 0);
    const st = { boundary: u.boundary };
    const proof = prove(provingKey, { traces: { squares: u.squares, requests: u.requests }, ...st });
    expect(() => verify(verifyingKey, proof, st)).not.toThrow();
  });

  it('rejects a different boundary statement', () => {
    const proof = prove(provingKey, witness);
    expect(() => verify(verifyingKey, proof, { boundary: [] })).toThrow(VerificationError);
    const other = [{ ...t.boundary[0]!, values: [5, 26] }];
    expect(() => verify(verifyingKey, proof, { boundary: other })).toThrow(VerificationError);
  });

  it('an unbalanced bus is refused and its forced proof rejected', () => {
    const w = { ...witness, boundary: [] };
    let err: unknown;
    try {
      prove(provingKey, w);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProverRefusedError);
    expect((err as ProverRefusedError).failures[0]).toMatchObject({ table: 'squares', row: 4, constraint: 'bus:squares' });
    expect(() => verify(verifyingKey, forceProve(provingKey, w), { boundary: [] })).toThrow(VerificationError);
  });

  it('tampering any column: checker names the constraint or bus, forced proof rejected', () => {
    const rng = new SeededRng(23);
    const cases: { table: 'squares' | 'requests'; col: number; expect: string[] }[] = [
      { table: 'squares', col: SQUARES_COLUMNS.x, expect: ['y_is_x_squared_plus_one', 'x_starts_at_zero', 'x_counts_up', 'bus:squares'] },
      { table: 'squares', col: SQUARES_COLUMNS.y, expect: ['y_is_x_squared_plus_one', 'bus:squares'] },
      { table: 'squares', col: SQUARES_COLUMNS.mult, expect: ['bus:squares'] },
      { table: 'requests', col: REQUESTS_COLUMNS.x, expect: ['bus:squares'] },
      { table: 'requests', col: REQUESTS_COLUMNS.y, expect: ['bus:squares'] },
      { table: 'requests', col: REQUESTS_COLUMNS.active, expect: ['active_is_bool', 'bus:squares'] },
    ];
    for (const c of cases) {
      const m = c.table === 'squares' ? t.squares : t.requests;
      // Tamper a row that matters: an active request row, or any producer row.
      const row = c.table === 'requests' ? rng.below(9) : rng.below(m.height);
      const values = m.values.slice();
      values[row * m.width + c.col] = (values[row * m.width + c.col]! + 1 + rng.below(50)) % P;
      const tampered = new RowMajorMatrix(values, m.width);
      const traces = { squares: t.squares, requests: t.requests, [c.table]: tampered };
      const failures = checkSystem(system, [traces.squares, traces.requests], [null, null], [[], []], t.boundary);
      expect(failures.length).toBeGreaterThan(0);
      for (const f of failures) expect(c.expect).toContain(f.constraint);
      const w = { traces, ...statement };
      expect(() => prove(provingKey, w)).toThrow(ProverRefusedError);
      expect(() => verify(verifyingKey, forceProve(provingKey, w), statement)).toThrow(VerificationError);
    }
  });

  it('rejects 3500 seeded byte mutations with VerificationError only', () => {
    const bytes = encodeProof(prove(fuzzKeys.provingKey, witness));
    const report = fuzzProofBytes(fuzzKeys.verifyingKey, bytes, statement, 3500, 0xb05);
    expect(report.wrongError).toEqual([]);
    expect(report.accepted).toEqual([]);
    expect(report.rejected).toBe(3500);
  });
});
