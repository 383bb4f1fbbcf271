import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { runBn254Mul } from './bn254-mul.ts';

// go-ethereum core/vm/testdata/precompiles/bn256ScalarMul.json
const GETH_VECTORS = [
  {
    name: 'chfast1',
    input:
      '2bd3e6d0f3b142924f5ca7b49ce5b9d54c4703d7ae5648e61d02268b1a0a9fb721611ce0a6af85915e2f1d70300909ce2e49dfad4a4619c8390cae66cefdb20400000000000000000000000000000000000000000000000011138ce750fa15c2',
    expected:
      '070a8d6a982153cae4be29d434e8faef8a47b274a053f5a4ee2a6c9c13c31e5c031b8ce914eba3a9ffb989f9cdd5b0f01943074bf4f0f315690ec3cec6981afc',
  },
  {
    name: 'chfast2 (scalar > r)',
    input:
      '070a8d6a982153cae4be29d434e8faef8a47b274a053f5a4ee2a6c9c13c31e5c031b8ce914eba3a9ffb989f9cdd5b0f01943074bf4f0f315690ec3cec6981afc30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd46',
    expected:
      '025a6f4181d2b4ea8b724290ffb40156eb0adb514c688556eb79cdea0752c2bb2eff3f31dea215f1eb86023a133a996eb6300b44da664d64251d05381bb8a02e',
  },
  {
    name: 'chfast3',
    input:
      '025a6f4181d2b4ea8b724290ffb40156eb0adb514c688556eb79cdea0752c2bb2eff3f31dea215f1eb86023a133a996eb6300b44da664d64251d05381bb8a02e183227397098d014dc2822db40c0ac2ecbc0b548b438e5469e10460b6c3e7ea3',
    expected:
      '14789d0d4a730b354403b5fac948113739e276c23e0258d8596ee72f9cd9d3230af18a63153e0ec25ff9f2951dd3fa90ed0197bfef6e2a1a62b5095b9d2b4a27',
  },
  {
    name: 'cdetrio1 (scalar 2^256 - 1)',
    input:
      '1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    expected:
      '2cde5879ba6f13c0b5aa4ef627f159a3347df9722efce88a9afbb20b763b4c411aa7e43076f6aee272755a7f9b84832e71559ba0d2e0b17d5f9f01755e5b0d11',
  },
  {
    name: 'cdetrio2 (scalar 0x30644e...f0000000)',
    input:
      '1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f630644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000',
    expected:
      '1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe3163511ddc1c3f25d396745388200081287b3fd1472d8339d5fecb2eae0830451',
  },
  {
    name: 'cdetrio3 (scalar 2^128)',
    input:
      '1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f60000000000000000000000000000000100000000000000000000000000000000',
    expected:
      '1051acb0700ec6d42a88215852d582efbaef31529b6fcbc3277b5c1b300f5cf0135b2394bb45ab04b8bd7611bd2dfe1de6a4e6e2ccea1ea1955f577cd66af85b',
  },
  {
    name: 'cdetrio4 (scalar 9)',
    input:
      '1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f60000000000000000000000000000000000000000000000000000000000000009',
    expected:
      '1dbad7d39dbc56379f78fac1bca147dc8e66de1b9d183c7b167351bfe0aeab742cd757d51289cd8dbd0acf9e673ad67d0f0a89f912af47ed1be53664f5692575',
  },
  {
    name: 'cdetrio5 (scalar 1)',
    input:
      '1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f60000000000000000000000000000000000000000000000000000000000000001',
    expected:
      '1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f6',
  },
  {
    name: 'cdetrio11',
    input:
      '039730ea8dff1254c0fee9c0ea777d29a9c710b7e616683f194f18c43b43b869073a5ffcc6fc7a28c30723d6e58ce577356982d65b833a5a5c15bf9024b43d98ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    expected:
      '00a1a234d08efaa2616607e31eca1980128b00b415c845ff25bba3afcb81dc00242077290ed33906aeb8e42fd98c41bcb9057ba03421af3f2d08cfc441186024',
  },
];

const G_HEX = '00'.repeat(31) + '01' + '00'.repeat(31) + '02';
const R_HEX = '30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001';

describe('BN254 MUL precompile (EIP-196, EIP-1108 gas)', () => {
  for (const v of GETH_VECTORS) {
    it(`go-ethereum vector ${v.name}`, () => {
      expect(runBn254Mul(hexToBytes(v.input), 6000n)).toEqual({ ok: true, gasUsed: 6000n, output: hexToBytes(v.expected) });
    });
  }

  it('maps scalar 0, scalar r and the point at infinity to infinity', () => {
    const zero = { ok: true, gasUsed: 6000n, output: new Uint8Array(64) };
    expect(runBn254Mul(hexToBytes(G_HEX + '00'.repeat(32)), 6000n)).toEqual(zero);
    expect(runBn254Mul(hexToBytes(G_HEX + R_HEX), 6000n)).toEqual(zero);
    expect(runBn254Mul(hexToBytes('00'.repeat(64) + '00'.repeat(31) + '05'), 6000n)).toEqual(zero);
    expect(runBn254Mul(new Uint8Array(0), 6000n)).toEqual(zero);
  });

  it('right-pads a short scalar: G followed by one byte 0x02 means scalar 2 * 2^248', () => {
    const padded = runBn254Mul(hexToBytes(G_HEX + '02'), 6000n);
    const explicit = runBn254Mul(hexToBytes(G_HEX + '02' + '00'.repeat(31)), 6000n);
    expect(padded).toEqual(explicit);
    expect(padded.ok && padded.output.some((b) => b !== 0)).toBe(true);
  });

  it('halts on invalid points', () => {
    expect(runBn254Mul(hexToBytes('00'.repeat(31) + '01' + '00'.repeat(31) + '03' + '00'.repeat(31) + '02'), 6000n)).toMatchObject({ ok: false });
    expect(runBn254Mul(hexToBytes('ff'.repeat(64) + '00'.repeat(31) + '02'), 6000n)).toMatchObject({ ok: false });
  });

  it('halts below 6000 gas', () => {
    expect(runBn254Mul(hexToBytes(G_HEX + '00'.repeat(31) + '02'), 5999n)).toMatchObject({ ok: false });
  });
});
