/**
 * Plain TypeScript radix-2 transforms: the reference the WebAssembly kernels are tested against
 * (ntt.test.ts checks both agree on random inputs) and the oracle helpers of the tests. Same
 * conventions as ntt.ts: natural order in and out, iterative Cooley–Tukey decimation in time
 * (bit-reverse permutation, then log n butterfly levels), whole rows per butterfly.
 */
import { inv, mul, P } from './babybear.ts';
import { twiddleTables } from './twiddles.ts';

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
  const n = 2 ** logN;
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

/**
 * NTT (or, with inverse, the scaled inverse NTT) of every column of a row-major array of 2^logN
 * rows, in place.
 */
export function referenceNttRows(values: Uint32Array, width: number, logN: number, inverse: boolean): void {
  const tables = twiddleTables(logN);
  const table = inverse ? tables.inverse : tables.forward;
  bitReverseRowsInPlace(values, width, logN);
  const n = 2 ** logN;
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
  if (inverse) {
    const nInv = inv(n);
    for (let i = 0; i < values.length; i++) values[i] = mul(values[i]!, nInv);
  }
}

/** Multiplies row i (of the first `rows` rows) by start·ratio^i, in place. */
export function referenceScaleRows(
  values: Uint32Array,
  width: number,
  rows: number,
  start: number,
  ratio: number,
): void {
  let f = start;
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    for (let c = 0; c < width; c++) values[o + c] = mul(values[o + c]!, f);
    f = mul(f, ratio);
  }
}

/** Direct Horner evaluation of a polynomial (coefficients low→high) at x; the test oracle. */
export function evaluatePolynomial(coeffs: ArrayLike<number>, x: number): number {
  let acc = 0;
  for (let i = coeffs.length - 1; i >= 0; i--) {
    const t = mul(acc, x) + coeffs[i]!;
    acc = t >= P ? t - P : t;
  }
  return acc;
}
