/**
 * WitnessTracer: builds the zk witness trace (docs/witness-trace.md) from the tracer hooks only.
 *
 * Each step's accesses are derived from the opcode table plus the machine state before
 * ({@link Tracer.onStep}) and after ({@link Tracer.onStepEnd}): stack inputs are read at onStep
 * (before the instruction can overwrite them), everything else is emitted at onStepEnd once the
 * instruction is known to have succeeded. An exceptionally halting step records only its stack
 * reads (the circuit needs them to prove the failure, e.g. a memory-expansion cost): its other
 * effects never happened, since the frame reverts.
 *
 * CALL/CREATE steps are split around the child frame: the caller-side accesses (argument memory,
 * access list, balance and collision checks) come just before the child's FrameEnter; the return
 * area copy and the pushed result come right after the child's FrameExit, as in the PSE/Scroll
 * "restore context" step.
 */
import { FrameKind, type FrameView } from '../frame.ts';
import { GAS_PER_BLOB, blobBaseFee } from '../gas.ts';
import { Halt, isSuccess, type HaltReason } from '../halt.ts';
import { createAddress } from '../interpreter.ts';
import { OPCODES } from '../opcodes.ts';
import { LAST_PRECOMPILE_ADDRESS } from '../precompiles/index.ts';
import type { StateView } from '../state/state-view.ts';
import type { Tracer, TxTraceResult } from '../tracer.ts';
import { effectiveGasPrice } from '../transaction-processor.ts';
import type { BlockEnv, Transaction } from '../types.ts';
import { MASK_160 } from '../words.ts';
import { memoryRange, pendingCall, pendingCreate, recordReturnAreaCopy, type PendingCall } from './witness-calls.ts';
import { snapshotWords, wordRef, type MemorySnapshot } from './witness-memory.ts';
import {
  AccountField,
  CopySource,
  FLAG_TO_STACK,
  NO_STEP,
  RecordKind,
  TX_FRAME,
  WitnessTrace,
  type FrameEnterInfo,
  type FrameExitInfo,
} from './witness-records.ts';
import { FieldMask, StateRecorder, WitnessTracerError } from './witness-state.ts';

/** How the tracer handles an opcode beyond its table stack effect. */
const C = {
  Plain: 0,
  Dup: 1,
  Swap: 2,
  Mload: 3,
  Mstore: 4,
  Mstore8: 5,
  Keccak: 6,
  CalldataLoad: 7,
  CalldataCopy: 8,
  CodeCopy: 9,
  ExtCodeCopy: 10,
  ReturnDataCopy: 11,
  Mcopy: 12,
  Balance: 13,
  SelfBalance: 14,
  ExtCodeSize: 15,
  ExtCodeHash: 16,
  Sload: 17,
  Sstore: 18,
  Tload: 19,
  Tstore: 20,
  Log: 21,
  Return: 22,
  SelfDestruct: 23,
  Call: 24,
  Create: 25,
} as const;

const CLASS = new Uint8Array(256);
const INPUTS = new Uint8Array(256);
const OUTPUTS = new Uint8Array(256);
for (const info of OPCODES) {
  INPUTS[info.code] = info.inputs;
  OUTPUTS[info.code] = info.outputs;
}
for (let op = 0x80; op <= 0x8f; op++) CLASS[op] = C.Dup;
for (let op = 0x90; op <= 0x9f; op++) CLASS[op] = C.Swap;
for (let op = 0xa0; op <= 0xa4; op++) CLASS[op] = C.Log;
const SPECIAL: [number, number][] = [
  [0x51, C.Mload], [0x52, C.Mstore], [0x53, C.Mstore8], [0x20, C.Keccak], [0x35, C.CalldataLoad],
  [0x37, C.CalldataCopy], [0x39, C.CodeCopy], [0x3c, C.ExtCodeCopy], [0x3e, C.ReturnDataCopy], [0x5e, C.Mcopy],
  [0x31, C.Balance], [0x47, C.SelfBalance], [0x3b, C.ExtCodeSize], [0x3f, C.ExtCodeHash], [0x54, C.Sload],
  [0x55, C.Sstore], [0x5c, C.Tload], [0x5d, C.Tstore], [0xf3, C.Return], [0xfd, C.Return], [0xff, C.SelfDestruct],
  [0xf1, C.Call], [0xf2, C.Call], [0xf4, C.Call], [0xfa, C.Call], [0xf0, C.Create], [0xf5, C.Create],
];
for (const [op, cls] of SPECIAL) CLASS[op] = cls;

