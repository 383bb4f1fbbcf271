/**
 * World-state side of the witness tracer: account, storage, transient-storage, access-list,
 * refund and log records, the tracer's own journal of those writes, and the reversion records
 * that undo them when a frame fails.
 *
 * The tracer cannot see the world-state journal, so account writes are recorded by observation:
 * it keeps a shadow of every account it has seen (taken before the instruction that may change
 * it) and, after the change, compares the shadow with the live {@link StateView}, emitting one
 * write per changed field. Its own journal mirrors the world state's: a failed frame's writes are
 * undone by explicit reversion records, newest first, exactly as `WorldState.revertTo` does.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { StateView } from '../state/state-view.ts';
import { bytesToBigInt, EMPTY_CODE_HASH } from '../words.ts';
import { AccountField, FLAG_REVERSION, NO_STEP, RecordKind, type LogInfo, type WitnessTrace } from './witness-records.ts';

/** The tracer's view of an account as of the last record about it. */
interface Shadow {
  exists: boolean;
  nonce: bigint;
  balance: bigint;
  code: Uint8Array;
  /** keccak256(code) when the account exists, else 0. */
  codeHash: bigint;
}

/** One undoable write: the record columns plus what the shadow needs to roll back. */
interface JournalEntry {
  kind: RecordKind;
  a: number;
  b: number;
  value: number;
  prev: number;
  aux: number;
  /** Code before a CodeHash write. */
  prevCode: Uint8Array | undefined;
}

/** Bit masks selecting account fields to observe. */
export const FieldMask = {
  Exists: 1 << AccountField.Exists,
  Nonce: 1 << AccountField.Nonce,
  Balance: 1 << AccountField.Balance,
  CodeHash: 1 << AccountField.CodeHash,
  All: 15,
} as const;

/** Raised when the trace cannot be kept consistent with the execution (a tracer bug, never an EVM outcome). */
export class WitnessTracerError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(details === undefined ? message : `${message} ${JSON.stringify(details, (_, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))}`);
    this.name = 'WitnessTracerError';
  }
}

const EMPTY = new Uint8Array(0);
const EMPTY_HASH = bytesToBigInt(EMPTY_CODE_HASH);
const codeHashCache = new WeakMap<Uint8Array, bigint>();

/** keccak256 of code as a word, cached per (immutable, shared) code array. */
export function codeHashOf(code: Uint8Array): bigint {
  if (code.length === 0) return EMPTY_HASH;
  let h = codeHashCache.get(code);
  if (h === undefined) {
    h = bytesToBigInt(keccak_256(code));
    codeHashCache.set(code, h);
  }
  return h;
}

/** Emits state records into a trace and keeps the journal that makes reverts explicit. */
export class StateRecorder {
  /** Step index stamped on emitted records. */
  step = NO_STEP;
  /** Number of live (not reverted) logs: the index of the next log. */
  logCount = 0;
  private readonly trace: WitnessTrace;
  private readonly shadows = new Map<bigint, Shadow>();
  private readonly journal: JournalEntry[] = [];

  constructor(trace: WitnessTrace) {
    this.trace = trace;
  }

  /** The shadow of `address`, taken from the live state the first time the account is seen. */
  ensure(address: bigint, state: StateView): Shadow {
    let s = this.shadows.get(address);
    if (s === undefined) {
      const exists = state.exists(address);
      const code = state.getCode(address);
      s = { exists, nonce: state.getNonce(address), balance: state.getBalance(address), code, codeHash: exists ? codeHashOf(code) : 0n };
      this.shadows.set(address, s);
    }
    return s;
  }

  /** Installs a shadow computed by the caller (the sender, whose gas purchase precedes the first hook). */
  seed(address: bigint, exists: boolean, nonce: bigint, balance: bigint, code: Uint8Array): void {
    this.shadows.set(address, { exists, nonce, balance, code, codeHash: exists ? codeHashOf(code) : 0n });
  }

  /** Addresses with a shadow (every account any record mentions). */
  seenAddresses(): IterableIterator<bigint> {
    return this.shadows.keys();
  }

  /** Journal position, to revert to on a frame failure. */
  mark(): number {
    return this.journal.length;
  }

  /** An account field read with the shadow's value (the value before the current instruction's own writes). */
  readShadow(frame: number, address: bigint, field: AccountField, state: StateView): void {
    const s = this.ensure(address, state);
    this.trace.push(RecordKind.AccountRead, 0, this.step, frame, this.trace.ref(address), field, this.trace.ref(fieldOf(s, field)), 0, -1);
  }

