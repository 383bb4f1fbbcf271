// The constraint interpreter: runs a compiled straight-line program (src/stark/kernels/
// program-compiler.ts) over a range of domain rows, BLOCK rows at a time, four rows per SIMD
// vector. Registers are planes of BLOCK u32 lanes in a per-thread register file; a base value is
// one plane, an Fp4 value four consecutive planes (coefficients low→high). Register values are
// in Montgomery form, so a product is one Montgomery multiplication and sums are plain modular
// adds; matrix loads convert (·R² then Montgomery-reduce) as they gather.
//
// The context is a table of i32 words at `ctx` (offsets CTX_* below, mirrored by the host).
// Matrices are row-major canonical, all of the same height (a power of two); domain row r reads
// matrix row (r·stride) & rowMask (current) or ((r + nextOffset)·stride) & rowMask (next), so the
// LDE matrices are read in place, without compaction.
//
// Modes (bit mask): QUOTIENT clears 4 Fp4 accumulators (one per row filter) per block, lets Acc*
// instructions add α^k·C_k into them, and at the end of the block writes
// out[r] = Σ_f factor_f[r]·acc_f[r] as canonical Fp4 (16 bytes per row); CHECK lets Check
// instructions OR (value AND mask_f[r]) into a block flag stored as flags[block].

import { vAdd, vMontMul, vNeg, vSub } from './arith';

/** Rows per block (a multiple of 4). */
export const BLOCK: u32 = 64;
const PLANE_BYTES: usize = <usize>BLOCK << 2;

// Context word offsets.
const CTX_BODY = 0;
const CTX_BODY_LEN = 1;
const CTX_PROLOGUE = 2;
const CTX_PROLOGUE_LEN = 3;
const CTX_MAIN = 4;
const CTX_MAIN_W = 5;
const CTX_PREP = 6;
const CTX_PREP_W = 7;
const CTX_PERM = 8;
const CTX_PERM_W = 9;
const CTX_NEXT = 10;
const CTX_ALPHA = 11;
const CTX_ACC_PLANE = 12;
const CTX_FACTORS = 13;
const CTX_FACTOR_STRIDE = 14;
const CTX_QUOTIENT_OUT = 15;
const CTX_STORE = 16;
const CTX_STORE_STRIDE = 17;
const CTX_FLAGS = 18;
const CTX_MODE = 19;
const CTX_CONSTS = 20;
const CTX_W_MONT = 21;
const CTX_R2 = 22;
const CTX_FILTERS_USED = 23;
const CTX_STRIDE = 24;
const CTX_ROW_MASK = 25;

const MODE_QUOTIENT: u32 = 1;
const MODE_CHECK: u32 = 2;

// Opcodes (mirrored by the host compiler).
const LOAD_MAIN = 0;
const LOAD_PREP = 1;
const LOAD_PERM = 2;
const B_ADD = 3;
const B_SUB = 4;
const B_MUL = 5;
const B_NEG = 6;
const E_ADD_EE = 7;
const E_ADD_EB = 8;
const E_SUB_EE = 9;
const E_SUB_EB = 10;
const E_SUB_BE = 11;
const E_MUL_EE = 12;
const E_MUL_EB = 13;
const E_NEG = 14;
const ACC_BASE = 15;
const ACC_EXT = 16;
const STORE = 17;
const CHECK = 18;
const SPLAT_BASE = 19;
const SPLAT_EXT = 20;

// @ts-ignore: decorator
@inline function ctxWord(ctx: usize, k: i32): u32 {
  return load<u32>(ctx + (<usize>k << 2));
}

// @ts-ignore: decorator
@inline function plane(regs: usize, p: u32): usize {
  return regs + <usize>p * PLANE_BYTES;
}

/**
 * Gather column `col` of matrix rows (t·stride) & mask for t in [row, row + len) (row-major,
 * width w) into a plane, converted to Montgomery form.
 */
