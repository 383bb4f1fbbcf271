/**
 * The zk witness trace: ordered, typed records of every access the EVM makes during one
 * transaction, each with a global read-write counter (rwc). Format documented in
 * docs/witness-trace.md.
 *
 * Storage is columnar (struct of typed arrays) so a multi-million-step transaction costs tens of
 * bytes per record instead of one JS object per record: every record has a kind, flags, rwc,
 * step and frame, plus five generic int32 columns whose meaning depends on the kind. 256-bit
 * values are stored as a "value ref": refs >= 0 are the value itself (values below 2^31, the vast
 * majority: offsets, sizes, booleans, counters), refs < 0 index a bigint pool. Rare rich records
 * (frame boundaries, logs, deployed code) keep a small object in a side table. {@link
 * WitnessTrace.record} decodes any record into the {@link WitnessRecord} discriminated union.
 */
import type { HaltReason } from '../halt.ts';
import type { FrameKind } from '../frame.ts';

/** What a record is. Reads and writes of the same address space have distinct kinds. */
export const RecordKind = {
  StackRead: 0,
  StackWrite: 1,
  MemoryRead: 2,
  MemoryWrite: 3,
  StorageRead: 4,
  StorageWrite: 5,
  TransientRead: 6,
  TransientWrite: 7,
  AccountRead: 8,
  AccountWrite: 9,
  /** EIP-2929 warm-address set: a write of 1 whose prev says whether it was already warm. */
  AccessListAccount: 10,
  /** EIP-2929 warm-slot set, same convention. */
  AccessListSlot: 11,
  RefundRead: 12,
  RefundWrite: 13,
  /** Write of the transaction log table at a log index: 1 = emitted, 0 = removed by a revert. */
  Log: 14,
  /** The frame's return-data buffer now holds a child's output (or is emptied). */
  ReturnDataSet: 15,
  /** A copy or load from calldata, code, return data, memory or a child's output. */
  Copy: 16,
  /** KECCAK256 input range (its bytes are the preceding memory reads) and output. */
  Keccak: 17,
  FrameEnter: 18,
  FrameExit: 19,
} as const;

/** A value of {@link RecordKind}. */
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** Names of record kinds, indexed by kind. */
export const RECORD_KIND_NAMES: readonly string[] = Object.keys(RecordKind);

/** Account fields on the read-write bus. */
export const AccountField = {
  /** 1 when the account exists (possibly empty), 0 when missing. */
  Exists: 0,
  Nonce: 1,
  Balance: 2,
  /** keccak256 of the code for existing accounts, 0 for missing ones (PSE convention). */
  CodeHash: 3,
} as const;

/** A value of {@link AccountField}. */
export type AccountField = (typeof AccountField)[keyof typeof AccountField];

/** Where a {@link RecordKind.Copy} takes its bytes from. */
export const CopySource = {
  /** The frame's calldata (CALLDATALOAD, CALLDATACOPY). */
  Calldata: 0,
  /** The code the frame executes (CODECOPY). */
  Code: 1,
  /** The code of another account, `sourceId` = address (EXTCODECOPY). */
  ExternalCode: 2,
  /** The frame's return-data buffer (RETURNDATACOPY). */
  ReturnData: 3,
  /** The frame's own memory (MCOPY). */
  Memory: 4,
  /** A finished child's output into the caller's return area, `sourceId` = child frame id. */
  ChildOutput: 5,
} as const;

/** A value of {@link CopySource}. */
export type CopySource = (typeof CopySource)[keyof typeof CopySource];

/** Record flag: a write emitted at a failed frame's exit that undoes an earlier write. */
export const FLAG_REVERSION = 1;
/** Record flag: a Copy that loads a 32-byte word onto the stack (CALLDATALOAD) instead of into memory. */
export const FLAG_TO_STACK = 2;

/** Frame id used by transaction-level records (gas purchase, fee payment, deletions). */
export const TX_FRAME = -1;
/** Step index of records made outside any instruction. */
export const NO_STEP = -1;

