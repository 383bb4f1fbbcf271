/**
 * Poseidon2 permutation over BabyBear (eprint 2023/323), Plonky3-compatible, widths 16 and 24.
 *
 * permutation(state):
 *   externalLinear(state)
 *   for each of the 4 initial rounds:  state_i += rc_i; state_i ← state_i^7 (all i); externalLinear
 *   for each internal round:           state_0 += rc;   state_0 ← state_0^7;       internalLinear
 *   for each of the 4 final rounds:    same as the initial rounds with the final constants
 * externalLinear: multiply every 4-element block by M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]],
 *   then add to each element the sum of the same position across all blocks (the matrix
 *   circ(2·M4, M4, …, M4) of the paper's Appendix B, as in Plonky3's mds_light_permutation).
 * internalLinear: out_i = (Σ_j state_j) + V_i·state_i, i.e. the matrix 1 + Diag(V).
 *
 * The single-state functions here are the plain TypeScript reference; `poseidon2Permute16Batch`
 * runs the WebAssembly SIMD kernel (wasm/hash/poseidon2.ts, four states per vector), which the
 * tests check against this reference on random states.
 */
import { mul, P } from '../field/babybear.ts';
import { POSEIDON2_16_CONSTANTS, POSEIDON2_24_CONSTANTS, type Poseidon2Constants } from './poseidon2-constants.ts';
import { poseidon2Permute16BatchWasm } from './hash-wasm.ts';

export { POSEIDON2_16_CONSTANTS, POSEIDON2_24_CONSTANTS, POSEIDON2_SBOX_DEGREE } from './poseidon2-constants.ts';
export type { Poseidon2Constants } from './poseidon2-constants.ts';

/** Raised for a state of the wrong length or with non-canonical elements. */
export class Poseidon2Error extends Error {
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'Poseidon2Error';
  }
}

/** x^7 mod p. */
function sbox(x: number): number {
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  const x4 = mul(x2, x2);
  return mul(x3, x4);
}

/** In-place external linear layer (width a multiple of 4). */
function externalLinear(s: Uint32Array, width: number): void {
  // M4 per block; every intermediate is a small multiple of p < 2^31, exact in doubles.
  for (let b = 0; b < width; b += 4) {
    const x0 = s[b]!;
    const x1 = s[b + 1]!;
    const x2 = s[b + 2]!;
    const x3 = s[b + 3]!;
    s[b] = (2 * x0 + 3 * x1 + x2 + x3) % P;
    s[b + 1] = (x0 + 2 * x1 + 3 * x2 + x3) % P;
    s[b + 2] = (x0 + x1 + 2 * x2 + 3 * x3) % P;
    s[b + 3] = (3 * x0 + x1 + x2 + 2 * x3) % P;
  }
  for (let k = 0; k < 4; k++) {
    let sum = 0;
    for (let b = k; b < width; b += 4) sum += s[b]!;
    for (let b = k; b < width; b += 4) s[b] = (s[b]! + sum) % P;
  }
}

/** In-place internal linear layer: out_i = sum + V_i·s_i. */
function internalLinear(s: Uint32Array, width: number, diag: Uint32Array): void {
  let sum = 0;
  for (let i = 0; i < width; i++) sum += s[i]!;
  sum %= P;
  for (let i = 0; i < width; i++) s[i] = (sum + mul(diag[i]!, s[i]!)) % P;
}

function externalRound(s: Uint32Array, width: number, rc: Uint32Array): void {
  for (let i = 0; i < width; i++) s[i] = sbox((s[i]! + rc[i]!) % P);
  externalLinear(s, width);
}

/** The Poseidon2 permutation for any constants set, in place (reference implementation). */
export function poseidon2Permute(state: Uint32Array, c: Poseidon2Constants): void {
  const width = c.width;
  if (state.length !== width) {
    throw new Poseidon2Error(`Poseidon2: state must have ${width} elements`, { length: state.length });
  }
  for (let i = 0; i < width; i++) {
    if (state[i]! >= P) throw new Poseidon2Error('Poseidon2: non-canonical state element', { index: i, value: state[i] });
  }
  externalLinear(state, width);
  for (const rc of c.externalInitial) externalRound(state, width, rc);
  for (let r = 0; r < c.internalRounds; r++) {
    state[0] = sbox((state[0]! + c.internal[r]!) % P);
    internalLinear(state, width, c.internalDiagonal);
  }
  for (const rc of c.externalFinal) externalRound(state, width, rc);
}

/** Poseidon2-BabyBear width 16 (Plonky3 default constants), in place. */
export function poseidon2Permute16(state: Uint32Array): void {
  poseidon2Permute(state, POSEIDON2_16_CONSTANTS);
}

/** Poseidon2-BabyBear width 24 (Plonky3 default constants), in place. */
export function poseidon2Permute24(state: Uint32Array): void {
  poseidon2Permute(state, POSEIDON2_24_CONSTANTS);
}

/**
 * Poseidon2 width 16 on `count` states stored back to back in `states` (16 canonical elements
 * each), in place, in WebAssembly SIMD. Same results as calling poseidon2Permute16 on each state.
 */
export function poseidon2Permute16Batch(states: Uint32Array, count: number): void {
  if (!Number.isInteger(count) || count < 0 || states.length < count * 16) {
    throw new Poseidon2Error('Poseidon2 batch: states too short for count', { length: states.length, count });
  }
  const n = count * 16;
  for (let i = 0; i < n; i++) {
    if (states[i]! >= P) throw new Poseidon2Error('Poseidon2: non-canonical state element', { index: i, value: states[i] });
  }
  poseidon2Permute16BatchWasm(states, count);
}
