/**
 * Batch inversion of BabyBear elements with Montgomery's trick: one field inversion plus three
 * multiplications per element, instead of one exponentiation (~45 multiplications) per element.
 * (P. L. Montgomery, "Speeding the Pollard and elliptic curve methods of factorization", 1987, §10.3.1.)
 * Batches of WASM_MIN_BATCH elements or more run in the WebAssembly kernel (four interleaved
 * chains in SIMD lanes); smaller ones, and the reference the kernel is tested against, in
 * TypeScript.
 */
import { inv, mul } from './babybear.ts';
import { fieldWasm } from './field-wasm.ts';

/** Smallest batch handed to the WebAssembly kernel (below it the copies cost more than they save). */
export const WASM_MIN_BATCH = 64;

/** Thrown when a batch to invert contains zero; `index` says where. */
export class ZeroInverseError extends RangeError {
  /** Position (element index, not word index) of the zero in the input. */
  readonly index: number;
  constructor(index: number) {
    super(`batch inverse: element ${index} is zero and has no inverse`);
    this.name = 'ZeroInverseError';
    this.index = index;
  }
}

/** Returns a new array holding 1/values[i] for every i; throws ZeroInverseError on a zero. */
export function batchInverse(values: Uint32Array): Uint32Array {
  if (values.length < WASM_MIN_BATCH) return batchInverseReference(values);
  const zero = values.indexOf(0);
  if (zero >= 0) throw new ZeroInverseError(zero);
  return fieldWasm().batchInverse(values);
}

/** The plain TypeScript batch inversion (same contract as batchInverse). */
export function batchInverseReference(values: Uint32Array): Uint32Array {
  const n = values.length;
  const out = new Uint32Array(n);
  if (n === 0) return out;
  // Forward pass: out[i] = values[0] * ... * values[i-1] (exclusive prefix products).
  let acc = 1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v === 0) throw new ZeroInverseError(i);
    out[i] = acc;
    acc = mul(acc, v);
  }
  // acc is the product of all elements; invert once and walk back peeling one factor per step.
  let accInv = inv(acc);
  for (let i = n - 1; i >= 0; i--) {
    const prefix = out[i]!;
    out[i] = mul(accInv, prefix);
    accInv = mul(accInv, values[i]!);
  }
  return out;
}
