/**
 * Intrinsic gas of a transaction under Cancun: the gas charged before any EVM code runs.
 *
 *   21000 (G_transaction)
 * + 32000 for a contract creation (G_txcreate, Homestead)
 * + 4 per zero byte and 16 per non-zero byte of data (EIP-2028)
 * + 2400 per access-list address and 1900 per storage key (EIP-2930)
 * + 2 per 32-byte word of initcode for a creation (EIP-3860)
 */
import type { Transaction } from '../types.ts';

/** Base cost of every transaction. */
export const TX_BASE_GAS = 21000n;
/** Extra cost of a contract-creating transaction. */
export const TX_CREATE_GAS = 32000n;
/** Cost per zero byte of calldata. */
export const TX_DATA_ZERO_GAS = 4;
/** Cost per non-zero byte of calldata (EIP-2028). */
export const TX_DATA_NONZERO_GAS = 16;
/** Cost per access-list address (EIP-2930). */
export const ACCESS_LIST_ADDRESS_GAS = 2400n;
/** Cost per access-list storage key (EIP-2930). */
export const ACCESS_LIST_STORAGE_KEY_GAS = 1900n;
/** Cost per 32-byte word of initcode (EIP-3860). */
export const INITCODE_WORD_GAS = 2n;

/** Gas of the calldata alone; a plain loop over bytes, no bigint per byte. */
export function calldataGas(data: Uint8Array): bigint {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  // Both counts are below 2^32, so the sum stays an exact double (< 2^37).
  return BigInt(zeros * TX_DATA_ZERO_GAS + (data.length - zeros) * TX_DATA_NONZERO_GAS);
}

/** Intrinsic gas of `tx` (fields other than to, data and accessList are ignored). */
export function intrinsicGas(tx: Pick<Transaction, 'to' | 'data' | 'accessList'>): bigint {
  let gas = TX_BASE_GAS + calldataGas(tx.data);
  if (tx.to === null) {
    gas += TX_CREATE_GAS + INITCODE_WORD_GAS * BigInt(Math.ceil(tx.data.length / 32));
  }
  let keys = 0;
  for (const entry of tx.accessList) keys += entry.storageKeys.length;
  gas += ACCESS_LIST_ADDRESS_GAS * BigInt(tx.accessList.length) + ACCESS_LIST_STORAGE_KEY_GAS * BigInt(keys);
  return gas;
}
