/**
 * 0x08 pairing check on alt_bn128 (EIP-197) with EIP-1108 gas (45000 + 34000 per pair).
 *
 * Input: k pairs of G1 (64 bytes) ‖ G2 (128 bytes); the length must be a multiple of 192.
 * Output: 32-byte word 1 if prod e(P_i, Q_i) == 1 in GT, else 0. Empty input yields 1.
 * Pairs with a point at infinity contribute the identity and are skipped.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { decodeG1, decodeG2, type G1Point, type G2Point } from './bn254-codec.ts';
import { halt, outOfGas, PrecompileInputError, succeed, type PrecompileResult } from './result.ts';

const BASE_GAS = 45000n;
const PAIR_GAS = 34000n;
const PAIR_BYTES = 192;

/** Runs the BN254 pairing-check precompile. */
export function runBn254Pairing(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  if (input.length % PAIR_BYTES !== 0) return halt('pairing input length is not a multiple of 192');
  const pairCount = input.length / PAIR_BYTES;
  const gas = BASE_GAS + PAIR_GAS * BigInt(pairCount);
  if (gas > gasLimit) return outOfGas(gas, gasLimit);
  const pairs: { g1: G1Point; g2: G2Point }[] = [];
  try {
    for (let offset = 0; offset < input.length; offset += PAIR_BYTES) {
      const g1 = decodeG1(input, offset);
      const g2 = decodeG2(input, offset + 64);
      if (!g1.is0() && !g2.is0()) pairs.push({ g1, g2 });
    }
  } catch (error) {
    if (error instanceof PrecompileInputError) return halt(error.message);
    throw error;
  }
  const output = new Uint8Array(32);
  if (pairs.length === 0 || bn254.fields.Fp12.eql(bn254.pairingBatch(pairs), bn254.fields.Fp12.ONE)) output[31] = 1;
  return succeed(gas, output);
}
