/**
 * Radix-2 number-theoretic transforms over BabyBear on typed arrays: forward NTT (coefficients →
 * evaluations on the subgroup ⟨ω_n⟩, ω_n = twoAdicGenerator(log n)), inverse NTT, column-wise
 * interpolation of a row-major matrix and coset low-degree extension.
 *
 * Orders: everything is natural order in and out. Internally the transform is the iterative
 * Cooley–Tukey decimation-in-time: bit-reverse permutation, then log n butterfly levels.
 * Matrix transforms work on whole rows: every butterfly at a level uses one twiddle for all
 * columns, so the inner loop runs along contiguous memory (this is also how the WebAssembly
 * kernel vectorises the multi-column case).
 */
import { inv, mul, P, TWO_ADICITY, twoAdicGenerator } from './babybear.ts';
import { RowMajorMatrix } from './matrix.ts';

/** Thrown for a transform size that is not a power of two within BabyBear's two-adicity. */
export class NttSizeError extends RangeError {
  constructor(message: string) {
    super(`ntt: ${message}`);
    this.name = 'NttSizeError';
  }
}

/**
 * Twiddles for every level up to 2^maxLog, laid out so that level with half-size m (m = 2^k)
 * occupies [m, 2m): table[m + j] = ω_{2m}^j. ω_{2m} does not depend on the transform size, so one
 * growing table serves all sizes and each level's twiddles are contiguous.
 */
interface TwiddleTable {
  readonly logMax: number;
  readonly forward: Uint32Array;
  readonly inverse: Uint32Array;
}

let twiddles: TwiddleTable = { logMax: 0, forward: new Uint32Array(1), inverse: new Uint32Array(1) };

/** Forward and inverse twiddle tables covering transforms of size up to 2^logN (shared, read-only). */
export function twiddleTables(logN: number): TwiddleTable {
  if (twiddles.logMax >= logN) return twiddles;
  const n = 1 << logN;
  const forward = new Uint32Array(n);
  const inverse = new Uint32Array(n);
  forward.set(twiddles.forward);
  inverse.set(twiddles.inverse);
  for (let k = twiddles.logMax; k < logN; k++) {
    const m = 1 << k;
    const w = twoAdicGenerator(k + 1);
    const wInv = inv(w);
    let f = 1;
    let g = 1;
    for (let j = 0; j < m; j++) {
      forward[m + j] = f;
      inverse[m + j] = g;
      f = mul(f, w);
      g = mul(g, wInv);
    }
  }
  twiddles = { logMax: logN, forward, inverse };
  return twiddles;
}

/** Reverses the low `bits` bits of i. */
export function reverseBits(i: number, bits: number): number {
  let r = 0;
  let x = i;
  for (let b = 0; b < bits; b++) {
    r = (r << 1) | (x & 1);
    x >>>= 1;
  }
  return r >>> 0;
}

/** Permutes rows of a row-major array (width words per row) into bit-reversed order, in place. */
export function bitReverseRowsInPlace(values: Uint32Array, width: number, logN: number): void {
  const n = 1 << logN;
  for (let i = 0; i < n; i++) {
    const j = reverseBits(i, logN);
    if (j <= i) continue;
    const a = i * width;
    const b = j * width;
    for (let c = 0; c < width; c++) {
      const t = values[a + c]!;
      values[a + c] = values[b + c]!;
      values[b + c] = t;
    }
  }
}

/** Forward NTT of 2^logN coefficients in place: values[i] becomes f(ω^i). */
export function nttInPlace(values: Uint32Array, logN: number): void {
  checkSize(values.length, 1, logN);
  transformRows(values, 1, logN, twiddleTables(logN).forward);
}

/** Inverse NTT of 2^logN evaluations in place: values become the coefficients. */
export function inttInPlace(values: Uint32Array, logN: number): void {
  checkSize(values.length, 1, logN);
  transformRows(values, 1, logN, twiddleTables(logN).inverse);
  scale(values, inv(1 << logN));
}

/** Forward NTT of every column of a row-major array of 2^logN rows, in place. */
export function nttRowsInPlace(values: Uint32Array, width: number, logN: number): void {
  checkSize(values.length, width, logN);
  transformRows(values, width, logN, twiddleTables(logN).forward);
}

