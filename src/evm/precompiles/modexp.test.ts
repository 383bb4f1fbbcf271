import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { bigIntToBytes } from './bytes.ts';
import { modexpGas, modPow, readModexpHeader, runModexp } from './modexp.ts';

// go-ethereum core/vm/testdata/precompiles/modexp_eip2565.json (EIP-198 examples and nagydani-* cases).
const GETH_VECTORS = [
  {
    name: 'eip_example1',
    input:
      '00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000002003fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2efffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f',
    expected: '0000000000000000000000000000000000000000000000000000000000000001',
    gas: 1360n,
  },
  {
    name: 'eip_example2',
    input:
      '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000020fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2efffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f',
    expected: '0000000000000000000000000000000000000000000000000000000000000000',
    gas: 1360n,
  },
  {
    name: 'nagydani-1-square',
    input:
      '000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000040e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb0033ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb502fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2bb02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b',
    expected:
      '60008f1614cc01dcfb6bfb09c625cf90b47d4468db81b5f8b7a39d42f332eab9b2da8f2d95311648a8f243f4bb13cfb3d8f7f2a3c014122ebb3ed41b02783adc',
    gas: 200n,
  },
  {
    name: 'nagydani-1-qube',
    input:
      '000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000040e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb0033ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb503fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2bb02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b',
    expected:
      '4834a46ba565db27903b1c720c9d593e84e4cbd6ad2e64b31885d944f68cd801f92225a8961c952ddf2797fa4701b330c85c4b363798100b921a1a22a46a7fec',
    gas: 200n,
  },
  {
    name: 'nagydani-1-pow0x10001',
    input:
      '000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000030000000000000000000000000000000000000000000000000000000000000040e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb0033ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb5010001fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2bb02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b',
    expected:
      'c36d804180c35d4426b57b50c5bfcca5c01856d104564cd513b461d3c8b8409128a5573e416d0ebe38f5f736766d9dc27143e4da981dfa4d67f7dc474cbee6d2',
    gas: 341n,
  },
  {
    name: 'nagydani-2-pow0x10001',
    input:
      '000000000000000000000000000000000000000000000000000000000000008000000000000000000000000000000000000000000000000000000000000000030000000000000000000000000000000000000000000000000000000000000080cad7d991a00047dd54d3399b6b0b937c718abddef7917c75b6681f40cc15e2be0003657d8d4c34167b2f0bbbca0ccaa407c2a6a07d50f1517a8f22979ce12a81dcaf707cc0cebfc0ce2ee84ee7f77c38b9281b9822a8d3de62784c089c9b18dcb9a2a5eecbede90ea788a862a9ddd9d609c2c52972d63e289e28f6a590ffbf51010001e6d893b80aeed5e6e9ce9afa8a5d5675c93a32ac05554cb20e9951b2c140e3ef4e433068cf0fb73bc9f33af1853f64aa27a0028cbf570d7ac9048eae5dc7b28c87c31e5810f1e7fa2cda6adf9f1076dbc1ec1238560071e7efc4e9565c49be9e7656951985860a558a754594115830bcdb421f741408346dd5997bb01c287087',
    expected:
      'ad85e8ef13fd1dd46eae44af8b91ad1ccae5b7a1c92944f92a19f21b0b658139e0cabe9c1f679507c2de354bf2c91ebd965d1e633978a830d517d2f6f8dd5fd58065d58559de7e2334a878f8ec6992d9b9e77430d4764e863d77c0f87beede8f2f7f2ab2e7222f85cc9d98b8467f4bb72e87ef2882423ebdb6daf02dddac6db2',
    gas: 1365n,
  },
  {
    name: 'nagydani-3-pow0x10001',
    input:
      '000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000000030000000000000000000000000000000000000000000000000000000000000100c9130579f243e12451760976261416413742bd7c91d39ae087f46794062b8c239f2a74abf3918605a0e046a7890e049475ba7fbb78f5de6490bd22a710cc04d30088179a919d86c2da62cf37f59d8f258d2310d94c24891be2d7eeafaa32a8cb4b0cfe5f475ed778f45907dc8916a73f03635f233f7a77a00a3ec9ca6761a5bbd558a2318ecd0caa1c5016691523e7e1fa267dd35e70c66e84380bdcf7c0582f540174e572c41f81e93da0b757dff0b0fe23eb03aa19af0bdec3afb474216febaacb8d0381e631802683182b0fe72c28392539850650b70509f54980241dc175191a35d967288b532a7a8223ce2440d010615f70df269501944d4ec16fe4a3cb010001d7a85909174757835187cb52e71934e6c07ef43b4c46fc30bbcd0bc72913068267c54a4aabebb493922492820babdeb7dc9b1558fcf7bd82c37c82d3147e455b623ab0efa752fe0b3a67ca6e4d126639e645a0bf417568adbb2a6a4eef62fa1fa29b2a5a43bebea1f82193a7dd98eb483d09bb595af1fa9c97c7f41f5649d976aee3e5e59e2329b43b13bea228d4a93f16ba139ccb511de521ffe747aa2eca664f7c9e33da59075cc335afcd2bf3ae09765f01ab5a7c3e3938ec168b74724b5074247d200d9970382f683d6059b94dbc336603d1dfee714e4b447ac2fa1d99ecb4961da2854e03795ed758220312d101e1e3d87d5313a6d052aebde75110363d',
    expected:
      '37843d7c67920b5f177372fa56e2a09117df585f81df8b300fba245b1175f488c99476019857198ed459ed8d9799c377330e49f4180c4bf8e8f66240c64f65ede93d601f957b95b83efdee1e1bfde74169ff77002eaf078c71815a9220c80b2e3b3ff22c2f358111d816ebf83c2999026b6de50bfc711ff68705d2f40b753424aefc9f70f08d908b5a20276ad613b4ab4309a3ea72f0c17ea9df6b3367d44fb3acab11c333909e02e81ea2ed404a712d3ea96bba87461720e2d98723e7acd0520ac1a5212dbedcd8dc0c1abf61d4719e319ff4758a774790b8d463cdfe131d1b2dcfee52d002694e98e720cb6ae7ccea353bc503269ba35f0f63bf8d7b672a76',
    gas: 5461n,
  },
];

