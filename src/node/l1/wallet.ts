/**
 * A signing connection to an L1: any Ethereum JSON-RPC URL plus a funded private key (the local
 * node's dev accounts, or a real network's key from ZKEVM_L1_RPC / ZKEVM_L1_KEY, see config.ts).
 * Also the transaction cost accounting shared by deployment and the rollup client.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  decodeErrorResult,
  defineChain,
  http,
  type Abi,
  type Account,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

/** Where the L1 is and who signs. */
export interface L1Connection {
  readonly rpcUrl: string;
  readonly privateKey: Hex;
}

/** Intrinsic gas of every transaction (yellow paper G_transaction). */
export const TX_BASE_GAS = 21_000;
/** Extra intrinsic gas of a contract creation (G_txcreate). */
export const TX_CREATE_GAS = 32_000;
/** EIP-3860 intrinsic gas per 32-byte word of initcode. */
export const INITCODE_WORD_GAS = 2;

/** What one L1 transaction cost. */
export interface TxCost {
  readonly txHash: Hex;
  readonly blockNumber: bigint;
  /** Total gas used (receipt). */
  readonly gasUsed: bigint;
  /** Bytes of the transaction's input (calldata). */
  readonly calldataBytes: number;
  /** EIP-2028 calldata gas: 16 per nonzero byte, 4 per zero byte (part of gasUsed). */
  readonly calldataGas: number;
  /** gasUsed minus the intrinsic gas (base, calldata, creation): what the EVM code spent. */
  readonly executionGas: bigint;
}

/** A contract call reverted; `errorName` is the custom error's name (decoded with the ABI). */
export class L1RevertError extends Error {
  override readonly name = 'L1RevertError';
  constructor(
    readonly functionName: string,
    /** Custom error name, 'Error' for require strings, 'Panic', or undefined if undecodable. */
    readonly errorName: string | undefined,
    readonly args: readonly unknown[],
    /** Raw revert data when the error could not be decoded. */
    readonly data: Hex | undefined,
  ) {
    super(`${functionName} reverted: ${errorName ?? 'unknown error'}(${args.map(formatArg).join(', ')})${data === undefined ? '' : ` data ${data}`}`);
  }
}

/** A transaction was mined but failed, or the RPC misbehaved. */
export class L1TransactionError extends Error {
  override readonly name = 'L1TransactionError';
}

/** EIP-2028 calldata gas of `data`. */
export function calldataGas(data: Hex): number {
  let gas = 0;
  for (let i = 2; i < data.length; i += 2) gas += data[i] === '0' && data[i + 1] === '0' ? 4 : 16;
  return gas;
}

/** A connected signer: viem public and wallet clients on one chain. */
export class L1Wallet {
  private constructor(
    readonly publicClient: PublicClient<Transport, Chain>,
    readonly walletClient: WalletClient<Transport, Chain, Account>,
    readonly chainId: number,
  ) {}

  /** Connects to `rpcUrl` (reads its chain id) with `privateKey` as the signer. */
  static async connect(connection: L1Connection): Promise<L1Wallet> {
    // A local automining node answers within milliseconds; a real chain needs ~12 s per block.
    const local = /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(connection.rpcUrl);
    // Retries matter even locally: undici may reuse a keep-alive socket the node has closed while
    // this process was busy (fetch failed). But EDR reports reverts as JSON-RPC internal errors,
    // which viem retries too, so a local node gets short delays instead of the default backoff.
    const transport = http(connection.rpcUrl, { timeout: 300_000, ...(local ? { retryCount: 2, retryDelay: 10 } : {}) });
    let chainId: number;
    try {
      chainId = await createPublicClient({ transport }).getChainId();
    } catch (e) {
      throw new L1TransactionError(`L1 at ${connection.rpcUrl} does not answer eth_chainId: ${(e as Error).message}`);
    }
    const chain = defineChain({
      id: chainId,
      name: `L1 ${chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [connection.rpcUrl] } },
    });
    const pollingInterval = local ? 20 : 1_000;
    const publicClient = createPublicClient({ chain, transport, pollingInterval });
    const walletClient = createWalletClient({
      account: privateKeyToAccount(connection.privateKey),
      chain,
      transport,
      pollingInterval,
    });
    return new L1Wallet(publicClient, walletClient, chainId);
  }

  /** The signer's address. */
  get address(): Hex {
    return this.walletClient.account.address;
  }

  /** Waits for `txHash`, throws if it failed, and returns its cost given its input data. */
  async settle(txHash: Hex, calldata: Hex, isCreation = false): Promise<{ receipt: TransactionReceipt; cost: TxCost }> {
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash: txHash, pollingInterval: this.publicClient.pollingInterval });
    if (receipt.status !== 'success') throw new L1TransactionError(`transaction ${txHash} reverted on chain (block ${receipt.blockNumber})`);
    const cdGas = calldataGas(calldata);
    const bytes = (calldata.length - 2) / 2;
    const intrinsic = TX_BASE_GAS + cdGas + (isCreation ? TX_CREATE_GAS + INITCODE_WORD_GAS * Math.ceil(bytes / 32) : 0);
    return {
      receipt,
      cost: {
        txHash,
        blockNumber: receipt.blockNumber,
        gasUsed: receipt.gasUsed,
        calldataBytes: bytes,
        calldataGas: cdGas,
        executionGas: receipt.gasUsed - BigInt(intrinsic),
      },
    };
  }
}

/**
 * `error` as an L1RevertError when it is a revert (custom error decoded with `abi`); any other
 * error is returned unchanged, for the caller to throw.
 */
export function asRevertError(functionName: string, error: unknown, abi: Abi): unknown {
  if (!(error instanceof BaseError)) return error;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (revert instanceof ContractFunctionRevertedError) {
    if (revert.data !== undefined) return new L1RevertError(functionName, revert.data.errorName, revert.data.args ?? [], undefined);
    return new L1RevertError(functionName, undefined, [], revert.raw);
  }
  // Plain transactions (creations) surface the revert as JSON-RPC error data, which viem does not
  // decode: `data` is the hex itself (geth) or { message, data: hex } (Hardhat/EDR).
  let data: Hex | undefined;
  error.walk((e) => {
    data ??= revertData((e as { data?: unknown }).data);
    return false;
  });
  if (data === undefined || data.length < 10) return error;
  try {
    const decoded = decodeErrorResult({ abi, data });
    return new L1RevertError(functionName, decoded.errorName, decoded.args ?? [], undefined);
  } catch {
    return new L1RevertError(functionName, undefined, [], data);
  }
}

function revertData(v: unknown): Hex | undefined {
  const hex = (x: unknown): x is Hex => typeof x === 'string' && /^0x[0-9a-fA-F]*$/.test(x);
  if (hex(v)) return v;
  const inner = (v as { data?: unknown } | null | undefined)?.data;
  return hex(inner) ? inner : undefined;
}

function formatArg(a: unknown): string {
  return typeof a === 'bigint' ? a.toString() : typeof a === 'string' ? a : JSON.stringify(a);
}