/** Context of a frame as recorded at its entry. */
export interface FrameEnterInfo {
  /** Frame id of the caller, -1 for the top frame. */
  readonly parent: number;
  readonly kind: FrameKind;
  readonly depth: number;
  readonly caller: bigint;
  readonly address: bigint;
  readonly codeAddress: bigint;
  readonly value: bigint;
  /** Calldata (a shared immutable array, never copied). */
  readonly input: Uint8Array;
  /** Offset of the calldata in the caller's memory, -1 when it is not in memory (top frame, creates, empty). */
  readonly inputOffset: number;
  /** Code executed (init code for creates; empty for precompiles). */
  readonly code: Uint8Array;
  /** Offset of the init code in the creator's memory, -1 when not from memory. */
  readonly codeOffset: number;
  readonly gas: bigint;
  readonly isStatic: boolean;
}

/** Result of a frame as recorded at its exit. */
export interface FrameExitInfo {
  readonly halt: HaltReason;
  readonly success: boolean;
  /** Output (RETURN/REVERT data; deployed code for creates; empty after an exceptional halt). */
  readonly output: Uint8Array;
  /** Memory offset the output was read from (RETURN/REVERT with data), else -1. */
  readonly outputOffset: number;
  /** Gas handed back to the caller. */
  readonly gasLeft: bigint;
}

/** Contents of a LOG record. */
export interface LogInfo {
  readonly address: bigint;
  readonly topics: readonly bigint[];
  readonly data: Uint8Array;
  /** Memory offset the data was read from (0 when empty). */
  readonly dataOffset: number;
}

interface Base {
  readonly rwc: number;
  /** Index into the step table, or -1 ({@link NO_STEP}). */
  readonly step: number;
  /** Frame id ({@link TX_FRAME} for transaction-level records). */
  readonly frame: number;
}
interface WriteBase extends Base {
  readonly reversion: boolean;
}
type K = typeof RecordKind;

/** A decoded record. */
export type WitnessRecord =
  | (Base & { readonly kind: K['StackRead']; readonly slot: number; readonly value: bigint })
  | (WriteBase & { readonly kind: K['StackWrite']; readonly slot: number; readonly value: bigint; readonly prev: bigint })
  | (Base & { readonly kind: K['MemoryRead']; readonly word: number; readonly value: bigint })
  | (WriteBase & { readonly kind: K['MemoryWrite']; readonly word: number; readonly value: bigint; readonly prev: bigint })
  | (Base & { readonly kind: K['StorageRead']; readonly address: bigint; readonly slot: bigint; readonly value: bigint; readonly committed: bigint })
  | (WriteBase & {
      readonly kind: K['StorageWrite'];
      readonly address: bigint;
      readonly slot: bigint;
      readonly value: bigint;
      readonly prev: bigint;
      readonly committed: bigint;
    })
  | (Base & { readonly kind: K['TransientRead']; readonly address: bigint; readonly slot: bigint; readonly value: bigint })
  | (WriteBase & { readonly kind: K['TransientWrite']; readonly address: bigint; readonly slot: bigint; readonly value: bigint; readonly prev: bigint })
  | (Base & { readonly kind: K['AccountRead']; readonly address: bigint; readonly field: AccountField; readonly value: bigint })
  | (WriteBase & {
      readonly kind: K['AccountWrite'];
      readonly address: bigint;
      readonly field: AccountField;
      readonly value: bigint;
      readonly prev: bigint;
      /** The new code, for CodeHash writes to a non-empty code. */
      readonly code: Uint8Array | undefined;
    })
  | (WriteBase & { readonly kind: K['AccessListAccount']; readonly address: bigint; readonly value: bigint; readonly prev: bigint })
  | (WriteBase & { readonly kind: K['AccessListSlot']; readonly address: bigint; readonly slot: bigint; readonly value: bigint; readonly prev: bigint })
  | (Base & { readonly kind: K['RefundRead']; readonly value: bigint })
  | (WriteBase & { readonly kind: K['RefundWrite']; readonly value: bigint; readonly prev: bigint })
  | (WriteBase & { readonly kind: K['Log']; readonly index: number; readonly value: bigint; readonly prev: bigint; readonly log: LogInfo })
  | (Base & { readonly kind: K['ReturnDataSet']; readonly source: number })
  | (Base & {
      readonly kind: K['Copy'];
      readonly source: CopySource;
      /** Frame id (ChildOutput) or account address (ExternalCode); 0 otherwise. */
      readonly sourceId: bigint;
      readonly srcOffset: bigint;
      /** Destination memory offset, or -1 for a load onto the stack. */
      readonly dest: number;
      readonly length: number;
      /** The loaded word for stack loads, else 0. */
      readonly value: bigint;
    })
  | (Base & { readonly kind: K['Keccak']; readonly offset: number; readonly length: number; readonly hash: bigint })
  | (Base & { readonly kind: K['FrameEnter']; readonly info: FrameEnterInfo })
  | (Base & { readonly kind: K['FrameExit']; readonly info: FrameExitInfo });

