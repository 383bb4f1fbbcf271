/**
 * 0x01 ECRECOVER precompile (Yellow Paper, appendix E).
 *
 * Input (right-padded to 128 bytes): hash(32) ‖ v(32) ‖ r(32) ‖ s(32). Output: the signer's
 * address left-padded to 32 bytes. Any invalid signature (v not exactly 27/28, r or s outside
 * [1, n-1], no point with x = r, recovery at infinity) is NOT a failure: the call succeeds,
 * charges 3000 gas and returns empty output. Unlike transaction signatures, high s is accepted
 * here (EIP-2 restricted only transactions).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { readPadded, readWord } from './bytes.ts';
import { outOfGas, succeed, type PrecompileResult } from './result.ts';

const GAS = 3000n;
const CURVE_ORDER = secp256k1.Point.CURVE().n;
const EMPTY = new Uint8Array(0);

/** Runs the ECRECOVER precompile. */
export function runEcrecover(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  if (GAS > gasLimit) return outOfGas(GAS, gasLimit);
  const padded = readPadded(input, 0, 128);
  const v = readWord(padded, 32);
  const r = readWord(padded, 64);
  const s = readWord(padded, 96);
  if (v !== 27n && v !== 28n) return succeed(GAS, EMPTY);
  if (r === 0n || r >= CURVE_ORDER || s === 0n || s >= CURVE_ORDER) return succeed(GAS, EMPTY);
  const publicKey = recoverUncompressed(padded.subarray(0, 32), r, s, Number(v - 27n));
  if (publicKey === undefined) return succeed(GAS, EMPTY);
  const output = new Uint8Array(32);
  // Address = last 20 bytes of keccak256 of the 64-byte public key (without the 0x04 prefix).
  output.set(keccak_256(publicKey.subarray(1)).subarray(12), 12);
  return succeed(GAS, output);
}

/**
 * Recovers the uncompressed public key, or undefined when no key exists for this (r, recovery bit):
 * r is not the x-coordinate of a curve point, or the recovered point is at infinity.
 * r and s must already be in [1, n-1].
 */
function recoverUncompressed(hash: Uint8Array, r: bigint, s: bigint, recoveryBit: number): Uint8Array | undefined {
  try {
    return new secp256k1.Signature(r, s).addRecoveryBit(recoveryBit).recoverPublicKey(hash).toBytes(false);
  } catch {
    // noble signals "no such point" by throwing; all other inputs were validated above.
    return undefined;
  }
}
