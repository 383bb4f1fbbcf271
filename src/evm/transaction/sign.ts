/**
 * Signing of transactions, for tests, the demo and fuzzers that need real signed transactions.
 *
 * Uses secp256k1 from @noble/curves with RFC 6979 deterministic nonces (no extra entropy), so the
 * same transaction and key always give the same signature, and low-s normalisation (EIP-2).
 * `v` is 27/28 for pre-EIP-155 legacy, chainId * 2 + 35/36 for EIP-155 legacy, and the bare
 * y-parity 0/1 for typed transactions.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { Transaction } from '../types.ts';
import { bytesToBigInt } from './bytes.ts';
import { encodeTransaction, signingHash, transactionHash, TransactionEncodeError, type UnsignedTransaction } from './encode.ts';
import { privateKeyToAddress } from './signature.ts';

/**
 * Normalises the fee fields the way `decodeTransaction` reports them: legacy and EIP-2930
 * carry gasPrice in both fee caps; EIP-1559/4844 report maxFeePerGas as gasPrice.
 */
function normaliseFees(unsigned: UnsignedTransaction): UnsignedTransaction {
  if (unsigned.type <= 1) {
    return { ...unsigned, maxFeePerGas: unsigned.gasPrice, maxPriorityFeePerGas: unsigned.gasPrice };
  }
  return { ...unsigned, gasPrice: unsigned.maxFeePerGas };
}

/** Signs `unsigned` with a 32-byte private key; returns the complete transaction and its encoding. */
export function signTransaction(
  unsigned: Omit<Transaction, 'v' | 'r' | 's' | 'sender' | 'hash'>,
  privateKey: Uint8Array,
): { tx: Transaction; raw: Uint8Array } {
  const fields = normaliseFees(unsigned);
  const digest = signingHash(fields);
  // 'recovered' format: recovery id (1 byte) || r (32) || s (32); lowS is the default policy.
  const sig = secp256k1.sign(digest, privateKey, { prehash: false, lowS: true, format: 'recovered' });
  const recovery = sig[0]!;
  if (recovery > 1) {
    // Ids 2/3 mean R.x >= n (probability ~2^-128); Ethereum's v cannot express them.
    throw new TransactionEncodeError('signature needs recovery id > 1, which Ethereum cannot encode');
  }
  const r = bytesToBigInt(sig.subarray(1, 33));
  const s = bytesToBigInt(sig.subarray(33, 65));
  let v: bigint;
  if (fields.type !== 0) v = BigInt(recovery);
  else if (fields.chainId === null) v = 27n + BigInt(recovery);
  else v = fields.chainId * 2n + 35n + BigInt(recovery);
  const signed = { ...fields, v, r, s };
  const raw = encodeTransaction(signed);
  return { tx: { ...signed, sender: privateKeyToAddress(privateKey), hash: transactionHash(raw) }, raw };
}
