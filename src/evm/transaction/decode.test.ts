/**
 * decodeTransaction: targeted rejections beyond the TransactionTests fixtures (typed envelopes,
 * EIP-4844 wrapper form, signature malleability) with the error codes they must carry.
 */
import { describe, expect, it } from 'vitest';
import { rlpDecode, rlpEncode, rlpEncodeBigInt, type RlpItem } from '../rlp.ts';
import type { Transaction } from '../types.ts';
import { decodeTransaction } from './decode.ts';
import { InvalidTransactionError, type InvalidTxCode } from './errors.ts';
import { signTransaction } from './sign.ts';
import { SECP256K1_N } from './signature.ts';

type Unsigned = Omit<Transaction, 'v' | 'r' | 's' | 'sender' | 'hash'>;

const KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

function unsigned(overrides: Partial<Unsigned>): Unsigned {
  return {
    type: 2,
    chainId: 1n,
    nonce: 3n,
    gasPrice: 0n,
    maxFeePerGas: 1000n,
    maxPriorityFeePerGas: 10n,
    gasLimit: 50000n,
    to: 0xdeadbeefn,
    value: 5n,
    data: Uint8Array.of(1, 2, 3),
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    ...overrides,
  };
}

function codeOf(raw: Uint8Array): InvalidTxCode | 'accepted' {
  try {
    decodeTransaction(raw);
    return 'accepted';
  } catch (e) {
    if (e instanceof InvalidTransactionError) return e.code;
    throw e;
  }
}

function withTypeByte(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 1);
  out[0] = type;
  out.set(payload, 1);
  return out;
}

/** Re-encodes a typed transaction after editing its payload list. */
function editTyped(raw: Uint8Array, edit: (fields: RlpItem[]) => void): Uint8Array {
  const fields = rlpDecode(raw.subarray(1)) as RlpItem[];
  edit(fields);
  return withTypeByte(raw[0]!, rlpEncode(fields));
}

function editLegacy(raw: Uint8Array, edit: (fields: RlpItem[]) => void): Uint8Array {
  const fields = rlpDecode(raw) as RlpItem[];
  edit(fields);
  return rlpEncode(fields);
}

