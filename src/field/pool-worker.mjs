// Worker thread body for src/field/worker-pool.ts. Plain JavaScript on purpose: it must start the
// same way under tsx, vitest and plain node, without a TypeScript loader in the worker.
// Messages: { type: 'register', name, module, memory } instantiates a WebAssembly module over a
// shared memory; { type: 'call', id, name, fn, args } runs one export and replies { id, result }
// or { id, error } on parentPort; { type: 'callSync', ... } replies on workerData.syncPort and
// then increments workerData.control[0] and wakes the blocked caller (Atomics.notify).
import { parentPort, workerData } from 'node:worker_threads';

const instances = new Map();
const control = new Int32Array(workerData.control);
const syncPort = workerData.syncPort;

function run(msg) {
  try {
    const instance = instances.get(msg.name);
    if (instance === undefined) throw new Error(`module "${msg.name}" not registered in worker`);
    if (instance instanceof Error) throw instance;
    const fn = instance.exports[msg.fn];
    if (typeof fn !== 'function') throw new Error(`module "${msg.name}" has no export "${msg.fn}"`);
    const result = fn(...msg.args);
    return { id: msg.id, result: typeof result === 'number' ? result : 0 };
  } catch (e) {
    return { id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

parentPort.on('message', (msg) => {
  if (msg.type === 'register') {
    // A failed instantiation is remembered and reported by the next call to that module.
    try {
      instances.set(msg.name, new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } }));
    } catch (e) {
      instances.set(msg.name, e instanceof Error ? e : new Error(String(e)));
    }
    return;
  }
  if (msg.type === 'call') {
    parentPort.postMessage(run(msg));
    return;
  }
  if (msg.type === 'callSync') {
    syncPort.postMessage(run(msg));
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
  }
});
