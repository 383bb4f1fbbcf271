/**
 * `zkevm prove-statetest [--json] [--out DIR] [--run REGEX] [--jobs N] PATH...`: proves each
 * Cancun case of ethereum/tests GeneralStateTests whose transaction is a call running in one frame
 * (issue 4), verifies the proof and checks its public outputs against the reference execution.
 * Every case is counted as proven, failed or unsupported (with its reason).
 *
 * Exit status: 0 when no case failed, 1 otherwise, 2 for a usage error.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { collectFixtureFiles } from '../statetest/collect.ts';
import type { CliIo } from '../io.ts';
import { runFilesInWorkers } from '../shared/file-pool.ts';
import { ProgressBar } from '../shared/progress-bar.ts';
import { proveStateTestFile, type ProveFailure, type ProveFileOptions, type ProveFileResult } from './run-file.ts';

/** Usage text. */
export const PROVE_STATETEST_USAGE = `Usage: zkevm prove-statetest [options] PATH...

Proves each Cancun case of ethereum/tests GeneralStateTests (files, or directories searched
recursively for *.json) whose transaction is a call running in a single frame: executes it,
proves the frame, verifies the proof and checks the proof's public outputs (status, gas, logs,
return data, storage diff) against the execution. Cases outside part 1 are "unsupported" with
the reason (e.g. "opcode CALL", "create transaction").

Options:
  --json                 print one JSON object {proven, failed, unsupported, unsupported_by_reason, failures}
  --out DIR              write each proof (NAME.proof) and its statement (NAME.statement.json) to DIR
  --run REGEX            only tests whose name matches REGEX
  --jobs N               worker threads (default: number of CPUs)
  --insecure-test-config prove with the fast insecure test configuration (tests only)
  -h, --help             show this help

Exit status: 0 if no case failed, 1 otherwise, 2 on usage errors.
`;

/** Totals of a run, in the shape printed by --json. */
export interface ProveSummary {
  proven: number;
  failed: number;
  unsupported: number;
  unsupported_by_reason: Record<string, number>;
  failures: ProveFailure[];
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Options {
  json: boolean;
  jobs: number;
  paths: string[];
  file: ProveFileOptions;
}

function parseOptions(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        out: { type: 'string' },
        run: { type: 'string' },
        jobs: { type: 'string' },
        'insecure-test-config': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return 'help';
  let filter: ProveFileOptions['filter'] = null;
  if (values.run !== undefined) {
    try {
      const r = new RegExp(values.run);
      filter = { source: r.source, flags: r.flags };
    } catch {
      throw new UsageError(`--run: invalid regular expression ${JSON.stringify(values.run)}`);
    }
  }
  let jobs = availableParallelism();
  if (values.jobs !== undefined) {
    if (!/^[1-9][0-9]*$/.test(values.jobs)) throw new UsageError(`--jobs: expected a positive integer, got ${JSON.stringify(values.jobs)}`);
    jobs = Number(values.jobs);
  }
  if (values.out === '') throw new UsageError('--out: empty directory name');
  if (positionals.length === 0) throw new UsageError('no PATH given');
  return {
    json: values.json === true,
    jobs,
    paths: positionals,
    file: { filter, outDir: values.out ?? null, insecureTestConfig: values['insecure-test-config'] === true },
  };
}

/** Reasons sorted by count, most frequent first (ties by name). */
export function sortedReasons(byReason: Record<string, number>): [string, number][] {
  return Object.entries(byReason).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** The result of a file whose worker thread died. */
function crashedResult(file: string, reason: string): ProveFileResult {
  return { file, proven: 0, failed: 1, unsupported: 0, unsupportedByReason: {}, failures: [{ file, name: null, index: null, reason }] };
}

async function runAll(options: Options, files: string[], io: CliIo): Promise<ProveFileResult[]> {
  const results = new Map<string, ProveFileResult>();
  const progress = io.stderrIsTTY ? new ProgressBar({ write: io.stderr, columns: io.stderrColumns }, files.length, ['proven', 'failed', 'unsupported'] as const) : undefined;
  const record = (r: ProveFileResult): void => {
    results.set(r.file, r);
    progress?.fileDone(r);
  };
  const jobs = Math.min(options.jobs, files.length);
  if (jobs <= 1) {
    for (const file of files) {
      record(proveStateTestFile(file, options.file));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } else {
    await runFilesInWorkers(files, { entry: WORKER_ENTRY, workerData: options.file, jobs, crashed: crashedResult }, record);
  }
  progress?.clear();
  return files.map((f) => results.get(f)!);
}

function indexText(f: ProveFailure): string {
  return f.index === null ? '' : ` [d=${f.index.data} g=${f.index.gas} v=${f.index.value}]`;
}

/** Entry point of `zkevm prove-statetest`; returns the exit status. */
export async function proveStatetestCommand(argv: string[], io: CliIo): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`zkevm prove-statetest: ${e.message}\nRun 'zkevm prove-statetest --help' for usage.\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(PROVE_STATETEST_USAGE);
    return 0;
  }
  const collected = collectFixtureFiles(options.paths);
  const summary: ProveSummary = { proven: 0, failed: 0, unsupported: 0, unsupported_by_reason: {}, failures: [] };
  for (const { path, problem } of collected.errors) {
    summary.failed++;
    summary.failures.push({ file: path, name: null, index: null, reason: problem });
  }
  // Biggest files first so no long file starts last; results are reported in path order.
  const order = [...collected.files].sort((a, b) => b.size - a.size).map((f) => f.path);
  const results = await runAll(options, order, io);
  const position = new Map(collected.files.map((f, i) => [f.path, i]));
  results.sort((a, b) => position.get(a.file)! - position.get(b.file)!);
  for (const r of results) {
    summary.proven += r.proven;
    summary.failed += r.failed;
    summary.unsupported += r.unsupported;
    for (const [reason, n] of Object.entries(r.unsupportedByReason)) {
      summary.unsupported_by_reason[reason] = (summary.unsupported_by_reason[reason] ?? 0) + n;
    }
    summary.failures.push(...r.failures);
  }
  summary.unsupported_by_reason = Object.fromEntries(sortedReasons(summary.unsupported_by_reason));
  if (options.json) {
    io.stdout(JSON.stringify(summary) + '\n');
  } else {
    for (const f of summary.failures) io.stdout(`FAIL ${f.file}${f.name === null ? '' : ` ${f.name}`}${indexText(f)}: ${f.reason}\n`);
    const reasons = sortedReasons(summary.unsupported_by_reason);
    if (reasons.length > 0) io.stdout(`unsupported: ${reasons.map(([r, n]) => `${n} ${r}`).join(', ')}\n`);
    io.stdout(`${summary.proven} proven, ${summary.failed} failed, ${summary.unsupported} unsupported\n`);
  }
  return summary.failed === 0 ? 0 : 1;
}
