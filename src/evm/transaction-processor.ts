/**
 * Cancun transaction processing: validation against state and block, gas purchase, execution,
 * refunds and fee payment (yellow paper section 6, EIP-1559, EIP-2929/2930, EIP-3529, EIP-3651,
 * EIP-4844). The order of the validity checks follows geth `core/state_transition.go` (preCheck,
 * buyGas), which filled the fixtures.
 */
import { FrameKind, type Frame } from './frame.ts';
import { GAS_PER_BLOB, blobBaseFee } from './gas.ts';
import { Halt, isSuccess } from './halt.ts';
import { Interpreter, createAddress } from './interpreter.ts';
import { LAST_PRECOMPILE_ADDRESS } from './precompiles/index.ts';
import type { WorldState } from './state/world-state.ts';
import type { Tracer } from './tracer.ts';
import { InvalidTransactionError } from './transaction/errors.ts';
import { intrinsicGas } from './transaction/intrinsic-gas.ts';
import { checkTransactionStatic } from './transaction/validate.ts';
import type { BlockEnv, Log, Transaction } from './types.ts';

/** Result of {@link executeTransaction}. */
export type TxOutcome =
  | { kind: 'invalid'; error: InvalidTransactionError }
  | {
      kind: 'executed';
      status: 'success' | 'revert' | 'halt';
      /** Gas charged to the sender after refunds (receipt gasUsed). */
      gasUsed: bigint;
      logs: Log[];
      output: Uint8Array;
      /** Address of the created contract, for successful creation transactions. */
      createdAddress?: bigint;
    };

/** Options of {@link executeTransaction}. */
export interface ExecuteOptions {
  tracer?: Tracer;
}

/** Effective gas price (EIP-1559): min(maxFeePerGas, baseFee + maxPriorityFeePerGas). */
export function effectiveGasPrice(tx: Transaction, baseFee: bigint): bigint {
  const withTip = baseFee + tx.maxPriorityFeePerGas;
  return tx.maxFeePerGas < withTip ? tx.maxFeePerGas : withTip;
}

function invalid(code: InvalidTransactionError['code'], message: string, details?: Record<string, unknown>): TxOutcome {
  return { kind: 'invalid', error: new InvalidTransactionError(code, message, details) };
}

/** The checks that need the state and the block; undefined when the transaction may execute. */
function validateAgainstState(state: WorldState, block: BlockEnv, tx: Transaction, blobFee: bigint): TxOutcome | undefined {
  const sender = state.getAccount(tx.sender);
  const nonce = sender?.nonce ?? 0n;
  if (tx.nonce < nonce) return invalid('NONCE_MISMATCH_TOO_LOW', `nonce ${tx.nonce} below account nonce ${nonce}`);
  if (tx.nonce > nonce) return invalid('NONCE_MISMATCH_TOO_HIGH', `nonce ${tx.nonce} above account nonce ${nonce}`);
  // EIP-3607: senders with deployed code are rejected.
  if (sender !== undefined && sender.code.length > 0) return invalid('SENDER_NOT_EOA', 'sender has code');
  if (tx.maxFeePerGas < block.baseFee) {
    return invalid('INSUFFICIENT_MAX_FEE_PER_GAS', `max fee per gas ${tx.maxFeePerGas} below base fee ${block.baseFee}`);
  }
  const blobCount = BigInt(tx.blobVersionedHashes.length);
  if (tx.type === 3 && tx.maxFeePerBlobGas < blobFee) {
    return invalid('INSUFFICIENT_MAX_FEE_PER_BLOB_GAS', `max fee per blob gas ${tx.maxFeePerBlobGas} below blob base fee ${blobFee}`);
  }
  const maxCost = tx.gasLimit * tx.maxFeePerGas + tx.value + blobCount * GAS_PER_BLOB * tx.maxFeePerBlobGas;
  const balance = sender?.balance ?? 0n;
  if (balance < maxCost) return invalid('INSUFFICIENT_ACCOUNT_FUNDS', `balance ${balance} below maximum cost ${maxCost}`);
  if (tx.gasLimit > block.gasLimit) return invalid('GAS_ALLOWANCE_EXCEEDED', `gas limit ${tx.gasLimit} above block gas limit ${block.gasLimit}`);
  return undefined;
}

