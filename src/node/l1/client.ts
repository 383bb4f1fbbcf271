/**
 * L1Client: the node's view of a deployed Rollup contract. Posts batches (commitBatch) and proofs
 * (proveBatch), reads the finalized state, and reports what each transaction cost (gas used,
 * calldata bytes, EIP-2028 calldata gas, execution gas). Reverts surface as L1RevertError with
 * the contract's custom error name (e.g. 'BatchAlreadyFinalized').
 */
import { bytesToHex, encodeFunctionData, parseEventLogs, type Abi, type Address, type Hex } from 'viem';
import { rollupArtifact } from './compile.ts';
import type { BatchPublicInputs } from './public-inputs.ts';
import { L1TransactionError, asRevertError, type L1Wallet, type TxCost } from './wallet.ts';

/** Outcome of commitBatch. */
export interface CommitResult extends TxCost {
  readonly batchIndex: bigint;
  /** keccak256 of the batch data, as stored on chain. */
  readonly txCommitment: Hex;
}

/** Outcome of proveBatch. */
export interface ProveResult extends TxCost {
  readonly batchIndex: bigint;
  readonly newStateRoot: Hex;
}

/** The Rollup contract at `address`, driven by `wallet`. */
export class L1Client {
  private readonly abi: Abi;

  constructor(
    readonly wallet: L1Wallet,
    /** The Rollup contract's address. */
    readonly address: Address,
  ) {
    this.abi = rollupArtifact().abi;
  }

  /** Posts a batch's data; resolves when mined, with its index and cost. */
  async commitBatch(batchData: Uint8Array): Promise<CommitResult> {
    const data = bytesToHex(batchData);
    const { receipt, cost } = await this.send('commitBatch', [data]);
    const [event] = parseEventLogs({ abi: this.abi, logs: receipt.logs, eventName: 'BatchCommitted' });
    const args = (event as { args?: { batchIndex: bigint; txCommitment: Hex } } | undefined)?.args;
    if (args === undefined) throw new L1TransactionError(`commitBatch ${cost.txHash}: no BatchCommitted event`);
    return { ...cost, batchIndex: args.batchIndex, txCommitment: args.txCommitment };
  }

  /** Posts a proof of batch `batchIndex`; resolves when its new root is finalized. */
  async proveBatch(batchIndex: bigint | number, proof: Uint8Array, inputs: BatchPublicInputs): Promise<ProveResult> {
    const index = BigInt(batchIndex);
    const { cost } = await this.send('proveBatch', [index, bytesToHex(proof), inputs]);
    return { ...cost, batchIndex: index, newStateRoot: inputs.newStateRoot };
  }

  /** The state root after the last finalized batch. */
  finalizedStateRoot(): Promise<Hex> {
    return this.read('finalizedStateRoot', []) as Promise<Hex>;
  }

  /** Number of committed batches (the next commit's index). */
  committedBatches(): Promise<bigint> {
    return this.read('committedBatches', []) as Promise<bigint>;
  }

  /** Number of finalized batches (the next batch to prove). */
  finalizedBatches(): Promise<bigint> {
    return this.read('finalizedBatches', []) as Promise<bigint>;
  }

  /** keccak256 of committed batch `batchIndex`'s data (zero if not committed). */
  batchCommitment(batchIndex: bigint | number): Promise<Hex> {
    return this.read('batchCommitment', [BigInt(batchIndex)]) as Promise<Hex>;
  }

  /** The verifier's public inputs as the contract computes them (checks public-inputs.ts). */
  async publicInputFields(inputs: BatchPublicInputs): Promise<number[]> {
    const fields = (await this.read('publicInputFields', [inputs])) as readonly bigint[];
    return fields.map(Number);
  }

  /** The verifier contract the rollup calls. */
  verifier(): Promise<Address> {
    return this.read('verifier', []) as Promise<Address>;
  }

  /** Runs proveBatch as an eth_call (nothing is sent): resolves if it would succeed, else throws L1RevertError. */
  async simulateProveBatch(batchIndex: bigint | number, proof: Uint8Array, inputs: BatchPublicInputs): Promise<void> {
    try {
      await this.wallet.publicClient.simulateContract({
        address: this.address,
        abi: this.abi,
        functionName: 'proveBatch',
        args: [BigInt(batchIndex), bytesToHex(proof), inputs],
        account: this.wallet.walletClient.account,
      });
    } catch (e) {
      throw asRevertError('proveBatch', e, this.abi);
    }
  }

  private async read(functionName: string, args: readonly unknown[]): Promise<unknown> {
    try {
      return await this.wallet.publicClient.readContract({ address: this.address, abi: this.abi, functionName, args });
    } catch (e) {
      throw asRevertError(functionName, e, this.abi);
    }
  }

  private async send(functionName: string, args: readonly unknown[]): ReturnType<L1Wallet['settle']> {
    const calldata = encodeFunctionData({ abi: this.abi, functionName, args });
    let txHash: Hex;
    try {
      txHash = await this.wallet.walletClient.writeContract({ address: this.address, abi: this.abi, functionName, args });
    } catch (e) {
      throw asRevertError(functionName, e, this.abi);
    }
    return this.wallet.settle(txHash, calldata);
  }
}
