/**
 * Differential test of `runPrecompile` against the @ethereumjs/evm precompiles (dev-only oracle)
 * on seeded pseudo-random and edge-case inputs for 0x01–0x09, under Cancun rules.
 * (0x0a is covered by vectors in point-evaluation.test.ts; the oracle would need the same KZG library.)
 */
import { bn254 } from '@noble/curves/bn254.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createEVM, getActivePrecompiles, type PrecompileFunc } from '@ethereumjs/evm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bigIntToBytes } from './bytes.ts';
import { runPrecompile } from './index.ts';

type Oracle = (address: number, data: Uint8Array, gasLimit: bigint) => Promise<{ ok: boolean; gasUsed: bigint; output: string }>;
let oracle: Oracle;

beforeAll(async () => {
  const evm = await createEVM();
  evm.common.setHardfork('cancun');
  const precompiles = getActivePrecompiles(evm.common);
  oracle = async (address, data, gasLimit) => {
    const fn = precompiles.get(address.toString(16).padStart(40, '0')) as PrecompileFunc;
    const result = await fn({ data, gasLimit, common: evm.common, _EVM: evm });
    return { ok: result.exceptionError === undefined, gasUsed: result.executionGasUsed, output: bytesToHex(result.returnValue) };
  };
});

/** Deterministic xorshift32 generator, so failures are reproducible. */
function rng(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    int: (n: number) => next() % n,
    bytes: (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff),
    bigint: (bits: number) => {
      let x = 0n;
      for (let i = 0; i < bits; i += 32) x = (x << 32n) | BigInt(next());
      return x & ((1n << BigInt(bits)) - 1n);
    },
  };
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};
const word = (v: bigint) => bigIntToBytes(v, 32);

async function expectSameAsOracle(address: number, data: Uint8Array, gasLimit: bigint): Promise<void> {
  const ours = runPrecompile(BigInt(address), data, gasLimit);
  const theirs = await oracle(address, data, gasLimit);
  const context = `address ${address}, gas ${gasLimit}, input ${bytesToHex(data)}`;
  expect(ours.ok, context).toBe(theirs.ok);
  if (ours.ok) {
    expect(ours.gasUsed, context).toBe(theirs.gasUsed);
    expect(bytesToHex(ours.output), context).toBe(theirs.output);
  }
}

const G1 = bn254.G1.Point.BASE;
const G2 = bn254.G2.Point.BASE;
const P = bn254.fields.Fp.ORDER;
const R = bn254.fields.Fr.ORDER;
const g1Bytes = (k: bigint) => {
  const point = G1.multiply(k);
  return concat(word(point.x), word(point.y));
};
const g2Bytes = (k: bigint) => {
  const { x, y } = G2.multiply(k).toAffine();
  return concat(word(x.c1), word(x.c0), word(y.c1), word(y.c0));
};

