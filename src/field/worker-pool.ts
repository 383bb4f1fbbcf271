/**
 * A lazily created pool of worker threads running WebAssembly kernels over shared memory.
 *
 * Sized to os.availableParallelism(); created on first use and reused by every layer (field NTT
 * and LDE here, Merkle hashing in src/hash, quotient evaluation in src/stark). Workers are plain
 * `.mjs` files (pool-worker.mjs) rather than TypeScript so they start identically under tsx,
 * vitest and plain node without any loader hook. A worker holds a ref on the event loop only
 * while it has tasks in flight, so an idle pool never keeps a process alive.
 *
 * Protocol: `register(name, memories)` sends the compiled module build/wasm/<name>.wasm and a
 * shared WasmMemory to every worker (one memory for all, or one per worker), each worker
 * instantiates it; `call(worker, name, fn, args)` runs `exports[fn](...args)` on one worker and
 * resolves with its numeric result. Arguments are numbers (pointers into the shared memory).
 *
 * `runAllBlocking(tasks)` is the synchronous form for callers that must not return a promise: the
 * calling thread sleeps in Atomics.wait on a shared counter that each worker bumps (after posting
 * its reply on a dedicated MessagePort) and then collects the replies with receiveMessageOnPort.
 * Node allows Atomics.wait on the main thread; the event loop is simply paused meanwhile.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { loadWasm, type WasmMemory } from './wasm.ts';

/** Thrown when a worker task fails or the pool is misused. */
export class WorkerPoolError extends Error {
  constructor(message: string) {
    super(`worker pool: ${message}`);
    this.name = 'WorkerPoolError';
  }
}

interface Pending {
  readonly resolve: (value: number) => void;
  readonly reject: (reason: Error) => void;
}

interface WorkerSlot {
  readonly worker: Worker;
  /** Replies to blocking calls arrive here and are read synchronously. */
  readonly syncPort: MessagePort;
  readonly pending: Map<number, Pending>;
  /** Set when the worker crashed or exited: calls to it fail fast instead of hanging. */
  dead: string | null;
}

/** One kernel invocation for `runAll`. */
export interface PoolTask {
  readonly worker: number;
  readonly name: string;
  readonly fn: string;
  readonly args: readonly number[];
}

