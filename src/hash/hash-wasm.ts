/**
 * Host side of the hash layer's WebAssembly kernels (wasm/hash/: Keccak-256 over many equal-length
 * messages, Poseidon2-BabyBear width 16 four states per SIMD vector).
 *
 * Synchronous calls run on this thread in a private instance over a private shared memory.
 * Large Keccak jobs can be split over the worker pool of src/field/worker-pool.ts through a second
 * memory registered with the pool; jobs on that memory are serialised by a promise chain so
 * concurrent callers never share a buffer. Inputs are copied into wasm memory in bounded chunks,
 * so memory use stays O(chunk) on top of the caller's own arrays.
 *
 * Memory layout above the module's static data (wasmHeapBase): [scratch slots][I/O buffer].
 * One scratch slot (Keccak state + padded block, or the Poseidon2 working state) per thread.
 */
import {
  createWasmMemory,
  ensureMemoryBytes,
  instantiateWasm,
  wasmHeapBase,
  type WasmInstance,
  type WasmMemory,
} from '../field/wasm.ts';
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { sharedWorkerPool, type PoolTask, type WorkerPool } from '../field/worker-pool.ts';
import { POSEIDON2_16_CONSTANTS } from './poseidon2-constants.ts';

const MODULE = 'hash';
/** Bytes per scratch slot: covers KECCAK_SCRATCH_BYTES (672) and P2_SCRATCH_BYTES (256), 16-aligned. */
const SCRATCH_SLOT = 1024;
/** Input bytes copied into wasm memory per synchronous kernel call. */
const SYNC_CHUNK_BYTES = 1 << 20;
/** Input bytes per parallel round (split across all workers). */
const PARALLEL_CHUNK_BYTES = 16 << 20;
/** Below this many input bytes a parallel request runs synchronously (worker round trips cost more). */
const PARALLEL_MIN_BYTES = 1 << 20;
const DIGEST = 32;
const P2_WIDTH = 16;

interface HashExports {
  keccak256_many(input: number, msgLen: number, count: number, output: number, scratch: number): void;
  p2_stage_ptr(): number;
  p2_setup(): void;
  p2_permute16_batch(states: number, count: number, scratch: number): void;
}

/** A module instance over its own memory with a growable I/O region. */
class HashInstance {
  readonly memory: WasmMemory;
  readonly exports: HashExports;
  readonly ioBase: number;

  constructor(scratchSlots: number, memory?: WasmMemory) {
    this.memory = memory ?? createWasmMemory(MODULE, scratchSlots * SCRATCH_SLOT + SYNC_CHUNK_BYTES * 2);
    const instance: WasmInstance = instantiateWasm(MODULE, this.memory);
    this.exports = instance.exports as unknown as HashExports;
    this.ioBase = wasmHeapBase(MODULE) + scratchSlots * SCRATCH_SLOT;
    stagePoseidon2Constants(this.memory, this.exports);
  }

  scratch(slot: number): number {
    return wasmHeapBase(MODULE) + slot * SCRATCH_SLOT;
  }

  /** Make the I/O region at least `bytes` long and return a fresh byte view of all memory. */
  reserveIo(bytes: number): Uint8Array {
    ensureMemoryBytes(this.memory, this.ioBase + bytes);
    return new Uint8Array(this.memory.buffer);
  }
}

/** Write the canonical Poseidon2 constants into the kernel's staging area and convert them. */
function stagePoseidon2Constants(memory: WasmMemory, ex: HashExports): void {
  const words = new Uint32Array(memory.buffer);
  let at = ex.p2_stage_ptr() >>> 2;
  for (const rc of POSEIDON2_16_CONSTANTS.externalInitial) {
    words.set(rc, at);
    at += P2_WIDTH;
  }
  for (const rc of POSEIDON2_16_CONSTANTS.externalFinal) {
    words.set(rc, at);
    at += P2_WIDTH;
  }
  words.set(POSEIDON2_16_CONSTANTS.internal, at);
  ex.p2_setup();
}

let local: HashInstance | undefined;

function localInstance(): HashInstance {
  local ??= new HashInstance(1);
  return local;
}

/**
 * Keccak-256 of `count` messages of `msgLen` bytes each, stored back to back in `input`;
 * returns the digests back to back (32 bytes each). Runs in WebAssembly; a large batch on the main
 * thread of a multi-core machine is split across the worker pool while this thread blocks (the
 * prover's Merkle commitments are synchronous and hash gigabytes of LDE rows).
 */
export function keccak256Many(input: Uint8Array, msgLen: number, count: number): Uint8Array {
  checkBatch(input, msgLen, count);
  if (count * msgLen >= PARALLEL_MIN_BYTES && count >= 2 && isMainThread && availableParallelism() >= 2) {
    return keccak256ManyBlocking(input, msgLen, count);
  }
  const inst = localInstance();
  const out = new Uint8Array(count * DIGEST);
  const perChunk = Math.max(1, Math.floor(SYNC_CHUNK_BYTES / Math.max(1, msgLen)));
  for (let first = 0; first < count; first += perChunk) {
    const n = Math.min(perChunk, count - first);
    const inBytes = n * msgLen;
    const mem = inst.reserveIo(alignUp(inBytes) + n * DIGEST);
    mem.set(input.subarray(first * msgLen, first * msgLen + inBytes), inst.ioBase);
    const outPtr = inst.ioBase + alignUp(inBytes);
    inst.exports.keccak256_many(inst.ioBase, msgLen, n, outPtr, inst.scratch(0));
    out.set(new Uint8Array(inst.memory.buffer, outPtr, n * DIGEST), first * DIGEST);
  }
  return out;
}

