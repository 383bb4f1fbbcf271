/**
 * The outcome type shared by every precompile, and the small constructors that build it.
 *
 * Failure semantics follow the Yellow Paper (appendix E): a precompile either succeeds,
 * charging `gasUsed <= gasLimit` and returning output, or halts exceptionally, in which case
 * the calling frame consumes all the gas it forwarded. Running out of gas is one such halt.
 */

/** Result of running a precompile: success with gas and output, or an exceptional halt. */
export type PrecompileResult =
  | { ok: true; gasUsed: bigint; output: Uint8Array }
  | { ok: false; reason: string };

/** A precompiled contract: pure function of its input and the gas it was given. */
export type Precompile = (input: Uint8Array, gasLimit: bigint) => PrecompileResult;

/** Successful run charging `gasUsed`. */
export function succeed(gasUsed: bigint, output: Uint8Array): PrecompileResult {
  return { ok: true, gasUsed, output };
}

/** Exceptional halt (all forwarded gas is consumed by the caller). */
export function halt(reason: string): PrecompileResult {
  return { ok: false, reason };
}

/** Halt caused by `required` gas exceeding `gasLimit`. */
export function outOfGas(required: bigint, gasLimit: bigint): PrecompileResult {
  return { ok: false, reason: `out of gas: requires ${required}, limit ${gasLimit}` };
}

/** Gas of the word-priced precompiles (SHA256, RIPEMD160, IDENTITY): `base + perWord * ceil(len / 32)`. */
export function wordPricedGas(base: bigint, perWord: bigint, inputLength: number): bigint {
  return base + perWord * BigInt(Math.ceil(inputLength / 32));
}

/** Raised by input decoders for malformed precompile input; each precompile turns it into a halt. */
export class PrecompileInputError extends Error {
  override readonly name = 'PrecompileInputError';
  constructor(message: string) {
    super(message);
  }
}
