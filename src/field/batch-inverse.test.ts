import { describe, expect, it } from 'vitest';
import { inv, mul, P } from './babybear.ts';
import { batchInverse, batchInverseReference, WASM_MIN_BATCH, ZeroInverseError } from './batch-inverse.ts';

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

  it('the WebAssembly path equals the TypeScript reference on random batches of awkward sizes', () => {
    for (const n of [WASM_MIN_BATCH, WASM_MIN_BATCH + 1, 1000, 4097, 100_003]) {
      const xs = new Uint32Array(n);
      for (let i = 0; i < n; i++) xs[i] = 1 + Math.floor(Math.random() * (P - 1));
      xs[0] = 1;
      xs[n - 1] = P - 1;
      const fast = batchInverse(xs);
      const ref = batchInverseReference(xs);
      let bad = -1;
      for (let i = 0; i < n && bad < 0; i++) if (fast[i] !== ref[i]) bad = i;
      expect(bad).toBe(-1);
    }
  });

  it('the WebAssembly path reports the first zero by index', () => {
    const xs = new Uint32Array(500).fill(3);
    xs[321] = 0;
    xs[400] = 0;
    expect(() => batchInverse(xs)).toThrow(ZeroInverseError);
    try {
      batchInverse(xs);
    } catch (e) {
      expect((e as ZeroInverseError).index).toBe(321);
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
