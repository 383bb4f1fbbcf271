/**
 * Element-wise arithmetic on BabyBear vectors (canonical Uint32Arrays of equal length), run by the
 * WebAssembly SIMD kernels on the calling thread, or split over the worker pool by the
 * `…Parallel` forms. Each call copies its inputs into wasm memory and the result out, so these pay
 * off on long vectors; single values belong to babybear.ts.
 */
import { fieldWasm, withPoolContext } from './field-wasm.ts';

/** a[i] + b[i]. */
export function addVectors(a: Uint32Array, b: Uint32Array): Uint32Array {
  return fieldWasm().vectorOp('add', a, b);
}

/** a[i] - b[i]. */
export function subVectors(a: Uint32Array, b: Uint32Array): Uint32Array {
  return fieldWasm().vectorOp('sub', a, b);
}

/** a[i] · b[i]. */
export function mulVectors(a: Uint32Array, b: Uint32Array): Uint32Array {
  return fieldWasm().vectorOp('mul', a, b);
}

/** a[i] · c for a canonical scalar c. */
export function scaleVector(a: Uint32Array, c: number): Uint32Array {
  return fieldWasm().scale(a, c);
}

/** addVectors on the worker pool. */
export function addVectorsParallel(a: Uint32Array, b: Uint32Array): Promise<Uint32Array> {
  return withPoolContext((ctx) => ctx.vectorOpParallel('add', a, b));
}

/** subVectors on the worker pool. */
export function subVectorsParallel(a: Uint32Array, b: Uint32Array): Promise<Uint32Array> {
  return withPoolContext((ctx) => ctx.vectorOpParallel('sub', a, b));
}

/** mulVectors on the worker pool. */
export function mulVectorsParallel(a: Uint32Array, b: Uint32Array): Promise<Uint32Array> {
  return withPoolContext((ctx) => ctx.vectorOpParallel('mul', a, b));
}
