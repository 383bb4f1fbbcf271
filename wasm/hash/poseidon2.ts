// Poseidon2-BabyBear width 16, four permutations at once in WebAssembly SIMD.
//
// Layout: vector j of the working state holds element j of four independent states (one per i32x4
// lane), so every step of the permutation is the same instruction on four states.
// Arithmetic: Montgomery form with R = 2^32 (x is stored as x·R mod p). A product uses
// i64x2.extmul to get the 64-bit products of two lanes at a time, q = (a·b mod 2^32)·p^{-1} mod 2^32
// from i32x4.mul, and (a·b − q·p) / 2^32 = hi32(a·b) − hi32(q·p) in (−p, p); one unsigned min folds it
// into [0, p). This is the same reduction Plonky3 uses in its AVX2/NEON BabyBear code; it needs no
// 64-bit lane compare and no division. Inputs/outputs are canonical; conversion costs 2 products
// per element per permutation.
//
// The constants are not duplicated here: the host writes the canonical Plonky3 constants
// (src/hash/poseidon2-constants.ts) into the staging area and calls p2_setup() once per memory.
// Apart from those read-only constants the kernel touches only memory the caller passes in (the
// states and a 256-byte scratch), so worker threads can share one memory.

const P: u32 = 0x78000001;
// p^{-1} mod 2^32.
const MU: u32 = 0x88000001;
// R^2 mod p = 2^64 mod p, to enter Montgomery form.
const R2: u32 = 0x45dddde3;
const WIDTH: i32 = 16;
const HALF_EXTERNAL: i32 = 4;
const INTERNAL_ROUNDS: i32 = 13;
// Staging layout (u32, canonical): external initial 4×16, external final 4×16, internal 13.
const STAGE_WORDS: i32 = 2 * HALF_EXTERNAL * WIDTH + INTERNAL_ROUNDS;

const STAGE: usize = memory.data(STAGE_WORDS * 4, 16);
// Same order as STAGE, each constant splatted into a v128 in Montgomery form.
const CONSTS: usize = memory.data(STAGE_WORDS * 16, 16);
/** Bytes of scratch a batch call needs (16-byte aligned): the transposed working state. */
export const P2_SCRATCH_BYTES: i32 = WIDTH * 16;

const EXT_FINAL_OFF: usize = <usize>(HALF_EXTERNAL * WIDTH) * 16;
const INTERNAL_OFF: usize = <usize>(2 * HALF_EXTERNAL * WIDTH) * 16;

@inline function addMod(a: v128, b: v128): v128 {
  const r = i32x4.add(a, b);
  return i32x4.min_u(r, i32x4.sub(r, i32x4.splat(P)));
}

@inline function montMul(a: v128, b: v128): v128 {
  const p = i32x4.splat(P);
  const prodLo = i64x2.extmul_low_i32x4_u(a, b);
  const prodHi = i64x2.extmul_high_i32x4_u(a, b);
  // a·b mod 2^32 is the low halves of the products already computed (one shuffle, no multiply).
  const q = i32x4.mul(v128.shuffle<i32>(prodLo, prodHi, 0, 2, 4, 6), i32x4.splat(MU));
  const qpLo = i64x2.extmul_low_i32x4_u(q, p);
  const qpHi = i64x2.extmul_high_i32x4_u(q, p);
  const r = i32x4.sub(v128.shuffle<i32>(prodLo, prodHi, 1, 3, 5, 7), v128.shuffle<i32>(qpLo, qpHi, 1, 3, 5, 7));
  return i32x4.min_u(r, i32x4.add(r, p));
}

@inline function sbox(x: v128): v128 {
  const x2 = montMul(x, x);
  const x3 = montMul(x2, x);
  const x4 = montMul(x2, x2);
  return montMul(x3, x4);
}

// Working state of the current batch call (a thread-local global: each instance has its own).
let state: usize = 0;

@inline function ld(i: i32): v128 {
  return v128.load(state + (<usize>i << 4));
}

@inline function st(i: i32, v: v128): void {
  v128.store(state + (<usize>i << 4), v);
}

/** x ↦ (M4 on each block of 4, then add the per-position sums across blocks). */
function externalLinear(): void {
  for (let b = 0; b < WIDTH; b += 4) {
    const x0 = ld(b);
    const x1 = ld(b + 1);
    const x2 = ld(b + 2);
    const x3 = ld(b + 3);
    // M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]] with 8 additions and 2 doublings.
    const t01 = addMod(x0, x1);
    const t23 = addMod(x2, x3);
    const t0123 = addMod(t01, t23);
    const t01123 = addMod(t0123, x1);
    const t01233 = addMod(t0123, x3);
    st(b + 3, addMod(t01233, addMod(x0, x0)));
    st(b + 1, addMod(t01123, addMod(x2, x2)));
    st(b, addMod(t01123, t01));
    st(b + 2, addMod(t01233, t23));
  }
  for (let k = 0; k < 4; k++) {
    const sum = addMod(addMod(ld(k), ld(k + 4)), addMod(ld(k + 8), ld(k + 12)));
    for (let b = k; b < WIDTH; b += 4) st(b, addMod(ld(b), sum));
  }
}

function externalRound(rc: usize): void {
  for (let i = 0; i < WIDTH; i++) st(i, sbox(addMod(ld(i), v128.load(rc + (<usize>i << 4)))));
  externalLinear();
}

