/**
 * Tracer hooks. The interpreter tests `tracer !== undefined` once per step; with no tracer
 * nothing else runs and nothing is allocated. With a tracer, hooks receive live read-only views
 * (the frame and the state) instead of copies: a tracer that needs data later must copy it
 * during the hook.
 *
 * The hooks are rich enough to build an execution witness: every step with full machine state
 * before and after, every frame boundary with its context, and read access to the world state.
 */
import type { FrameView } from './frame.ts';
import type { HaltReason } from './halt.ts';
import type { StateView } from './state/state-view.ts';
import type { BlockEnv, Log, Transaction } from './types.ts';

/** Summary of a finished transaction passed to {@link Tracer.onTxEnd}. */
export interface TxTraceResult {
  /** How the top frame ended. */
  readonly halt: HaltReason;
  /** Output of the top frame (return or revert data, deployed code for creations). */
  readonly output: Uint8Array;
  /** Gas used by the transaction after refunds (what the receipt reports). */
  readonly gasUsed: bigint;
  /** Gas used by the top frame's execution, before refunds and without intrinsic gas (what geth's EIP-3155 summary prints). */
  readonly executionGasUsed: bigint;
  /** Logs of the transaction (empty when the top frame failed). */
  readonly logs: readonly Log[];
}

/** Execution hooks; every hook is optional. */
export interface Tracer {
  /**
   * Called after the transaction passed validation, gas was bought, the nonce incremented and
   * the access sets were warmed, just before the top frame starts.
   * `executionGas` is gasLimit minus intrinsic gas.
   */
  onTxStart?(tx: Transaction, block: BlockEnv, executionGas: bigint, state: StateView): void;
  /** Called after refunds and fee payments, before EIP-161/6780 account deletions are applied. */
  onTxEnd?(result: TxTraceResult, state: StateView): void;
  /**
   * Called when a frame opens, after the value transfer (and, for creates, after the new account
   * was set up). `frame.kind`, `caller`, `address`, `codeAddress`, `value`, `input`, `gas`,
   * `isStatic` and `depth` describe the message. Precompile calls and calls to accounts without
   * code also get an enter/exit pair (their frame runs no steps). Calls that fail before opening a
   * frame (depth limit, insufficient balance, nonce overflow) get no pair: the caller's step
   * result (0 pushed) records them.
   */
  onFrameEnter?(frame: FrameView, state: StateView): void;
  /**
   * Called when a frame ends, after its state changes were kept or reverted and, for creates,
   * after the code deposit. `frame.halt` says how it ended (success, revert or exceptional
   * halt), `frame.output` is its output and `frame.gas` the gas returned to the caller (0 after
   * an exceptional halt).
   */
  onFrameExit?(frame: FrameView, state: StateView): void;
  /**
   * Called before each instruction, before any gas is charged: `frame.pc`, `frame.opcode`,
   * `frame.gas` (gas left), `frame.depth`, `frame.id`, stack, memory and return data are the
   * machine state the instruction sees. `staticGas` is the opcode's static cost from the opcode
   * table; the full cost is reported by {@link Tracer.onStepEnd}. `state.refund` is the refund
   * counter.
   */
  onStep?(frame: FrameView, staticGas: number, state: StateView): void;
  /**
   * Called after each instruction. `gasCost` is all gas the instruction charged (static plus
   * dynamic, including gas handed to a sub-call or create, as geth reports it). `frame.halt`
   * is non-zero when the instruction ended the frame (its reason), otherwise the new stack top
   * is `frame.stack[frame.sp - 1]` and `frame.pc` the next instruction. For CALL/CREATE family
   * opcodes this fires after the child's {@link Tracer.onFrameEnter} and before the child's first
   * step (or after the child's enter and exit when it ran no code); when a child frame runs, the
   * pushed result is visible at the caller's next step.
   */
  onStepEnd?(frame: FrameView, gasCost: bigint, state: StateView): void;
}