  /** An account field read with the live value. */
  readLive(frame: number, address: bigint, field: AccountField, state: StateView): void {
    this.ensure(address, state);
    const exists = state.exists(address);
    let v: bigint;
    switch (field) {
      case AccountField.Exists:
        v = exists ? 1n : 0n;
        break;
      case AccountField.Nonce:
        v = state.getNonce(address);
        break;
      case AccountField.Balance:
        v = state.getBalance(address);
        break;
      default:
        v = exists ? codeHashOf(state.getCode(address)) : 0n;
    }
    this.trace.push(RecordKind.AccountRead, 0, this.step, frame, this.trace.ref(address), field, this.trace.ref(v), 0, -1);
  }

  /** Emits a write for every field in `mask` whose live value differs from the shadow. */
  observe(frame: number, address: bigint, state: StateView, mask: number): void {
    const s = this.ensure(address, state);
    const exists = state.exists(address);
    if ((mask & FieldMask.Exists) !== 0 && exists !== s.exists) {
      this.accountWrite(frame, address, AccountField.Exists, s.exists ? 1n : 0n, exists ? 1n : 0n, undefined, undefined);
      s.exists = exists;
    }
    if ((mask & FieldMask.Nonce) !== 0) {
      const n = state.getNonce(address);
      if (n !== s.nonce) {
        this.accountWrite(frame, address, AccountField.Nonce, s.nonce, n, undefined, undefined);
        s.nonce = n;
      }
    }
    if ((mask & FieldMask.Balance) !== 0) {
      const b = state.getBalance(address);
      if (b !== s.balance) {
        this.accountWrite(frame, address, AccountField.Balance, s.balance, b, undefined, undefined);
        s.balance = b;
      }
    }
    if ((mask & FieldMask.CodeHash) !== 0) {
      const code = state.getCode(address);
      const h = exists ? codeHashOf(code) : 0n;
      if (h !== s.codeHash) {
        this.accountWrite(frame, address, AccountField.CodeHash, s.codeHash, h, s.code, code);
        s.codeHash = h;
      }
      s.code = code;
    }
  }

  /** Records a balance change computed by the caller (transaction-level payments), checked against the live state. */
  addBalance(frame: number, address: bigint, amount: bigint, state: StateView): void {
    const s = this.ensure(address, state);
    if (amount === 0n) return;
    if (!s.exists) {
      this.accountWrite(frame, address, AccountField.Exists, 0n, 1n, undefined, undefined);
      s.exists = true;
      this.accountWrite(frame, address, AccountField.CodeHash, 0n, EMPTY_HASH, s.code, EMPTY);
      s.codeHash = EMPTY_HASH;
    }
    const next = s.balance + amount;
    this.accountWrite(frame, address, AccountField.Balance, s.balance, next, undefined, undefined);
    s.balance = next;
  }

  /** Throws unless the shadow balance equals the live one (guards the computed transaction-level writes). */
  assertBalance(address: bigint, state: StateView): void {
    const s = this.ensure(address, state);
    const live = state.getBalance(address);
    if (s.balance !== live) throw new WitnessTracerError('transaction-level balance records disagree with the state', { address, recorded: s.balance, live });
  }

  private accountWrite(frame: number, address: bigint, field: AccountField, prev: bigint, value: bigint, prevCode: Uint8Array | undefined, code: Uint8Array | undefined): void {
    const t = this.trace;
    const aux = code !== undefined && code.length > 0 ? t.addSide(code) : -1;
    this.write(RecordKind.AccountWrite, frame, t.ref(address), field, t.ref(value), t.ref(prev), aux, prevCode);
  }

  /** EIP-2929 warm-address access: always a write of 1; prev says whether it was warm. */
  accessAccount(frame: number, address: bigint, wasWarm: boolean): void {
    this.write(RecordKind.AccessListAccount, frame, this.trace.ref(address), 0, 1, wasWarm ? 1 : 0, -1, undefined);
  }

  /** EIP-2929 warm-slot access. */
  accessSlot(frame: number, address: bigint, slot: bigint, wasWarm: boolean): void {
    const t = this.trace;
    this.write(RecordKind.AccessListSlot, frame, t.ref(address), t.ref(slot), 1, wasWarm ? 1 : 0, -1, undefined);
  }

  /** SLOAD. */
  storageRead(frame: number, address: bigint, slot: bigint, value: bigint, committed: bigint): void {
    const t = this.trace;
    t.push(RecordKind.StorageRead, 0, this.step, frame, t.ref(address), t.ref(slot), t.ref(value), 0, t.ref(committed));
  }

