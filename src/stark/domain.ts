/**
 * Evaluation domains and out-of-domain evaluation helpers shared by prover and verifier.
 *
 * Trace domain H_n = ⟨ω_n⟩. Every low-degree extension lives on the coset s·⟨ω_{n·B}⟩ with the
 * single shift s = GENERATOR (31), for every table height, so an LDE point never lies in H_n.
 * Row filters are the (unnormalised) Plonky3 selectors:
 *   first(x) = Z_H(x)/(x − 1), last(x) = Z_H(x)/(x − ω^{-1}), transition(x) = x − ω^{-1},
 * with Z_H(x) = x^n − 1: each vanishes exactly on the rows a filter excludes, so a filtered
 * constraint C·sel is divisible by Z_H iff C vanishes on the selected rows.
 */
import { GENERATOR, inv, mul as mul_, pow, sub as sub_, twoAdicGenerator } from '../field/babybear.ts';
import { fp4, fp4Add, fp4BatchInverse, fp4Inv, fp4Mul, fp4MulBase, fp4Pow, fp4Sub, type Fp4 } from '../field/extension.ts';
import type { RowMajorMatrix } from '../field/matrix.ts';
import { dotColumnsFp4 } from './kernels/linear.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const mul = mul_;
const sub = sub_;

/** The coset shift of every LDE and of the quotient domain. */
export const LDE_SHIFT = GENERATOR;

/** Selector values at an extension point (verifier side). */
export interface SelectorsAt {
  readonly zH: Fp4;
  readonly first: Fp4;
  readonly last: Fp4;
  readonly transition: Fp4;
}

/** Z_H and the three filters at `z` for a trace of 2^logN rows; null if z ∈ H_n or z ∈ {1, ω^-1}. */
export function selectorsAt(z: Fp4, logN: number): SelectorsAt | null {
  const n = 2 ** logN;
  const omegaInv = inv(twoAdicGenerator(logN));
  const zH = fp4Sub(fp4Pow(z, n), fp4(1, 0, 0, 0));
  const zMinus1 = fp4Sub(z, fp4(1, 0, 0, 0));
  const transition = fp4Sub(z, fp4(omegaInv, 0, 0, 0));
  if (isZero(zH) || isZero(zMinus1) || isZero(transition)) return null;
  return {
    zH,
    first: fp4Mul(zH, fp4Inv(zMinus1)),
    last: fp4Mul(zH, fp4Inv(transition)),
    transition,
  };
}

function isZero(a: Fp4): boolean {
  return (a[0]! | a[1]! | a[2]! | a[3]!) === 0;
}

/** X^k · a in Fp4 (k in 0..3): the basis element e_k times a. */
export function fp4MulByBasis(a: Fp4, k: number): Fp4 {
  const out = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const j = i + k;
    out[j & 3] = j >= 4 ? mul(11, a[i]!) : a[i]!;
  }
  return out;
}

/** Recombine an Fp4-valued column split into 4 base columns: Σ_k X^k·v_k, v flat at offset `off`. */
export function fp4FromCoordinates(v: Uint32Array, off: number): Fp4 {
  let acc = fp4(0, 0, 0, 0);
  for (let k = 0; k < 4; k++) acc = fp4Add(acc, fp4MulByBasis(v.subarray(off + 4 * k, off + 4 * k + 4), k));
  return acc;
}

/**
 * Evaluate every column of `trace` (values on H_n) at z and at z·ω by the barycentric formula
 * f(z) = (z^n − 1)/n · Σ_i f_i·ω^i/(z − ω^i); the next-row value reuses the same weights with rows
 * shifted by one (f(zω) = (z^n − 1)/n · Σ_i f_{i+1}·ω^i/(z − ω^i) = … Σ_i f_i·w_{i−1}). Results
 * are flat Fp4 (4 words per column). The weighted column sums run in the WebAssembly kernel.
 * Throws RangeError if z ∈ H_n.
 */
export function evaluateTraceAt(trace: RowMajorMatrix, z: Fp4): { cur: Uint32Array; next: Uint32Array } {
  const n = trace.height;
  const logN = Math.log2(n);
  const omega = twoAdicGenerator(logN);
  const denoms = new Uint32Array(4 * n);
  let wi = 1;
  for (let i = 0; i < n; i++) {
    denoms[4 * i] = sub(z[0]!, wi);
    denoms[4 * i + 1] = z[1]!;
    denoms[4 * i + 2] = z[2]!;
    denoms[4 * i + 3] = z[3]!;
    wi = mul(wi, omega);
  }
  const weights = fp4BatchInverse(denoms);
  wi = 1;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 4; k++) weights[4 * i + k] = mul(weights[4 * i + k]!, wi);
    wi = mul(wi, omega);
  }
  const shifted = new Uint32Array(4 * n);
  shifted.set(weights.subarray(0, 4 * (n - 1)), 4);
  shifted.set(weights.subarray(4 * (n - 1)), 0);
  const scale = fp4MulBase(fp4Sub(fp4Pow(z, n), fp4(1, 0, 0, 0)), inv(n));
  const { a, b } = dotColumnsFp4(trace, weights, shifted);
  return { cur: scaleAll(a, scale), next: scaleAll(b!, scale) };
}

/** Evaluate polynomials given by coefficient columns (row i = coefficient of x^i) at z. */
export function evaluateCoeffsAt(coeffs: RowMajorMatrix, z: Fp4): Uint32Array {
  const n = coeffs.height;
  const powers = new Uint32Array(4 * n);
  let acc = fp4(1, 0, 0, 0);
  for (let i = 0; i < n; i++) {
    powers.set(acc, 4 * i);
    acc = fp4Mul(acc, z);
  }
  return dotColumnsFp4(coeffs, powers, null).a;
}

function scaleAll(flat: Uint32Array, s: Fp4): Uint32Array {
  const out = new Uint32Array(flat.length);
  for (let o = 0; o < flat.length; o += 4) out.set(fp4Mul(flat.subarray(o, o + 4), s), o);
  return out;
}

/** The point s·ω_N^i of the LDE coset of size 2^logN. */
export function ldePoint(logN: number, i: number): number {
  return mul(LDE_SHIFT, pow(twoAdicGenerator(logN), i));
}
