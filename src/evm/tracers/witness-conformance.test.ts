/**
 * Witness traces of real GeneralStateTests cases must pass the replay checker: every read
 * returns the last write, reverts are explicit, copies/keccak/logs match memory, and the final
 * accounts, storage and logs equal the EVM's post state.
 *
 * Runs a deterministic sample of 300 Cancun cases (every k-th case of the sorted suite, ~10 s);
 * `ZKEVM_LONG_TESTS=1` runs every case (hours: a few cases make tens of millions of records).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { casesOf, checkCase, listFixtureFiles } from './witness-statetests.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const suiteDir = join(process.env.ETHEREUM_TESTS ?? join(repoRoot, '..', 'shared', 'ethereum-tests'), 'GeneralStateTests');
const LONG = process.env.ZKEVM_LONG_TESTS === '1';
const SAMPLE = 300;

describe('witness traces of GeneralStateTests (Cancun)', () => {
  if (!existsSync(suiteDir)) {
    const message = `ethereum-tests fixtures not found at ${suiteDir} (set ETHEREUM_TESTS)`;
    if (process.env.CI === 'true') {
      it('fixtures present', () => {
        throw new Error(message);
      });
    } else {
      it.skip(message, () => {});
    }
    return;
  }

  it(LONG ? 'every case passes the replay checker' : `a deterministic sample of ${SAMPLE} cases passes the replay checker`, { timeout: LONG ? 4 * 3600_000 : 60_000 }, () => {
    const all = listFixtureFiles(suiteDir).flatMap((f) => casesOf(f, suiteDir));
    const stride = LONG ? 1 : Math.max(1, Math.floor(all.length / SAMPLE));
    const selected = all.filter((_, i) => i % stride === 0).slice(0, LONG ? undefined : SAMPLE);
    const failures: string[] = [];
    let records = 0;
    let steps = 0;
    for (const c of selected) {
      const r = checkCase(c);
      records += r.records;
      steps += r.steps;
      if (r.problems.length > 0) failures.push(`${c.name}\n    ${r.problems.slice(0, 3).join('\n    ')}`);
    }
    expect(selected.length).toBeGreaterThanOrEqual(LONG ? 15000 : SAMPLE);
    expect(steps).toBeGreaterThan(0);
    expect(records).toBeGreaterThan(steps);
    expect(failures.length, `${failures.length} of ${selected.length} cases failed:\n${failures.slice(0, 15).join('\n')}`).toBe(0);
  });
});
