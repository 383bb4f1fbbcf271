// BabyBear field kernels in AssemblyScript, compiled to WebAssembly with SIMD128 by
// scripts/build-wasm.mjs (-> build/wasm/field.wasm). Memory is imported (shared), so the same
// kernels run on the main thread and in every worker of src/field/worker-pool.ts over one
// SharedArrayBuffer. All pointers are byte offsets into that memory; the JS side owns layout.
//
// Representation: data stays CANONICAL (values in [0, p)) everywhere. General multiplicative
// constants (coset powers, scalars) are stored in Montgomery form c·R mod p, R = 2^32, so one
// Montgomery multiplication montMul(x, c·R) = x·c·R·R^-1 = x·c returns a canonical product with
// no conversion pass over the data. Montgomery (rather than Barrett) because its reduction needs
// only low-half 32-bit multiplies plus the high halves of two 32x32 products, which map onto
// i32x4.mul and i64x2.extmul_{low,high}_i32x4_u; Barrett would need a 64x64 high multiply.
// NTT twiddles use Shoup's precomputed-quotient product instead (see the NTT section).
//
// Reduction uses the "unsigned min" trick: for x in [0, 2p), min_u(x, x - p) is x mod p because
// x - p wraps to a huge unsigned number exactly when x < p. This keeps every result canonical.

const P: u32 = 0x78000001;
// MU = P^-1 mod 2^32 (so that m = t·MU makes t and m·P agree in their low 32 bits).
const MU: u32 = 0x88000001;

// ---------------------------------------------------------------------------------------------
// Scalar helpers
// ---------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function addMod(a: u32, b: u32): u32 {
  const s = a + b;
  return min<u32>(s, s - P);
}

// @ts-ignore: decorator
@inline function subMod(a: u32, b: u32): u32 {
  const d = a - b;
  return min<u32>(d, d + P);
}

// Montgomery product a·b·2^-32 mod p for a, b < p (result canonical).
// @ts-ignore: decorator
@inline function montMul(a: u32, b: u32): u32 {
  const t: u64 = <u64>a * <u64>b;
  const m: u32 = <u32>t * MU;
  const d: u32 = <u32>(t >>> 32) - <u32>((<u64>m * <u64>P) >>> 32);
  return min<u32>(d, d + P);
}

// ---------------------------------------------------------------------------------------------
// SIMD helpers (4 lanes of u32)
// ---------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function vAdd(a: v128, b: v128): v128 {
  const s = i32x4.add(a, b);
  return i32x4.min_u(s, i32x4.sub(s, i32x4.splat(P)));
}

// @ts-ignore: decorator
@inline function vSub(a: v128, b: v128): v128 {
  const d = i32x4.sub(a, b);
  return i32x4.min_u(d, i32x4.add(d, i32x4.splat(P)));
}

