import { describe, expect, it } from 'vitest';
import { createAddress } from './interpreter.ts';
import { MemoryLimitError } from './memory.ts';
import { WorldState } from './state/world-state.ts';
import { hexToBytes, testBlock } from './testing.ts';
import { effectiveGasPrice, executeTransaction } from './transaction-processor.ts';
import type { AccountData, Transaction } from './types.ts';

const SENDER = 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn;
const COINBASE = 0xc0ffeen;
const EMPTY = new Uint8Array(0);

function account(balance: bigint, code: Uint8Array = EMPTY, nonce = 0n): AccountData {
  return { nonce, balance, code, storage: new Map() };
}

function tx(overrides: Partial<Transaction>): Transaction {
  return {
    type: 2, chainId: 1n, nonce: 0n, gasPrice: 20n, maxFeePerGas: 20n, maxPriorityFeePerGas: 2n, gasLimit: 100_000n,
    to: 0x1000n, value: 0n, data: EMPTY, accessList: [], maxFeePerBlobGas: 0n, blobVersionedHashes: [], v: 0n, r: 1n, s: 1n,
    sender: SENDER, hash: new Uint8Array(32), ...overrides,
  };
}

function stateWith(entries: [bigint, AccountData][]): WorldState {
  return WorldState.fromAccounts(new Map(entries));
}

const block = testBlock({ baseFee: 10n, coinbase: COINBASE });

