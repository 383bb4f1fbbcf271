/**
 * TypeScript oracles of the linear kernels (linear.ts): same contracts, plain Fp4 arithmetic.
 * Only tests import them.
 */
import { fp4AddInto, fp4MulInto } from '../../field/extension.ts';
import type { RowMajorMatrix } from '../../field/matrix.ts';

/** combineRowsFp4, in TypeScript. */
export function combineRowsReference(m: RowMajorMatrix, coefs: Uint32Array): Uint32Array {
  const out = new Uint32Array(4 * m.height);
  const t = new Uint32Array(4);
  const x = new Uint32Array(4);
  for (let r = 0; r < m.height; r++) {
    for (let c = 0; c < m.width; c++) {
      x[0] = m.values[r * m.width + c]!;
      fp4MulInto(t, 0, x, 0, coefs, 4 * c);
      fp4AddInto(out, 4 * r, out, 4 * r, t, 0);
    }
  }
  return out;
}

/** dotColumnsFp4, in TypeScript. */
export function dotColumnsReference(
  m: RowMajorMatrix,
  weightsA: Uint32Array,
  weightsB: Uint32Array | null,
): { a: Uint32Array; b: Uint32Array | null } {
  const dot = (weights: Uint32Array): Uint32Array => {
    const out = new Uint32Array(4 * m.width);
    const t = new Uint32Array(4);
    const x = new Uint32Array(4);
    for (let r = 0; r < m.height; r++) {
      for (let c = 0; c < m.width; c++) {
        x[0] = m.values[r * m.width + c]!;
        fp4MulInto(t, 0, x, 0, weights, 4 * r);
        fp4AddInto(out, 4 * c, out, 4 * c, t, 0);
      }
    }
    return out;
  };
  return { a: dot(weightsA), b: weightsB === null ? null : dot(weightsB) };
}
