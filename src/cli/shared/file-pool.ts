/**
 * Runs fixture files across worker threads, for the commands that process test files in bulk
 * (`zkevm statetest`, `zkevm prove-statetest`). Each worker takes the next file as soon as it
 * finishes one, so callers that hand files out biggest first keep a few long files from running
 * alone at the end. A worker that dies takes down only the file it was running: that file is
 * reported through `crashed` and a fresh worker continues with the rest.
 *
 * The worker entry receives `workerData`, then one file path per message, and answers each with
 * its result.
 */
import { Worker } from 'node:worker_threads';

/** How to run one command's files. */
export interface FilePoolOptions<R> {
  /** The worker's entry module (an .mjs that registers tsx and imports the TypeScript worker). */
  readonly entry: URL;
  /** Passed to every worker as `workerData`. */
  readonly workerData: unknown;
  /** Number of worker threads. */
  readonly jobs: number;
  /** The result recorded for a file whose worker died, with a description of the failure. */
  crashed(file: string, reason: string): R;
}

/**
 * Runs `files` on `options.jobs` worker threads, calling `onResult` as each file completes (in
 * completion order). Resolves when all files are done.
 */
export function runFilesInWorkers<R>(files: readonly string[], options: FilePoolOptions<R>, onResult: (result: R) => void): Promise<void> {
  const queue = [...files];
  let remaining = files.length;
  return new Promise((resolve) => {
    if (remaining === 0) {
      resolve();
      return;
    }
    const start = (): void => {
      const worker = new Worker(options.entry, { workerData: options.workerData });
      let current: string | undefined;
      const next = (): void => {
        current = queue.shift();
        if (current === undefined) void worker.terminate();
        else worker.postMessage(current);
      };
      const finish = (result: R): void => {
        onResult(result);
        if (--remaining === 0) resolve();
      };
      worker.on('message', (result: R) => {
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
        const error = failure ?? new Error(`exit code ${code}`);
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        finish(options.crashed(file, `internal error: worker thread died (${message})`));
        // Replace the dead worker while files remain.
        if (queue.length > 0) start();
      });
      next();
    };
    for (let i = 0; i < Math.min(options.jobs, files.length); i++) start();
  });
}
