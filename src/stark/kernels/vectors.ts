/**
 * Small whole-array helpers of the prover written in TypeScript (their cost is linear in data
 * that is already much smaller than the traces: Fp4 codewords and coefficient vectors).
 */
import { mul as mul_, P as P_ } from '../../field/babybear.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const mul = mul_;
const P = P_;

/** Multiply row r (width w) of the row-major `values` by ratio^r, in place. */
export function scaleRowsGeometric(values: Uint32Array, w: number, ratio: number): void {
  const rows = values.length / w;
  let f = 1;
  for (let r = 0; r < rows; r++) {
    const o = r * w;
    if (f !== 1) for (let c = 0; c < w; c++) values[o + c] = mul(values[o + c]!, f);
    f = mul(f, ratio);
  }
}

/** acc[i] += x[i] (mod p), element-wise over equal lengths. */
export function addInto(acc: Uint32Array, x: Uint32Array): void {
  for (let i = 0; i < acc.length; i++) {
    const s = acc[i]! + x[i]!;
    acc[i] = s >= P ? s - P : s;
  }
}
