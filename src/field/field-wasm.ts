/**
 * Host side of the BabyBear WebAssembly kernels (wasm/field → build/wasm/field.wasm): memory
 * layout, Montgomery-form constants and the calls that run NTTs, column transforms and vector
 * arithmetic either synchronously on the calling thread or split across the worker pool.
 *
 * Representation (see wasm/field/index.ts): data is canonical in and out. Twiddles are canonical
 * with Shoup companions floor(w·2^32/p) (cheapest product by a known constant in wasm SIMD);
 * other multiplicative constants (coset powers, scalars) are held in Montgomery form c·2^32 mod p,
 * so each product is one Montgomery multiplication and no pass converts the data itself.
 *
 * Memory layout of a context: [heap base: forward twiddles][inverse twiddles][per-operation
 * arena]; each twiddle table covers sizes up to 2^L in the kernels' interleaved format (2·2^L
 * words: every group of four twiddles is followed by their Shoup companions). The arena is reused
 * by every operation, so a context runs one operation at a time: synchronous calls finish before
 * returning, and parallel calls on the pool context are serialised by a promise chain.
 */
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { inv, mul, twoAdicGenerator } from './babybear.ts';
import { createWasmMemory, ensureMemoryBytes, instantiateWasm, wasmHeapBase, type WasmMemory } from './wasm.ts';
import { sharedWorkerPool, type PoolTask, type WorkerPool } from './worker-pool.ts';

/** R = 2^32 mod p, the Montgomery radix reduced. */
export const MONT_R = 0x0ffffffe;
/** R^2 = 2^64 mod p: montMul(x, R^2) converts x into Montgomery form. */
export const MONT_R2 = mul(MONT_R, MONT_R);

/** R^-1 mod p: mul(x, MONT_R_INV) takes x out of Montgomery form. */
const MONT_R_INV = inv(MONT_R);

/** c in Montgomery form (c·2^32 mod p). */
export function toMontgomery(c: number): number {
  return mul(c, MONT_R);
}

interface FieldExports {
  addVec(out: number, a: number, b: number, n: number): void;
  subVec(out: number, a: number, b: number, n: number): void;
  mulVec(out: number, a: number, b: number, n: number): void;
  scaleVec(x: number, n: number, cR: number): void;
  mulFactors(x: number, f: number, n: number): void;
  geometric(out: number, n: number, startR: number, ratioR: number): void;
  batchInverse(x: number, n: number, scratch: number, r2: number): void;
  fp4BatchInverseStart(x: number, n: number, scratch: number, totals: number, r2: number, wR: number): void;
  fp4BatchInverseFinish(x: number, n: number, scratch: number, invs: number, wR: number): void;
  ntt(x: number, logN: number, tw: number, scratch: number): void;
  nttBegin(x: number, logN: number, tw: number, scratch: number): number;
  buildTwiddles(dst: number, src: number, n: number): void;
  transformColumns(
    src: number, width: number, srcRows: number, dst: number, logN: number, logOut: number,
    c0: number, c1: number, scratch: number, twI: number, factors: number, twF: number,
  ): void;
  GROUP: { readonly value: number };
}

/**
 * What to do to each column (see transformColumns in wasm/field/columns.ts): optional unscaled
 * inverse NTT of the srcRows = 2^logN inputs, optional multiplication of row i by
 * start·ratio^i (canonical constants), zero-padding to 2^logOut, optional forward NTT of size
 * 2^logOut.
 */
export interface ColumnPlan {
  readonly logN: number;
  readonly logOut: number;
  readonly inverse: boolean;
  readonly factors: { readonly start: number; readonly ratio: number } | null;
  readonly forward: boolean;
}

const MIN_TWIDDLE_LOG = 4;
/** Smallest one-column NTT (log size) that the synchronous API spreads over the pool. */
const PARALLEL_MIN_LOG_NTT = 17;
/** Smallest column transform (output words) that the synchronous API spreads over the pool. */
const PARALLEL_MIN_WORDS = 1 << 17;

/** Arguments of the transformColumns kernel. */
type TransformArgs = [
  src: number, width: number, srcRows: number, dst: number, logN: number, logOut: number,
  c0: number, c1: number, scratch: number, twI: number, factors: number, twF: number,
];

