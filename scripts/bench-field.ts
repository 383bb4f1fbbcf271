/**
 * Field-layer benchmarks (used by `npm run bench:stark`, runnable alone with
 * `npx tsx scripts/bench-field.ts`): field multiplication cost in the WebAssembly SIMD vector loop
 * and the single-core NTT of 2^20 points, both on data resident in wasm memory (no JS copies), plus
 * the end-to-end figures including copies and the parallel coset LDE for context.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { P } from '../src/field/babybear.ts';
import { FieldWasm } from '../src/field/field-wasm.ts';
import { RowMajorMatrix } from '../src/field/matrix.ts';
import { cosetLde, cosetLdeParallel, nttInPlace } from '../src/field/ntt.ts';

/** The headline figures. */
export interface FieldBenchResult {
  /** Nanoseconds per base-field multiplication in the vector kernel (one core). */
  field_mul_ns: number;
  /** Milliseconds for one forward NTT of 2^20 points on one core (best of several runs). */
  ntt_2_20_ms: number;
}

/** ns per multiplication: best of 7 timings of 20 passes over 2^16-element vectors (L2-resident). */
export function measureFieldMul(): number {
  const ctx = new FieldWasm();
  const n = 1 << 16;
  const rounds = 20;
  ctx.timeResidentMul(n, rounds);
  let best = Infinity;
  for (let i = 0; i < 7; i++) best = Math.min(best, ctx.timeResidentMul(n, rounds));
  return (best * 1e6) / (n * rounds);
}

/** ms per forward NTT of 2^20 points on one core: best of 7 runs after a warm-up. */
export function measureNtt2_20(): number {
  const ctx = new FieldWasm();
  ctx.timeResidentNtt(20, 2);
  let best = Infinity;
  for (let i = 0; i < 7; i++) best = Math.min(best, ctx.timeResidentNtt(20, 1));
  return best;
}

/** Both headline figures. */
export function benchField(): FieldBenchResult {
  return { field_mul_ns: measureFieldMul(), ntt_2_20_ms: measureNtt2_20() };
}

function randomVector(n: number): Uint32Array {
  const v = new Uint32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.floor(Math.random() * P);
  return v;
}

async function main(): Promise<void> {
  const result = benchField();
  console.log(JSON.stringify(result));
  const x = randomVector(1 << 20);
  let t = performance.now();
  nttInPlace(x, 20);
  t = performance.now() - t;
  console.log(`nttInPlace(2^20) including JS↔wasm copies: ${t.toFixed(2)} ms`);
  const m = new RowMajorMatrix(randomVector(64 << 16), 64);
  cosetLde(m, 1, 31);
  t = performance.now();
  cosetLde(m, 1, 31);
  const single = performance.now() - t;
  await cosetLdeParallel(m, 1, 31);
  t = performance.now();
  await cosetLdeParallel(m, 1, 31);
  const parallel = performance.now() - t;
  console.log(
    `cosetLde 2^16×64 → 2^17: ${single.toFixed(1)} ms on one core, ` +
      `${parallel.toFixed(1)} ms on ${availableParallelism()} workers`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
