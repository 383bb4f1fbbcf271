/**
 * Radix-2 number-theoretic transforms over BabyBear on typed arrays: forward NTT (coefficients →
 * evaluations on ⟨ω_n⟩, ω_n = twoAdicGenerator(log n)), inverse NTT, column-wise interpolation of
 * a row-major matrix, coset evaluation and coset low-degree extension. Natural order in and out.
 *
 * The work runs in the WebAssembly SIMD kernels (wasm/field, host side in field-wasm.ts). The
 * synchronous functions run on the calling thread, except that big jobs on the main thread of a
 * multi-core machine are split over the shared worker pool while the caller blocks; the async
 * `…Parallel` variants always use the pool (matrices split by columns, one column by NTT stage)
 * and resolve with the same result. ntt-reference.ts holds the TypeScript reference they are
 * tested against.
 */
import { inv, P, TWO_ADICITY } from './babybear.ts';
import { fieldWasm, withPoolContext, type ColumnPlan } from './field-wasm.ts';
import { RowMajorMatrix } from './matrix.ts';

/** Thrown for a transform size that is not a power of two within BabyBear's two-adicity. */
export class NttSizeError extends RangeError {
  constructor(message: string) {
    super(`ntt: ${message}`);
    this.name = 'NttSizeError';
  }
}

/** Forward NTT of 2^logN coefficients in place: values[i] becomes f(ω^i). */
export function nttInPlace(values: Uint32Array, logN: number): void {
  checkSize(values.length, 1, logN);
  fieldWasm().ntt(values, logN, false);
}

/** Inverse NTT of 2^logN evaluations in place: values become the coefficients. */
export function inttInPlace(values: Uint32Array, logN: number): void {
  checkSize(values.length, 1, logN);
  fieldWasm().ntt(values, logN, true);
}

/** nttInPlace spread over the worker pool (bit reversal stays on the calling thread). */
export async function nttInPlaceParallel(values: Uint32Array, logN: number): Promise<void> {
  checkSize(values.length, 1, logN);
  await withPoolContext((ctx) => ctx.nttParallel(values, logN, false));
}

/** inttInPlace spread over the worker pool. */
export async function inttInPlaceParallel(values: Uint32Array, logN: number): Promise<void> {
  checkSize(values.length, 1, logN);
  await withPoolContext((ctx) => ctx.nttParallel(values, logN, true));
}

/** Forward NTT of every column of a row-major array of 2^logN rows, in place. */
export function nttRowsInPlace(values: Uint32Array, width: number, logN: number): void {
  checkSize(values.length, width, logN);
  values.set(fieldWasm().transformColumns(values, width, { logN, logOut: logN, inverse: false, factors: null, forward: true }));
}

/** Inverse NTT of every column of a row-major array of 2^logN rows, in place. */
export function inttRowsInPlace(values: Uint32Array, width: number, logN: number): void {
  checkSize(values.length, width, logN);
  values.set(fieldWasm().transformColumns(values, width, interpolatePlan(logN)));
}

/** Coefficients of each column's interpolant over ⟨ω_height⟩ (height must be a power of two). */
export function interpolateColumns(evals: RowMajorMatrix): RowMajorMatrix {
  const plan = interpolatePlan(log2Exact(evals.height));
  return new RowMajorMatrix(fieldWasm().transformColumns(evals.values, evals.width, plan), evals.width);
}

/** interpolateColumns on the worker pool. */
export async function interpolateColumnsParallel(evals: RowMajorMatrix): Promise<RowMajorMatrix> {
  const plan = interpolatePlan(log2Exact(evals.height));
  const out = await withPoolContext((ctx) => ctx.transformColumnsParallel(evals.values, evals.width, plan));
  return new RowMajorMatrix(out, evals.width);
}

/**
 * Evaluates each column's polynomial (coefficients low→high, height ≤ 2^logSize) on the coset
 * shift·⟨ω_{logSize}⟩, natural order: row i of the result is f(shift·ω^i).
 */
