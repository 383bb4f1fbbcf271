/**
 * 0x07 ECMUL on alt_bn128 (EIP-196) with EIP-1108 gas (6000).
 * Input: G1 point (64 bytes) ‖ scalar (32 bytes), right-padded with zeros if shorter.
 * The scalar is any 256-bit integer; G1 has prime order r, so it is reduced mod r.
 */
import { readPadded, readWord } from './bytes.ts';
import { BN254_R, decodeG1, encodeG1 } from './bn254-codec.ts';
import { halt, outOfGas, PrecompileInputError, succeed, type PrecompileResult } from './result.ts';

const GAS = 6000n;

/** Runs the BN254 scalar-multiplication precompile. */
export function runBn254Mul(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  if (GAS > gasLimit) return outOfGas(GAS, gasLimit);
  const padded = readPadded(input, 0, 96);
  try {
    const point = decodeG1(padded, 0);
    const scalar = readWord(padded, 64) % BN254_R;
    return succeed(GAS, encodeG1(point.multiplyUnsafe(scalar)));
  } catch (error) {
    if (error instanceof PrecompileInputError) return halt(error.message);
    throw error;
  }
}