// @ts-ignore: decorator
@inline function gather(dst: usize, mat: usize, w: u32, col: u32, row: u32, len: u32, stride: u32, mask: u32, r2: v128): void {
  const base = mat + (<usize>col << 2);
  const rowBytes = <usize>w << 2;
  let r = (row * stride) & mask;
  for (let i: u32 = 0; i < len; i += 4) {
    const r1 = (r + stride) & mask;
    const r2i = (r1 + stride) & mask;
    const r3 = (r2i + stride) & mask;
    let v = v128.load32_splat(base + <usize>r * rowBytes);
    v = v128.load32_lane(base + <usize>r1 * rowBytes, v, 1);
    v = v128.load32_lane(base + <usize>r2i * rowBytes, v, 2);
    v = v128.load32_lane(base + <usize>r3 * rowBytes, v, 3);
    v128.store(dst + (<usize>i << 2), vMontMul(v, r2));
    r = (r3 + stride) & mask;
  }
}

// Fp4 product of planar registers (a, b, d each 4 consecutive planes); all inputs of a vector are
// read before any output is written, so d may alias a or b.
// @ts-ignore: decorator
@inline function extMul(d: usize, a: usize, b: usize, len: u32, wv: v128): void {
  for (let o: usize = 0; o < <usize>len << 2; o += 16) {
    const a0 = v128.load(a + o);
    const a1 = v128.load(a + PLANE_BYTES + o);
    const a2 = v128.load(a + 2 * PLANE_BYTES + o);
    const a3 = v128.load(a + 3 * PLANE_BYTES + o);
    const b0 = v128.load(b + o);
    const b1 = v128.load(b + PLANE_BYTES + o);
    const b2 = v128.load(b + 2 * PLANE_BYTES + o);
    const b3 = v128.load(b + 3 * PLANE_BYTES + o);
    const c4 = vAdd(vAdd(vMontMul(a1, b3), vMontMul(a2, b2)), vMontMul(a3, b1));
    const c5 = vAdd(vMontMul(a2, b3), vMontMul(a3, b2));
    const c6 = vMontMul(a3, b3);
    v128.store(d + o, vAdd(vMontMul(a0, b0), vMontMul(c4, wv)));
    v128.store(d + PLANE_BYTES + o, vAdd(vAdd(vMontMul(a0, b1), vMontMul(a1, b0)), vMontMul(c5, wv)));
    v128.store(d + 2 * PLANE_BYTES + o, vAdd(vAdd(vAdd(vMontMul(a0, b2), vMontMul(a1, b1)), vMontMul(a2, b0)), vMontMul(c6, wv)));
    v128.store(
      d + 3 * PLANE_BYTES + o,
      vAdd(vAdd(vMontMul(a0, b3), vMontMul(a1, b2)), vAdd(vMontMul(a2, b1), vMontMul(a3, b0))),
    );
  }
}

/**
 * Run the program of context `ctx` over domain rows [rowFrom, rowTo) (rowFrom a multiple of
 * BLOCK, rowTo − rowFrom a multiple of 4), with the register file at `regs` (this thread's own).
 */
