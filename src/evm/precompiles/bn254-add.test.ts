import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { runBn254Add } from './bn254-add.ts';

// go-ethereum core/vm/testdata/precompiles/bn256Add.json (chfast*, cdetrio* cases).
const GETH_VECTORS = [
  {
    name: 'chfast1',
    input:
      '18b18acfb4c2c30276db5411368e7185b311dd124691610c5d3b74034e093dc9063c909c4720840cb5134cb9f59fa749755796819658d32efc0d288198f3726607c2b7f58a84bd6145f00c9c2bc0bb1a187f20ff2c92963a88019e7c6a014eed06614e20c147e940f2d70da3f74c9a17df361706a4485c742bd6788478fa17d7',
    expected:
      '2243525c5efd4b9c3d3c45ac0ca3fe4dd85e830a4ce6b65fa1eeaee202839703301d1d33be6da8e509df21cc35964723180eed7532537db9ae5e7d48f195c915',
  },
  {
    name: 'chfast2',
    input:
      '2243525c5efd4b9c3d3c45ac0ca3fe4dd85e830a4ce6b65fa1eeaee202839703301d1d33be6da8e509df21cc35964723180eed7532537db9ae5e7d48f195c91518b18acfb4c2c30276db5411368e7185b311dd124691610c5d3b74034e093dc9063c909c4720840cb5134cb9f59fa749755796819658d32efc0d288198f37266',
    expected:
      '2bd3e6d0f3b142924f5ca7b49ce5b9d54c4703d7ae5648e61d02268b1a0a9fb721611ce0a6af85915e2f1d70300909ce2e49dfad4a4619c8390cae66cefdb204',
  },
  { name: 'cdetrio1 (two infinities)', input: '00'.repeat(128), expected: '00'.repeat(64) },
  { name: 'cdetrio2 (64 zero bytes, padded)', input: '00'.repeat(64), expected: '00'.repeat(64) },
  { name: 'cdetrio4 (empty input)', input: '', expected: '00'.repeat(64) },
  { name: 'cdetrio5 (longer input is truncated)', input: '00'.repeat(192), expected: '00'.repeat(64) },
  {
    name: 'cdetrio6 (infinity + G)',
    input: '00'.repeat(64) + '00'.repeat(31) + '01' + '00'.repeat(31) + '02',
    expected: '00'.repeat(31) + '01' + '00'.repeat(31) + '02',
  },
  {
    name: 'cdetrio8 (G + padded infinity)',
    input: '00'.repeat(31) + '01' + '00'.repeat(31) + '02',
    expected: '00'.repeat(31) + '01' + '00'.repeat(31) + '02',
  },
  {
    name: 'cdetrio11 (G + G)',
    input: ('00'.repeat(31) + '01' + '00'.repeat(31) + '02').repeat(2),
    expected:
      '030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd315ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4',
  },
  {
    name: 'cdetrio13',
    input:
      '17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa901e0559bacb160664764a357af8a9fe70baa9258e0b959273ffc5718c6d4cc7c039730ea8dff1254c0fee9c0ea777d29a9c710b7e616683f194f18c43b43b869073a5ffcc6fc7a28c30723d6e58ce577356982d65b833a5a5c15bf9024b43d98',
    expected:
      '15bf2bb17880144b5d1cd2b1f46eff9d617bffd1ca57c37fb5a49bd84e53cf66049c797f9ce0d17083deb32b5e36f2ea2a212ee036598dd7624c168993d1355f',
  },
  {
    name: 'cdetrio14 (P + (-P) = infinity)',
    input:
      '17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa901e0559bacb160664764a357af8a9fe70baa9258e0b959273ffc5718c6d4cc7c17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa92e83f8d734803fc370eba25ed1f6b8768bd6d83887b87165fc2434fe11a830cb' +
      '00'.repeat(64),
    expected: '00'.repeat(64),
  },
];

const P_HEX = '30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47';
const G_HEX = '00'.repeat(31) + '01' + '00'.repeat(31) + '02';

describe('BN254 ADD precompile (EIP-196, EIP-1108 gas)', () => {
  for (const v of GETH_VECTORS) {
    it(`go-ethereum vector ${v.name}`, () => {
      expect(runBn254Add(hexToBytes(v.input), 150n)).toEqual({ ok: true, gasUsed: 150n, output: hexToBytes(v.expected) });
    });
  }

  it('halts on a point not on the curve', () => {
    // (1, 3) is not on y^2 = x^3 + 3.
    const bad = '00'.repeat(31) + '01' + '00'.repeat(31) + '03';
    expect(runBn254Add(hexToBytes(bad + G_HEX), 150n)).toMatchObject({ ok: false });
    expect(runBn254Add(hexToBytes(G_HEX + bad), 150n)).toMatchObject({ ok: false });
  });

  it('halts on a coordinate >= p even if it reduces to a valid point', () => {
    // x = 1 + p would be the generator's x modulo p.
    const xPlusP = '30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd48';
    expect(runBn254Add(hexToBytes(xPlusP + '00'.repeat(31) + '02' + G_HEX), 150n)).toMatchObject({ ok: false });
    expect(runBn254Add(hexToBytes(P_HEX + '00'.repeat(32) + G_HEX), 150n)).toMatchObject({ ok: false });
  });

  it('halts below 150 gas', () => {
    expect(runBn254Add(hexToBytes(G_HEX + G_HEX), 149n)).toMatchObject({ ok: false });
  });
});