describe('precompiles agree with the @ethereumjs/evm oracle (Cancun)', () => {
  it('ECRECOVER on valid, perturbed and random signatures', async () => {
    const r = rng(1);
    for (let i = 0; i < 40; i++) {
      const hash = r.bytes(32);
      const sig = secp256k1.Signature.fromBytes(secp256k1.sign(hash, keccak_256(r.bytes(8)), { prehash: false, format: 'recovered' }), 'recovered');
      const vs = [27n + BigInt(sig.recovery!), 28n - BigInt(sig.recovery!), 0n, 1n, 29n, 27n + 256n];
      const v = vs[r.int(vs.length)]!;
      const s = r.int(4) === 0 ? secp256k1.Point.CURVE().n - sig.s : sig.s;
      const input = concat(hash, word(v), word(sig.r), word(s));
      await expectSameAsOracle(1, input.subarray(0, r.int(5) === 0 ? r.int(129) : 128), 3000n);
      await expectSameAsOracle(1, r.bytes(r.int(140)), 3000n);
    }
    await expectSameAsOracle(1, new Uint8Array(128), 2999n);
  });

  it('SHA256, RIPEMD160 and IDENTITY on random lengths and tight gas', async () => {
    const r = rng(2);
    for (let i = 0; i < 30; i++) {
      const data = r.bytes(r.int(200));
      const words = BigInt(Math.ceil(data.length / 32));
      await expectSameAsOracle(2, data, 60n + 12n * words - BigInt(r.int(2)));
      await expectSameAsOracle(3, data, 600n + 120n * words - BigInt(r.int(2)));
      await expectSameAsOracle(4, data, 15n + 3n * words - BigInt(r.int(2)));
    }
  });

  it('MODEXP on random operand sizes, truncated inputs and large headers', async () => {
    const r = rng(3);
    for (let i = 0; i < 150; i++) {
      const bl = r.int(70), el = r.int(i % 10 === 0 ? 300 : 40), ml = r.int(70);
      let input = concat(word(BigInt(bl)), word(BigInt(el)), word(BigInt(ml)), r.bytes(bl), r.bytes(el), r.bytes(ml));
      if (r.int(6) === 0) input = input.subarray(0, r.int(input.length + 1));
      const gas = [10_000_000n, 200n, BigInt(r.int(5000))][r.int(3)]!;
      await expectSameAsOracle(5, input, gas);
    }
    const huge = (1n << 255n) + 12345n;
    for (const [b, e, m] of [[huge, 1n, 1n], [1n, huge, 1n], [1n, 1n, huge], [0n, huge, 0n], [0n, 40n, 0n], [4n, huge, 0n]] as const) {
      await expectSameAsOracle(5, concat(word(b), word(e), word(m), new Uint8Array(8).fill(0xff)), 30_000_000n);
    }
  });

  it('BN254 ADD and MUL on valid, infinity, invalid and truncated points', async () => {
    const r = rng(4);
    const point = () => {
      switch (r.int(5)) {
        case 0: return new Uint8Array(64);
        case 1: return r.bytes(64);
        case 2: return concat(word(BigInt(r.int(5))), word(BigInt(r.int(5))));
        case 3: return concat(word(P + BigInt(r.int(3))), word(2n));
        default: return g1Bytes(r.bigint(200) + 1n);
      }
    };
    for (let i = 0; i < 60; i++) {
      const add = concat(point(), point());
      await expectSameAsOracle(6, add.subarray(0, r.int(4) === 0 ? r.int(129) : 128), 150n);
      const scalars = [r.bigint(256), R, R - 1n, 0n, 1n, (1n << 256n) - 1n];
      const mul = concat(point(), word(scalars[r.int(scalars.length)]!));
      await expectSameAsOracle(7, mul.subarray(0, r.int(4) === 0 ? r.int(97) : 96), 6000n);
    }
  });

  it('BN254 PAIRING on balanced, unbalanced and invalid pair lists', async () => {
    const r = rng(5);
    for (let i = 0; i < 12; i++) {
      const a = r.bigint(64) + 1n, b = r.bigint(64) + 1n;
      // e(aG1, bG2) * e(-(ab)G1, G2) == 1; flip one scalar to make it unbalanced.
      const balanced = r.int(2) === 0;
      const pairs = [concat(g1Bytes(a), g2Bytes(b)), concat(g1Bytes(R - ((a * b) % R) + (balanced ? 0n : 1n)), g2Bytes(1n))];
      if (r.int(3) === 0) pairs.push(concat(new Uint8Array(64), g2Bytes(3n)));
      if (r.int(4) === 0) pairs.push(concat(g1Bytes(2n), r.bytes(128)));
      const input = concat(...pairs);
      await expectSameAsOracle(8, r.int(5) === 0 ? input.subarray(0, input.length - 1) : input, 500_000n);
    }
  });

  it('BLAKE2F on random states, round counts and flags', async () => {
    const r = rng(6);
    for (let i = 0; i < 60; i++) {
      const input = r.bytes(213);
      input[0] = 0;
      input[1] = 0;
      input[2] = r.int(2);
      input[212] = [0, 1, 2, 255][r.int(4)]!;
      const length = r.int(8) === 0 ? 212 + r.int(3) : 213;
      const data = length <= 213 ? input.subarray(0, length) : concat(input, new Uint8Array(1));
      await expectSameAsOracle(9, data, BigInt(r.int(600)));
    }
  });
});
