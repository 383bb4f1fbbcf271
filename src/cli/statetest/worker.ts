/**
 * Worker-thread side of `zkevm statetest --jobs N`: receives fixture file paths one at a time
 * and answers each with its FileResult. Loaded through worker-entry.mjs, which registers the
 * TypeScript loader first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runStateTestFile } from './run-file.ts';

/** Data the pool passes to each worker at start. */
export interface StateTestWorkerData {
  /** Source and flags of the --run filter, if any (RegExp objects cannot cross threads). */
  filter: { source: string; flags: string } | null;
}

const port = parentPort;
if (port === null) throw new Error('statetest worker.ts must run inside a worker thread');
const data = workerData as StateTestWorkerData;
const filter = data.filter === null ? undefined : new RegExp(data.filter.source, data.filter.flags);
port.on('message', (file: string) => {
  port.postMessage(runStateTestFile(file, { filter }));
});
