/**
 * Hash-layer benchmark: Poseidon2 width-16 throughput on one core (WebAssembly SIMD batch and the
 * TypeScript reference), Keccak-256 of 64-byte messages (Merkle inner nodes), and a Merkle commit.
 *
 * `benchHash()` returns the figures; run standalone with `npx tsx scripts/bench-hash.ts`.
 * Rates are per wall-clock second on the calling thread; `*_per_cpu_s` divide by this process's
 * CPU time instead, which stays meaningful when other processes compete for the cores.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { RowMajorMatrix } from '../src/field/matrix.ts';
import { P } from '../src/field/babybear.ts';
import { keccak256Many } from '../src/hash/hash-wasm.ts';
import { MerkleTree } from '../src/hash/merkle.ts';
import { poseidon2Permute16, poseidon2Permute16Batch } from '../src/hash/poseidon2.ts';

/** Figures reported by benchHash. */
export interface HashBenchResult {
  /** Poseidon2-BabyBear width 16, WebAssembly SIMD batch, one thread. */
  poseidon2_perms_per_s: number;
  /** Same, per CPU second of this process. */
  poseidon2_perms_per_cpu_s: number;
  /** Poseidon2 width 16, plain TypeScript reference. */
  poseidon2_ts_perms_per_s: number;
  /** Keccak-256 of 64-byte messages in WebAssembly, one thread. */
  keccak64_hashes_per_s: number;
  /** Keccak-256 of 64-byte messages with @noble/hashes. */
  keccak64_noble_hashes_per_s: number;
  /** MerkleTree.commit of a 2^16 × 32 matrix (single thread), in milliseconds. */
  merkle_commit_2p16x32_ms: number;
  /** MerkleTree.commitParallel of the same matrix, in milliseconds. */
  merkle_commit_parallel_2p16x32_ms: number;
}

/** Run `body` repeatedly for at least `ms` milliseconds; returns [calls, wall seconds, cpu seconds]. */
function timeLoop(ms: number, body: () => void): [number, number, number] {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let calls = 0;
  do {
    body();
    calls++;
  } while (performance.now() - t0 < ms);
  const cpu = process.cpuUsage(cpu0);
  return [calls, (performance.now() - t0) / 1000, (cpu.user + cpu.system) / 1e6];
}

/** Measure the hash layer (takes about 10 seconds). */
export async function benchHash(): Promise<HashBenchResult> {
  const batch = 8192;
  const states = Uint32Array.from({ length: batch * 16 }, (_, i) => (i * 2654435761) % P);
  poseidon2Permute16Batch(states, batch); // warm-up: instantiate and tier up the kernel
  let best = 0;
  let bestCpu = 0;
  for (let round = 0; round < 3; round++) {
    const [calls, wall, cpu] = timeLoop(1000, () => poseidon2Permute16Batch(states, batch));
    best = Math.max(best, (calls * batch) / wall);
    bestCpu = Math.max(bestCpu, (calls * batch) / cpu);
  }
  const one = states.slice(0, 16);
  const [tsCalls, tsWall] = timeLoop(1000, () => poseidon2Permute16(one));

  const msgs = 1 << 15;
  const input = new Uint8Array(msgs * 64).map((_, i) => (i * 131) & 0xff);
  keccak256Many(input, 64, msgs);
  const [kCalls, kWall] = timeLoop(1000, () => keccak256Many(input, 64, msgs));
  let nobleCount = 0;
  const [, nWall] = timeLoop(1000, () => {
    for (let k = 0; k < 1024; k++) keccak_256(input.subarray(k * 64, k * 64 + 64));
    nobleCount += 1024;
  });

  const matrix = new RowMajorMatrix(
    Uint32Array.from({ length: (1 << 16) * 32 }, (_, i) => (i * 40503) % P),
    32,
  );
  MerkleTree.commit(matrix);
  let t = performance.now();
  MerkleTree.commit(matrix);
  const commitMs = performance.now() - t;
  await MerkleTree.commitParallel(matrix);
  t = performance.now();
  await MerkleTree.commitParallel(matrix);
  const commitParallelMs = performance.now() - t;

  return {
    poseidon2_perms_per_s: Math.round(best),
    poseidon2_perms_per_cpu_s: Math.round(bestCpu),
    poseidon2_ts_perms_per_s: Math.round(tsCalls / tsWall),
    keccak64_hashes_per_s: Math.round((kCalls * msgs) / kWall),
    keccak64_noble_hashes_per_s: Math.round(nobleCount / nWall),
    merkle_commit_2p16x32_ms: Math.round(commitMs),
    merkle_commit_parallel_2p16x32_ms: Math.round(commitParallelMs),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchHash(), null, 2));
}