/** One column batch laid out in the arena (see FieldWasm.layout). */
interface ColumnBatch {
  /** Kernel arguments for columns [g0, g1) of the batch using scratch slot `slot`. */
  args(g0: number, g1: number, slot: number): TransformArgs;
  /** Copies the batch's result columns into the full output matrix. */
  copyInto(out: Uint32Array): void;
}
/** Largest per-operation arena; bigger matrix transforms run in column batches. */
let arenaBudgetBytes = 1.5 * 2 ** 30;

/** Test hook: overrides the arena budget (bytes) so batching can be exercised on small inputs. */
export function setArenaBudgetForTests(bytes: number): number {
  const previous = arenaBudgetBytes;
  arenaBudgetBytes = bytes;
  return previous;
}

/** Scratch words the kernels' blocked bit reversal needs (two 16×16 tiles). */
const BIT_REVERSE_SCRATCH_WORDS = 512;

/** One instance of the field module over one shared memory. */
export class FieldWasm {
  readonly memory: WasmMemory;
  private readonly exports: FieldExports;
  private readonly heapBase: number;
  private readonly group: number;
  private twLog = -1;
  /** Name under which this context's memory is registered with the worker pool. */
  private readonly poolName: string;
  private attachedPool: WorkerPool | undefined;

  constructor(poolName = 'field') {
    this.poolName = poolName;
    this.memory = createWasmMemory('field', 1 << 20);
    this.exports = instantiateWasm('field', this.memory).exports as unknown as FieldExports;
    // Address 0 means "absent" to transformColumns (twI/factors/twF), so nothing may live there.
    this.heapBase = Math.max(wasmHeapBase('field'), 64);
    this.group = this.exports.GROUP.value;
  }

  /** Byte address of the forward twiddle table. */
  private get twForward(): number {
    return this.heapBase;
  }

  /** Byte address of the inverse twiddle table. */
  private get twInverse(): number {
    return this.heapBase + 8 * 2 ** this.twLog;
  }

  /**
   * Makes sure twiddles cover 2^logN and the arena holds `arenaWords`; returns the arena's byte
   * address. Invalidates earlier arena contents.
   */
  private prepare(logN: number, arenaWords: number): number {
    const want = Math.max(logN, MIN_TWIDDLE_LOG, this.twLog);
    const n = 2 ** want;
    const arena = this.heapBase + 16 * n;
    ensureMemoryBytes(this.memory, arena + 4 * Math.max(arenaWords, n));
    if (want > this.twLog) {
      this.twLog = want;
      // Stage each canonical table in the arena (level k holds ω_{2^(k+1)}^j at [2^k, 2^(k+1)),
      // generated as Montgomery-form geometric sequences, then scaled by R^-1 back to canonical),
      // then interleave it with its Shoup companions.
      for (const [inverse, dst] of [[false, this.twForward], [true, this.twInverse]] as const) {
        for (let k = 0; k < want; k++) {
          const w = twoAdicGenerator(k + 1);
          this.exports.geometric(arena + 4 * 2 ** k, 2 ** k, MONT_R, toMontgomery(inverse ? inv(w) : w));
        }
        this.exports.scaleVec(arena + 4, n - 1, 1);
        this.view()[arena >>> 2] = 1; // entry 0 belongs to no level; keep it a valid element
        this.exports.buildTwiddles(dst, arena, n);
      }
    }
    return arena;
  }

  /** A fresh Uint32Array view of the whole memory (the buffer changes when memory grows). */
  view(): Uint32Array {
    return new Uint32Array(this.memory.buffer);
  }

  /**
   * In-place NTT (or scaled inverse NTT) of one column of 2^logN values on this thread; from
   * 2^PARALLEL_MIN_LOG_NTT up, on the main thread of a multi-core machine, the stages are spread
   * over the worker pool while this thread blocks (see nttStages).
   */
  ntt(values: Uint32Array, logN: number, inverse: boolean): void {
    const n = 2 ** logN;
    const ptr = this.prepare(logN, n + BIT_REVERSE_SCRATCH_WORDS);
    const tw = inverse ? this.twInverse : this.twForward;
    this.view().set(values, ptr >>> 2);
    const pool = logN >= PARALLEL_MIN_LOG_NTT ? this.blockingPool() : undefined;
    if (pool) {
      for (const batch of this.nttStages(pool, ptr, logN, tw, pool.size)) pool.runAllBlocking(batch);
    } else {
      this.exports.ntt(ptr, logN, tw, ptr + 4 * n);
    }
    if (inverse) this.exports.scaleVec(ptr, n, toMontgomery(inv(n)));
    values.set(this.view().subarray(ptr >>> 2, (ptr >>> 2) + n));
  }

