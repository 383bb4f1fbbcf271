import { describe, expect, it } from 'vitest';
import {
  add, fromInt, GENERATOR, inv, mul, neg, P, pow, reduceWide, sub, TWO_ADICITY, twoAdicGenerator,
} from './babybear.ts';

const PB = BigInt(P);
function rand(): number {
  return Math.floor(Math.random() * P);
}

describe('BabyBear', () => {
  it('has the documented modulus and two-adicity', () => {
    expect(P).toBe(2 ** 31 - 2 ** 27 + 1);
    expect((P - 1) % 2 ** TWO_ADICITY).toBe(0);
    expect(((P - 1) / 2 ** TWO_ADICITY) % 2).toBe(1);
  });

  it('matches BigInt arithmetic on random inputs', () => {
    for (let i = 0; i < 2000; i++) {
      const a = rand();
      const b = rand();
      expect(add(a, b)).toBe(Number((BigInt(a) + BigInt(b)) % PB));
      expect(sub(a, b)).toBe(Number((BigInt(a) - BigInt(b) + PB) % PB));
      expect(mul(a, b)).toBe(Number((BigInt(a) * BigInt(b)) % PB));
      expect(add(a, neg(a))).toBe(0);
    }
    expect(mul(P - 1, P - 1)).toBe(1);
    for (const a of [0, 1, 2, P - 2, P - 1, 65535, 65536, P >>> 1]) {
      for (const b of [0, 1, 2, P - 2, P - 1, 65535, 65536, P >>> 1]) {
        expect(mul(a, b)).toBe(Number((BigInt(a) * BigInt(b)) % PB));
      }
    }
  });

  it('reduceWide reduces every integer below 2^53, including values next to multiples of p', () => {
    const samples = [0, 1, P - 1, P, P + 1, 2 ** 53 - 1, 2 ** 52, 2 ** 48 + 7];
    for (let k = 1; k < 2000; k++) {
      const m = Math.floor(Math.random() * (2 ** 53 / P - 1)) * P;
      samples.push(m, m - 1, m + 1, m + P - 1);
    }
    for (const x of samples) {
      if (x < 0 || x >= 2 ** 53) continue;
      expect(reduceWide(x)).toBe(Number(BigInt(x) % PB));
    }
  });

  it('satisfies the field axioms on random inputs', () => {
    for (let i = 0; i < 500; i++) {
      const a = rand();
      const b = rand();
      const c = rand();
      expect(mul(a, add(b, c))).toBe(add(mul(a, b), mul(a, c)));
      expect(mul(mul(a, b), c)).toBe(mul(a, mul(b, c)));
      expect(mul(a, b)).toBe(mul(b, a));
      if (a !== 0) expect(mul(a, inv(a))).toBe(1);
    }
    expect(() => inv(0)).toThrow(RangeError);
    expect(fromInt(-1)).toBe(P - 1);
    expect(fromInt(3 * P + 5)).toBe(5);
  });

  it('GENERATOR generates the whole multiplicative group', () => {
    // p - 1 = 2^27 · 3 · 5: a generator has no order dividing (p-1)/q for q in {2, 3, 5}.
    for (const q of [2, 3, 5]) expect(pow(GENERATOR, (P - 1) / q)).not.toBe(1);
  });

  it('twoAdicGenerator(27) has order exactly 2^27 and equals Plonky3’s published value', () => {
    const g = twoAdicGenerator(27);
    // Plonky3 baby-bear/src/baby_bear.rs, TwoAdicData::TWO_ADIC_GENERATORS[27] = 0x1a427a41.
    expect(g).toBe(0x1a427a41);
    expect(pow(g, 2 ** 27)).toBe(1);
    expect(pow(g, 2 ** 26)).toBe(P - 1);
  });

  it('twoAdicGenerator(k) matches Plonky3’s whole TWO_ADIC_GENERATORS table', () => {
    // Plonky3 baby-bear/src/baby_bear.rs (TwoAdicData for BabyBearParameters).
    const plonky3 = [
      0x1, 0x78000000, 0x67055c21, 0x5ee99486, 0xbb4c4e4, 0x2d4cc4da, 0x669d6090, 0x17b56c64,
      0x67456167, 0x688442f9, 0x145e952d, 0x4fe61226, 0x4c734715, 0x11c33e2a, 0x62c3d2b1,
      0x77cad399, 0x54c131f4, 0x4cabd6a6, 0x5cf5713f, 0x3e9430e8, 0xba067a3, 0x18adc27d,
      0x21fd55bc, 0x4b859b3d, 0x3bd57996, 0x4483d85a, 0x3a26eef8, 0x1a427a41,
    ];
    for (let k = 0; k <= 27; k++) expect(twoAdicGenerator(k)).toBe(plonky3[k]);
    expect(() => twoAdicGenerator(28)).toThrow(RangeError);
  });
});