const RUNNING: HaltReason = Halt.Running;

/** Per open frame bookkeeping. */
interface FrameCtx {
  id: number;
  /** The account the frame acts on (creator / value sender of its CALL and CREATE steps). */
  address: bigint;
  /** Number of stack slots ever written in this frame (slots below were written, slots above read as 0). */
  highWater: number;
  /** Journal mark at the frame's checkpoint. */
  mark: number;
  /** Memory offset of the RETURN/REVERT data. */
  outputOffset: number;
  pending: PendingCall | undefined;
}

/** Options of {@link WitnessTracer}. */
export interface WitnessTracerOptions {
  /** Counter of the first record (default 1); a batch continues counters across transactions. */
  firstRwc?: number;
}

/** Records the witness of one transaction; read it from {@link WitnessTracer.trace}. */
export class WitnessTracer implements Tracer {
  /** The trace being built. */
  readonly trace: WitnessTrace;
  private readonly rec: StateRecorder;
  private readonly frames: FrameCtx[] = [];
  private readonly inputs: bigint[] = new Array<bigint>(17).fill(0n);
  private stepIdx = NO_STEP;
  private op = 0;
  private sp0 = 0;
  private writePrev = 0n;
  private wsnap: MemorySnapshot | undefined = undefined;
  private rsnap: MemorySnapshot | undefined = undefined;
  private scratch: Uint8Array = new Uint8Array(64);
  private target = 0n;
  private warmBefore = false;
  private slotBefore = 0n;
  private committedBefore = 0n;
  private refundBefore = 0;
  private tx: Transaction | undefined = undefined;
  private block: BlockEnv | undefined = undefined;
  private gasPrice = 0n;
  /** Whether a creation transaction's new address was already warm (access list, coinbase, precompile). */
  private createdWarmBefore = false;

  constructor(options: WitnessTracerOptions = {}) {
    this.trace = new WitnessTrace(options.firstRwc ?? 1);
    this.rec = new StateRecorder(this.trace);
  }

  // ---- transaction boundaries ----

  /** Gas purchase, nonce increment and EIP-2929/2930/3651 pre-warming, as transaction-level writes. */
  onTxStart(tx: Transaction, block: BlockEnv, _executionGas: bigint, state: StateView): void {
    this.tx = tx;
    this.block = block;
    this.gasPrice = effectiveGasPrice(tx, block.baseFee);
    const upfront = tx.gasLimit * this.gasPrice + BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB * blobBaseFee(block.excessBlobGas);
    const rec = this.rec;
    rec.step = NO_STEP;
    // The purchase already happened: the sender's prior fields are reconstructed (its nonce was
    // validated equal to tx.nonce). A sender with zero balance, zero nonce and no code is taken as
    // not having existed (the only way such a transaction is valid is a zero upfront cost).
    const code = state.getCode(tx.sender);
    const balance = state.getBalance(tx.sender) + upfront;
    rec.seed(tx.sender, balance !== 0n || tx.nonce !== 0n || code.length > 0, tx.nonce, balance, code);
    rec.observe(TX_FRAME, tx.sender, state, FieldMask.All);
    const warm = new Set<bigint>();
    const access = (a: bigint): void => {
      rec.accessAccount(TX_FRAME, a, warm.has(a));
      warm.add(a);
    };
    access(tx.sender);
    if (tx.to !== null) access(tx.to);
    for (let a = 1n; a <= LAST_PRECOMPILE_ADDRESS; a++) access(a);
    access(block.coinbase);
    const warmSlots = new Set<string>();
    for (const entry of tx.accessList) {
      access(entry.address);
      for (const key of entry.storageKeys) {
        const id = `${entry.address}:${key}`;
        rec.accessSlot(TX_FRAME, entry.address, key, warmSlots.has(id));
        warmSlots.add(id);
      }
    }
    const target = tx.to ?? createAddress(tx.sender, tx.nonce);
    rec.ensure(target, state);
    rec.ensure(block.coinbase, state);
    this.createdWarmBefore = warm.has(target);
  }