const INITIAL_CAPACITY = 1024;
const INLINE_LIMIT = 0x80000000n;

/** Growable columns of the step table (one row per executed instruction). */
class StepColumns {
  frame = new Int32Array(INITIAL_CAPACITY);
  pc = new Int32Array(INITIAL_CAPACITY);
  opcode = new Uint8Array(INITIAL_CAPACITY);
  halt = new Uint8Array(INITIAL_CAPACITY);
  sp = new Uint16Array(INITIAL_CAPACITY);
  memSize = new Uint32Array(INITIAL_CAPACITY);
  gas = new Int32Array(INITIAL_CAPACITY);
  gasCost = new Int32Array(INITIAL_CAPACITY);
  firstRecord = new Uint32Array(INITIAL_CAPACITY);

  grow(): void {
    const n = this.frame.length * 2;
    this.frame = grown(this.frame, n);
    this.pc = grown(this.pc, n);
    this.opcode = grown(this.opcode, n);
    this.halt = grown(this.halt, n);
    this.sp = grown(this.sp, n);
    this.memSize = grown(this.memSize, n);
    this.gas = grown(this.gas, n);
    this.gasCost = grown(this.gasCost, n);
    this.firstRecord = grown(this.firstRecord, n);
  }
}

function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** A decoded step-table row. */
export interface WitnessStep {
  readonly frame: number;
  readonly pc: number;
  readonly opcode: number;
  /** `frame.halt` after the instruction (0 = still running). */
  readonly halt: HaltReason;
  /** Stack height before the instruction. */
  readonly sp: number;
  /** Active memory size in bytes before the instruction. */
  readonly memSize: number;
  /** Gas left before the instruction. */
  readonly gas: bigint;
  /** All gas the instruction charged (as {@link Tracer.onStepEnd} reports it). */
  readonly gasCost: bigint;
  /** Index of the first record made by (or after) this instruction. */
  readonly firstRecord: number;
}

/** The witness of one transaction: records in rwc order plus the step table. */
export class WitnessTrace {
  /** Number of records. */
  length = 0;
  /** Number of steps. */
  stepCount = 0;
  /** Whether post-transaction account deletions were recorded ({@link WitnessTracer.finish}). */
  finalized = false;
  kind = new Uint8Array(INITIAL_CAPACITY);
  flags = new Uint8Array(INITIAL_CAPACITY);
  rwc = new Uint32Array(INITIAL_CAPACITY);
  step = new Int32Array(INITIAL_CAPACITY);
  frame = new Int32Array(INITIAL_CAPACITY);
  /** Generic columns; meaning per kind in docs/witness-trace.md. */
  a = new Int32Array(INITIAL_CAPACITY);
  b = new Int32Array(INITIAL_CAPACITY);
  value = new Int32Array(INITIAL_CAPACITY);
  prev = new Int32Array(INITIAL_CAPACITY);
  aux = new Int32Array(INITIAL_CAPACITY);
  /** Values >= 2^31 referenced by negative refs. */
  readonly pool: bigint[] = [];
  /** Side objects (frame info, logs, code) referenced by `aux`. */
  readonly side: unknown[] = [];
  readonly steps = new StepColumns();
  private nextRwc: number;