/** Encodes a MODEXP call from explicit lengths and operand bytes. */
function encode(baseLength: bigint, exponentLength: bigint, modulusLength: bigint, body: string): Uint8Array {
  return hexToBytes(
    bytesToHex(bigIntToBytes(baseLength, 32)) + bytesToHex(bigIntToBytes(exponentLength, 32)) + bytesToHex(bigIntToBytes(modulusLength, 32)) + body,
  );
}

/** Textbook square-and-multiply over bigint, as an independent reference. */
function naiveModPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

describe('MODEXP precompile (EIP-198, EIP-2565 gas)', () => {
  for (const v of GETH_VECTORS) {
    it(`go-ethereum vector ${v.name}`, () => {
      expect(runModexp(hexToBytes(v.input), 10_000_000n)).toEqual({ ok: true, gasUsed: v.gas, output: hexToBytes(v.expected) });
    });
  }

  it('halts when the gas limit is one below the cost', () => {
    const input = hexToBytes(GETH_VECTORS[0]!.input);
    expect(runModexp(input, 1359n)).toMatchObject({ ok: false });
    expect(runModexp(input, 1360n)).toMatchObject({ ok: true });
  });

  it('modPow agrees with textbook square-and-multiply on pseudo-random operands', () => {
    let seed = 12345n;
    const next = (bits: bigint) => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      let x = seed;
      for (let i = 64n; i < bits; i += 64n) x = (x << 64n) | ((seed = (seed * 6364136223846793005n + 1n) & ((1n << 64n) - 1n)));
      return x & ((1n << bits) - 1n);
    };
    for (let i = 0; i < 200; i++) {
      const modulus = next(BigInt(8 + (i % 40) * 13)) | 1n;
      const base = next(300n);
      const exponent = next(BigInt(1 + (i % 33) * 9));
      const expHex = exponent.toString(16);
      const expBytes = hexToBytes(expHex.length % 2 ? '0' + expHex : expHex);
      expect(modPow(base, expBytes, modulus)).toBe(naiveModPow(base, exponent, modulus));
    }
    expect(modPow(5n, new Uint8Array(0), 7n)).toBe(1n);
    expect(modPow(0n, new Uint8Array([0]), 7n)).toBe(1n);
    expect(modPow(0n, new Uint8Array([1]), 7n)).toBe(0n);
    expect(modPow(123n, new Uint8Array([0x10]), 1n)).toBe(0n);
  });

  it('returns Msize zero bytes when the modulus is zero', () => {
    expect(runModexp(encode(1n, 1n, 4n, '0303' + '00000000'), 1000n)).toEqual({ ok: true, gasUsed: 200n, output: new Uint8Array(4) });
  });

  it('returns empty output for Msize = 0 even with a huge exponent length (EIP-198 zero-length behaviour)', () => {
    // mult_complexity = 0, so the gas is the 200 minimum regardless of Esize.
    const input = encode(0n, (1n << 256n) - 1n, 0n, '');
    expect(runModexp(input, 200n)).toEqual({ ok: true, gasUsed: 200n, output: new Uint8Array(0) });
  });

  it('right-pads missing operand bytes with zeros and left-pads the result to Msize', () => {
    // base = 0x02, exponent = 0x03, modulus = 0x0100 but the last byte is missing (reads as 0x0100).
    const result = runModexp(encode(1n, 1n, 2n, '020301'), 1000n);
    expect(result.ok && bytesToHex(result.output)).toBe('0008');
  });

  it('prices huge length fields from the header without allocating and halts', () => {
    const max = (1n << 256n) - 1n;
    for (const [b, e, m] of [[max, 1n, 1n], [1n, 1n, max], [1n, max, 1n], [1n << 32n, 0n, 1n << 32n]] as const) {
      const input = encode(b, e, m, '');
      expect(modexpGas(input, readModexpHeader(input)) > 30_000_000n).toBe(true);
      expect(runModexp(input, 30_000_000n)).toMatchObject({ ok: false });
    }
  });

  it('succeeds with a zero result when a huge exponent pushes the modulus past the end of the input', () => {
    // Esize = 2^40 with an all-ones head: gas = (8 * (2^40 - 32) + 255) / 3, affordable only with an absurd limit; the modulus then
    // starts beyond the input, reads as zero, and the exponent is never materialised.
    const input = encode(1n, 1n << 40n, 2n, '02' + 'ff'.repeat(40));
    const result = runModexp(input, 1n << 60n);
    expect(result).toEqual({ ok: true, gasUsed: (8n * ((1n << 40n) - 32n) + 255n) / 3n, output: new Uint8Array(2) });
  });

  it('computes the EIP-2565 iteration count from the exponent head', () => {
    // Bsize = Msize = 8 (one word, mult_complexity = 1) so gas = max(200, iteration_count / 3).
    const gasFor = (exponentLength: bigint, exponentHex: string) => {
      const input = encode(8n, exponentLength, 8n, '00'.repeat(8) + exponentHex);
      return modexpGas(input, readModexpHeader(input));
    };
    // Esize = 1000 bytes, head all zero: 8 * (1000 - 32) = 7744 iterations -> 2581 gas.
    expect(gasFor(1000n, '')).toBe(2581n);
    // Head 0x80.. (top bit of the 256-bit head set): 7744 + 255 = 7999 -> 2666 gas.
    expect(gasFor(1000n, '80')).toBe(2666n);
    // Esize <= 32: iteration_count = max(bit_length(E) - 1, 1); E = 1 -> 1 -> the 200 minimum.
    expect(gasFor(1n, '01')).toBe(200n);
    // Multi-word complexity: Bsize = 64 -> 8 words -> 64; E = 0xffff (2 bytes) -> 15 iterations -> 320 gas.
    const input = encode(64n, 2n, 1n, '00'.repeat(64) + 'ffff' + '05');
    expect(modexpGas(input, readModexpHeader(input))).toBe(320n);
  });
});
