/**
 * Extraction of the per-table inputs of one frame from its witness trace (docs/witness-trace.md):
 * the frame's context (FrameEnter/FrameExit), its public cells (C), its kept logs, the ALU
 * operations of its steps and its KECCAK256 inputs. Each table's trace generator takes these
 * plain inputs (circuits-api: "the frame builder extracts the inputs").
 *
 * Scope of the frame: the records of the top frame made by its instructions (step ≥ 0), including
 * the reversion records emitted at its exit. The records made when the frame opens (value
 * transfer, the code-hash read of the code address; step −1) belong to the transaction and to the
 * code binding of part 2, so a cell's initial value is its value when the first instruction runs.
 */
import { Halt } from '../../evm/halt.ts';
import {
  FLAG_REVERSION,
  RecordKind,
  type FrameEnterInfo,
  type FrameExitInfo,
  type LogInfo,
  type WitnessTrace,
} from '../../evm/tracers/witness-records.ts';
import { AluOpcode } from '../alu/reference.ts';
import { PublicCellTag, compareCellKeys, type FrameLog, type StateCell } from './statement.ts';

/** The frame's context and end, from its FrameEnter and FrameExit records. */
export interface FrameBounds {
  readonly enter: FrameEnterInfo;
  readonly exit: FrameExitInfo;
}

