/**
 * Runs a transaction in this project's EVM with the EIP-3155 tracer and returns the same
 * record shape as the @ethereumjs/evm oracle, so that the two can be compared.
 */
import { Eip3155Tracer, executeTransaction, WorldState } from '../index.ts';
import type { AccountData, BlockEnv, Transaction } from '../types.ts';
import { parseEip3155Line, type ExecutionRecord, type TraceStep } from './trace.ts';

/** Thrown when our EVM rejects a transaction the fuzzer generated as valid. */
export class UnexpectedInvalidTransactionError extends Error {
  constructor(readonly code: string, message: string) {
    super(`our EVM rejected a valid fuzz transaction: ${code}: ${message}`);
    this.name = 'UnexpectedInvalidTransactionError';
  }
}

/** Our outcome plus the whole post-state (existing accounts, non-zero storage). */
export interface OursRecord extends ExecutionRecord {
  accounts: Map<bigint, AccountData>;
}

/** Executes `tx` on a fresh state built from `pre`; traces every step when `trace` is set. */
export function runOurs(pre: Map<bigint, AccountData>, block: BlockEnv, tx: Transaction, trace: boolean): OursRecord {
  const state = WorldState.fromAccounts(pre);
  const steps: TraceStep[] = [];
  const tracer = trace
    ? new Eip3155Tracer((line: string) => {
      const step = parseEip3155Line(line);
      if (step !== undefined) steps.push(step);
    })
    : undefined;
  const outcome = executeTransaction(state, block, tx, tracer === undefined ? {} : { tracer });
  if (outcome.kind === 'invalid') {
    throw new UnexpectedInvalidTransactionError(outcome.error.code, outcome.error.message);
  }
  return {
    status: outcome.status,
    gasUsed: outcome.gasUsed,
    output: outcome.output,
    logs: outcome.logs,
    createdAddress: outcome.status === 'success' ? outcome.createdAddress : undefined,
    steps,
    accounts: state.toAccounts(),
  };
}
