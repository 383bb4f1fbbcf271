/**
 * The synchronous world state the interpreter runs on: accounts, storage, the per-transaction
 * sets Cancun needs (EIP-2200 original values, EIP-1153 transient storage, EIP-2929 warm sets,
 * EIP-161 touched accounts, EIP-6780 created-in-tx and self-destruct sets), logs and the refund
 * counter, with a journal so any call frame can be reverted.
 *
 * Every mutation goes through a method here that first appends an undo record; `checkpoint()`
 * returns the journal length and `revertTo()` undoes back to it.
 */
import type { AccountData, Log } from '../types.ts';
import { Account } from './account.ts';
import { JournalKind, type JournalEntry } from './journal.ts';
import type { StateView } from './state-view.ts';

/** RIPEMD-160 precompile address: its zero-value touch survives reverts (geth quirk kept by the fixtures, mainnet block 2675119). */
const RIPEMD_ADDRESS = 3n;

/** Error for misuse of the state API (not an EVM-level failure). */
export class WorldStateError extends Error {
  constructor(message: string, readonly address?: bigint) {
    super(address === undefined ? message : `${message} (address 0x${address.toString(16).padStart(40, '0')})`);
    this.name = 'WorldStateError';
  }
}

/** Accounts plus journaled per-transaction bookkeeping. */
export class WorldState implements StateView {
  private readonly accounts: Map<bigint, Account>;
  private journal: JournalEntry[] = [];
  private readonly originalStorage = new Map<bigint, Map<bigint, bigint>>();
  private readonly transient = new Map<bigint, Map<bigint, bigint>>();
  private readonly warmAddresses = new Set<bigint>();
  private readonly warmSlots = new Map<bigint, Set<bigint>>();
  private readonly touched = new Set<bigint>();
  private readonly touchedPermanently = new Set<bigint>();
  private readonly selfDestructed = new Set<bigint>();
  private readonly createdInTx = new Set<bigint>();
  /** Logs emitted by the current transaction, in order. */
  logs: Log[] = [];
  /** EIP-2200/3529 refund counter of the current transaction. */
  refund = 0;

  private constructor(accounts: Map<bigint, Account>) {
    this.accounts = accounts;
  }

  /** An empty state. */
  static empty(): WorldState {
    return new WorldState(new Map());
  }

  /** A state holding copies of the given accounts. */
  static fromAccounts(accounts: Map<bigint, AccountData>): WorldState {
    const live = new Map<bigint, Account>();
    for (const [address, a] of accounts) {
      const storage = new Map<bigint, bigint>();
      for (const [k, v] of a.storage) if (v !== 0n) storage.set(k, v);
      live.set(address, new Account(a.nonce, a.balance, a.code, storage));
    }
    return new WorldState(live);
  }

  /** Snapshot of all existing accounts; storage without zero slots. */
  toAccounts(): Map<bigint, AccountData> {
    const out = new Map<bigint, AccountData>();
    for (const [address, a] of this.accounts) {
      out.set(address, { nonce: a.nonce, balance: a.balance, code: a.code, storage: new Map(a.storage) });
    }
    return out;
  }

  // ---- reads (StateView) ----

  /** The live account, or undefined when it does not exist. */
  getAccount(address: bigint): Account | undefined {
    return this.accounts.get(address);
  }

  /** Whether the account exists (possibly empty). */
  exists(address: bigint): boolean {
    return this.accounts.has(address);
  }

  /** EIP-161: an account is empty when it does not exist or has zero nonce, balance and code. */
  isEmpty(address: bigint): boolean {
    const a = this.accounts.get(address);
    return a === undefined || a.isEmpty();
  }

  /** Balance (0 for missing accounts). */
  getBalance(address: bigint): bigint {
    return this.accounts.get(address)?.balance ?? 0n;
  }

  /** Nonce (0 for missing accounts). */
  getNonce(address: bigint): bigint {
    return this.accounts.get(address)?.nonce ?? 0n;
  }

  /** Code (empty for missing accounts). */
  getCode(address: bigint): Uint8Array {
    return this.accounts.get(address)?.code ?? EMPTY;
  }

  /** Current storage value. */
  getStorage(address: bigint, slot: bigint): bigint {
    return this.accounts.get(address)?.storage.get(slot) ?? 0n;
  }

  /** Value of the slot at the start of the current transaction (EIP-2200 "original value"). */
  getOriginalStorage(address: bigint, slot: bigint): bigint {
    const orig = this.originalStorage.get(address);
    if (orig !== undefined) {
      const v = orig.get(slot);
      if (v !== undefined) return v;
    }
    return this.getStorage(address, slot);
  }

