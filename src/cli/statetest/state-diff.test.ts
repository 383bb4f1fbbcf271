import { describe, expect, it } from 'vitest';
import type { AccountData } from '../../evm/types.ts';
import { describeStateChanges } from './state-diff.ts';

const acct = (nonce: bigint, balance: bigint, slots: [bigint, bigint][] = [], code = new Uint8Array(0)): AccountData => ({
  nonce,
  balance,
  code,
  storage: new Map(slots),
});

describe('describeStateChanges', () => {
  it('lists created, deleted and modified accounts in address order', () => {
    const pre = new Map([
      [0xaan, acct(0n, 100n, [[1n, 5n]])],
      [0xbbn, acct(1n, 0n)],
    ]);
    const post = new Map([
      [0xaan, acct(1n, 90n, [[1n, 0n], [2n, 7n]])],
      [0xccn, acct(1n, 0n, [[9n, 1n]], Uint8Array.of(0x00))],
    ]);
    expect(describeStateChanges(pre, post)).toEqual([
      '0x00000000000000000000000000000000000000aa nonce 0x0 -> 0x1',
      '0x00000000000000000000000000000000000000aa balance 0x64 -> 0x5a (-10)',
      '0x00000000000000000000000000000000000000aa storage[0x1] 0x5 -> 0x0',
      '0x00000000000000000000000000000000000000aa storage[0x2] 0x0 -> 0x7',
      '0x00000000000000000000000000000000000000bb deleted',
      '0x00000000000000000000000000000000000000cc created: nonce 0x1, balance 0x0, code 1 bytes, 1 slots',
      '0x00000000000000000000000000000000000000cc storage[0x9] 0x0 -> 0x1',
    ]);
  });

  it('returns nothing for identical states and truncates long lists', () => {
    const pre = new Map([[1n, acct(0n, 1n)]]);
    expect(describeStateChanges(pre, new Map([[1n, acct(0n, 1n, [[3n, 0n]])]]))).toEqual([]);
    const many = new Map<bigint, AccountData>();
    for (let i = 0n; i < 10n; i++) many.set(i, acct(0n, 1n));
    const lines = describeStateChanges(new Map(), many, 4);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('... 6 more');
  });
});
