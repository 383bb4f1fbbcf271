import { describe, expect, it } from 'vitest';
import { generateCase } from './case-generator.ts';
import { compareStates, formatDivergence, isKnownEthereumjsBug, runDifferential } from './differential.ts';
import { EthereumjsOracle, type OracleRecord } from './ethereumjs-oracle.ts';
import { runOurs } from './ours-runner.ts';

/** Fixed stream for `npm test`; `npm run fuzz:evm` explores others. */
const SEED = 20_260_101;
const CASES = 300;

describe('differential fuzzing against @ethereumjs/evm', () => {
  it(`${CASES} seeded cases: identical EIP-3155 traces, outcomes and post-states`, async () => {
    const summary = await runDifferential({ seed: SEED, count: CASES });
    const report = summary.diverged.map(formatDivergence).join('\n\n');
    expect(summary.diverged.length, `${summary.diverged.length} diverged:\n${report}`).toBe(0);
    // The generator must keep exercising the EVM: every outcome, many opcodes, real traces.
    expect(summary.statusCounts.success).toBeGreaterThan(CASES / 5);
    expect(summary.statusCounts.revert).toBeGreaterThan(0);
    expect(summary.statusCounts.halt).toBeGreaterThan(0);
    expect(summary.distinctOpcodes).toBeGreaterThan(120);
    expect(summary.totalSteps).toBeGreaterThan(CASES * 100);
    expect(summary.excused.length).toBeLessThan(CASES / 50);
  }, 180_000);

  it('notices a post-state difference the traces cannot show', async () => {
    const c = generateCase(SEED, 0);
    const oracle = await EthereumjsOracle.create(c.pre);
    const theirs = await oracle.runTransaction(c.block, c.tx, { trace: true });
    const ours = runOurs(c.pre, c.block, c.tx, true);
    expect(await compareStates(c.pre, ours.accounts, oracle, theirs.touched, theirs.writtenSlots)).toBeUndefined();
    const sender = ours.accounts.get(c.tx.sender)!;
    ours.accounts.set(c.tx.sender, { ...sender, balance: sender.balance + 1n });
    const d = await compareStates(c.pre, ours.accounts, oracle, theirs.touched, theirs.writtenSlots);
    expect(d?.kind).toBe('account');
    expect(d?.message).toContain('balance');
  }, 30_000);

  it('excuses the ethereumjs EIP-3541 bug only right after a flagged REVERT', () => {
    const step = { pc: 0, op: 0xfd, gas: 0n, gasCost: 0n, memSize: 0, stack: [], depth: 1, refund: 0n };
    const theirs = { steps: [step, step, step], efPrefixedReverts: [1] } as unknown as OracleRecord;
    const gasAt = (i: number) => ({ kind: 'trace' as const, message: `step ${i}: gas differs`, step: i, theirStep: i });
    expect(isKnownEthereumjsBug(gasAt(2), theirs, false)).toBe(true);
    expect(isKnownEthereumjsBug(gasAt(1), theirs, false)).toBe(false);
    expect(isKnownEthereumjsBug({ ...gasAt(2), message: 'step 2: stack differs' }, theirs, false)).toBe(false);
    expect(isKnownEthereumjsBug({ kind: 'status', message: 'status differs' }, theirs, true)).toBe(false);
    const topLevel = { steps: [step, step], efPrefixedReverts: [1] } as unknown as OracleRecord;
    expect(isKnownEthereumjsBug({ kind: 'status', message: 'status differs' }, topLevel, true)).toBe(true);
    expect(isKnownEthereumjsBug({ kind: 'status', message: 'status differs' }, topLevel, false)).toBe(false);
  });
});