// Lane-wise Montgomery product. The low halves of a·b and m·p agree by construction of m, so the
// result is hi(a·b) - hi(m·p) (+p if negative). High halves come from two extended multiplies per
// product (lanes 0,1 and 2,3) and one shuffle gathering the odd 32-bit words.
// @ts-ignore: decorator
@inline function vMontMul(a: v128, b: v128): v128 {
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

// ---------------------------------------------------------------------------------------------
// Vector arithmetic
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Batch inversion (Montgomery's trick) in four interleaved chains
// ---------------------------------------------------------------------------------------------
//
// Lane k of every vector follows the chain of elements i ≡ k (mod 4), so the prefix products of
// the four chains advance together in one SIMD multiplication. Work happens in Montgomery form
// (aR): montMul(aR, bR) = abR keeps the form, entering costs one product by R^2 and leaving one
// product by 1. The host pads the input to a multiple of four with ones and rejects zeros.

// a^e in Montgomery form from aR, by square-and-multiply.
function montPow(aR: u32, e: u32): u32 {
  let result: u32 = 0x0ffffffe; // 1·R mod p
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
  let acc = i32x4.splat(0x0ffffffe);
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
@inline function fp4MulLanes(out: usize, a: usize, b: usize, wR: v128): void {
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
@inline function transpose4InPlace(p: usize): void {
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
  const rv = i32x4.splat(0x0ffffffe);
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

// ---------------------------------------------------------------------------------------------
// NTT
// ---------------------------------------------------------------------------------------------
//
// Twiddle tables ("tw") hold, for each half-span m (a power of two) and j < m, the entry
// e = m + j equal to w_{2m}^j, CANONICAL, with its Shoup companion w' = floor(w·2^32 / p).
// They are stored interleaved in groups of four: group g = e >> 2 occupies 32 bytes,
// [w_{4g} .. w_{4g+3}] then [w'_{4g} .. w'_{4g+3}].
//
// Why Shoup here rather than Montgomery: for a product by a constant known in advance, Shoup's
// method (V. Shoup, NTL; see Harvey, "Faster arithmetic for number-theoretic transforms", 2014)
// needs ONE high-half product q = hi32(a·w') and then only low-half products:
// r = a·w - q·p (mod 2^32) lies in [0, 2p) and one unsigned-min folds it. Montgomery needs two
// high-half products, and every high-half product costs two lane shuffles plus a shuffle to
// gather results in wasm SIMD (i64x2.extmul_{low,high}); shuffles, not multiplies, bound the
// butterfly, so Shoup halves its critical resource.

// @ts-ignore: decorator
@inline function twScalar(tw: usize, e: u32): u32 {
  return load<u32>(tw + ((<usize>(e >> 2)) << 5) + ((<usize>(e & 3)) << 2));
}

// @ts-ignore: decorator
@inline function twShoupScalar(tw: usize, e: u32): u32 {
  return load<u32>(tw + ((<usize>(e >> 2)) << 5) + 16 + ((<usize>(e & 3)) << 2));
}

// a·w mod p for canonical a, w with w' = floor(w·2^32/p).
// @ts-ignore: decorator
@inline function shoupMul(a: u32, w: u32, wShoup: u32): u32 {
  const q = <u32>((<u64>a * <u64>wShoup) >>> 32);
  const r = a * w - q * P;
  return min<u32>(r, r - P);
}

// Lane-wise Shoup product a·w mod p.
// @ts-ignore: decorator
@inline function vShoupMul(a: v128, w: v128, wShoup: v128): v128 {
  const lo = v128.extmul_low<u32>(a, wShoup);
  const hi = v128.extmul_high<u32>(a, wShoup);
  const q = i32x4.shuffle(lo, hi, 1, 3, 5, 7);
  const r = i32x4.sub(i32x4.mul(a, w), i32x4.mul(q, i32x4.splat(P)));
  return i32x4.min_u(r, i32x4.sub(r, i32x4.splat(P)));
}

// Shoup companion floor(w·2^32 / p) of a canonical constant w.
function shoup(w: u32): u32 {
  return <u32>((<u64>w << 32) / <u64>P);
}

/**
 * Writes the interleaved twiddle table for n entries (n a multiple of 4) at dst from a plain
 * canonical table at src (see the layout note above).
 */
export function buildTwiddles(dst: usize, src: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i += 4) {
    const s = src + (<usize>i << 2);
    const d = dst + (<usize>i << 3);
    v128.store(d, v128.load(s));
    store<u32>(d, shoup(load<u32>(s)), 16);
    store<u32>(d, shoup(load<u32>(s, 4)), 20);
    store<u32>(d, shoup(load<u32>(s, 8)), 24);
    store<u32>(d, shoup(load<u32>(s, 12)), 28);
  }
}

// Levels with butterfly span below BLOCK elements are run block by block (depth first) so a
// 16 KiB block stays in L1 across those levels; wider levels stream over the whole array. Levels
// go two per pass (radix-4) wherever possible, halving loads and stores.
const LOG_BLOCK: u32 = 12;
/** Permutes x (2^logN words) into bit-reversed index order, in place. */
export function bitReverse(x: usize, logN: u32): void {
  if (logN < 2) return;
  const n: u32 = 1 << logN;
  const shift: u32 = 32 - logN;
  for (let i: u32 = 1; i < n - 1; i++) {
    const j: u32 = reverseBits32(i) >>> shift;
    if (i < j) {
      const pi = x + (<usize>i << 2);
      const pj = x + (<usize>j << 2);
      const t = load<u32>(pi);
      store<u32>(pi, load<u32>(pj));
      store<u32>(pj, t);
    }
  }
}

// @ts-ignore: decorator
@inline function reverseBits32(v: u32): u32 {
  let x = v;
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  return bswap<u32>(x);
}

// Tile size (as a bit count) of the cache-blocked bit reversal: 16 rows of 16 words, i.e. one
// 64-byte cache line per row.
const LOG_TILE: u32 = 4;

/**
 * Cache-blocked in-place bit reversal for logN >= 2·LOG_TILE (Carter and Gatlin, "Towards an
 * optimal bit-reversal permutation program", FOCS 1998), fused with the first two DIT levels
 * (a size-4 DFT on each aligned group of four, twiddle w4 with Shoup companion w4Shoup). Write i = a·2^(L-t) + b·2^t + c with
 * a, c < 2^t; then rev(i) = rev_t(c)·2^(L-t) + rev_{L-2t}(b)·2^t + rev_t(a). For fixed b, the
 * elements form a tile of 2^t full cache lines that maps onto the tile of b' = rev(b) transposed
 * (with both axes bit-reversed): tiles b and b' are read into buf and written to each other, so
 * every memory access moves whole lines instead of single words at random.
 * buf must hold 2·2^(2t) = 512 words.
 */
function bitReverseAndFirstLevels(x: usize, logN: u32, buf: usize, w4: u32, w4Shoup: u32): void {
  const w4v = i32x4.splat(w4);
  const w4s = i32x4.splat(w4Shoup);
  const t = LOG_TILE;
  const side: u32 = 1 << t;
  const midBits = logN - 2 * t;
  const rowBytes = <usize>1 << (logN - t + 2);
  const tileWords = side * side;
  const bufB = buf + (<usize>tileWords << 2);
  const midCount: u32 = 1 << midBits;
  for (let bIdx: u32 = 0; bIdx < midCount; bIdx++) {
    const bRev: u32 = midBits == 0 ? 0 : reverseBits32(bIdx) >>> (32 - midBits);
    if (bRev < bIdx) continue;
    const tileA = x + (<usize>bIdx << (t + 2));
    const tileB = x + (<usize>bRev << (t + 2));
    copyTileIn(tileA, rowBytes, buf);
    if (bRev != bIdx) copyTileIn(tileB, rowBytes, bufB);
    writeTileReversed(buf, tileB, rowBytes, w4v, w4s);
    if (bRev != bIdx) writeTileReversed(bufB, tileA, rowBytes, w4v, w4s);
  }
}

// buf[a][c] = tile row a (16 words each), rows rowBytes apart.
function copyTileIn(tile: usize, rowBytes: usize, buf: usize): void {
  for (let a: usize = 0; a < 16; a++) {
    const src = tile + a * rowBytes;
    const dst = buf + (a << 6);
    v128.store(dst, v128.load(src));
    v128.store(dst, v128.load(src, 16), 16);
    v128.store(dst, v128.load(src, 32), 32);
    v128.store(dst, v128.load(src, 48), 48);
  }
}

// Destination row r = rev4(c) receives buf[rev4(q)][c] at column q. Writing q = 4·qb + qi gives
// rev4(q) = 4·rev2(qi) + rev2(qb): for each qb the source rows s, s+8, s+4, s+12 (s = rev2(qb))
// supply columns 4·qb .. 4·qb+3 of every destination row, so each 4×4 block of those rows is
// transposed in registers (eight shuffles) and stored as one vector. Before the transpose, vector
// i holds element i of four different aligned groups of the output, which is exactly the layout
// the size-4 DFT of the first two levels needs, so it is applied there lane-parallel.
function writeTileReversed(buf: usize, tile: usize, rowBytes: usize, w4v: v128, w4s: v128): void {
  for (let qb: u32 = 0; qb < 4; qb++) {
    const s = rev2(qb);
    const r0 = buf + (<usize>s << 6);
    const r1 = buf + (<usize>(s + 8) << 6);
    const r2 = buf + (<usize>(s + 4) << 6);
    const r3 = buf + (<usize>(s + 12) << 6);
    const colOff = <usize>qb << 4;
    for (let cg: u32 = 0; cg < 4; cg++) {
      const off = <usize>cg << 4;
      const c0 = v128.load(r0 + off);
      const c1 = v128.load(r1 + off);
      const c2 = v128.load(r2 + off);
      const c3 = v128.load(r3 + off);
      const a0 = vAdd(c0, c1);
      const a1 = vSub(c0, c1);
      const a2 = vAdd(c2, c3);
      const tw4 = vShoupMul(vSub(c2, c3), w4v, w4s);
      const v0 = vAdd(a0, a2);
      const v2 = vSub(a0, a2);
      const v1 = vAdd(a1, tw4);
      const v3 = vSub(a1, tw4);
      const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
      const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
      // Column c = 4·cg + k goes to destination row rev4(c) = 4·rev2(k) + rev2(cg).
      const base = tile + <usize>rev2(cg) * rowBytes + colOff;
      v128.store(base, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(base + 8 * rowBytes, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
      v128.store(base + 4 * rowBytes, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
      v128.store(base + 12 * rowBytes, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
    }
  }
}

// @ts-ignore: decorator
@inline function rev2(v: u32): u32 {
  return ((v & 1) << 1) | ((v & 2) >>> 1);
}

/**
 * Natural-order in, natural-order out transform of 2^logN words at x with the interleaved
 * twiddle table tw (forward roots for the NTT, inverse roots for the unscaled inverse NTT):
 * bit reversal, then iterative Cooley–Tukey decimation-in-time levels. scratch (512 words, or 0)
 * enables the cache-blocked bit reversal (fused with the first two levels) from 2^10 up.
 * The stages are exported separately (nttBegin, nttChunkLevels, radix4Range, radix2Range) so the
 * host can run one transform on several threads.
 */
export function ntt(x: usize, logN: u32, tw: usize, scratch: usize): void {
  if (nttBegin(x, logN, tw, scratch) == 0) nttChunkLevels(x, logN, tw);
}

/**
 * Stage 1: bit reversal plus the first two levels (half-spans 1 and 2). Returns 1 when the
 * transform is already complete (sizes below 16), else 0.
 */
export function nttBegin(x: usize, logN: u32, tw: usize, scratch: usize): u32 {
  if (logN == 0) return 1;
  const n: u32 = 1 << logN;
  if (logN < 4) {
    bitReverse(x, logN);
    scalarLevels(x, n, tw);
    return 1;
  }
  const w4 = twScalar(tw, 3);
  const w4Shoup = twShoupScalar(tw, 3);
  if (scratch != 0 && logN >= 2 * LOG_TILE + 2) {
    bitReverseAndFirstLevels(x, logN, scratch, w4, w4Shoup);
  } else {
    bitReverse(x, logN);
    firstTwoLevels(x, n, w4, w4Shoup);
  }
  return 0;
}

/**
 * Stage 2: levels with half-spans 4 .. 2^(logChunk-1) on one chunk of 2^logChunk words
 * (logChunk >= 4) that has been through nttBegin: depth first in L1-sized blocks, then radix-4
 * passes over the chunk.
 */
export function nttChunkLevels(x: usize, logChunk: u32, tw: usize): void {
  const n: u32 = 1 << logChunk;
  const block: u32 = logChunk < LOG_BLOCK ? n : <u32>1 << LOG_BLOCK;
  for (let b: u32 = 0; b < n; b += block) {
    const xb = x + (<usize>b << 2);
    let mb: u32 = 4;
    for (; (mb << 1) < block; mb <<= 2) radix4Levels(xb, block, mb, tw);
    if (mb < block) radix2Level(xb, block, mb, tw);
  }
  let m: u32 = block;
  for (; (m << 1) < n; m <<= 2) radix4Levels(x, n, m, tw);
  if (m < n) radix2Level(x, n, m, tw);
}

/**
 * Stage 3 (parallel form): the radix-4 pass for half-spans m and 2m restricted to quads
 * [q0, q1), where quad q covers indices k + j + {0, m, 2m, 3m} with k = 4m·⌊q/m⌋, j = q mod m.
 * q0 and q1 must be multiples of 4; disjoint ranges may run concurrently.
 */
export function radix4Range(x: usize, m: u32, tw: usize, q0: u32, q1: u32): void {
  let q = q0;
  while (q < q1) {
    const group = q / m;
    const j0 = q - group * m;
    const j1 = min<u32>(m, j0 + (q1 - q));
    radix4Span(x + ((<usize>group * <usize>m) << 4), m, tw, j0, j1);
    q += j1 - j0;
  }
}

/** The radix-2 level with half-span m restricted to butterflies [p0, p1) (multiples of 4). */
export function radix2Range(x: usize, m: u32, tw: usize, p0: u32, p1: u32): void {
  let q = p0;
  while (q < p1) {
    const group = q / m;
    const j0 = q - group * m;
    const j1 = min<u32>(m, j0 + (p1 - q));
    radix2Span(x + ((<usize>group * <usize>m) << 3), m, tw, j0, j1);
    q += j1 - j0;
  }
}

// Plain radix-2 levels, for sizes below 16.
function scalarLevels(x: usize, n: u32, tw: usize): void {
  for (let m: u32 = 1; m < n; m <<= 1) {
    for (let k: u32 = 0; k < n; k += m << 1) {
      for (let j: u32 = 0; j < m; j++) {
        const pl = x + (<usize>(k + j) << 2);
        const ph = pl + (<usize>m << 2);
        const u = load<u32>(pl);
        const t = shoupMul(load<u32>(ph), twScalar(tw, m + j), twShoupScalar(tw, m + j));
        store<u32>(pl, addMod(u, t));
        store<u32>(ph, subMod(u, t));
      }
    }
  }
}

// Levels m = 1 and m = 2 fused as a size-4 DFT on every aligned group of four words. Four groups
// are loaded at once and transposed so each lane holds one group; the twiddles are 1 and
// w4 (with its Shoup companion).
function firstTwoLevels(x: usize, n: u32, w4: u32, w4Shoup: u32): void {
  const w4v = i32x4.splat(w4);
  const w4s = i32x4.splat(w4Shoup);
  for (let i: u32 = 0; i < n; i += 16) {
    const p = x + (<usize>i << 2);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
    const t1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
    const t2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
    const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
    const c0 = i32x4.shuffle(t0, t2, 0, 1, 4, 5);
    const c1 = i32x4.shuffle(t0, t2, 2, 3, 6, 7);
    const c2 = i32x4.shuffle(t1, t3, 0, 1, 4, 5);
    const c3 = i32x4.shuffle(t1, t3, 2, 3, 6, 7);
    const a0 = vAdd(c0, c1);
    const a1 = vSub(c0, c1);
    const a2 = vAdd(c2, c3);
    const t = vShoupMul(vSub(c2, c3), w4v, w4s);
    const b0 = vAdd(a0, a2);
    const b2 = vSub(a0, a2);
    const b1 = vAdd(a1, t);
    const b3 = vSub(a1, t);
    const s0 = i32x4.shuffle(b0, b1, 0, 4, 1, 5);
    const s1 = i32x4.shuffle(b0, b1, 2, 6, 3, 7);
    const s2 = i32x4.shuffle(b2, b3, 0, 4, 1, 5);
    const s3 = i32x4.shuffle(b2, b3, 2, 6, 3, 7);
    v128.store(p, i32x4.shuffle(s0, s2, 0, 1, 4, 5));
    v128.store(p, i32x4.shuffle(s0, s2, 2, 3, 6, 7), 16);
    v128.store(p, i32x4.shuffle(s1, s3, 0, 1, 4, 5), 32);
    v128.store(p, i32x4.shuffle(s1, s3, 2, 3, 6, 7), 48);
  }
}

// One radix-2 level with half-span m >= 4 over n words.
function radix2Level(x: usize, n: u32, m: u32, tw: usize): void {
  for (let k: u32 = 0; k < n; k += m << 1) radix2Span(x + (<usize>k << 2), m, tw, 0, m);
}

// Butterflies j in [j0, j1) (multiples of 4) of one radix-2 group starting at base.
// @ts-ignore: decorator
@inline function radix2Span(base: usize, m: u32, tw: usize, j0: u32, j1: u32): void {
  const span = <usize>m << 2;
  const twm = tw + (span << 1);
  for (let j: usize = <usize>j0 << 2; j < (<usize>j1 << 2); j += 16) {
    const pl = base + j;
    const tp = twm + (j << 1);
    const lo = v128.load(pl);
    const t = vShoupMul(v128.load(pl + span), v128.load(tp), v128.load(tp, 16));
    v128.store(pl, vAdd(lo, t));
    v128.store(pl + span, vSub(lo, t));
  }
}

// Two radix-2 levels (half-spans m and 2m, m >= 4) in one pass over n words.
function radix4Levels(x: usize, n: u32, m: u32, tw: usize): void {
  for (let k: u32 = 0; k < n; k += m << 2) radix4Span(x + (<usize>k << 2), m, tw, 0, m);
}

// Quads j in [j0, j1) (multiples of 4) of one radix-4 group of 4m words starting at base.
// @ts-ignore: decorator
@inline function radix4Span(base: usize, m: u32, tw: usize, j0: u32, j1: u32): void {
  const span = <usize>m << 2;
  const tw1 = tw + (span << 1);
  const tw2 = tw + (span << 2);
  const tw3 = tw2 + (span << 1);
  for (let j: usize = <usize>j0 << 2; j < (<usize>j1 << 2); j += 16) {
    const p0 = base + j;
    const p1 = p0 + span;
    const p2 = p1 + span;
    const p3 = p2 + span;
    const jt = j << 1;
    const w1 = v128.load(tw1 + jt);
    const w1m = v128.load(tw1 + jt, 16);
    const x0 = v128.load(p0);
    const x2 = v128.load(p2);
    const t1 = vShoupMul(v128.load(p1), w1, w1m);
    const t3 = vShoupMul(v128.load(p3), w1, w1m);
    const y0 = vAdd(x0, t1);
    const y1 = vSub(x0, t1);
    const y2 = vAdd(x2, t3);
    const y3 = vSub(x2, t3);
    const u2 = vShoupMul(y2, v128.load(tw2 + jt), v128.load(tw2 + jt, 16));
    const u3 = vShoupMul(y3, v128.load(tw3 + jt), v128.load(tw3 + jt, 16));
    v128.store(p0, vAdd(y0, u2));
    v128.store(p2, vSub(y0, u2));
    v128.store(p1, vAdd(y1, u3));
    v128.store(p3, vSub(y1, u3));
  }
}

// ---------------------------------------------------------------------------------------------
// Column transforms on row-major matrices
// ---------------------------------------------------------------------------------------------

/** Maximum number of columns moved per gather/scatter group (one 32-byte run per row). */
export const GROUP: u32 = 8;

/**
 * For columns [c0, c1) of the row-major matrix at src (width words per row, srcRows rows):
 * gather up to GROUP columns into scratch (each column 2^logOut words, column-major), then per
 * column: if twI != 0, inverse-transform the 2^logN = srcRows values with table twI (unscaled);
 * if factors != 0, multiply word i by factors[i] (Montgomery form, i < srcRows); zero-pad to
 * 2^logOut; if twF != 0, forward-transform 2^logOut words. The 2^logOut results are scattered
 * into the same columns of the row-major matrix at dst (width words per row).
 * scratch must hold GROUP · 2^logOut + 512 words (the last 512 serve the blocked bit reversal).
 */
export function transformColumns(
  src: usize, width: u32, srcRows: u32, dst: usize, logN: u32, logOut: u32,
  c0: u32, c1: u32, scratch: usize, twI: usize, factors: usize, twF: usize,
): void {
  const outRows: u32 = 1 << logOut;
  const nttScratch = scratch + ((<usize>GROUP * <usize>outRows) << 2);
  for (let g = c0; g < c1; g += GROUP) {
    const count = min<u32>(GROUP, c1 - g);
    gather(src, width, srcRows, g, count, scratch, outRows);
    for (let k: u32 = 0; k < count; k++) {
      const col = scratch + ((<usize>k * <usize>outRows) << 2);
      if (twI != 0) ntt(col, logN, twI, nttScratch);
      if (factors != 0) mulFactors(col, factors, srcRows);
      if (outRows > srcRows) zeroWords(col + (<usize>srcRows << 2), outRows - srcRows);
      if (twF != 0) ntt(col, logOut, twF, nttScratch);
    }
    scatter(scratch, outRows, dst, width, g, count);
  }
}

// Both directions move 4×4 blocks (four rows × four adjacent columns) through registers with an
// in-register transpose, so each memory access is a 16-byte vector; leftover rows and columns
// (row counts not divisible by four, groups narrower than four) go word by word.

// @ts-ignore: decorator
@inline function transposeStore(v0: v128, v1: v128, v2: v128, v3: v128, dst: usize, stride: usize): void {
  const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

// dst column k (dstStride words apart) = src column c0 + k, rows [0, rows).
// Zeroes n words at p with vector stores (measured faster than memory.fill on shared memory).
function zeroWords(p: usize, n: u32): void {
  const end = p + (<usize>n << 2);
  let q = p;
  for (; q + 16 <= end; q += 16) v128.store(q, i32x4.splat(0));
  for (; q < end; q += 4) store<u32>(q, 0);
}

function gather(src: usize, width: u32, rows: u32, c0: u32, count: u32, dst: usize, dstStride: u32): void {
  const rowBytes = <usize>width << 2;
  const colBytes = <usize>dstStride << 2;
  const rows4 = rows & ~3;
  const count4 = count & ~3;
  for (let r: u32 = 0; r < rows4; r += 4) {
    const s = src + <usize>r * rowBytes + (<usize>c0 << 2);
    const d = dst + (<usize>r << 2);
    for (let k: u32 = 0; k < count4; k += 4) {
      const sk = s + (<usize>k << 2);
      transposeStore(
        v128.load(sk), v128.load(sk + rowBytes), v128.load(sk + 2 * rowBytes), v128.load(sk + 3 * rowBytes),
        d + <usize>k * colBytes, colBytes,
      );
    }
  }
  for (let r: u32 = 0; r < rows; r++) {
    const s = src + <usize>r * rowBytes + (<usize>c0 << 2);
    const d = dst + (<usize>r << 2);
    for (let k: u32 = r < rows4 ? count4 : 0; k < count; k++) {
      store<u32>(d + <usize>k * colBytes, load<u32>(s + (<usize>k << 2)));
    }
  }
}

// dst column c0 + k (row-major, width words per row) = src column k (rows words apart).
function scatter(src: usize, rows: u32, dst: usize, width: u32, c0: u32, count: u32): void {
  const rowBytes = <usize>width << 2;
  const colBytes = <usize>rows << 2;
  const rows4 = rows & ~3;
  const count4 = count & ~3;
  for (let r: u32 = 0; r < rows4; r += 4) {
    const s = src + (<usize>r << 2);
    const d = dst + <usize>r * rowBytes + (<usize>c0 << 2);
    for (let k: u32 = 0; k < count4; k += 4) {
      const sk = s + <usize>k * colBytes;
      transposeStore(
        v128.load(sk), v128.load(sk + colBytes), v128.load(sk + 2 * colBytes), v128.load(sk + 3 * colBytes),
        d + (<usize>k << 2), rowBytes,
      );
    }
  }
  for (let r: u32 = 0; r < rows; r++) {
    const s = src + (<usize>r << 2);
    const d = dst + <usize>r * rowBytes + (<usize>c0 << 2);
    for (let k: u32 = r < rows4 ? count4 : 0; k < count; k++) {
      store<u32>(d + (<usize>k << 2), load<u32>(s + <usize>k * colBytes));
    }
  }
}
