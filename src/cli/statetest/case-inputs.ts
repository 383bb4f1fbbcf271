/**
 * Conversion of a validated state test into the EVM's inputs: the block environment and,
 * for fixtures without `txbytes`, the signed transaction of a case.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { signTransaction } from '../../evm/transaction/sign.ts';
import type { BlockEnv, Transaction } from '../../evm/types.ts';
import type { CaseIndex, StateTestEnv, TransactionTemplate } from './fixture.ts';
import { FixtureError } from './fixture.ts';

/** Chain id of every GeneralStateTests case (mainnet). */
export const STATE_TEST_CHAIN_ID = 1n;

const toHex = (b: Uint8Array): string => '0x' + Buffer.from(b).toString('hex');

const blockHashCache = new Map<bigint, bigint>();

/**
 * BLOCKHASH in state tests follows go-ethereum's convention (tests/state_test_util.go,
 * vmTestBlockHash): hash(n) = keccak256 of the decimal string of n. The EVM restricts queries
 * to the 256 most recent blocks; here any earlier block has a hash.
 */
function stateTestBlockHash(current: bigint): (n: bigint) => bigint | undefined {
  return (n: bigint) => {
    if (n < 0n || n >= current) return undefined;
    let h = blockHashCache.get(n);
    if (h === undefined) {
      h = BigInt(toHex(keccak_256(new TextEncoder().encode(n.toString(10)))));
      blockHashCache.set(n, h);
    }
    return h;
  };
}

/** The block environment of a state test. */
export function blockEnvOf(env: StateTestEnv): BlockEnv {
  return {
    number: env.number,
    timestamp: env.timestamp,
    coinbase: env.coinbase,
    gasLimit: env.gasLimit,
    baseFee: env.baseFee,
    prevRandao: env.prevRandao,
    excessBlobGas: env.excessBlobGas,
    chainId: STATE_TEST_CHAIN_ID,
    blockHash: stateTestBlockHash(env.number),
  };
}

/**
 * Builds and signs the transaction of a case from the `transaction` section, for fixtures
 * without `txbytes`. The type follows the fields present, as the fixture fillers do: blob
 * hashes → 3, fee caps → 2, an access list → 1, else legacy. Legacy ones are signed without
 * chain id (pre-EIP-155) like the ethereum/tests fillers; the Pyspecs fixtures sign theirs with
 * chain id 1, which changes the signature and hash but not the execution.
 */
export function transactionFromTemplate(t: TransactionTemplate, index: CaseIndex): Transaction {
  const accessList = t.accessLists?.[index.data] ?? null;
  const type = t.blobVersionedHashes !== undefined ? 3 : t.maxFeePerGas !== undefined ? 2 : accessList !== null ? 1 : 0;
  let maxFeePerGas: bigint;
  let maxPriorityFeePerGas: bigint;
  if (type >= 2) {
    if (t.maxPriorityFeePerGas === undefined) throw new FixtureError('transaction.maxPriorityFeePerGas', 'missing');
    maxFeePerGas = t.maxFeePerGas!;
    maxPriorityFeePerGas = t.maxPriorityFeePerGas;
  } else {
    if (t.gasPrice === undefined) throw new FixtureError('transaction.gasPrice', 'missing');
    maxFeePerGas = t.gasPrice;
    maxPriorityFeePerGas = t.gasPrice;
  }
  if (type === 3 && t.maxFeePerBlobGas === undefined) throw new FixtureError('transaction.maxFeePerBlobGas', 'missing');
  const { tx } = signTransaction(
    {
      type,
      chainId: type === 0 ? null : STATE_TEST_CHAIN_ID,
      nonce: t.nonce,
      gasPrice: maxFeePerGas,
      maxFeePerGas,
      maxPriorityFeePerGas,
      gasLimit: t.gasLimit[index.gas]!,
      to: t.to,
      value: t.value[index.value]!,
      data: t.data[index.data]!,
      accessList: accessList ?? [],
      maxFeePerBlobGas: type === 3 ? t.maxFeePerBlobGas! : 0n,
      blobVersionedHashes: t.blobVersionedHashes ?? [],
    },
    t.secretKey,
  );
  if (t.sender !== undefined && tx.sender !== t.sender) {
    throw new FixtureError('transaction.secretKey', `signs as 0x${tx.sender.toString(16)}, not transaction.sender`);
  }
  return tx;
}
