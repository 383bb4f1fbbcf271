/**
 * Run a compiled verifier in this repository's EVM (src/evm): deploy it with a contract-creation
 * transaction, then call `verifyProof` with a transaction and read the outcome and gas. Gas is
 * split as Ethereum accounts it: intrinsic = 21000 + calldata (EIP-2028: 16 per non-zero byte,
 * 4 per zero byte), execution = gasUsed − intrinsic.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { createAddress, executeTransaction, WorldState, type BlockEnv, type Transaction } from '../../evm/index.ts';

/** Raised when deployment fails. */
export class EvmHarnessError extends Error {
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'EvmHarnessError';
  }
}

const SENDER = 0x5e0de7n;
const BLOCK_GAS_LIMIT = 100_000_000n;

function block(): BlockEnv {
  return {
    number: 1n,
    timestamp: 1_700_000_000n,
    coinbase: 0xc0ffeen,
    gasLimit: BLOCK_GAS_LIMIT,
    baseFee: 1n,
    prevRandao: 0n,
    excessBlobGas: 0n,
    chainId: 1n,
    blockHash: () => undefined,
  };
}

/** EIP-2028 calldata gas of `data`. */
export function calldataGas(data: Uint8Array): bigint {
  let g = 0n;
  for (const b of data) g += b === 0 ? 4n : 16n;
  return g;
}

/** ABI encoding of `verifyProof(bytes proof, uint256[] publicInputs)`. */
export function encodeVerifyProofCall(proof: Uint8Array, publicInputs: readonly bigint[]): Uint8Array {
  const selector = keccak_256(new TextEncoder().encode('verifyProof(bytes,uint256[])')).subarray(0, 4);
  const proofWords = Math.ceil(proof.length / 32);
  const out = new Uint8Array(4 + 32 * (2 + 1 + proofWords + 1 + publicInputs.length));
  const view = new DataView(out.buffer);
  const word = (offset: number, v: bigint): void => {
    for (let i = 0; i < 4; i++) view.setBigUint64(offset + 8 * i, (v >> BigInt(192 - 64 * i)) & 0xffffffffffffffffn);
  };
  out.set(selector, 0);
  const arrayOffset = 32 * (2 + 1 + proofWords);
  word(4, 64n);
  word(36, BigInt(arrayOffset));
  word(68, BigInt(proof.length));
  out.set(proof, 100);
  word(4 + arrayOffset, BigInt(publicInputs.length));
  publicInputs.forEach((v, i) => word(4 + arrayOffset + 32 + 32 * i, v));
  return out;
}

/** Outcome of one verifyProof call. */
export interface VerifyCallResult {
  /** 'true' / 'false' (the bool returned) or 'revert' / 'halt'. */
  readonly outcome: 'true' | 'false' | 'revert' | 'halt';
  readonly output: Uint8Array;
  readonly gasUsed: bigint;
  readonly calldataGas: bigint;
  /** gasUsed − 21000 − calldataGas. */
  readonly executionGas: bigint;
  readonly calldataBytes: number;
}

/** A local EVM with one deployed contract. */
export class DeployedContract {
  private nonce = 1n;
  private constructor(
    private readonly state: WorldState,
    /** Address of the deployed contract. */
    readonly address: bigint,
    /** Size of its runtime code. */
    readonly codeSize: number,
    /** Gas of the creation transaction. */
    readonly deployGas: bigint,
  ) {}

  /** Deploy `creationCode` by a contract-creation transaction. */
  static deploy(creationCode: Uint8Array): DeployedContract {
    const state = WorldState.fromAccounts(
      new Map([[SENDER, { nonce: 0n, balance: 10n ** 30n, code: new Uint8Array(0), storage: new Map() }]]),
    );
    const out = executeTransaction(state, block(), tx(0n, null, creationCode));
    if (out.kind !== 'executed' || out.status !== 'success' || out.createdAddress === undefined) {
      throw new EvmHarnessError('contract deployment failed', { outcome: out.kind === 'executed' ? out.status : out.error.message });
    }
    const address = out.createdAddress;
    if (address !== createAddress(SENDER, 0n)) throw new EvmHarnessError('unexpected creation address');
    return new DeployedContract(state, address, state.getCode(address).length, out.gasUsed);
  }

  /** Call verifyProof(proof, publicInputs) by a transaction. */
  verifyProof(proof: Uint8Array, publicInputs: readonly bigint[]): VerifyCallResult {
    const data = encodeVerifyProofCall(proof, publicInputs);
    const out = executeTransaction(this.state, block(), tx(this.nonce++, this.address, data));
    if (out.kind !== 'executed') throw new EvmHarnessError('call transaction invalid', { error: out.error.message });
    const cd = calldataGas(data);
    let outcome: VerifyCallResult['outcome'];
    if (out.status === 'success') {
      const o = out.output;
      const isBool = o.length === 32 && o.subarray(0, 31).every((b) => b === 0) && o[31]! <= 1;
      if (!isBool) throw new EvmHarnessError('verifyProof returned a non-bool', { length: o.length });
      outcome = o[31] === 1 ? 'true' : 'false';
    } else {
      outcome = out.status;
    }
    return {
      outcome,
      output: out.output,
      gasUsed: out.gasUsed,
      calldataGas: cd,
      executionGas: out.gasUsed - 21000n - cd,
      calldataBytes: data.length,
    };
  }
}

function tx(nonce: bigint, to: bigint | null, data: Uint8Array): Transaction {
  return {
    type: 2,
    chainId: 1n,
    nonce,
    gasPrice: 1n,
    maxFeePerGas: 1n,
    maxPriorityFeePerGas: 0n,
    gasLimit: BLOCK_GAS_LIMIT,
    to,
    value: 0n,
    data,
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    v: 0n,
    r: 1n,
    s: 1n,
    sender: SENDER,
    hash: new Uint8Array(32),
  };
}
