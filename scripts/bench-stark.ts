/**
 * `npm run bench:stark`: the proof-system headline figures. Prints a table, then as its LAST line
 * one JSON object:
 *   field_mul_ns, ntt_2_20_ms        (scripts/bench-field.ts, one core, resident wasm kernels)
 *   poseidon2_perms_per_s            (scripts/bench-hash.ts, wasm SIMD batch, one core)
 *   keccak_air, poseidon2_air        end-to-end runs of the Keccak-f AIR (2^10 permutations) and the
 *                                    Poseidon2 AIR (2^16 permutations) at DEFAULT_CONFIG, each
 *                                    { prove_s, verify_ms, proof_bytes, trace_cells, cells_per_s,
 *                                      peak_rss_mb, ... }
 * Each AIR runs in its own child process so `peak_rss_mb` is that run's peak resident set.
 * `prove_s` is the wall time of `prove()` (debug checker included, as every real proof runs it);
 * trace generation is reported separately as `trace_gen_s`. `cells_per_s` = trace_cells / prove_s.
 * CPU times (`*_cpu_*`) and the load average are reported next to wall times because the machine
 * may be shared (on a loaded machine wall time also counts time spent waiting for a core).
 *
 * Options: `--air keccak|poseidon2` runs one AIR in this process and prints its JSON (used by the
 * parent); `--log-perms N` overrides the permutation count 2^N (for quick profiling runs).
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { keccakP } from '@noble/hashes/sha3.js';
import { P } from '../src/field/babybear.ts';
import type { RowMajorMatrix } from '../src/field/matrix.ts';
import { poseidon2Permute16Batch } from '../src/hash/poseidon2.ts';
import { keccakStatement, keccakTable, keccakTrace } from '../src/stark/airs/keccak-air.ts';
import { poseidon2Statement, poseidon2Table, poseidon2Trace } from '../src/stark/airs/poseidon2-air.ts';
import {
  DEFAULT_CONFIG,
  conjecturedSecurityBits,
  defineSystem,
  encodeProof,
  prove,
  setup,
  verifyBytes,
  type BoundaryMessage,
  type TableSpec,
} from '../src/stark/index.ts';
import { benchField } from './bench-field.ts';
import { benchHash } from './bench-hash.ts';

/** One AIR's end-to-end figures. */
export interface AirBenchResult {
  permutations: number;
  trace_rows: number;
  trace_width: number;
  /** Total main-trace cells (rows × columns). */
  trace_cells: number;
  trace_gen_s: number;
  prove_s: number;
  prove_cpu_s: number;
  /** Best of three verifications of the encoded proof (decode included), statement included. */
  verify_ms: number;
  proof_bytes: number;
  cells_per_s: number;
  peak_rss_mb: number;
  security_bits_conjectured: number;
  /** Prover phases (wall ms, and CPU ms under `<phase>Cpu`) as reported by `prove`'s phaseTimes. */
  phases_ms: Record<string, number>;
}

interface AirCase {
  readonly table: TableSpec<any, any>;
  readonly defaultLogPerms: number;
  build(count: number): { trace: RowMajorMatrix; boundary: BoundaryMessage[] };
}

/** Deterministic pseudo-random words (xorshift32). */
function words(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 0;
  }
  return out;
}

const CASES: Record<string, AirCase> = {
  keccak: {
    table: keccakTable,
    defaultLogPerms: 10,
    build(count) {
      const inputs = words(50 * count, 0x6b656363);
      const outputs = inputs.slice();
      for (let k = 0; k < count; k++) keccakP(outputs.subarray(50 * k, 50 * k + 50));
      return { trace: keccakTrace(inputs), boundary: keccakStatement(inputs, outputs) };
    },
  },
  poseidon2: {
    table: poseidon2Table,
    defaultLogPerms: 16,
    build(count) {
      const inputs = words(16 * count, 0x706f7365).map((w) => w % P);
      const outputs = inputs.slice();
      poseidon2Permute16Batch(outputs, count);
      return { trace: poseidon2Trace(inputs), boundary: poseidon2Statement(inputs, outputs) };
    },
  },
};

