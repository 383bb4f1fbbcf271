/**
 * Worker-thread side of `zkevm prove-statetest --jobs N`: receives fixture file paths one at a
 * time and answers each with its ProveFileResult. Loaded through worker-entry.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { proveStateTestFile, type ProveFileOptions } from './run-file.ts';

const port = parentPort;
if (port === null) throw new Error('prove-statetest worker.ts must run inside a worker thread');
const options = workerData as ProveFileOptions;
port.on('message', (file: string) => {
  port.postMessage(proveStateTestFile(file, options));
});
