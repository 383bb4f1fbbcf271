// Arithmetic primitives shared by the field kernels (and importable by other modules' kernels,
// e.g. `import { vMontMul } from '../field/arith'`): scalar and 4-lane BabyBear addition,
// subtraction, Montgomery and Shoup products. All results are canonical (in [0, p)).
//
// Reduction uses the "unsigned min" trick: for x in [0, 2p), min_u(x, x - p) is x mod p because
// x - p wraps to a huge unsigned number exactly when x < p.

/** The BabyBear prime 2^31 - 2^27 + 1. */
export const P: u32 = 0x78000001;
/** P^-1 mod 2^32 (so that m = t·MU makes t and m·P agree in their low 32 bits). */
export const MU: u32 = 0x88000001;
/** 1 in Montgomery form: 2^32 mod p. */
export const MONT_ONE: u32 = 0x0ffffffe;

// ---------------------------------------------------------------------------------------------
// Scalar helpers
// ---------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline export function addMod(a: u32, b: u32): u32 {
  const s = a + b;
  return min<u32>(s, s - P);
}

// @ts-ignore: decorator
@inline export function subMod(a: u32, b: u32): u32 {
  const d = a - b;
  return min<u32>(d, d + P);
}

// Montgomery product a·b·2^-32 mod p for a, b < p (result canonical).
// @ts-ignore: decorator
@inline export function montMul(a: u32, b: u32): u32 {
  const t: u64 = <u64>a * <u64>b;
  const m: u32 = <u32>t * MU;
  const d: u32 = <u32>(t >>> 32) - <u32>((<u64>m * <u64>P) >>> 32);
  return min<u32>(d, d + P);
}

// ---------------------------------------------------------------------------------------------
// SIMD helpers (4 lanes of u32)
// ---------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline export function vAdd(a: v128, b: v128): v128 {
  const s = i32x4.add(a, b);
  return i32x4.min_u(s, i32x4.sub(s, i32x4.splat(P)));
}

// @ts-ignore: decorator
@inline export function vSub(a: v128, b: v128): v128 {
  const d = i32x4.sub(a, b);
  return i32x4.min_u(d, i32x4.add(d, i32x4.splat(P)));
}

// Lane-wise Montgomery product. The low halves of a·b and m·p agree by construction of m, so the
// result is hi(a·b) - hi(m·p) (+p if negative). High halves come from two extended multiplies per
// product (lanes 0,1 and 2,3) and one shuffle gathering the odd 32-bit words.
// @ts-ignore: decorator
@inline export function vMontMul(a: v128, b: v128): v128 {
  const pv = i32x4.splat(P);
  const m = i32x4.mul(i32x4.mul(a, b), i32x4.splat(MU));
  const abLo = v128.extmul_low<u32>(a, b);
  const abHi = v128.extmul_high<u32>(a, b);
  const mpLo = v128.extmul_low<u32>(m, pv);
  const mpHi = v128.extmul_high<u32>(m, pv);
  const hab = i32x4.shuffle(abLo, abHi, 1, 3, 5, 7);
  const hmp = i32x4.shuffle(mpLo, mpHi, 1, 3, 5, 7);
  const d = i32x4.sub(hab, hmp);
  return i32x4.min_u(d, i32x4.add(d, pv));
}

// @ts-ignore: decorator
@inline export function shoupMul(a: u32, w: u32, wShoup: u32): u32 {
  const q = <u32>((<u64>a * <u64>wShoup) >>> 32);
  const r = a * w - q * P;
  return min<u32>(r, r - P);
}

// Lane-wise Shoup product a·w mod p.
// @ts-ignore: decorator
@inline export function vShoupMul(a: v128, w: v128, wShoup: v128): v128 {
  const lo = v128.extmul_low<u32>(a, wShoup);
  const hi = v128.extmul_high<u32>(a, wShoup);
  const q = i32x4.shuffle(lo, hi, 1, 3, 5, 7);
  const r = i32x4.sub(i32x4.mul(a, w), i32x4.mul(q, i32x4.splat(P)));
  return i32x4.min_u(r, i32x4.sub(r, i32x4.splat(P)));
}

/** Shoup companion floor(w·2^32 / p) of a canonical constant w. */
export function shoup(w: u32): u32 {
  return <u32>((<u64>w << 32) / <u64>P);
}

