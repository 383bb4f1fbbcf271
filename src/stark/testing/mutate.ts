/**
 * TEST ONLY. Byte-flip fuzzing of serialized proofs: every mutation must be rejected with
 * VerificationError and nothing else.
 */
import { VerificationError } from '../errors.ts';
import type { VerifyingKey } from '../keys.ts';
import { verifyBytes } from '../verifier.ts';
import type { Statement } from '../witness.ts';
import { SeededRng } from './prng.ts';

/** Outcome counts of a fuzzing run. */
export interface MutationReport {
  readonly total: number;
  readonly rejected: number;
  /** Mutations the verifier accepted (must be empty). */
  readonly accepted: { position: number; xor: number }[];
  /** Mutations that threw something other than VerificationError (must be empty). */
  readonly wrongError: { position: number; xor: number; error: string }[];
}

/** Apply `count` seeded single-byte XOR mutations (1–3 bytes each) to `bytes` and verify each. */
export function fuzzProofBytes(
  vk: VerifyingKey,
  bytes: Uint8Array,
  statement: Statement,
  count: number,
  seed: number,
): MutationReport {
  const rng = new SeededRng(seed);
  const accepted: { position: number; xor: number }[] = [];
  const wrongError: { position: number; xor: number; error: string }[] = [];
  let rejected = 0;
  for (let i = 0; i < count; i++) {
    const copy = bytes.slice();
    const flips = 1 + rng.below(3);
    let position = 0;
    let xor = 0;
    for (let f = 0; f < flips; f++) {
      position = rng.below(copy.length);
      xor = 1 + rng.below(255);
      copy[position]! ^= xor;
    }
    try {
      verifyBytes(vk, copy, statement);
      accepted.push({ position, xor });
    } catch (e) {
      if (e instanceof VerificationError) rejected++;
      else wrongError.push({ position, xor, error: String(e) });
    }
  }
  return { total: count, rejected, accepted, wrongError };
}
