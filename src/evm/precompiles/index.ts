/**
 * The Cancun precompiled contracts, addresses 0x01–0x0a, behind one dispatch function used by
 * the CALL family of the interpreter.
 */
import { runBlake2f } from './blake2f.ts';
import { runBn254Add } from './bn254-add.ts';
import { runBn254Mul } from './bn254-mul.ts';
import { runBn254Pairing } from './bn254-pairing.ts';
import { runEcrecover } from './ecrecover.ts';
import { runIdentity } from './identity.ts';
import { runModexp } from './modexp.ts';
import { runPointEvaluation } from './point-evaluation.ts';
import type { Precompile, PrecompileResult } from './result.ts';
import { runRipemd160 } from './ripemd160.ts';
import { runSha256 } from './sha256.ts';

export type { Precompile, PrecompileResult } from './result.ts';

/** Precompiles in address order: entry i is the contract at address i + 1. */
const PRECOMPILES: readonly Precompile[] = [
  runEcrecover,
  runSha256,
  runRipemd160,
  runIdentity,
  runModexp,
  runBn254Add,
  runBn254Mul,
  runBn254Pairing,
  runBlake2f,
  runPointEvaluation,
];

/** Highest precompile address active in Cancun. */
export const LAST_PRECOMPILE_ADDRESS = 0x0an;

/** All Cancun precompile addresses, e.g. to pre-warm them per EIP-2929. */
export const PRECOMPILE_ADDRESSES: readonly bigint[] = PRECOMPILES.map((_, i) => BigInt(i + 1));

/** Thrown when `runPrecompile` is called for an address that is not a Cancun precompile. */
export class UnknownPrecompileError extends Error {
  override readonly name = 'UnknownPrecompileError';
  constructor(readonly address: bigint) {
    super(`no precompile at address 0x${address.toString(16)}`);
  }
}

/** True for the Cancun precompile addresses 0x01..0x0a. */
export function isPrecompile(address: bigint): boolean {
  return address >= 1n && address <= LAST_PRECOMPILE_ADDRESS;
}

/**
 * Runs the precompile at `address` on `input` with `gasLimit` gas.
 * `ok: false` is an exceptional halt (including out of gas): the caller consumes all gas it gave.
 * @throws UnknownPrecompileError if `isPrecompile(address)` is false.
 */
export function runPrecompile(address: bigint, input: Uint8Array, gasLimit: bigint): PrecompileResult {
  if (!isPrecompile(address)) throw new UnknownPrecompileError(address);
  return PRECOMPILES[Number(address) - 1]!(input, gasLimit);
}
