import { describe, expect, it } from 'vitest';
import { mul, P, pow, twoAdicGenerator, GENERATOR } from './babybear.ts';
import { RowMajorMatrix } from './matrix.ts';
import {
  cosetLde, cosetLdeParallel, evaluateCosetFromCoeffs, evaluateCosetFromCoeffsParallel,
  interpolateColumns, interpolateColumnsParallel, inttInPlace, inttInPlaceParallel, inttRowsInPlace,
  nttInPlace, nttInPlaceParallel, nttRowsInPlace, NttSizeError,
} from './ntt.ts';
import { evaluatePolynomial, referenceNttRows, referenceScaleRows } from './ntt-reference.ts';

/** Index of the first difference of two arrays, or -1 (fast; deep-equality on big arrays is slow). */
function firstMismatch(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function expectSame(actual: Uint32Array, expected: Uint32Array): void {
  expect(firstMismatch(actual, expected)).toBe(-1);
}

function randVec(n: number): Uint32Array {
  const v = new Uint32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.floor(Math.random() * P);
  return v;
}

/** Naive O(n^2) DFT: out[i] = Σ_j a_j ω^(ij), the oracle for the fast transform. */
function naiveDft(coeffs: Uint32Array, logN: number): Uint32Array {
  const n = 1 << logN;
  const w = twoAdicGenerator(logN);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = evaluatePolynomial(coeffs, pow(w, i));
  return out;
}

describe('NTT', () => {
  it('matches the naive DFT for sizes 2^0 .. 2^8', () => {
    for (let logN = 0; logN <= 8; logN++) {
      const a = randVec(1 << logN);
      const expected = naiveDft(a, logN);
      nttInPlace(a, logN);
      expect(Array.from(a)).toEqual(Array.from(expected));
    }
  });

  it('intt(ntt(x)) = x up to 2^14', () => {
    for (const logN of [1, 5, 10, 14]) {
      const x = randVec(1 << logN);
      const y = Uint32Array.from(x);
      nttInPlace(y, logN);
      inttInPlace(y, logN);
      expectSame(y, x);
    }
  });

  it('rejects a length that does not match logN', () => {
    expect(() => nttInPlace(new Uint32Array(6), 3)).toThrow(NttSizeError);
    expect(() => nttInPlace(new Uint32Array(1), 28)).toThrow(NttSizeError);
  });

  it('interpolateColumns recovers each column’s coefficients', () => {
    const logN = 4;
    const width = 3;
    const coeffs = randVec(width << logN);
    const evals = evaluateCosetFromCoeffs(new RowMajorMatrix(coeffs, width), logN, 1);
    const w = twoAdicGenerator(logN);
    for (let r = 0; r < 1 << logN; r++) {
      for (let c = 0; c < width; c++) {
        const col = new RowMajorMatrix(coeffs, width).column(c);
        expect(evals.get(r, c)).toBe(evaluatePolynomial(col, pow(w, r)));
      }
    }
    expectSame(interpolateColumns(evals).values, coeffs);
  });

  it('cosetLde agrees with direct evaluation of the interpolant at coset points', () => {
    const logN = 5;
    const logBlowup = 2;
    const width = 4;
    const coeffs = randVec(width << logN);
    const cm = new RowMajorMatrix(coeffs, width);
    const evals = evaluateCosetFromCoeffs(cm, logN, 1);
    const shift = GENERATOR;
    const lde = cosetLde(evals, logBlowup, shift);
    expect(lde.height).toBe(1 << (logN + logBlowup));
    expect(lde.width).toBe(width);
    const w = twoAdicGenerator(logN + logBlowup);
    for (let c = 0; c < width; c++) {
      const col = cm.column(c);
      for (let r = 0; r < lde.height; r++) {
        expect(lde.get(r, c)).toBe(evaluatePolynomial(col, mul(shift, pow(w, r))));
      }
    }
  });

  it('evaluateCosetFromCoeffs accepts fewer coefficients than the domain size', () => {
    const coeffs = randVec(2 * 5);
    const out = evaluateCosetFromCoeffs(new RowMajorMatrix(coeffs, 2), 3, 7);
    const w = twoAdicGenerator(3);
    const col0 = new RowMajorMatrix(coeffs, 2).column(0);
    for (let r = 0; r < 8; r++) expect(out.get(r, 0)).toBe(evaluatePolynomial(col0, mul(7, pow(w, r))));
    expect(() => evaluateCosetFromCoeffs(new RowMajorMatrix(coeffs, 2), 2, 7)).toThrow(NttSizeError);
  });
});

describe('WebAssembly kernels agree with the TypeScript reference on random inputs', () => {
  it('single-column NTT and inverse NTT, sizes 2^0 .. 2^16', () => {
    for (let logN = 0; logN <= 16; logN++) {
      const x = randVec(1 << logN);
      const fast = Uint32Array.from(x);
      const ref = Uint32Array.from(x);
      nttInPlace(fast, logN);
      referenceNttRows(ref, 1, logN, false);
      expectSame(fast, ref);
      inttInPlace(fast, logN);
      referenceNttRows(ref, 1, logN, true);
      expectSame(fast, ref);
      expectSame(fast, x);
    }
  });

  it('multi-column NTT over every column group shape (widths 1..19)', () => {
    for (const width of [1, 2, 3, 7, 8, 9, 16, 19]) {
      for (const logN of [0, 3, 4, 9, 13]) {
        const x = randVec(width << logN);
        const fast = Uint32Array.from(x);
        const ref = Uint32Array.from(x);
        nttRowsInPlace(fast, width, logN);
        referenceNttRows(ref, width, logN, false);
        expectSame(fast, ref);
        inttRowsInPlace(fast, width, logN);
        expectSame(fast, x);
      }
    }
  });

  it('coset LDE equals reference interpolate → scale by shift^i → zero-pad → NTT', () => {
    for (const [width, logN, logBlowup] of [[1, 10, 1], [5, 8, 2], [12, 6, 3], [3, 0, 2]] as const) {
      const evals = randVec(width << logN);
      const shift = GENERATOR;
      const fast = cosetLde(new RowMajorMatrix(evals, width), logBlowup, shift);
      const ref = new Uint32Array(width << (logN + logBlowup));
      const coeffs = Uint32Array.from(evals);
      referenceNttRows(coeffs, width, logN, true);
      referenceScaleRows(coeffs, width, 1 << logN, 1, shift);
      ref.set(coeffs);
      referenceNttRows(ref, width, logN + logBlowup, false);
      expectSame(fast.values, ref);
    }
  });

  it('coset evaluation from a non-power-of-two number of coefficients', () => {
    const width = 6;
    const coeffs = randVec(width * 37);
    const fast = evaluateCosetFromCoeffs(new RowMajorMatrix(coeffs, width), 7, 12345);
    const ref = new Uint32Array(width << 7);
    ref.set(coeffs);
    referenceScaleRows(ref, width, 37, 1, 12345);
    referenceNttRows(ref, width, 7, false);
    expectSame(fast.values, ref);
  });

  it('interpolation scales by 1/n exactly like the reference', () => {
    const evals = randVec(4 << 5);
    const ref = Uint32Array.from(evals);
    referenceNttRows(ref, 4, 5, true);
    expectSame(interpolateColumns(new RowMajorMatrix(evals, 4)).values, ref);
  });
});

describe('parallel transforms equal the single-threaded ones', () => {
  it('nttInPlaceParallel / inttInPlaceParallel on one column, sizes 2^0 .. 2^18', async () => {
    for (const logN of [0, 2, 3, 4, 5, 9, 12, 13, 16, 17, 18]) {
      const x = randVec(1 << logN);
      const par = Uint32Array.from(x);
      const seq = Uint32Array.from(x);
      await nttInPlaceParallel(par, logN);
      nttInPlace(seq, logN);
      expectSame(par, seq);
      await inttInPlaceParallel(par, logN);
      expectSame(par, x);
    }
  });

  it('cosetLdeParallel, interpolateColumnsParallel, evaluateCosetFromCoeffsParallel', async () => {
    for (const width of [1, 8, 21, 40]) {
      const evals = new RowMajorMatrix(randVec(width << 9), width);
      const [lde, interp] = await Promise.all([
        cosetLdeParallel(evals, 2, GENERATOR),
        interpolateColumnsParallel(evals),
      ]);
      expectSame(lde.values, cosetLde(evals, 2, GENERATOR).values);
      expectSame(interp.values, interpolateColumns(evals).values);
      const coeffs = new RowMajorMatrix(randVec(width * 100), width);
      const ev = await evaluateCosetFromCoeffsParallel(coeffs, 8, 7);
      expectSame(ev.values, evaluateCosetFromCoeffs(coeffs, 8, 7).values);
    }
  });
});
