/**
 * Types shared across the execution layer: transactions, block environment, logs and results.
 *
 * Representation choices (kept uniform so layers never convert back and forth):
 * - 256-bit words, 160-bit addresses, balances, nonces and gas are `bigint`;
 * - byte strings (code, calldata, return data, hashes) are `Uint8Array`.
 */

/** One entry of an EIP-2930 access list. */
export interface AccessListEntry {
  address: bigint;
  storageKeys: bigint[];
}

/** Transaction envelope types known to Cancun: legacy, EIP-2930, EIP-1559, EIP-4844. */
export type TxType = 0 | 1 | 2 | 3;

/**
 * A decoded, signed transaction. Fields that a type does not have hold their neutral value:
 * legacy and EIP-2930 transactions carry `gasPrice` in both fee-cap fields, non-blob
 * transactions have `maxFeePerBlobGas = 0n` and no versioned hashes.
 */
export interface Transaction {
  type: TxType;
  /** null only for pre-EIP-155 legacy transactions. */
  chainId: bigint | null;
  nonce: bigint;
  /** Legacy/2930 gas price; for 1559/4844 equal to maxFeePerGas. */
  gasPrice: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  gasLimit: bigint;
  /** null for contract creation. */
  to: bigint | null;
  value: bigint;
  data: Uint8Array;
  accessList: AccessListEntry[];
  maxFeePerBlobGas: bigint;
  blobVersionedHashes: Uint8Array[];
  v: bigint;
  r: bigint;
  s: bigint;
  /** Recovered signer. */
  sender: bigint;
  /** keccak256 of the canonical encoding. */
  hash: Uint8Array;
}

/** The block a transaction executes in. */
export interface BlockEnv {
  number: bigint;
  timestamp: bigint;
  coinbase: bigint;
  gasLimit: bigint;
  baseFee: bigint;
  /** PREVRANDAO (EIP-4399). */
  prevRandao: bigint;
  /** Excess blob gas of the block, from which BLOBBASEFEE is derived (EIP-4844). */
  excessBlobGas: bigint;
  chainId: bigint;
  /** Hash of block `number`, or undefined when unknown; BLOCKHASH serves the last 256. */
  blockHash(number: bigint): bigint | undefined;
}

/** A log emitted by LOG0..LOG4. */
export interface Log {
  address: bigint;
  topics: bigint[];
  data: Uint8Array;
}

/** Account contents as test fixtures and genesis files describe them. */
export interface AccountData {
  nonce: bigint;
  balance: bigint;
  code: Uint8Array;
  storage: Map<bigint, bigint>;
}
