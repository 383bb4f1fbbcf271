/**
 * The demo's sample batch: a genesis state and a few signed transactions covering the
 * transaction types and the kinds of activity a rollup sees: ETH transfers, a contract
 * deployment and calls that write storage and emit logs.
 *
 * The contract is hand-assembled so the demo needs no compiler at run time. Its runtime code
 * increments storage slot 0, emits LOG1(topic = new value) with the value as data, and returns it:
 *   PUSH0 SLOAD PUSH1 1 ADD DUP1 PUSH0 SSTORE DUP1 PUSH0 MSTORE
 *   PUSH1 32 PUSH0 LOG1 PUSH1 32 PUSH0 RETURN
 */
import { signTransaction } from '../../evm/transaction/sign.ts';
import { privateKeyToAddress } from '../../evm/transaction/signature.ts';
import type { AccountData, BlockEnv, Transaction } from '../../evm/types.ts';
import { keccak_256 } from '@noble/hashes/sha3.js';

const COUNTER_RUNTIME = Uint8Array.from([
  0x5f, 0x54, 0x60, 0x01, 0x01, 0x80, 0x5f, 0x55, 0x80, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xa1, 0x60, 0x20, 0x5f, 0xf3,
]);

/** Initcode: CODECOPY the runtime (which follows these 10 bytes) to memory 0 and RETURN it. */
const COUNTER_INITCODE = Uint8Array.from([
  0x60, COUNTER_RUNTIME.length, 0x60, 0x0a, 0x5f, 0x39, 0x60, COUNTER_RUNTIME.length, 0x5f, 0xf3, ...COUNTER_RUNTIME,
]);

const ETHER = 10n ** 18n;
const GWEI = 10n ** 9n;
const CHAIN_ID = 1n;

/** A deterministic demo key: keccak256 of a label (never use such keys for real funds). */
function demoKey(label: string): Uint8Array {
  return keccak_256(new TextEncoder().encode(`zkevm demo key: ${label}`));
}

/** One transaction of the batch, with a human-readable label. */
export interface SampleTransaction {
  label: string;
  tx: Transaction;
  raw: Uint8Array;
}

/** Genesis, block and transactions of the demo batch. */
export interface SampleBatch {
  genesis: Map<bigint, AccountData>;
  block: BlockEnv;
  transactions: SampleTransaction[];
  /** Named accounts, for printing. */
  names: Map<bigint, string>;
}

/** The address CREATE gives to `sender` at `nonce` (only nonces below 0x80 are used here). */
function createAddressForSmallNonce(sender: bigint, nonce: number): bigint {
  // rlp([sender(20 bytes), nonce]) = 0xd6 0x94 <sender> <nonce byte or 0x80 for zero>
  const encoded = new Uint8Array(23);
  encoded[0] = 0xd6;
  encoded[1] = 0x94;
  for (let i = 0; i < 20; i++) encoded[2 + i] = Number((sender >> BigInt(8 * (19 - i))) & 0xffn);
  encoded[22] = nonce === 0 ? 0x80 : nonce;
  const hash = keccak_256(encoded);
  let address = 0n;
  for (let i = 12; i < 32; i++) address = (address << 8n) | BigInt(hash[i]!);
  return address;
}

/** Builds the demo batch. Deterministic: the same keys, signatures and hashes every run. */
export function sampleBatch(): SampleBatch {
  const aliceKey = demoKey('alice');
  const bobKey = demoKey('bob');
  const alice = privateKeyToAddress(aliceKey);
  const bob = privateKeyToAddress(bobKey);
  const carol = privateKeyToAddress(demoKey('carol'));
  const counter = createAddressForSmallNonce(alice, 1);
  const coinbase = 0xc0ffee0000000000000000000000000000000000n;

  const genesis = new Map<bigint, AccountData>([
    [alice, { nonce: 0n, balance: 100n * ETHER, code: new Uint8Array(), storage: new Map() }],
    [bob, { nonce: 0n, balance: 5n * ETHER, code: new Uint8Array(), storage: new Map() }],
  ]);
  const block: BlockEnv = {
    number: 1n,
    timestamp: 1_700_000_000n,
    coinbase,
    gasLimit: 30_000_000n,
    baseFee: 7n,
    prevRandao: 0n,
    excessBlobGas: 0n,
    chainId: CHAIN_ID,
    blockHash: () => undefined,
  };
  const base = {
    chainId: CHAIN_ID,
    gasPrice: 0n,
    maxFeePerGas: 2n * GWEI,
    maxPriorityFeePerGas: GWEI,
    value: 0n,
    data: new Uint8Array(),
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
  };
  const sign = (label: string, fields: Omit<Transaction, 'v' | 'r' | 's' | 'sender' | 'hash'>, key: Uint8Array) => ({
    label,
    ...signTransaction(fields, key),
  });
  const transactions: SampleTransaction[] = [
    sign('transfer 1 ETH alice -> bob (EIP-1559)', { ...base, type: 2, nonce: 0n, gasLimit: 21_000n, to: bob, value: ETHER }, aliceKey),
    sign(
      'deploy counter contract (EIP-1559 create)',
      { ...base, type: 2, nonce: 1n, gasLimit: 200_000n, to: null, data: COUNTER_INITCODE },
      aliceKey,
    ),
    sign('increment counter (EIP-1559 call)', { ...base, type: 2, nonce: 2n, gasLimit: 100_000n, to: counter }, aliceKey),
    sign(
      'transfer 0.25 ETH bob -> carol (legacy, EIP-155)',
      { ...base, type: 0, nonce: 0n, gasPrice: 2n * GWEI, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n, gasLimit: 21_000n, to: carol, value: ETHER / 4n },
      bobKey,
    ),
    sign(
      'increment counter with an access list (EIP-2930)',
      {
        ...base,
        type: 1,
        nonce: 1n,
        gasPrice: 2n * GWEI,
        maxFeePerGas: 0n,
        maxPriorityFeePerGas: 0n,
        gasLimit: 100_000n,
        to: counter,
        accessList: [{ address: counter, storageKeys: [0n] }],
      },
      bobKey,
    ),
  ];
  const names = new Map<bigint, string>([
    [alice, 'alice'],
    [bob, 'bob'],
    [carol, 'carol'],
    [counter, 'counter'],
    [coinbase, 'coinbase'],
  ]);
  return { genesis, block, transactions, names };
}
