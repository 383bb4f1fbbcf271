/**
 * secp256k1 transaction signatures: bounds of (r, s), sender recovery and key-to-address.
 *
 * Validity of (r, s) follows the Yellow Paper (appendix F): 0 < r < n, 0 < s < n, and since
 * Homestead (EIP-2) s <= n/2 so that a signature cannot be malleated into a second valid one.
 * The recovery id is one bit (the parity of R.y); Ethereum never encodes the r + n overflow ids.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToBigInt } from './bytes.ts';
import { InvalidTransactionError } from './errors.ts';

/** Order n of the secp256k1 group (SEC 2, section 2.4.1). */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** Largest s accepted since EIP-2: floor(n / 2). */
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;

/** Address of an uncompressed public key (65 bytes, 0x04 prefix): low 20 bytes of keccak(x || y). */
export function publicKeyToAddress(uncompressed: Uint8Array): bigint {
  return bytesToBigInt(keccak_256(uncompressed.subarray(1)).subarray(12));
}

/** Address controlled by a 32-byte secp256k1 private key. */
export function privateKeyToAddress(privateKey: Uint8Array): bigint {
  return publicKeyToAddress(secp256k1.getPublicKey(privateKey, false));
}

/** Throws INVALID_SIGNATURE_VRS unless 0 < r < n and 0 < s <= n/2 (EIP-2). */
export function assertSignatureBounds(r: bigint, s: bigint): void {
  if (r <= 0n || r >= SECP256K1_N) {
    throw new InvalidTransactionError('INVALID_SIGNATURE_VRS', 'r is outside [1, n-1]', { r });
  }
  if (s <= 0n || s > SECP256K1_HALF_N) {
    throw new InvalidTransactionError('INVALID_SIGNATURE_VRS', 's is outside [1, n/2] (EIP-2)', { s });
  }
}

/**
 * Recovers the signer address of a 32-byte message hash. Bounds are checked first; a signature
 * that passes them but names no curve point (or yields the point at infinity) is EC_RECOVERY_FAIL.
 */
export function recoverAddress(messageHash: Uint8Array, r: bigint, s: bigint, yParity: 0 | 1): bigint {
  assertSignatureBounds(r, s);
  let publicKey: Uint8Array;
  try {
    publicKey = new secp256k1.Signature(r, s, yParity).recoverPublicKey(messageHash).toBytes(false);
  } catch (cause) {
    throw new InvalidTransactionError('EC_RECOVERY_FAIL', 'no public key recovers from this signature', {
      r,
      s,
      yParity,
      cause: cause instanceof Error ? cause.message : String(cause),
    });
  }
  return publicKeyToAddress(publicKey);
}
