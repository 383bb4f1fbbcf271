/**
 * Measure the committed verifiers' gas at their config (DEFAULT_CONFIG): for each example and
 * trace size, prove, call verifyProof by a transaction in this repository's EVM, and print the
 * execution gas (gasUsed − 21000 − calldata gas) and the EIP-2028 calldata gas separately.
 * Run: `npx tsx src/contracts/verifier-gen/measure-gas.ts [example] [logSize...]`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from '../../stark/keys.ts';
import { encodeProof } from '../../stark/proof.ts';
import { prove } from '../../stark/prover.ts';
import { compileVerifier } from './compile.ts';
import { DeployedContract } from './evm-harness.ts';
import { GENERATED_CONFIG, VERIFIER_EXAMPLES } from './examples.ts';
import { GENERATED_DIR } from './regenerate.ts';

/** One measurement. */
export interface GasFigure {
  readonly example: string;
  readonly logSize: number;
  readonly heights: string;
  readonly proofBytes: number;
  readonly calldataBytes: number;
  readonly calldataGas: bigint;
  readonly executionGas: bigint;
  readonly codeSize: number;
  readonly proveMs: number;
}

/** Measure one example at one size; throws if the verifier does not accept the proof. */
export function measure(exampleName: string, logSize: number): GasFigure {
  const ex = VERIFIER_EXAMPLES.find((e) => e.name === exampleName);
  if (ex === undefined) throw new RangeError(`unknown example ${exampleName}`);
  const file = `${ex.contractName}.sol`;
  const compiled = compileVerifier(readFileSync(join(GENERATED_DIR, file), 'utf8'), ex.contractName);
  const contract = DeployedContract.deploy(compiled.bytecode);
  const { provingKey } = setup(ex.system, GENERATED_CONFIG);
  const { witness, publicInputs } = ex.witness(logSize);
  const t0 = performance.now();
  const proof = prove(provingKey, witness);
  const proveMs = performance.now() - t0;
  const bytes = encodeProof(proof);
  const r = contract.verifyProof(bytes, publicInputs);
  if (r.outcome !== 'true') throw new Error(`${exampleName} 2^${logSize}: verifier returned ${r.outcome}`);
  return {
    example: exampleName,
    logSize,
    heights: proof.tables.map((t) => `2^${t.logHeight}`).join('+'),
    proofBytes: bytes.length,
    calldataBytes: r.calldataBytes,
    calldataGas: r.calldataGas,
    executionGas: r.executionGas,
    codeSize: contract.codeSize,
    proveMs: Math.round(proveMs),
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [name, ...sizes] = process.argv.slice(2);
  const plan: [string, number[]][] = name
    ? [[name, sizes.length > 0 ? sizes.map(Number) : [10]]]
    : [
        ['fibonacci', [10, 14, 16, 18]],
        ['range-check', [8, 12]],
        ['bus-join', [10]],
      ];
  console.log('| example | heights | proof bytes | calldata bytes | calldata gas | execution gas | total | code bytes |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [ex, logSizes] of plan) {
    for (const s of logSizes) {
      const f = measure(ex, s);
      console.log(
        `| ${f.example} | ${f.heights} | ${f.proofBytes} | ${f.calldataBytes} | ${f.calldataGas} | ${f.executionGas} | ${f.calldataGas + f.executionGas + 21000n} | ${f.codeSize} |`,
      );
    }
  }
}
