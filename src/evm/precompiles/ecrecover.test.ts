import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { bigIntToBytes } from './bytes.ts';
import { runEcrecover } from './ecrecover.ts';

// go-ethereum core/vm/testdata/precompiles/ecRecover.json
const GETH_VECTORS = [
  {
    name: 'CallEcrecoverUnrecoverableKey',
    input:
      'a8b53bdf3306a35a7103ab5504a0c9b492295564b6202b1942a84ef300107281000000000000000000000000000000000000000000000000000000000000001b307835653165303366353363653138623737326363623030393366663731663366353366356337356237346463623331613835616138623838393262346538621122334455667788991011121314151617181920212223242526272829303132',
    expected: '',
  },
  {
    name: 'ValidKey',
    input:
      '18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c000000000000000000000000000000000000000000000000000000000000001c73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75feeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549',
    expected: '000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b',
  },
  {
    name: 'InvalidHighV-bits-1',
    input:
      '18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c100000000000000000000000000000000000000000000000000000000000001c73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75feeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549',
    expected: '',
  },
  {
    name: 'InvalidHighV-bits-2',
    input:
      '18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c000000000000000000000000000000000000001000000000000000000000001c73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75feeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549',
    expected: '',
  },
  {
    name: 'InvalidHighV-bits-3',
    input:
      '18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c000000000000000000000000000000000000001000000000000000000000011c73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75feeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549',
    expected: '',
  },
];

const N = secp256k1.Point.CURVE().n;

function input(hash: Uint8Array, v: bigint, r: bigint, s: bigint): Uint8Array {
  const out = new Uint8Array(128);
  out.set(hash, 0);
  out.set(bigIntToBytes(v, 32), 32);
  out.set(bigIntToBytes(r, 32), 64);
  out.set(bigIntToBytes(s, 32), 96);
  return out;
}

function addressOf(privateKey: Uint8Array): string {
  const publicKey = secp256k1.getPublicKey(privateKey, false);
  return '000000000000000000000000' + bytesToHex(keccak_256(publicKey.subarray(1)).subarray(12));
}

describe('ECRECOVER precompile', () => {
  for (const v of GETH_VECTORS) {
    it(`go-ethereum vector ${v.name}`, () => {
      expect(runEcrecover(hexToBytes(v.input), 3000n)).toEqual({ ok: true, gasUsed: 3000n, output: hexToBytes(v.expected) });
    });
  }

  it('recovers the signer of fresh signatures, including the high-s twin (allowed for the precompile)', () => {
    for (let i = 1; i <= 8; i++) {
      const privateKey = keccak_256(new Uint8Array([i]));
      const hash = keccak_256(new Uint8Array([i, i]));
      const sig = secp256k1.Signature.fromBytes(secp256k1.sign(hash, privateKey, { prehash: false, format: 'recovered' }), 'recovered');
      const expected = addressOf(privateKey);
      const low = runEcrecover(input(hash, 27n + BigInt(sig.recovery!), sig.r, sig.s), 3000n);
      expect(low.ok && bytesToHex(low.output)).toBe(expected);
      // (r, n - s) with the opposite recovery bit is the same signature mirrored: same signer.
      const high = runEcrecover(input(hash, 28n - BigInt(sig.recovery!), sig.r, N - sig.s), 3000n);
      expect(high.ok && bytesToHex(high.output)).toBe(expected);
    }
  });

  it('returns empty output (success, 3000 gas) for r or s out of range', () => {
    const hash = new Uint8Array(32).fill(7);
    const valid = secp256k1.Signature.fromBytes(secp256k1.sign(hash, keccak_256(new Uint8Array([1])), { prehash: false, format: 'recovered' }), 'recovered');
    const v = 27n + BigInt(valid.recovery!);
    for (const [r, s] of [[0n, valid.s], [valid.r, 0n], [N, valid.s], [valid.r, N], [(1n << 256n) - 1n, valid.s]] as const) {
      expect(runEcrecover(input(hash, v, r, s), 3000n)).toEqual({ ok: true, gasUsed: 3000n, output: new Uint8Array(0) });
    }
  });

  it('right-pads short input with zeros (v = 0 is then invalid, giving empty output)', () => {
    expect(runEcrecover(new Uint8Array(0), 3000n)).toEqual({ ok: true, gasUsed: 3000n, output: new Uint8Array(0) });
    const valid = hexToBytes(GETH_VECTORS[1]!.input);
    // Extra bytes beyond 128 are ignored.
    const longer = new Uint8Array(160);
    longer.set(valid);
    longer.fill(0xff, 128);
    expect(runEcrecover(longer, 3000n)).toEqual(runEcrecover(valid, 3000n));
  });

  it('halts below 3000 gas', () => {
    expect(runEcrecover(hexToBytes(GETH_VECTORS[1]!.input), 2999n)).toMatchObject({ ok: false });
  });
});
