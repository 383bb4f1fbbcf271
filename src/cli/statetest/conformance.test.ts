/**
 * Cancun conformance: the whole GeneralStateTests suite through the real `zkevm` binary, as a
 * user would run it. Every one of the 15,522 Cancun cases of the pinned fixtures must pass.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StateTestSummary } from './command.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesRoot = process.env.ETHEREUM_TESTS ?? join(repoRoot, '..', 'shared', 'ethereum-tests');
const suiteDir = join(fixturesRoot, 'GeneralStateTests');
const missingMessage = `ethereum-tests fixtures not found at ${suiteDir} (set ETHEREUM_TESTS)`;

/** Number of post.Cancun entries in the pinned fixtures (ethereum/tests 4c87ebbf02). */
const CANCUN_CASES = 15522;

/** Failures grouped by the first words of their reason, biggest groups first, for the assertion message. */
function clusterFailures(summary: StateTestSummary): string {
  const clusters = new Map<string, string[]>();
  for (const f of summary.failures) {
    const key = f.reason.split(/[:;(\n]/)[0]!.trim();
    const where = `${f.file.slice(suiteDir.length + 1)} ${f.name ?? ''}${f.index === null ? '' : ` d=${f.index.data} g=${f.index.gas} v=${f.index.value}`}`;
    clusters.set(key, [...(clusters.get(key) ?? []), where]);
  }
  return [...clusters]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([key, cases]) => `${cases.length} × ${key}\n    ${cases.slice(0, 5).join('\n    ')}`)
    .join('\n');
}

/** Runs the suite in a child process, killed if the test is aborted (e.g. by its timeout). */
function runSuite(signal: AbortSignal): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'zkevm.mjs'), 'statetest', '--json', suiteDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => {
      if (e.name !== 'AbortError') reject(e);
    });
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('GeneralStateTests (Cancun) conformance', () => {
  if (!existsSync(suiteDir)) {
    if (process.env.CI === 'true') {
      it('fixtures present', () => {
        throw new Error(missingMessage);
      });
    } else {
      it.skip(missingMessage, () => {});
    }
    return;
  }

  it(`passes all ${CANCUN_CASES} Cancun cases`, { timeout: 15 * 60_000 }, async ({ signal }) => {
    const { code, stdout, stderr } = await runSuite(signal);
    let summary: StateTestSummary;
    try {
      summary = JSON.parse(stdout) as StateTestSummary;
    } catch {
      throw new Error(`zkevm statetest exited with ${code} without a JSON summary; stderr:\n${stderr.slice(0, 4000)}`);
    }
    const detail = `${summary.passed} passed, ${summary.failed} failed\n${clusterFailures(summary)}`;
    expect(summary.failed, detail).toBe(0);
    expect(summary.passed, detail).toBe(CANCUN_CASES);
    expect(code).toBe(0);
  });
});
