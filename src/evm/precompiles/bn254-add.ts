/**
 * 0x06 ECADD on alt_bn128 (EIP-196) with EIP-1108 gas (150).
 * Input: two G1 points (128 bytes), right-padded with zeros if shorter; extra bytes are ignored.
 * Invalid points halt (all gas consumed).
 */
import { readPadded } from './bytes.ts';
import { decodeG1, encodeG1 } from './bn254-codec.ts';
import { halt, outOfGas, PrecompileInputError, succeed, type PrecompileResult } from './result.ts';

const GAS = 150n;

/** Runs the BN254 point-addition precompile. */
export function runBn254Add(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  if (GAS > gasLimit) return outOfGas(GAS, gasLimit);
  const padded = readPadded(input, 0, 128);
  try {
    const sum = decodeG1(padded, 0).add(decodeG1(padded, 64));
    return succeed(GAS, encodeG1(sum));
  } catch (error) {
    if (error instanceof PrecompileInputError) return halt(error.message);
    throw error;
  }
}
