import { describe, expect, it } from 'vitest';
import { mul, P, pow, twoAdicGenerator, GENERATOR } from './babybear.ts';
import { RowMajorMatrix } from './matrix.ts';
import {
  cosetLde, evaluateCosetFromCoeffs, evaluatePolynomial, interpolateColumns, inttInPlace,
  nttInPlace, NttSizeError,
} from './ntt.ts';

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
      expect(y).toEqual(x);
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
    expect(interpolateColumns(evals).values).toEqual(coeffs);
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
