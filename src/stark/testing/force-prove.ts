/**
 * TEST ONLY. Proves a witness WITHOUT the debug checker, so soundness tests can hand the verifier
 * proofs of traces that break constraints or buses and check it rejects them. Never import this
 * from production code: `prove` is the only entry point that refuses bad witnesses.
 */
import type { ProvingKey } from '../keys.ts';
import type { StarkProof } from '../proof.ts';
import { proveUnchecked } from '../prover.ts';
import type { Witness } from '../witness.ts';

/** Run the full proving pipeline on `witness` even if it violates the AIR. */
export function forceProve(pk: ProvingKey, witness: Witness): StarkProof {
  return proveUnchecked(pk, witness);
}