/** A frame the trace does not hold, or a trace the extraction cannot read. */
export class FrameWitnessError extends Error {
  override readonly name = 'FrameWitnessError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** FrameEnter and FrameExit of frame `frame` (default: the top frame, id 0). */
export function frameBounds(trace: WitnessTrace, frame = 0): FrameBounds {
  let enter: FrameEnterInfo | undefined;
  let exit: FrameExitInfo | undefined;
  for (let i = 0; i < trace.length; i++) {
    if (trace.frame[i] !== frame) continue;
    const k = trace.kind[i];
    if (k === RecordKind.FrameEnter) enter = trace.side[trace.aux[i]!] as FrameEnterInfo;
    else if (k === RecordKind.FrameExit) exit = trace.side[trace.aux[i]!] as FrameExitInfo;
  }
  if (enter === undefined || exit === undefined) throw new FrameWitnessError(`witness trace has no complete frame ${frame}`, { frame });
  return { enter, exit };
}

interface CellState {
  tag: StateCell['tag'];
  address: bigint;
  slot: bigint;
  initial: bigint;
  final: bigint;
  lastCounter: number;
  sstores: number;
}

/** Key of a public record as (tag, address, slot), or undefined for private and non-bus records. */
function publicKey(trace: WitnessTrace, i: number): [StateCell['tag'], bigint, bigint] | undefined {
  const a = trace.a[i]!;
  const b = trace.b[i]!;
  switch (trace.kind[i]) {
    case RecordKind.StorageRead:
    case RecordKind.StorageWrite:
      return [PublicCellTag.Storage, trace.val(a), trace.val(b)];
    case RecordKind.TransientRead:
    case RecordKind.TransientWrite:
      return [PublicCellTag.Transient, trace.val(a), trace.val(b)];
    case RecordKind.AccountRead:
    case RecordKind.AccountWrite:
      return [PublicCellTag.Account, trace.val(a), BigInt(b)];
    case RecordKind.AccessListAccount:
      return [PublicCellTag.AccessListAccount, trace.val(a), 0n];
    case RecordKind.AccessListSlot:
      return [PublicCellTag.AccessListSlot, trace.val(a), trace.val(b)];
    case RecordKind.RefundRead:
    case RecordKind.RefundWrite:
      return [PublicCellTag.Refund, 0n, 0n];
    case RecordKind.Log:
      return [PublicCellTag.Log, 0n, BigInt(a)];
    default:
      return undefined;
  }
}

const READ_KINDS = new Set<number>([RecordKind.StorageRead, RecordKind.TransientRead, RecordKind.AccountRead, RecordKind.RefundRead]);

/** Record kinds the tracer journals (docs/witness-trace.md, "Reverts"): a failing frame undoes them. */
const JOURNALED_KINDS = new Set<number>([
  RecordKind.StorageWrite,
  RecordKind.TransientWrite,
  RecordKind.AccountWrite,
  RecordKind.AccessListAccount,
  RecordKind.AccessListSlot,
  RecordKind.RefundWrite,
  RecordKind.Log,
]);

/**
 * Indices of the reversion records that undo writes made when the frame opened (step −1: the
 * value transfer of the call). The tracer reverts the frame's journal newest first, so replaying
 * the journal as a stack pairs every reversion record with the write it undoes; those undoing an
 * entry write belong to the transaction, as the write itself does, not to the frame's C.
 */
function entryReversions(trace: WitnessTrace): Set<number> {
  const out = new Set<number>();
  const journal: number[] = [];
  for (let i = 0; i < trace.length; i++) {
    if (!JOURNALED_KINDS.has(trace.kind[i]!)) continue;
    if ((trace.flags[i]! & FLAG_REVERSION) === 0) {
      journal.push(i);
      continue;
    }
    const j = journal.pop();
    if (j === undefined || trace.kind[j] !== trace.kind[i] || String(publicKey(trace, j)) !== String(publicKey(trace, i))) {
      throw new FrameWitnessError(`reversion record ${i} does not undo the newest unreverted write`, { index: i, undone: j });
    }
    if (trace.step[j]! < 0) out.add(i);
  }
  return out;
}

/**
 * C: every public cell the frame's instructions touched, with its value before the first access,
 * after the last one, the last access's counter and (storage) the number of SSTOREs to it (every
 * SSTORE records a StorageWrite, also when the value is unchanged; reversion records are not
 * SSTOREs); sorted by key. Reversions of the frame's entry writes are left out (entryReversions).
 */
export function publicCellsOf(trace: WitnessTrace, frame = 0): StateCell[] {
  const cells = new Map<string, CellState>();
  const skipped = entryReversions(trace);
  for (let i = 0; i < trace.length; i++) {
    if (trace.frame[i] !== frame || trace.step[i]! < 0 || skipped.has(i)) continue;
    const key = publicKey(trace, i);
    if (key === undefined) continue;
    const value = trace.val(trace.value[i]!);
    const before = READ_KINDS.has(trace.kind[i]!) ? value : trace.val(trace.prev[i]!);
    const id = `${key[0]}:${key[1].toString(16)}:${key[2].toString(16)}`;
    const sstore = trace.kind[i] === RecordKind.StorageWrite && (trace.flags[i]! & FLAG_REVERSION) === 0 ? 1 : 0;
    const c = cells.get(id);
    if (c === undefined) {
      cells.set(id, { tag: key[0], address: key[1], slot: key[2], initial: before, final: value, lastCounter: trace.rwc[i]!, sstores: sstore });
    } else {
      c.final = value;
      c.lastCounter = trace.rwc[i]!;
      c.sstores += sstore;
    }
  }
  return [...cells.values()].sort(compareCellKeys);
}

/** The logs the frame kept, in log-index order (a reverted log is written back to 0). */
export function keptLogsOf(trace: WitnessTrace, frame = 0): FrameLog[] {
  const logs = new Map<number, LogInfo | undefined>();
  for (let i = 0; i < trace.length; i++) {
    if (trace.frame[i] !== frame || trace.kind[i] !== RecordKind.Log) continue;
    const kept = trace.val(trace.value[i]!) === 1n;
    logs.set(trace.a[i]!, kept ? (trace.side[trace.aux[i]!] as LogInfo) : undefined);
  }
  return [...logs.entries()]
    .sort((x, y) => x[0] - y[0])
    .flatMap(([, l]) => (l === undefined ? [] : [{ address: l.address, topics: [...l.topics], data: l.data }]));
}

/** One ALU operation of a step: operands μs[0], μs[1], μs[2] and the pushed result. */
export interface FrameAluOperation {
  readonly step: number;
  readonly opcode: number;
  readonly a: bigint;
  readonly b: bigint;
  readonly c: bigint;
  readonly result: bigint;
}

const ALU_OPCODES = new Set<number>(Object.values(AluOpcode));

/**
 * The ALU operations of the frame's steps, in step order: every step whose opcode is an ALU opcode
 * and that completed (a step halting exceptionally, e.g. on stack underflow or out of gas, pushes
 * nothing and sends no `alu` message).
 */
export function aluOperationsOf(trace: WitnessTrace, frame = 0): FrameAluOperation[] {
  const out: FrameAluOperation[] = [];
  const s = trace.steps;
  for (let step = 0; step < trace.stepCount; step++) {
    const opcode = s.opcode[step]!;
    if (s.frame[step] !== frame || !ALU_OPCODES.has(opcode) || s.halt[step] !== Halt.Running) continue;
    const operands: bigint[] = [];
    let result: bigint | undefined;
    for (let i = s.firstRecord[step]!; i < trace.length && trace.step[i] === step; i++) {
      if (trace.kind[i] === RecordKind.StackRead) operands.push(trace.val(trace.value[i]!));
      else if (trace.kind[i] === RecordKind.StackWrite) result = trace.val(trace.value[i]!);
    }
    if (result === undefined) throw new FrameWitnessError(`ALU step ${step} has no stack write`, { step, opcode });
    out.push({ step, opcode, a: operands[0] ?? 0n, b: operands[1] ?? 0n, c: operands[2] ?? 0n, result });
  }
  return out;
}

/** One KECCAK256 of the frame: its step, the rw counter of its Keccak record, input bytes and hash. */
export interface FrameKeccak {
  readonly step: number;
  readonly rwc: number;
  readonly bytes: Uint8Array;
  readonly hash: bigint;
}

/** The KECCAK256 inputs of the frame: the bytes come from the memory word reads just before each Keccak record. */
export function keccakInputsOf(trace: WitnessTrace, frame = 0): FrameKeccak[] {
  const out: FrameKeccak[] = [];
  for (let i = 0; i < trace.length; i++) {
    if (trace.frame[i] !== frame || trace.kind[i] !== RecordKind.Keccak) continue;
    const offset = trace.a[i]!;
    const length = trace.b[i]!;
    const step = trace.step[i]!;
    const bytes = new Uint8Array(length);
    if (length > 0) {
      const firstWord = Math.floor(offset / 32);
      const words = Math.floor((offset + length - 1) / 32) - firstWord + 1;
      const image = new Uint8Array(words * 32);
      let j = i - words;
      if (j < 0) throw new FrameWitnessError(`Keccak record ${i} lacks its memory reads`, { index: i });
      for (let w = 0; w < words; w++, j++) {
        if (trace.kind[j] !== RecordKind.MemoryRead || trace.a[j] !== firstWord + w || trace.step[j] !== step) {
          throw new FrameWitnessError(`Keccak record ${i}: expected the read of memory word ${firstWord + w} at record ${j}`, { index: i });
        }
        let v = trace.val(trace.value[j]!);
        for (let k = 31; k >= 0; k--, v >>= 8n) image[w * 32 + k] = Number(v & 0xffn);
      }
      bytes.set(image.subarray(offset - firstWord * 32, offset - firstWord * 32 + length));
    }
    out.push({ step, rwc: trace.rwc[i]!, bytes, hash: trace.val(trace.value[i]!) });
  }
  return out;
}
