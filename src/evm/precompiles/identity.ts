/**
 * 0x04 IDENTITY precompile (Yellow Paper, appendix E): returns a copy of its input,
 * gas 15 + 3 per 32-byte word.
 */
import { outOfGas, succeed, wordPricedGas, type PrecompileResult } from './result.ts';

const BASE_GAS = 15n;
const WORD_GAS = 3n;

/** Runs the IDENTITY precompile; the output is a fresh copy so callers may mutate either side. */
export function runIdentity(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  const gas = wordPricedGas(BASE_GAS, WORD_GAS, input.length);
  if (gas > gasLimit) return outOfGas(gas, gasLimit);
  return succeed(gas, input.slice());
}
