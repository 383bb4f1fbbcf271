/**
 * Host side of the linear WebAssembly kernels (wasm/stark/linear.ts), split by rows across the
 * worker pool:
 *   combineRowsFp4(m, coefs)       out[r] = Σ_c coefs[c]·m[r][c]              (Fp4 per row)
 *   dotColumnsFp4(m, wA, wB?)      out[c] = Σ_r m[r][c]·wA[r] (and with wB)   (Fp4 per column)
 * `m` is a base-field row-major matrix; coefficients, weights and results are flat Fp4 (4
 * canonical words each). linear-reference.ts holds the TypeScript versions they are tested against.
 */
import type { RowMajorMatrix } from '../../field/matrix.ts';
import { MONT_R2, splitRange, starkWasm, toMont } from './stark-wasm.ts';
import { addInto } from './vectors.ts';

/** Rows per task below which a kernel call stays on this thread (pool round trips cost ~0.1 ms). */
const PARALLEL_MIN_CELLS = 1 << 16;

function writeMont(view: Uint32Array, ptr: number, values: Uint32Array): void {
  const o = ptr >>> 2;
  for (let i = 0; i < values.length; i++) view[o + i] = toMont(values[i]!);
}

/** out[r] = Σ_c coefs[c]·m[r][c] as flat Fp4 (4 words per row); `coefs` is flat Fp4 per column. */
export function combineRowsFp4(m: RowMajorMatrix, coefs: Uint32Array): Uint32Array {
  const w = m.width;
  const rows = m.height;
  if (coefs.length !== 4 * w) throw new RangeError(`combineRowsFp4: ${coefs.length / 4} coefficients for ${w} columns`);
  const k = starkWasm();
  const arena = k.arena();
  const mp = arena.alloc(4 * rows * w);
  const cp = arena.alloc(16 * w);
  const op = arena.alloc(16 * rows);
  const view = k.commit(arena);
  view.set(m.values.subarray(0, rows * w), mp >>> 2);
  writeMont(view, cp, coefs);
  const parts = rows * w >= PARALLEL_MIN_CELLS ? k.parallelism : 1;
  k.run(splitRange(rows, parts, 4).map(([from, to]) => ({ fn: 'combineRows', args: [mp, w, cp, op, from, to] })));
  const out = new Uint32Array(4 * rows);
  out.set(k.words().subarray(op >>> 2, (op >>> 2) + 4 * rows));
  return out;
}

/**
 * Column sums weighted by Fp4 row weights: a[c] = Σ_r m[r][c]·weightsA[r], and b likewise with
 * weightsB when given (flat Fp4, 4 words per column).
 */
export function dotColumnsFp4(
  m: RowMajorMatrix,
  weightsA: Uint32Array,
  weightsB: Uint32Array | null,
): { a: Uint32Array; b: Uint32Array | null } {
  const w = m.width;
  const rows = m.height;
  if (weightsA.length !== 4 * rows || (weightsB !== null && weightsB.length !== 4 * rows)) {
    throw new RangeError('dotColumnsFp4: one Fp4 weight per row expected');
  }
  const k = starkWasm();
  const parts = splitRange(rows, rows * w >= PARALLEL_MIN_CELLS ? k.parallelism : 1, 4);
  const arena = k.arena();
  const mp = arena.alloc(4 * rows * w);
  const wa = arena.alloc(16 * rows);
  const wb = weightsB === null ? 0 : arena.alloc(16 * rows);
  const accs = parts.map(() => ({ a: arena.alloc(16 * w), b: weightsB === null ? 0 : arena.alloc(16 * w) }));
  const view = k.commit(arena);
  view.set(m.values.subarray(0, rows * w), mp >>> 2);
  view.set(weightsA, wa >>> 2);
  if (weightsB !== null) view.set(weightsB, wb >>> 2);
  for (const acc of accs) {
    view.fill(0, acc.a >>> 2, (acc.a >>> 2) + 4 * w);
    if (acc.b !== 0) view.fill(0, acc.b >>> 2, (acc.b >>> 2) + 4 * w);
  }
  k.run(parts.map(([from, to], i) => ({ fn: 'dotColumns', args: [mp, w, wa, wb, accs[i]!.a, accs[i]!.b, from, to, MONT_R2] })));
  const words = k.words();
  const a = new Uint32Array(4 * w);
  const b = weightsB === null ? null : new Uint32Array(4 * w);
  for (const acc of accs) {
    addInto(a, words.subarray(acc.a >>> 2, (acc.a >>> 2) + 4 * w));
    if (b !== null) addInto(b, words.subarray(acc.b >>> 2, (acc.b >>> 2) + 4 * w));
  }
  return { a, b };
}
