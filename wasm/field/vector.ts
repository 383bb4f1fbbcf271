// Element-wise vector kernels: sums, differences, products, scaling and geometric sequences
// over canonical BabyBear vectors. General constants are passed in Montgomery form (cR), so one
// Montgomery product x·cR·R^-1 = x·c gives a canonical result without converting the data.

import { addMod, MONT_ONE, montMul, P, shoupMul, subMod, vAdd, vMontMul, vShoupMul, vSub } from './arith';


/** out[i] = a[i] + b[i] for i < n. */
export function addVec(out: usize, a: usize, b: usize, n: u32): void {
  const n4 = n & ~3;
  let i: u32 = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, vAdd(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(out + o, addMod(load<u32>(a + o), load<u32>(b + o)));
  }
}

/** out[i] = a[i] - b[i] for i < n. */
export function subVec(out: usize, a: usize, b: usize, n: u32): void {
  const n4 = n & ~3;
  let i: u32 = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, vSub(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(out + o, subMod(load<u32>(a + o), load<u32>(b + o)));
  }
}

// 2^32 mod p as a canonical constant and its Shoup companion: multiplying by it undoes the R^-1
// that a Montgomery product leaves behind.
const R_CANONICAL: u32 = MONT_ONE;
const R_SHOUP: u32 = <u32>((<u64>MONT_ONE << 32) / <u64>P);

/**
 * out[i] = a[i]·b[i] for canonical a, b: montMul(a, b) = a·b·R^-1, then a Shoup product by R.
 * (Shoup by a constant needs one high-half product where a second Montgomery product by R^2
 * would need two.)
 */
export function mulVec(out: usize, a: usize, b: usize, n: u32): void {
  const n4 = n & ~3;
  const rv = i32x4.splat(R_CANONICAL);
  const rs = i32x4.splat(R_SHOUP);
  let i: u32 = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, vShoupMul(vMontMul(v128.load(a + o), v128.load(b + o)), rv, rs));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(out + o, shoupMul(montMul(load<u32>(a + o), load<u32>(b + o)), R_CANONICAL, R_SHOUP));
  }
}

/** x[i] = x[i]·c for a constant given in Montgomery form cR = c·2^32 mod p. */
export function scaleVec(x: usize, n: u32, cR: u32): void {
  const n4 = n & ~3;
  const cv = i32x4.splat(cR);
  let i: u32 = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(x + o, vMontMul(v128.load(x + o), cv));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(x + o, montMul(load<u32>(x + o), cR));
  }
}

/** x[i] = x[i]·f[i] where the factors f are in Montgomery form. */
export function mulFactors(x: usize, f: usize, n: u32): void {
  const n4 = n & ~3;
  let i: u32 = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(x + o, vMontMul(v128.load(x + o), v128.load(f + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(x + o, montMul(load<u32>(x + o), load<u32>(f + o)));
  }
}

/**
 * out[i] = start·ratio^i for i < n, all in Montgomery form (montMul keeps the form: aR·bR·R^-1 =
 * abR). Four lanes advance by ratio^4 per step, so the serial dependency chain is n/4 long.
 */
export function geometric(out: usize, n: u32, startR: u32, ratioR: u32): void {
  let x = startR;
  const head = min<u32>(n, 4);
  for (let i: u32 = 0; i < head; i++) {
    store<u32>(out + (<usize>i << 2), x);
    x = montMul(x, ratioR);
  }
  if (n <= 4) return;
  const r2 = montMul(ratioR, ratioR);
  const r4v = i32x4.splat(montMul(r2, r2));
  let v = v128.load(out);
  let i: u32 = 4;
  for (; i + 4 <= n; i += 4) {
    v = vMontMul(v, r4v);
    v128.store(out + (<usize>i << 2), v);
  }
  for (; i < n; i++) {
    const o = out + (<usize>i << 2);
    store<u32>(o, montMul(load<u32>(o - 4), ratioR));
  }
}
