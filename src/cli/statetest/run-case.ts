/**
 * Execution of one state test case (one `post.Cancun[i]` entry) and its verdict.
 *
 * The case passes when: the transaction is rejected with one of the expected codes if an
 * exception is expected (and executes otherwise), the post-state root equals `hash`, and the
 * logs hash equals `logs`. A rejected transaction leaves the state untouched, so the expected
 * root is then the pre-state root.
 */
import { executeTransaction, WorldState } from '../../evm/index.ts';
import type { Tracer } from '../../evm/index.ts';
import { decodeTransaction } from '../../evm/transaction/decode.ts';
import { InvalidTransactionError } from '../../evm/transaction/errors.ts';
import { checkTransactionStatic } from '../../evm/transaction/validate.ts';
import type { AccountData, BlockEnv, Log, Transaction } from '../../evm/types.ts';
import { ethereumStateRoot, logsHash } from '../../state/ethereum-state-root.ts';
import { blockEnvOf, STATE_TEST_CHAIN_ID, transactionFromTemplate } from './case-inputs.ts';
import type { PostEntry, StateTest } from './fixture.ts';
import { describeStateChanges } from './state-diff.ts';

/** Verdict of one case: ok, or the reason it failed. */
export type CaseVerdict = { ok: true } | { ok: false; reason: string };

const toHex = (b: Uint8Array): string => '0x' + Buffer.from(b).toString('hex');

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Fresh copy of the pre state, so every case starts from the same accounts. */
function clonePre(pre: Map<bigint, AccountData>): Map<bigint, AccountData> {
  const copy = new Map<bigint, AccountData>();
  for (const [address, a] of pre) {
    copy.set(address, { nonce: a.nonce, balance: a.balance, code: a.code, storage: new Map(a.storage) });
  }
  return copy;
}

/** What happened to the transaction: rejected before execution, or executed. */
type Attempt =
  | { kind: 'rejected'; error: InvalidTransactionError }
  | { kind: 'executed'; status: string; logs: Log[] };

function attempt(test: StateTest, entry: PostEntry, state: WorldState, block: BlockEnv, tracer: Tracer | undefined): Attempt {
  let tx: Transaction;
  try {
    tx = entry.txbytes !== undefined ? decodeTransaction(entry.txbytes) : transactionFromTemplate(test.transaction, entry.index);
  } catch (e) {
    if (e instanceof InvalidTransactionError) return { kind: 'rejected', error: e };
    throw e;
  }
  const staticError = checkTransactionStatic(tx, STATE_TEST_CHAIN_ID);
  if (staticError !== undefined) return { kind: 'rejected', error: staticError };
  const outcome = executeTransaction(state, block, tx, tracer === undefined ? {} : { tracer });
  if (outcome.kind === 'invalid') return { kind: 'rejected', error: outcome.error };
  return { kind: 'executed', status: outcome.status, logs: outcome.logs };
}

/**
 * Runs one case from a fresh copy of the pre state and checks exception, state root and logs.
 * Errors other than a rejected transaction propagate (the caller reports them as internal).
 */
export function runCase(test: StateTest, entry: PostEntry, tracer?: Tracer): CaseVerdict {
  const pre = clonePre(test.pre);
  const state = WorldState.fromAccounts(pre);
  const result = attempt(test, entry, state, blockEnvOf(test.env), tracer);
  const problems: string[] = [];
  const expected = entry.expectException;
  if (result.kind === 'rejected') {
    if (expected.length === 0) {
      problems.push(`unexpected exception ${result.error.code}: ${result.error.message}`);
    } else if (!expected.includes(result.error.code)) {
      problems.push(`wrong exception: expected ${expected.join('|')}, got ${result.error.code}: ${result.error.message}`);
    }
  } else if (expected.length > 0) {
    problems.push(`missing exception: expected ${expected.join('|')}, but the transaction executed (${result.status})`);
  }
  const post = state.toAccounts();
  const root = ethereumStateRoot(post);
  const logs = logsHash(result.kind === 'executed' ? result.logs : []);
  if (!bytesEqual(logs, entry.logs)) {
    problems.push(`logs mismatch: expected ${toHex(entry.logs)}, got ${toHex(logs)}`);
  }
  if (!bytesEqual(root, entry.hash)) {
    const changes = describeStateChanges(test.pre, post);
    const changeText = changes.length === 0 ? ' (no account changed)' : `; changes vs pre:\n    ${changes.join('\n    ')}`;
    problems.push(`state root mismatch: expected ${toHex(entry.hash)}, got ${toHex(root)}${changeText}`);
  }
  return problems.length === 0 ? { ok: true } : { ok: false, reason: problems.join('; ') };
}
