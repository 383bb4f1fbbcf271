/**
 * A complete differential fuzz case: pre-state (contracts with generated code and storage,
 * funded EOAs), block environment and one signed transaction, all derived from
 * `(seed, index)` so that any divergence can be replayed exactly.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { signTransaction } from '../transaction/sign.ts';
import type { AccessListEntry, AccountData, BlockEnv, Transaction, TxType } from '../types.ts';
import { generateInitCode, generateProgram, type GeneratorEnv } from './program-generator.ts';
import { Rng } from './random.ts';

/** One generated case. */
export interface FuzzCase {
  seed: number;
  index: number;
  /** Accounts before the transaction. */
  pre: Map<bigint, AccountData>;
  block: BlockEnv;
  /** The signed transaction (its `sender` is funded in `pre`). */
  tx: Transaction;
}

/** Base addresses of the generated accounts (well away from the precompile range 0x01..0x0a). */
const CONTRACT_BASE = 0xc0de_0000_0000_0000_0000_0000_0000_0000_0000_0000n;
const EOA_BASE = 0xe0a0_0000_0000_0000_0000_0000_0000_0000_0000_0000n;
const EMPTY_BASE = 0xdead_0000_0000_0000_0000_0000_0000_0000_0000_0000n;
const DEFAULT_COINBASE = 0xc014_ba5e_0000_0000_0000_0000_0000_0000_0000_0000n;
/** Base fee of every generated block; fee caps are chosen above it so all txs are valid. */
const BASE_FEE = 7n;
const ETHER = 10n ** 18n;

/** Private key of the fuzz sender; any fixed non-zero scalar below the curve order works. */
const SENDER_KEY = keccak_256(new TextEncoder().encode('zkevm differential fuzz sender'));

/** Builds case number `index` of the stream seeded by `seed`. */
export function generateCase(seed: number, index: number): FuzzCase {
  const rng = new Rng(seed, index);
  const contractCount = rng.range(2, 4);
  const contracts = Array.from({ length: contractCount }, (_, i) => CONTRACT_BASE + BigInt(i));
  const eoas = [EOA_BASE, EOA_BASE + 1n];
  const empties = [EMPTY_BASE, EMPTY_BASE + 1n, EMPTY_BASE + 2n];
  const env: GeneratorEnv = { accounts: [...contracts, ...eoas], emptyAccounts: empties };

  const pre = new Map<bigint, AccountData>();
  for (const address of contracts) {
    const code = generateProgram(rng, env, { snippets: rng.range(10, 60), createDepth: rng.int(3) });
    pre.set(address, {
      nonce: BigInt(rng.int(3)),
      balance: rng.chance(0.4) ? 0n : BigInt(rng.int(1_000_000)),
      code,
      storage: randomStorage(rng),
    });
  }
  pre.set(eoas[0] as bigint, { nonce: 1n, balance: ETHER, code: new Uint8Array(0), storage: new Map() });
  // An EOA with nothing: "empty" in EIP-161 terms but present in the state.
  pre.set(eoas[1] as bigint, { nonce: 0n, balance: 0n, code: new Uint8Array(0), storage: new Map() });

  const block = generateBlock(rng, contracts);
  const senderNonce = BigInt(rng.int(3));
  const unsigned = generateTransaction(rng, env, contracts, empties, senderNonce);
  const { tx } = signTransaction(unsigned, SENDER_KEY);
  pre.set(tx.sender, { nonce: senderNonce, balance: 1000n * ETHER, code: new Uint8Array(0), storage: new Map() });
  return { seed, index, pre, block, tx };
}

function randomStorage(rng: Rng): Map<bigint, bigint> {
  const storage = new Map<bigint, bigint>();
  for (let slot = 0n; slot < 8n; slot++) {
    if (rng.chance(0.4)) storage.set(slot, rng.chance(0.7) ? BigInt(rng.range(1, 3)) : rng.bigBits(256) | 1n);
  }
  return storage;
}

