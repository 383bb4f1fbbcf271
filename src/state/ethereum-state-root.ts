/**
 * Ethereum's state root and receipt-logs hash, as the state tests commit to them.
 *
 * State trie (Yellow Paper section 4.1): a secure trie keyed by keccak256(address) whose values
 * are rlp([nonce, balance, storageRoot, codeHash]). Each account's storage trie is a secure trie
 * keyed by keccak256(slot as 32 bytes) with values rlp(minimal big-endian value); zero slots are
 * absent. The logs hash is keccak256(rlp([[address, [topics...], data], ...])) as used by the
 * `logs` field of ethereum/tests GeneralStateTests.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { rlpEncode, rlpEncodeBigInt } from '../evm/rlp.ts';
import type { RlpItem } from '../evm/rlp.ts';
import type { AccountData, Log } from '../evm/types.ts';
import { EMPTY_TRIE_ROOT, secureTrieRoot } from './mpt.ts';

/** keccak256 of the empty byte string: the code hash of an account without code. */
const EMPTY_CODE_HASH: Uint8Array = keccak_256(new Uint8Array(0));

/** Big-endian, left-padded to `size` bytes (the fixed-width form of addresses, slots and topics). */
function fixedBytes(n: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = n;
  for (let i = size - 1; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Root of one account's storage trie; zero-valued slots are left out. */
export function storageRoot(storage: Map<bigint, bigint>): Uint8Array {
  if (storage.size === 0) return EMPTY_TRIE_ROOT;
  const entries: [Uint8Array, Uint8Array][] = [];
  for (const [slot, value] of storage) {
    if (value === 0n) continue;
    entries.push([fixedBytes(slot, 32), rlpEncode(rlpEncodeBigInt(value))]);
  }
  return secureTrieRoot(entries);
}

/** rlp([nonce, balance, storageRoot, codeHash]) of one account. */
export function encodeAccount(account: AccountData): Uint8Array {
  const codeHash = account.code.length === 0 ? EMPTY_CODE_HASH : keccak_256(account.code);
  return rlpEncode([
    rlpEncodeBigInt(account.nonce),
    rlpEncodeBigInt(account.balance),
    storageRoot(account.storage),
    codeHash,
  ]);
}

/** State root of a world state given as address → account contents. */
export function ethereumStateRoot(accounts: Map<bigint, AccountData>): Uint8Array {
  const entries: [Uint8Array, Uint8Array][] = [];
  for (const [address, account] of accounts) entries.push([fixedBytes(address, 20), encodeAccount(account)]);
  return secureTrieRoot(entries);
}

/** keccak256(rlp([[address, [topics...], data], ...])) of a transaction's logs. */
export function logsHash(logs: Log[]): Uint8Array {
  const items: RlpItem[] = logs.map((log) => [
    fixedBytes(log.address, 20),
    log.topics.map((t) => fixedBytes(t, 32)),
    log.data,
  ]);
  return keccak_256(rlpEncode(items));
}
