/**
 * Precompile inputs and expected outcomes taken from the execution-spec-tests state-test fixtures
 * (ethereum-tests GeneralStateTests/Pyspecs), where the expected result is stated in the test id:
 * - cancun/eip4844_blobs/point_evaluation_precompile_external_vectors.json: the c-kzg-4844
 *   verify_kzg_proof vectors ("correct_proof*" must verify, every other case must fail);
 * - byzantium/eip198_modexp_precompile/modexp.json: "ModExpInput_…-ExpectedOutput_call_return_code_0x01-returned_data_0x…".
 * The fixtures are not part of the repository; the suite is skipped when they are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { runPrecompile } from './index.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TESTS = process.env.ETHEREUM_TESTS ?? join(REPO, '..', 'shared', 'ethereum-tests');
const PYSPECS = join(TESTS, 'GeneralStateTests', 'Pyspecs');
const POINT_EVALUATION_FILE = join(PYSPECS, 'cancun', 'eip4844_blobs', 'point_evaluation_precompile_external_vectors.json');
const MODEXP_FILE = join(PYSPECS, 'byzantium', 'eip198_modexp_precompile', 'modexp.json');

interface StateTest {
  transaction: { data: string[] };
}

function loadCancunTests(file: string): [string, StateTest][] {
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, StateTest>;
  return Object.entries(all).filter(([id]) => id.includes('fork_Cancun'));
}

const SUCCESS_OUTPUT =
  '000000000000000000000000000000000000000000000000000000000000100073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001';

describe.skipIf(!existsSync(POINT_EVALUATION_FILE))('POINT EVALUATION on the c-kzg-4844 verify_kzg_proof vectors', () => {
  it('accepts exactly the correct proofs', () => {
    const cases = loadCancunTests(POINT_EVALUATION_FILE).map(([id, test]) => {
      const label = /verify_kzg_proof_case_(.+)_[0-9a-f]{16}\]$/.exec(id)?.[1];
      if (label === undefined) throw new Error(`unexpected test id ${id}`);
      return { label, input: test.transaction.data[0]! };
    });
    expect(cases.length).toBeGreaterThanOrEqual(100);
    let correct = 0;
    for (const { label, input } of cases) {
      const expectValid = label.startsWith('correct_proof');
      const result = runPrecompile(0x0an, hexToBytes(input.slice(2)), 50000n);
      if (expectValid) {
        expect(result.ok && bytesToHex(result.output), label).toBe(SUCCESS_OUTPUT);
        correct++;
      } else {
        expect(result.ok, label).toBe(false);
      }
    }
    expect(correct).toBeGreaterThan(20);
  });
});

describe.skipIf(!existsSync(MODEXP_FILE))('MODEXP on the execution-spec-tests EIP-198 cases with stated outputs', () => {
  it('returns the stated data', () => {
    let checked = 0;
    for (const [id, test] of loadCancunTests(MODEXP_FILE)) {
      const expected = /ExpectedOutput_call_return_code_0x01-returned_data_0x([0-9a-f]*)\]$/.exec(id)?.[1];
      if (expected === undefined) continue;
      const result = runPrecompile(5n, hexToBytes(test.transaction.data[0]!.slice(2)), 10_000_000n);
      expect(result.ok && bytesToHex(result.output), id).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});
