/**
 * `zkevm demo [--json]`: executes the sample batch (transfers, a deployment, contract calls) on
 * the EVM and prints each transaction's outcome, the balances and the Ethereum state root.
 * Later issues extend the demo to proving and L1 settlement.
 */
import { WorldState, executeTransaction } from '../../evm/index.ts';
import { ethereumStateRoot } from '../../state/ethereum-state-root.ts';
import type { CliIo } from '../io.ts';
import { sampleBatch } from './sample-batch.ts';

const HELP = `Usage: zkevm demo [--json]

Executes a short batch of sample L2 transactions (ETH transfers, a contract deployment and
calls) and prints each outcome and the resulting state root.

Options:
  --json   print one JSON object on stdout instead of the table
`;

/** One executed transaction in the demo's machine-readable result. */
export interface DemoTransactionResult {
  hash: string;
  label: string;
  status: 'success' | 'revert' | 'halt' | 'invalid';
  gas_used: string;
  logs: number;
  created?: string;
  error?: string;
}

/** The demo's machine-readable result (`--json`). */
export interface DemoResult {
  transactions: DemoTransactionResult[];
  gas_used: string;
  state_root: string;
  balances: Record<string, string>;
  execute_ms: number;
}

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;
const address = (a: bigint): string => `0x${a.toString(16).padStart(40, '0')}`;

/** Runs the sample batch and returns its result. */
export function runDemo(): DemoResult {
  const { genesis, block, transactions, names } = sampleBatch();
  const state = WorldState.fromAccounts(genesis);
  const results: DemoTransactionResult[] = [];
  let gasUsed = 0n;
  const started = performance.now();
  for (const { label, tx } of transactions) {
    const outcome = executeTransaction(state, block, tx);
    if (outcome.kind === 'invalid') {
      results.push({ hash: hex(tx.hash), label, status: 'invalid', gas_used: '0', logs: 0, error: outcome.error.message });
      continue;
    }
    gasUsed += outcome.gasUsed;
    const result: DemoTransactionResult = {
      hash: hex(tx.hash),
      label,
      status: outcome.status,
      gas_used: outcome.gasUsed.toString(),
      logs: outcome.logs.length,
    };
    if (outcome.createdAddress !== undefined) result.created = address(outcome.createdAddress);
    results.push(result);
  }
  const executeMs = performance.now() - started;
  const post = state.toAccounts();
  const balances: Record<string, string> = {};
  for (const [addr, name] of names) balances[name] = (post.get(addr)?.balance ?? 0n).toString();
  return {
    transactions: results,
    gas_used: gasUsed.toString(),
    state_root: hex(ethereumStateRoot(post)),
    balances,
    execute_ms: Math.round(executeMs * 100) / 100,
  };
}

function formatPlain(result: DemoResult): string {
  const lines = ['zkevm demo: executing a sample batch on the Cancun EVM', ''];
  result.transactions.forEach((t, i) => {
    const extra = t.created !== undefined ? `, created ${t.created}` : t.error !== undefined ? `: ${t.error}` : '';
    lines.push(`  ${i + 1}. ${t.label}`);
    lines.push(`     ${t.status}, gas ${t.gas_used}, ${t.logs} log(s)${extra}`);
  });
  lines.push('', 'Balances (wei):');
  for (const [name, balance] of Object.entries(result.balances)) lines.push(`  ${name.padEnd(9)} ${balance}`);
  lines.push('', `Gas used:    ${result.gas_used}`, `State root:  ${result.state_root}`, `Executed in: ${result.execute_ms} ms`, '');
  return lines.join('\n');
}

/** Entry point of `zkevm demo`. */
export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  let json = false;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      io.stdout(HELP);
      return 0;
    } else {
      io.stderr(`zkevm demo: unknown option ${JSON.stringify(arg)}\n${HELP}`);
      return 2;
    }
  }
  const result = runDemo();
  io.stdout(json ? `${JSON.stringify(result)}\n` : formatPlain(result));
  return result.transactions.every((t) => t.status === 'success') ? 0 : 1;
}