export function evaluateCosetFromCoeffs(coeffs: RowMajorMatrix, logSize: number, shift: number): RowMajorMatrix {
  const plan = cosetPlan(coeffs.height, logSize, shift);
  return new RowMajorMatrix(fieldWasm().transformColumns(coeffs.values, coeffs.width, plan), coeffs.width);
}

/** evaluateCosetFromCoeffs on the worker pool. */
export async function evaluateCosetFromCoeffsParallel(
  coeffs: RowMajorMatrix,
  logSize: number,
  shift: number,
): Promise<RowMajorMatrix> {
  const plan = cosetPlan(coeffs.height, logSize, shift);
  const out = await withPoolContext((ctx) => ctx.transformColumnsParallel(coeffs.values, coeffs.width, plan));
  return new RowMajorMatrix(out, coeffs.width);
}

/**
 * Low-degree extension: each column of `evals` (height 2^logN, values on ⟨ω_logN⟩) is
 * interpolated and re-evaluated on shift·⟨ω_{logN+logBlowup}⟩; height grows by 2^logBlowup.
 * One pass per column: inverse NTT, multiply coefficient i by shift^i/2^logN, zero-pad, NTT.
 */
export function cosetLde(evals: RowMajorMatrix, logBlowup: number, shift: number): RowMajorMatrix {
  const plan = ldePlan(evals.height, logBlowup, shift);
  return new RowMajorMatrix(fieldWasm().transformColumns(evals.values, evals.width, plan), evals.width);
}

/** cosetLde on the worker pool. */
export async function cosetLdeParallel(
  evals: RowMajorMatrix,
  logBlowup: number,
  shift: number,
): Promise<RowMajorMatrix> {
  const plan = ldePlan(evals.height, logBlowup, shift);
  const out = await withPoolContext((ctx) => ctx.transformColumnsParallel(evals.values, evals.width, plan));
  return new RowMajorMatrix(out, evals.width);
}

/** The exact base-2 logarithm of a power of two ≤ 2^27; throws NttSizeError otherwise. */
export function log2Exact(n: number): number {
  if (!Number.isInteger(n) || n < 1 || (n & (n - 1)) !== 0 || n > 2 ** TWO_ADICITY) {
    throw new NttSizeError(`size ${n} is not a power of two ≤ 2^${TWO_ADICITY}`);
  }
  return 31 - Math.clz32(n);
}

function interpolatePlan(logN: number): ColumnPlan {
  return { logN, logOut: logN, inverse: true, factors: { start: inv(2 ** logN), ratio: 1 }, forward: false };
}

function cosetPlan(height: number, logSize: number, shift: number): ColumnPlan {
  checkLog(logSize);
  if (height > 2 ** logSize) {
    throw new NttSizeError(`${height} coefficients do not fit a domain of size 2^${logSize}`);
  }
  const s = canonicalShift(shift);
  return { logN: 0, logOut: logSize, inverse: false, factors: s === 1 ? null : { start: 1, ratio: s }, forward: true };
}

function ldePlan(height: number, logBlowup: number, shift: number): ColumnPlan {
  const logN = log2Exact(height);
  checkLog(logBlowup);
  checkLog(logN + logBlowup);
  return {
    logN,
    logOut: logN + logBlowup,
    inverse: true,
    factors: { start: inv(2 ** logN), ratio: canonicalShift(shift) },
    forward: true,
  };
}

function canonicalShift(shift: number): number {
  if (!Number.isSafeInteger(shift)) throw new NttSizeError(`coset shift ${shift} is not an integer`);
  const s = shift % P;
  return s < 0 ? s + P : s;
}

function checkLog(logN: number): void {
  if (!Number.isInteger(logN) || logN < 0 || logN > TWO_ADICITY) {
    throw new NttSizeError(`log size ${logN} outside [0, ${TWO_ADICITY}]`);
  }
}

function checkSize(length: number, width: number, logN: number): void {
  checkLog(logN);
  if (!Number.isInteger(width) || width < 1 || length !== width * 2 ** logN) {
    throw new NttSizeError(`expected ${width}·2^${logN} values, got ${length}`);
  }
}
