import { describe, expect, it } from 'vitest';
import { add, mul, P, sub } from './babybear.ts';
import {
  addVectors, addVectorsParallel, mulVectors, mulVectorsParallel, scaleVector, subVectors, subVectorsParallel,
} from './vector.ts';

/** Random canonical values with the edge cases 0, 1, p-1 and p-2 mixed in. */
function randVec(n: number): Uint32Array {
  const v = new Uint32Array(n);
  const edges = [0, 1, P - 1, P - 2];
  for (let i = 0; i < n; i++) v[i] = i % 17 < 4 ? edges[i % 17]! : Math.floor(Math.random() * P);
  return v;
}

describe('WebAssembly vector kernels equal the scalar TypeScript field ops', () => {
  it('add, sub, mul, scale on random vectors of awkward lengths', () => {
    for (const n of [0, 1, 3, 4, 5, 1023, 4096 + 3]) {
      const a = randVec(n);
      const b = randVec(n).reverse();
      const c = Math.floor(Math.random() * P);
      const sum = addVectors(a, b);
      const diff = subVectors(a, b);
      const prod = mulVectors(a, b);
      const scaled = scaleVector(a, c);
      let bad = -1;
      for (let i = 0; i < n && bad < 0; i++) {
        if (
          sum[i] !== add(a[i]!, b[i]!) ||
          diff[i] !== sub(a[i]!, b[i]!) ||
          prod[i] !== mul(a[i]!, b[i]!) ||
          scaled[i] !== mul(a[i]!, c)
        ) bad = i;
      }
      expect(bad).toBe(-1);
      expect(sum.length).toBe(n);
    }
  });

  it('parallel forms equal the single-threaded ones (lengths not divisible by the split)', async () => {
    for (const n of [0, 1, 7, 4099, 100_003]) {
      const a = randVec(n);
      const b = randVec(n).reverse();
      const same = (x: Uint32Array, y: Uint32Array): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
      expect(same(await addVectorsParallel(a, b), addVectors(a, b))).toBe(true);
      expect(same(await subVectorsParallel(a, b), subVectors(a, b))).toBe(true);
      expect(same(await mulVectorsParallel(a, b), mulVectors(a, b))).toBe(true);
    }
  });

  it('rejects vectors of different lengths', () => {
    expect(() => addVectors(new Uint32Array(3), new Uint32Array(4))).toThrow(RangeError);
  });
});
