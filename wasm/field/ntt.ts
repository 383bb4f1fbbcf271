// Natural-order radix-2 NTT over BabyBear with SIMD butterflies (see ntt() below).

import { addMod, shoup, shoupMul, subMod, vAdd, vShoupMul, vSub } from './arith';

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

