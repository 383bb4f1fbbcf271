/**
 * Real proofs through Rollup.proveBatch on a real local L1 (EDR): a STARK proof made by the
 * prover, checked by the verifier that src/contracts/verifier-gen generates, finalizes the batch;
 * a flipped bit, a changed public input, a proof for another batch, a replay and a truncated proof
 * all revert with named errors, and the TypeScript verifier agrees on every mutated proof.
 *
 * The AIR is a toy batch transition with the rollup's exact statement shape (32 public inputs:
 * previous root, new root, commitment limbs; see public-inputs.ts) until the zkEVM circuit
 * produces that statement: state root element i advances each row by commitment limbs 2i and
 * 2i+1, from the previous root on the first row to the new root on the last. It is a real AIR,
 * proven and verified in full (DEFAULT_CONFIG); only its transition function is a stand-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { add } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { schema } from '../../stark/air/schema.ts';
import { defineSystem } from '../../stark/air/system.ts';
import { defineTable } from '../../stark/air/table.ts';
import { DEFAULT_CONFIG } from '../../stark/config.ts';
import { setup, type ProvingKey, type VerifyingKey } from '../../stark/keys.ts';
import { encodeProof } from '../../stark/proof.ts';
import { prove } from '../../stark/prover.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import { verifyBytes } from '../../stark/verifier.ts';
import { generateVerifier } from '../../contracts/verifier-gen/generate.ts';
import { L1Client } from './client.ts';
import { compileArtifact } from './compile.ts';
import { deployContract, deployRollup } from './deploy.ts';
import { startLocalNode, type LocalL1Node } from './local-node.ts';
import {
  COMMITMENT_LIMBS,
  STATE_ROOT_ELEMENTS,
  commitmentLimbs,
  publicInputFields,
  stateRootElements,
  stateRootFromElements,
  transactionCommitment,
  type BatchPublicInputs,
} from './public-inputs.ts';
import { L1RevertError, L1Wallet } from './wallet.ts';

const TABLE = 'toy_batch';
const ROWS = 8;
const COLS = schema({ state: STATE_ROOT_ELEMENTS, limb: COMMITMENT_LIMBS });
const PUBLIC_NAMES = [
  ...Array.from({ length: STATE_ROOT_ELEMENTS }, (_, i) => `prev${i}`),
  ...Array.from({ length: STATE_ROOT_ELEMENTS }, (_, i) => `new${i}`),
  ...Array.from({ length: COMMITMENT_LIMBS }, (_, i) => `commit${i}`),
];

const toyBatchTable = defineTable({
  name: TABLE,
  columns: COLS,
  publicInputs: PUBLIC_NAMES,
  constraints(b) {
    for (let i = 0; i < STATE_ROOT_ELEMENTS; i++) {
      const s = b.main(COLS.state[i]!);
      b.first(`state${i}_is_prev`, s.sub(b.public(`prev${i}`)));
      b.transition(`state${i}_step`, b.next(COLS.state[i]!).sub(s).sub(b.main(COLS.limb[2 * i]!)).sub(b.main(COLS.limb[2 * i + 1]!)));
      b.last(`state${i}_is_new`, s.sub(b.public(`new${i}`)));
    }
    for (let j = 0; j < COMMITMENT_LIMBS; j++) {
      b.first(`limb${j}_is_commit`, b.main(COLS.limb[j]!).sub(b.public(`commit${j}`)));
      b.transition(`limb${j}_constant`, b.next(COLS.limb[j]!).sub(b.main(COLS.limb[j]!)));
    }
  },
});
const system = defineSystem([toyBatchTable]);

/** Runs the toy transition on `batchData` from `prevStateRoot`; returns the statement and proof. */
function proveToyBatch(pk: ProvingKey, prevStateRoot: Hex, batchData: Uint8Array): { inputs: BatchPublicInputs; proof: Uint8Array } {
  const txCommitment = transactionCommitment(batchData);
  const limbs = commitmentLimbs(txCommitment);
  const state = stateRootElements(prevStateRoot);
  const trace = RowMajorMatrix.zeros(ROWS, COLS.width);
  for (let r = 0; r < ROWS; r++) {
    const row = trace.row(r);
    for (let i = 0; i < STATE_ROOT_ELEMENTS; i++) row[COLS.state[i]!] = state[i]!;
    for (let j = 0; j < COMMITMENT_LIMBS; j++) row[COLS.limb[j]!] = limbs[j]!;
    if (r + 1 < ROWS) for (let i = 0; i < STATE_ROOT_ELEMENTS; i++) state[i] = add(add(state[i]!, limbs[2 * i]!), limbs[2 * i + 1]!);
  }
  const inputs = { prevStateRoot, newStateRoot: stateRootFromElements(state), txCommitment };
  const proof = encodeProof(prove(pk, { traces: { [TABLE]: trace }, publicInputs: { [TABLE]: publicInputFields(inputs) } }));
  return { inputs, proof };
}

/** Whether the TypeScript verifier accepts `proof` for `inputs`. */
function tsAccepts(vk: VerifyingKey, proof: Uint8Array, inputs: BatchPublicInputs): boolean {
  try {
    verifyBytes(vk, proof, { publicInputs: { [TABLE]: publicInputFields(inputs) } });
    return true;
  } catch {
    return false;
  }
}

/** The custom error name proveBatch reverts with (simulated by eth_call: nothing is sent), or 'accepted'. */
async function onChainOutcome(rollup: L1Client, index: number, proof: Uint8Array, inputs: BatchPublicInputs): Promise<string> {
  try {
    await rollup.simulateProveBatch(index, proof, inputs);
    return 'accepted';
  } catch (e) {
    if (e instanceof L1RevertError) return e.errorName ?? 'undecoded revert';
    throw e;
  }
}

