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
import { LIMB_COLUMNS, limbsTable, range8Table, rangeCheckTraces } from './range-check.ts';

const system = defineSystem([limbsTable, range8Table]);
const { provingKey, verifyingKey } = setup(system, TEST_CONFIG_INSECURE);
// Byte-flip fuzzing only needs every proof byte to be checked, not soundness: 2 queries keep it fast.
const fuzzKeys = setup(system, { ...TEST_CONFIG_INSECURE, numQueries: 2 });
const words = Array.from({ length: 32 }, (_, i) => (i * 40503 + 17) & 0xffff);
const traces = rangeCheckTraces(words);
const prepRange = provingKey.preprocessed[1]!.trace;

describe('range-check lookup AIR', () => {
  it('proves and verifies', () => {
    const proof = prove(provingKey, { traces });
    expect(() => verify(verifyingKey, proof, {})).not.toThrow();
  });

  it('tampering any column: checker names the constraint or bus, forced proof rejected', () => {
    const rng = new SeededRng(11);
    const cases: { table: 'limbs' | 'range8'; col: number; expect: string[] }[] = [
      { table: 'limbs', col: LIMB_COLUMNS.word, expect: ['word_is_lo_plus_256_hi'] },
      { table: 'limbs', col: LIMB_COLUMNS.limbs[0]!, expect: ['word_is_lo_plus_256_hi', 'bus:range8'] },
      { table: 'limbs', col: LIMB_COLUMNS.limbs[1]!, expect: ['word_is_lo_plus_256_hi', 'bus:range8'] },
      { table: 'range8', col: 0, expect: ['bus:range8'] },
    ];
    for (const c of cases) {
      const m = traces[c.table];
      const row = rng.below(m.height);
      const values = m.values.slice();
      values[row * m.width + c.col] = (values[row * m.width + c.col]! + 1 + rng.below(200)) % P;
      const bad = { ...traces, [c.table]: new RowMajorMatrix(values, m.width) };
      const failures = checkSystem(system, [bad.limbs, bad.range8], [null, prepRange], [[], []], []);
      expect(failures.length).toBeGreaterThan(0);
      for (const f of failures) expect(c.expect).toContain(f.constraint);
      expect(failures.some((f) => f.table === c.table && f.row === row) || failures.some((f) => f.constraint.startsWith('bus:'))).toBe(true);
      expect(() => prove(provingKey, { traces: bad })).toThrow(ProverRefusedError);
      expect(() => verify(verifyingKey, forceProve(provingKey, { traces: bad }), {})).toThrow(VerificationError);
    }
  });

  it('an out-of-range limb with a consistent word cannot be proven', () => {
    const values = traces.limbs.values.slice();
    // Row 0: lo = 300 (not a byte), word adjusted so the recomposition constraint still holds.
    values[LIMB_COLUMNS.limbs[0]!] = 300;
    values[LIMB_COLUMNS.word] = 300 + 256 * values[LIMB_COLUMNS.limbs[1]!]!;
    const bad = { ...traces, limbs: new RowMajorMatrix(values, LIMB_COLUMNS.width) };
    let refused: unknown;
    try {
      prove(provingKey, { traces: bad });
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ProverRefusedError);
    expect((refused as ProverRefusedError).failures[0]!.constraint).toBe('bus:range8');
    expect(() => verify(verifyingKey, forceProve(provingKey, { traces: bad }), {})).toThrow(VerificationError);
  });

  it('rejects 2500 seeded byte mutations with VerificationError only', () => {
    const bytes = encodeProof(prove(fuzzKeys.provingKey, { traces }));
    const report = fuzzProofBytes(fuzzKeys.verifyingKey, bytes, {}, 2500, 0x4a9e);
    expect(report.wrongError).toEqual([]);
    expect(report.accepted).toEqual([]);
    expect(report.rejected).toBe(2500);
  });
});
