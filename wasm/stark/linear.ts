// Linear kernels of the STARK prover: Fp4 combinations of the columns of a row-major base-field
// matrix (DEEP reduced openings) and Fp4-weighted column sums (barycentric out-of-domain
// evaluation). An Fp4 value occupies one v128 (coefficients low→high), so multiplying a base
// element by an Fp4 coefficient is one splat and one lane-wise Montgomery product.

import { vAdd, vMontMul } from './arith';

/**
 * out[r] = Σ_c coefs[c]·m[r][c] for rows [rowFrom, rowTo) of the row-major matrix m (width w,
 * canonical), coefficients Fp4 in Montgomery form (16 bytes each), results canonical Fp4
 * (16 bytes per row, at out + 16·r).
 */
export function combineRows(m: usize, w: u32, coefs: usize, out: usize, rowFrom: u32, rowTo: u32): void {
  const rowBytes = <usize>w << 2;
  const w2 = w & ~1;
  for (let r = rowFrom; r < rowTo; r++) {
    const row = m + <usize>r * rowBytes;
    let acc0 = i32x4.splat(0);
    let acc1 = i32x4.splat(0);
    let c: u32 = 0;
    // Two independent accumulators keep both multiply chains in flight.
    for (; c < w2; c += 2) {
      const o = <usize>c << 2;
      const k = <usize>c << 4;
      acc0 = vAdd(acc0, vMontMul(v128.load32_splat(row + o), v128.load(coefs + k)));
      acc1 = vAdd(acc1, vMontMul(v128.load32_splat(row + o + 4), v128.load(coefs + k + 16)));
    }
    if (c < w) acc0 = vAdd(acc0, vMontMul(v128.load32_splat(row + (<usize>c << 2)), v128.load(coefs + (<usize>c << 4))));
    v128.store(out + (<usize>r << 4), vAdd(acc0, acc1));
  }
}

/**
 * accA[c] += Σ_r m[r][c]·weightsA[r] and (if accB ≠ 0) accB[c] += Σ_r m[r][c]·weightsB[r] over
 * rows [rowFrom, rowTo) of the row-major matrix m (width w, canonical). Weights are canonical Fp4
 * (16 bytes per row), converted to Montgomery form here (one product by r2 = R² mod p per row);
 * accumulators are canonical Fp4 (16 bytes per column).
 */
export function dotColumns(
  m: usize, w: u32, weightsA: usize, weightsB: usize, accA: usize, accB: usize, rowFrom: u32, rowTo: u32, r2: u32,
): void {
  const rowBytes = <usize>w << 2;
  const r2v = i32x4.splat(r2);
  for (let r = rowFrom; r < rowTo; r++) {
    const row = m + <usize>r * rowBytes;
    const wa = vMontMul(v128.load(weightsA + (<usize>r << 4)), r2v);
    if (accB == 0) {
      for (let c: u32 = 0; c < w; c++) {
        const a = accA + (<usize>c << 4);
        v128.store(a, vAdd(v128.load(a), vMontMul(v128.load32_splat(row + (<usize>c << 2)), wa)));
      }
    } else {
      const wb = vMontMul(v128.load(weightsB + (<usize>r << 4)), r2v);
      for (let c: u32 = 0; c < w; c++) {
        const x = v128.load32_splat(row + (<usize>c << 2));
        const a = accA + (<usize>c << 4);
        const b = accB + (<usize>c << 4);
        v128.store(a, vAdd(v128.load(a), vMontMul(x, wa)));
        v128.store(b, vAdd(v128.load(b), vMontMul(x, wb)));
      }
    }
  }
}
