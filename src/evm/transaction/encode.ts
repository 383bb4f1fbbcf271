/**
 * Canonical transaction encodings and signing hashes for the Cancun transaction types.
 *
 * Field orders:
 * - legacy (Yellow Paper 4.2):  [nonce, gasPrice, gasLimit, to, value, data, v, r, s]
 * - 0x01 EIP-2930: 0x01 || rlp([chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, yParity, r, s])
 * - 0x02 EIP-1559: 0x02 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value,
 *                              data, accessList, yParity, r, s])
 * - 0x03 EIP-4844: 0x03 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value,
 *                              data, accessList, maxFeePerBlobGas, blobVersionedHashes, yParity, r, s])
 *
 * Signing hashes:
 * - legacy before EIP-155: keccak(rlp([nonce, gasPrice, gasLimit, to, value, data]));
 * - legacy with EIP-155:   keccak(rlp([nonce, gasPrice, gasLimit, to, value, data, chainId, 0, 0]));
 * - typed (EIP-2718):      keccak(type || rlp(payload without yParity, r, s)).
 * The transaction hash is keccak of the full encoding (for typed ones, including the type byte).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { rlpEncode, rlpEncodeBigInt, type RlpItem } from '../rlp.ts';
import type { AccessListEntry, Transaction, TxType } from '../types.ts';
import { bigIntToFixedBytes } from './bytes.ts';

/** The fields a signature covers: a transaction without v, r, s, sender and hash. */
export type UnsignedTransaction = Omit<Transaction, 'v' | 'r' | 's' | 'sender' | 'hash'>;

/** Raised when a transaction object cannot be represented in its declared type's encoding. */
export class TransactionEncodeError extends Error {
  constructor(message: string) {
    super(`cannot encode transaction: ${message}`);
    this.name = 'TransactionEncodeError';
  }
}

function encodeAddress(to: bigint | null): Uint8Array {
  return to === null ? new Uint8Array(0) : bigIntToFixedBytes(to, 20);
}

function encodeAccessList(list: AccessListEntry[]): RlpItem {
  return list.map((entry) => [
    bigIntToFixedBytes(entry.address, 20),
    entry.storageKeys.map((key) => bigIntToFixedBytes(key, 32)),
  ]);
}

function requireChainId(tx: UnsignedTransaction): bigint {
  if (tx.chainId === null) throw new TransactionEncodeError(`type ${tx.type} requires a chain id`);
  return tx.chainId;
}

const U64_LIMIT = 1n << 64n;
const U256_LIMIT = 1n << 256n;

/** Throws unless 0 <= value < limit: decode would reject anything wider (see decode.ts). */
function checkWidth(name: string, value: bigint, limit: bigint): void {
  if (value < 0n || value >= limit) {
    throw new TransactionEncodeError(`${name} = ${value} is outside [0, 2^${limit.toString(2).length - 1})`);
  }
}

/**
 * Rejects what the canonical encoding cannot carry: fields absent from the declared type, and
 * integers wider than their field (nonce and gas limit are u64, the others 256-bit words).
 */
function checkRepresentable(tx: UnsignedTransaction): void {
  checkWidth('nonce', tx.nonce, U64_LIMIT);
  checkWidth('gasLimit', tx.gasLimit, U64_LIMIT);
  checkWidth('value', tx.value, U256_LIMIT);
  checkWidth('gasPrice', tx.gasPrice, U256_LIMIT);
  checkWidth('maxFeePerGas', tx.maxFeePerGas, U256_LIMIT);
  checkWidth('maxPriorityFeePerGas', tx.maxPriorityFeePerGas, U256_LIMIT);
  checkWidth('maxFeePerBlobGas', tx.maxFeePerBlobGas, U256_LIMIT);
  if (tx.chainId !== null) checkWidth('chainId', tx.chainId, U256_LIMIT);
  if (tx.type < 3 && (tx.maxFeePerBlobGas !== 0n || tx.blobVersionedHashes.length > 0)) {
    throw new TransactionEncodeError(`type ${tx.type} has no blob fields`);
  }
  if (tx.type === 0 && tx.accessList.length > 0) throw new TransactionEncodeError('legacy has no access list');
}

/** The payload fields covered by the signature, in wire order (legacy: the first six only). */
export function unsignedFields(tx: UnsignedTransaction): RlpItem[] {
  checkRepresentable(tx);
  const int = rlpEncodeBigInt;
  const common = [encodeAddress(tx.to), int(tx.value), tx.data];
  switch (tx.type) {
    case 0:
      return [int(tx.nonce), int(tx.gasPrice), int(tx.gasLimit), ...common];
    case 1:
      return [
        int(requireChainId(tx)),
        int(tx.nonce),
        int(tx.gasPrice),
        int(tx.gasLimit),
        ...common,
        encodeAccessList(tx.accessList),
      ];
    case 2:
      return [
        int(requireChainId(tx)),
        int(tx.nonce),
        int(tx.maxPriorityFeePerGas),
        int(tx.maxFeePerGas),
        int(tx.gasLimit),
        ...common,
        encodeAccessList(tx.accessList),
      ];
    case 3:
      return [
        int(requireChainId(tx)),
        int(tx.nonce),
        int(tx.maxPriorityFeePerGas),
        int(tx.maxFeePerGas),
        int(tx.gasLimit),
        ...common,
        encodeAccessList(tx.accessList),
        int(tx.maxFeePerBlobGas),
        tx.blobVersionedHashes,
      ];
  }
}

/** Prefixes an RLP payload with the EIP-2718 type byte (no prefix for legacy). */
function envelope(type: TxType, payload: Uint8Array): Uint8Array {
  if (type === 0) return payload;
  const out = new Uint8Array(payload.length + 1);
  out[0] = type;
  out.set(payload, 1);
  return out;
}

/** The 32-byte hash that the sender signs. */
export function signingHash(tx: UnsignedTransaction): Uint8Array {
  const fields = unsignedFields(tx);
  if (tx.type === 0 && tx.chainId !== null) {
    // EIP-155: commit to the chain id by appending (chainId, 0, 0).
    fields.push(rlpEncodeBigInt(tx.chainId), new Uint8Array(0), new Uint8Array(0));
  }
  return keccak_256(envelope(tx.type, rlpEncode(fields)));
}

/** The canonical signed encoding (what `decodeTransaction` accepts and `hash` is taken over). */
export function encodeTransaction(tx: Omit<Transaction, 'sender' | 'hash'>): Uint8Array {
  const fields = unsignedFields(tx);
  checkWidth('v', tx.v, U256_LIMIT);
  checkWidth('r', tx.r, U256_LIMIT);
  checkWidth('s', tx.s, U256_LIMIT);
  fields.push(rlpEncodeBigInt(tx.v), rlpEncodeBigInt(tx.r), rlpEncodeBigInt(tx.s));
  return envelope(tx.type, rlpEncode(fields));
}

/** keccak256 of the canonical encoding. */
export function transactionHash(raw: Uint8Array): Uint8Array {
  return keccak_256(raw);
}