  /** As ntt, with the stages spread over the shared worker pool asynchronously. */
  async nttParallel(values: Uint32Array, logN: number, inverse: boolean, parts?: number): Promise<void> {
    const pool = this.attachPool();
    const n = 2 ** logN;
    const ptr = this.prepare(logN, n + BIT_REVERSE_SCRATCH_WORDS);
    const tw = inverse ? this.twInverse : this.twForward;
    this.view().set(values, ptr >>> 2);
    // More parts than workers is allowed (tasks go round-robin); the tests use it to exercise
    // ranges that cross butterfly groups.
    for (const batch of this.nttStages(pool, ptr, logN, tw, parts ?? pool.size)) await pool.runAll(batch);
    if (inverse) this.exports.scaleVec(ptr, n, toMontgomery(inv(n)));
    values.set(this.view().subarray(ptr >>> 2, (ptr >>> 2) + n));
  }

  /**
   * The one-column NTT of 2^logN words at ptr as rounds of pool tasks: bit reversal and the first
   * two levels run here (before the first round), then each of `parts` contiguous chunks gets
   * the levels whose butterflies stay inside it, then every remaining pass is split into equal
   * butterfly ranges. Each yielded batch must finish before the next is requested.
   */
  private *nttStages(pool: WorkerPool, ptr: number, logN: number, tw: number, parts: number): Generator<PoolTask[]> {
    const n = 2 ** logN;
    if (this.exports.nttBegin(ptr, logN, tw, ptr + 4 * n) !== 0) return;
    const logChunks = Math.min(Math.floor(Math.log2(parts)), logN - 4);
    const logChunk = logN - logChunks;
    const chunkTasks: PoolTask[] = [];
    for (let c = 0; c < 2 ** logChunks; c++) {
      chunkTasks.push({
        worker: c % pool.size,
        name: this.poolName,
        fn: 'nttChunkLevels',
        args: [ptr + 4 * c * 2 ** logChunk, logChunk, tw],
      });
    }
    yield chunkTasks;
    let m = 2 ** logChunk;
    for (; 2 * m < n; m *= 4) yield this.splitRange(parts, pool.size, n / 4, 'radix4Range', [ptr, m, tw]);
    if (m < n) yield this.splitRange(parts, pool.size, n / 2, 'radix2Range', [ptr, m, tw]);
  }

  /** Registers this context's memory with the shared pool (once per pool) and returns the pool. */
  private attachPool(): WorkerPool {
    const pool = sharedWorkerPool();
    if (this.attachedPool !== pool || !pool.has(this.poolName)) {
      pool.register(this.poolName, this.memory, 'field');
      this.attachedPool = pool;
    }
    return pool;
  }

  /**
   * The pool for blocking parallel execution, or undefined when it must not or cannot help:
   * off the main thread (a worker calling this module would otherwise start its own pool) or on
   * a single core.
   */
  private blockingPool(): WorkerPool | undefined {
    if (!isMainThread || availableParallelism() < 2) return undefined;
    return this.attachPool();
  }

  /**
   * Applies `plan` to every column of the row-major `src` (srcRows × width); returns 2^logOut
   * rows. Big enough jobs on the main thread of a multi-core machine are split across the worker
   * pool by columns while this thread blocks; otherwise everything runs here.
   */
  transformColumns(src: Uint32Array, width: number, plan: ColumnPlan): Uint32Array {
    const out = new Uint32Array(width * 2 ** plan.logOut);
    const outRows = 2 ** plan.logOut;
    const pool = width >= 2 && width * outRows >= PARALLEL_MIN_WORDS ? this.blockingPool() : undefined;
    const slots = pool ? pool.size : 1;
    for (const [c0, c1] of this.columnBatches(src.length / width, width, plan, slots)) {
      const batch = this.layout(src, width, c0, c1, plan, slots);
      if (pool) pool.runAllBlocking(this.columnTasks(pool, batch, c1 - c0));
      else this.exports.transformColumns(...batch.args(0, c1 - c0, 0));
      batch.copyInto(out);
    }
    return out;
  }