  /** EIP-1153 transient storage value. */
  getTransient(address: bigint, slot: bigint): bigint {
    return this.transient.get(address)?.get(slot) ?? 0n;
  }

  /** Whether the address is in the EIP-2929 accessed set. */
  isWarmAddress(address: bigint): boolean {
    return this.warmAddresses.has(address);
  }

  /** Whether the storage key is in the EIP-2929 accessed set. */
  isWarmSlot(address: bigint, slot: bigint): boolean {
    return this.warmSlots.get(address)?.has(slot) ?? false;
  }

  /** Whether the account was created (CREATE/CREATE2/creation tx) in the current transaction (EIP-6780). */
  isCreatedInTx(address: bigint): boolean {
    return this.createdInTx.has(address);
  }

  /** Whether the account has been scheduled for deletion by SELFDESTRUCT in this transaction. */
  isSelfDestructed(address: bigint): boolean {
    return this.selfDestructed.has(address);
  }

  // ---- journal ----

  /** Journal position to revert to later. */
  checkpoint(): number {
    return this.journal.length;
  }

  /** Undoes every change made after the checkpoint. */
  revertTo(checkpoint: number): void {
    const j = this.journal;
    for (let i = j.length - 1; i >= checkpoint; i--) this.undo(j[i]!);
    j.length = checkpoint;
  }

  private undo(e: JournalEntry): void {
    switch (e.kind) {
      case JournalKind.AccountCreated:
        this.accounts.delete(e.address);
        return;
      case JournalKind.Balance:
        this.accounts.get(e.address)!.balance = e.value;
        return;
      case JournalKind.Nonce:
        this.accounts.get(e.address)!.nonce = e.value;
        return;
      case JournalKind.Code:
        this.accounts.get(e.address)!.setCode(e.code!);
        return;
      case JournalKind.Storage: {
        const s = this.accounts.get(e.address)!.storage;
        if (e.value === 0n) s.delete(e.slot);
        else s.set(e.slot, e.value);
        return;
      }
      case JournalKind.Transient:
        this.transient.get(e.address)!.set(e.slot, e.value);
        return;
      case JournalKind.WarmAddress:
        this.warmAddresses.delete(e.address);
        return;
      case JournalKind.WarmSlot:
        this.warmSlots.get(e.address)!.delete(e.slot);
        return;
      case JournalKind.Touch:
        this.touched.delete(e.address);
        return;
      case JournalKind.Refund:
        this.refund = Number(e.value);
        return;
      case JournalKind.Log:
        this.logs.pop();
        return;
      case JournalKind.SelfDestruct:
        this.selfDestructed.delete(e.address);
        return;
      case JournalKind.Created:
        this.createdInTx.delete(e.address);
        return;
    }
  }

  private record(kind: JournalKind, address: bigint, slot = 0n, value = 0n, code?: Uint8Array): void {
    this.journal.push({ kind, address, slot, value, code });
  }

  // ---- writes ----

  /** Marks an account as touched (EIP-161: deleted at the end of the transaction if empty). */
  touch(address: bigint): void {
    if (this.touched.has(address)) return;
    this.touched.add(address);
    this.record(JournalKind.Touch, address);
  }

  private getOrCreate(address: bigint): Account {
    let a = this.accounts.get(address);
    if (a === undefined) {
      a = new Account(0n, 0n, EMPTY, new Map());
      this.accounts.set(address, a);
      this.record(JournalKind.AccountCreated, address);
    }
    return a;
  }

  /** Creates the account if missing (journaled) and touches it. */
  createAccount(address: bigint): void {
    this.getOrCreate(address);
    this.touch(address);
  }

  /** Adds to a balance. A zero amount only touches an existing account. */
  addBalance(address: bigint, amount: bigint): void {
    if (amount === 0n) {
      if (!this.accounts.has(address)) return;
      this.touch(address);
      if (address === RIPEMD_ADDRESS) this.touchedPermanently.add(address);
      return;
    }
    const a = this.getOrCreate(address);
    this.record(JournalKind.Balance, address, 0n, a.balance);
    a.balance += amount;
    this.touch(address);
  }

  /** Subtracts from a balance; the caller has checked it is sufficient. */
  subBalance(address: bigint, amount: bigint): void {
    if (amount === 0n) return;
    const a = this.accounts.get(address);
    if (a === undefined) throw new WorldStateError('subBalance on a missing account', address);
    if (a.balance < amount) throw new WorldStateError(`balance ${a.balance} below ${amount}`, address);
    this.touch(address);
    this.record(JournalKind.Balance, address, 0n, a.balance);
    a.balance -= amount;
  }

