/**
 * Runs fixture files across worker threads for `zkevm prove-statetest`: each worker takes the next
 * file as soon as it finishes one. A worker that dies fails only the file it was running (reported
 * as an internal error) and a fresh worker continues with the rest.
 */
import { Worker } from 'node:worker_threads';
import type { ProveFileOptions, ProveFileResult } from './run-file.ts';

const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

function crashedResult(file: string, error: unknown): ProveFileResult {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    file,
    proven: 0,
    failed: 1,
    unsupported: 0,
    unsupportedByReason: {},
    failures: [{ file, name: null, index: null, reason: `internal error: worker thread died (${message})` }],
  };
}

/** Runs `files` on `jobs` workers, calling `onResult` as each completes; resolves when all are done. */
export function proveFilesInWorkers(
  files: readonly string[],
  jobs: number,
  options: ProveFileOptions,
  onResult: (result: ProveFileResult) => void,
): Promise<void> {
  const queue = [...files];
  let remaining = files.length;
  return new Promise((resolve) => {
    if (remaining === 0) {
      resolve();
      return;
    }
    const start = (): void => {
      const worker = new Worker(WORKER_ENTRY, { workerData: options });
      let current: string | undefined;
      const next = (): void => {
        current = queue.shift();
        if (current === undefined) void worker.terminate();
        else worker.postMessage(current);
      };
      const finish = (result: ProveFileResult): void => {
        onResult(result);
        if (--remaining === 0) resolve();
      };
      worker.on('message', (result: ProveFileResult) => {
        finish(result);
        next();
      });
      let failure: unknown = undefined;
      worker.on('error', (error) => {
        failure = error;
      });
      worker.on('exit', (code) => {
        const file = current;
        if (file === undefined) return;
        current = undefined;
        finish(crashedResult(file, failure ?? new Error(`exit code ${code}`)));
        if (queue.length > 0) start();
      });
      next();
    };
    for (let i = 0; i < Math.min(jobs, files.length); i++) start();
  });
}
