/**
 * Differential fuzzing driver: generate a case, run it in our EVM and in @ethereumjs/evm,
 * compare traces step by step, outcomes, and the post-state of every account either side
 * may have touched (balance, nonce, code, storage).
 *
 * What is compared is the whole Cancun transaction (see ethereumjs-oracle.ts for how the
 * transaction envelope is reproduced around ethereumjs's message-call entry point).
 */
import type { AccountData } from '../types.ts';
import { generateCase, type FuzzCase } from './case-generator.ts';
import { compareAccount, compareOutcomes, compareTraces, type Divergence } from './compare.ts';
import { EthereumjsOracle, type OracleRecord } from './ethereumjs-oracle.ts';
import { runOurs } from './ours-runner.ts';

/**
 * True when the first divergence is explained by the @ethereumjs/evm EIP-3541 bug documented
 * at {@link OracleRecord.efPrefixedReverts}: a creation's init code reverted with data starting
 * with 0xEF, and the two sides first differ right there — in the gas the parent frame gets back
 * (the step right after that REVERT), or, for a creating transaction whose own init code did
 * it, in the status/gas of the whole transaction.
 */
export function isKnownEthereumjsBug(d: Divergence, theirs: OracleRecord, createTx: boolean): boolean {
  const flagged = new Set(theirs.efPrefixedReverts);
  if (d.kind === 'trace' && d.theirStep !== undefined && d.message.endsWith(': gas differs')) {
    return flagged.has(d.theirStep - 1);
  }
  const last = theirs.steps.length - 1;
  return createTx && (d.kind === 'status' || d.kind === 'gasUsed') && flagged.has(last)
    && theirs.steps[last]?.depth === 1;
}

/** Result of one case. */
export interface CaseOutcome {
  seed: number;
  index: number;
  /** Steps in the oracle's trace (a measure of how much the case exercised). */
  steps: number;
  /** Oracle status ('crash' when either side threw). */
  status: 'success' | 'revert' | 'halt' | 'crash';
  /** Set when the case hit a documented @ethereumjs/evm bug and was therefore not compared further. */
  excused?: string;
  /** One-line summary of the transaction. */
  description: string;
  divergence?: Divergence;
}

/** Summary of a fuzzing run. */
export interface DifferentialSummary {
  cases: number;
  diverged: CaseOutcome[];
  /** Cases per oracle status, to show that the generator reaches every outcome. */
  statusCounts: Record<CaseOutcome['status'], number>;
  /** Cases not compared to the end because they hit a documented ethereumjs bug. */
  excused: CaseOutcome[];
  totalSteps: number;
  /** Distinct opcodes executed over the run (oracle trace). */
  distinctOpcodes: number;
}

function describe(c: FuzzCase): string {
  const to = c.tx.to === null ? 'create' : `to 0x${c.tx.to.toString(16)}`;
  return `type ${c.tx.type} ${to} gasLimit ${c.tx.gasLimit} value ${c.tx.value} data ${c.tx.data.length}B`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
}

/** Runs one case in both EVMs and returns the first divergence, if any. */
export async function runCase(c: FuzzCase, opcodesSeen?: Set<number>): Promise<CaseOutcome> {
  const base = { seed: c.seed, index: c.index, description: describe(c) };
  let oracle: EthereumjsOracle;
  let theirs;
  try {
    oracle = await EthereumjsOracle.create(c.pre);
    theirs = await oracle.runTransaction(c.block, c.tx, { trace: true });
  } catch (e) {
    return { ...base, steps: 0, status: 'crash', divergence: { kind: 'crash', message: 'ethereumjs threw', theirs: errorText(e) } };
  }
  if (opcodesSeen !== undefined) for (const s of theirs.steps) opcodesSeen.add(s.op);
  const outcome = { ...base, steps: theirs.steps.length, status: theirs.status };
  let ours;
  try {
    ours = runOurs(c.pre, c.block, c.tx, true);
  } catch (e) {
    return { ...outcome, status: 'crash', divergence: { kind: 'crash', message: 'our EVM threw', ours: errorText(e) } };
  }
  const divergence = compareTraces(ours.steps, theirs.steps) ?? compareOutcomes(ours, theirs)
    ?? (await compareStates(c.pre, ours.accounts, oracle, theirs.touched, theirs.writtenSlots));
  if (divergence === undefined) return outcome;
  if (isKnownEthereumjsBug(divergence, theirs, c.tx.to === null)) {
    return { ...outcome, excused: `ethereumjs EIP-3541 check on reverted init code (${divergence.message})` };
  }
  return { ...outcome, divergence };
}

/** First difference between our post-state and the oracle's over every account either side may have touched. */
export async function compareStates(
  pre: Map<bigint, AccountData>,
  ours: Map<bigint, AccountData>,
  oracle: EthereumjsOracle,
  touched: Set<bigint>,
  writtenSlots: Map<bigint, Set<bigint>>,
): Promise<Divergence | undefined> {
  const addresses = [...new Set([...pre.keys(), ...ours.keys(), ...touched])].sort((a, b) => (a < b ? -1 : 1));
  for (const address of addresses) {
    const mine = ours.get(address);
    const slots = new Set([
      ...(pre.get(address)?.storage.keys() ?? []),
      ...(mine?.storage.keys() ?? []),
      ...(writtenSlots.get(address) ?? []),
    ]);
    const d = compareAccount(address, mine, await oracle.readAccount(address, slots));
    if (d !== undefined) return d;
  }
  return undefined;
}

/** Runs cases `first .. first + count - 1` of the stream `seed`. */
export async function runDifferential(options: {
  seed: number;
  count: number;
  first?: number;
  onCase?: (outcome: CaseOutcome) => void;
}): Promise<DifferentialSummary> {
  const diverged: CaseOutcome[] = [];
  const excused: CaseOutcome[] = [];
  const statusCounts = { success: 0, revert: 0, halt: 0, crash: 0 };
  const opcodes = new Set<number>();
  let totalSteps = 0;
  const first = options.first ?? 0;
  for (let i = first; i < first + options.count; i++) {
    const outcome = await runCase(generateCase(options.seed, i), opcodes);
    statusCounts[outcome.status]++;
    totalSteps += outcome.steps;
    if (outcome.divergence !== undefined) diverged.push(outcome);
    if (outcome.excused !== undefined) excused.push(outcome);
    options.onCase?.(outcome);
  }
  return { cases: options.count, diverged, excused, statusCounts, totalSteps, distinctOpcodes: opcodes.size };
}

/** Multi-line report of a diverged case: how to replay it and both sides of the difference. */
export function formatDivergence(o: CaseOutcome): string {
  const d = o.divergence;
  if (d === undefined) return `seed ${o.seed} case ${o.index}: no divergence`;
  const lines = [
    `seed ${o.seed} case ${o.index} (${o.description}): ${d.kind}: ${d.message}`,
    `  replay: npm run fuzz:evm -- --seed ${o.seed} --first ${o.index} --cases 1 --verbose`,
  ];
  if (d.previous !== undefined) lines.push(`  previous  ${d.previous}`);
  if (d.ours !== undefined) lines.push(`  ours      ${d.ours}`);
  if (d.theirs !== undefined) lines.push(`  ethereumjs ${d.theirs}`);
  return lines.join('\n');
}
