/**
 * Host side of the STARK WebAssembly kernels (wasm/stark → build/wasm/stark.wasm): one shared
 * memory holding the current operation's buffers, an instance on this thread, and the same memory
 * registered with the shared worker pool so a kernel's row range can be split across all cores.
 *
 * The synchronous prover API is kept: parallel batches run through `WorkerPool.runAllBlocking`
 * (this thread sleeps until every worker has finished). Off the main thread, or on one core, the
 * kernels run here. The memory holds one operation at a time (the prover is synchronous, so
 * operations never overlap); it grows to the largest operation and is reused.
 */
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { mul } from '../../field/babybear.ts';
import {
  createWasmMemory,
  ensureMemoryBytes,
  instantiateWasm,
  wasmHeapBase,
  type WasmMemory,
} from '../../field/wasm.ts';
import { sharedWorkerPool, type PoolTask, type WorkerPool } from '../../field/worker-pool.ts';

const MODULE = 'stark';
/** Name the memory is registered under with the worker pool. */
const POOL_NAME = 'stark';

/** R = 2^32 mod p (Montgomery radix). */
export const MONT_R = 0x0ffffffe;
/** R² mod p: montMul(x, R²) = x·R, the Montgomery form of x. */
export const MONT_R2 = mul(MONT_R, MONT_R);

/** x in Montgomery form (x·2^32 mod p). */
export function toMont(x: number): number {
  return mul(x, MONT_R);
}

/** Kernel exports of stark.wasm (pointers are byte addresses into the shared memory). */
export interface StarkExports {
  readonly BLOCK: { readonly value: number };
  evalRows(ctx: number, rowFrom: number, rowTo: number, regs: number): void;
  combineRows(m: number, w: number, coefs: number, out: number, rowFrom: number, rowTo: number): void;
  dotColumns(m: number, w: number, weightsA: number, weightsB: number, accA: number, accB: number, rowFrom: number, rowTo: number, r2: number): void;
  subMulAccRows(out: number, g: number, gStride: number, v: number, inv: number, n: number, r2: number, w11: number): void;
  scaleAccRows(out: number, a: number, s: number, n: number, r2: number, w11: number): void;
  friFold(cur: number, next: number, half: number, beta: number, inv2R: number, omegaInvR: number, r2: number, w11: number): void;
}

/** One kernel call: export name and arguments. */
export interface KernelCall {
  readonly fn: 'evalRows' | 'combineRows' | 'dotColumns';
  readonly args: readonly number[];
}

/** A bump allocator over the memory above the heap base, for one operation's buffers. */
export class KernelArena {
  private top: number;
  constructor(base: number) {
    this.top = base;
  }
  /** Reserve `bytes` (16-byte aligned) and return the byte address. */
  alloc(bytes: number): number {
    const p = (this.top + 15) & ~15;
    this.top = p + bytes;
    return p;
  }
  /** First byte past the last allocation. */
  get end(): number {
    return this.top;
  }
}

/** The process's STARK kernel context. */
export class StarkWasm {
  readonly memory: WasmMemory;
  readonly exports: StarkExports;
  /** First byte address free for buffers (address 0 stays unused: 0 means "absent"). */
  readonly heapBase: number;
  /** Rows per interpreter block (BLOCK in wasm/stark/program.ts). */
  readonly block: number;
  private attachedPool: WorkerPool | undefined;

  constructor() {
    this.memory = createWasmMemory(MODULE, 1 << 20);
    this.exports = instantiateWasm(MODULE, this.memory).exports as unknown as StarkExports;
    this.heapBase = Math.max(wasmHeapBase(MODULE), 64);
    this.block = this.exports.BLOCK.value;
  }

  /** A fresh allocator for one operation (earlier buffers become invalid). */
  arena(): KernelArena {
    return new KernelArena(this.heapBase);
  }

  /** Grow the memory to cover `arena`'s allocations; returns a fresh word view of the memory. */
  commit(arena: KernelArena): Uint32Array {
    ensureMemoryBytes(this.memory, arena.end + 16);
    return new Uint32Array(this.memory.buffer);
  }

  /** A fresh word view (re-create after any commit: growth replaces the buffer). */
  words(): Uint32Array {
    return new Uint32Array(this.memory.buffer);
  }

  /** Number of threads a parallel batch can use (pool workers, or 1 on this thread). */
  get parallelism(): number {
    const pool = this.pool();
    return pool ? pool.size : 1;
  }

  /**
   * Run independent kernel calls: call i on pool worker i mod size (each worker runs its calls in
   * order), or all on this thread when there is one call or no pool. Calls that share a scratch
   * buffer must therefore have indices congruent modulo `parallelism`.
   */
  run(calls: readonly KernelCall[]): void {
    const pool = calls.length > 1 ? this.pool() : undefined;
    if (pool) {
      const tasks: PoolTask[] = calls.map((c, i) => ({ worker: i % pool.size, name: POOL_NAME, fn: c.fn, args: c.args }));
      pool.runAllBlocking(tasks);
      return;
    }
    for (const c of calls) (this.exports[c.fn] as (...a: number[]) => void)(...c.args);
  }

  /** The shared pool with this memory registered, or undefined off the main thread / on one core. */
  private pool(): WorkerPool | undefined {
    if (!isMainThread || availableParallelism() < 2) return undefined;
    const pool = sharedWorkerPool();
    if (this.attachedPool !== pool || !pool.has(POOL_NAME)) {
      pool.register(POOL_NAME, this.memory, MODULE);
      this.attachedPool = pool;
    }
    return pool;
  }
}

let context: StarkWasm | undefined;

/** The process-wide STARK kernel context (created on first use). */
export function starkWasm(): StarkWasm {
  context ??= new StarkWasm();
  return context;
}

/**
 * Split [0, total) into at most `parts` contiguous ranges whose starts are multiples of `align`
 * (the last range takes the remainder).
 */
export function splitRange(total: number, parts: number, align: number): [number, number][] {
  const units = Math.ceil(total / align);
  const k = Math.max(1, Math.min(parts, units));
  const out: [number, number][] = [];
  for (let i = 0; i < k; i++) {
    const from = Math.min(total, Math.floor((units * i) / k) * align);
    const to = i === k - 1 ? total : Math.min(total, Math.floor((units * (i + 1)) / k) * align);
    if (to > from) out.push([from, to]);
  }
  return out;
}
