import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { SeededRng } from '../testing/prng.ts';
import { combineRowsFp4, dotColumnsFp4 } from './linear.ts';
import { combineRowsReference, dotColumnsReference } from './linear-reference.ts';

const rng = new SeededRng(2024);
const randomWords = (n: number, edge = false): Uint32Array =>
  Uint32Array.from({ length: n }, () => (edge && rng.below(4) === 0 ? [0, 1, P - 1][rng.below(3)]! : rng.below(P)));
const same = (a: Uint32Array, b: Uint32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

// Shapes cover odd widths (the kernel's two-accumulator tail), heights not a multiple of 4 per
// task, and matrices big enough to be split across the worker pool.
const SHAPES: [number, number][] = [[1, 1], [2, 3], [4, 1], [8, 7], [64, 2], [300, 5], [2048, 33], [4096, 40]];

describe('linear kernels (WebAssembly) agree with the TypeScript oracle', () => {
  it('combineRowsFp4: Σ_c coefs[c]·m[r][c] per row', () => {
    for (const [h, w] of SHAPES) {
      const m = new RowMajorMatrix(randomWords(h * w, true), w);
      const coefs = randomWords(4 * w, true);
      expect(same(combineRowsFp4(m, coefs), combineRowsReference(m, coefs)), `${h}x${w}`).toBe(true);
    }
  });

  it('dotColumnsFp4: Σ_r m[r][c]·weights[r] per column, one or two weight vectors', () => {
    for (const [h, w] of SHAPES) {
      const m = new RowMajorMatrix(randomWords(h * w, true), w);
      const wa = randomWords(4 * h, true);
      const wb = randomWords(4 * h, true);
      const got = dotColumnsFp4(m, wa, wb);
      const want = dotColumnsReference(m, wa, wb);
      expect(same(got.a, want.a), `${h}x${w} A`).toBe(true);
      expect(same(got.b!, want.b!), `${h}x${w} B`).toBe(true);
      const single = dotColumnsFp4(m, wa, null);
      expect(single.b).toBeNull();
      expect(same(single.a, want.a), `${h}x${w} A only`).toBe(true);
    }
  });

  it('rejects mismatched shapes', () => {
    const m = new RowMajorMatrix(new Uint32Array(8), 2);
    expect(() => combineRowsFp4(m, new Uint32Array(4))).toThrow(RangeError);
    expect(() => dotColumnsFp4(m, new Uint32Array(12), null)).toThrow(RangeError);
  });
});
