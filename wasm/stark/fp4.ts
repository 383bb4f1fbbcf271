// Row-wise Fp4 kernels of the prover's DEEP and FRI passes (scalar u64 arithmetic: one Fp4
// element per row does not fill SIMD lanes without a transpose, and these passes are linear in
// codewords that are already small next to the trace work).
//
// Fp4 = F_p[X]/(X^4 − 11), coefficients low→high, 16 bytes per element, canonical in and out.
// Products: a·b with b converted to Montgomery form once (b·R), so montMul(a_i, b_j·R) = a_i·b_j.

import { montMul, P } from './arith';

// @ts-ignore: decorator
@inline function addM(a: u32, b: u32): u32 {
  const s = a + b;
  return min<u32>(s, s - P);
}

// @ts-ignore: decorator
@inline function subM(a: u32, b: u32): u32 {
  const d = a - b;
  return min<u32>(d, d + P);
}

// out += a·b for an Fp4 product where b is given in Montgomery form (b0..b3) and w1..w3 =
// 11·b1..11·b3 also in Montgomery form (canonical a and out).
// @ts-ignore: decorator
@inline function mulAcc(
  out: usize, a0: u32, a1: u32, a2: u32, a3: u32, b0: u32, b1: u32, b2: u32, b3: u32, w1: u32, w2: u32, w3: u32,
): void {
  const c0 = addM(addM(montMul(a0, b0), montMul(a1, w3)), addM(montMul(a2, w2), montMul(a3, w1)));
  const c1 = addM(addM(montMul(a0, b1), montMul(a1, b0)), addM(montMul(a2, w3), montMul(a3, w2)));
  const c2 = addM(addM(montMul(a0, b2), montMul(a1, b1)), addM(montMul(a2, b0), montMul(a3, w3)));
  const c3 = addM(addM(montMul(a0, b3), montMul(a1, b2)), addM(montMul(a2, b1), montMul(a3, b0)));
  store<u32>(out, addM(load<u32>(out), c0));
  store<u32>(out, addM(load<u32>(out, 4), c1), 4);
  store<u32>(out, addM(load<u32>(out, 8), c2), 8);
  store<u32>(out, addM(load<u32>(out, 12), c3), 12);
}

/**
 * out[r] += (g[r] − v)·inv[r] for r < n: g is Fp4 at byte stride gStride, v one Fp4 at `v`, inv
 * and out dense Fp4 (16-byte stride). r2 = R² mod p, w11 = 11·R mod p.
 */
export function subMulAccRows(out: usize, g: usize, gStride: u32, v: usize, inv: usize, n: u32, r2: u32, w11: u32): void {
  const v0 = load<u32>(v);
  const v1 = load<u32>(v, 4);
  const v2 = load<u32>(v, 8);
  const v3 = load<u32>(v, 12);
  for (let r: u32 = 0; r < n; r++) {
    const gp = g + <usize>r * gStride;
    const ip = inv + (<usize>r << 4);
    const b0 = montMul(load<u32>(ip), r2);
    const b1 = montMul(load<u32>(ip, 4), r2);
    const b2 = montMul(load<u32>(ip, 8), r2);
    const b3 = montMul(load<u32>(ip, 12), r2);
    mulAcc(
      out + (<usize>r << 4),
      subM(load<u32>(gp), v0), subM(load<u32>(gp, 4), v1), subM(load<u32>(gp, 8), v2), subM(load<u32>(gp, 12), v3),
      b0, b1, b2, b3, montMul(b1, w11), montMul(b2, w11), montMul(b3, w11),
    );
  }
}

/**
 * out[r] += s·a[r] for r < n (a, out dense Fp4; s one Fp4 at `s`, canonical). r2 = R² mod p,
 * w11 = 11·R mod p.
 */
export function scaleAccRows(out: usize, a: usize, s: usize, n: u32, r2: u32, w11: u32): void {
  const b0 = montMul(load<u32>(s), r2);
  const b1 = montMul(load<u32>(s, 4), r2);
  const b2 = montMul(load<u32>(s, 8), r2);
  const b3 = montMul(load<u32>(s, 12), r2);
  const w1 = montMul(b1, w11);
  const w2 = montMul(b2, w11);
  const w3 = montMul(b3, w11);
  for (let r: u32 = 0; r < n; r++) {
    const ap = a + (<usize>r << 4);
    mulAcc(out + (<usize>r << 4), load<u32>(ap), load<u32>(ap, 4), load<u32>(ap, 8), load<u32>(ap, 12), b0, b1, b2, b3, w1, w2, w3);
  }
}

/**
 * One arity-2 FRI fold (see src/stark/fri.ts): for j < half, with a = cur[j], b = cur[j + half]
 * and w_j = ω^{-j}/2 (w_{j+1} = w_j·ω^{-1}):
 *   next[j] = (a + b)/2 + β·(a − b)·w_j.
 * Constants in Montgomery form: inv2R = R/2 (also w_0·R), omegaInvR = ω^{-1}·R; beta canonical Fp4.
 */
export function friFold(cur: usize, next: usize, half: u32, beta: usize, inv2R: u32, omegaInvR: u32, r2: u32, w11: u32): void {
  const b0 = montMul(load<u32>(beta), r2);
  const b1 = montMul(load<u32>(beta, 4), r2);
  const b2 = montMul(load<u32>(beta, 8), r2);
  const b3 = montMul(load<u32>(beta, 12), r2);
  const w1 = montMul(b1, w11);
  const w2 = montMul(b2, w11);
  const w3 = montMul(b3, w11);
  const hi = cur + (<usize>half << 4);
  // wR = w_j·R (Montgomery form), so montMul(x, wR) = x·w_j.
  let wR = inv2R;
  for (let j: u32 = 0; j < half; j++) {
    const ap = cur + (<usize>j << 4);
    const bp = hi + (<usize>j << 4);
    const a0 = load<u32>(ap);
    const a1 = load<u32>(ap, 4);
    const a2 = load<u32>(ap, 8);
    const a3 = load<u32>(ap, 12);
    const c0 = load<u32>(bp);
    const c1 = load<u32>(bp, 4);
    const c2 = load<u32>(bp, 8);
    const c3 = load<u32>(bp, 12);
    const np = next + (<usize>j << 4);
    store<u32>(np, montMul(addM(a0, c0), inv2R));
    store<u32>(np, montMul(addM(a1, c1), inv2R), 4);
    store<u32>(np, montMul(addM(a2, c2), inv2R), 8);
    store<u32>(np, montMul(addM(a3, c3), inv2R), 12);
    mulAcc(
      np, montMul(subM(a0, c0), wR), montMul(subM(a1, c1), wR), montMul(subM(a2, c2), wR), montMul(subM(a3, c3), wR),
      b0, b1, b2, b3, w1, w2, w3,
    );
    wR = montMul(wR, omegaInvR);
  }
}
