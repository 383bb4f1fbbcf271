/**
 * TypeScript oracles of the row-wise Fp4 kernels (fp4-rows.ts): same contracts, plain Fp4
 * arithmetic. Only tests import them.
 */
import { add, inv, mul, sub } from '../../field/babybear.ts';
import { fp4AddInto, fp4MulInto, type Fp4 } from '../../field/extension.ts';

/** subMulAccFp4, in TypeScript. */
export function subMulAccReference(out: Uint32Array, g: Uint32Array, gStride: number, gOffset: number, v: Fp4, invs: Uint32Array): void {
  const t = new Uint32Array(4);
  for (let r = 0; r < out.length / 4; r++) {
    const o = r * gStride + gOffset;
    for (let c = 0; c < 4; c++) t[c] = sub(g[o + c]!, v[c]!);
    fp4MulInto(t, 0, t, 0, invs, 4 * r);
    fp4AddInto(out, 4 * r, out, 4 * r, t, 0);
  }
}

/** scaleAccFp4, in TypeScript. */
export function scaleAccReference(out: Uint32Array, a: Uint32Array, s: Fp4): void {
  const t = new Uint32Array(4);
  for (let o = 0; o < out.length; o += 4) {
    fp4MulInto(t, 0, a, o, s, 0);
    fp4AddInto(out, o, out, o, t, 0);
  }
}

/** friFoldFp4, in TypeScript. */
export function friFoldReference(cur: Uint32Array, beta: Fp4, omegaInv: number): Uint32Array {
  const half = cur.length / 8;
  const next = new Uint32Array(4 * half);
  const inv2 = inv(2);
  const t = new Uint32Array(4);
  let w = inv2;
  for (let j = 0; j < half; j++) {
    for (let k = 0; k < 4; k++) {
      const a = cur[4 * j + k]!;
      const b = cur[4 * (j + half) + k]!;
      next[4 * j + k] = mul(add(a, b), inv2);
      t[k] = mul(sub(a, b), w);
    }
    fp4MulInto(t, 0, t, 0, beta, 0);
    fp4AddInto(next, 4 * j, next, 4 * j, t, 0);
    w = mul(w, omegaInv);
  }
  return next;
}