  /** Refund counter read, unused-gas refund to the sender and the priority fee to the coinbase. */
  onTxEnd(result: TxTraceResult, state: StateView): void {
    const tx = this.tx!;
    const block = this.block!;
    const rec = this.rec;
    rec.step = NO_STEP;
    rec.refundRead(TX_FRAME, state.refund);
    rec.addBalance(TX_FRAME, tx.sender, (tx.gasLimit - result.gasUsed) * this.gasPrice, state);
    rec.addBalance(TX_FRAME, block.coinbase, result.gasUsed * (this.gasPrice - block.baseFee), state);
    rec.assertBalance(tx.sender, state);
    rec.assertBalance(block.coinbase, state);
  }

  /**
   * Records the account deletions applied after the last hook (EIP-161 touched empty accounts,
   * EIP-6780 self-destructs). Call with the world state once `executeTransaction` returned; the
   * trace is `finalized` afterwards.
   */
  finish(state: StateView): WitnessTrace {
    this.rec.step = NO_STEP;
    this.rec.recordDeletions(TX_FRAME, state);
    this.trace.finalized = true;
    return this.trace;
  }

  // ---- frames ----

  /** Caller-side accesses of the opening CALL/CREATE, the FrameEnter record, then the child-scope writes (value transfer, account creation). */
  onFrameEnter(child: FrameView, state: StateView): void {
    const t = this.trace;
    const rec = this.rec;
    const depth = child.depth;
    let parent = -1;
    let inputOffset = -1;
    let codeOffset = -1;
    if (depth > 0) {
      const pctx = this.frames[depth - 1]!;
      const p = pctx.pending;
      if (p === undefined) throw new WitnessTracerError('frame entered without a pending CALL/CREATE step', { frame: child.id });
      p.entered = true;
      parent = pctx.id;
      this.callerSide(p, pctx, state, true);
      if (p.argsSize > 0) {
        if (p.isCreate) codeOffset = p.argsOffset;
        else inputOffset = p.argsOffset;
      }
    } else if (child.kind >= FrameKind.Create) {
      // A creation transaction warms the new address before its frame opens (EIP-2929).
      rec.accessAccount(TX_FRAME, child.address, this.createdWarmBefore);
    }
    const info: FrameEnterInfo = {
      parent,
      kind: child.kind,
      depth,
      caller: child.caller,
      address: child.address,
      codeAddress: child.codeAddress,
      value: child.value,
      input: child.input,
      inputOffset,
      code: child.code,
      codeOffset,
      gas: child.gas,
      isStatic: child.isStatic,
    };
    t.push(RecordKind.FrameEnter, 0, rec.step, child.id, 0, 0, 0, 0, t.addSide(info));
    this.frames[depth] = { id: child.id, address: child.address, highWater: 0, mark: rec.mark(), outputOffset: -1, pending: undefined };
    rec.observe(child.id, child.caller, state, FieldMask.Balance);
    rec.observe(child.id, child.address, state, FieldMask.All);
    if (child.kind < FrameKind.Create) rec.readLive(child.id, child.codeAddress, AccountField.CodeHash, state);
  }

  /** Code deposit or reversion records, the FrameExit record, then the caller's return data, return-area copy and pushed result. */
  onFrameExit(child: FrameView, state: StateView): void {
    const t = this.trace;
    const rec = this.rec;
    const depth = child.depth;
    const ctx = this.frames[depth]!;
    const halt = child.halt;
    const ok = isSuccess(halt);
    const isCreate = child.kind >= FrameKind.Create;
    if (isCreate && ok) rec.observe(child.id, child.address, state, FieldMask.CodeHash);
    if (!ok) rec.revertTo(ctx.mark, child.id);
    const fromMemory = (halt === Halt.Return || halt === Halt.Revert) && child.output.length > 0 && ctx.outputOffset >= 0;
    const info: FrameExitInfo = { halt, success: ok, output: child.output, outputOffset: fromMemory ? ctx.outputOffset : -1, gasLeft: child.gas };
    t.push(RecordKind.FrameExit, 0, rec.step, child.id, 0, 0, 0, 0, t.addSide(info));
    this.frames.length = depth;
    if (depth === 0) return;
    const pctx = this.frames[depth - 1]!;
    const p = pctx.pending!;
    const pid = pctx.id;
    t.push(RecordKind.ReturnDataSet, 0, rec.step, pid, isCreate && halt !== Halt.Revert ? -1 : child.id, 0, 0, 0, -1);
    if (!isCreate) {
      const n = Math.min(p.retSize, child.output.length);
      if (n > 0) recordReturnAreaCopy(t, this.stepIdx, pid, p, child.id, child.output, n);
    }
    const result = isCreate ? (ok ? child.address : 0n) : ok ? 1n : 0n;
    this.stackWrite(pctx, pid, p.resultSlot, result, p.resultPrev);
    p.done = true;
    if (p.stepEnded) pctx.pending = undefined;
  }

