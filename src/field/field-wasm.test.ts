import { describe, expect, it } from 'vitest';
import { mul, P } from './babybear.ts';
import { fieldWasm, MONT_R, MONT_R2, setArenaBudgetForTests, toMontgomery, withPoolContext } from './field-wasm.ts';
import { RowMajorMatrix } from './matrix.ts';
import { cosetLde, cosetLdeParallel } from './ntt.ts';
import { referenceNttRows, referenceScaleRows } from './ntt-reference.ts';

function randVec(n: number): Uint32Array {
  const v = new Uint32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.floor(Math.random() * P);
  return v;
}

function firstMismatch(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('field-wasm host', () => {
  it('Montgomery constants: R = 2^32 mod p, R^2 = 2^64 mod p', () => {
    expect(MONT_R).toBe(Number((1n << 32n) % BigInt(P)));
    expect(MONT_R2).toBe(Number((1n << 64n) % BigInt(P)));
    expect(toMontgomery(1)).toBe(MONT_R);
    expect(toMontgomery(5)).toBe(mul(5, MONT_R));
  });

  it('a parallel NTT split into more parts than workers (ranges crossing butterfly groups) is exact', async () => {
    for (const [logN, parts] of [[12, 8], [15, 16], [16, 3], [14, 64]] as const) {
      const x = randVec(1 << logN);
      const par = Uint32Array.from(x);
      const ref = Uint32Array.from(x);
      await withPoolContext((ctx) => ctx.nttParallel(par, logN, false, parts));
      referenceNttRows(ref, 1, logN, false);
      expect(firstMismatch(par, ref)).toBe(-1);
    }
  });

  it('grows memory and twiddle tables on demand and keeps earlier results valid', () => {
    const ctx = fieldWasm();
    const small = randVec(1 << 5);
    const big = randVec(1 << 17);
    const smallRef = Uint32Array.from(small);
    const bigRef = Uint32Array.from(big);
    referenceNttRows(smallRef, 1, 5, false);
    referenceNttRows(bigRef, 1, 17, false);
    ctx.ntt(small, 5, false);
    ctx.ntt(big, 17, false);
    expect(firstMismatch(small, smallRef)).toBe(-1);
    expect(firstMismatch(big, bigRef)).toBe(-1);
  });
});

describe('column batching (matrices larger than the arena budget)', () => {
  it('cosetLde and cosetLdeParallel give the reference result when split into column batches', async () => {
    const width = 37;
    const logN = 9;
    const evals = randVec(width << logN);
    const ref = new Uint32Array(width << (logN + 1));
    const coeffs = Uint32Array.from(evals);
    referenceNttRows(coeffs, width, logN, true);
    referenceScaleRows(coeffs, width, 1 << logN, 1, 31);
    ref.set(coeffs);
    referenceNttRows(ref, width, logN + 1, false);
    // ~100 KiB budget: a few columns per batch, with a ragged last batch.
    const previous = setArenaBudgetForTests(100 * 1024);
    try {
      const m = new RowMajorMatrix(evals, width);
      expect(firstMismatch(cosetLde(m, 1, 31).values, ref)).toBe(-1);
      expect(firstMismatch((await cosetLdeParallel(m, 1, 31)).values, ref)).toBe(-1);
    } finally {
      setArenaBudgetForTests(previous);
    }
  });
});

describe('synchronous transforms that block on the pool', () => {
  it('narrow matrices (split by single columns) and wide ones (split by column groups) are exact', () => {
    for (const [width, logN] of [[3, 16], [2, 17], [20, 13]] as const) {
      const x = randVec(width << logN);
      const ref = Uint32Array.from(x);
      referenceNttRows(ref, width, logN, false);
      const fast = fieldWasm().transformColumns(x, width, { logN, logOut: logN, inverse: false, factors: null, forward: true });
      expect(firstMismatch(fast, ref)).toBe(-1);
    }
  });
});
