/**
 * Test support: runs GeneralStateTests cases with the witness tracer and the replay checker.
 *
 * A deliberately tiny fixture loader (the evm layer may not import the cli's statetest loader):
 * it reads `pre`, `env` and each Cancun entry's `txbytes` (every entry of the pinned fixtures
 * has them) and skips entries that expect an exception. The post state compared against is the
 * EVM's own (`WorldState.toAccounts()`): state-root conformance is the statetest runner's job,
 * trace consistency is this one's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { WorldState } from '../state/world-state.ts';
import { executeTransaction } from '../transaction-processor.ts';
import { decodeTransaction } from '../transaction/decode.ts';
import { InvalidTransactionError } from '../transaction/errors.ts';
import type { AccountData, BlockEnv } from '../types.ts';
import { bytesToBigInt } from '../words.ts';
import { checkWitnessConsistency } from './witness-replay.ts';
import { WitnessTracer } from './witness-tracer.ts';

/** One executable Cancun case. */
export interface WitnessCase {
  readonly name: string;
  readonly pre: Map<bigint, AccountData>;
  readonly block: BlockEnv;
  readonly txbytes: Uint8Array;
  readonly gasLimit: bigint;
}

/** Outcome of {@link checkCase}. */
export interface WitnessCaseResult {
  /** Violations as text; empty when the trace is consistent. */
  readonly problems: string[];
  readonly records: number;
  readonly steps: number;
  /** Bytes held by the trace. */
  readonly bytes: number;
}

type Json = Record<string, unknown>;

const quantity = (v: unknown): bigint => BigInt(String(v).replace(/^0x:bigint /, ''));
const hexBytes = (v: unknown): Uint8Array => new Uint8Array(Buffer.from(String(v).slice(2), 'hex'));

/** All `.json` files under `dir`, sorted (deterministic order). */
export function listFixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFixtureFiles(p));
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** Every Cancun case of a fixture file that expects no exception; names are relative to `root`. */
export function casesOf(file: string, root: string): WitnessCase[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Json>;
  const cases: WitnessCase[] = [];
  for (const [name, t] of Object.entries(json)) {
    const post = (t.post as Record<string, Json[]>)['Cancun'];
    if (post === undefined) continue;
    const env = t.env as Json;
    const number = quantity(env.currentNumber);
    const block: BlockEnv = {
      number,
      timestamp: quantity(env.currentTimestamp),
      coinbase: quantity(env.currentCoinbase),
      gasLimit: quantity(env.currentGasLimit),
      baseFee: quantity(env.currentBaseFee),
      prevRandao: quantity(env.currentRandom),
      excessBlobGas: quantity(env.currentExcessBlobGas),
      chainId: 1n,
      // go-ethereum's state-test convention (tests/state_test_util.go vmTestBlockHash): keccak256 of the decimal number.
      blockHash: (n: bigint) => (n < number ? bytesToBigInt(keccak_256(new TextEncoder().encode(n.toString(10)))) : undefined),
    };
    const pre = new Map<bigint, AccountData>();
    for (const [addr, a] of Object.entries(t.pre as Record<string, Json>)) {
      const storage = new Map<bigint, bigint>();
      for (const [k, v] of Object.entries(a.storage as Record<string, string>)) storage.set(quantity(k), quantity(v));
      pre.set(quantity(addr), { nonce: quantity(a.nonce), balance: quantity(a.balance), code: hexBytes(a.code), storage });
    }
    const gasLimits = (t.transaction as Json).gasLimit as string[];
    post.forEach((entry, i) => {
      if (entry.expectException !== undefined) return;
      const gasLimit = quantity(gasLimits[(entry.indexes as Record<string, number>).gas!]);
      cases.push({ name: `${file.slice(root.length + 1)} ${name} #${i}`, pre, block, txbytes: hexBytes(entry.txbytes), gasLimit });
    });
  }
  return cases;
}

function clone(pre: Map<bigint, AccountData>): Map<bigint, AccountData> {
  const m = new Map<bigint, AccountData>();
  for (const [a, d] of pre) m.set(a, { ...d, storage: new Map(d.storage) });
  return m;
}

/** Executes a case with a {@link WitnessTracer} and checks the trace against the pre state, the post state and the logs. */
export function checkCase(c: WitnessCase): WitnessCaseResult {
  let tx;
  try {
    tx = decodeTransaction(c.txbytes);
  } catch (e) {
    if (e instanceof InvalidTransactionError) return { problems: [], records: 0, steps: 0, bytes: 0 };
    throw e;
  }
  const state = WorldState.fromAccounts(clone(c.pre));
  const tracer = new WitnessTracer();
  const outcome = executeTransaction(state, c.block, tx, { tracer });
  if (outcome.kind === 'invalid') return { problems: [], records: 0, steps: 0, bytes: 0 };
  const trace = tracer.finish(state);
  const report = checkWitnessConsistency(trace, c.pre, { postState: state.toAccounts(), logs: outcome.logs });
  return {
    problems: report.violations.map((v) => `#${v.index} rwc ${v.rwc} ${v.kind}: ${v.message}`),
    records: trace.length,
    steps: trace.stepCount,
    bytes: trace.byteSize(),
  };
}