  // ---- steps ----

  /** Step row, stack reads, and the pre-instruction snapshots the step's later records need. */
  onStep(f: FrameView, _staticGas: number, state: StateView): void {
    const t = this.trace;
    const op = f.opcode;
    const sp = f.sp;
    const id = f.id;
    const ctx = this.frames[f.depth]!;
    const step = t.pushStep(id, f.pc, op, sp, f.memSize, f.gas);
    this.stepIdx = step;
    this.rec.step = step;
    this.op = op;
    this.sp0 = sp;
    const stack = f.stack;
    const inputs = this.inputs;
    const cls = CLASS[op]!;
    if (cls === C.Dup) {
      const n = op - 0x7f;
      if (sp >= n) {
        const v = stack[sp - n]!;
        inputs[0] = v;
        t.push(RecordKind.StackRead, 0, step, id, sp - n, 0, t.ref(v), 0, -1);
      }
      this.writePrev = sp < ctx.highWater ? stack[sp]! : 0n;
      return;
    }
    if (cls === C.Swap) {
      const n = op - 0x8f;
      if (sp > n) {
        const top = stack[sp - 1]!;
        const other = stack[sp - 1 - n]!;
        inputs[0] = top;
        inputs[1] = other;
        t.push(RecordKind.StackRead, 0, step, id, sp - 1, 0, t.ref(top), 0, -1);
        t.push(RecordKind.StackRead, 0, step, id, sp - 1 - n, 0, t.ref(other), 0, -1);
      }
      return;
    }
    const nIn = INPUTS[op]!;
    if (sp < nIn) return;
    for (let i = 0; i < nIn; i++) {
      const v = stack[sp - 1 - i]!;
      inputs[i] = v;
      t.push(RecordKind.StackRead, 0, step, id, sp - 1 - i, 0, t.ref(v), 0, -1);
    }
    if (OUTPUTS[op] === 1) {
      const slot = sp - nIn;
      this.writePrev = slot < ctx.highWater ? stack[slot]! : 0n;
    }
    if (cls !== C.Plain) this.prepare(f, ctx, cls, state);
  }

  /** Snapshots taken before a non-plain instruction runs. */
  private prepare(f: FrameView, ctx: FrameCtx, cls: number, state: StateView): void {
    const inputs = this.inputs;
    this.wsnap = undefined;
    switch (cls) {
      case C.Mstore:
        this.snapDest(f, inputs[0]!, 32n);
        return;
      case C.Mstore8:
        this.snapDest(f, inputs[0]!, 1n);
        return;
      case C.CalldataCopy:
      case C.CodeCopy:
      case C.ReturnDataCopy:
        this.snapDest(f, inputs[0]!, inputs[2]!);
        return;
      case C.ExtCodeCopy:
        this.snapDest(f, inputs[1]!, inputs[3]!);
        this.account(inputs[0]! & MASK_160, state);
        return;
      case C.Mcopy: {
        this.snapDest(f, inputs[0]!, inputs[2]!);
        const r = memoryRange(inputs[1]!, inputs[2]!);
        this.rsnap = r === undefined ? undefined : snapshotWords(f.memory, f.memSize, r[0], r[1]);
        return;
      }
      case C.Balance:
      case C.ExtCodeSize:
      case C.ExtCodeHash:
        this.account(inputs[0]! & MASK_160, state);
        return;
      case C.Sload:
        this.warmBefore = state.isWarmSlot(f.address, inputs[0]!);
        return;
      case C.Sstore:
        this.warmBefore = state.isWarmSlot(f.address, inputs[0]!);
        this.slotBefore = state.getStorage(f.address, inputs[0]!);
        this.committedBefore = state.getOriginalStorage(f.address, inputs[0]!);
        this.refundBefore = state.refund;
        return;
      case C.Tstore:
        this.slotBefore = state.getTransient(f.address, inputs[0]!);
        return;
      case C.SelfDestruct:
        this.account(inputs[0]! & MASK_160, state);
        this.rec.ensure(f.address, state);
        return;
      case C.Call:
        ctx.pending = pendingCall(f, this.op, this.inputs, this.sp0, state, this.rec);
        return;
      case C.Create:
        ctx.pending = pendingCreate(f, this.op, this.inputs, this.sp0, state, this.rec);
        return;
      default:
        return;
    }
  }

