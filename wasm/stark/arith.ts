// BabyBear arithmetic shared by the STARK kernels (AssemblyScript, SIMD128).
//
// p = 2^31 − 2^27 + 1. Products use Montgomery multiplication with R = 2^32: montMul(a, b) =
// a·b·R^-1 mod p, canonical for canonical inputs. The quotient interpreter keeps its registers in
// Montgomery form (x·R), so one montMul per product and plain modular adds; the linear kernels
// (row combinations, column dot products) multiply canonical data by Montgomery-form
// coefficients, which yields canonical results with no conversion pass.
// Reductions use the "unsigned min" trick: for x in [0, 2p), min_u(x, x − p) = x mod p.

export const P: u32 = 0x78000001;
// MU = p^-1 mod 2^32, so that m = t·MU makes t and m·p agree in their low 32 bits.
export const MU: u32 = 0x88000001;

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

// @ts-ignore: decorator
@inline export function vNeg(a: v128): v128 {
  // p − a is p for a = 0; the min with p − a − p = −a (wraps to a huge value unless a = 0) fixes it.
  const d = i32x4.sub(i32x4.splat(P), a);
  return i32x4.min_u(d, i32x4.sub(d, i32x4.splat(P)));
}

// Lane-wise Montgomery product: hi(a·b) − hi(m·p) (+p if negative); the low halves cancel by the
// choice of m. High halves come from two widening multiplies per product and one shuffle.
// @ts-ignore: decorator
@inline export function vMontMul(a: v128, b: v128): v128 {
  const pv = i32x4.splat(P);
  const m = i32x4.mul(i32x4.mul(a, b), i32x4.splat(MU));
  const abLo = i64x2.extmul_low_i32x4_u(a, b);
  const abHi = i64x2.extmul_high_i32x4_u(a, b);
  const mpLo = i64x2.extmul_low_i32x4_u(m, pv);
  const mpHi = i64x2.extmul_high_i32x4_u(m, pv);
  const hab = i32x4.shuffle(abLo, abHi, 1, 3, 5, 7);
  const hmp = i32x4.shuffle(mpLo, mpHi, 1, 3, 5, 7);
  const d = i32x4.sub(hab, hmp);
  return i32x4.min_u(d, i32x4.add(d, pv));
}

// Scalar Montgomery product.
// @ts-ignore: decorator
@inline export function montMul(a: u32, b: u32): u32 {
  const t: u64 = <u64>a * <u64>b;
  const m: u32 = <u32>t * MU;
  const d: u32 = <u32>(t >>> 32) - <u32>((<u64>m * <u64>P) >>> 32);
  return min<u32>(d, d + P);
}
