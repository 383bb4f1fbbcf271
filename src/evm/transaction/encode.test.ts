import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { rlpEncode, rlpEncodeBigInt } from '../rlp.ts';
import { encodeTransaction, signingHash, TransactionEncodeError, unsignedFields, type UnsignedTransaction } from './encode.ts';

function hex(b: Uint8Array): string {
  return '0x' + Buffer.from(b).toString('hex');
}

/** The EIP-155 example transaction (unsigned). */
const EIP155: UnsignedTransaction = {
  type: 0,
  chainId: 1n,
  nonce: 9n,
  gasPrice: 20_000_000_000n,
  maxFeePerGas: 20_000_000_000n,
  maxPriorityFeePerGas: 20_000_000_000n,
  gasLimit: 21000n,
  to: BigInt('0x' + '35'.repeat(20)),
  value: 10n ** 18n,
  data: new Uint8Array(0),
  accessList: [],
  maxFeePerBlobGas: 0n,
  blobVersionedHashes: [],
};

describe('transaction encoding', () => {
  it('EIP-155 signing data and hash match the EIP example', () => {
    // EIP-155 "Example": signing data and signing hash as printed in the EIP.
    const fields = unsignedFields(EIP155);
    fields.push(rlpEncodeBigInt(1n), new Uint8Array(0), new Uint8Array(0));
    expect(hex(rlpEncode(fields))).toBe(
      '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080',
    );
    expect(hex(signingHash(EIP155))).toBe('0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53');
  });

  it('pre-EIP-155 legacy signs the six plain fields', () => {
    const pre = { ...EIP155, chainId: null };
    expect(hex(signingHash(pre))).toBe(hex(keccak_256(rlpEncode(unsignedFields(pre)))));
    expect(unsignedFields(pre)).toHaveLength(6);
  });

  it('typed transactions sign keccak(type || rlp(payload without signature))', () => {
    const t2: UnsignedTransaction = { ...EIP155, type: 2, maxPriorityFeePerGas: 1n, maxFeePerGas: 2n };
    const payload = rlpEncode(unsignedFields(t2));
    expect(unsignedFields(t2)).toHaveLength(9);
    expect(hex(signingHash(t2))).toBe(hex(keccak_256(Uint8Array.of(2, ...payload))));
    const signed = encodeTransaction({ ...t2, v: 1n, r: 5n, s: 6n });
    expect(signed[0]).toBe(2);
    expect(hex(signed.subarray(1))).toBe(hex(rlpEncode([...unsignedFields(t2), Uint8Array.of(1), Uint8Array.of(5), Uint8Array.of(6)])));
  });

  it('uses 11/12/14 payload fields for types 1/2/3 including the signature', () => {
    const sig = { v: 0n, r: 1n, s: 1n };
    expect(unsignedFields({ ...EIP155, type: 1 })).toHaveLength(8);
    expect(unsignedFields({ ...EIP155, type: 3, blobVersionedHashes: [new Uint8Array(32)] })).toHaveLength(11);
    expect(encodeTransaction({ ...EIP155, type: 1, ...sig })[0]).toBe(1);
  });

  it('refuses fields the declared type cannot carry', () => {
    expect(() => unsignedFields({ ...EIP155, type: 2, chainId: null })).toThrow(TransactionEncodeError);
    expect(() => unsignedFields({ ...EIP155, accessList: [{ address: 1n, storageKeys: [] }] })).toThrow(TransactionEncodeError);
    expect(() => unsignedFields({ ...EIP155, type: 2, maxFeePerBlobGas: 1n })).toThrow(TransactionEncodeError);
  });

  it('refuses integers wider than their field', () => {
    expect(() => unsignedFields({ ...EIP155, nonce: 1n << 64n })).toThrow(TransactionEncodeError);
    expect(() => unsignedFields({ ...EIP155, nonce: (1n << 64n) - 1n })).not.toThrow();
    expect(() => unsignedFields({ ...EIP155, gasLimit: 1n << 64n })).toThrow(TransactionEncodeError);
    expect(() => unsignedFields({ ...EIP155, value: 1n << 256n })).toThrow(TransactionEncodeError);
    expect(() => unsignedFields({ ...EIP155, value: -1n })).toThrow(TransactionEncodeError);
    expect(() => encodeTransaction({ ...EIP155, v: 37n, r: 1n << 256n, s: 1n })).toThrow(TransactionEncodeError);
  });
});