/** Poseidon2 width 16 on `count` states stored back to back in `states` (canonical), in place. */
export function poseidon2Permute16BatchWasm(states: Uint32Array, count: number): void {
  const inst = localInstance();
  const perChunk = SYNC_CHUNK_BYTES / (P2_WIDTH * 4);
  for (let first = 0; first < count; first += perChunk) {
    const n = Math.min(perChunk, count - first);
    const words = n * P2_WIDTH;
    inst.reserveIo(words * 4);
    const view = new Uint32Array(inst.memory.buffer, inst.ioBase, words);
    view.set(states.subarray(first * P2_WIDTH, first * P2_WIDTH + words));
    inst.exports.p2_permute16_batch(inst.ioBase, n, inst.scratch(0));
    states.set(view, first * P2_WIDTH);
  }
}

/** The pool-side instance: one memory shared by every worker and by this thread's copy. */
interface ParallelContext {
  readonly pool: WorkerPool;
  readonly inst: HashInstance;
}

let parallel: ParallelContext | undefined;
let parallelQueue: Promise<unknown> = Promise.resolve();

function parallelContext(): ParallelContext {
  if (parallel === undefined) {
    const pool = sharedWorkerPool();
    const inst = new HashInstance(pool.size, createWasmMemory(MODULE, pool.size * SCRATCH_SLOT + PARALLEL_CHUNK_BYTES * 2));
    pool.register(MODULE, inst.memory);
    parallel = { pool, inst };
  }
  return parallel;
}

/**
 * `keccak256Many` split across the worker pool (identical output). Small inputs run on this
 * thread. Calls are queued, so concurrent callers are safe.
 */
export function keccak256ManyParallel(input: Uint8Array, msgLen: number, count: number): Promise<Uint8Array> {
  checkBatch(input, msgLen, count);
  if (count * msgLen < PARALLEL_MIN_BYTES) return Promise.resolve(keccak256Many(input, msgLen, count));
  const job = parallelQueue.then(() => runParallel(input, msgLen, count));
  parallelQueue = job.catch(() => undefined);
  return job;
}

async function runParallel(input: Uint8Array, msgLen: number, count: number): Promise<Uint8Array> {
  const { pool, inst } = parallelContext();
  const out = new Uint8Array(count * DIGEST);
  for (const chunk of parallelChunks(pool, inst, MODULE, input, msgLen, count)) {
    await pool.runAll(chunk.tasks);
    chunk.collect(out);
  }
  return out;
}

/** The blocking pool instance: its own memory, so it never shares a buffer with a queued async job. */
let blocking: ParallelContext | undefined;
const BLOCKING_NAME = 'hash-blocking';

function blockingContext(): ParallelContext {
  const pool = sharedWorkerPool();
  if (blocking === undefined || blocking.pool !== pool || !pool.has(BLOCKING_NAME)) {
    const inst = blocking?.inst ?? new HashInstance(pool.size, createWasmMemory(MODULE, pool.size * SCRATCH_SLOT + PARALLEL_CHUNK_BYTES * 2));
    pool.register(BLOCKING_NAME, inst.memory, MODULE);
    blocking = { pool, inst };
  }
  return blocking;
}

function keccak256ManyBlocking(input: Uint8Array, msgLen: number, count: number): Uint8Array {
  const { pool, inst } = blockingContext();
  const out = new Uint8Array(count * DIGEST);
  for (const chunk of parallelChunks(pool, inst, BLOCKING_NAME, input, msgLen, count)) {
    pool.runAllBlocking(chunk.tasks);
    chunk.collect(out);
  }
  return out;
}

/** One round of a pool job: its tasks (one share of the messages per worker) and how to read the digests. */
interface ParallelChunk {
  readonly tasks: PoolTask[];
  collect(out: Uint8Array): void;
}

/**
 * Splits a batch into rounds of at most PARALLEL_CHUNK_BYTES of input, copying each round into the
 * instance's I/O region just before it is yielded (so rounds must be consumed in order).
 */
function* parallelChunks(
  pool: WorkerPool,
  inst: HashInstance,
  name: string,
  input: Uint8Array,
  msgLen: number,
  count: number,
): Generator<ParallelChunk> {
  const perChunk = Math.max(pool.size, Math.floor(PARALLEL_CHUNK_BYTES / Math.max(1, msgLen)));
  for (let first = 0; first < count; first += perChunk) {
    const n = Math.min(perChunk, count - first);
    const inBytes = n * msgLen;
    const mem = inst.reserveIo(alignUp(inBytes) + n * DIGEST);
    mem.set(input.subarray(first * msgLen, first * msgLen + inBytes), inst.ioBase);
    const outPtr = inst.ioBase + alignUp(inBytes);
    const share = Math.ceil(n / pool.size);
    const tasks: PoolTask[] = [];
    for (let w = 0; w < pool.size && w * share < n; w++) {
      const start = w * share;
      const len = Math.min(share, n - start);
      tasks.push({
        worker: w,
        name,
        fn: 'keccak256_many',
        args: [inst.ioBase + start * msgLen, msgLen, len, outPtr + start * DIGEST, inst.scratch(w)],
      });
    }
    const firstDigest = first * DIGEST;
    yield { tasks, collect: (out) => out.set(new Uint8Array(inst.memory.buffer, outPtr, n * DIGEST), firstDigest) };
  }
}

function checkBatch(input: Uint8Array, msgLen: number, count: number): void {
  if (!Number.isInteger(msgLen) || msgLen < 0 || !Number.isInteger(count) || count < 0 || input.length < msgLen * count) {
    throw new RangeError(`keccak256Many: ${count} messages of ${msgLen} bytes do not fit ${input.length} input bytes`);
  }
}

function alignUp(n: number): number {
  return (n + 15) & ~15;
}