  constructor(firstRwc = 1) {
    this.nextRwc = firstRwc;
  }

  /** Encodes a value as a ref (inline below 2^31, else pooled). */
  ref(v: bigint): number {
    if (v < INLINE_LIMIT) return Number(v);
    this.pool.push(v);
    return -this.pool.length;
  }

  /** Decodes a ref. */
  val(ref: number): bigint {
    return ref >= 0 ? BigInt(ref) : this.pool[-ref - 1]!;
  }

  /** Stores a side object; returns its index. */
  addSide(o: unknown): number {
    this.side.push(o);
    return this.side.length - 1;
  }

  /** Appends a record (all columns raw); returns its index. */
  push(kind: RecordKind, flags: number, step: number, frame: number, a: number, b: number, value: number, prev: number, aux: number): number {
    const i = this.length;
    if (i === this.kind.length) this.grow();
    this.kind[i] = kind;
    this.flags[i] = flags;
    this.rwc[i] = this.nextRwc++;
    this.step[i] = step;
    this.frame[i] = frame;
    this.a[i] = a;
    this.b[i] = b;
    this.value[i] = value;
    this.prev[i] = prev;
    this.aux[i] = aux;
    this.length = i + 1;
    return i;
  }

  /** Appends a step row; returns its index. */
  pushStep(frame: number, pc: number, opcode: number, sp: number, memSize: number, gas: bigint): number {
    const s = this.steps;
    const i = this.stepCount;
    if (i === s.frame.length) s.grow();
    s.frame[i] = frame;
    s.pc[i] = pc;
    s.opcode[i] = opcode;
    s.halt[i] = 0;
    s.sp[i] = sp;
    s.memSize[i] = memSize;
    s.gas[i] = this.ref(gas);
    s.gasCost[i] = 0;
    s.firstRecord[i] = this.length;
    this.stepCount = i + 1;
    return i;
  }

  /** Completes a step row once the instruction ran. */
  endStep(i: number, halt: HaltReason, gasCost: bigint): void {
    this.steps.halt[i] = halt;
    this.steps.gasCost[i] = this.ref(gasCost);
  }

  private grow(): void {
    const n = this.kind.length * 2;
    this.kind = grown(this.kind, n);
    this.flags = grown(this.flags, n);
    this.rwc = grown(this.rwc, n);
    this.step = grown(this.step, n);
    this.frame = grown(this.frame, n);
    this.a = grown(this.a, n);
    this.b = grown(this.b, n);
    this.value = grown(this.value, n);
    this.prev = grown(this.prev, n);
    this.aux = grown(this.aux, n);
  }

  /** Decodes step `i`. */
  stepAt(i: number): WitnessStep {
    const s = this.steps;
    return {
      frame: s.frame[i]!,
      pc: s.pc[i]!,
      opcode: s.opcode[i]!,
      halt: s.halt[i]! as HaltReason,
      sp: s.sp[i]!,
      memSize: s.memSize[i]!,
      gas: this.val(s.gas[i]!),
      gasCost: this.val(s.gasCost[i]!),
      firstRecord: s.firstRecord[i]!,
    };
  }

