/**
 * Rollup.sol through deploy.ts and L1Client on a real local L1 (EDR): deployment, commitBatch,
 * and every check proveBatch makes before and around the verifier call, with the custom error
 * names. The verifier here is a contract without functions (every call reverts), so any proof
 * that reaches it is rejected; acceptance of real proofs is in rollup-proof.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Address, Hex } from 'viem';
import { L1Client } from './client.ts';
import { compileArtifact, rollupArtifact } from './compile.ts';
import { deployContract, deployRollup } from './deploy.ts';
import { startLocalNode, type LocalL1Node } from './local-node.ts';
import { publicInputFields, stateRootFromElements, transactionCommitment, type BatchPublicInputs } from './public-inputs.ts';
import { L1RevertError, L1Wallet, calldataGas } from './wallet.ts';

const GENESIS = stateRootFromElements([1, 2, 3, 4, 5, 6, 7, 8]);
const NEXT_ROOT = stateRootFromElements([11, 12, 13, 14, 15, 16, 17, 18]);

let node: LocalL1Node;
let sequencer: L1Wallet;
let stranger: L1Wallet;
let noFunctions: Address;

async function expectRevert(p: Promise<unknown>, errorName: string): Promise<L1RevertError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(L1RevertError);
  expect((e as L1RevertError).errorName).toBe(errorName);
  return e as L1RevertError;
}

async function freshRollup(): Promise<L1Client> {
  const d = await deployRollup(sequencer, { verifier: noFunctions, genesisStateRoot: GENESIS });
  return new L1Client(sequencer, d.address);
}

beforeAll(async () => {
  node = await startLocalNode();
  sequencer = await L1Wallet.connect({ rpcUrl: node.url, privateKey: node.accounts[0]!.privateKey });
  stranger = await L1Wallet.connect({ rpcUrl: node.url, privateKey: node.accounts[1]!.privateKey });
  const source = '// SPDX-License-Identifier: MIT\npragma solidity 0.8.28;\ncontract NoFunctions {}\n';
  noFunctions = (await deployContract(sequencer, compileArtifact({ 'NoFunctions.sol': source }, 'NoFunctions'))).address;
});

afterAll(async () => {
  await node?.stop();
});

describe('Rollup deployment', () => {
  it('deploys with the genesis root, the verifier and the deployer as sequencer', async () => {
    const d = await deployRollup(sequencer, { verifier: noFunctions, genesisStateRoot: GENESIS });
    const rollup = new L1Client(sequencer, d.address);
    expect(await rollup.finalizedStateRoot()).toBe(GENESIS);
    expect(await rollup.verifier()).toBe(noFunctions);
    expect(await rollup.committedBatches()).toBe(0n);
    expect(await rollup.finalizedBatches()).toBe(0n);
    expect(d.codeBytes).toBeGreaterThan(0);
    expect(d.codeBytes).toBeLessThanOrEqual(24_576);
    expect(d.cost.executionGas).toBeGreaterThan(0n);
  });

  it('refuses a verifier without code (VerifierHasNoCode)', async () => {
    await expectRevert(deployContract(sequencer, rollupArtifact(), [node.accounts[2]!.address, sequencer.address, GENESIS]), 'VerifierHasNoCode');
  });

  it('refuses a non-canonical genesis root (NonCanonicalStateRoot)', async () => {
    const bad = `0x${'78000001'}${'00'.repeat(28)}` as Hex; // first element = p
    await expectRevert(deployContract(sequencer, rollupArtifact(), [noFunctions, sequencer.address, bad]), 'NonCanonicalStateRoot');
  });
});

describe('commitBatch', () => {
  it('stores keccak256 of the data under consecutive indices and reports the cost', async () => {
    const rollup = await freshRollup();
    const data = new Uint8Array(1000).map((_, i) => (i * 7 + 1) & 0xff);
    const first = await rollup.commitBatch(data);
    expect(first.batchIndex).toBe(0n);
    expect(first.txCommitment).toBe(transactionCommitment(data));
    expect(await rollup.batchCommitment(0)).toBe(transactionCommitment(data));
    // selector + offset + length + data padded to 32 bytes
    expect(first.calldataBytes).toBe(4 + 32 + 32 + 1024);
    expect(first.gasUsed).toBe(21_000n + BigInt(first.calldataGas) + first.executionGas);
    const second = await rollup.commitBatch(Uint8Array.of(0xaa));
    expect(second.batchIndex).toBe(1n);
    expect(await rollup.committedBatches()).toBe(2n);
    expect(await rollup.finalizedBatches()).toBe(0n);
  });

  it('only the sequencer may commit (NotSequencer)', async () => {
    const rollup = await freshRollup();
    await expectRevert(new L1Client(stranger, rollup.address).commitBatch(Uint8Array.of(1)), 'NotSequencer');
  });

  it('refuses empty data (EmptyBatch)', async () => {
    const rollup = await freshRollup();
    await expectRevert(rollup.commitBatch(new Uint8Array(0)), 'EmptyBatch');
  });
});

describe('proveBatch checks', () => {
  const proof = Uint8Array.of(1, 2, 3, 4);
  let rollup: L1Client;
  let batch0: BatchPublicInputs;
  let batch1: BatchPublicInputs;

  beforeAll(async () => {
    rollup = await freshRollup();
    const d0 = Uint8Array.of(10, 20, 30);
    const d1 = Uint8Array.of(40, 50, 60);
    await rollup.commitBatch(d0);
    await rollup.commitBatch(d1);
    batch0 = { prevStateRoot: GENESIS, newStateRoot: NEXT_ROOT, txCommitment: transactionCommitment(d0) };
    batch1 = { prevStateRoot: NEXT_ROOT, newStateRoot: GENESIS, txCommitment: transactionCommitment(d1) };
  });

  it('an index never committed reverts with UnknownBatch', async () => {
    const e = await expectRevert(rollup.proveBatch(2, proof, batch0), 'UnknownBatch');
    expect(e.args).toEqual([2n, 2n]);
  });

  it('a batch before its predecessor is finalized reverts with BatchOutOfOrder', async () => {
    const e = await expectRevert(rollup.proveBatch(1, proof, batch1), 'BatchOutOfOrder');
    expect(e.args).toEqual([1n, 0n]);
  });

  it('a previous root other than the finalized one reverts with WrongPreviousStateRoot', async () => {
    const e = await expectRevert(rollup.proveBatch(0, proof, { ...batch0, prevStateRoot: NEXT_ROOT }), 'WrongPreviousStateRoot');
    expect(e.args).toEqual([GENESIS, NEXT_ROOT]);
  });

  it("another batch's commitment reverts with WrongTransactionCommitment", async () => {
    const e = await expectRevert(rollup.proveBatch(0, proof, { ...batch0, txCommitment: batch1.txCommitment }), 'WrongTransactionCommitment');
    expect(e.args).toEqual([batch0.txCommitment, batch1.txCommitment]);
  });

  it('a non-canonical new root reverts with NonCanonicalStateRoot', async () => {
    const bad = `0x${'00'.repeat(28)}ffffffff` as Hex;
    await expectRevert(rollup.proveBatch(0, proof, { ...batch0, newStateRoot: bad }), 'NonCanonicalStateRoot');
  });

  it('a verifier that reverts makes proveBatch revert with VerifierReverted, and nothing is finalized', async () => {
    await expectRevert(rollup.proveBatch(0, proof, batch0), 'VerifierReverted');
    expect(await rollup.finalizedStateRoot()).toBe(GENESIS);
    expect(await rollup.finalizedBatches()).toBe(0n);
  });
});

describe('public input encoding', () => {
  it('the contract and public-inputs.ts produce the same 32 field elements', async () => {
    const rollup = await freshRollup();
    let seed = 0x1234567;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let t = 0; t < 5; t++) {
      const root = (): Hex => stateRootFromElements(Array.from({ length: 8 }, () => next() % 2013265921));
      const commitment = transactionCommitment(Uint8Array.of(t, next() & 0xff));
      const inputs = { prevStateRoot: root(), newStateRoot: root(), txCommitment: commitment };
      const expected = publicInputFields(inputs);
      expect(expected).toHaveLength(32);
      expect(await rollup.publicInputFields(inputs)).toEqual(expected);
    }
  });
});

describe('calldataGas', () => {
  it('charges 4 per zero byte and 16 per nonzero byte (EIP-2028)', () => {
    expect(calldataGas('0x')).toBe(0);
    expect(calldataGas('0x00ff0100')).toBe(4 + 16 + 16 + 4);
  });
});