/** Opens the transaction's top frame (a creation at `createdAddress`, or a call) and runs it to the end. */
function runTopFrame(interpreter: Interpreter, tx: Transaction, createdAddress: bigint | undefined, gas: bigint): Frame {
  if (createdAddress !== undefined) {
    interpreter.create(undefined, FrameKind.Create, tx.sender, createdAddress, tx.value, tx.data, gas, false);
  } else {
    interpreter.call(undefined, {
      kind: FrameKind.Call,
      caller: tx.sender,
      address: tx.to!,
      codeAddress: tx.to!,
      value: tx.value,
      input: tx.data,
      gas,
      isStatic: false,
    });
  }
  return interpreter.run();
}

/**
 * Executes one transaction on `state`. An invalid transaction leaves the state unchanged; a valid
 * one commits the full Cancun state transition including fees, refunds, the burnt base and blob
 * fees, and EIP-161/EIP-6780 account deletions.
 */
export function executeTransaction(state: WorldState, block: BlockEnv, tx: Transaction, options: ExecuteOptions = {}): TxOutcome {
  const staticError = checkTransactionStatic(tx, block.chainId);
  if (staticError !== undefined) return { kind: 'invalid', error: staticError };
  const blobFee = blobBaseFee(block.excessBlobGas);
  const rejected = validateAgainstState(state, block, tx, blobFee);
  if (rejected !== undefined) return rejected;

  const tracer = options.tracer;
  const gasPrice = effectiveGasPrice(tx, block.baseFee);
  const blobGas = BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB;
  state.beginTransaction();
  state.subBalance(tx.sender, tx.gasLimit * gasPrice + blobGas * blobFee);
  state.setNonce(tx.sender, tx.nonce + 1n);

  // EIP-2929 / EIP-2930 / EIP-3651 pre-warmed addresses and keys.
  state.warmAddress(tx.sender);
  if (tx.to !== null) state.warmAddress(tx.to);
  for (let a = 1n; a <= LAST_PRECOMPILE_ADDRESS; a++) state.warmAddress(a);
  state.warmAddress(block.coinbase);
  for (const entry of tx.accessList) {
    state.warmAddress(entry.address);
    for (const key of entry.storageKeys) state.warmSlot(entry.address, key);
  }

  const executionGas = tx.gasLimit - intrinsicGas(tx);
  const interpreter = new Interpreter(state, block, { origin: tx.sender, gasPrice, blobVersionedHashes: tx.blobVersionedHashes, blobBaseFee: blobFee }, tracer);
  tracer?.onTxStart?.(tx, block, executionGas, state);
  const createdAddress = tx.to === null ? createAddress(tx.sender, tx.nonce) : undefined;
  let top: Frame;
  try {
    top = runTopFrame(interpreter, tx, createdAddress, executionGas);
  } catch (e) {
    // Resource limits (MemoryLimitError) and internal errors: leave the state as it was before the transaction.
    state.revertTo(0);
    state.beginTransaction();
    throw e;
  }
  const halt = top.halt;

  // EIP-3529: refund capped at a fifth of the gas used.
  let gasLeft = top.gas;
  const usedBeforeRefund = tx.gasLimit - gasLeft;
  const refundCap = usedBeforeRefund / 5n;
  const refund = BigInt(state.refund) < refundCap ? BigInt(state.refund) : refundCap;
  gasLeft += refund;
  const gasUsed = tx.gasLimit - gasLeft;
  state.addBalance(tx.sender, gasLeft * gasPrice);
  // EIP-1559: only the priority part goes to the coinbase; the base fee (and EIP-4844 blob fee) is burnt.
  state.addBalance(block.coinbase, gasUsed * (gasPrice - block.baseFee));

  const logs = state.logs;
  const output = top.output;
  tracer?.onTxEnd?.({ halt, output, gasUsed, executionGasUsed: executionGas - top.gas, logs }, state);
  state.finalizeTransaction();
  const status = isSuccess(halt) ? 'success' : halt === Halt.Revert ? 'revert' : 'halt';
  if (status === 'success' && createdAddress !== undefined) {
    return { kind: 'executed', status, gasUsed, logs, output, createdAddress };
  }
  return { kind: 'executed', status, gasUsed, logs, output };
}
