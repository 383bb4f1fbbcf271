/**
 * ethereum/tests TransactionTests, Cancun rules.
 *
 * Each case gives `txbytes` and per-fork results. We use the `Cancun` entry; the few cases
 * whose last listed fork is older (all of them invalid encodings) use that last entry, since no
 * later fork made them valid. Valid: decode, then check sender, hash, intrinsic gas, that the
 * stateless checks pass on chain 1, and that re-encoding gives the same bytes. Invalid:
 * `decodeTransaction` or `checkTransactionStatic(tx, 1n)` must reject it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTransaction } from './decode.ts';
import { encodeTransaction } from './encode.ts';
import { InvalidTransactionError, matchesExpectedException, type InvalidTxCode } from './errors.ts';
import { intrinsicGas } from './intrinsic-gas.ts';
import { checkTransactionStatic } from './validate.ts';

const FIXTURES = process.env.ETHEREUM_TESTS ?? resolve(import.meta.dirname, '../../../../shared/ethereum-tests');
const DIR = join(FIXTURES, 'TransactionTests');
const HAVE_FIXTURES = existsSync(DIR);

interface ForkResult {
  exception?: string;
  hash?: string;
  sender?: string;
  intrinsicGas?: string;
}

interface TxCase {
  txbytes: string;
  result: Record<string, ForkResult>;
}

function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`bad hex in fixture: ${hex.slice(0, 40)}`);
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

function bytesToHex(b: Uint8Array): string {
  return '0x' + Buffer.from(b).toString('hex');
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Returns a failure description, or undefined when the case passes. */
function runValid(raw: Uint8Array, expected: ForkResult): string | undefined {
  let tx;
  try {
    tx = decodeTransaction(raw);
  } catch (e) {
    return `expected valid, decode threw ${(e as Error).message}`;
  }
  const staticError = checkTransactionStatic(tx, 1n);
  if (staticError) return `expected valid, static check says ${staticError.message}`;
  const sender = '0x' + tx.sender.toString(16).padStart(40, '0');
  if (sender !== expected.sender?.toLowerCase()) return `sender ${sender} != ${expected.sender}`;
  if (bytesToHex(tx.hash) !== expected.hash?.toLowerCase()) return `hash ${bytesToHex(tx.hash)} != ${expected.hash}`;
  if (intrinsicGas(tx) !== BigInt(expected.intrinsicGas ?? 'missing')) {
    return `intrinsic gas ${intrinsicGas(tx)} != ${expected.intrinsicGas}`;
  }
  if (bytesToHex(encodeTransaction(tx)) !== bytesToHex(raw)) return 're-encoding differs from txbytes';
  return undefined;
}

/** Returns [failure or undefined, code we raised]. */
function runInvalid(raw: Uint8Array, expected: ForkResult): [string | undefined, InvalidTxCode | undefined] {
  let tx;
  try {
    tx = decodeTransaction(raw);
  } catch (e) {
    if (e instanceof InvalidTransactionError) return [undefined, e.code];
    return [`decode threw a non-InvalidTransactionError: ${(e as Error).stack}`, undefined];
  }
  const expectedGas = BigInt(expected.intrinsicGas ?? '0');
  if (expectedGas !== 0n && intrinsicGas(tx) !== expectedGas) {
    return [`intrinsic gas ${intrinsicGas(tx)} != ${expected.intrinsicGas}`, undefined];
  }
  const staticError = checkTransactionStatic(tx, 1n);
  if (staticError) return [undefined, staticError.code];
  return [`expected ${expected.exception}, but the transaction was accepted`, undefined];
}

describe.runIf(!HAVE_FIXTURES && process.env.CI === 'true')('TransactionTests fixtures', () => {
  it('are present', () => {
    expect.fail(`TransactionTests fixtures not found at ${DIR} (set ETHEREUM_TESTS)`);
  });
});

describe.skipIf(!HAVE_FIXTURES)(`TransactionTests (${HAVE_FIXTURES ? DIR : `skipped: fixtures not found at ${DIR}`})`, () => {
  it('every case matches its Cancun result', () => {
    const failures: string[] = [];
    let valid = 0;
    let invalid = 0;
    let olderFork = 0;
    let codeMatches = 0;
    const mismatchedCodes: string[] = [];
    for (const file of jsonFiles(DIR)) {
      const cases = JSON.parse(readFileSync(file, 'utf8')) as Record<string, TxCase>;
      for (const [name, testCase] of Object.entries(cases)) {
        const label = `${file.slice(DIR.length + 1)}/${name}`;
        let expected = testCase.result['Cancun'];
        if (!expected) {
          const forks = Object.keys(testCase.result);
          expected = testCase.result[forks[forks.length - 1]!]!;
          olderFork++;
        }
        let raw: Uint8Array;
        try {
          raw = hexToBytes(testCase.txbytes);
        } catch (e) {
          failures.push(`${label}: ${(e as Error).message}`);
          continue;
        }
        if (expected.exception === undefined) {
          valid++;
          const failure = runValid(raw, expected);
          if (failure) failures.push(`${label}: ${failure}`);
        } else {
          invalid++;
          const [failure, code] = runInvalid(raw, expected);
          if (failure) failures.push(`${label}: ${failure}`);
          else if (code && matchesExpectedException(code, expected.exception)) codeMatches++;
          else mismatchedCodes.push(`${label}: raised ${code}, fixture names ${expected.exception}`);
        }
      }
    }
    console.log(
      `TransactionTests: ${valid + invalid} cases (${valid} valid, ${invalid} invalid; ` +
        `${olderFork} without a Cancun entry used their last fork), ${failures.length} failures; ` +
        `exact exception code on ${codeMatches}/${invalid} invalid cases`,
    );
    if (process.env.TX_TESTS_VERBOSE) console.log(mismatchedCodes.join('\n'));
    expect(valid + invalid).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