  private account(address: bigint, state: StateView): void {
    this.target = address;
    this.warmBefore = state.isWarmAddress(address);
    this.rec.ensure(address, state);
  }

  private snapDest(f: FrameView, offset: bigint, size: bigint): void {
    const r = memoryRange(offset, size);
    if (r === undefined) return;
    const s = snapshotWords(f.memory, f.memSize, r[0], r[1], this.scratch);
    this.scratch = s.bytes;
    this.wsnap = s;
  }

  /** Everything the instruction did besides its stack reads, then its stack writes. */
  onStepEnd(f: FrameView, gasCost: bigint, state: StateView): void {
    const t = this.trace;
    const halt = f.halt;
    const step = this.stepIdx;
    t.endStep(step, halt, gasCost);
    this.rec.step = step;
    const op = this.op;
    const cls = CLASS[op]!;
    const ctx = this.frames[f.depth]!;
    if (halt !== RUNNING && !isSuccess(halt) && halt !== Halt.Revert) {
      if (cls === C.Call || cls === C.Create) ctx.pending = undefined;
      return;
    }
    const id = f.id;
    const sp0 = this.sp0;
    const inputs = this.inputs;
    switch (cls) {
      case C.Plain:
        if (OUTPUTS[op] === 1) this.stackWrite(ctx, id, sp0 - INPUTS[op]!, f.stack[sp0 - INPUTS[op]!]!, this.writePrev);
        return;
      case C.Dup:
        this.stackWrite(ctx, id, sp0, f.stack[sp0]!, this.writePrev);
        return;
      case C.Swap: {
        const n = op - 0x8f;
        this.stackWrite(ctx, id, sp0 - 1, f.stack[sp0 - 1]!, inputs[0]!);
        this.stackWrite(ctx, id, sp0 - 1 - n, f.stack[sp0 - 1 - n]!, inputs[1]!);
        return;
      }
      case C.Call:
      case C.Create:
        this.endCallStep(f, ctx, state);
        return;
      default:
        this.middle(f, cls, state);
    }
    if (OUTPUTS[op] === 1) this.stackWrite(ctx, id, sp0 - INPUTS[op]!, f.stack[sp0 - INPUTS[op]!]!, this.writePrev);
  }

