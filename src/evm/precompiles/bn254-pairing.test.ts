import { bn254 } from '@noble/curves/bn254.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { bigIntToBytes } from './bytes.ts';
import { runBn254Pairing } from './bn254-pairing.ts';

const G1_HEX = '00'.repeat(31) + '01' + '00'.repeat(31) + '02';
// EIP-197 G2 generator (x_im, x_re, y_im, y_re) and its negation.
const G2_HEX =
  '198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa';
const NEG_G2_HEX =
  '198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed275dc4a288d1afb3cbb1ac09187524c7db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d';
const ONE = '00'.repeat(31) + '01';
const ZERO = '00'.repeat(32);

// go-ethereum core/vm/testdata/precompiles/bn256Pairing.json
const GETH_VECTORS = [
  {
    name: 'jeff1',
    input:
      '1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2032c61a830e3c17286de9462bf242fca2883585b93870a73853face6a6bf411' +
      G2_HEX,
    expected: ONE,
    gas: 113000n,
  },
  {
    name: 'jeff2',
    input:
      '2eca0c7238bf16e83e7a1e6c5d49540685ff51380f309842a98561558019fc0203d3260361bb8451de5ff5ecd17f010ff22f5c31cdf184e9020b06fa5997db841213d2149b006137fcfb23036606f848d638d576a120ca981b5b1a5f9300b3ee2276cf730cf493cd95d64677bbb75fc42db72513a4c1e387b476d056f80aa75f21ee6226d31426322afcda621464d0611d226783262e21bb3bc86b537e986237096df1f82dff337dd5972e32a8ad43e28a78a96a823ef1cd4debe12b6552ea5f06967a1237ebfeca9aaae0d6d0bab8e28c198c5a339ef8a2407e31cdac516db922160fa257a5fd5b280642ff47b65eca77e626cb685c84fa6d3b6882a283ddd1' +
      G2_HEX,
    expected: ONE,
    gas: 113000n,
  },
  {
    name: 'jeff6 (product is not 1)',
    input:
      '1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c103188585e2364128fe25c70558f1560f4f9350baf3959e603cc91486e110936' +
      G2_HEX,
    expected: ZERO,
    gas: 113000n,
  },
  { name: 'empty_data', input: '', expected: ONE, gas: 45000n },
  { name: 'one_point', input: G1_HEX + G2_HEX, expected: ZERO, gas: 79000n },
  { name: 'two_point_match_2', input: G1_HEX + G2_HEX + G1_HEX + NEG_G2_HEX, expected: ONE, gas: 113000n },
  {
    name: 'two_point_match_3',
    input:
      '00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad7927dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9195e8aa5b7827463722b8c153931579d3505566b4edf48d498e185f0509de15204bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2e030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd31a76dae6d3272396d0cbe61fced2bc532edac647851e3ac53ce1cc9c7e645a83' +
      G2_HEX,
    expected: ONE,
    gas: 113000n,
  },
  {
    name: 'two_point_match_4',
    input:
      '105456a333e6d636854f987ea7bb713dfd0ae8371a72aea313ae0c32c0bf10160cf031d41b41557f3e7e3ba0c51bebe5da8e6ecd855ec50fc87efcdeac168bcc0476be093a6d2b4bbf907172049874af11e1b6267606e00804d3ff0037ec57fd3010c68cb50161b7d1d96bb71edfec9880171954e56871abf3d93cc94d745fa114c059d74e5b6c4ec14ae5864ebe23a71781d86c29fb8fb6cce94f70d3de7a2101b33461f39d9e887dbb100f170a2345dde3c07e256d1dfa2b657ba5cd030427000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000021a2c3013d2ea92e13c800cde68ef56a294b883f6ac35d25f587c09b1b3c635f7290158a80cd3d66530f74dc94c94adb88f5cdb481acca997b6e60071f08a115f2f997f3dbd66a7afe07fe7862ce239edba9e05c5afff7f8a1259c9733b2dfbb929d1691530ca701b4a106054688728c9972c8512e9789e9567aae23e302ccd75',
    expected: ONE,
    gas: 113000n,
  },
  {
    name: 'ten_point_match_1',
    input: (G1_HEX + G2_HEX + G1_HEX + NEG_G2_HEX).repeat(5),
    expected: ONE,
    gas: 385000n,
  },
];

const { Fp, Fp2 } = bn254.fields;

/** EIP-197 encoding of an affine G2 point given its Fp2 coordinates. */
function encodeG2(x: { c0: bigint; c1: bigint }, y: { c0: bigint; c1: bigint }): string {
  return [x.c1, x.c0, y.c1, y.c0].map((c) => bytesToHex(bigIntToBytes(c, 32))).join('');
}

