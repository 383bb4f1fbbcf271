/**
 * Twiddle tables for the TypeScript reference transforms (ntt-reference.ts). The WebAssembly path
 * generates the same layout inside wasm memory (field-wasm.ts), independently, which is what the
 * equivalence tests compare. Level with half-span m (a power of two) occupies entries [m, 2m): table[m + j] = ω_{2m}^j
 * with ω_{2m} = twoAdicGenerator(log2(2m)). ω_{2m} does not depend on the transform size, so one
 * table for 2^logMax serves every smaller size, and each level's twiddles are contiguous (what the
 * SIMD butterflies load four at a time).
 */
import { inv, mul, twoAdicGenerator } from './babybear.ts';

/** Forward (roots ω) and inverse (roots ω^-1) tables covering transforms up to 2^logMax. */
export interface TwiddleTables {
  readonly logMax: number;
  readonly forward: Uint32Array;
  readonly inverse: Uint32Array;
}

let cached: TwiddleTables = {
  logMax: 0,
  forward: new Uint32Array(1),
  inverse: new Uint32Array(1),
};

/** Tables covering size 2^logN (grown on demand, cached; treat as read-only). */
export function twiddleTables(logN: number): TwiddleTables {
  if (cached.logMax >= logN) return cached;
  const n = 2 ** logN;
  const forward = new Uint32Array(n);
  const inverse = new Uint32Array(n);
  forward.set(cached.forward);
  inverse.set(cached.inverse);
  for (let k = cached.logMax; k < logN; k++) {
    const m = 2 ** k;
    const w = twoAdicGenerator(k + 1);
    const wInv = inv(w);
    let f = 1;
    let g = 1;
    for (let j = 0; j < m; j++) {
      forward[m + j] = f;
      inverse[m + j] = g;
      f = mul(f, w);
      g = mul(g, wInv);
    }
  }
  cached = { logMax: logN, forward, inverse };
  return cached;
}