  /** Records between the stack reads and writes of memory, copy, keccak, log and state instructions. */
  private middle(f: FrameView, cls: number, state: StateView): void {
    const t = this.trace;
    const rec = this.rec;
    const inputs = this.inputs;
    const id = f.id;
    const step = this.stepIdx;
    switch (cls) {
      case C.Mload:
        this.memReads(id, f.memory, 0, f.memSize, Number(inputs[0]!), 32);
        return;
      case C.Mstore:
      case C.Mstore8:
        this.memWrites(f, Number(inputs[0]!), cls === C.Mstore ? 32 : 1);
        return;
      case C.Keccak: {
        const size = Number(inputs[1]!);
        const offset = size === 0 ? 0 : Number(inputs[0]!);
        if (size > 0) this.memReads(id, f.memory, 0, f.memSize, offset, size);
        t.push(RecordKind.Keccak, 0, step, id, offset, size, t.ref(f.stack[this.sp0 - 2]!), 0, -1);
        return;
      }
      case C.CalldataLoad:
        t.push(RecordKind.Copy, FLAG_TO_STACK, step, id, CopySource.Calldata, 32, t.ref(f.stack[this.sp0 - 1]!), t.ref(inputs[0]!), 0);
        return;
      case C.CalldataCopy:
        this.copy(f, CopySource.Calldata, 0, inputs[0]!, inputs[1]!, inputs[2]!);
        return;
      case C.CodeCopy:
        this.copy(f, CopySource.Code, 0, inputs[0]!, inputs[1]!, inputs[2]!);
        return;
      case C.ReturnDataCopy:
        this.copy(f, CopySource.ReturnData, 0, inputs[0]!, inputs[1]!, inputs[2]!);
        return;
      case C.ExtCodeCopy:
        rec.accessAccount(id, this.target, this.warmBefore);
        rec.readLive(id, this.target, AccountField.CodeHash, state);
        this.copy(f, CopySource.ExternalCode, t.ref(this.target), inputs[1]!, inputs[2]!, inputs[3]!);
        return;
      case C.Mcopy: {
        const size = inputs[2]!;
        if (size === 0n) return;
        const s = this.rsnap!;
        const src = Number(inputs[1]!);
        this.memReads(id, s.bytes, s.base, s.base + s.bytes.length, src, Number(size));
        this.copy(f, CopySource.Memory, 0, inputs[0]!, inputs[1]!, size);
        return;
      }
      case C.Balance:
        rec.accessAccount(id, this.target, this.warmBefore);
        rec.readLive(id, this.target, AccountField.Balance, state);
        return;
      case C.SelfBalance:
        rec.readLive(id, f.address, AccountField.Balance, state);
        return;
      case C.ExtCodeSize:
        rec.accessAccount(id, this.target, this.warmBefore);
        rec.readLive(id, this.target, AccountField.CodeHash, state);
        return;
      case C.ExtCodeHash:
        rec.accessAccount(id, this.target, this.warmBefore);
        rec.readLive(id, this.target, AccountField.Nonce, state);
        rec.readLive(id, this.target, AccountField.Balance, state);
        rec.readLive(id, this.target, AccountField.CodeHash, state);
        return;
      case C.Sload:
        rec.accessSlot(id, f.address, inputs[0]!, this.warmBefore);
        rec.storageRead(id, f.address, inputs[0]!, f.stack[this.sp0 - 1]!, state.getOriginalStorage(f.address, inputs[0]!));
        return;
      case C.Sstore:
        rec.accessSlot(id, f.address, inputs[0]!, this.warmBefore);
        rec.storageWrite(id, f.address, inputs[0]!, inputs[1]!, this.slotBefore, this.committedBefore);
        if (state.refund !== this.refundBefore) rec.refundWrite(id, this.refundBefore, state.refund);
        return;
      case C.Tload:
        rec.transientRead(id, f.address, inputs[0]!, f.stack[this.sp0 - 1]!);
        return;
      case C.Tstore:
        rec.transientWrite(id, f.address, inputs[0]!, inputs[1]!, this.slotBefore);
        return;
      case C.Log: {
        const size = Number(inputs[1]!);
        const offset = size === 0 ? 0 : Number(inputs[0]!);
        if (size > 0) this.memReads(id, f.memory, 0, f.memSize, offset, size);
        const topics = this.inputs.slice(2, 2 + (this.op - 0xa0));
        rec.log(id, { address: f.address, topics, data: f.memory.slice(offset, offset + size), dataOffset: offset });
        return;
      }
      case C.Return: {
        const size = Number(inputs[1]!);
        if (size > 0) {
          const offset = Number(inputs[0]!);
          this.memReads(id, f.memory, 0, f.memSize, offset, size);
          this.frames[f.depth]!.outputOffset = offset;
        }
        return;
      }
      case C.SelfDestruct: {
        const beneficiary = this.target;
        rec.accessAccount(id, beneficiary, this.warmBefore);
        rec.readShadow(id, f.address, AccountField.Balance, state);
        rec.readShadow(id, beneficiary, AccountField.Nonce, state);
        rec.readShadow(id, beneficiary, AccountField.Balance, state);
        rec.readShadow(id, beneficiary, AccountField.CodeHash, state);
        rec.observe(id, f.address, state, FieldMask.Balance);
        rec.observe(id, beneficiary, state, FieldMask.All);
        return;
      }
      default:
        throw new WitnessTracerError('no witness rule for opcode', { opcode: this.op });
    }
  }

  /** A memory-destination copy: the Copy record, then the destination word writes. */
  private copy(f: FrameView, source: number, sourceId: number, dest: bigint, srcOffset: bigint, size: bigint): void {
    if (size === 0n) return;
    const t = this.trace;
    const d = Number(dest);
    const n = Number(size);
    t.push(RecordKind.Copy, 0, this.stepIdx, f.id, source, n, d, t.ref(srcOffset), sourceId);
    this.memWrites(f, d, n);
  }

