/**
 * Bench workload source: the Cancun cases of GeneralStateTests folders, as (pre-state, block,
 * decoded transaction) triples that both EVMs execute. Cases whose transaction the fixture
 * expects to be invalid (`expectException`) are left out: they measure validation, not
 * execution, and the ethereumjs side does not validate.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { decodeTransaction } from '../../src/evm/transaction/decode.ts';
import type { AccountData, BlockEnv, Transaction } from '../../src/evm/types.ts';

/** One executable state-test case. */
export interface StateCase {
  name: string;
  pre: Map<bigint, AccountData>;
  block: BlockEnv;
  tx: Transaction;
}

type Json = Record<string, unknown>;

function hexToBytes(h: string): Uint8Array {
  const s = h.startsWith('0x') ? h.slice(2) : h;
  return Uint8Array.from(Buffer.from(s.length % 2 === 1 ? `0${s}` : s, 'hex'));
}

function q(v: unknown): bigint {
  if (typeof v !== 'string') throw new TypeError(`expected a hex quantity, got ${JSON.stringify(v)}`);
  return v === '0x' ? 0n : BigInt(v);
}

/**
 * BLOCKHASH in state tests: the hash of block n is keccak256 of n's decimal string, as the
 * reference test runners (geth `vmTestBlockHash`) define it.
 */
function stateTestBlockHash(current: bigint): (n: bigint) => bigint | undefined {
  return (n) => {
    if (n >= current || current - n > 256n) return undefined;
    return BigInt(`0x${Buffer.from(keccak_256(new TextEncoder().encode(n.toString()))).toString('hex')}`);
  };
}

function parsePre(pre: Json): Map<bigint, AccountData> {
  const out = new Map<bigint, AccountData>();
  for (const [address, raw] of Object.entries(pre)) {
    const a = raw as Json;
    const storage = new Map<bigint, bigint>();
    for (const [k, v] of Object.entries((a['storage'] ?? {}) as Json)) {
      const value = q(v);
      if (value !== 0n) storage.set(q(k), value);
    }
    out.set(BigInt(address), {
      nonce: q(a['nonce']),
      balance: q(a['balance']),
      code: hexToBytes(String(a['code'] ?? '0x')),
      storage,
    });
  }
  return out;
}

function parseEnv(env: Json): BlockEnv {
  const number = q(env['currentNumber']);
  return {
    number,
    timestamp: q(env['currentTimestamp']),
    coinbase: q(env['currentCoinbase']),
    gasLimit: q(env['currentGasLimit']),
    baseFee: q(env['currentBaseFee'] ?? '0x0'),
    prevRandao: q(env['currentRandom'] ?? env['currentDifficulty'] ?? '0x0'),
    excessBlobGas: q(env['currentExcessBlobGas'] ?? '0x0'),
    chainId: 1n,
    blockHash: stateTestBlockHash(number),
  };
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...jsonFiles(path));
    else if (entry.endsWith('.json')) out.push(path);
  }
  return out;
}

/** Loads every Cancun case with a valid transaction under `dir`. */
export function loadStateCases(dir: string): StateCase[] {
  const cases: StateCase[] = [];
  for (const file of jsonFiles(dir)) {
    const tests = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Json>;
    for (const [testName, test] of Object.entries(tests)) {
      const posts = ((test['post'] as Json | undefined)?.['Cancun'] ?? []) as Json[];
      if (posts.length === 0) continue;
      const pre = parsePre(test['pre'] as Json);
      const block = parseEnv(test['env'] as Json);
      posts.forEach((post, i) => {
        if (post['expectException'] !== undefined) return;
        cases.push({ name: `${testName}#${i}`, pre, block, tx: decodeTransaction(hexToBytes(String(post['txbytes']))) });
      });
    }
  }
  return cases;
}
