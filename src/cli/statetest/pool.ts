/**
 * Runs fixture files across worker threads. Each worker takes the next file as soon as it
 * finishes one, and files are handed out biggest first, so a few long files do not end up
 * running alone at the end. A worker that dies takes down only the file it was running: that
 * file is reported as failed and a fresh worker continues with the rest.
 */
import { Worker } from 'node:worker_threads';
import type { FileResult } from './run-file.ts';
import type { StateTestWorkerData } from './worker.ts';

const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

function crashedResult(file: string, error: unknown): FileResult {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const reason = `internal error: worker thread died (${message})`;
  return {
    file,
    passed: 0,
    failed: 1,
    skipped: 0,
    failures: [{ file, name: null, index: null, reason }],
    errorLines: [`${file}: ${reason}`],
  };
}

/**
 * Runs `files` on `jobs` worker threads, calling `onResult` as each file completes (in
 * completion order). Resolves when all files are done.
 */
export function runFilesInWorkers(
  files: string[],
  jobs: number,
  filter: RegExp | undefined,
  onResult: (result: FileResult) => void,
): Promise<void> {
  const workerData: StateTestWorkerData = { filter: filter === undefined ? null : { source: filter.source, flags: filter.flags } };
  const queue = [...files];
  let remaining = files.length;
  return new Promise((resolve) => {
    if (remaining === 0) {
      resolve();
      return;
    }
    const start = (): void => {
      const worker = new Worker(WORKER_ENTRY, { workerData });
      let current: string | undefined;
      const next = (): void => {
        current = queue.shift();
        if (current === undefined) {
          void worker.terminate();
          return;
        }
        worker.postMessage(current);
      };
      const finish = (result: FileResult): void => {
        onResult(result);
        remaining--;
        if (remaining === 0) resolve();
      };
      worker.on('message', (result: FileResult) => {
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
        // Replace the dead worker while files remain.
        if (queue.length > 0) start();
      });
      next();
    };
    for (let i = 0; i < Math.min(jobs, files.length); i++) start();
  });
}