  /** As transformColumns, always split across the shared worker pool, asynchronously. */
  async transformColumnsParallel(src: Uint32Array, width: number, plan: ColumnPlan): Promise<Uint32Array> {
    const pool = this.attachPool();
    const out = new Uint32Array(width * 2 ** plan.logOut);
    for (const [c0, c1] of this.columnBatches(src.length / width, width, plan, pool.size)) {
      const batch = this.layout(src, width, c0, c1, plan, pool.size);
      await pool.runAll(this.columnTasks(pool, batch, c1 - c0));
      batch.copyInto(out);
    }
    return out;
  }

  /**
   * One transformColumns task per worker over near-equal column ranges: runs of whole column
   * groups (full 32-byte gathers) when there are enough groups to go round, single columns
   * otherwise.
   */
  private columnTasks(pool: WorkerPool, batch: ColumnBatch, batchWidth: number): PoolTask[] {
    const groups = Math.ceil(batchWidth / this.group);
    const unit = groups >= pool.size ? this.group : 1;
    const units = Math.ceil(batchWidth / unit);
    const workers = Math.min(pool.size, units);
    const tasks: PoolTask[] = [];
    for (let w = 0; w < workers; w++) {
      const g0 = Math.min(batchWidth, Math.floor((units * w) / workers) * unit);
      const g1 = Math.min(batchWidth, Math.floor((units * (w + 1)) / workers) * unit);
      if (g1 > g0) tasks.push({ worker: w, name: this.poolName, fn: 'transformColumns', args: batch.args(g0, g1, w) });
    }
    return tasks;
  }

  /**
   * Splits [0, total) into `parts` ranges of near-equal size, boundaries multiples of 4 (the
   * kernels work in whole vectors), as tasks fn(...prefix, from, to) dealt round-robin to workers.
   */
  private splitRange(parts: number, workers: number, total: number, fn: string, prefix: readonly number[]): PoolTask[] {
    const tasks: PoolTask[] = [];
    const units = total / 4;
    for (let w = 0; w < parts; w++) {
      const from = 4 * Math.floor((units * w) / parts);
      const to = 4 * Math.floor((units * (w + 1)) / parts);
      if (to > from) tasks.push({ worker: w % workers, name: this.poolName, fn, args: [...prefix, from, to] });
    }
    return tasks;
  }

  /**
   * Column ranges processed one at a time so that a batch's input, output and scratch fit in
   * arenaBudgetBytes (a 32-bit memory tops out at 4 GiB); usually one batch of all columns.
   */
  private columnBatches(srcRows: number, width: number, plan: ColumnPlan, scratchCount: number): [number, number][] {
    const outRows = 2 ** plan.logOut;
    const fixedWords = srcRows + scratchCount * (this.group * outRows + BIT_REVERSE_SCRATCH_WORDS) + 16;
    const perColumnWords = srcRows + outRows;
    const fit = Math.floor((arenaBudgetBytes / 4 - fixedWords) / perColumnWords);
    const batchWidth = Math.max(1, Math.min(width, fit));
    const batches: [number, number][] = [];
    for (let c0 = 0; c0 < width; c0 += batchWidth) batches.push([c0, Math.min(width, c0 + batchWidth)]);
    return batches;
  }

