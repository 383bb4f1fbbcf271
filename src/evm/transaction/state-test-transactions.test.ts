/**
 * Long run (about a minute; enabled with ZKEVM_LONG_TESTS=1): every Cancun `txbytes` of
 * ethereum/tests GeneralStateTests through decodeTransaction + checkTransactionStatic(tx, 1n).
 *
 * - a post entry without `expectException` must decode and pass the stateless checks;
 * - one with `expectException` must either be rejected with one of the named codes, or pass
 *   (its failure then needs state or the block: balance, sender code, base fee, block gas).
 *   Those deferred ones are counted per expected exception so that a new kind shows up.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTransaction } from './decode.ts';
import { InvalidTransactionError, matchesExpectedException, type InvalidTxCode } from './errors.ts';
import { checkTransactionStatic } from './validate.ts';

const FIXTURES = process.env.ETHEREUM_TESTS ?? resolve(import.meta.dirname, '../../../../shared/ethereum-tests');
const DIR = join(FIXTURES, 'GeneralStateTests');
const ENABLED = process.env.ZKEVM_LONG_TESTS === '1';

/** Failures that only the state transition can detect (they need the account or the block). */
const NEEDS_STATE_OR_BLOCK = new Set([
  'INSUFFICIENT_ACCOUNT_FUNDS',
  'SENDER_NOT_EOA',
  'INSUFFICIENT_MAX_FEE_PER_GAS',
  'INSUFFICIENT_MAX_FEE_PER_BLOB_GAS',
  'GAS_ALLOWANCE_EXCEEDED',
  'NONCE_MISMATCH_TOO_LOW',
  'NONCE_MISMATCH_TOO_HIGH',
]);

interface PostEntry {
  txbytes: string;
  expectException?: string;
  indexes: unknown;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

function staticCode(raw: Uint8Array): InvalidTxCode | undefined {
  try {
    return checkTransactionStatic(decodeTransaction(raw), 1n)?.code;
  } catch (e) {
    if (e instanceof InvalidTransactionError) return e.code;
    throw e;
  }
}

describe.runIf(ENABLED && existsSync(DIR))('GeneralStateTests transactions (Cancun, stateless part)', () => {
  it('decode and validate as the fixtures expect', () => {
    const failures: string[] = [];
    let valid = 0;
    let rejected = 0;
    let deferred = 0;
    for (const file of jsonFiles(DIR)) {
      const tests = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { post?: Record<string, PostEntry[]> }>;
      for (const [name, test] of Object.entries(tests)) {
        for (const entry of test.post?.['Cancun'] ?? []) {
          const label = `${file.slice(DIR.length + 1)}/${name} ${JSON.stringify(entry.indexes)}`;
          const code = staticCode(Uint8Array.from(Buffer.from(entry.txbytes.slice(2), 'hex')));
          const expected = entry.expectException;
          if (expected === undefined) {
            if (code === undefined) valid++;
            else failures.push(`${label}: valid transaction rejected with ${code}`);
          } else if (code !== undefined) {
            if (matchesExpectedException(code, expected)) rejected++;
            else failures.push(`${label}: raised ${code}, expected ${expected}`);
          } else {
            const alternatives = expected.split('|').map((a) => a.replace(/^TransactionException\./, ''));
            if (alternatives.some((a) => NEEDS_STATE_OR_BLOCK.has(a))) deferred++;
            else failures.push(`${label}: accepted, but ${expected} needs no state`);
          }
        }
      }
    }
    console.log(
      `GeneralStateTests txbytes: ${valid} valid accepted, ${rejected} rejected with the expected code, ` +
        `${deferred} left to the state transition, ${failures.length} failures`,
    );
    expect(valid).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