describe('decodeTransaction', () => {
  const blob = signTransaction(
    unsigned({ type: 3, maxFeePerBlobGas: 7n, blobVersionedHashes: [new Uint8Array(32).fill(1)] }),
    KEY,
  );

  it('accepts all four envelope types', () => {
    for (const type of [0, 1, 2, 3] as const) {
      const fields = type === 3 ? { type, maxFeePerBlobGas: 1n, blobVersionedHashes: [new Uint8Array(32)] } : { type };
      const { tx, raw } = signTransaction(unsigned(fields), KEY);
      expect(decodeTransaction(raw)).toEqual(tx);
    }
  });

  it('rejects unknown and empty envelopes', () => {
    expect(codeOf(new Uint8Array(0))).toBe('RLP_MALFORMED');
    expect(codeOf(Uint8Array.of(0x04, 0xc0))).toBe('TYPE_NOT_SUPPORTED');
    expect(codeOf(Uint8Array.of(0x00, 0xc0))).toBe('TYPE_NOT_SUPPORTED');
    // an RLP string header is not a transaction type either
    expect(codeOf(Uint8Array.of(0x82, 0x01, 0x02))).toBe('TYPE_NOT_SUPPORTED');
  });

  it('rejects the EIP-4844 network wrapper [tx, blobs, commitments, proofs]', () => {
    const body = rlpDecode(blob.raw.subarray(1)) as RlpItem[];
    const wrapper = rlpEncode([body, [new Uint8Array(131072)], [new Uint8Array(48)], [new Uint8Array(48)]]);
    expect(codeOf(withTypeByte(3, wrapper))).toBe('RLP_TOO_FEW_ELEMENTS');
  });

  it('rejects trailing bytes and wrong element counts', () => {
    expect(codeOf(Uint8Array.of(...blob.raw, 0))).toBe('RLP_MALFORMED');
    expect(codeOf(editTyped(blob.raw, (f) => f.pop()))).toBe('RLP_TOO_FEW_ELEMENTS');
    expect(codeOf(editTyped(blob.raw, (f) => f.push(new Uint8Array(0))))).toBe('RLP_TOO_MANY_ELEMENTS');
  });

  it('rejects high-s (EIP-2), zero r and out-of-range yParity', () => {
    const { raw } = signTransaction(unsigned({}), KEY);
    const s = rlpDecode(raw.subarray(1)) as RlpItem[];
    const sValue = BigInt('0x' + Buffer.from(s[11] as Uint8Array).toString('hex'));
    const flipped = editTyped(raw, (f) => {
      f[11] = rlpEncodeBigInt(SECP256K1_N - sValue);
      f[9] = rlpEncodeBigInt(1n - BigInt((f[9] as Uint8Array).length ? (f[9] as Uint8Array)[0]! : 0));
    });
    expect(codeOf(flipped)).toBe('INVALID_SIGNATURE_VRS');
    expect(codeOf(editTyped(raw, (f) => (f[10] = new Uint8Array(0))))).toBe('INVALID_SIGNATURE_VRS');
    expect(codeOf(editTyped(raw, (f) => (f[9] = Uint8Array.of(2))))).toBe('INVALID_SIGNATURE_VRS');
  });

  it('recovers a different sender when the signed payload changes', () => {
    const { tx, raw } = signTransaction(unsigned({}), KEY);
    const tampered = decodeTransaction(editTyped(raw, (f) => (f[6] = rlpEncodeBigInt(6n))));
    expect(tampered.value).toBe(6n);
    expect(tampered.sender).not.toBe(tx.sender);
  });

  it('applies field widths and canonical integers', () => {
    const { raw } = signTransaction(unsigned({}), KEY);
    expect(codeOf(editTyped(raw, (f) => (f[1] = new Uint8Array(9).fill(1))))).toBe('NONCE_OVERFLOW');
    expect(codeOf(editTyped(raw, (f) => (f[4] = new Uint8Array(9).fill(1))))).toBe('GASLIMIT_OVERFLOW');
    expect(codeOf(editTyped(raw, (f) => (f[6] = new Uint8Array(33).fill(1))))).toBe('RLP_INVALID_VALUE');
    expect(codeOf(editTyped(raw, (f) => (f[1] = Uint8Array.of(0, 3))))).toBe('RLP_LEADING_ZEROS_NONCE');
    expect(codeOf(editTyped(raw, (f) => (f[5] = new Uint8Array(19))))).toBe('ADDRESS_TOO_SHORT');
    expect(codeOf(editTyped(raw, (f) => (f[5] = new Uint8Array(21))))).toBe('ADDRESS_TOO_LONG');
    expect(codeOf(editTyped(raw, (f) => (f[7] = [])))).toBe('RLP_INVALID_DATA');
    expect(codeOf(editTyped(raw, (f) => (f[8] = [[new Uint8Array(20), [new Uint8Array(31)]]])))).toBe(
      'RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT',
    );
    expect(codeOf(editTyped(raw, (f) => (f[8] = [[new Uint8Array(21), []]])))).toBe('RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG');
    expect(codeOf(editTyped(blob.raw, (f) => (f[10] = [new Uint8Array(31)])))).toBe('RLP_INVALID_VALUE');
  });

  it('leaves blob creation and chain checks to validation', () => {
    const create = signTransaction(unsigned({ type: 3, to: null, blobVersionedHashes: [new Uint8Array(32)] }), KEY);
    expect(decodeTransaction(create.raw).to).toBeNull();
    const otherChain = signTransaction(unsigned({ chainId: 5n }), KEY);
    expect(decodeTransaction(otherChain.raw).chainId).toBe(5n);
  });

  it('maps legacy v to chain id and parity', () => {
    const pre = signTransaction(unsigned({ type: 0, chainId: null, gasPrice: 1000n }), KEY);
    expect(decodeTransaction(pre.raw).chainId).toBeNull();
    const post = signTransaction(unsigned({ type: 0, chainId: 1337n, gasPrice: 1000n }), KEY);
    expect(post.tx.v === 1337n * 2n + 35n || post.tx.v === 1337n * 2n + 36n).toBe(true);
    expect(decodeTransaction(post.raw).chainId).toBe(1337n);
    for (const v of [0n, 26n, 29n, 34n]) {
      expect(codeOf(editLegacy(pre.raw, (f) => (f[6] = rlpEncodeBigInt(v))))).toBe('INVALID_CHAINID');
    }
  });
});