  /**
   * Copies columns [c0, c1) of the row-major src into the arena as a packed row-major matrix,
   * fills the factor table, and returns the kernel arguments per worker slot plus the copy-out.
   */
  private layout(src: Uint32Array, width: number, c0: number, c1: number, plan: ColumnPlan, scratchCount: number): ColumnBatch {
    const srcRows = src.length / width;
    const batchWidth = c1 - c0;
    const outRows = 2 ** plan.logOut;
    const srcWords = srcRows * batchWidth;
    const dstWords = batchWidth * outRows;
    const factorWords = plan.factors ? srcRows : 0;
    const scratchWords = this.group * outRows + BIT_REVERSE_SCRATCH_WORDS;
    const arena = this.prepare(Math.max(plan.logN, plan.logOut), srcWords + dstWords + factorWords + scratchCount * scratchWords + 16);
    const srcPtr = arena;
    const dstPtr = srcPtr + 4 * srcWords;
    const factorPtr = dstPtr + 4 * dstWords;
    const scratchBase = align16(factorPtr + 4 * factorWords);
    const view = this.view();
    if (batchWidth === width) {
      view.set(src, srcPtr >>> 2);
    } else {
      for (let r = 0; r < srcRows; r++) {
        view.set(src.subarray(r * width + c0, r * width + c1), (srcPtr >>> 2) + r * batchWidth);
      }
    }
    if (plan.factors) {
      const { start, ratio } = plan.factors;
      this.exports.geometric(factorPtr, factorWords, toMontgomery(start), toMontgomery(ratio));
    }
    const twI = plan.inverse ? this.twInverse : 0;
    const twF = plan.forward ? this.twForward : 0;
    return {
      args: (g0: number, g1: number, slot: number): TransformArgs => [
        srcPtr, batchWidth, srcRows, dstPtr, plan.logN, plan.logOut, g0, g1,
        scratchBase + 4 * scratchWords * slot, twI, plan.factors ? factorPtr : 0, twF,
      ],
      copyInto: (out: Uint32Array): void => {
        const result = this.view().subarray(dstPtr >>> 2, (dstPtr >>> 2) + dstWords);
        if (batchWidth === width) {
          out.set(result);
          return;
        }
        for (let r = 0; r < outRows; r++) {
          out.set(result.subarray(r * batchWidth, (r + 1) * batchWidth), r * width + c0);
        }
      },
    };
  }

  /** Element-wise a + b, a - b or a·b of equal-length canonical vectors. */
  vectorOp(op: 'add' | 'sub' | 'mul', a: Uint32Array, b: Uint32Array): Uint32Array {
    if (a.length !== b.length) throw new RangeError(`vector ${op}: lengths ${a.length} and ${b.length} differ`);
    const n = a.length;
    const ptr = this.prepare(0, 3 * n);
    const view = this.view();
    const pa = ptr;
    const pb = ptr + 4 * n;
    const po = ptr + 8 * n;
    view.set(a, pa >>> 2);
    view.set(b, pb >>> 2);
    if (op === 'add') this.exports.addVec(po, pa, pb, n);
    else if (op === 'sub') this.exports.subVec(po, pa, pb, n);
    else this.exports.mulVec(po, pa, pb, n);
    return copyOut(view, po, n);
  }

  /** vectorOp with the index range split across the shared worker pool. */
  async vectorOpParallel(op: 'add' | 'sub' | 'mul', a: Uint32Array, b: Uint32Array): Promise<Uint32Array> {
    if (a.length !== b.length) throw new RangeError(`vector ${op}: lengths ${a.length} and ${b.length} differ`);
    const pool = this.attachPool();
    const n = a.length;
    const ptr = this.prepare(0, 3 * n);
    const view = this.view();
    const pa = ptr;
    const pb = ptr + 4 * n;
    const po = ptr + 8 * n;
    view.set(a, pa >>> 2);
    view.set(b, pb >>> 2);
    const fn = op === 'add' ? 'addVec' : op === 'sub' ? 'subVec' : 'mulVec';
    const tasks: PoolTask[] = [];
    for (let w = 0; w < pool.size; w++) {
      // Ranges start on multiples of 4 so every worker's vectors stay aligned; the last takes the tail.
      const from = 4 * Math.floor((n / 4) * (w / pool.size));
      const to = w === pool.size - 1 ? n : 4 * Math.floor((n / 4) * ((w + 1) / pool.size));
      if (to <= from) continue;
      const args = [po + 4 * from, pa + 4 * from, pb + 4 * from, to - from];
      tasks.push({ worker: w, name: this.poolName, fn, args });
    }
    await pool.runAll(tasks);
    return copyOut(this.view(), po, n);
  }

  /** 1/values[i] for nonzero canonical values (the caller rejects zeros). */
  batchInverse(values: Uint32Array): Uint32Array {
    const n = values.length;
    const padded = Math.ceil(n / 4) * 4;
    const ptr = this.prepare(0, 2 * padded);
    const view = this.view();
    view.set(values, ptr >>> 2);
    view.fill(1, (ptr >>> 2) + n, (ptr >>> 2) + padded);
    this.exports.batchInverse(ptr, padded, ptr + 4 * padded, MONT_R2);
    return copyOut(view, ptr, n);
  }

