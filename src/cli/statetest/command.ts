/**
 * `zkevm statetest [--json] [--trace] [--run REGEX] [--jobs N] PATH...`: runs ethereum/tests
 * GeneralStateTests fixtures (files, or directories searched recursively for *.json) against
 * our EVM for the Cancun fork and reports every failing case.
 *
 * Exit status: 0 when every case passed, 1 when any case failed or any input was bad,
 * 2 for a usage error.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Eip3155Tracer } from '../../evm/index.ts';
import type { CliIo } from '../io.ts';
import { collectFixtureFiles } from './collect.ts';
import type { FixtureFile } from './collect.ts';
import { runFilesInWorkers } from '../shared/file-pool.ts';
import { ProgressBar } from '../shared/progress-bar.ts';
import type { Failure, FileResult } from './run-file.ts';
import { runStateTestFile } from './run-file.ts';
import type { StateTestWorkerData } from './worker.ts';

/** Usage text of the subcommand. */
export const STATETEST_USAGE = `Usage: zkevm statetest [options] PATH...

Runs ethereum/tests GeneralStateTests (files, or directories searched recursively for
*.json) for the Cancun fork. Each post.Cancun entry is one case; a case passes when the
post-state root, the logs hash and the expected transaction exception all match.

Options:
  --json         print one JSON object {passed, failed, skipped, failures} on stdout
  --trace        write EIP-3155 JSON trace lines to stderr (runs on one thread)
  --run REGEX    only run tests whose name matches REGEX
  --jobs N       worker threads (default: number of CPUs)
  -h, --help     show this help

Exit status: 0 if all cases passed, 1 if any failed or an input was bad, 2 on usage errors.
`;

/** Totals of a run, in the shape printed by --json. */
export interface StateTestSummary {
  passed: number;
  failed: number;
  skipped: number;
  failures: Failure[];
}

/** Parsed command line. */
interface StateTestOptions {
  json: boolean;
  trace: boolean;
  filter: RegExp | undefined;
  jobs: number;
  paths: string[];
}

/** A command-line mistake: reported with the usage hint, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function parseOptions(argv: string[]): StateTestOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        trace: { type: 'boolean' },
        run: { type: 'string' },
        jobs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return 'help';
  let filter: RegExp | undefined;
  if (values.run !== undefined) {
    try {
      filter = new RegExp(values.run);
    } catch {
      throw new UsageError(`--run: invalid regular expression ${JSON.stringify(values.run)}`);
    }
  }
  let jobs = availableParallelism();
  if (values.jobs !== undefined) {
    if (!/^[1-9][0-9]*$/.test(values.jobs)) throw new UsageError(`--jobs: expected a positive integer, got ${JSON.stringify(values.jobs)}`);
    jobs = Number(values.jobs);
  }
  if (positionals.length === 0) throw new UsageError('no PATH given');
  return { json: values.json === true, trace: values.trace === true, filter, jobs, paths: positionals };
}

function formatIndex(f: Failure): string {
  return f.index === null ? '' : ` [d=${f.index.data} g=${f.index.gas} v=${f.index.value}]`;
}

function summaryLine(s: StateTestSummary): string {
  return `${s.passed} passed, ${s.failed} failed${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}`;
}

/**
 * ethereum/tests keeps its deliberately slow tests in these folders (one stTimeConsuming case,
 * BLAKE2f with 2^32-1 rounds, outlasts the rest of the suite on one thread).
 */
const SLOW_FOLDERS = /(^|[\\/])(stTimeConsuming|stQuadraticComplexityTest)([\\/]|$)/;

/**
 * Order in which files are handed to the workers: known-slow folders first, then biggest
 * first, so that no long file starts last and runs alone. Results are reported in path order
 * regardless.
 */
function scheduleOrder(files: FixtureFile[]): string[] {
  const slow = (f: FixtureFile): number => (SLOW_FOLDERS.test(f.path) ? 1 : 0);
  return [...files].sort((a, b) => slow(b) - slow(a) || b.size - a.size).map((f) => f.path);
}

const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** The result of a file whose worker thread died. */
function crashedResult(file: string, reason: string): FileResult {
  return {
    file,
    passed: 0,
    failed: 1,
    skipped: 0,
    failures: [{ file, name: null, index: null, reason }],
    errorLines: [`${file}: ${reason}`],
  };
}

/** Runs the files and gathers their results in input order. */
async function runAll(options: StateTestOptions, files: string[], io: CliIo): Promise<FileResult[]> {
  const results = new Map<string, FileResult>();
  const progress = io.stderrIsTTY ? new ProgressBar({ write: io.stderr, columns: io.stderrColumns }, files.length, ['passed', 'failed'] as const) : undefined;
  const record = (r: FileResult): void => {
    results.set(r.file, r);
    progress?.fileDone(r);
  };
  // Traces from several threads would interleave, so tracing runs in this thread.
  const jobs = options.trace ? 1 : Math.min(options.jobs, files.length);
  if (jobs <= 1) {
    const tracerFor = options.trace ? () => new Eip3155Tracer((line: string) => io.stderr(line + '\n')) : undefined;
    for (const file of files) {
      record(runStateTestFile(file, { filter: options.filter, tracerFor }));
      // Yield between files so the progress bar and output streams get flushed.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } else {
    const filter = options.filter === undefined ? null : { source: options.filter.source, flags: options.filter.flags };
    const workerData: StateTestWorkerData = { filter };
    await runFilesInWorkers(files, { entry: WORKER_ENTRY, workerData, jobs, crashed: crashedResult }, record);
  }
  progress?.clear();
  return files.map((f) => results.get(f)!);
}

/** Entry point of `zkevm statetest`; returns the exit status. */
export async function statetestCommand(argv: string[], io: CliIo): Promise<number> {
  let options: StateTestOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`zkevm statetest: ${e.message}\nRun 'zkevm statetest --help' for usage.\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(STATETEST_USAGE);
    return 0;
  }
  const collected = collectFixtureFiles(options.paths);
  const summary: StateTestSummary = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const errorLines: string[] = [];
  for (const { path, problem } of collected.errors) {
    summary.failed++;
    summary.failures.push({ file: path, name: null, index: null, reason: problem });
    errorLines.push(`${path}: ${problem}`);
  }
  const results = await runAll(options, scheduleOrder(collected.files), io);
  const order = new Map(collected.files.map((f, i) => [f.path, i]));
  results.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  for (const r of results) {
    summary.passed += r.passed;
    summary.failed += r.failed;
    summary.skipped += r.skipped;
    summary.failures.push(...r.failures);
    errorLines.push(...r.errorLines);
  }
  for (const line of errorLines) io.stderr(`zkevm statetest: error: ${line}\n`);
  if (options.json) {
    io.stdout(JSON.stringify(summary) + '\n');
  } else {
    for (const f of summary.failures) {
      if (f.index === null) continue; // whole-file or whole-test problem: already on stderr
      io.stdout(`FAIL ${f.file} ${f.name ?? ''}${formatIndex(f)}: ${f.reason}\n`);
    }
    io.stdout(summaryLine(summary) + '\n');
  }
  return summary.failed === 0 ? 0 : 1;
}