const GENESIS = stateRootFromElements([101, 202, 303, 404, 505, 606, 707, 808]);
const BATCH0 = new TextEncoder().encode('batch 0: two transfers and an ERC20 deployment (stand-in bytes)');
const BATCH1 = new TextEncoder().encode('batch 1: a different batch');

let node: LocalL1Node;
let rollup: L1Client;
let vk: VerifyingKey;
let batch0: { inputs: BatchPublicInputs; proof: Uint8Array };
let batch1: { inputs: BatchPublicInputs; proof: Uint8Array };

beforeAll(async () => {
  node = await startLocalNode();
  const wallet = await L1Wallet.connect({ rpcUrl: node.url, privateKey: node.accounts[0]!.privateKey });
  const keys = setup(system, DEFAULT_CONFIG);
  vk = keys.verifyingKey;
  const source = generateVerifier(system, DEFAULT_CONFIG, vk, { contractName: 'ToyBatchVerifier' });
  const verifier = await deployContract(wallet, compileArtifact({ 'ToyBatchVerifier.sol': source }, 'ToyBatchVerifier'));
  rollup = new L1Client(wallet, (await deployRollup(wallet, { verifier: verifier.address, genesisStateRoot: GENESIS })).address);
  await rollup.commitBatch(BATCH0);
  await rollup.commitBatch(BATCH1);
  batch0 = proveToyBatch(keys.provingKey, GENESIS, BATCH0);
  batch1 = proveToyBatch(keys.provingKey, batch0.inputs.newStateRoot, BATCH1);
});

afterAll(async () => {
  await node?.stop();
});

describe('proveBatch with a real STARK verifier', () => {
  it('the TypeScript verifier accepts both proofs', () => {
    expect(tsAccepts(vk, batch0.proof, batch0.inputs)).toBe(true);
    expect(tsAccepts(vk, batch1.proof, batch1.inputs)).toBe(true);
  });

  it('one flipped bit anywhere in the proof reverts, and the TypeScript verifier rejects it too (seeded)', async () => {
    const rng = new SeededRng(0x5eed_0001);
    const outcomes = new Set<string>();
    const flips = 24;
    for (let t = 0; t < flips; t++) {
      const mutated = batch0.proof.slice();
      // Spread over the whole proof: header, commitments, openings, FRI layers, final polynomial.
      const byte = Math.floor(((t + rng.below(1000) / 1000) * mutated.length) / flips);
      mutated[byte]! ^= 1 << rng.below(8);
      const outcome = await onChainOutcome(rollup, 0, mutated, batch0.inputs);
      expect(outcome, `bit flip in byte ${byte}`).not.toBe('accepted');
      expect(['InvalidProof', 'VerifierReverted']).toContain(outcome);
      expect(tsAccepts(vk, mutated, batch0.inputs), `TS verifier, byte ${byte}`).toBe(false);
      outcomes.add(outcome);
    }
    expect(outcomes.has('InvalidProof')).toBe(true);
  });

  it('a changed public input (new root) reverts with InvalidProof', async () => {
    const elements = stateRootElements(batch0.inputs.newStateRoot);
    elements[3] = add(elements[3]!, 1);
    const changed = { ...batch0.inputs, newStateRoot: stateRootFromElements(elements) };
    expect(await onChainOutcome(rollup, 0, batch0.proof, changed)).toBe('InvalidProof');
    expect(tsAccepts(vk, batch0.proof, changed)).toBe(false);
  });

  it("a proof for another batch reverts (with this batch's statement: InvalidProof; with its own: the rollup's checks)", async () => {
    expect(await onChainOutcome(rollup, 0, batch1.proof, batch0.inputs)).toBe('InvalidProof');
    expect(await onChainOutcome(rollup, 0, batch1.proof, batch1.inputs)).toBe('WrongPreviousStateRoot');
    expect(await onChainOutcome(rollup, 1, batch1.proof, batch1.inputs)).toBe('BatchOutOfOrder');
  });

  it('a truncated proof reverts with VerifierReverted', async () => {
    for (const keep of [0, 1, 64, batch0.proof.length >> 1, batch0.proof.length - 1]) {
      expect(await onChainOutcome(rollup, 0, batch0.proof.subarray(0, keep), batch0.inputs), `first ${keep} bytes`).toBe('VerifierReverted');
    }
  });

  it('the valid proof finalizes the batch; a replay reverts with BatchAlreadyFinalized; the next batch follows', async () => {
    const r0 = await rollup.proveBatch(0, batch0.proof, batch0.inputs);
    expect(await rollup.finalizedStateRoot()).toBe(batch0.inputs.newStateRoot);
    expect(await rollup.finalizedBatches()).toBe(1n);
    expect(r0.gasUsed).toBe(21_000n + BigInt(r0.calldataGas) + r0.executionGas);
    expect(r0.calldataBytes).toBeGreaterThan(batch0.proof.length);

    await expect(rollup.proveBatch(0, batch0.proof, batch0.inputs)).rejects.toMatchObject({ errorName: 'BatchAlreadyFinalized' });

    await rollup.proveBatch(1, batch1.proof, batch1.inputs);
    expect(await rollup.finalizedStateRoot()).toBe(batch1.inputs.newStateRoot);
    expect(await rollup.finalizedBatches()).toBe(2n);
    console.info(
      `proveBatch (toy AIR, ${ROWS} rows, DEFAULT_CONFIG): proof ${batch0.proof.length} B, calldata ${r0.calldataBytes} B, ` +
        `gasUsed ${r0.gasUsed} = 21000 + calldata ${r0.calldataGas} + execution ${r0.executionGas}`,
    );
  });
});