  /** SSTORE (also when the value is unchanged: the circuit still proves the access). */
  storageWrite(frame: number, address: bigint, slot: bigint, value: bigint, prev: bigint, committed: bigint): void {
    const t = this.trace;
    this.write(RecordKind.StorageWrite, frame, t.ref(address), t.ref(slot), t.ref(value), t.ref(prev), t.ref(committed), undefined);
  }

  /** TLOAD. */
  transientRead(frame: number, address: bigint, slot: bigint, value: bigint): void {
    const t = this.trace;
    t.push(RecordKind.TransientRead, 0, this.step, frame, t.ref(address), t.ref(slot), t.ref(value), 0, -1);
  }

  /** TSTORE. */
  transientWrite(frame: number, address: bigint, slot: bigint, value: bigint, prev: bigint): void {
    const t = this.trace;
    this.write(RecordKind.TransientWrite, frame, t.ref(address), t.ref(slot), t.ref(value), t.ref(prev), -1, undefined);
  }

  /** Refund counter read. */
  refundRead(frame: number, value: number): void {
    this.trace.push(RecordKind.RefundRead, 0, this.step, frame, 0, 0, this.trace.ref(BigInt(value)), 0, -1);
  }

  /** Refund counter change (EIP-2200/3529; the counter may go down, its value stays non-negative). */
  refundWrite(frame: number, prev: number, value: number): void {
    this.write(RecordKind.RefundWrite, frame, 0, 0, this.trace.ref(BigInt(value)), this.trace.ref(BigInt(prev)), -1, undefined);
  }

  /** LOG0..LOG4: sets log slot `logCount` to 1. */
  log(frame: number, info: LogInfo): void {
    const aux = this.trace.addSide(info);
    this.write(RecordKind.Log, frame, this.logCount, 0, 1, 0, aux, undefined);
    this.logCount++;
  }

  private write(kind: RecordKind, frame: number, a: number, b: number, value: number, prev: number, aux: number, prevCode: Uint8Array | undefined): void {
    this.trace.push(kind, 0, this.step, frame, a, b, value, prev, aux);
    this.journal.push({ kind, a, b, value, prev, aux, prevCode });
  }

  /**
   * Undoes every write after `mark`, newest first, each as a reversion record (same address,
   * value and prev swapped), rolling the shadows back with them.
   */
  revertTo(mark: number, frame: number): void {
    const t = this.trace;
    const j = this.journal;
    for (let i = j.length - 1; i >= mark; i--) {
      const e = j[i]!;
      let aux = e.aux;
      if (e.kind === RecordKind.AccountWrite) {
        const s = this.shadows.get(t.val(e.a))!;
        const prev = t.val(e.prev);
        switch (e.b) {
          case AccountField.Exists:
            s.exists = prev === 1n;
            break;
          case AccountField.Nonce:
            s.nonce = prev;
            break;
          case AccountField.Balance:
            s.balance = prev;
            break;
          default:
            s.codeHash = prev;
            s.code = e.prevCode ?? EMPTY;
            aux = s.code.length > 0 ? t.addSide(s.code) : -1;
        }
      } else if (e.kind === RecordKind.Log) {
        this.logCount--;
      }
      t.push(e.kind, FLAG_REVERSION, this.step, frame, e.a, e.b, e.prev, e.value, aux);
    }
    j.length = mark;
  }

  /**
   * Post-transaction deletions (EIP-161 touched empty accounts, EIP-6780 self-destructs): every
   * seen account that the shadow says exists but `state` no longer has gets its fields written
   * back to the missing-account defaults, Exists last. Its storage goes with it.
   */
  recordDeletions(frame: number, state: StateView): void {
    for (const [address, s] of this.shadows) {
      if (!s.exists || state.exists(address)) continue;
      if (s.nonce !== 0n) this.accountWrite(frame, address, AccountField.Nonce, s.nonce, 0n, undefined, undefined);
      if (s.balance !== 0n) this.accountWrite(frame, address, AccountField.Balance, s.balance, 0n, undefined, undefined);
      this.accountWrite(frame, address, AccountField.CodeHash, s.codeHash, 0n, s.code, EMPTY);
      this.accountWrite(frame, address, AccountField.Exists, 1n, 0n, undefined, undefined);
      s.exists = false;
      s.nonce = 0n;
      s.balance = 0n;
      s.codeHash = 0n;
      s.code = EMPTY;
    }
  }
}

function fieldOf(s: Shadow, field: AccountField): bigint {
  switch (field) {
    case AccountField.Exists:
      return s.exists ? 1n : 0n;
    case AccountField.Nonce:
      return s.nonce;
    case AccountField.Balance:
      return s.balance;
    default:
      return s.codeHash;
  }
}
