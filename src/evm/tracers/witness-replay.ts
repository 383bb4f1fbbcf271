/**
 * Replay checker of a witness trace: walks the records in order and verifies the
 * offline-memory-checking invariants the zkEVM circuits rely on (docs/witness-trace.md,
 * "Consistency rules"):
 *
 * - counters strictly increase, steps never go back;
 * - every read returns the last value written at its address (stack per frame and slot, memory
 *   per frame and word, storage, transient storage, account fields, access lists, refund, logs),
 *   and every write's `prev` is that value; first reads see the initial value (0 for stack,
 *   memory, transient storage, warm sets and refund; the pre state for storage and accounts);
 * - storage records carry the committed (transaction-start) value;
 * - a failed frame's writes are undone by explicit reversion records, newest first, before its
 *   FrameExit, and only a failed frame's;
 * - copies, keccak inputs, logs, calldata, init code and outputs equal the bytes of the memory
 *   (or calldata, code, return data) they come from, and the code a call frame runs is the code
 *   of its code address;
 * - optionally, final account fields and storage equal the post state and the kept logs equal
 *   the transaction's logs.
 *
 * Nothing here re-executes opcodes: the checker proves the trace is a consistent memory history,
 * which is exactly what the circuits' read-write bus needs; opcode semantics are the circuits' job.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { isPrecompile } from '../precompiles/index.ts';
import type { AccountData, Log } from '../types.ts';
import { bytesToBigInt } from '../words.ts';
import { putWord, wordValue } from './witness-memory.ts';
import {
  AccountField,
  CopySource,
  RECORD_KIND_NAMES,
  RecordKind,
  type FrameEnterInfo,
  type FrameExitInfo,
  type LogInfo,
  type WitnessRecord,
  type WitnessTrace,
} from './witness-records.ts';
import { codeHashOf } from './witness-state.ts';

/** One broken invariant. */
export interface WitnessViolation {
  /** Record index (or -1 for end-of-trace checks). */
  readonly index: number;
  readonly rwc: number;
  readonly kind: string;
  readonly message: string;
}

/** Options of {@link checkWitnessConsistency}. */
export interface WitnessCheckOptions {
  /** Post state (`WorldState.toAccounts()` after the transaction): final fields of every account the trace touched must match. */
  postState?: Map<bigint, AccountData>;
  /** Logs of the transaction: the trace's kept logs must equal them. */
  logs?: readonly Log[];
  /** Stop after this many violations (default 20). */
  maxViolations?: number;
}

/** Result of {@link checkWitnessConsistency}. */
export interface WitnessCheckReport {
  readonly ok: boolean;
  readonly records: number;
  readonly violations: WitnessViolation[];
}

interface AccountModel {
  exists: boolean;
  nonce: bigint;
  balance: bigint;
  codeHash: bigint;
  code: Uint8Array;
}

interface FrameModel {
  readonly id: number;
  readonly info: FrameEnterInfo;
  exit: FrameExitInfo | undefined;
  /** Journal length at entry. */
  readonly mark: number;
  stack: (bigint | undefined)[];
  memory: Uint8Array;
  returnData: Uint8Array;
}

interface JournalEntry {
  kind: RecordKind;
  key: string;
  prev: bigint;
  value: bigint;
}

const EMPTY = new Uint8Array(0);