export function evalRows(ctx: usize, rowFrom: u32, rowTo: u32, regs: usize): void {
  const body = <usize>ctxWord(ctx, CTX_BODY);
  const bodyLen = ctxWord(ctx, CTX_BODY_LEN);
  const mode = ctxWord(ctx, CTX_MODE);
  const consts = <usize>ctxWord(ctx, CTX_CONSTS);
  const mainPtr = <usize>ctxWord(ctx, CTX_MAIN);
  const mainW = ctxWord(ctx, CTX_MAIN_W);
  const prepPtr = <usize>ctxWord(ctx, CTX_PREP);
  const prepW = ctxWord(ctx, CTX_PREP_W);
  const permPtr = <usize>ctxWord(ctx, CTX_PERM);
  const permW = ctxWord(ctx, CTX_PERM_W);
  const nextOffset = ctxWord(ctx, CTX_NEXT);
  const rowStride = ctxWord(ctx, CTX_STRIDE);
  const rowMask = ctxWord(ctx, CTX_ROW_MASK);
  const alpha = <usize>ctxWord(ctx, CTX_ALPHA);
  const accPlane = ctxWord(ctx, CTX_ACC_PLANE);
  const factors = <usize>ctxWord(ctx, CTX_FACTORS);
  const factorStride = <usize>ctxWord(ctx, CTX_FACTOR_STRIDE) << 2;
  const storePtr = <usize>ctxWord(ctx, CTX_STORE);
  const storeStride = <usize>ctxWord(ctx, CTX_STORE_STRIDE) << 2;
  const wv = i32x4.splat(ctxWord(ctx, CTX_W_MONT));
  const r2 = i32x4.splat(ctxWord(ctx, CTX_R2));
  const one = i32x4.splat(1);

  // Prologue: broadcast the row-independent values into their registers.
  const prologue = <usize>ctxWord(ctx, CTX_PROLOGUE);
  const prologueLen = ctxWord(ctx, CTX_PROLOGUE_LEN);
  for (let k: u32 = 0; k < prologueLen; k++) {
    const ins = prologue + (<usize>k << 4);
    const op = load<u32>(ins);
    const d = load<u32>(ins, 4);
    const c = consts + (<usize>load<u32>(ins, 8) << 4);
    const planes: u32 = op == SPLAT_EXT ? 4 : 1;
    for (let j: u32 = 0; j < planes; j++) {
      const v = v128.load32_splat(c + (<usize>j << 2));
      const dst = plane(regs, d + j);
      for (let o: usize = 0; o < PLANE_BYTES; o += 16) v128.store(dst + o, v);
    }
  }

  for (let start = rowFrom; start < rowTo; start += BLOCK) {
    const len = min<u32>(BLOCK, rowTo - start);
    const bytes = <usize>len << 2;
    let flag = i32x4.splat(0);
    if (mode & MODE_QUOTIENT) memory.fill(plane(regs, accPlane), 0, 16 * PLANE_BYTES);
    for (let k: u32 = 0; k < bodyLen; k++) {
      const ins = body + (<usize>k << 4);
      const op = load<u32>(ins);
      const d = plane(regs, load<u32>(ins, 4));
      const aw = load<u32>(ins, 8);
      const bw = load<u32>(ins, 12);
      const a = plane(regs, aw);
      const b = plane(regs, bw);
      switch (op) {
        case LOAD_MAIN: {
          gather(d, mainPtr, mainW, aw, start + bw * nextOffset, len, rowStride, rowMask, r2);
          break;
        }
        case LOAD_PREP: {
          gather(d, prepPtr, prepW, aw, start + bw * nextOffset, len, rowStride, rowMask, r2);
          break;
        }
        case LOAD_PERM: {
          for (let j: u32 = 0; j < 4; j++) {
            gather(d + <usize>j * PLANE_BYTES, permPtr, permW, 4 * aw + j, start + bw * nextOffset, len, rowStride, rowMask, r2);
          }
          break;
        }
        case B_ADD: {
          for (let o: usize = 0; o < bytes; o += 16) v128.store(d + o, vAdd(v128.load(a + o), v128.load(b + o)));
          break;
        }
        case B_SUB: {
          for (let o: usize = 0; o < bytes; o += 16) v128.store(d + o, vSub(v128.load(a + o), v128.load(b + o)));
          break;
        }
        case B_MUL: {
          for (let o: usize = 0; o < bytes; o += 16) v128.store(d + o, vMontMul(v128.load(a + o), v128.load(b + o)));
          break;
        }
        case B_NEG: {
          for (let o: usize = 0; o < bytes; o += 16) v128.store(d + o, vNeg(v128.load(a + o)));
          break;
        }
        case E_ADD_EE: {
          for (let o: usize = 0; o < 4 * PLANE_BYTES; o += PLANE_BYTES) {
            for (let i: usize = 0; i < bytes; i += 16) {
              v128.store(d + o + i, vAdd(v128.load(a + o + i), v128.load(b + o + i)));
            }
          }
          break;
        }
        case E_ADD_EB: {
          for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, vAdd(v128.load(a + i), v128.load(b + i)));
          for (let o: usize = PLANE_BYTES; o < 4 * PLANE_BYTES; o += PLANE_BYTES) memory.copy(d + o, a + o, bytes);
          break;
        }
        case E_SUB_EE: {
          for (let o: usize = 0; o < 4 * PLANE_BYTES; o += PLANE_BYTES) {
            for (let i: usize = 0; i < bytes; i += 16) {
              v128.store(d + o + i, vSub(v128.load(a + o + i), v128.load(b + o + i)));
            }
          }
          break;
        }
        case E_SUB_EB: {
          for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, vSub(v128.load(a + i), v128.load(b + i)));
          for (let o: usize = PLANE_BYTES; o < 4 * PLANE_BYTES; o += PLANE_BYTES) memory.copy(d + o, a + o, bytes);
          break;
        }
        case E_SUB_BE: {
          // base a − ext b: coefficient 0 is a − b0, the others −b_k.
          for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, vSub(v128.load(a + i), v128.load(b + i)));
          for (let o: usize = PLANE_BYTES; o < 4 * PLANE_BYTES; o += PLANE_BYTES) {
            for (let i: usize = 0; i < bytes; i += 16) v128.store(d + o + i, vNeg(v128.load(b + o + i)));
          }
          break;
        }
        case E_MUL_EE: {
          extMul(d, a, b, len, wv);
          break;
        }
        case E_MUL_EB: {
          for (let o: usize = 0; o < 4 * PLANE_BYTES; o += PLANE_BYTES) {
            for (let i: usize = 0; i < bytes; i += 16) {
              v128.store(d + o + i, vMontMul(v128.load(a + o + i), v128.load(b + i)));
            }
          }
          break;
        }
        case E_NEG: {
          for (let o: usize = 0; o < 4 * PLANE_BYTES; o += PLANE_BYTES) {
            for (let i: usize = 0; i < bytes; i += 16) v128.store(d + o + i, vNeg(v128.load(a + o + i)));
          }
          break;
        }
        case ACC_BASE: {
          // d = filter index, a = value register, b = constraint index k; α table: 8 words per k.
          const acc = plane(regs, accPlane + 4 * load<u32>(ins, 4));
          const al = alpha + (<usize>bw << 5);
          for (let j: usize = 0; j < 4; j++) {
            const aj = v128.load32_splat(al + (j << 2));
            const dst = acc + j * PLANE_BYTES;
            for (let i: usize = 0; i < bytes; i += 16) {
              v128.store(dst + i, vAdd(v128.load(dst + i), vMontMul(v128.load(a + i), aj)));
            }
          }
          break;
        }
        case ACC_EXT: {
          // acc_f += a·α_k with α_k = (α0, α1, α2, α3) and 11·α1, 11·α2, 11·α3 precomputed.
          const acc = plane(regs, accPlane + 4 * load<u32>(ins, 4));
          const al = alpha + (<usize>bw << 5);
          const x0 = v128.load32_splat(al);
          const x1 = v128.load32_splat(al + 4);
          const x2 = v128.load32_splat(al + 8);
          const x3 = v128.load32_splat(al + 12);
          const y1 = v128.load32_splat(al + 16);
          const y2 = v128.load32_splat(al + 20);
          const y3 = v128.load32_splat(al + 24);
          for (let i: usize = 0; i < bytes; i += 16) {
            const a0 = v128.load(a + i);
            const a1 = v128.load(a + PLANE_BYTES + i);
            const a2 = v128.load(a + 2 * PLANE_BYTES + i);
            const a3 = v128.load(a + 3 * PLANE_BYTES + i);
            const c0 = vAdd(vAdd(vMontMul(a0, x0), vMontMul(a1, y3)), vAdd(vMontMul(a2, y2), vMontMul(a3, y1)));
            const c1 = vAdd(vAdd(vMontMul(a0, x1), vMontMul(a1, x0)), vAdd(vMontMul(a2, y3), vMontMul(a3, y2)));
            const c2 = vAdd(vAdd(vMontMul(a0, x2), vMontMul(a1, x1)), vAdd(vMontMul(a2, x0), vMontMul(a3, y3)));
            const c3 = vAdd(vAdd(vMontMul(a0, x3), vMontMul(a1, x2)), vAdd(vMontMul(a2, x1), vMontMul(a3, x0)));
            v128.store(acc + i, vAdd(v128.load(acc + i), c0));
            v128.store(acc + PLANE_BYTES + i, vAdd(v128.load(acc + PLANE_BYTES + i), c1));
            v128.store(acc + 2 * PLANE_BYTES + i, vAdd(v128.load(acc + 2 * PLANE_BYTES + i), c2));
            v128.store(acc + 3 * PLANE_BYTES + i, vAdd(v128.load(acc + 3 * PLANE_BYTES + i), c3));
          }
          break;
        }
        case STORE: {
          // d = output slot, a = base register: canonical values at store + slot·stride + row.
          const dst = storePtr + <usize>load<u32>(ins, 4) * storeStride + (<usize>start << 2);
          for (let i: usize = 0; i < bytes; i += 16) v128.store(dst + i, vMontMul(v128.load(a + i), one));
          break;
        }
        case CHECK: {
          // d = filter index, a = base register: flag |= value & mask_f[row].
          const mask = factors + <usize>load<u32>(ins, 4) * factorStride + (<usize>start << 2);
          for (let i: usize = 0; i < bytes; i += 16) flag = v128.or(flag, v128.and(v128.load(a + i), v128.load(mask + i)));
          break;
        }
        default:
          unreachable();
      }
    }
    if (mode & MODE_CHECK) {
      store<u32>(<usize>ctxWord(ctx, CTX_FLAGS) + (<usize>(start / BLOCK) << 2), <u32>v128.any_true(flag));
    }
    if (mode & MODE_QUOTIENT) finishQuotient(ctx, regs, accPlane, factors, factorStride, start, len);
  }
}

