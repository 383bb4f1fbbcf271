import { describe, expect, it } from 'vitest';
import { signTransaction } from '../transaction/sign.ts';
import { intrinsicGas } from '../transaction/intrinsic-gas.ts';
import type { AccountData, BlockEnv, Transaction } from '../types.ts';
import { generateCase } from './case-generator.ts';
import { blobBaseFee, EthereumjsOracle, fakeExponential, oracleIntrinsicGas } from './ethereumjs-oracle.ts';

const KEY = new Uint8Array(32).fill(0x11);
const CONTRACT = 0xc0den;
const EMPTY_EOA = 0xe0an;
const COINBASE = 0xc014ba5en;
const BLOCK: BlockEnv = {
  number: 10n, timestamp: 1000n, coinbase: COINBASE, gasLimit: 30_000_000n, baseFee: 7n,
  prevRandao: 0n, excessBlobGas: 0n, chainId: 1n, blockHash: () => undefined,
};

function account(code: number[], storage: [bigint, bigint][] = [], balance = 0n): AccountData {
  return { nonce: 1n, balance, code: Uint8Array.from(code), storage: new Map(storage) };
}

function legacyTx(to: bigint): Transaction {
  return signTransaction({
    type: 0, chainId: 1n, nonce: 0n, gasPrice: 10n, maxFeePerGas: 10n, maxPriorityFeePerGas: 10n,
    gasLimit: 100_000n, to, value: 0n, data: new Uint8Array(0), accessList: [],
    maxFeePerBlobGas: 0n, blobVersionedHashes: [],
  }, KEY).tx;
}

async function run(pre: Map<bigint, AccountData>, tx: Transaction) {
  pre.set(tx.sender, { nonce: 0n, balance: 10n ** 18n, code: new Uint8Array(0), storage: new Map() });
  const oracle = await EthereumjsOracle.create(pre);
  return { oracle, record: await oracle.runTransaction(BLOCK, tx, { trace: true }) };
}

describe('EIP-4844 blob fee helpers', () => {
  it('fake_exponential approximates factor * e^(n/d) from below', () => {
    expect(fakeExponential(1n, 0n, 3_338_477n)).toBe(1n);
    expect(fakeExponential(1000n, 3_338_477n, 3_338_477n)).toBe(2718n);
    expect(blobBaseFee(0n)).toBe(1n);
  });
});

describe('oracleIntrinsicGas', () => {
  it('agrees with the transaction module on generated transactions', () => {
    for (let i = 0; i < 100; i++) {
      const { tx } = generateCase(77, i);
      expect(oracleIntrinsicGas(tx)).toBe(intrinsicGas(tx));
    }
  });
});

describe('EthereumjsOracle', () => {
  it('charges a fresh SSTORE 22100 (EIP-2929 cold + EIP-2200 set) and pays the priority fee', async () => {
    // PUSH1 1, PUSH0, SSTORE, STOP
    const tx = legacyTx(CONTRACT);
    const { oracle, record } = await run(new Map([[CONTRACT, account([0x60, 0x01, 0x5f, 0x55, 0x00])]]), tx);
    expect(record.status).toBe('success');
    expect(record.gasUsed).toBe(21_000n + 3n + 2n + 22_100n);
    expect(record.steps.map((s) => [s.pc, s.op, s.gas, s.gasCost, s.depth])).toEqual([
      [0, 0x60, 79_000n, 3n, 1],
      [2, 0x5f, 78_997n, 2n, 1],
      [3, 0x55, 78_995n, 22_100n, 1],
      [4, 0x00, 56_895n, 0n, 1],
    ]);
    expect((await oracle.readAccount(CONTRACT, [0n]))?.storage.get(0n)).toBe(1n);
    const sender = await oracle.readAccount(tx.sender, []);
    expect(sender?.nonce).toBe(1n);
    expect(sender?.balance).toBe(10n ** 18n - record.gasUsed * 10n);
    expect((await oracle.readAccount(COINBASE, []))?.balance).toBe(record.gasUsed * 3n);
  });

  it('applies the EIP-3529 refund for clearing a slot, capped at gasUsed / 5', async () => {
    // PUSH0, PUSH0, SSTORE: slot 0 from 1 to 0 costs 2100 + 2900 and refunds 4800.
    const { oracle, record } = await run(new Map([[CONTRACT, account([0x5f, 0x5f, 0x55], [[0n, 1n]])]]), legacyTx(CONTRACT));
    expect(record.steps.at(-1)?.refund).toBe(4800n);
    expect(record.gasUsed).toBe(21_000n + 2n + 2n + 5_000n - 4_800n);
    expect((await oracle.readAccount(CONTRACT, [0n]))?.storage.size).toBe(0);
  });

  it('deletes a touched empty account (EIP-161) and reports reverts', async () => {
    const { oracle, record } = await run(new Map([[EMPTY_EOA, { nonce: 0n, balance: 0n, code: new Uint8Array(0), storage: new Map() }]]), legacyTx(EMPTY_EOA));
    expect(record.status).toBe('success');
    expect(record.gasUsed).toBe(21_000n);
    expect(await oracle.readAccount(EMPTY_EOA, [])).toBeUndefined();

    // PUSH1 0x20, PUSH0, REVERT
    const reverted = await run(new Map([[CONTRACT, account([0x60, 0x20, 0x5f, 0xfd])]]), legacyTx(CONTRACT));
    expect(reverted.record.status).toBe('revert');
    expect(reverted.record.output).toEqual(new Uint8Array(32));
  });

  it('answers BLOCKHASH from the BlockEnv', async () => {
    // PUSH1 9, BLOCKHASH, PUSH0, SSTORE
    const block = { ...BLOCK, blockHash: (n: bigint) => (n === 9n ? 0xabcn : undefined) };
    const tx = legacyTx(CONTRACT);
    const pre = new Map([[CONTRACT, account([0x60, 0x09, 0x40, 0x5f, 0x55])]]);
    pre.set(tx.sender, { nonce: 0n, balance: 10n ** 18n, code: new Uint8Array(0), storage: new Map() });
    const oracle = await EthereumjsOracle.create(pre);
    await oracle.runTransaction(block, tx, { trace: false });
    expect((await oracle.readAccount(CONTRACT, [0n]))?.storage.get(0n)).toBe(0xabcn);
  });
});