  private memReads(frame: number, bytes: Uint8Array, base: number, end: number, offset: number, size: number): void {
    const t = this.trace;
    const step = this.stepIdx;
    const last = Math.floor((offset + size - 1) / 32);
    for (let w = Math.floor(offset / 32); w <= last; w++) {
      t.push(RecordKind.MemoryRead, 0, step, frame, w, 0, wordRef(t, bytes, w * 32 - base, end - base), 0, -1);
    }
  }

  /** Word writes over [offset, offset+size): prev from the pre-step snapshot, value from live memory. */
  private memWrites(f: FrameView, offset: number, size: number): void {
    const s = this.wsnap;
    if (s === undefined) throw new WitnessTracerError('memory write without a pre-step snapshot', { opcode: this.op, offset, size });
    const t = this.trace;
    const step = this.stepIdx;
    const snapEnd = Math.ceil((offset + size) / 32) * 32 - s.base;
    const last = Math.floor((offset + size - 1) / 32);
    for (let w = Math.floor(offset / 32); w <= last; w++) {
      const prev = wordRef(t, s.bytes, w * 32 - s.base, snapEnd);
      t.push(RecordKind.MemoryWrite, 0, step, f.id, w, 0, wordRef(t, f.memory, w * 32, f.memSize), prev, -1);
    }
  }

  private stackWrite(ctx: FrameCtx, frame: number, slot: number, value: bigint, prev: bigint): void {
    const t = this.trace;
    t.push(RecordKind.StackWrite, 0, this.stepIdx, frame, slot, 0, t.ref(value), t.ref(prev), -1);
    if (slot >= ctx.highWater) ctx.highWater = slot + 1;
  }

  /** CALL/CREATE at onStepEnd: a call that failed before opening a frame is completed here. */
  private endCallStep(f: FrameView, ctx: FrameCtx, state: StateView): void {
    const p = ctx.pending;
    if (p === undefined) throw new WitnessTracerError('CALL/CREATE step without its pre-step snapshot', { opcode: this.op });
    p.stepEnded = true;
    if (p.entered) {
      if (p.done) ctx.pending = undefined;
      return;
    }
    // Depth limit, insufficient balance or nonce overflow: no frame, return data emptied, 0 pushed.
    this.callerSide(p, ctx, state, false);
    this.trace.push(RecordKind.ReturnDataSet, 0, this.stepIdx, f.id, -1, 0, 0, 0, -1);
    this.stackWrite(ctx, f.id, p.resultSlot, f.stack[p.resultSlot]!, p.resultPrev);
    ctx.pending = undefined;
  }

  /** Caller-side accesses of a CALL/CREATE, in the caller's scope, before any child record. */
  private callerSide(p: PendingCall, ctx: FrameCtx, state: StateView, entered: boolean): void {
    const rec = this.rec;
    const frame = ctx.id;
    if (p.isCreate) {
      if (p.args !== undefined) this.memReads(frame, p.args.bytes, p.args.base, p.args.base + p.args.bytes.length, p.argsOffset, p.argsSize);
      const creator = ctx.address;
      rec.readShadow(frame, creator, AccountField.Balance, state);
      if (!entered) return;
      rec.observe(frame, creator, state, FieldMask.Nonce);
      rec.accessAccount(frame, p.target, p.warmBefore);
      rec.readShadow(frame, p.target, AccountField.Nonce, state);
      rec.readShadow(frame, p.target, AccountField.CodeHash, state);
      return;
    }
    rec.accessAccount(frame, p.target, p.warmBefore);
    if (p.kind === FrameKind.Call && p.value !== 0n) {
      rec.readShadow(frame, p.target, AccountField.Nonce, state);
      rec.readShadow(frame, p.target, AccountField.Balance, state);
      rec.readShadow(frame, p.target, AccountField.CodeHash, state);
    }
    if (p.args !== undefined) this.memReads(frame, p.args.bytes, p.args.base, p.args.base + p.args.bytes.length, p.argsOffset, p.argsSize);
    if (p.value !== 0n && p.kind <= FrameKind.CallCode) rec.readShadow(frame, ctx.address, AccountField.Balance, state);
  }
}

export { WitnessTracerError } from './witness-state.ts';