// out[r] = Σ_f factor_f[r]·acc_f[r] (factors canonical, accumulators Montgomery → canonical
// result), written interleaved: 16 bytes per row.
function finishQuotient(ctx: usize, regs: usize, accPlane: u32, factors: usize, factorStride: usize, start: u32, len: u32): void {
  const used = ctxWord(ctx, CTX_FILTERS_USED);
  const out = <usize>ctxWord(ctx, CTX_QUOTIENT_OUT) + (<usize>start << 4);
  for (let i: usize = 0; i < <usize>len << 2; i += 16) {
    let c0 = i32x4.splat(0);
    let c1 = i32x4.splat(0);
    let c2 = i32x4.splat(0);
    let c3 = i32x4.splat(0);
    for (let f: u32 = 0; f < 4; f++) {
      if (((used >>> f) & 1) == 0) continue;
      const fv = v128.load(factors + <usize>f * factorStride + (<usize>start << 2) + i);
      const acc = plane(regs, accPlane + 4 * f) + i;
      c0 = vAdd(c0, vMontMul(v128.load(acc), fv));
      c1 = vAdd(c1, vMontMul(v128.load(acc + PLANE_BYTES), fv));
      c2 = vAdd(c2, vMontMul(v128.load(acc + 2 * PLANE_BYTES), fv));
      c3 = vAdd(c3, vMontMul(v128.load(acc + 3 * PLANE_BYTES), fv));
    }
    // 4×4 transpose: lanes are rows, vectors are coefficients → one vector per row.
    const t0 = i32x4.shuffle(c0, c1, 0, 4, 1, 5);
    const t1 = i32x4.shuffle(c2, c3, 0, 4, 1, 5);
    const t2 = i32x4.shuffle(c0, c1, 2, 6, 3, 7);
    const t3 = i32x4.shuffle(c2, c3, 2, 6, 3, 7);
    const o = out + (i << 2);
    v128.store(o, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
    v128.store(o + 16, i32x4.shuffle(t0, t1, 2, 3, 6, 7));
    v128.store(o + 32, i32x4.shuffle(t2, t3, 0, 1, 4, 5));
    v128.store(o + 48, i32x4.shuffle(t2, t3, 2, 3, 6, 7));
  }
}
