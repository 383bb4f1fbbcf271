/**
 * Element-wise arithmetic on BabyBear vectors (canonical Uint32Arrays of equal length), run by the
 * WebAssembly SIMD kernels on the calling thread. Each call copies its inputs into wasm memory and
 * the result out, so these pay off on long vectors; single values belong to babybear.ts.
 */
import { fieldWasm } from './field-wasm.ts';

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
