/**
 * zkEVM frame-prover benchmark (issue 4, "Performance"): proves a fixed set of single-frame
 * workloads and prints, per workload, the rows and cells of every table, prove seconds, verify
 * milliseconds, proof bytes, peak RSS, cells per EVM step and per unit of gas. The last line is one
 * JSON object with every figure.
 *
 *   1. erc20-transfer: the transfer() frame of OpenZeppelin's ERC20 (compiled with solc-js, see
 *      scripts/bench/erc20.ts), deployed first, then one transfer between two holders;
 *   2. keccak-loop: KECCAK256 of 64 memory bytes, 64 times;
 *   3. arithmetic-loop: MUL/ADD/DIV/LT/AND/SHL, 256 times;
 *   4. memory-copy-loop: MCOPY of 64 bytes and CALLDATACOPY of 32 bytes, 128 times.
 *
 * A workload the prover does not cover yet is reported as {"name", "unsupported": reason} (plus
 * the steps and gas of its execution), never with invented figures. Targets (issue 4): at least
 * 15,000,000 trace cells/s; peak RSS under 8 GB for the ERC20 workload.
 *
 * Usage: npm run bench:zkevm   (DEFAULT_CONFIG; ZKEVM_BENCH_INSECURE=1 uses the test configuration)
 */
import { availableParallelism, loadavg } from 'node:os';
import { FRAME_COVERAGE, FRAME_TABLES } from '../src/circuits/frame/frame-system.ts';
import { encodeFrameProofFile, verifyFrameProofFile } from '../src/circuits/frame/proof-file.ts';
import { proveFrame } from '../src/circuits/frame/prove-frame.ts';
import { selectCase } from '../src/circuits/frame/select.ts';
import { hexToBytes } from '../src/evm/testing.ts';
import { WorldState, executeTransaction } from '../src/evm/index.ts';
import { signTransaction } from '../src/evm/transaction/sign.ts';
import type { AccountData, BlockEnv, Transaction } from '../src/evm/types.ts';
import { DEFAULT_CONFIG, TEST_CONFIG_INSECURE } from '../src/stark/index.ts';
import { buildErc20Workload, compileBenchToken } from './bench/erc20.ts';

interface Workload {
  readonly name: string;
  readonly pre: Map<bigint, AccountData>;
  readonly block: BlockEnv;
  readonly tx: Transaction;
}

const BLOCK: BlockEnv = {
  number: 1000n, timestamp: 1_700_000_000n, coinbase: 0xc014ba5en, gasLimit: 30_000_000n, baseFee: 7n,
  prevRandao: 1n, excessBlobGas: 0n, chainId: 1n, blockHash: () => undefined,
};
const KEY = new Uint8Array(32).fill(0x42);
const CONTRACT = 0xbe4c4n;

/** A loop `count` times around `body` (hex): PUSH2 count, JUMPDEST, body, count − 1, JUMPI back, STOP. */
function loop(count: number, body: string): string {
  return `61${count.toString(16).padStart(4, '0')}5b${body}600190038060035700`;
}

function codeWorkload(name: string, code: string, data = new Uint8Array()): Workload {
  const tx = signTransaction(
    {
      type: 2, chainId: 1n, nonce: 0n, gasPrice: 10n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n, gasLimit: 10_000_000n,
      to: CONTRACT, value: 0n, data, accessList: [], maxFeePerBlobGas: 0n, blobVersionedHashes: [],
    },
    KEY,
  ).tx;
  const pre = new Map<bigint, AccountData>([
    [tx.sender, { nonce: 0n, balance: 10n ** 21n, code: new Uint8Array(), storage: new Map() }],
    [CONTRACT, { nonce: 1n, balance: 0n, code: hexToBytes(code), storage: new Map() }],
  ]);
  return { name, pre, block: BLOCK, tx };
}

function erc20Workload(): Workload {
  const w = buildErc20Workload(compileBenchToken(), 8, 1);
  const state = WorldState.fromAccounts(w.pre);
  const deployed = executeTransaction(state, w.block, w.deploy);
  if (deployed.kind !== 'executed' || deployed.status !== 'success') throw new Error('bench: ERC20 deployment failed');
  return { name: 'erc20-transfer', pre: state.toAccounts(), block: w.block, tx: w.transfers[0]! };
}