/** Run one AIR end to end in this process. */
export function benchAir(name: string, logPerms?: number): AirBenchResult {
  const c = CASES[name];
  if (c === undefined) throw new RangeError(`unknown AIR '${name}' (keccak | poseidon2)`);
  const count = 2 ** (logPerms ?? c.defaultLogPerms);
  const system = defineSystem([c.table]);
  const tableName = system.tables[0]!.name;
  const { provingKey, verifyingKey } = setup(system, DEFAULT_CONFIG);

  let t = performance.now();
  const { trace, boundary } = c.build(count);
  const traceGenS = (performance.now() - t) / 1000;

  const cpu0 = process.cpuUsage();
  t = performance.now();
  const phases: Record<string, number> = {};
  const proof = prove(provingKey, { traces: { [tableName]: trace }, boundary }, { phaseTimes: phases });
  const proveS = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const bytes = encodeProof(proof);

  let verifyMs = Infinity;
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    verifyBytes(verifyingKey, bytes, { boundary });
    verifyMs = Math.min(verifyMs, performance.now() - t);
  }
  const cells = trace.height * trace.width;
  return {
    permutations: count,
    trace_rows: trace.height,
    trace_width: trace.width,
    trace_cells: cells,
    trace_gen_s: round(traceGenS, 3),
    prove_s: round(proveS, 3),
    prove_cpu_s: round((cpu.user + cpu.system) / 1e6, 3),
    verify_ms: round(verifyMs, 1),
    proof_bytes: bytes.length,
    cells_per_s: Math.round(cells / proveS),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    security_bits_conjectured: conjecturedSecurityBits(DEFAULT_CONFIG),
    phases_ms: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A failed AIR run: the child's error output, reported instead of figures. */
export interface AirBenchFailure {
  error: string;
}

/**
 * Run `--air name` in a child process (fresh heap, its own peak RSS) and parse its JSON line; a
 * failing run (e.g. a proof the verifier rejects) is reported as `{ error }` so the other figures
 * are still printed.
 */
function benchAirInChild(name: string, logPerms: number | undefined): AirBenchResult | AirBenchFailure {
  const args = [process.argv[1]!, '--air', name];
  if (logPerms !== undefined) args.push('--log-perms', String(logPerms));
  try {
    const out = execFileSync(process.execPath, [...process.execArgv, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = out.trim().split('\n');
    return JSON.parse(lines[lines.length - 1]!) as AirBenchResult;
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '');
    const reason = stderr.split('\n').find((l) => /Error/.test(l)) ?? (e as Error).message;
    return { error: reason.trim() };
  }
}

function row(label: string, value: string, target: string): string {
  return `${label.padEnd(34)} ${value.padStart(16)}   ${target}`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (f: string): string | undefined => {
    const i = argv.indexOf(f);
    return i < 0 ? undefined : argv[i + 1];
  };
  const logArg = flag('--log-perms');
  const logPerms = logArg === undefined ? undefined : Number(logArg);
  const only = flag('--air');
  if (only !== undefined) {
    console.log(JSON.stringify(benchAir(only, logPerms)));
    return;
  }

  const loadBefore = loadavg()[0]!;
  const field = benchField();
  const hash = await benchHash();
  const keccak = benchAirInChild('keccak', logPerms);
  const poseidon2 = benchAirInChild('poseidon2', logPerms);

  const lines = [
    row('metric', 'measured', 'target'),
    row('cores / 1-min load average', `${availableParallelism()} / ${loadBefore.toFixed(1)}`, ''),
    row('field mul (ns, 1 core; wall / cpu)', `${field.field_mul_ns.toFixed(3)} / ${field.field_mul_cpu_ns.toFixed(3)}`, ''),
    row('NTT 2^20 (ms, 1 core; wall / cpu)', `${field.ntt_2_20_ms.toFixed(2)} / ${field.ntt_2_20_cpu_ms.toFixed(2)}`, '<= 10'),
    row('Poseidon2-16 perms/s (1 core)', hash.poseidon2_perms_per_s.toLocaleString('en-US'), '>= 1,000,000'),
    row('  per CPU second', hash.poseidon2_perms_per_cpu_s.toLocaleString('en-US'), ''),
  ];
  for (const [name, r] of [
    ['Keccak-f AIR', keccak],
    ['Poseidon2 AIR', poseidon2],
  ] as const) {
    if ('error' in r) {
      lines.push(row(name, 'FAILED', r.error));
      continue;
    }
    lines.push(
      row(`${name} (${r.permutations} perms)`, '', ''),
      row('  trace rows × columns', `${r.trace_rows} × ${r.trace_width}`, ''),
      row('  trace generation (s)', r.trace_gen_s.toFixed(3), ''),
      row('  prove (s, wall / cpu)', `${r.prove_s.toFixed(2)} / ${r.prove_cpu_s.toFixed(2)}`, ''),
      row('  cells/s', r.cells_per_s.toLocaleString('en-US'), '>= 15,000,000'),
      row('  verify (ms)', r.verify_ms.toFixed(1), '<= 100'),
      row('  proof (bytes)', r.proof_bytes.toLocaleString('en-US'), ''),
      row('  peak RSS (MB)', String(r.peak_rss_mb), ''),
      ...Object.entries(r.phases_ms)
        .filter(([k]) => !k.endsWith('Cpu'))
        .map(([k, v]) => row(`    phase ${k} (ms, wall / cpu)`, `${v} / ${r.phases_ms[`${k}Cpu`] ?? '?'}`, '')),
    );
  }
  console.log(lines.join('\n'));
  console.log(
    JSON.stringify({
      field_mul_ns: field.field_mul_ns,
      ntt_2_20_ms: field.ntt_2_20_ms,
      poseidon2_perms_per_s: hash.poseidon2_perms_per_s,
      field_mul_cpu_ns: field.field_mul_cpu_ns,
      ntt_2_20_cpu_ms: field.ntt_2_20_cpu_ms,
      poseidon2_perms_per_cpu_s: hash.poseidon2_perms_per_cpu_s,
      cores: availableParallelism(),
      load_average_1min: Math.round(loadBefore * 10) / 10,
      keccak_air: keccak,
      poseidon2_air: poseidon2,
    }),
  );
  // A failed AIR run still prints every figure above, but the script fails.
  if ('error' in keccak || 'error' in poseidon2) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
