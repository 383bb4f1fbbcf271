/**
 * Poseidon2 sponge hash and 2-to-1 compression over BabyBear field vectors (width 16).
 *
 * poseidon2Hash(x_0 … x_{n−1}), rate 8, capacity 8, output 8 elements:
 *   state ← 16 zeros; state[8] ← n (the input length, a field element: n < p)
 *   split the input into ceil(n/8) chunks of 8, the last one zero-padded (at least one chunk, so
 *   the empty input is one all-zero chunk); for each chunk: state[0..8) ← chunk (overwrite mode),
 *   then permute.
 *   output state[0..8).
 * The length in the capacity makes zero padding injective (inputs of different lengths start
 * from different states), so no 10* padding is needed; overwrite mode is the rate-absorb of
 * Plonky3's PaddingFreeSponge and costs nothing in an AIR.
 *
 * poseidon2Compress(l, r) = first 8 elements of permute16(l ‖ r) (Plonky3's TruncatedPermutation),
 * for Merkle trees whose nodes are 8-element digests.
 */
import { P } from '../field/babybear.ts';
import { Poseidon2Error, poseidon2Permute16 } from './poseidon2.ts';

/** Sponge rate (elements absorbed per permutation) and digest length. */
export const POSEIDON2_RATE = 8;
/** Digest length in field elements. */
export const POSEIDON2_DIGEST_ELEMENTS = 8;

/** Hash a vector of canonical BabyBear elements to 8 elements (construction above). */
export function poseidon2Hash(inputs: Uint32Array): Uint32Array {
  const n = inputs.length;
  if (n >= P) throw new Poseidon2Error('Poseidon2 sponge: input too long', { length: n });
  const state = new Uint32Array(16);
  state[POSEIDON2_RATE] = n;
  const chunks = Math.max(1, Math.ceil(n / POSEIDON2_RATE));
  for (let c = 0; c < chunks; c++) {
    const start = c * POSEIDON2_RATE;
    for (let i = 0; i < POSEIDON2_RATE; i++) {
      const v = start + i < n ? inputs[start + i]! : 0;
      if (v >= P) throw new Poseidon2Error('Poseidon2 sponge: non-canonical input', { index: start + i, value: v });
      state[i] = v;
    }
    poseidon2Permute16(state);
  }
  return state.slice(0, POSEIDON2_DIGEST_ELEMENTS);
}

/** 2-to-1 compression of two 8-element digests: permute16(left ‖ right)[0..8). */
export function poseidon2Compress(left: Uint32Array, right: Uint32Array): Uint32Array {
  if (left.length !== POSEIDON2_DIGEST_ELEMENTS || right.length !== POSEIDON2_DIGEST_ELEMENTS) {
    throw new Poseidon2Error('Poseidon2 compress: digests have 8 elements', { left: left.length, right: right.length });
  }
  const state = new Uint32Array(16);
  state.set(left, 0);
  state.set(right, POSEIDON2_DIGEST_ELEMENTS);
  poseidon2Permute16(state);
  return state.slice(0, POSEIDON2_DIGEST_ELEMENTS);
}
