/**
 * `zkevm prove-statetest` on one fixture file: every Cancun case is classified (frame selection),
 * and each eligible case is executed, proven, its proof verified, and its public outputs compared
 * with the reference execution's (status, gas, logs, return data, storage diff). Nothing escapes:
 * bad input and internal errors are counted as failures with a reason.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeTransaction } from '../../evm/transaction/decode.ts';
import { InvalidTransactionError } from '../../evm/transaction/errors.ts';
import { checkTransactionStatic } from '../../evm/transaction/validate.ts';
import type { Transaction } from '../../evm/types.ts';
import { CpuPublicsError } from '../../circuits/cpu/cpu-publics.ts';
import { CpuUnsupportedError } from '../../circuits/cpu/cpu-trace.ts';
import { UnprovenOpcodeError } from '../../circuits/cpu/opcode-info.ts';
import { FRAME_COVERAGE } from '../../circuits/frame/frame-system.ts';
import { encodeFrameProofFile } from '../../circuits/frame/proof-file.ts';
import { FrameUnsupportedError, proveFrame } from '../../circuits/frame/prove-frame.ts';
import { selectCase, type FrameCoverage } from '../../circuits/frame/select.ts';
import { compareWithReference } from '../../circuits/frame/statement-builder.ts';
import { encodeStatementJson } from '../../circuits/frame/statement-json.ts';
import { DEFAULT_CONFIG, TEST_CONFIG_INSECURE, type StarkConfig } from '../../stark/index.ts';
import { STATE_TEST_CHAIN_ID, blockEnvOf, transactionFromTemplate } from '../statetest/case-inputs.ts';
import { FixtureError, parseStateTest, stateTestEntries, type CaseIndex, type PostEntry, type StateTest } from '../statetest/fixture.ts';

/** A failed case, or a file/test that could not be read (then `index`, maybe `name`, are null). */
export interface ProveFailure {
  file: string;
  name: string | null;
  index: CaseIndex | null;
  reason: string;
}

/** Tally of one file. */
export interface ProveFileResult {
  file: string;
  proven: number;
  failed: number;
  unsupported: number;
  /** Unsupported cases per reason. */
  unsupportedByReason: Record<string, number>;
  failures: ProveFailure[];
}

/** Options of a file run (plain data: they cross to worker threads). */
export interface ProveFileOptions {
  /** Only tests whose name matches (source and flags of a RegExp). */
  filter: { source: string; flags: string } | null;
  /** Directory for proof files and statements, or null. */
  outDir: string | null;
  /** Prove with TEST_CONFIG_INSECURE (tests only). */
  insecureTestConfig: boolean;
}

/** Verdict of one case. */
type CaseResult = { kind: 'proven' } | { kind: 'failed'; reason: string } | { kind: 'unsupported'; reason: string };

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function transactionOf(test: StateTest, entry: PostEntry): Transaction | undefined {
  try {
    const tx = entry.txbytes !== undefined ? decodeTransaction(entry.txbytes) : transactionFromTemplate(test.transaction, entry.index);
    return checkTransactionStatic(tx, STATE_TEST_CHAIN_ID) === undefined ? tx : undefined;
  } catch (e) {
    if (e instanceof InvalidTransactionError) return undefined;
    throw e;
  }
}

/** File-name stem of a case's output files. */
export function caseStem(file: string, name: string, index: CaseIndex): string {
  const stem = `${basename(file, '.json')}-${name}-d${index.data}g${index.gas}v${index.value}`;
  return stem.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Runs one case: classify, prove, verify, compare with the reference execution. */
export function proveCase(test: StateTest, entry: PostEntry, coverage: FrameCoverage, config: StarkConfig, outStem: string | null): CaseResult {
  const tx = transactionOf(test, entry);
  if (tx === undefined) return { kind: 'unsupported', reason: 'invalid transaction' };
  const selection = selectCase(test.pre, blockEnvOf(test.env), tx, coverage);
  if (!selection.eligible) return { kind: 'unsupported', reason: selection.reason };
  let proof;
  try {
    proof = proveFrame(selection.run, { config });
  } catch (e) {
    // Refusals by coverage: the frame's (held-back opcodes) and the CPU's own (an opcode or shape it does not prove).
    if (e instanceof FrameUnsupportedError || e instanceof UnprovenOpcodeError || e instanceof CpuUnsupportedError || e instanceof CpuPublicsError) {
      return { kind: 'unsupported', reason: e.message };
    }
    throw e;
  }
  const mismatches = compareWithReference(proof.statement, selection.run);
  if (mismatches.length > 0) return { kind: 'failed', reason: `proof disagrees with the execution: ${mismatches.join('; ')}` };
  if (outStem !== null) {
    writeFileSync(`${outStem}.proof`, encodeFrameProofFile(proof));
    writeFileSync(`${outStem}.statement.json`, encodeStatementJson(proof.statement));
  }
  return { kind: 'proven' };
}

/** Runs every Cancun case of one fixture file; never throws. */
export function proveStateTestFile(file: string, options: ProveFileOptions, coverage: FrameCoverage = FRAME_COVERAGE): ProveFileResult {
  const result: ProveFileResult = { file, proven: 0, failed: 0, unsupported: 0, unsupportedByReason: {}, failures: [] };
  const fail = (name: string | null, index: CaseIndex | null, reason: string): void => {
    result.failed++;
    result.failures.push({ file, name, index, reason });
  };
  const filter = options.filter === null ? undefined : new RegExp(options.filter.source, options.filter.flags);
  const config = options.insecureTestConfig ? TEST_CONFIG_INSECURE : DEFAULT_CONFIG;
  let tests: [string, unknown][];
  try {
    tests = stateTestEntries(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    fail(null, null, e instanceof SyntaxError ? `malformed JSON (${e.message})` : e instanceof FixtureError ? e.message : describeError(e));
    return result;
  }
  if (options.outDir !== null) mkdirSync(options.outDir, { recursive: true });
  for (const [name, raw] of tests) {
    if (filter !== undefined && !filter.test(name)) continue;
    let test: ReturnType<typeof parseStateTest>;
    try {
      test = parseStateTest(name, raw);
    } catch (e) {
      fail(name, null, e instanceof FixtureError ? e.message : describeError(e));
      continue;
    }
    if (!('cases' in test)) continue;
    for (const entry of test.cases) {
      let r: CaseResult;
      try {
        const stem = options.outDir === null ? null : join(options.outDir, caseStem(file, name, entry.index));
        r = proveCase(test, entry, coverage, config, stem);
      } catch (e) {
        r = { kind: 'failed', reason: describeError(e) };
      }
      if (r.kind === 'proven') result.proven++;
      else if (r.kind === 'failed') fail(name, entry.index, r.reason);
      else {
        result.unsupported++;
        result.unsupportedByReason[r.reason] = (result.unsupportedByReason[r.reason] ?? 0) + 1;
      }
    }
  }
  return result;
}
