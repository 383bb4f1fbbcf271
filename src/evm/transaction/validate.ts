/**
 * Transaction validity rules that need neither state nor block (Cancun).
 *
 * Order follows the execution specs' `validate_transaction` (intrinsic gas, then nonce, then
 * initcode size), followed by the fee-field and blob rules; the first failure is returned.
 * Rules that need the block (base fee, blob base fee, block gas limit) or the sender's account
 * (nonce, balance, code) belong to the state transition.
 */
import type { Transaction } from '../types.ts';
import { InvalidTransactionError } from './errors.ts';
import { intrinsicGas } from './intrinsic-gas.ts';

/** EIP-3860: MAX_INITCODE_SIZE = 2 * MAX_CODE_SIZE (EIP-170, 24576). */
export const MAX_INITCODE_SIZE = 49152;
/** EIP-4844 (Cancun): MAX_BLOB_GAS_PER_BLOCK / GAS_PER_BLOB = 786432 / 131072. */
export const MAX_BLOBS_PER_TX = 6;
/** EIP-4844: VERSIONED_HASH_VERSION_KZG. */
export const VERSIONED_HASH_VERSION_KZG = 0x01;
/** EIP-2681: a nonce must stay below 2^64 - 1 so that it can still be incremented. */
export const MAX_NONCE = (1n << 64n) - 1n;

const UINT256_MAX = (1n << 256n) - 1n;

/**
 * Returns the first stateless validity failure of `tx` on chain `chainId`, or undefined.
 * Pre-EIP-155 legacy transactions (chainId null) are valid on every chain.
 */
export function checkTransactionStatic(tx: Transaction, chainId: bigint): InvalidTransactionError | undefined {
  if (tx.chainId !== null && tx.chainId !== chainId) {
    return new InvalidTransactionError('INVALID_CHAINID', `chain id ${tx.chainId} is not ${chainId}`, {
      expected: chainId,
      got: tx.chainId,
    });
  }
  const required = intrinsicGas(tx);
  if (tx.gasLimit < required) {
    const message = `gas limit ${tx.gasLimit} is below intrinsic gas ${required}`;
    return new InvalidTransactionError('INTRINSIC_GAS_TOO_LOW', message, { gasLimit: tx.gasLimit, intrinsicGas: required });
  }
  if (tx.nonce >= MAX_NONCE) {
    return new InvalidTransactionError('NONCE_IS_MAX', `nonce ${tx.nonce} is at least 2^64 - 1 (EIP-2681)`);
  }
  if (tx.to === null && tx.data.length > MAX_INITCODE_SIZE) {
    const message = `initcode of ${tx.data.length} bytes exceeds ${MAX_INITCODE_SIZE} (EIP-3860)`;
    return new InvalidTransactionError('INITCODE_SIZE_EXCEEDED', message);
  }
  if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    return new InvalidTransactionError(
      'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS',
      `max priority fee ${tx.maxPriorityFeePerGas} exceeds max fee ${tx.maxFeePerGas} (EIP-1559)`,
    );
  }
  // The up-front cost gasLimit * maxFeePerGas must be a 256-bit word (clients compute it in one).
  if (tx.gasLimit * tx.maxFeePerGas > UINT256_MAX) {
    return new InvalidTransactionError('GASLIMIT_PRICE_PRODUCT_OVERFLOW', 'gasLimit * maxFeePerGas exceeds 2^256 - 1');
  }
  if (tx.type === 3) return checkBlobRules(tx);
  return undefined;
}

/** EIP-4844 rules on the transaction itself. */
function checkBlobRules(tx: Transaction): InvalidTransactionError | undefined {
  if (tx.to === null) {
    return new InvalidTransactionError('TYPE_3_TX_CONTRACT_CREATION', 'a blob transaction cannot create a contract');
  }
  const count = tx.blobVersionedHashes.length;
  if (count === 0) return new InvalidTransactionError('TYPE_3_TX_ZERO_BLOBS', 'a blob transaction must carry at least one blob');
  if (count > MAX_BLOBS_PER_TX) {
    return new InvalidTransactionError('TYPE_3_TX_BLOB_COUNT_EXCEEDED', `${count} blobs exceed the limit of ${MAX_BLOBS_PER_TX}`);
  }
  for (let i = 0; i < count; i++) {
    const version = tx.blobVersionedHashes[i]![0];
    if (version !== VERSIONED_HASH_VERSION_KZG) {
      const message = `versioned hash ${i} has version ${version}, expected ${VERSIONED_HASH_VERSION_KZG}`;
      return new InvalidTransactionError('TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH', message);
    }
  }
  return undefined;
}
