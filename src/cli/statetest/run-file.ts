/**
 * Runs every Cancun case of one GeneralStateTests file and tallies the verdicts. Nothing
 * thrown while reading, parsing or executing escapes: bad input and internal errors become
 * failures with a reason, so one broken file or case never stops a run.
 */
import { readFileSync } from 'node:fs';
import type { Tracer } from '../../evm/index.ts';
import type { CaseIndex } from './fixture.ts';
import { FixtureError, parseStateTest, stateTestEntries } from './fixture.ts';
import { runCase } from './run-case.ts';

/** One failed case, or a file or test that could not be run (then `index`, maybe `name`, are null). */
export interface Failure {
  file: string;
  name: string | null;
  index: CaseIndex | null;
  reason: string;
}

/**
 * Tally for one file. Failures with a null `index` concern a whole file or test (bad input, a
 * dead worker); each also has a one-line description in `errorLines` for stderr.
 */
export interface FileResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: Failure[];
  errorLines: string[];
}

/** Options of a file run. */
export interface RunFileOptions {
  /** Only tests whose name matches run (the others are not counted at all). */
  filter?: RegExp | undefined;
  /** Builds a tracer for each case (EIP-3155 output), if tracing. */
  tracerFor?: ((name: string, index: CaseIndex) => Tracer) | undefined;
}

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const frame = e.stack?.split('\n').find((l) => l.trim().startsWith('at '))?.trim();
    return `${e.name}: ${e.message}${frame === undefined ? '' : ` (${frame})`}`;
  }
  return String(e);
}

/** Runs one fixture file; never throws. */
export function runStateTestFile(file: string, options: RunFileOptions = {}): FileResult {
  const result: FileResult = { file, passed: 0, failed: 0, skipped: 0, failures: [], errorLines: [] };
  const errorLine = (name: string | null, problem: string): void => {
    result.failed++;
    result.failures.push({ file, name, index: null, reason: problem });
    result.errorLines.push(`${file}: ${name === null ? '' : `${name}: `}${problem}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const problem =
      e instanceof SyntaxError ? `malformed JSON (${e.message})` : `cannot read file (${(e as NodeJS.ErrnoException).code ?? describeError(e)})`;
    errorLine(null, problem);
    return result;
  }
  let tests: [string, unknown][];
  try {
    tests = stateTestEntries(json);
  } catch (e) {
    errorLine(null, e instanceof FixtureError ? e.message : describeError(e));
    return result;
  }
  for (const [name, raw] of tests) {
    if (options.filter !== undefined && !options.filter.test(name)) continue;
    let test: ReturnType<typeof parseStateTest>;
    try {
      test = parseStateTest(name, raw);
    } catch (e) {
      errorLine(name, e instanceof FixtureError ? e.message : describeError(e));
      continue;
    }
    if (!('cases' in test)) {
      result.skipped += test.skipped;
      continue;
    }
    for (const entry of test.cases) {
      let reason: string | undefined;
      try {
        const verdict = runCase(test, entry, options.tracerFor?.(name, entry.index));
        if (!verdict.ok) reason = verdict.reason;
      } catch (e) {
        reason = e instanceof FixtureError ? e.message : `internal error: ${describeError(e)}`;
      }
      if (reason === undefined) {
        result.passed++;
      } else {
        result.failed++;
        result.failures.push({ file, name, index: entry.index, reason });
      }
    }
  }
  return result;
}
