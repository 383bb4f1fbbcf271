// Element-wise vector kernels: sums, differences, products, scaling and geometric sequences
// over canonical BabyBear vectors. General constants are passed in Montgomery form (cR), so one
// Montgomery product x·cR·R^-1 = x·c gives a canonical result without converting the data.

import { addMod, montMul, subMod, vAdd, vMontMul, vSub } from './arith';


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

/** out[i] = a[i]·b[i] for canonical a, b: montMul(montMul(a, b), R^2) = a·b. r2 = 2^64 mod p. */
export function mulVec(out: usize, a: usize, b: usize, n: u32, r2: u32): void {
  const n4 = n & ~3;
  const r2v = i32x4.splat(r2);
  let i: u32 = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, vMontMul(vMontMul(v128.load(a + o), v128.load(b + o)), r2v));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(out + o, montMul(montMul(load<u32>(a + o), load<u32>(b + o)), r2));
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
