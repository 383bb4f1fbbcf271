/**
 * Differential fuzzing of our EVM against @ethereumjs/evm.
 *
 *   npm run fuzz:evm -- --cases N [--seed S] [--first I] [--verbose]
 *
 * Runs cases I .. I+N-1 of the seeded stream S (default: a fresh seed, printed so the run can
 * be replayed), prints each divergence (seed, case index, first differing step with both trace
 * lines, or the differing outcome/account) and ends with "N cases, D diverged". Exits 1 when
 * anything diverged. `--verbose` also dumps each diverged case (pre-state code, transaction).
 */
import { generateCase } from '../src/evm/fuzz/case-generator.ts';
import { formatDivergence, runDifferential } from '../src/evm/fuzz/differential.ts';

interface Args {
  cases: number;
  seed: number;
  first: number;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { cases: 1000, seed: (Date.now() ^ (process.pid << 16)) >>> 0, first: 0, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a non-negative integer`);
      return v;
    };
    switch (flag) {
      case '--cases': args.cases = value(); break;
      case '--seed': args.seed = value() >>> 0; break;
      case '--first': args.first = value(); break;
      case '--verbose': args.verbose = true; break;
      case '--help':
        console.log('usage: npm run fuzz:evm -- --cases N [--seed S] [--first I] [--verbose]');
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${flag}`);
    }
  }
  return args;
}

function dumpCase(seed: number, index: number): string {
  const c = generateCase(seed, index);
  const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString('hex')}`;
  const lines = ['  pre-state:'];
  for (const [address, a] of c.pre) {
    const storage = [...a.storage].map(([k, v]) => `0x${k.toString(16)}=0x${v.toString(16)}`).join(' ');
    lines.push(`    0x${address.toString(16).padStart(40, '0')} nonce ${a.nonce} balance ${a.balance} storage {${storage}}`);
    if (a.code.length > 0) lines.push(`      code ${hex(a.code)}`);
  }
  const tx = c.tx;
  lines.push(`  block: number ${c.block.number} timestamp ${c.block.timestamp} coinbase 0x${c.block.coinbase.toString(16)} baseFee ${c.block.baseFee} excessBlobGas ${c.block.excessBlobGas}`);
  lines.push(`  tx: type ${tx.type} nonce ${tx.nonce} to ${tx.to === null ? 'null' : `0x${tx.to.toString(16)}`} value ${tx.value} gasLimit ${tx.gasLimit} maxFee ${tx.maxFeePerGas} priority ${tx.maxPriorityFeePerGas}`);
  lines.push(`      data ${hex(tx.data)}`);
  if (tx.accessList.length > 0) lines.push(`      accessList ${tx.accessList.map((e) => `0x${e.address.toString(16)}[${e.storageKeys.join(',')}]`).join(' ')}`);
  if (tx.blobVersionedHashes.length > 0) lines.push(`      blobHashes ${tx.blobVersionedHashes.map(hex).join(' ')}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`fuzz:evm seed ${args.seed}, cases ${args.first}..${args.first + args.cases - 1}`);
  const started = performance.now();
  let done = 0;
  const summary = await runDifferential({
    seed: args.seed,
    count: args.cases,
    first: args.first,
    onCase: (o) => {
      done++;
      if (o.divergence !== undefined) {
        console.log(formatDivergence(o));
        if (args.verbose) console.log(dumpCase(o.seed, o.index));
      }
      if (done % 250 === 0) {
        console.log(`  ... ${done} cases, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    },
  });
  for (const o of summary.excused) console.log(`seed ${o.seed} case ${o.index}: excused: ${o.excused ?? ''}`);
  const s = summary.statusCounts;
  console.log(
    `outcomes: ${s.success} success, ${s.revert} revert, ${s.halt} halt, ${s.crash} crash; `
    + `${summary.totalSteps} steps, ${summary.distinctOpcodes} distinct opcodes, `
    + `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(`${summary.cases} cases, ${summary.diverged.length} diverged`
    + (summary.excused.length > 0 ? ` (${summary.excused.length} excused: known ethereumjs bug)` : ''));
  return summary.diverged.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(2);
});
