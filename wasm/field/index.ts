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
// NTT twiddles use Shoup's precomputed-quotient product instead (see ntt.ts).
//
// Reduction uses the "unsigned min" trick: for x in [0, 2p), min_u(x, x - p) is x mod p because
// x - p wraps to a huge unsigned number exactly when x < p. This keeps every result canonical.

//
// Files: arith.ts (scalar and SIMD primitives, reusable by other modules), vector.ts (element-wise
// kernels), inverse.ts (batch inversion), ntt.ts (the NTT and its parallel stages), columns.ts
// (column transforms of row-major matrices). This entry file only selects the exports.

export { addVec, subVec, mulVec, scaleVec, mulFactors, geometric } from './vector';
export { batchInverse, fp4BatchInverseStart, fp4BatchInverseFinish } from './inverse';
export { buildTwiddles, bitReverse, ntt, nttBegin, nttChunkLevels, radix4Range, radix2Range } from './ntt';
export { GROUP, transformColumns } from './columns';
