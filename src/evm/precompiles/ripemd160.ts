/**
 * 0x03 RIPEMD160 precompile (Yellow Paper, appendix E): the 20-byte RIPEMD-160 digest
 * left-padded with zeros to a 32-byte word, gas 600 + 120 per 32-byte word.
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { outOfGas, succeed, wordPricedGas, type PrecompileResult } from './result.ts';

const BASE_GAS = 600n;
const WORD_GAS = 120n;

/** Runs the RIPEMD160 precompile. */
export function runRipemd160(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  const gas = wordPricedGas(BASE_GAS, WORD_GAS, input.length);
  if (gas > gasLimit) return outOfGas(gas, gasLimit);
  const output = new Uint8Array(32);
  output.set(ripemd160(input), 12);
  return succeed(gas, output);
}
