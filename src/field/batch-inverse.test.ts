import { describe, expect, it } from 'vitest';
import { inv, mul, P } from './babybear.ts';
import { batchInverse, ZeroInverseError } from './batch-inverse.ts';

describe('batchInverse', () => {
  it('inverts every element of a random batch', () => {
    const n = 1000;
    const xs = new Uint32Array(n);
    for (let i = 0; i < n; i++) xs[i] = 1 + Math.floor(Math.random() * (P - 1));
    const ys = batchInverse(xs);
    for (let i = 0; i < n; i++) {
      expect(mul(xs[i]!, ys[i]!)).toBe(1);
      expect(ys[i]).toBe(inv(xs[i]!));
    }
  });

  it('handles empty and single-element batches', () => {
    expect(batchInverse(new Uint32Array(0)).length).toBe(0);
    expect(Array.from(batchInverse(Uint32Array.of(2)))).toEqual([(P + 1) / 2]);
  });

  it('throws ZeroInverseError carrying the index of the zero', () => {
    const xs = Uint32Array.of(5, 7, 0, 9);
    let caught: unknown;
    try {
      batchInverse(xs);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ZeroInverseError);
    expect((caught as ZeroInverseError).index).toBe(2);
  });
});
