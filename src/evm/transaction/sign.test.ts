/**
 * signTransaction: the EIP-155 worked example, round trips through decodeTransaction for every
 * type, and byte-for-byte agreement with an independent signer (micro-eth-signer, RFC 6979
 * without extra entropy; for pre-EIP-155 legacy, its decoder and sender recovery).
 */
import { Transaction as ReferenceTx } from 'micro-eth-signer';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../types.ts';
import { decodeTransaction } from './decode.ts';
import { signTransaction } from './sign.ts';
import { SECP256K1_HALF_N } from './signature.ts';

type Unsigned = Omit<Transaction, 'v' | 'r' | 's' | 'sender' | 'hash'>;

const KEY = new Uint8Array(32).fill(0x46);
const TO = BigInt('0x' + '35'.repeat(20));

function hex(b: Uint8Array): string {
  return '0x' + Buffer.from(b).toString('hex');
}

function base(overrides: Partial<Unsigned>): Unsigned {
  return {
    type: 0,
    chainId: 1n,
    nonce: 9n,
    gasPrice: 20_000_000_000n,
    maxFeePerGas: 20_000_000_000n,
    maxPriorityFeePerGas: 20_000_000_000n,
    gasLimit: 21000n,
    to: TO,
    value: 10n ** 18n,
    data: new Uint8Array(0),
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    ...overrides,
  };
}

const ACCESS_LIST = [
  { address: BigInt('0x' + '11'.repeat(20)), storageKeys: [1n, (1n << 255n) + 7n] },
  { address: 0n, storageKeys: [] },
];
const BLOB_HASH = Uint8Array.from([1, ...new Array<number>(31).fill(0xaa)]);

const CASES: Record<string, Unsigned> = {
  'legacy pre-EIP-155': base({ chainId: null, nonce: 0n, data: Uint8Array.of(0, 1, 2) }),
  'legacy EIP-155': base({}),
  'EIP-2930': base({ type: 1, accessList: ACCESS_LIST, gasLimit: 40000n }),
  'EIP-1559 create': base({ type: 2, to: null, maxPriorityFeePerGas: 2n, maxFeePerGas: 100n, data: Uint8Array.of(0x60, 0, 0x60, 0, 0xf3), gasLimit: 100000n }),
  'EIP-4844': base({ type: 3, chainId: 1337n, maxPriorityFeePerGas: 1n, maxFeePerGas: 10n, maxFeePerBlobGas: 5n, blobVersionedHashes: [BLOB_HASH, BLOB_HASH], accessList: ACCESS_LIST }),
};

/** The same transaction in micro-eth-signer's input format. */
function reference(tx: Unsigned): ReturnType<typeof ReferenceTx.prepare> {
  const addr = (a: bigint) => '0x' + a.toString(16).padStart(40, '0');
  const word = (k: bigint) => '0x' + k.toString(16).padStart(64, '0');
  const common = {
    to: tx.to === null ? '0x' : addr(tx.to),
    value: tx.value,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    data: hex(tx.data),
  };
  const accessList = tx.accessList.map((e) => ({ address: addr(e.address), storageKeys: e.storageKeys.map(word) }));
  const fields =
    tx.type === 0
      ? { type: 'legacy', ...common, gasPrice: tx.gasPrice, ...(tx.chainId === null ? {} : { chainId: tx.chainId }) }
      : tx.type === 1
        ? { type: 'eip2930', ...common, gasPrice: tx.gasPrice, chainId: tx.chainId, accessList }
        : {
            type: tx.type === 2 ? 'eip1559' : 'eip4844',
            ...common,
            chainId: tx.chainId,
            accessList,
            maxFeePerGas: tx.maxFeePerGas,
            maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
            ...(tx.type === 3 ? { maxFeePerBlobGas: tx.maxFeePerBlobGas, blobVersionedHashes: tx.blobVersionedHashes.map(hex) } : {}),
          };
  return ReferenceTx.prepare(fields as never, false);
}

describe('signTransaction', () => {
  it('reproduces the EIP-155 example transaction', () => {
    // EIP-155 "Example": private key 0x4646...46, nonce 9, 20 gwei, 21000 gas, to 0x3535...35, 1 ether.
    const { tx, raw } = signTransaction(base({}), KEY);
    expect(hex(raw)).toBe(
      '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0' +
        '28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83',
    );
    expect(tx.v).toBe(37n);
    expect(tx.sender).toBe(0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4fn);
  });

  for (const [name, unsigned] of Object.entries(CASES)) {
    it(`${name}: decodes back to the same transaction and matches an independent signer`, () => {
      const { tx, raw } = signTransaction(unsigned, KEY);
      expect(decodeTransaction(raw)).toEqual(tx);
      expect(tx.s <= SECP256K1_HALF_N).toBe(true);
      // micro-eth-signer always signs legacy with EIP-155, so for pre-155 it only decodes ours.
      const ref = unsigned.chainId === null ? ReferenceTx.fromHex(hex(raw)) : reference(unsigned).signBy(KEY, false);
      expect(hex(raw)).toBe(ref.toHex());
      expect(hex(tx.hash)).toBe(ref.hash.startsWith('0x') ? ref.hash : '0x' + ref.hash);
      expect(tx.sender).toBe(BigInt(ref.sender));
    });
  }

  it('is deterministic (RFC 6979)', () => {
    const a = signTransaction(CASES['EIP-4844']!, KEY).raw;
    const b = signTransaction(CASES['EIP-4844']!, KEY).raw;
    expect(hex(a)).toBe(hex(b));
  });

  it('reports fee fields the way decode does', () => {
    const { tx } = signTransaction(base({ type: 2, gasPrice: 0n, maxFeePerGas: 50n, maxPriorityFeePerGas: 3n }), KEY);
    expect(tx.gasPrice).toBe(50n);
    const legacy = signTransaction(base({ maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }), KEY).tx;
    expect(legacy.maxFeePerGas).toBe(legacy.gasPrice);
    expect(legacy.maxPriorityFeePerGas).toBe(legacy.gasPrice);
  });
});