  /** Decodes record `i` into its typed form. */
  record(i: number): WitnessRecord {
    const kind = this.kind[i]! as RecordKind;
    const base = { rwc: this.rwc[i]!, step: this.step[i]!, frame: this.frame[i]! };
    const reversion = (this.flags[i]! & FLAG_REVERSION) !== 0;
    const a = this.a[i]!;
    const b = this.b[i]!;
    const value = this.val(this.value[i]!);
    const prevRef = this.prev[i]!;
    const aux = this.aux[i]!;
    const R = RecordKind;
    switch (kind) {
      case R.StackRead:
        return { kind, ...base, slot: a, value };
      case R.StackWrite:
        return { kind, ...base, reversion, slot: a, value, prev: this.val(prevRef) };
      case R.MemoryRead:
        return { kind, ...base, word: a, value };
      case R.MemoryWrite:
        return { kind, ...base, reversion, word: a, value, prev: this.val(prevRef) };
      case R.StorageRead:
        return { kind, ...base, address: this.val(a), slot: this.val(b), value, committed: this.val(aux) };
      case R.StorageWrite:
        return { kind, ...base, reversion, address: this.val(a), slot: this.val(b), value, prev: this.val(prevRef), committed: this.val(aux) };
      case R.TransientRead:
        return { kind, ...base, address: this.val(a), slot: this.val(b), value };
      case R.TransientWrite:
        return { kind, ...base, reversion, address: this.val(a), slot: this.val(b), value, prev: this.val(prevRef) };
      case R.AccountRead:
        return { kind, ...base, address: this.val(a), field: b as AccountField, value };
      case R.AccountWrite:
        return {
          kind,
          ...base,
          reversion,
          address: this.val(a),
          field: b as AccountField,
          value,
          prev: this.val(prevRef),
          code: aux >= 0 ? (this.side[aux] as Uint8Array) : undefined,
        };
      case R.AccessListAccount:
        return { kind, ...base, reversion, address: this.val(a), value, prev: this.val(prevRef) };
      case R.AccessListSlot:
        return { kind, ...base, reversion, address: this.val(a), slot: this.val(b), value, prev: this.val(prevRef) };
      case R.RefundRead:
        return { kind, ...base, value };
      case R.RefundWrite:
        return { kind, ...base, reversion, value, prev: this.val(prevRef) };
      case R.Log:
        return { kind, ...base, reversion, index: a, value, prev: this.val(prevRef), log: this.side[aux] as LogInfo };
      case R.ReturnDataSet:
        return { kind, ...base, source: a };
      case R.Copy: {
        const toStack = (this.flags[i]! & FLAG_TO_STACK) !== 0;
        return {
          kind,
          ...base,
          source: a as CopySource,
          sourceId: this.val(aux),
          srcOffset: this.val(prevRef),
          dest: toStack ? -1 : Number(value),
          length: b,
          value: toStack ? value : 0n,
        };
      }
      case R.Keccak:
        return { kind, ...base, offset: a, length: b, hash: value };
      case R.FrameEnter:
        return { kind, ...base, info: this.side[aux] as FrameEnterInfo };
      case R.FrameExit:
        return { kind, ...base, info: this.side[aux] as FrameExitInfo };
    }
  }

  /** All records decoded, in rwc order (allocates one object per record: for tests and tools). */
  *records(): IterableIterator<WitnessRecord> {
    for (let i = 0; i < this.length; i++) yield this.record(i);
  }

  /**
   * Bytes held by the trace's typed columns and pool (side objects estimated at their byte
   * payload plus 64 bytes each), for the memory-per-step figure.
   */
  byteSize(): number {
    let bytes = this.kind.byteLength * 2 + (this.rwc.byteLength + this.step.byteLength + this.frame.byteLength) + 5 * this.a.byteLength;
    const s = this.steps;
    bytes += s.frame.byteLength + s.pc.byteLength + s.opcode.byteLength + s.halt.byteLength + s.sp.byteLength;
    bytes += s.memSize.byteLength + s.gas.byteLength + s.gasCost.byteLength + s.firstRecord.byteLength;
    bytes += this.pool.length * 48;
    for (const o of this.side) {
      bytes += 64;
      if (o instanceof Uint8Array) bytes += o.byteLength;
    }
    return bytes;
  }
}