/** Worker threads hosting instances of the repository's WebAssembly modules. */
export class WorkerPool {
  /** Number of workers. */
  readonly size: number;
  private readonly slots: WorkerSlot[] = [];
  private readonly registered = new Map<string, readonly WasmMemory[]>();
  private nextId = 0;
  /** control[0] counts finished blocking tasks of the current runAllBlocking batch. */
  private readonly control = new Int32Array(new SharedArrayBuffer(4));

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new WorkerPoolError(`bad size ${size}`);
    this.size = size;
    const url = new URL('./pool-worker.mjs', import.meta.url);
    for (let i = 0; i < size; i++) {
      // No inherited execArgv: the worker is plain JavaScript, so loader hooks (tsx) or flags
      // such as --input-type from the parent are useless to it or even break it.
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(url, {
        execArgv: [],
        workerData: { control: this.control.buffer, syncPort: port2 },
        transferList: [port2],
      });
      port1.unref();
      const slot: WorkerSlot = { worker, syncPort: port1, pending: new Map(), dead: null };
      worker.on('message', (msg: { id: number; result?: number; error?: string }) => {
        const p = slot.pending.get(msg.id);
        if (!p) return;
        slot.pending.delete(msg.id);
        if (slot.pending.size === 0) worker.unref();
        if (msg.error !== undefined) p.reject(new WorkerPoolError(msg.error));
        else p.resolve(msg.result ?? 0);
      });
      const fail = (reason: string): void => {
        slot.dead ??= reason;
        for (const p of slot.pending.values()) p.reject(new WorkerPoolError(reason));
        slot.pending.clear();
        // A broken shared pool is dropped so the next sharedWorkerPool() starts a fresh one.
        if (sharedPool === this) sharedPool = undefined;
      };
      worker.on('error', (err) => fail(`worker ${i} crashed: ${String(err)}`));
      worker.on('exit', (code) => fail(`worker ${i} exited (code ${code})`));
      worker.unref();
      this.slots.push(slot);
    }
  }

  /**
   * Makes module build/wasm/<moduleName>.wasm available on every worker under `name`,
   * instantiated over `memories`: a single shared memory used by all workers, or an array with
   * one memory per worker. Re-registering a name replaces its instances. Registering one module
   * under several names gives it several independent memories.
   */
  register(name: string, memories: WasmMemory | readonly WasmMemory[], moduleName: string = name): void {
    const list = Array.isArray(memories) ? memories : new Array<WasmMemory>(this.size).fill(memories as WasmMemory);
    if (list.length !== this.size) {
      throw new WorkerPoolError(`register(${name}): need ${this.size} memories, got ${list.length}`);
    }
    const module = loadWasm(moduleName);
    for (let i = 0; i < this.size; i++) {
      this.slots[i]!.worker.postMessage({ type: 'register', name, module, memory: list[i] });
    }
    this.registered.set(name, list);
  }

  /** Whether `register(name, …)` has been called. */
  has(name: string): boolean {
    return this.registered.has(name);
  }

  /** Runs exports[fn](...args) of module `name` on worker `worker`; resolves with its result. */
  call(worker: number, name: string, fn: string, args: readonly number[]): Promise<number> {
    const slot = this.slots[worker];
    if (!slot) throw new WorkerPoolError(`no worker ${worker} (pool size ${this.size})`);
    if (slot.dead !== null) throw new WorkerPoolError(slot.dead);
    if (!this.registered.has(name)) throw new WorkerPoolError(`module "${name}" is not registered`);
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ type: 'call', id, name, fn, args });
    });
  }

  /**
   * Runs every task (each on its named worker) and returns their results in order, blocking the
   * calling thread until all finish (see the header). Throws WorkerPoolError if any task failed
   * or if the batch has not finished within `timeoutMs`.
   */
  runAllBlocking(tasks: readonly PoolTask[], timeoutMs = 3_600_000): number[] {
    for (const t of tasks) {
      const slot = this.slots[t.worker];
      if (!slot) throw new WorkerPoolError(`no worker ${t.worker} (pool size ${this.size})`);
      if (slot.dead !== null) throw new WorkerPoolError(slot.dead);
      if (!this.registered.has(t.name)) throw new WorkerPoolError(`module "${t.name}" is not registered`);
    }
    Atomics.store(this.control, 0, 0);
    tasks.forEach((t, i) => {
      this.slots[t.worker]!.worker.postMessage({ type: 'callSync', id: i, name: t.name, fn: t.fn, args: t.args });
    });
    const deadline = Date.now() + timeoutMs;
    for (let done = Atomics.load(this.control, 0); done < tasks.length; done = Atomics.load(this.control, 0)) {
      if (Date.now() > deadline) throw new WorkerPoolError(`blocking batch unfinished after ${timeoutMs} ms`);
      Atomics.wait(this.control, 0, done, 1000);
    }
    const results = new Array<number>(tasks.length).fill(0);
    const errors: string[] = [];
    for (const slot of this.slots) {
      for (let m = receiveMessageOnPort(slot.syncPort); m !== undefined; m = receiveMessageOnPort(slot.syncPort)) {
        const msg = m.message as { id: number; result?: number; error?: string };
        if (msg.error !== undefined) errors.push(msg.error);
        else results[msg.id] = msg.result ?? 0;
      }
    }
    if (errors.length > 0) throw new WorkerPoolError(errors.join('\n'));
    return results;
  }

  /** Runs every task (each on its named worker) and resolves with their results in order. */
  runAll(tasks: readonly PoolTask[]): Promise<number[]> {
    return Promise.all(tasks.map((t) => this.call(t.worker, t.name, t.fn, t.args)));
  }

  /** Terminates all workers (the shared pool is recreated on next use). */
  async terminate(): Promise<void> {
    if (sharedPool === this) sharedPool = undefined;
    for (const slot of this.slots) slot.dead ??= 'worker pool terminated';
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

let sharedPool: WorkerPool | undefined;

/** The process-wide pool, created on first call with os.availableParallelism() workers. */
export function sharedWorkerPool(): WorkerPool {
  sharedPool ??= new WorkerPool(availableParallelism());
  return sharedPool;
}