class StopReplay extends Error {}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `src[offset, offset+length)`, zero-padded past the end. */
function sliceZeroPadded(src: Uint8Array, offset: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (offset < BigInt(src.length)) {
    const o = Number(offset);
    out.set(src.subarray(o, Math.min(src.length, o + length)));
  }
  return out;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

class Replay {
  readonly violations: WitnessViolation[] = [];
  private readonly max: number;
  private readonly pre: Map<bigint, AccountData>;
  private readonly accounts = new Map<bigint, AccountModel>();
  private readonly storage = new Map<bigint, Map<bigint, bigint>>();
  /** Accounts whose storage was wiped by a deletion (their pre-state storage no longer applies). */
  private readonly wiped = new Set<bigint>();
  private readonly transient = new Map<string, bigint>();
  private readonly warm = new Set<bigint>();
  private readonly warmSlots = new Set<string>();
  private refund = 0n;
  private readonly logs: { present: bigint; info: LogInfo }[] = [];
  private readonly journal: JournalEntry[] = [];
  private readonly frames = new Map<number, FrameModel>();
  private readonly active: FrameModel[] = [];
  private pendingCopy: { frame: FrameModel; dest: number; bytes: Uint8Array; index: number; rwc: number } | undefined;
  private index = -1;
  private lastStep = -1;
  private rwc = 0;
  private kindName = '';

  constructor(pre: Map<bigint, AccountData>, max: number) {
    this.pre = pre;
    this.max = max;
  }

  fail(message: string): void {
    this.violations.push({ index: this.index, rwc: this.rwc, kind: this.kindName, message });
    if (this.violations.length >= this.max) throw new StopReplay();
  }

  private expect(cond: boolean, message: () => string): void {
    if (!cond) this.fail(message());
  }

  account(address: bigint): AccountModel {
    let a = this.accounts.get(address);
    if (a === undefined) {
      const p = this.pre.get(address);
      a = p === undefined
        ? { exists: false, nonce: 0n, balance: 0n, codeHash: 0n, code: EMPTY }
        : { exists: true, nonce: p.nonce, balance: p.balance, codeHash: codeHashOf(p.code), code: p.code };
      this.accounts.set(address, a);
    }
    return a;
  }

  private slots(address: bigint): Map<bigint, bigint> {
    let s = this.storage.get(address);
    if (s === undefined) {
      s = new Map();
      this.storage.set(address, s);
    }
    return s;
  }

  private storageValue(address: bigint, slot: bigint): bigint {
    const v = this.storage.get(address)?.get(slot);
    if (v !== undefined) return v;
    return this.wiped.has(address) ? 0n : this.committed(address, slot);
  }

  private committed(address: bigint, slot: bigint): bigint {
    return this.pre.get(address)?.storage.get(slot) ?? 0n;
  }

  private top(r: WitnessRecord): FrameModel | undefined {
    const f = this.active[this.active.length - 1];
    if (f === undefined || f.id !== r.frame) {
      this.fail(`record of frame ${r.frame} while frame ${f?.id ?? 'none'} is executing`);
      return undefined;
    }
    return f;
  }

  private memoryWord(f: FrameModel, word: number): bigint {
    return wordValue(f.memory, word * 32, f.memory.length);
  }

  private memoryBytes(f: FrameModel, offset: number, length: number): Uint8Array {
    return sliceZeroPadded(f.memory, BigInt(offset), length);
  }

  private setMemoryWord(f: FrameModel, word: number, v: bigint): void {
    const end = word * 32 + 32;
    if (end > f.memory.length) {
      const grown = new Uint8Array(Math.max(end, f.memory.length * 2));
      grown.set(f.memory);
      f.memory = grown;
    }
    putWord(f.memory, word * 32, v);
  }

  /** Journal bookkeeping of a write: a forward write is pushed, a reversion must undo the newest entry. */
  private journalWrite(r: WitnessRecord & { reversion: boolean; value: bigint; prev: bigint }, key: string): void {
    if (!r.reversion) {
      this.journal.push({ kind: r.kind, key, prev: r.prev, value: r.value });
      return;
    }
    const e = this.journal.pop();
    const f = this.active[this.active.length - 1];
    if (e === undefined || (f !== undefined && this.journal.length < f.mark)) {
      this.fail('reversion record with no matching write of the failing frame');
      return;
    }
    this.expect(e.kind === r.kind && e.key === key, () => `reversion of ${key} but the newest write is ${RECORD_KIND_NAMES[e.kind]} ${e.key}`);
    this.expect(r.value === e.prev && r.prev === e.value, () => `reversion of ${key} writes ${hex(r.value)} (prev ${hex(r.prev)}), expected ${hex(e.prev)} (prev ${hex(e.value)})`);
  }

  private finishCopy(): void {
    const c = this.pendingCopy;
    if (c === undefined) return;
    this.pendingCopy = undefined;
    const got = this.memoryBytes(c.frame, c.dest, c.bytes.length);
    if (!equalBytes(got, c.bytes)) {
      this.violations.push({ index: c.index, rwc: c.rwc, kind: 'Copy', message: `memory [${c.dest}, +${c.bytes.length}) after the copy's writes differs from the source bytes` });
      if (this.violations.length >= this.max) throw new StopReplay();
    }
  }

  apply(i: number, r: WitnessRecord, stepCount: number): void {
    this.index = i;
    this.kindName = RECORD_KIND_NAMES[r.kind]!;
    this.expect(r.rwc > this.rwc, () => `counter ${r.rwc} does not exceed the previous ${this.rwc}`);
    this.rwc = r.rwc;
    if (r.step >= 0) {
      this.expect(r.step >= this.lastStep && r.step < stepCount, () => `step ${r.step} out of order (previous ${this.lastStep}, ${stepCount} steps)`);
      this.lastStep = r.step;
    }
    if (this.pendingCopy !== undefined && !(r.kind === RecordKind.MemoryWrite && r.frame === this.pendingCopy.frame.id)) this.finishCopy();
    const R = RecordKind;
    switch (r.kind) {
      case R.StackRead: {
        const f = this.top(r);
        if (f === undefined) return;
        const v = f.stack[r.slot];
        this.expect(v !== undefined, () => `stack slot ${r.slot} read before any write`);
        this.expect(v === undefined || v === r.value, () => `stack slot ${r.slot} holds ${hex(v!)}, read ${hex(r.value)}`);
        return;
      }
      case R.StackWrite: {
        const f = this.top(r);
        if (f === undefined) return;
        const cur = f.stack[r.slot] ?? 0n;
        this.expect(r.slot >= 0 && r.slot < 1024, () => `stack slot ${r.slot} out of range`);
        this.expect(r.prev === cur, () => `stack slot ${r.slot} holds ${hex(cur)}, write says prev ${hex(r.prev)}`);
        this.expect(!r.reversion, () => 'stack writes are never reverted');
        f.stack[r.slot] = r.value;
        return;
      }
      case R.MemoryRead: {
        const f = this.top(r);
        if (f === undefined) return;
        const cur = this.memoryWord(f, r.word);
        this.expect(cur === r.value, () => `memory word ${r.word} holds ${hex(cur)}, read ${hex(r.value)}`);
        return;
      }
      case R.MemoryWrite: {
        const f = this.top(r);
        if (f === undefined) return;
        const cur = this.memoryWord(f, r.word);
        this.expect(cur === r.prev, () => `memory word ${r.word} holds ${hex(cur)}, write says prev ${hex(r.prev)}`);
        this.setMemoryWord(f, r.word, r.value);
        return;
      }
      case R.StorageRead: {
        const cur = this.storageValue(r.address, r.slot);
        this.expect(cur === r.value, () => `storage ${hex(r.address)}[${hex(r.slot)}] holds ${hex(cur)}, read ${hex(r.value)}`);
        this.expect(r.committed === this.committed(r.address, r.slot), () => `committed value ${hex(r.committed)} differs from the pre state`);
        return;
      }
      case R.StorageWrite: {
        const cur = this.storageValue(r.address, r.slot);
        this.expect(cur === r.prev, () => `storage ${hex(r.address)}[${hex(r.slot)}] holds ${hex(cur)}, write says prev ${hex(r.prev)}`);
        this.expect(r.committed === this.committed(r.address, r.slot), () => `committed value ${hex(r.committed)} differs from the pre state`);
        this.journalWrite(r, `S:${r.address}:${r.slot}`);
        this.slots(r.address).set(r.slot, r.value);
        return;
      }
      case R.TransientRead: {
        const cur = this.transient.get(`${r.address}:${r.slot}`) ?? 0n;
        this.expect(cur === r.value, () => `transient ${hex(r.address)}[${hex(r.slot)}] holds ${hex(cur)}, read ${hex(r.value)}`);
        return;
      }
      case R.TransientWrite: {
        const key = `${r.address}:${r.slot}`;
        const cur = this.transient.get(key) ?? 0n;
        this.expect(cur === r.prev, () => `transient ${key} holds ${hex(cur)}, write says prev ${hex(r.prev)}`);
        this.journalWrite(r, `T:${key}`);
        this.transient.set(key, r.value);
        return;
      }
      case R.AccountRead: {
        const cur = fieldValue(this.account(r.address), r.field);
        this.expect(cur === r.value, () => `account ${hex(r.address)} field ${r.field} is ${hex(cur)}, read ${hex(r.value)}`);
        return;
      }
      case R.AccountWrite:
        this.accountWrite(r);
        return;
      case R.AccessListAccount: {
        const cur = this.warm.has(r.address) ? 1n : 0n;
        this.expect(cur === r.prev, () => `warm(${hex(r.address)}) is ${cur}, write says prev ${r.prev}`);
        this.expect(r.reversion || r.value === 1n, () => 'access-list writes set the flag');
        this.journalWrite(r, `W:${r.address}`);
        if (r.value === 1n) this.warm.add(r.address);
        else this.warm.delete(r.address);
        return;
      }
      case R.AccessListSlot: {
        const key = `${r.address}:${r.slot}`;
        const cur = this.warmSlots.has(key) ? 1n : 0n;
        this.expect(cur === r.prev, () => `warm slot ${key} is ${cur}, write says prev ${r.prev}`);
        this.expect(r.reversion || r.value === 1n, () => 'access-list writes set the flag');
        this.journalWrite(r, `WS:${key}`);
        if (r.value === 1n) this.warmSlots.add(key);
        else this.warmSlots.delete(key);
        return;
      }
      case R.RefundRead:
        this.expect(this.refund === r.value, () => `refund is ${this.refund}, read ${r.value}`);
        return;
      case R.RefundWrite:
        this.expect(this.refund === r.prev, () => `refund is ${this.refund}, write says prev ${r.prev}`);
        this.journalWrite(r, 'R');
        this.refund = r.value;
        return;
      case R.Log:
        this.log(r);
        return;
      case R.ReturnDataSet: {
        const f = this.top(r);
        if (f === undefined) return;
        if (r.source < 0) {
          f.returnData = EMPTY;
          return;
        }
        const child = this.frames.get(r.source);
        this.expect(child?.exit !== undefined && child.info.parent === f.id, () => `return data source ${r.source} is not a finished child of frame ${f.id}`);
        f.returnData = child?.exit?.output ?? EMPTY;
        return;
      }
      case R.Copy:
        this.copy(i, r);
        return;
      case R.Keccak: {
        const f = this.top(r);
        if (f === undefined) return;
        const h = bytesToBigInt(keccak_256(this.memoryBytes(f, r.offset, r.length)));
        this.expect(h === r.hash, () => `keccak of memory [${r.offset}, +${r.length}) is ${hex(h)}, record says ${hex(r.hash)}`);
        return;
      }
      case R.FrameEnter:
        this.enter(r.frame, r.info);
        return;
      case R.FrameExit:
        this.exit(r);
        return;
    }
  }

  private accountWrite(r: Extract<WitnessRecord, { kind: typeof RecordKind.AccountWrite }>): void {
    const a = this.account(r.address);
    const cur = fieldValue(a, r.field);
    this.expect(cur === r.prev, () => `account ${hex(r.address)} field ${r.field} is ${hex(cur)}, write says prev ${hex(r.prev)}`);
    this.journalWrite(r, `A:${r.address}:${r.field}`);
    switch (r.field) {
      case AccountField.Exists:
        if (r.value === 0n) {
          this.expect(a.nonce === 0n && a.balance === 0n && a.codeHash === 0n, () => `account ${hex(r.address)} removed with non-default fields`);
          // The account leaves the state with its storage.
          this.storage.delete(r.address);
          this.wiped.add(r.address);
        }
        a.exists = r.value === 1n;
        return;
      case AccountField.Nonce:
        a.nonce = r.value;
        return;
      case AccountField.Balance:
        a.balance = r.value;
        return;
      default: {
        const code = r.code ?? EMPTY;
        const expected = r.value === 0n ? 0n : codeHashOf(code);
        this.expect(expected === r.value, () => `code hash ${hex(r.value)} does not match the recorded code (${code.length} bytes)`);
        a.codeHash = r.value;
        a.code = code;
      }
    }
  }

  private log(r: Extract<WitnessRecord, { kind: typeof RecordKind.Log }>): void {
    const cur = this.logs[r.index]?.present ?? 0n;
    this.expect(cur === r.prev, () => `log ${r.index} presence is ${cur}, write says prev ${r.prev}`);
    this.journalWrite(r, `L:${r.index}`);
    if (!r.reversion) {
      const f = this.top(r);
      const live = this.logs.filter((l) => l.present === 1n).length;
      this.expect(r.index === live, () => `log index ${r.index} is not the next one (${live})`);
      if (f !== undefined) {
        this.expect(r.log.address === f.info.address, () => 'log address is not the frame address');
        this.expect(equalBytes(r.log.data, this.memoryBytes(f, r.log.dataOffset, r.log.data.length)), () => 'log data differs from memory');
      }
    }
    this.logs[r.index] = { present: r.value, info: r.log };
    if (r.value === 0n) this.logs.length = r.index;
  }

  private copy(i: number, r: Extract<WitnessRecord, { kind: typeof RecordKind.Copy }>): void {
    const f = this.top(r);
    if (f === undefined) return;
    let src: Uint8Array;
    switch (r.source) {
      case CopySource.Calldata:
        src = f.info.input;
        break;
      case CopySource.Code:
        src = f.info.code;
        break;
      case CopySource.ExternalCode:
        src = this.account(r.sourceId).code;
        break;
      case CopySource.ReturnData:
        src = f.returnData;
        this.expect(r.srcOffset + BigInt(r.length) <= BigInt(src.length), () => 'return data copy past the end of the buffer');
        break;
      case CopySource.Memory:
        src = f.memory;
        break;
      default: {
        const child = this.frames.get(Number(r.sourceId));
        this.expect(child?.exit !== undefined && child.info.parent === f.id, () => `copy source ${r.sourceId} is not a finished child`);
        src = child?.exit?.output ?? EMPTY;
      }
    }
    const bytes = sliceZeroPadded(src, r.srcOffset, r.length);
    if (r.dest < 0) {
      const v = bytesToBigInt(bytes);
      this.expect(v === r.value, () => `loaded word ${hex(r.value)} differs from the source ${hex(v)}`);
      return;
    }
    this.pendingCopy = { frame: f, dest: r.dest, bytes, index: i, rwc: r.rwc };
  }

  private enter(id: number, info: FrameEnterInfo): void {
    const parent = this.active[this.active.length - 1];
    this.expect(!this.frames.has(id), () => `frame id ${id} reused`);
    this.expect(info.parent === (parent?.id ?? -1), () => `frame ${id} says parent ${info.parent}, executing frame is ${parent?.id ?? -1}`);
    this.expect(info.depth === this.active.length, () => `frame ${id} depth ${info.depth}, expected ${this.active.length}`);
    if (parent !== undefined) {
      if (info.inputOffset >= 0) {
        this.expect(equalBytes(info.input, this.memoryBytes(parent, info.inputOffset, info.input.length)), () => 'calldata differs from the caller memory');
      } else {
        this.expect(info.input.length === 0, () => 'non-empty calldata of a sub-call without a memory offset');
      }
      if (info.codeOffset >= 0) {
        this.expect(equalBytes(info.code, this.memoryBytes(parent, info.codeOffset, info.code.length)), () => 'init code differs from the creator memory');
      }
    }
    if (info.kind < 4) {
      const expected = isPrecompile(info.codeAddress) ? EMPTY : this.account(info.codeAddress).code;
      this.expect(equalBytes(info.code, expected), () => `frame ${id} runs code that is not the code of ${hex(info.codeAddress)}`);
    }
    const f: FrameModel = { id, info, exit: undefined, mark: this.journal.length, stack: [], memory: new Uint8Array(64), returnData: EMPTY };
    this.frames.set(id, f);
    this.active.push(f);
  }

  private exit(r: Extract<WitnessRecord, { kind: typeof RecordKind.FrameExit }>): void {
    const f = this.top(r);
    if (f === undefined) return;
    const info = r.info;
    if (info.outputOffset >= 0) {
      this.expect(equalBytes(info.output, this.memoryBytes(f, info.outputOffset, info.output.length)), () => 'frame output differs from its memory');
    }
    if (!info.success) {
      this.expect(this.journal.length === f.mark, () => `failed frame ${f.id} left ${this.journal.length - f.mark} writes unreverted`);
    }
    f.exit = info;
    this.active.pop();
  }

  finish(options: WitnessCheckOptions, finalized: boolean): void {
    this.index = -1;
    this.kindName = 'end';
    this.finishCopy();
    this.expect(this.active.length === 0, () => `${this.active.length} frames never exited`);
    if (options.logs !== undefined) {
      const kept = this.logs.filter((l) => l.present === 1n).map((l) => l.info);
      const want = options.logs;
      const same = kept.length === want.length && kept.every((l, i) => l.address === want[i]!.address && equalBytes(l.data, want[i]!.data) && l.topics.length === want[i]!.topics.length && l.topics.every((t, j) => t === want[i]!.topics[j]));
      this.expect(same, () => `kept logs (${kept.length}) differ from the transaction logs (${want.length})`);
    }
    const post = options.postState;
    if (post === undefined) return;
    this.expect(finalized, () => 'post-state check needs a finalized trace (WitnessTracer.finish)');
    for (const [address, a] of this.accounts) {
      const p = post.get(address);
      if (!a.exists) {
        this.expect(p === undefined, () => `account ${hex(address)} is missing in the trace but exists in the post state`);
        continue;
      }
      if (p === undefined) {
        this.fail(`account ${hex(address)} exists in the trace but not in the post state`);
        continue;
      }
      this.expect(p.nonce === a.nonce && p.balance === a.balance, () => `account ${hex(address)} ends with nonce ${a.nonce} balance ${a.balance}, post state has ${p.nonce} / ${p.balance}`);
      this.expect(codeHashOf(p.code) === a.codeHash, () => `account ${hex(address)} code differs from the post state`);
    }
    for (const [address, slots] of this.storage) {
      const p = post.get(address);
      for (const [slot, v] of slots) {
        const want = p?.storage.get(slot) ?? 0n;
        this.expect(v === want, () => `storage ${hex(address)}[${hex(slot)}] ends at ${hex(v)}, post state has ${hex(want)}`);
      }
    }
  }
}

function fieldValue(a: AccountModel, field: number): bigint {
  switch (field) {
    case AccountField.Exists:
      return a.exists ? 1n : 0n;
    case AccountField.Nonce:
      return a.nonce;
    case AccountField.Balance:
      return a.balance;
    default:
      return a.codeHash;
  }
}

/**
 * Verifies a witness trace against the pre state (and optionally the post state and logs).
 * Returns every violation found (up to `maxViolations`); `ok` when there is none.
 */
export function checkWitnessConsistency(trace: WitnessTrace, preState: Map<bigint, AccountData>, options: WitnessCheckOptions = {}): WitnessCheckReport {
  const replay = new Replay(preState, options.maxViolations ?? 20);
  try {
    for (let i = 0; i < trace.length; i++) replay.apply(i, trace.record(i), trace.stepCount);
    replay.finish(options, trace.finalized);
  } catch (e) {
    if (!(e instanceof StopReplay)) throw e;
  }
  return { ok: replay.violations.length === 0, records: trace.length, violations: replay.violations };
}
