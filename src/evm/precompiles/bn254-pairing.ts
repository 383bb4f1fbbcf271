/**
 * 0x08 pairing check on alt_bn128 (EIP-197) with EIP-1108 gas (45000 + 34000 per pair).
 *
 * Input: k pairs of G1 (64 bytes) ‖ G2 (128 bytes); the length must be a multiple of 192.
 * Output: 32-byte word 1 if prod e(P_i, Q_i) == 1 in GT, else 0. Empty input yields 1.
 * Every point is validated (a pair with one point at infinity still needs a valid other point);
 * pairs containing a point at infinity contribute the identity and are skipped.
 *
 * Performance: validating a G2 point (subgroup check) and building its Miller-loop line
 * coefficients dominate a pairing after the loop itself. Contracts keep pairing against the same
 * few G2 points (verification keys), so both are memoised per 128-byte encoding, and the product
 * of Miller loops shares a single final exponentiation.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeG1, decodeG2, type G2Point } from './bn254-codec.ts';
import { halt, outOfGas, PrecompileInputError, succeed, type PrecompileResult } from './result.ts';

const BASE_GAS = 45000n;
const PAIR_GAS = 34000n;
const PAIR_BYTES = 192;
/** Memo size bound; the memo is simply emptied when full (entries are cheap to rebuild). */
const G2_MEMO_LIMIT = 256;

const { Fp12 } = bn254.fields;
type MillerPrecompute = ReturnType<typeof bn254.utils.calcPairingPrecomputes>;

/** A validated G2 point and, once needed, its Miller-loop line coefficients. */
interface ValidG2 {
  point: G2Point;
  precompute?: MillerPrecompute;
}

const g2Memo = new Map<string, ValidG2>();

/** Decodes and validates the G2 point at `offset`, memoised by its encoding. Throws PrecompileInputError. */
function validG2(input: Uint8Array, offset: number): ValidG2 {
  const key = bytesToHex(input.subarray(offset, offset + 128));
  let entry = g2Memo.get(key);
  if (entry === undefined) {
    entry = { point: decodeG2(input, offset) };
    if (g2Memo.size >= G2_MEMO_LIMIT) g2Memo.clear();
    g2Memo.set(key, entry);
  }
  return entry;
}

/** Runs the BN254 pairing-check precompile. */
export function runBn254Pairing(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  if (input.length % PAIR_BYTES !== 0) return halt('pairing input length is not a multiple of 192');
  const pairCount = input.length / PAIR_BYTES;
  const gas = BASE_GAS + PAIR_GAS * BigInt(pairCount);
  if (gas > gasLimit) return outOfGas(gas, gasLimit);
  const millerInputs: [MillerPrecompute, bigint, bigint][] = [];
  try {
    for (let offset = 0; offset < input.length; offset += PAIR_BYTES) {
      const g1 = decodeG1(input, offset);
      const g2 = validG2(input, offset + 64);
      if (g1.is0() || g2.point.is0()) continue;
      g2.precompute ??= bn254.utils.calcPairingPrecomputes(g2.point);
      const { x, y } = g1.toAffine();
      millerInputs.push([g2.precompute, x, y]);
    }
  } catch (error) {
    if (error instanceof PrecompileInputError) return halt(error.message);
    throw error;
  }
  const output = new Uint8Array(32);
  if (millerInputs.length === 0 || Fp12.eql(Fp12.finalExponentiate(bn254.millerLoopBatch(millerInputs)), Fp12.ONE)) {
    output[31] = 1;
  }
  return succeed(gas, output);
}