  /**
   * Inverses of the n = values.length/4 nonzero Fp4 elements (X^4 = 11) stored flat; `invert`
   * inverts one canonical element (the four chain totals are inverted on the host).
   */
  fp4BatchInverse(values: Uint32Array, invert: (a: Uint32Array) => Uint32Array): Uint32Array {
    const n = values.length / 4;
    const padded = Math.ceil(n / 4) * 4;
    const ptr = this.prepare(0, 8 * padded + 16);
    const scratch = ptr + 16 * padded;
    const totals = scratch + 16 * padded;
    const wR = toMontgomery(11);
    const view = this.view();
    view.set(values, ptr >>> 2);
    for (let i = n; i < padded; i++) view.set([1, 0, 0, 0], (ptr >>> 2) + 4 * i);
    this.exports.fp4BatchInverseStart(ptr, padded, scratch, totals, MONT_R2, wR);
    // totals is coefficient-major: coefficient c of chain k at word 4c + k, in Montgomery form.
    const t = totals >>> 2;
    for (let k = 0; k < 4; k++) {
      const e = Uint32Array.of(
        mul(view[t + k]!, MONT_R_INV),
        mul(view[t + 4 + k]!, MONT_R_INV),
        mul(view[t + 8 + k]!, MONT_R_INV),
        mul(view[t + 12 + k]!, MONT_R_INV),
      );
      const e1 = invert(e);
      for (let c = 0; c < 4; c++) view[t + 4 * c + k] = toMontgomery(e1[c]!);
    }
    this.exports.fp4BatchInverseFinish(ptr, padded, scratch, totals, wR);
    return copyOut(view, ptr, 4 * n);
  }

  /** a[i]·c for a canonical scalar c. */
  scale(a: Uint32Array, c: number): Uint32Array {
    const n = a.length;
    const ptr = this.prepare(0, n);
    const view = this.view();
    view.set(a, ptr >>> 2);
    this.exports.scaleVec(ptr, n, toMontgomery(c));
    return copyOut(view, ptr, n);
  }

  /**
   * Benchmark aid: fills two resident n-word vectors and returns a closure running the mulVec
   * kernel over them `rounds` times (no JS↔wasm copies inside the closure).
   */
  residentMulRunner(n: number, rounds: number): () => void {
    const ptr = this.prepare(0, 3 * n);
    fillPseudoRandom(this.view(), ptr, 2 * n);
    return () => {
      for (let r = 0; r < rounds; r++) this.exports.mulVec(ptr + 8 * n, ptr, ptr + 4 * n, n);
    };
  }

  /** Benchmark aid: a closure running the in-place NTT kernel on 2^logN resident words. */
  residentNttRunner(logN: number): () => void {
    const n = 2 ** logN;
    const ptr = this.prepare(logN, n + BIT_REVERSE_SCRATCH_WORDS);
    fillPseudoRandom(this.view(), ptr, n);
    return () => this.exports.ntt(ptr, logN, this.twForward, ptr + 4 * n);
  }
}

function fillPseudoRandom(view: Uint32Array, ptr: number, words: number): void {
  for (let i = 0; i < words; i++) view[(ptr >>> 2) + i] = (i * 2654435761) % 0x78000001;
}


/**
 * A fresh array holding `words` words from byte address ptr. (Allocating and `set` from a
 * subarray is about 3x faster than `slice` on a SharedArrayBuffer view in Node 20.)
 */
function copyOut(view: Uint32Array, ptr: number, words: number): Uint32Array {
  const out = new Uint32Array(words);
  out.set(view.subarray(ptr >>> 2, (ptr >>> 2) + words));
  return out;
}

function align16(x: number): number {
  return (x + 15) & ~15;
}

let syncContext: FieldWasm | undefined;
let poolContext: FieldWasm | undefined;
let poolQueue: Promise<unknown> = Promise.resolve();

/** The calling thread's context for synchronous kernels (created on first use). */
export function fieldWasm(): FieldWasm {
  syncContext ??= new FieldWasm('field-sync');
  return syncContext;
}

/**
 * Runs `job` with the context whose memory the worker pool shares, after every earlier parallel
 * job has finished (the arena holds one operation at a time).
 */
export function withPoolContext<T>(job: (ctx: FieldWasm) => Promise<T>): Promise<T> {
  const run = poolQueue.then(() => {
    poolContext ??= new FieldWasm('field');
    return job(poolContext);
  });
  poolQueue = run.catch(() => undefined);
  return run;
}