@inline function subMod(a: v128, b: v128): v128 {
  const r = i32x4.sub(a, b);
  return i32x4.min_u(r, i32x4.add(r, i32x4.splat(P)));
}

@inline function double(x: v128): v128 {
  return addMod(x, x);
}

// x / 2^k without a product by a full constant: with x = hi·2^k + lo (lo < 2^k),
// x / 2^k = hi + lo·2^{-k} and 2^{-k} ≡ −15·2^{27−k} (mod p) because p − 1 = 15·2^27; the
// product lo·15·2^{27−k} < 15·2^27 < p fits a 32-bit lane. Montgomery form is linear, so this is
// valid on Montgomery representatives too.
@inline function div2exp(x: v128, k: i32): v128 {
  const lo = v128.and(x, i32x4.splat((1 << k) - 1));
  return subMod(i32x4.shr_u(x, k), i32x4.mul(lo, i32x4.splat(15 << (27 - k))));
}

// Internal round. The matrix 1 + Diag(V) uses Plonky3's width-16 diagonal
// V = [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 1/2^8, 1/4, 1/8, 1/2^27, -1/2^8, -1/16, -1/2^27],
// so every V_i·x is additions, or a shift and a small product. With part = x_1 + … + x_15 and
// sum = part + x_0: out_0 = sum − 2·x_0 = part − x_0. The S-box on x_0 and `part` are independent,
// which gives the CPU two chains to overlap.
function internalRound(rc: usize): void {
  const x0 = sbox(addMod(ld(0), v128.load(rc)));
  let part = ld(1);
  for (let i = 2; i < WIDTH; i++) part = addMod(part, ld(i));
  const sum = addMod(part, x0);
  st(0, subMod(part, x0));
  st(1, addMod(sum, ld(1)));
  st(2, addMod(sum, double(ld(2))));
  st(3, addMod(sum, div2exp(ld(3), 1)));
  st(4, addMod(sum, addMod(double(ld(4)), ld(4))));
  st(5, addMod(sum, double(double(ld(5)))));
  st(6, subMod(sum, div2exp(ld(6), 1)));
  st(7, subMod(sum, addMod(double(ld(7)), ld(7))));
  st(8, subMod(sum, double(double(ld(8)))));
  st(9, addMod(sum, div2exp(ld(9), 8)));
  st(10, addMod(sum, div2exp(ld(10), 2)));
  st(11, addMod(sum, div2exp(ld(11), 3)));
  st(12, addMod(sum, div2exp(ld(12), 27)));
  st(13, subMod(sum, div2exp(ld(13), 8)));
  st(14, subMod(sum, div2exp(ld(14), 4)));
  st(15, subMod(sum, div2exp(ld(15), 27)));
}

function permuteState(): void {
  externalLinear();
  for (let r = 0; r < HALF_EXTERNAL; r++) externalRound(CONSTS + <usize>(r * WIDTH) * 16);
  for (let r = 0; r < INTERNAL_ROUNDS; r++) internalRound(CONSTS + INTERNAL_OFF + (<usize>r << 4));
  for (let r = 0; r < HALF_EXTERNAL; r++) externalRound(CONSTS + EXT_FINAL_OFF + <usize>(r * WIDTH) * 16);
}

/** Address of the canonical-constants staging area (STAGE_WORDS u32). */
export function p2_stage_ptr(): usize {
  return STAGE;
}

/** Convert the staged canonical constants into splatted Montgomery form. */
export function p2_setup(): void {
  const r2 = i32x4.splat(R2);
  for (let i = 0; i < STAGE_WORDS; i++) {
    const c = load<u32>(STAGE + (<usize>i << 2));
    v128.store(CONSTS + (<usize>i << 4), montMul(i32x4.splat(c), r2));
  }
}

/**
 * Permute `count` states stored one after another at `states` (16 u32 each, canonical in and out)
 * in place; `scratch` is P2_SCRATCH_BYTES of 16-byte-aligned memory owned by the caller.
 */
export function p2_permute16_batch(states: usize, count: i32, scratch: usize): void {
  state = scratch;
  const r2 = i32x4.splat(R2);
  const one = i32x4.splat(1);
  for (let g = 0; g < count; g += 4) {
    const lanes = min(4, count - g);
    const base = states + <usize>(g * WIDTH) * 4;
    for (let j = 0; j < WIDTH; j++) {
      let v = i32x4.splat(0);
      const at = base + (<usize>j << 2);
      v = i32x4.replace_lane(v, 0, load<u32>(at));
      if (lanes > 1) v = i32x4.replace_lane(v, 1, load<u32>(at + 64));
      if (lanes > 2) v = i32x4.replace_lane(v, 2, load<u32>(at + 128));
      if (lanes > 3) v = i32x4.replace_lane(v, 3, load<u32>(at + 192));
      st(j, montMul(v, r2));
    }
    permuteState();
    for (let j = 0; j < WIDTH; j++) {
      const v = montMul(ld(j), one);
      const at = base + (<usize>j << 2);
      store<u32>(at, i32x4.extract_lane(v, 0));
      if (lanes > 1) store<u32>(at + 64, i32x4.extract_lane(v, 1));
      if (lanes > 2) store<u32>(at + 128, i32x4.extract_lane(v, 2));
      if (lanes > 3) store<u32>(at + 192, i32x4.extract_lane(v, 3));
    }
  }
}
