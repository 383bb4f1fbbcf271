// Batch inversion (Montgomery's trick) of base-field and Fp4 elements in four interleaved chains.

import { MONT_ONE, montMul, P, vAdd, vMontMul } from './arith';

//
// Lane k of every vector follows the chain of elements i ≡ k (mod 4), so the prefix products of
// the four chains advance together in one SIMD multiplication. Work happens in Montgomery form
// (aR): montMul(aR, bR) = abR keeps the form, entering costs one product by R^2 and leaving one
// product by 1. The host pads the input to a multiple of four with ones and rejects zeros.

// a^e in Montgomery form from aR, by square-and-multiply.
function montPow(aR: u32, e: u32): u32 {
  let result = MONT_ONE;
  let base = aR;
  let k = e;
  while (k != 0) {
    if (k & 1) result = montMul(result, base);
    base = montMul(base, base);
    k >>>= 1;
  }
  return result;
}

/**
 * x[i] = 1/x[i] for n nonzero canonical elements (n a multiple of 4); scratch holds n words.
 * r2 = 2^64 mod p.
 */
export function batchInverse(x: usize, n: u32, scratch: usize, r2: u32): void {
  const r2v = i32x4.splat(r2);
  const one = i32x4.splat(1);
  let acc = i32x4.splat(MONT_ONE);
  const bytes = <usize>n << 2;
  for (let o: usize = 0; o < bytes; o += 16) {
    const v = vMontMul(v128.load(x + o), r2v);
    v128.store(x + o, v);
    v128.store(scratch + o, acc);
    acc = vMontMul(acc, v);
  }
  // Invert each lane's chain product: a^(p-2) = a^-1 (Fermat), still in Montgomery form.
  let inv = i32x4(
    montPow(i32x4.extract_lane(acc, 0), P - 2),
    montPow(i32x4.extract_lane(acc, 1), P - 2),
    montPow(i32x4.extract_lane(acc, 2), P - 2),
    montPow(i32x4.extract_lane(acc, 3), P - 2),
  );
  for (let o = bytes; o > 0; ) {
    o -= 16;
    const v = v128.load(x + o);
    v128.store(x + o, vMontMul(vMontMul(inv, v128.load(scratch + o)), one));
    inv = vMontMul(inv, v);
  }
}

// Fp4 = F_p[X]/(X^4 - 11) products on four elements at once, coefficient-major: the four
// vectors at a (16 bytes apart) hold coefficients 0..3 of four elements, all in Montgomery form.
// out may alias a or b (all inputs are read first). wR = 11·R mod p.
// @ts-ignore: decorator
@inline export function fp4MulLanes(out: usize, a: usize, b: usize, wR: v128): void {
  const a0 = v128.load(a);
  const a1 = v128.load(a, 16);
  const a2 = v128.load(a, 32);
  const a3 = v128.load(a, 48);
  const b0 = v128.load(b);
  const b1 = v128.load(b, 16);
  const b2 = v128.load(b, 32);
  const b3 = v128.load(b, 48);
  const c4 = vAdd(vAdd(vMontMul(a1, b3), vMontMul(a2, b2)), vMontMul(a3, b1));
  const c5 = vAdd(vMontMul(a2, b3), vMontMul(a3, b2));
  const c6 = vMontMul(a3, b3);
  v128.store(out, vAdd(vMontMul(a0, b0), vMontMul(c4, wR)));
  v128.store(out, vAdd(vAdd(vMontMul(a0, b1), vMontMul(a1, b0)), vMontMul(c5, wR)), 16);
  v128.store(out, vAdd(vAdd(vAdd(vMontMul(a0, b2), vMontMul(a1, b1)), vMontMul(a2, b0)), vMontMul(c6, wR)), 32);
  v128.store(out, vAdd(vAdd(vAdd(vMontMul(a0, b3), vMontMul(a1, b2)), vMontMul(a2, b1)), vMontMul(a3, b0)), 48);
}

// Transposes the 4×4 block at p in place (element-major <-> coefficient-major).
// @ts-ignore: decorator
@inline export function transpose4InPlace(p: usize): void {
  const v0 = v128.load(p);
  const v1 = v128.load(p, 16);
  const v2 = v128.load(p, 32);
  const v3 = v128.load(p, 48);
  const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  v128.store(p, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(p, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 16);
  v128.store(p, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 32);
  v128.store(p, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 48);
}

/**
 * First half of the Fp4 batch inversion of n elements at x (4n canonical words, n a multiple of
 * 4; scratch holds 4n words): converts x in place to coefficient-major Montgomery blocks, stores
 * the exclusive prefix products of the four lane chains in scratch, and writes the four chain
 * totals (coefficient-major Montgomery block) at totals. The host inverts the totals and calls
 * fp4BatchInverseFinish.
 */
export function fp4BatchInverseStart(x: usize, n: u32, scratch: usize, totals: usize, r2: u32, wR: u32): void {
  const r2v = i32x4.splat(r2);
  const wv = i32x4.splat(wR);
  const rv = i32x4.splat(MONT_ONE);
  v128.store(totals, rv);
  v128.store(totals, i32x4.splat(0), 16);
  v128.store(totals, i32x4.splat(0), 32);
  v128.store(totals, i32x4.splat(0), 48);
  const bytes = <usize>n << 4;
  for (let o: usize = 0; o < bytes; o += 64) {
    const p = x + o;
    transpose4InPlace(p);
    v128.store(p, vMontMul(v128.load(p), r2v));
    v128.store(p, vMontMul(v128.load(p, 16), r2v), 16);
    v128.store(p, vMontMul(v128.load(p, 32), r2v), 32);
    v128.store(p, vMontMul(v128.load(p, 48), r2v), 48);
    const s = scratch + o;
    v128.store(s, v128.load(totals));
    v128.store(s, v128.load(totals, 16), 16);
    v128.store(s, v128.load(totals, 32), 32);
    v128.store(s, v128.load(totals, 48), 48);
    fp4MulLanes(totals, totals, p, wv);
  }
}

/**
 * Second half: given the inverted chain totals at invs (coefficient-major Montgomery block, as
 * written by the host), writes 1/x[i] back to x in canonical element-major form.
 */
export function fp4BatchInverseFinish(x: usize, n: u32, scratch: usize, invs: usize, wR: u32): void {
  const wv = i32x4.splat(wR);
  const one = i32x4.splat(1);
  const bytes = <usize>n << 4;
  for (let o = bytes; o > 0; ) {
    o -= 64;
    const p = x + o;
    const s = scratch + o;
    // s := inv · prefix (the inverse of this block), invs := invs · x (peel this block off).
    fp4MulLanes(s, invs, s, wv);
    fp4MulLanes(invs, invs, p, wv);
    v128.store(p, vMontMul(v128.load(s), one));
    v128.store(p, vMontMul(v128.load(s, 16), one), 16);
    v128.store(p, vMontMul(v128.load(s, 32), one), 32);
    v128.store(p, vMontMul(v128.load(s, 48), one), 48);
    transpose4InPlace(p);
  }
}
