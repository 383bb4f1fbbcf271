/**
 * Deployment of compiled contracts (creation transactions signed by an L1Wallet), and of the
 * Rollup in particular.
 */
import { encodeDeployData, getAddress, type Address, type Hex } from 'viem';
import { rollupArtifact, type ContractArtifact } from './compile.ts';
import { stateRootElements } from './public-inputs.ts';
import { L1TransactionError, asRevertError, type L1Wallet, type TxCost } from './wallet.ts';

/** A deployed contract and what its creation cost. */
export interface Deployment {
  readonly address: Address;
  readonly cost: TxCost;
  /** Size of the deployed (runtime) code in bytes; EIP-170 caps it at 24,576 on mainnet. */
  readonly codeBytes: number;
}

/** Deploys `artifact` with constructor `args`; throws L1RevertError if the constructor reverts. */
export async function deployContract(wallet: L1Wallet, artifact: ContractArtifact, args: readonly unknown[] = []): Promise<Deployment> {
  const data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args });
  let txHash: Hex;
  try {
    txHash = await wallet.walletClient.sendTransaction({ data });
  } catch (e) {
    throw asRevertError(`${artifact.contractName}.constructor`, e, artifact.abi);
  }
  const { receipt, cost } = await wallet.settle(txHash, data, true);
  const address = receipt.contractAddress;
  if (address === null || address === undefined) throw new L1TransactionError(`${artifact.contractName}: creation ${txHash} has no contract address`);
  const code = await wallet.publicClient.getCode({ address });
  return { address: getAddress(address), cost, codeBytes: code === undefined ? 0 : (code.length - 2) / 2 };
}

/** Constructor parameters of the Rollup. */
export interface RollupDeployOptions {
  /** The STARK verifier contract (IVerifier). */
  readonly verifier: Address;
  /** The only address allowed to commit batches (default: the deploying wallet). */
  readonly sequencer?: Address;
  /** The state root before the first batch (8 canonical BabyBear elements, see public-inputs.ts). */
  readonly genesisStateRoot: Hex;
}

/** Compiles (cached) and deploys contracts/Rollup.sol. */
export async function deployRollup(wallet: L1Wallet, options: RollupDeployOptions): Promise<Deployment> {
  stateRootElements(options.genesisStateRoot); // fail here with a clear message, not as a revert
  return deployContract(wallet, rollupArtifact(), [options.verifier, options.sequencer ?? wallet.address, options.genesisStateRoot]);
}
