/**
 * TEST ONLY: runs small programs as the code of a called contract in a real transaction, for the
 * frame module's tests (statement building, extraction, proving, the CLI fixtures).
 */
import { hexToBytes, testBlock } from '../../evm/testing.ts';
import { signTransaction } from '../../evm/transaction/sign.ts';
import type { AccountData, BlockEnv, Transaction } from '../../evm/types.ts';
import { executeForWitness, type ExecutedFrame } from './select.ts';

/** Secret key of the test sender. */
export const TEST_KEY = new Uint8Array(32).fill(0x11);
/** Address of the contract under test. */
export const TEST_CONTRACT = 0x1000n;
/** The block every test transaction runs in. */
export const TEST_BLOCK: BlockEnv = testBlock();

/** Options of {@link testTransaction}. */
export interface TestTxOptions {
  readonly to?: bigint | null;
  readonly nonce?: bigint;
  readonly value?: bigint;
  readonly data?: Uint8Array;
  readonly gasLimit?: bigint;
}

/** A signed EIP-1559 transaction from the test sender. */
export function testTransaction(o: TestTxOptions = {}): Transaction {
  return signTransaction(
    {
      type: 2,
      chainId: 1n,
      nonce: o.nonce ?? 0n,
      gasPrice: 10n,
      maxFeePerGas: 10n,
      maxPriorityFeePerGas: 1n,
      gasLimit: o.gasLimit ?? 200_000n,
      to: o.to === undefined ? TEST_CONTRACT : o.to,
      value: o.value ?? 0n,
      data: o.data ?? new Uint8Array(),
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
    },
    TEST_KEY,
  ).tx;
}

/** The test sender's address. */
export const TEST_SENDER = testTransaction().sender;

/** Pre state: a funded sender and the contract with `code` (hex) and `storage`. */
export function testPre(code: string, storage: [bigint, bigint][] = []): Map<bigint, AccountData> {
  return new Map([
    [TEST_SENDER, { nonce: 0n, balance: 10n ** 18n, code: new Uint8Array(), storage: new Map() }],
    [TEST_CONTRACT, { nonce: 1n, balance: 0n, code: hexToBytes(code), storage: new Map(storage) }],
  ]);
}

/** Executes `code` as the called contract; throws if the transaction is invalid. */
export function runTestFrame(code: string, storage: [bigint, bigint][] = [], tx: TestTxOptions = {}): ExecutedFrame {
  const run = executeForWitness(testPre(code, storage), TEST_BLOCK, testTransaction(tx));
  if (run === undefined) throw new Error('test transaction is invalid');
  return run;
}
