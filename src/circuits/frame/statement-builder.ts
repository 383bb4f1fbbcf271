/**
 * Builds the public statement of a transaction's top frame from its executed witness trace, and
 * checks a statement against the reference execution (the EVM's own outcome and post state), as
 * `zkevm prove-statetest` must: status, gas, logs, storage diff and return data.
 */
import { Halt, isSuccess, type HaltReason } from '../../evm/halt.ts';
import { blobBaseFee } from '../../evm/gas.ts';
import { effectiveGasPrice } from '../../evm/transaction-processor.ts';
import { codeDigest, dataDigest } from '../bytecode/code-digest.ts';
import { frameBounds, keptLogsOf, publicCellsOf } from './frame-witness.ts';
import type { ExecutedFrame } from './select.ts';
import { TOP_FRAME } from './select.ts';
import { PublicCellTag, logsDigest, validateStatement, type FrameStatement, type FrameStatus } from './statement.ts';

/** The frame's status from its halt reason. */
export function statusOf(halt: number): FrameStatus {
  if (isSuccess(halt as HaltReason)) return 'success';
  return halt === Halt.Revert ? 'revert' : 'halt';
}

/** The counter of the first record made by the frame's first step (or after its entry when it runs no code). */
function firstAccessCounter(run: ExecutedFrame): number {
  const t = run.trace;
  const first = t.stepCount > 0 ? t.steps.firstRecord[0]! : 0;
  return t.rwc[0]! + first;
}

/**
 * The id of the return-data byte stream: the counter of the halting step's first record (the
 * CPU names the stream by the step's rwcBase, src/circuits/cpu/cpu-families.ts), or 0 without
 * return data.
 */
function returnDataStreamId(run: ExecutedFrame, output: Uint8Array): number {
  const t = run.trace;
  if (output.length === 0 || t.stepCount === 0) return 0;
  return t.rwc[0]! + t.steps.firstRecord[t.stepCount - 1]!;
}

/** The statement of the top frame of an executed transaction (validated). */
export function buildStatement(run: ExecutedFrame): FrameStatement {
  const { enter, exit } = frameBounds(run.trace, TOP_FRAME);
  const { tx, block } = run;
  const cells = publicCellsOf(run.trace, TOP_FRAME);
  const status = statusOf(exit.halt);
  const output = status === 'halt' ? new Uint8Array() : exit.output;
  const statement: FrameStatement = {
    codeDigest: codeDigest(enter.code),
    codeLength: enter.code.length,
    calldataDigest: dataDigest(enter.input),
    calldataLength: enter.input.length,
    env: {
      caller: enter.caller,
      address: enter.address,
      value: enter.value,
      origin: tx.sender,
      gasPrice: effectiveGasPrice(tx, block.baseFee),
      coinbase: block.coinbase,
      timestamp: block.timestamp,
      number: block.number,
      prevRandao: block.prevRandao,
      blockGasLimit: block.gasLimit,
      chainId: block.chainId,
      baseFee: block.baseFee,
      blobBaseFee: blobBaseFee(block.excessBlobGas),
      isStatic: enter.isStatic,
    },
    gasLimit: enter.gas,
    status,
    haltReason: exit.halt,
    rwcFirst: firstAccessCounter(run),
    gasUsed: enter.gas - exit.gasLeft,
    refund: cells.find((c) => c.tag === PublicCellTag.Refund)?.final ?? 0n,
    returnData: output,
    returnDataStreamId: returnDataStreamId(run, output),
    logs: keptLogsOf(run.trace, TOP_FRAME),
    cells,
  };
  validateStatement(statement);
  return statement;
}

const sameDigest = (a: Uint32Array, b: Uint32Array): boolean => a.length === b.length && a.every((e, i) => e === b[i]);

/**
 * Differences between what a (proven) statement says and what the reference execution did: an
 * empty list when they agree. Compared: status; the transaction's gas used (intrinsic gas + the
 * frame's gas − the EIP-3529-capped refund); the logs (by digest); the return data (by digest);
 * the storage diff (every storage cell starts at the pre state and ends at the post state, and
 * every slot whose value changed is a cell); the callee and calldata.
 */
export function compareWithReference(s: FrameStatement, run: ExecutedFrame): string[] {
  const problems: string[] = [];
  const { outcome, tx } = run;
  if (s.status !== outcome.status) problems.push(`status: proof says ${s.status}, execution ${outcome.status}`);
  if (s.env.address !== tx.to) problems.push(`callee: proof says 0x${s.env.address.toString(16)}, transaction calls 0x${(tx.to ?? 0n).toString(16)}`);
  if (!sameDigest(s.calldataDigest, dataDigest(tx.data))) problems.push('calldata: digest differs from the transaction data');
  const intrinsic = tx.gasLimit - s.gasLimit;
  const used = intrinsic + s.gasUsed;
  const cap = used / 5n;
  const gasUsed = used - (s.refund < cap ? s.refund : cap);
  if (gasUsed !== outcome.gasUsed) problems.push(`gas used: proof implies ${gasUsed}, execution used ${outcome.gasUsed}`);
  if (!sameDigest(logsDigest(s.logs), logsDigest(outcome.logs))) {
    problems.push(`logs: proof has ${s.logs.length} log(s) that differ from the execution's ${outcome.logs.length}`);
  }
  const output = outcome.status === 'halt' ? new Uint8Array() : outcome.output;
  if (!sameDigest(dataDigest(s.returnData), dataDigest(output))) problems.push('return data: differs from the execution output');
  const address = s.env.address;
  const preStorage = run.pre.get(address)?.storage ?? new Map<bigint, bigint>();
  const postStorage = run.post.get(address)?.storage ?? new Map<bigint, bigint>();
  const proven = new Set<bigint>();
  for (const c of s.cells) {
    if (c.tag !== PublicCellTag.Storage) continue;
    if (c.address !== address) {
      problems.push(`storage: cell of another account 0x${c.address.toString(16)}`);
      continue;
    }
    proven.add(c.slot);
    const pre = preStorage.get(c.slot) ?? 0n;
    const post = postStorage.get(c.slot) ?? 0n;
    if (c.initial !== pre) problems.push(`storage 0x${c.slot.toString(16)}: proof starts at 0x${c.initial.toString(16)}, pre state holds 0x${pre.toString(16)}`);
    if (c.final !== post) problems.push(`storage 0x${c.slot.toString(16)}: proof ends at 0x${c.final.toString(16)}, post state holds 0x${post.toString(16)}`);
  }
  for (const slot of new Set([...preStorage.keys(), ...postStorage.keys()])) {
    if (proven.has(slot)) continue;
    const pre = preStorage.get(slot) ?? 0n;
    const post = postStorage.get(slot) ?? 0n;
    if (pre !== post) problems.push(`storage 0x${slot.toString(16)}: changed by the execution but not in the proof`);
  }
  return problems;
}
