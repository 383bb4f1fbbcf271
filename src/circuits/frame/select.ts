/**
 * Which transactions the part-1 frame prover takes: a call (not a creation, not a call to a
 * precompile) whose execution stays in its one frame and runs only opcodes the CPU table proves.
 * Anything else gets the reason of its FIRST offender (`create transaction`, `precompile call`,
 * `opcode CALL`, `opcode SDIV`, ...), found on a real execution traced by the WitnessTracer, so the
 * classification is exactly what the prover would meet.
 */
import { Halt, OPCODES, OpFlag, WorldState, executeTransaction, type TxOutcome } from '../../evm/index.ts';
import { isPrecompile } from '../../evm/precompiles/index.ts';
import type { WitnessTrace } from '../../evm/tracers/witness-records.ts';
import { RecordKind } from '../../evm/tracers/witness-records.ts';
import { WitnessTracer } from '../../evm/tracers/witness-tracer.ts';
import type { AccountData, BlockEnv, Transaction } from '../../evm/types.ts';

/** What the frame prover can prove today. */
export interface FrameCoverage {
  /** Whether the CPU table proves this opcode (its `opcode_info` proven bit). */
  isProven(opcode: number): boolean;
  /**
   * Set while a table the frame proof needs does not exist yet: every otherwise eligible case is
   * then unsupported with this reason (the prover cannot prove anything without it).
   */
  readonly missing: string | undefined;
}

/** A transaction executed with the witness tracer. */
export interface ExecutedFrame {
  readonly tx: Transaction;
  readonly block: BlockEnv;
  /** The pre state (never mutated). */
  readonly pre: Map<bigint, AccountData>;
  /** The post state after the whole transaction. */
  readonly post: Map<bigint, AccountData>;
  readonly outcome: Extract<TxOutcome, { kind: 'executed' }>;
  /** The finalized witness trace. */
  readonly trace: WitnessTrace;
}

/** Result of {@link selectCase}. */
export type FrameSelection =
  | { readonly eligible: true; readonly run: ExecutedFrame }
  | { readonly eligible: false; readonly reason: string; readonly run: ExecutedFrame | undefined };

/** Frame id the WitnessTracer gives the transaction's top frame. */
export const TOP_FRAME = 0;

/**
 * Reason of a call whose top frame runs no instruction (an account without code: the EVM does not
 * even run the implicit STOP, so there is no CPU row to prove; the transaction is a plain value
 * transfer, which part 2 proves with the state tree).
 */
export const NO_CODE_REASON = 'no code executed';

const CALL_OPCODES = new Set([0xf1, 0xf2, 0xf4, 0xfa]);

function clonePre(pre: Map<bigint, AccountData>): Map<bigint, AccountData> {
  const m = new Map<bigint, AccountData>();
  for (const [a, d] of pre) m.set(a, { nonce: d.nonce, balance: d.balance, code: d.code, storage: new Map(d.storage) });
  return m;
}

/** Executes `tx` on a copy of `pre` with the witness tracer; undefined when the transaction is invalid. */
export function executeForWitness(pre: Map<bigint, AccountData>, block: BlockEnv, tx: Transaction): ExecutedFrame | undefined {
  const state = WorldState.fromAccounts(clonePre(pre));
  const tracer = new WitnessTracer();
  const outcome = executeTransaction(state, block, tx, { tracer });
  if (outcome.kind === 'invalid') return undefined;
  const trace = tracer.finish(state);
  return { tx, block, pre, post: state.toAccounts(), outcome, trace };
}

/** `opcode NAME` for assigned opcodes, `undefined opcode 0x0c` for unassigned bytes. */
export function opcodeReason(opcode: number): string {
  const info = OPCODES[opcode]!;
  if ((info.flags & OpFlag.Invalid) !== 0) return `undefined opcode 0x${opcode.toString(16).padStart(2, '0')}`;
  return `opcode ${info.name}`;
}

/** The target address of a CALL-family step: its second stack read (μs[1]). */
function callTarget(trace: WitnessTrace, step: number): bigint | undefined {
  const first = trace.steps.firstRecord[step]!;
  let reads = 0;
  for (let i = first; i < trace.length && trace.step[i] === step; i++) {
    if (trace.kind[i] !== RecordKind.StackRead) continue;
    if (++reads === 2) return trace.val(trace.value[i]!) & ((1n << 160n) - 1n);
  }
  return undefined;
}

/**
 * The first reason the executed transaction is outside part 1, or undefined when it is eligible:
 * no step at all, a step outside the top frame, or the first step whose opcode is not proven
 * (`precompile call` for a CALL-family step whose target is a precompile).
 */
export function firstUnsupported(trace: WitnessTrace, coverage: FrameCoverage): string | undefined {
  const s = trace.steps;
  if (trace.stepCount === 0) return NO_CODE_REASON;
  for (let i = 0; i < trace.stepCount; i++) {
    if (s.frame[i] !== TOP_FRAME) return 'nested frame';
    const op = s.opcode[i]!;
    if (coverage.isProven(op)) continue;
    // A CALL that halts before reading its operands (stack underflow) has no target to inspect.
    if (CALL_OPCODES.has(op) && s.halt[i] !== Halt.StackUnderflow) {
      const target = callTarget(trace, i);
      if (target !== undefined && isPrecompile(target)) return 'precompile call';
    }
    return opcodeReason(op);
  }
  return undefined;
}

/** Classifies one GeneralStateTest case (its pre state, block and transaction). */
export function selectCase(pre: Map<bigint, AccountData>, block: BlockEnv, tx: Transaction, coverage: FrameCoverage): FrameSelection {
  if (tx.to === null) return { eligible: false, reason: 'create transaction', run: undefined };
  if (isPrecompile(tx.to)) return { eligible: false, reason: 'precompile call', run: undefined };
  const run = executeForWitness(pre, block, tx);
  if (run === undefined) return { eligible: false, reason: 'invalid transaction', run: undefined };
  const reason = firstUnsupported(run.trace, coverage) ?? coverage.missing;
  return reason === undefined ? { eligible: true, run } : { eligible: false, reason, run };
}
