import { describe, expect, it } from 'vitest';
import type { AccountData } from '../types.ts';
import { WorldState } from './world-state.ts';

const acct = (balance: bigint, nonce = 0n, code = new Uint8Array(0), storage = new Map<bigint, bigint>()): AccountData => ({ nonce, balance, code, storage });

describe('WorldState', () => {
  it('round-trips accounts and drops zero storage slots', () => {
    const s = WorldState.fromAccounts(new Map([[1n, acct(5n, 1n, new Uint8Array([1]), new Map([[1n, 2n], [3n, 0n]]))]]));
    const out = s.toAccounts().get(1n)!;
    expect(out.balance).toBe(5n);
    expect([...out.storage]).toEqual([[1n, 2n]]);
  });

  it('reverts every kind of change to a checkpoint', () => {
    const s = WorldState.fromAccounts(new Map([[1n, acct(10n)]]));
    s.beginTransaction();
    const cp = s.checkpoint();
    s.addBalance(2n, 7n);
    s.subBalance(1n, 3n);
    s.setNonce(1n, 4n);
    s.setCode(1n, new Uint8Array([0x60]));
    s.setStorage(1n, 9n, 99n);
    s.setTransient(1n, 9n, 5n);
    s.warmAddress(3n);
    s.warmSlot(1n, 9n);
    s.addRefund(4800);
    s.addLog({ address: 1n, topics: [], data: new Uint8Array(0) });
    s.markCreated(2n);
    s.markSelfDestructed(2n);
    s.revertTo(cp);
    expect(s.exists(2n)).toBe(false);
    expect(s.getBalance(1n)).toBe(10n);
    expect(s.getNonce(1n)).toBe(0n);
    expect(s.getCode(1n).length).toBe(0);
    expect(s.getStorage(1n, 9n)).toBe(0n);
    expect(s.getTransient(1n, 9n)).toBe(0n);
    expect(s.isWarmAddress(3n)).toBe(false);
    expect(s.isWarmSlot(1n, 9n)).toBe(false);
    expect(s.refund).toBe(0);
    expect(s.logs.length).toBe(0);
    expect(s.isCreatedInTx(2n)).toBe(false);
    expect(s.isSelfDestructed(2n)).toBe(false);
  });

  it('keeps the transaction-start value as the EIP-2200 original', () => {
    const s = WorldState.fromAccounts(new Map([[1n, acct(0n, 1n, new Uint8Array(0), new Map([[0n, 1n]]))]]));
    s.beginTransaction();
    s.setStorage(1n, 0n, 2n);
    s.setStorage(1n, 0n, 3n);
    expect(s.getOriginalStorage(1n, 0n)).toBe(1n);
    expect(s.getStorage(1n, 0n)).toBe(3n);
    s.finalizeTransaction();
    s.beginTransaction();
    expect(s.getOriginalStorage(1n, 0n)).toBe(3n);
  });

  it('nested checkpoints revert only the inner part', () => {
    const s = WorldState.fromAccounts(new Map([[1n, acct(10n)]]));
    s.beginTransaction();
    s.addBalance(1n, 1n);
    const inner = s.checkpoint();
    s.addBalance(1n, 100n);
    s.revertTo(inner);
    expect(s.getBalance(1n)).toBe(11n);
  });

  it('finalize deletes touched empty accounts (EIP-161) and self-destructed ones (EIP-6780)', () => {
    const s = WorldState.fromAccounts(new Map([[1n, acct(0n)], [2n, acct(0n)], [3n, acct(1n, 1n)], [4n, acct(0n)]]));
    s.beginTransaction();
    s.addBalance(1n, 0n); // touch of an empty account
    s.markSelfDestructed(3n);
    s.finalizeTransaction();
    expect(s.exists(1n)).toBe(false);
    expect(s.exists(2n)).toBe(true); // untouched empty accounts stay
    expect(s.exists(3n)).toBe(false);
  });

  it('a reverted touch does not delete, except for the RIPEMD-160 precompile quirk', () => {
    const s = WorldState.fromAccounts(new Map([[1n, acct(0n)], [3n, acct(0n)]]));
    s.beginTransaction();
    const cp = s.checkpoint();
    s.addBalance(1n, 0n);
    s.addBalance(3n, 0n);
    s.revertTo(cp);
    s.finalizeTransaction();
    expect(s.exists(1n)).toBe(true);
    expect(s.exists(3n)).toBe(false);
  });

  it('transient storage is cleared between transactions (EIP-1153)', () => {
    const s = WorldState.empty();
    s.beginTransaction();
    s.setTransient(1n, 1n, 1n);
    s.finalizeTransaction();
    s.beginTransaction();
    expect(s.getTransient(1n, 1n)).toBe(0n);
  });
});