/** Inverse NTT of every column of a row-major array of 2^logN rows, in place. */
export function inttRowsInPlace(values: Uint32Array, width: number, logN: number): void {
  checkSize(values.length, width, logN);
  transformRows(values, width, logN, twiddleTables(logN).inverse);
  scale(values, inv(1 << logN));
}

/** Coefficients of each column's interpolant over ⟨ω_height⟩ (height must be a power of two). */
export function interpolateColumns(evals: RowMajorMatrix): RowMajorMatrix {
  const logN = log2Exact(evals.height);
  const out = Uint32Array.from(evals.values);
  inttRowsInPlace(out, evals.width, logN);
  return new RowMajorMatrix(out, evals.width);
}

/**
 * Evaluates each column's polynomial (coefficients low→high, height ≤ 2^logSize) on the coset
 * shift·⟨ω_{logSize}⟩, natural order: row i of the result is f(shift·ω^i).
 */
export function evaluateCosetFromCoeffs(
  coeffs: RowMajorMatrix,
  logSize: number,
  shift: number,
): RowMajorMatrix {
  checkLog(logSize);
  const width = coeffs.width;
  const h = coeffs.height;
  if (h > 2 ** logSize) {
    throw new NttSizeError(`${h} coefficients do not fit a domain of size 2^${logSize}`);
  }
  const out = new Uint32Array(width << logSize);
  out.set(coeffs.values);
  shiftRows(out, width, h, shift);
  transformRows(out, width, logSize, twiddleTables(logSize).forward);
  return new RowMajorMatrix(out, width);
}

/**
 * Low-degree extension: each column of `evals` (height 2^logN, values on ⟨ω_logN⟩) is
 * interpolated and re-evaluated on shift·⟨ω_{logN+logBlowup}⟩; height grows by 2^logBlowup.
 */
export function cosetLde(evals: RowMajorMatrix, logBlowup: number, shift: number): RowMajorMatrix {
  const logN = log2Exact(evals.height);
  checkLog(logN + logBlowup);
  return evaluateCosetFromCoeffs(interpolateColumns(evals), logN + logBlowup, shift);
}

/** Multiplies row i (of the first `rows` rows) by shift^i, in place. */
export function shiftRows(values: Uint32Array, width: number, rows: number, shift: number): void {
  const s = shift % P;
  if (s === 1) return;
  let f = 1;
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    for (let c = 0; c < width; c++) values[o + c] = mul(values[o + c]!, f);
    f = mul(f, s);
  }
}

/** The exact base-2 logarithm of a power of two; throws NttSizeError otherwise. */
export function log2Exact(n: number): number {
  if (!Number.isInteger(n) || n < 1 || (n & (n - 1)) !== 0 || n > 2 ** TWO_ADICITY) {
    throw new NttSizeError(`size ${n} is not a power of two ≤ 2^${TWO_ADICITY}`);
  }
  return 31 - Math.clz32(n);
}

function transformRows(values: Uint32Array, width: number, logN: number, table: Uint32Array): void {
  bitReverseRowsInPlace(values, width, logN);
  const n = 1 << logN;
  for (let m = 1; m < n; m <<= 1) {
    const stride = m * width;
    for (let k = 0; k < n; k += 2 * m) {
      for (let j = 0; j < m; j++) {
        const w = table[m + j]!;
        const lo = (k + j) * width;
        const hi = lo + stride;
        for (let c = 0; c < width; c++) {
          const u = values[lo + c]!;
          const t = mul(values[hi + c]!, w);
          const s = u + t;
          const d = u - t;
          values[lo + c] = s >= P ? s - P : s;
          values[hi + c] = d < 0 ? d + P : d;
        }
      }
    }
  }
}

function scale(values: Uint32Array, factor: number): void {
  for (let i = 0; i < values.length; i++) values[i] = mul(values[i]!, factor);
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

/** Direct O(n·d) evaluation of a polynomial (coefficients low→high) at x; the test oracle. */
export function evaluatePolynomial(coeffs: ArrayLike<number>, x: number): number {
  let acc = 0;
  for (let i = coeffs.length - 1; i >= 0; i--) {
    const t = mul(acc, x) + coeffs[i]!;
    acc = t >= P ? t - P : t;
  }
  return acc;
}
