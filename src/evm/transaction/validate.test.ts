import { describe, expect, it } from 'vitest';
import type { Transaction } from '../types.ts';
import { signTransaction } from './sign.ts';
import { checkTransactionStatic, MAX_INITCODE_SIZE } from './validate.ts';

type Unsigned = Omit<Transaction, 'v' | 'r' | 's' | 'sender' | 'hash'>;
const KEY = new Uint8Array(32).fill(7);

function tx(overrides: Partial<Unsigned>): Transaction {
  const unsigned: Unsigned = {
    type: 2,
    chainId: 1n,
    nonce: 0n,
    gasPrice: 0n,
    maxFeePerGas: 100n,
    maxPriorityFeePerGas: 1n,
    gasLimit: 100000n,
    to: 0x1234n,
    value: 0n,
    data: new Uint8Array(0),
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    ...overrides,
  };
  return signTransaction(unsigned, KEY).tx;
}

function codeOf(t: Transaction, chainId = 1n): string | undefined {
  return checkTransactionStatic(t, chainId)?.code;
}

const HASH = Uint8Array.from([1, ...new Array<number>(31).fill(9)]);

describe('checkTransactionStatic', () => {
  it('accepts a well-formed transaction of each type', () => {
    expect(codeOf(tx({ type: 0, gasPrice: 5n }))).toBeUndefined();
    expect(codeOf(tx({ type: 0, chainId: null, gasPrice: 5n }), 12345n)).toBeUndefined();
    expect(codeOf(tx({ type: 1, gasPrice: 5n }))).toBeUndefined();
    expect(codeOf(tx({}))).toBeUndefined();
    expect(codeOf(tx({ type: 3, blobVersionedHashes: [HASH], maxFeePerBlobGas: 1n }))).toBeUndefined();
  });

  it('checks the chain id (EIP-155 / typed)', () => {
    expect(codeOf(tx({}), 5n)).toBe('INVALID_CHAINID');
    expect(codeOf(tx({ type: 0, chainId: 5n, gasPrice: 1n }))).toBe('INVALID_CHAINID');
  });

  it('checks intrinsic gas against the gas limit', () => {
    expect(codeOf(tx({ gasLimit: 20999n }))).toBe('INTRINSIC_GAS_TOO_LOW');
    expect(codeOf(tx({ gasLimit: 21000n }))).toBeUndefined();
    expect(codeOf(tx({ to: null, gasLimit: 52999n }))).toBe('INTRINSIC_GAS_TOO_LOW');
  });

  it('caps the nonce below 2^64 - 1 (EIP-2681)', () => {
    expect(codeOf(tx({ nonce: (1n << 64n) - 1n }))).toBe('NONCE_IS_MAX');
    expect(codeOf(tx({ nonce: (1n << 64n) - 2n }))).toBeUndefined();
  });

  it('limits initcode to 49152 bytes (EIP-3860)', () => {
    expect(codeOf(tx({ to: null, data: new Uint8Array(MAX_INITCODE_SIZE), gasLimit: 10_000_000n }))).toBeUndefined();
    expect(codeOf(tx({ to: null, data: new Uint8Array(MAX_INITCODE_SIZE + 1), gasLimit: 10_000_000n }))).toBe('INITCODE_SIZE_EXCEEDED');
    // calls may carry more data than that
    expect(codeOf(tx({ data: new Uint8Array(MAX_INITCODE_SIZE + 1), gasLimit: 10_000_000n }))).toBeUndefined();
  });

  it('checks fee fields (EIP-1559) and the up-front cost width', () => {
    expect(codeOf(tx({ maxPriorityFeePerGas: 101n }))).toBe('PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS');
    expect(codeOf(tx({ maxFeePerGas: (1n << 256n) - 1n, maxPriorityFeePerGas: 0n }))).toBe('GASLIMIT_PRICE_PRODUCT_OVERFLOW');
  });

  it('applies the EIP-4844 rules', () => {
    const blob = (o: Partial<Unsigned>) => tx({ type: 3, maxFeePerBlobGas: 1n, blobVersionedHashes: [HASH], ...o });
    expect(codeOf(blob({ to: null }))).toBe('TYPE_3_TX_CONTRACT_CREATION');
    expect(codeOf(blob({ blobVersionedHashes: [] }))).toBe('TYPE_3_TX_ZERO_BLOBS');
    expect(codeOf(blob({ blobVersionedHashes: new Array<Uint8Array>(6).fill(HASH) }))).toBeUndefined();
    expect(codeOf(blob({ blobVersionedHashes: new Array<Uint8Array>(7).fill(HASH) }))).toBe('TYPE_3_TX_BLOB_COUNT_EXCEEDED');
    expect(codeOf(blob({ blobVersionedHashes: [HASH, new Uint8Array(32).fill(2)] }))).toBe('TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH');
  });
});