  /** Sets a balance (creating the account if needed). */
  setBalance(address: bigint, balance: bigint): void {
    const a = this.getOrCreate(address);
    this.record(JournalKind.Balance, address, 0n, a.balance);
    a.balance = balance;
    this.touch(address);
  }

  /** Sets a nonce (creating the account if needed). */
  setNonce(address: bigint, nonce: bigint): void {
    const a = this.getOrCreate(address);
    this.record(JournalKind.Nonce, address, 0n, a.nonce);
    a.nonce = nonce;
    this.touch(address);
  }

  /** Sets runtime code (creating the account if needed). */
  setCode(address: bigint, code: Uint8Array): void {
    const a = this.getOrCreate(address);
    this.record(JournalKind.Code, address, 0n, 0n, a.code);
    a.setCode(code);
    this.touch(address);
  }

  /** Writes a storage slot, remembering its transaction-start value for EIP-2200. */
  setStorage(address: bigint, slot: bigint, value: bigint): void {
    const a = this.getOrCreate(address);
    const prev = a.storage.get(slot) ?? 0n;
    let orig = this.originalStorage.get(address);
    if (orig === undefined) {
      orig = new Map();
      this.originalStorage.set(address, orig);
    }
    if (!orig.has(slot)) orig.set(slot, prev);
    this.record(JournalKind.Storage, address, slot, prev);
    if (value === 0n) a.storage.delete(slot);
    else a.storage.set(slot, value);
  }

  /** Writes EIP-1153 transient storage. */
  setTransient(address: bigint, slot: bigint, value: bigint): void {
    let t = this.transient.get(address);
    if (t === undefined) {
      t = new Map();
      this.transient.set(address, t);
    }
    this.record(JournalKind.Transient, address, slot, t.get(slot) ?? 0n);
    t.set(slot, value);
  }

  /** Adds an address to the accessed set; returns whether it was already warm. */
  warmAddress(address: bigint): boolean {
    if (this.warmAddresses.has(address)) return true;
    this.warmAddresses.add(address);
    this.record(JournalKind.WarmAddress, address);
    return false;
  }

  /** Adds a storage key to the accessed set; returns whether it was already warm. */
  warmSlot(address: bigint, slot: bigint): boolean {
    let s = this.warmSlots.get(address);
    if (s === undefined) {
      s = new Set();
      this.warmSlots.set(address, s);
    }
    if (s.has(slot)) return true;
    s.add(slot);
    this.record(JournalKind.WarmSlot, address, slot);
    return false;
  }

  /** Adds (or with a negative delta, removes) refund. */
  addRefund(delta: number): void {
    this.record(JournalKind.Refund, 0n, 0n, BigInt(this.refund));
    this.refund += delta;
  }

  /** Appends a log. */
  addLog(log: Log): void {
    this.logs.push(log);
    this.record(JournalKind.Log, log.address);
  }

  /** Schedules the account for deletion at the end of the transaction. */
  markSelfDestructed(address: bigint): void {
    if (this.selfDestructed.has(address)) return;
    this.selfDestructed.add(address);
    this.record(JournalKind.SelfDestruct, address);
  }

  /** Records that the account was created in this transaction (EIP-6780). */
  markCreated(address: bigint): void {
    if (this.createdInTx.has(address)) return;
    this.createdInTx.add(address);
    this.record(JournalKind.Created, address);
  }

  // ---- transaction boundaries ----

  /** Resets the per-transaction bookkeeping before a transaction starts. */
  beginTransaction(): void {
    this.journal = [];
    this.originalStorage.clear();
    this.transient.clear();
    this.warmAddresses.clear();
    this.warmSlots.clear();
    this.touched.clear();
    this.touchedPermanently.clear();
    this.selfDestructed.clear();
    this.createdInTx.clear();
    this.logs = [];
    this.refund = 0;
  }

  /**
   * Ends a transaction: deletes self-destructed accounts, then touched accounts that are empty
   * (EIP-161), and clears the per-transaction sets (transient storage is per transaction, EIP-1153).
   */
  finalizeTransaction(): void {
    for (const address of this.selfDestructed) this.accounts.delete(address);
    for (const address of this.touched) {
      const a = this.accounts.get(address);
      if (a !== undefined && a.isEmpty()) this.accounts.delete(address);
    }
    for (const address of this.touchedPermanently) {
      const a = this.accounts.get(address);
      if (a !== undefined && a.isEmpty()) this.accounts.delete(address);
    }
    const logs = this.logs;
    this.beginTransaction();
    this.logs = logs;
  }
}

const EMPTY = new Uint8Array(0);
