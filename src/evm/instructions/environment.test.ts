import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { Halt } from '../halt.ts';
import { CALLER_ADDRESS, CODE_ADDRESS, hexToBytes, runBytecode } from '../testing.ts';
import type { AccountData } from '../types.ts';
import { EMPTY_CODE_HASH, bytesToBigInt } from '../words.ts';

const account = (code: string, balance = 0n): AccountData => ({ nonce: 1n, balance, code: hexToBytes(code), storage: new Map() });

describe('environment', () => {
  it('ADDRESS, CALLER, CALLVALUE, ORIGIN, GASPRICE, CODESIZE', () => {
    const r = runBytecode(hexToBytes('303334323a38'), { value: 5n });
    expect(r.stack).toEqual([CODE_ADDRESS, CALLER_ADDRESS, 5n, CALLER_ADDRESS, 10n, 6n]);
  });

  it('CALLDATALOAD pads with zeros; CALLDATASIZE; CALLDATACOPY', () => {
    const input = hexToBytes('0102');
    const r = runBytecode(hexToBytes('600035' + '600135' + '602035' + '36' + '6004' + '6001' + '6000' + '37' + '600051'), { input });
    expect(r.stack).toEqual([0x0102n << 240n, 0x02n << 248n, 0n, 2n, 0x02n << 248n]);
  });

  it('CALLDATACOPY gas: 3 + 3 per word + memory', () => {
    // PUSH1 33, PUSH1 0, PUSH1 0, CALLDATACOPY: 9 + 3 + 2 words copy (6) + 2 words memory (6)
    expect(runBytecode(hexToBytes('602160006000' + '37')).gasUsed).toBe(9n + 3n + 6n + 6n);
  });

  it('CODECOPY copies code with zero fill', () => {
    const r = runBytecode(hexToBytes('6008600060003960005100'));
    expect(r.stack[0]).toBe(0x6008600060003960n << 192n);
  });

  it('BALANCE and EXTCODE* charge 2600 cold, 100 warm', () => {
    const other = 0x2000n;
    const accounts = new Map([[other, account('6001', 77n)]]);
    // PUSH2 0x2000 BALANCE PUSH2 0x2000 BALANCE
    const r = runBytecode(hexToBytes('61200031' + '61200031'), { accounts });
    expect(r.stack).toEqual([77n, 77n]);
    expect(r.gasUsed).toBe(6n + 2600n + 100n);
    const s = runBytecode(hexToBytes('6120003b' + '6120003b'), { accounts });
    expect(s.stack).toEqual([2n, 2n]);
    expect(s.gasUsed).toBe(6n + 2600n + 100n);
  });

  it('EXTCODEHASH: 0 for missing or empty accounts, keccak of code otherwise', () => {
    const accounts = new Map<bigint, AccountData>([
      [0x2000n, account('6001')],
      [0x2001n, { nonce: 0n, balance: 0n, code: new Uint8Array(0), storage: new Map() }],
      [0x2002n, { nonce: 0n, balance: 1n, code: new Uint8Array(0), storage: new Map() }],
    ]);
    const r = runBytecode(hexToBytes('6120003f' + '6120013f' + '6120023f' + '6120033f'), { accounts });
    expect(r.stack[0]).toBe(bytesToBigInt(keccak_256(hexToBytes('6001'))));
    expect(r.stack.slice(1)).toEqual([0n, bytesToBigInt(EMPTY_CODE_HASH), 0n]);
  });

  it('RETURNDATACOPY past the buffer halts (EIP-211)', () => {
    expect(runBytecode(hexToBytes('600160006000' + '3e')).halt).toBe(Halt.ReturnDataOutOfBounds);
    expect(runBytecode(hexToBytes('600060006000' + '3e')).halt).toBe(Halt.Stop);
  });
});
