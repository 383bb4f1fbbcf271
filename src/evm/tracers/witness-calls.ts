/**
 * CALL/CREATE helpers of the witness tracer: the pending-call record taken before the step
 * (caller memory snapshots of the argument and return areas, target address, warm flag) and the
 * return-area copy recorded after the child's exit.
 */
import { FrameKind, type FrameView } from '../frame.ts';
import { MAX_INITCODE_SIZE } from '../gas.ts';
import { create2Address, createAddress } from '../interpreter.ts';
import { MEMORY_LIMIT_BYTES } from '../memory.ts';
import { OPCODES } from '../opcodes.ts';
import type { StateView } from '../state/state-view.ts';
import { MASK_160 } from '../words.ts';
import { snapshotWords, wordRef, type MemorySnapshot } from './witness-memory.ts';
import { CopySource, RecordKind, type WitnessTrace } from './witness-records.ts';
import type { StateRecorder } from './witness-state.ts';

const CALL_KIND: Record<number, FrameKind> = { 0xf1: FrameKind.Call, 0xf2: FrameKind.CallCode, 0xf4: FrameKind.DelegateCall, 0xfa: FrameKind.StaticCall };
const LIMIT = BigInt(MEMORY_LIMIT_BYTES);

/** A CALL/CREATE step waiting for its child frame. */
export interface PendingCall {
  isCreate: boolean;
  kind: FrameKind;
  /** Stack slot of the pushed result, and its value before. */
  resultSlot: number;
  resultPrev: bigint;
  target: bigint;
  value: bigint;
  /** Argument (call) or init code (create) range in the caller's memory, snapshot taken before the step. */
  argsOffset: number;
  argsSize: number;
  args: MemorySnapshot | undefined;
  retOffset: number;
  retSize: number;
  ret: MemorySnapshot | undefined;
  warmBefore: boolean;
  entered: boolean;
  done: boolean;
  stepEnded: boolean;
}

/** Range of a (offset, size) stack pair as numbers, or undefined when empty or beyond any affordable memory. */
export function memoryRange(offset: bigint, size: bigint): [number, number] | undefined {
  if (size === 0n || offset > LIMIT || size > LIMIT || offset + size > LIMIT) return undefined;
  return [Number(offset), Number(size)];
}

/** The pending record of a CALL-family step, with the caller memory it will read and write snapshotted. */
export function pendingCall(f: FrameView, op: number, inputs: readonly bigint[], sp0: number, state: StateView, rec: StateRecorder): PendingCall {
  const hasValue = op === 0xf1 || op === 0xf2;
  const base = hasValue ? 3 : 2;
  const target = inputs[1]! & MASK_160;
  const nIn = OPCODES[op]!.inputs;
  const args = memoryRange(inputs[base]!, inputs[base + 1]!);
  const ret = memoryRange(inputs[base + 2]!, inputs[base + 3]!);
  rec.ensure(f.address, state);
  rec.ensure(target, state);
  return {
    isCreate: false,
    kind: CALL_KIND[op]!,
    resultSlot: sp0 - nIn,
    resultPrev: inputs[nIn - 1]!,
    target,
    value: hasValue ? inputs[2]! : 0n,
    argsOffset: args?.[0] ?? 0,
    argsSize: args?.[1] ?? 0,
    args: args === undefined ? undefined : snapshotWords(f.memory, f.memSize, args[0], args[1]),
    retOffset: ret?.[0] ?? 0,
    retSize: ret?.[1] ?? 0,
    ret: ret === undefined ? undefined : snapshotWords(f.memory, f.memSize, ret[0], ret[1]),
    warmBefore: state.isWarmAddress(target),
    entered: false,
    done: false,
    stepEnded: false,
  };
}

/** The pending record of a CREATE/CREATE2 step (undefined when its init-code range cannot be valid: the step will halt). */
export function pendingCreate(f: FrameView, op: number, inputs: readonly bigint[], sp0: number, state: StateView, rec: StateRecorder): PendingCall | undefined {
  const isCreate2 = op === 0xf5;
  const nIn = OPCODES[op]!.inputs;
  const size = inputs[2]!;
  const r = memoryRange(inputs[1]!, size);
  if (size !== 0n && (r === undefined || size > BigInt(MAX_INITCODE_SIZE))) return undefined;
  const args = r === undefined ? undefined : snapshotWords(f.memory, f.memSize, r[0], r[1]);
  let target: bigint;
  if (isCreate2) {
    const code = args === undefined ? new Uint8Array(0) : args.bytes.subarray(r![0] - args.base, r![0] - args.base + r![1]);
    target = create2Address(f.address, inputs[3]!, code);
  } else {
    target = createAddress(f.address, state.getNonce(f.address));
  }
  rec.ensure(f.address, state);
  rec.ensure(target, state);
  return {
    isCreate: true,
    kind: isCreate2 ? FrameKind.Create2 : FrameKind.Create,
    resultSlot: sp0 - nIn,
    resultPrev: inputs[nIn - 1]!,
    target,
    value: inputs[0]!,
    argsOffset: r?.[0] ?? 0,
    argsSize: r?.[1] ?? 0,
    args,
    retOffset: 0,
    retSize: 0,
    ret: undefined,
    warmBefore: state.isWarmAddress(target),
    entered: false,
    done: false,
    stepEnded: false,
  };
}

/** Copies a child's output into the caller's return area: a Copy record, then word writes over it. */
export function recordReturnAreaCopy(t: WitnessTrace, step: number, frame: number, p: PendingCall, child: number, output: Uint8Array, n: number): void {
  const s = p.ret!;
  t.push(RecordKind.Copy, 0, step, frame, CopySource.ChildOutput, n, p.retOffset, 0, child);
  const word = new Uint8Array(32);
  const end = p.retOffset + n;
  const last = Math.floor((end - 1) / 32);
  for (let w = Math.floor(p.retOffset / 32); w <= last; w++) {
    const start = w * 32;
    word.set(s.bytes.subarray(start - s.base, start - s.base + 32));
    const prev = wordRef(t, word, 0, 32);
    const lo = Math.max(start, p.retOffset);
    const hi = Math.min(start + 32, end);
    word.set(output.subarray(lo - p.retOffset, hi - p.retOffset), lo - start);
    t.push(RecordKind.MemoryWrite, 0, step, frame, w, 0, wordRef(t, word, 0, 32), prev, -1);
  }
}