function generateBlock(rng: Rng, contracts: readonly bigint[]): BlockEnv {
  const number = BigInt(rng.range(300, 2000));
  const prevRandao = rng.bigBits(256);
  return {
    number,
    timestamp: 1_700_000_000n + BigInt(rng.int(1_000_000)),
    // Sometimes a contract of the case is the coinbase: it is then warm from the start (EIP-3651).
    coinbase: rng.chance(0.2) ? rng.pick(contracts) : DEFAULT_COINBASE,
    gasLimit: 30_000_000n,
    baseFee: BASE_FEE,
    prevRandao,
    excessBlobGas: rng.chance(0.5) ? 0n : BigInt(rng.int(10_000_000)),
    chainId: 1n,
    blockHash: (n: bigint) => fuzzBlockHash(number, n),
  };
}

/** The hash the fuzz chain reports for block `n` when mined on top of `current`. */
export function fuzzBlockHash(current: bigint, n: bigint): bigint | undefined {
  if (n >= current || n < 0n || current - n > 256n) return undefined;
  const word = new Uint8Array(32);
  let v = n;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    word[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  let h = 0n;
  for (const b of keccak_256(word)) h = (h << 8n) | BigInt(b);
  return h;
}

function generateTransaction(
  rng: Rng,
  env: GeneratorEnv,
  contracts: readonly bigint[],
  empties: readonly bigint[],
  nonce: bigint,
): Omit<Transaction, 'v' | 'r' | 's' | 'sender' | 'hash'> {
  const type = rng.weighted<TxType>([[0, 35], [1, 10], [2, 45], [3, 10]]);
  const target = rng.weighted<'contract' | 'create' | 'other'>([['contract', 80], ['create', 12], ['other', 8]]);
  const create = target === 'create' && type !== 3; // EIP-4844: blob txs cannot create
  let to: bigint | null;
  if (create) to = null;
  else if (target === 'other') to = rng.pick([...env.accounts, ...empties, 1n, 2n, 4n, 9n]);
  else to = rng.chance(0.7) ? (contracts[0] as bigint) : rng.pick(contracts);
  const data = create ? generateInitCode(rng, env, 1) : rng.bytes(rng.pick([0, 4, 32, 36, 68, rng.int(100)]));
  const gasLimit = BigInt(rng.weighted([[60_000, 10], [200_000, 40], [500_000, 35], [1_500_000, 15]] as const))
    + (create ? 100_000n : 0n);
  const accessList: AccessListEntry[] = [];
  if (type !== 0 && rng.chance(0.4)) {
    for (const address of contracts) {
      if (rng.chance(0.5)) {
        accessList.push({ address, storageKeys: rng.chance(0.5) ? [BigInt(rng.int(8))] : [] });
      }
    }
  }
  const maxFeePerGas = BASE_FEE + BigInt(rng.int(10));
  const maxPriorityFeePerGas = BigInt(rng.int(Number(maxFeePerGas - BASE_FEE) + 2));
  const blobVersionedHashes: Uint8Array[] = [];
  if (type === 3) {
    const n = rng.range(1, 3);
    for (let i = 0; i < n; i++) {
      const h = rng.bytes(32);
      h[0] = 0x01; // VERSIONED_HASH_VERSION_KZG (EIP-4844)
      blobVersionedHashes.push(h);
    }
  }
  return {
    type,
    chainId: 1n,
    nonce,
    gasPrice: maxFeePerGas,
    maxFeePerGas,
    maxPriorityFeePerGas: type >= 2 && maxPriorityFeePerGas < maxFeePerGas ? maxPriorityFeePerGas : maxFeePerGas,
    gasLimit,
    to,
    value: rng.chance(0.6) ? 0n : BigInt(rng.int(10_000)),
    data,
    accessList,
    // Large enough for any excess blob gas we generate (fake_exponential stays tiny there).
    maxFeePerBlobGas: type === 3 ? 1000n : 0n,
    blobVersionedHashes,
  };
}