/** A point on the twist y^2 = x^3 + b' that is NOT in the order-r subgroup (found by trying x = k + u). */
function twistPointOutsideSubgroup(): string {
  const b = bn254.G2.Point.CURVE().b;
  for (let k = 1n; ; k++) {
    const x = Fp2.fromBigTuple([k, 1n]);
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b);
    let y;
    try {
      y = Fp2.sqrt(rhs);
    } catch {
      continue; // not a square: no point with this x
    }
    const point = bn254.G2.Point.fromAffine({ x, y });
    if (!point.isTorsionFree()) return encodeG2(x, y);
  }
}

describe('BN254 PAIRING precompile (EIP-197, EIP-1108 gas)', () => {
  for (const v of GETH_VECTORS) {
    it(`go-ethereum vector ${v.name}`, () => {
      expect(runBn254Pairing(hexToBytes(v.input), 1_000_000n)).toEqual({ ok: true, gasUsed: v.gas, output: hexToBytes(v.expected) });
    });
  }

  it('skips pairs containing a point at infinity', () => {
    const input = '00'.repeat(64) + G2_HEX + G1_HEX + '00'.repeat(128);
    expect(runBn254Pairing(hexToBytes(input), 113000n)).toEqual({ ok: true, gasUsed: 113000n, output: hexToBytes(ONE) });
  });

  it('halts when the input length is not a multiple of 192 (go-ethereum fail-bn256Pairing.json)', () => {
    expect(runBn254Pairing(hexToBytes(G1_HEX + G2_HEX + '00'), 1_000_000n)).toMatchObject({ ok: false });
    expect(runBn254Pairing(hexToBytes((G1_HEX + G2_HEX).slice(2)), 1_000_000n)).toMatchObject({ ok: false });
  });

  it('halts on a G2 point on the twist but outside the order-r subgroup', () => {
    expect(runBn254Pairing(hexToBytes(G1_HEX + twistPointOutsideSubgroup()), 1_000_000n)).toMatchObject({ ok: false });
  });

  it('halts on a G2 point that is not on the twist, and on swapped (re, im) coordinates', () => {
    const notOnCurve = G2_HEX.slice(0, 255) + (G2_HEX[255] === '0' ? '1' : '0');
    expect(runBn254Pairing(hexToBytes(G1_HEX + notOnCurve), 1_000_000n)).toMatchObject({ ok: false });
    const swapped = G2_HEX.slice(64, 128) + G2_HEX.slice(0, 64) + G2_HEX.slice(192, 256) + G2_HEX.slice(128, 192);
    expect(runBn254Pairing(hexToBytes(G1_HEX + swapped), 1_000_000n)).toMatchObject({ ok: false });
  });

  it('halts on an invalid G1 point and on coordinates >= p, even when the other point is infinity', () => {
    const badG1 = '00'.repeat(31) + '01' + '00'.repeat(31) + '03';
    expect(runBn254Pairing(hexToBytes(badG1 + G2_HEX), 1_000_000n)).toMatchObject({ ok: false });
    expect(runBn254Pairing(hexToBytes(badG1 + '00'.repeat(128)), 1_000_000n)).toMatchObject({ ok: false });
    const pHex = bytesToHex(bigIntToBytes(Fp.ORDER, 32));
    expect(runBn254Pairing(hexToBytes('00'.repeat(64) + pHex + G2_HEX.slice(64)), 1_000_000n)).toMatchObject({ ok: false });
  });

  it('gives the same answers when G2 points are served from the validation memo', () => {
    const outside = hexToBytes(G1_HEX + twistPointOutsideSubgroup());
    const balanced = hexToBytes(G1_HEX + G2_HEX + G1_HEX + NEG_G2_HEX);
    const unbalanced = hexToBytes(G1_HEX + G2_HEX + G1_HEX + G2_HEX);
    for (let round = 0; round < 2; round++) {
      expect(runBn254Pairing(outside, 1_000_000n)).toMatchObject({ ok: false });
      expect(runBn254Pairing(balanced, 1_000_000n)).toMatchObject({ ok: true, output: hexToBytes(ONE) });
      expect(runBn254Pairing(unbalanced, 1_000_000n)).toMatchObject({ ok: true, output: hexToBytes(ZERO) });
    }
  });

  it('halts when the gas limit is below 45000 + 34000 k', () => {
    expect(runBn254Pairing(hexToBytes(G1_HEX + G2_HEX), 78999n)).toMatchObject({ ok: false });
    expect(runBn254Pairing(new Uint8Array(0), 44999n)).toMatchObject({ ok: false });
  });
});
