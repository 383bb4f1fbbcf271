// Column transforms on row-major matrices: gather column groups into scratch, transform each
// column, scatter back.

import { ntt } from './ntt';
import { mulFactors } from './vector';


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
