/**
 * The public side of a frame statement in STARK terms, built by the prover and the verifier alike
 * from the statement alone:
 *
 * - the `cpu` public inputs: code digest H, calldata digest D, G, the first counter, the halt
 *   reason, gas left, the static flag and the environment words (src/circuits/cpu/cpu-publics.ts);
 * - boundary messages on three buses:
 *   - `rw`: C, each cell's initial state sent at counter 0 and its final state received at its
 *     last counter (statement.ts `cellBoundary`);
 *   - `storage_original`: for each storage cell, (address, slot, initial) received `sstores`
 *     times, answering the CPU's EIP-2200 original-value lookups (src/circuits/cpu/cpu-storage.ts);
 *     the original value of a slot at the top frame is its value when the frame starts, which is
 *     C's initial value;
 *   - `byte_stream`: the return data received as stream (ReturnData, returnDataStreamId, i, byte),
 *     so the copy table's RETURN/REVERT output must be exactly these bytes (the digest R is
 *     derived from the same bytes, statement.ts).
 */
import type { BoundaryMessage, Statement } from '../../stark/index.ts';
import { ADDRESS_LIMBS, WORD_LIMBS } from '../buses.ts';
import { StreamTag, byteStreamBoundary } from '../copy/byte-stream.ts';
import { cpuPublicInputs } from '../cpu/cpu-publics.ts';
import { STORAGE_ORIGINAL_BUS } from '../cpu/cpu-storage.ts';
import { PublicCellTag, cellBoundary, limbs16, type FrameStatement } from './statement.ts';

/** The environment words of the `cpu` public inputs (ENV_OPCODES order) from a statement. */
export function cpuEnvironment(s: FrameStatement): bigint[] {
  const e = s.env;
  return [
    e.address, e.caller, e.value, e.origin, e.gasPrice, e.coinbase, e.timestamp, e.number, e.prevRandao,
    e.blockGasLimit, e.chainId, e.baseFee, e.blobBaseFee, BigInt(s.calldataLength), BigInt(s.codeLength),
  ];
}

/** The `cpu` public inputs of a statement (throws CpuPublicsError for values the CPU cannot represent). */
export function statementCpuInputs(s: FrameStatement): number[] {
  return cpuPublicInputs({
    codeDigest: Array.from(s.codeDigest),
    calldataDigest: Array.from(s.calldataDigest),
    gasLimit: Number(s.gasLimit),
    rwcFirst: s.rwcFirst,
    status: s.haltReason,
    gasLeft: Number(s.gasLimit - s.gasUsed),
    isStatic: s.env.isStatic ? 1 : 0,
    env: cpuEnvironment(s),
  });
}

/** The `storage_original` answers: each storage cell's initial value, once per SSTORE to it. */
export function storageOriginalBoundary(s: FrameStatement): BoundaryMessage[] {
  const out: BoundaryMessage[] = [];
  for (const c of s.cells) {
    if (c.tag !== PublicCellTag.Storage || c.sstores === 0) continue;
    const values = [...limbs16(c.address, ADDRESS_LIMBS), ...limbs16(c.slot, WORD_LIMBS), ...limbs16(c.initial, WORD_LIMBS)];
    out.push({ bus: STORAGE_ORIGINAL_BUS, kind: 'receive', values, multiplicity: c.sstores });
  }
  return out;
}

/** The return data as the received side of its byte stream (nothing when it is empty). */
export function returnDataBoundary(s: FrameStatement): BoundaryMessage[] {
  return byteStreamBoundary(StreamTag.ReturnData, s.returnDataStreamId, s.returnData, 'receive');
}

/** Every boundary message of a statement (validates it first). */
export function statementBoundary(s: FrameStatement): BoundaryMessage[] {
  return [...cellBoundary(s), ...storageOriginalBoundary(s), ...returnDataBoundary(s)];
}

/** The statement as the STARK sees it: `cpu` public inputs and boundary messages. */
export function statementToStark(s: FrameStatement): Statement {
  return { publicInputs: { cpu: statementCpuInputs(s) }, boundary: statementBoundary(s) };
}
