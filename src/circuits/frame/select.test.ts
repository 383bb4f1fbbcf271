import { describe, expect, it } from 'vitest';
import { hexToBytes, testBlock } from '../../evm/testing.ts';
import { signTransaction } from '../../evm/transaction/sign.ts';
import type { AccountData, Transaction } from '../../evm/types.ts';
import { opcodeReason, selectCase, type FrameCoverage } from './select.ts';

const KEY = new Uint8Array(32).fill(0x11);
const CONTRACT = 0x1000n;
const block = testBlock();

function tx(to: bigint | null, nonce = 0n, data = new Uint8Array()): Transaction {
  return signTransaction(
    {
      type: 2,
      chainId: 1n,
      nonce,
      gasPrice: 10n,
      maxFeePerGas: 10n,
      maxPriorityFeePerGas: 1n,
      gasLimit: 200_000n,
      to,
      value: 0n,
      data,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
    },
    KEY,
  ).tx;
}

const SENDER = tx(null).sender;

function pre(code: string): Map<bigint, AccountData> {
  return new Map([
    [SENDER, { nonce: 0n, balance: 10n ** 18n, code: new Uint8Array(), storage: new Map() }],
    [CONTRACT, { nonce: 1n, balance: 0n, code: hexToBytes(code), storage: new Map() }],
  ]);
}

const all: FrameCoverage = { isProven: () => true, missing: undefined };
const allBut = (...ops: number[]): FrameCoverage => ({ isProven: (op) => !ops.includes(op), missing: undefined });

describe('frame case selection', () => {
  it('refuses creations and direct precompile calls before executing', () => {
    expect(selectCase(pre('00'), block, tx(null), all)).toMatchObject({ eligible: false, reason: 'create transaction', run: undefined });
    expect(selectCase(pre('00'), block, tx(2n), all)).toMatchObject({ eligible: false, reason: 'precompile call' });
  });

  it('reports invalid transactions', () => {
    expect(selectCase(pre('00'), block, tx(CONTRACT, 5n), all)).toMatchObject({ eligible: false, reason: 'invalid transaction' });
  });

  it('takes a single-frame call whose opcodes are all proven', () => {
    const s = selectCase(pre('6003600401600055'), block, tx(CONTRACT), all);
    expect(s.eligible).toBe(true);
    expect(s.run!.trace.stepCount).toBe(6); // five instructions and the implicit STOP past the end
    expect(s.run!.outcome.status).toBe('success');
    expect(s.run!.post.get(CONTRACT)!.storage.get(0n)).toBe(7n);
  });

  it('names the first unproven opcode', () => {
    // PUSH1 3 PUSH1 4 SDIV PUSH1 0 SMOD
    const code = '60036004056000070000';
    expect(selectCase(pre(code), block, tx(CONTRACT), allBut(0x05, 0x07))).toMatchObject({ eligible: false, reason: 'opcode SDIV' });
    expect(selectCase(pre(code), block, tx(CONTRACT), allBut(0x07))).toMatchObject({ eligible: false, reason: 'opcode SMOD' });
    expect(selectCase(pre('0c'), block, tx(CONTRACT), allBut(0x0c))).toMatchObject({ reason: 'undefined opcode 0x0c' });
    expect(opcodeReason(0xf1)).toBe('opcode CALL');
  });

  it('tells a call to a precompile from another call', () => {
    // PUSH1 0 ×5 (retSize, retOffset, argsSize, argsOffset, value), PUSH20 to, PUSH2 gas, CALL, STOP.
    const callPre = (to: string): Map<bigint, AccountData> => pre(`6000600060006000600073${to}61fffff100`);
    const coverage = allBut(0xf1);
    const eoa = 'ab'.repeat(20);
    const sha256 = '00'.repeat(19) + '02';
    expect(selectCase(callPre(eoa), block, tx(CONTRACT), coverage)).toMatchObject({ eligible: false, reason: 'opcode CALL' });
    expect(selectCase(callPre(sha256), block, tx(CONTRACT), coverage)).toMatchObject({ eligible: false, reason: 'precompile call' });
    // With every opcode "proven", the child frame itself is still out of part 1.
    expect(selectCase(pre(`6000600060006000600073${CONTRACT.toString(16).padStart(40, '0')}61fffff100`), block, tx(CONTRACT), all)).toMatchObject({
      eligible: false,
      reason: 'nested frame',
    });
  });

  it('is unsupported while a needed table is missing', () => {
    const coverage: FrameCoverage = { isProven: () => true, missing: 'no cpu table' };
    expect(selectCase(pre('00'), block, tx(CONTRACT), coverage)).toMatchObject({ eligible: false, reason: 'no cpu table' });
  });
});
