import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWasmMemory, wasmHeapBase } from './wasm.ts';
import { sharedWorkerPool, WorkerPool, WorkerPoolError } from './worker-pool.ts';

describe('WorkerPool', () => {
  it('is shared, lazily created and sized to the available parallelism', () => {
    const pool = sharedWorkerPool();
    expect(pool).toBe(sharedWorkerPool());
    expect(pool.size).toBe(availableParallelism());
  });

  it('runs a kernel on every worker over one shared memory', async () => {
    const pool = new WorkerPool(2);
    try {
      const memory = createWasmMemory('field', 1 << 16);
      pool.register('field', memory);
      const base = Math.max(wasmHeapBase('field'), 64);
      const view = new Uint32Array(memory.buffer);
      const n = 1000;
      for (let i = 0; i < 2 * n; i++) view[(base >>> 2) + i] = i;
      // Each worker adds its half: out[i] = a[i] + b[i] over disjoint ranges.
      const out = base + 8 * n;
      await pool.runAll([
        { worker: 0, name: 'field', fn: 'addVec', args: [out, base, base + 4 * n, n / 2] },
        { worker: 1, name: 'field', fn: 'addVec', args: [out + 2 * n, base + 2 * n, base + 4 * n + 2 * n, n / 2] },
      ]);
      const result = new Uint32Array(memory.buffer, out, n);
      let bad = -1;
      for (let i = 0; i < n && bad < 0; i++) if (result[i] !== i + (n + i)) bad = i;
      expect(bad).toBe(-1);
    } finally {
      await pool.terminate();
    }
  });

  it('runAllBlocking returns results synchronously and reports kernel failures', () => {
    const pool = new WorkerPool(2);
    try {
      const memory = createWasmMemory('field', 1 << 16);
      pool.register('field', memory);
      const base = Math.max(wasmHeapBase('field'), 64);
      const view = new Uint32Array(memory.buffer);
      view.set([1, 2, 3, 4, 10, 20, 30, 40], base >>> 2);
      const results = pool.runAllBlocking([
        { worker: 0, name: 'field', fn: 'addVec', args: [base + 32, base, base + 16, 2] },
        { worker: 1, name: 'field', fn: 'addVec', args: [base + 40, base + 8, base + 24, 2] },
        { worker: 1, name: 'field', fn: 'nttBegin', args: [base + 64, 0, base, 0] },
      ]);
      expect(results).toEqual([0, 0, 1]);
      expect(Array.from(view.subarray((base >>> 2) + 8, (base >>> 2) + 12))).toEqual([11, 22, 33, 44]);
      expect(() => pool.runAllBlocking([{ worker: 0, name: 'field', fn: 'addVec', args: [0xfffffff0, 0, 0, 64] }])).toThrow(
        /out of bounds/,
      );
      // The pool stays usable after a failed batch.
      expect(pool.runAllBlocking([{ worker: 0, name: 'field', fn: 'nttBegin', args: [base + 64, 0, base, 0] }])).toEqual([1]);
    } finally {
      void pool.terminate();
    }
  });

  it('reports misuse and kernel failures as WorkerPoolError', async () => {
    const pool = new WorkerPool(1);
    try {
      expect(() => pool.call(0, 'field', 'ntt', [])).toThrow(WorkerPoolError);
      expect(() => pool.call(3, 'field', 'ntt', [])).toThrow(WorkerPoolError);
      pool.register('field', createWasmMemory('field'));
      await expect(pool.call(0, 'field', 'noSuchExport', [])).rejects.toThrow(WorkerPoolError);
      // An out-of-bounds access traps inside the worker and comes back as a rejection.
      await expect(pool.call(0, 'field', 'addVec', [0xfffffff0, 0, 0, 64])).rejects.toThrow(/out of bounds/);
    } finally {
      await pool.terminate();
    }
  });

  it('fails fast after a worker is gone, and the shared pool is replaced', async () => {
    const pool = new WorkerPool(1);
    pool.register('field', createWasmMemory('field'));
    await pool.terminate();
    expect(() => pool.call(0, 'field', 'addVec', [0, 0, 0, 0])).toThrow(WorkerPoolError);
    const shared = sharedWorkerPool();
    await shared.terminate();
    expect(sharedWorkerPool()).not.toBe(shared);
  });

  it('the worker script runs under plain node (no TypeScript loader)', () => {
    const worker = new URL('./pool-worker.mjs', import.meta.url).href;
    const wasm = new URL('../../build/wasm/field.wasm', import.meta.url).href;
    const script = `
      import { MessageChannel, Worker } from 'node:worker_threads';
      import { readFileSync } from 'node:fs';
      const module = new WebAssembly.Module(readFileSync(new URL(${JSON.stringify(wasm)})));
      const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
      const view = new Uint32Array(memory.buffer);
      view.set([5, 6, 7, 8, 10, 20, 30, 40], 16);
      const { port2 } = new MessageChannel();
      const workerData = { control: new SharedArrayBuffer(4), syncPort: port2 };
      const w = new Worker(new URL(${JSON.stringify(worker)}), { execArgv: [], workerData, transferList: [port2] });
      w.postMessage({ type: 'register', name: 'field', module, memory });
      w.postMessage({ type: 'call', id: 1, name: 'field', fn: 'addVec', args: [128, 64, 80, 4] });
      w.on('message', (m) => { console.log(m.error ?? Array.from(view.subarray(32, 36)).join(',')); w.terminate(); });
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(out.trim()).toBe('15,26,37,48');
  });

  it('does not keep a process alive once its work is done (tsx child process)', () => {
    const script = fileURLToPath(new URL('./worker-pool.exit-check.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const out = execFileSync(process.execPath, [tsx, script], { encoding: 'utf8', timeout: 60_000 });
    expect(out.trim()).toBe('ok');
  });
});
