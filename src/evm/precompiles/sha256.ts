/**
 * 0x02 SHA256 precompile (Yellow Paper, appendix E): SHA2-256 of the input,
 * gas 60 + 12 per 32-byte word.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { outOfGas, succeed, wordPricedGas, type PrecompileResult } from './result.ts';

const BASE_GAS = 60n;
const WORD_GAS = 12n;

/** Runs the SHA256 precompile. */
export function runSha256(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  const gas = wordPricedGas(BASE_GAS, WORD_GAS, input.length);
  if (gas > gasLimit) return outOfGas(gas, gasLimit);
  return succeed(gas, sha256(input));
}
