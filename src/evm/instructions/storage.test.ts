import { describe, expect, it } from 'vitest';
import { Halt } from '../halt.ts';
import { CODE_ADDRESS, hexToBytes, runBytecode } from '../testing.ts';
import type { AccountData } from '../types.ts';

/** Runs code at CODE_ADDRESS whose slot 0 initially holds `original`. */
function runWithSlot(hex: string, original: bigint, gas?: bigint) {
  const accounts = new Map<bigint, AccountData>();
  const code = hexToBytes(hex);
  accounts.set(CODE_ADDRESS, { nonce: 1n, balance: 0n, code, storage: new Map([[0n, original]]) });
  return runBytecode(code, gas === undefined ? { accounts } : { accounts, gas });
}

/** PUSH1 v, PUSH1 0, SSTORE for each value. */
const stores = (...values: number[]): string => values.map((v) => `60${v.toString(16).padStart(2, '0')}600055`).join('');

describe('SSTORE (EIP-2200 / EIP-2929 / EIP-3529)', () => {
  it('0 -> 1 on a cold clean slot: 2100 + 20000', () => {
    const r = runWithSlot(stores(1), 0n);
    expect(r.gasUsed).toBe(6n + 2100n + 20000n);
    expect(r.state.refund).toBe(0);
    expect(r.state.getStorage(CODE_ADDRESS, 0n)).toBe(1n);
  });

  it('0 -> 1 -> 0 refunds 19900', () => {
    const r = runWithSlot(stores(1, 0), 0n);
    expect(r.gasUsed).toBe(12n + 2100n + 20000n + 100n);
    expect(r.state.refund).toBe(19900);
  });

  it('1 -> 0 costs 2900 and refunds 4800', () => {
    const r = runWithSlot(stores(0), 1n);
    expect(r.gasUsed).toBe(6n + 2100n + 2900n);
    expect(r.state.refund).toBe(4800);
  });

  it('1 -> 0 -> 1 refunds 2800 net', () => {
    const r = runWithSlot(stores(0, 1), 1n);
    expect(r.gasUsed).toBe(12n + 2100n + 2900n + 100n);
    expect(r.state.refund).toBe(2800);
  });

  it('1 -> 2 -> 0 refunds 4800', () => {
    const r = runWithSlot(stores(2, 0), 1n);
    expect(r.gasUsed).toBe(12n + 2100n + 2900n + 100n);
    expect(r.state.refund).toBe(4800);
  });

  it('no-op store costs a warm read', () => {
    const r = runWithSlot(stores(1, 1), 1n);
    expect(r.gasUsed).toBe(12n + 2100n + 100n + 100n);
    expect(r.state.refund).toBe(0);
  });

  it('sentry: fails with 2300 gas or less left', () => {
    // two PUSH1 = 6 gas, leaving exactly 2300
    const r = runWithSlot(stores(1), 0n, 2306n);
    expect(r.halt).toBe(Halt.OutOfGas);
    expect(r.gasUsed).toBe(2306n);
  });

  it('is forbidden in a static context', () => {
    const r = runBytecode(hexToBytes(stores(1)), { isStatic: true });
    expect(r.halt).toBe(Halt.WriteProtection);
  });
});

describe('SLOAD', () => {
  it('cold 2100 then warm 100', () => {
    const r = runWithSlot('600054600054', 7n);
    expect(r.stack).toEqual([7n, 7n]);
    expect(r.gasUsed).toBe(6n + 2100n + 100n);
  });
});

describe('TLOAD / TSTORE (EIP-1153)', () => {
  it('store then load, 100 gas each', () => {
    // PUSH1 42 PUSH1 1 TSTORE PUSH1 1 TLOAD
    const r = runBytecode(hexToBytes('602a60015d60015c'));
    expect(r.stack).toEqual([42n]);
    expect(r.gasUsed).toBe(9n + 200n);
    expect(r.state.getTransient(CODE_ADDRESS, 1n)).toBe(42n);
    expect(r.state.getStorage(CODE_ADDRESS, 1n)).toBe(0n);
  });

  it('TSTORE is forbidden in a static context, TLOAD is not', () => {
    expect(runBytecode(hexToBytes('602a60015d'), { isStatic: true }).halt).toBe(Halt.WriteProtection);
    expect(runBytecode(hexToBytes('60015c'), { isStatic: true }).halt).toBe(Halt.Stop);
  });
});