describe('executeTransaction', () => {
  it('plain transfer: 21000 gas, priority fee to coinbase, base fee burnt', () => {
    const state = stateWith([[SENDER, account(10n ** 18n)]]);
    const out = executeTransaction(state, block, tx({ value: 5n }));
    expect(out).toMatchObject({ kind: 'executed', status: 'success', gasUsed: 21000n });
    expect(state.getBalance(0x1000n)).toBe(5n);
    // effective price = min(20, 10 + 2) = 12
    expect(state.getBalance(SENDER)).toBe(10n ** 18n - 5n - 21000n * 12n);
    expect(state.getBalance(COINBASE)).toBe(21000n * 2n);
    expect(state.getNonce(SENDER)).toBe(1n);
  });

  it('effective gas price per EIP-1559', () => {
    expect(effectiveGasPrice(tx({ maxFeePerGas: 11n, maxPriorityFeePerGas: 5n }), 10n)).toBe(11n);
    expect(effectiveGasPrice(tx({ maxFeePerGas: 100n, maxPriorityFeePerGas: 5n }), 10n)).toBe(15n);
  });

  it('rejects by state: nonce, EOA, fee cap, funds, block gas limit; state unchanged', () => {
    const code = hexToBytes('00');
    const cases: [Partial<Transaction>, [bigint, AccountData][], string][] = [
      [{ nonce: 1n }, [[SENDER, account(10n ** 18n)]], 'NONCE_MISMATCH_TOO_HIGH'],
      [{ nonce: 0n }, [[SENDER, account(10n ** 18n, EMPTY, 3n)]], 'NONCE_MISMATCH_TOO_LOW'],
      [{}, [[SENDER, account(10n ** 18n, code)]], 'SENDER_NOT_EOA'],
      [{ maxFeePerGas: 9n, maxPriorityFeePerGas: 0n }, [[SENDER, account(10n ** 18n)]], 'INSUFFICIENT_MAX_FEE_PER_GAS'],
      [{ value: 10n ** 18n }, [[SENDER, account(10n ** 18n)]], 'INSUFFICIENT_ACCOUNT_FUNDS'],
      [{ gasLimit: 40_000_000n }, [[SENDER, account(10n ** 18n)]], 'GAS_ALLOWANCE_EXCEEDED'],
      [{ gasLimit: 20_000n }, [[SENDER, account(10n ** 18n)]], 'INTRINSIC_GAS_TOO_LOW'],
    ];
    for (const [fields, accounts, code] of cases) {
      const state = stateWith(accounts);
      const before = state.toAccounts();
      const out = executeTransaction(state, block, tx(fields));
      expect(out.kind === 'invalid' ? out.error.code : 'executed').toBe(code);
      expect(state.toAccounts()).toEqual(before);
    }
  });

  it('blob transaction: fee cap check and the blob fee is burnt', () => {
    const hash = new Uint8Array(32);
    hash[0] = 1;
    const blobTx = tx({ type: 3, maxFeePerBlobGas: 1n, blobVersionedHashes: [hash] });
    const low = stateWith([[SENDER, account(10n ** 18n)]]);
    const rejected = executeTransaction(low, testBlock({ baseFee: 10n, excessBlobGas: 10_000_000n }), blobTx);
    expect(rejected.kind === 'invalid' && rejected.error.code).toBe('INSUFFICIENT_MAX_FEE_PER_BLOB_GAS');
    const state = stateWith([[SENDER, account(10n ** 18n)]]);
    executeTransaction(state, block, blobTx);
    // blob base fee 1 at zero excess: 131072 blob gas burnt on top of execution
    expect(state.getBalance(SENDER)).toBe(10n ** 18n - 21000n * 12n - 131072n);
  });

  it('creation transaction deploys code at keccak(rlp(sender, nonce))', () => {
    const state = stateWith([[SENDER, account(10n ** 18n)]]);
    // init: MSTORE8(0, 0xfe)... return 1 byte 0x5b
    const out = executeTransaction(state, block, tx({ to: null, data: hexToBytes('605b60005360016000f3') }));
    const address = createAddress(SENDER, 0n);
    expect(out).toMatchObject({ kind: 'executed', status: 'success', createdAddress: address });
    expect(state.getCode(address)).toEqual(hexToBytes('5b'));
    expect(state.getNonce(address)).toBe(1n);
    // 53000 + calldata (8 non-zero * 16 + 2 zero * 4) + 1 initcode word * 2 + execution (4 PUSH1, MSTORE8 + 1 word) + 200 deposit
    expect(out.kind === 'executed' && out.gasUsed).toBe(53000n + 136n + 2n + 18n + 200n);
  });

  it('refund is capped at a fifth of the gas used (EIP-3529)', () => {
    const contract = 0x1000n;
    // SSTORE(0, 0) and SSTORE(1, 0) on slots holding 1: 2 * (2100 + 2900), refund 2 * 4800 > used / 5
    const code = hexToBytes('60006000556000600155');
    const state = WorldState.fromAccounts(
      new Map([
        [SENDER, account(10n ** 18n)],
        [contract, { nonce: 1n, balance: 0n, code, storage: new Map([[0n, 1n], [1n, 1n]]) }],
      ]),
    );
    const out = executeTransaction(state, block, tx({}));
    const used = 21000n + 12n + 10000n;
    expect(out.kind === 'executed' && out.gasUsed).toBe(used - used / 5n);
  });

  it('a failing top frame consumes all gas and keeps only fees and nonce', () => {
    const state = stateWith([[SENDER, account(10n ** 18n)], [0x1000n, account(0n, hexToBytes('fe'), 1n)]]);
    const out = executeTransaction(state, block, tx({ value: 7n }));
    expect(out).toMatchObject({ kind: 'executed', status: 'halt', gasUsed: 100_000n });
    expect(state.getBalance(0x1000n)).toBe(0n);
    expect(state.getNonce(SENDER)).toBe(1n);
  });

  it('deletes touched empty accounts (EIP-161)', () => {
    const empty = 0x2000n;
    const state = stateWith([[SENDER, account(10n ** 18n)], [empty, account(0n)]]);
    executeTransaction(state, block, tx({ to: empty }));
    expect(state.exists(empty)).toBe(false);
  });

  it('an affordable but unallocatable memory expansion throws MemoryLimitError and leaves the state unchanged', () => {
    // MSTORE at offset 2^31 with 2^50 gas: the expansion costs about 2^43 gas, so it is affordable.
    const state = stateWith([[SENDER, account(10n ** 18n)], [0x1000n, account(0n, hexToBytes('60016380000000' + '52'), 1n)]]);
    const before = state.toAccounts();
    const bigBlock = testBlock({ baseFee: 0n, gasLimit: 1n << 60n });
    expect(() => executeTransaction(state, bigBlock, tx({ gasLimit: 1n << 50n, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }))).toThrow(MemoryLimitError);
    expect(state.toAccounts()).toEqual(before);
  });

  it('warms the coinbase (EIP-3651)', () => {
    // BALANCE(COINBASE) costs 100, not 2600
    const state = stateWith([[SENDER, account(10n ** 18n)], [0x1000n, account(0n, hexToBytes('4131'), 1n)]]);
    const out = executeTransaction(state, block, tx({}));
    expect(out.kind === 'executed' && out.gasUsed).toBe(21000n + 2n + 100n);
  });
});
