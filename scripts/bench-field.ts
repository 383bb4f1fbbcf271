/**
 * Field-layer benchmarks (used by `npm run bench:stark`, runnable alone with
 * `npx tsx scripts/bench-field.ts`): field multiplication cost in the WebAssembly SIMD vector loop
 * and the single-core NTT of 2^20 points, both on data resident in wasm memory (no JS copies), plus
 * end-to-end figures of the public API (which copies in and out and may use the worker pool).
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { P } from '../src/field/babybear.ts';
import { FieldWasm } from '../src/field/field-wasm.ts';
import { RowMajorMatrix } from '../src/field/matrix.ts';
import { cosetLde, cosetLdeParallel, nttInPlace } from '../src/field/ntt.ts';

/**
 * The headline figures: best-of-N wall-clock time, plus the same runs' best process CPU time
 * (on a machine shared with other jobs, wall time also counts time spent waiting for a core).
 */
export interface FieldBenchResult {
  /** Nanoseconds per base-field multiplication in the vector kernel (one core). */
  field_mul_ns: number;
  /** Milliseconds for one forward NTT of 2^20 points on one core. */
  ntt_2_20_ms: number;
  /** field_mul_ns measured in CPU time. */
  field_mul_cpu_ns: number;
  /** ntt_2_20_ms measured in CPU time. */
  ntt_2_20_cpu_ms: number;
}

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Best wall and best CPU time of `runs` calls of f (after one warm-up call). */
function best(runs: number, f: () => void): Timing {
  f();
  let wallMs = Infinity;
  let cpuMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    wallMs = Math.min(wallMs, wall);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
  }
  return { wallMs, cpuMs };
}

/** ns per multiplication: 20 passes of mulVec over 2^16-element resident vectors, best of 15. */
export function measureFieldMul(): Timing {
  const ctx = new FieldWasm();
  const n = 1 << 16;
  const rounds = 20;
  const t = best(15, ctx.residentMulRunner(n, rounds));
  const perMul = 1e6 / (n * rounds);
  return { wallMs: t.wallMs * perMul, cpuMs: t.cpuMs * perMul };
}

/** ms per forward NTT of 2^20 resident points on one core, best of 15. */
export function measureNtt2_20(): Timing {
  const ctx = new FieldWasm();
  return best(15, ctx.residentNttRunner(20));
}

/** The headline figures. */
export function benchField(): FieldBenchResult {
  const mulT = measureFieldMul();
  const nttT = measureNtt2_20();
  return {
    field_mul_ns: mulT.wallMs,
    ntt_2_20_ms: nttT.wallMs,
    field_mul_cpu_ns: mulT.cpuMs,
    ntt_2_20_cpu_ms: nttT.cpuMs,
  };
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
  nttInPlace(x, 20);
  let t = performance.now();
  nttInPlace(x, 20);
  t = performance.now() - t;
  console.log(`nttInPlace(2^20), public API (copies, pool when multi-core): ${t.toFixed(2)} ms`);
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
    `cosetLde 2^16×64 → 2^17 on ${availableParallelism()} cores: ${single.toFixed(1)} ms (sync API), ` +
      `${parallel.toFixed(1)} ms (cosetLdeParallel)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