function workloads(): Workload[] {
  return [
    erc20Workload(),
    // KECCAK256(0, 64) stored back at 0.
    codeWorkload('keccak-loop', loop(64, '6040600020600052')),
    // (7·3 + 5) / 2 < 9, AND 0xff, SHL 3, POP.
    codeWorkload('arithmetic-loop', loop(256, '600760030260050160020460091060ff1660031b50')),
    // MCOPY(64, 0, 64); CALLDATACOPY(0, 0, 32).
    codeWorkload('memory-copy-loop', loop(128, '6040600060405e60206000600037'), new Uint8Array(32).fill(0xab)),
  ];
}

type Report = Record<string, unknown>;

function bench(w: Workload): Report {
  const insecure = process.env.ZKEVM_BENCH_INSECURE === '1';
  const selection = selectCase(w.pre, w.block, w.tx, FRAME_COVERAGE);
  const run = selection.run;
  const steps = run?.trace.stepCount ?? 0;
  const gas = run === undefined ? 0 : Number(run.outcome.gasUsed);
  if (!selection.eligible) return { name: w.name, unsupported: selection.reason, steps, gas };
  const started = performance.now();
  const proof = proveFrame(selection.run, { config: insecure ? TEST_CONFIG_INSECURE : DEFAULT_CONFIG });
  const proveSeconds = (performance.now() - started) / 1000;
  const file = encodeFrameProofFile(proof);
  const v0 = performance.now();
  verifyFrameProofFile(file, { allowInsecureConfig: insecure });
  const verifyMs = performance.now() - v0;
  const tables: Record<string, { rows: number; cells: number }> = {};
  let cells = 0;
  for (const t of FRAME_TABLES) {
    const rows = proof.rows[t.name]!;
    const width = t.columns.width;
    tables[t.name] = { rows, cells: rows * width };
    cells += rows * width;
  }
  return {
    name: w.name,
    steps,
    gas,
    tables,
    cells,
    proveSeconds,
    verifyMs,
    proofBytes: file.length,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    cellsPerStep: steps === 0 ? null : cells / steps,
    cellsPerGas: gas === 0 ? null : cells / gas,
    cellsPerSecond: cells / proveSeconds,
  };
}

function printReport(r: Report): void {
  if ('unsupported' in r) {
    console.log(`${String(r.name).padEnd(18)} unsupported: ${String(r.unsupported)} (${String(r.steps)} steps, ${String(r.gas)} gas)`);
    return;
  }
  console.log(`${String(r.name)}: ${String(r.steps)} steps, ${String(r.gas)} gas`);
  for (const [name, t] of Object.entries(r.tables as Record<string, { rows: number; cells: number }>)) {
    console.log(`  ${name.padEnd(14)} ${String(t.rows).padStart(9)} rows ${String(t.cells).padStart(12)} cells`);
  }
  const n = (v: unknown, digits: number): string => (typeof v === 'number' ? v.toFixed(digits) : 'n/a');
  console.log(
    `  prove ${n(r.proveSeconds, 2)} s, verify ${n(r.verifyMs, 1)} ms, proof ${String(r.proofBytes)} bytes, ` +
      `peak RSS ${n((r.peakRssBytes as number) / 2 ** 20, 0)} MiB, ${n(r.cellsPerStep, 0)} cells/step, ` +
      `${n(r.cellsPerGas, 1)} cells/gas, ${n(r.cellsPerSecond, 0)} cells/s`,
  );
}

function main(): void {
  const results: Report[] = [];
  for (const w of workloads()) {
    const r = bench(w);
    printReport(r);
    results.push(r);
  }
  console.log(
    JSON.stringify({
      bench: 'zkevm',
      config: process.env.ZKEVM_BENCH_INSECURE === '1' ? 'test-insecure' : 'default',
      cpus: availableParallelism(),
      loadavg: loadavg()[0],
      workloads: results,
    }),
  );
}

main();
