/**
 * Measure the local L1 and the Rollup's own costs: node start time, Rollup deployment gas, and
 * commitBatch gas per batch size (intrinsic, calldata and execution gas separately).
 * Run: `npx tsx src/node/l1/measure-l1.ts` (prints a markdown table; docs/rollup.md quotes it).
 */
import { L1Client } from './client.ts';
import { compileArtifact } from './compile.ts';
import { deployContract, deployRollup } from './deploy.ts';
import { startLocalNode } from './local-node.ts';
import { stateRootFromElements } from './public-inputs.ts';
import { L1Wallet } from './wallet.ts';

const starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const n = await startLocalNode({ accounts: 1 });
  starts.push(n.startMs);
  await n.stop();
}
console.log(`node start (spawn → eth_chainId answers), 3 runs: ${starts.map((s) => `${Math.round(s)} ms`).join(', ')}`);

const node = await startLocalNode();
try {
  const wallet = await L1Wallet.connect({ rpcUrl: node.url, privateKey: node.accounts[0]!.privateKey });
  // Any contract with code serves as the verifier address here: commitBatch never calls it.
  const anyCode = compileArtifact({ 'C.sol': '// SPDX-License-Identifier: MIT\npragma solidity 0.8.28;\ncontract C {}\n' }, 'C');
  const verifier = await deployContract(wallet, anyCode);
  const d = await deployRollup(wallet, { verifier: verifier.address, genesisStateRoot: stateRootFromElements([1, 2, 3, 4, 5, 6, 7, 8]) });
  console.log(`Rollup deployment: gasUsed ${d.cost.gasUsed}, runtime code ${d.codeBytes} bytes`);
  const rollup = new L1Client(wallet, d.address);
  console.log('| batch bytes | gasUsed | calldata bytes | calldata gas | execution gas |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const size of [1, 32, 1_000, 10_000, 100_000]) {
    const data = new Uint8Array(size).map((_, i) => (i * 131 + 7) & 0xff || 1);
    const r = await rollup.commitBatch(data);
    console.log(`| ${size} | ${r.gasUsed} | ${r.calldataBytes} | ${r.calldataGas} | ${r.executionGas} |`);
  }
} finally {
  await node.stop();
}
