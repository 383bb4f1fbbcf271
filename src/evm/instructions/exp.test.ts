import { describe, expect, it } from 'vitest';
import { MASK_256 } from '../words.ts';
import { expMod256, expMod256Portable, expMod256Wasm } from './exp.ts';

const TWO_256 = 1n << 256n;

/** Reference: textbook right-to-left square-and-multiply with explicit reduction. */
function referenceExp(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % TWO_256;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % TWO_256;
    b = (b * b) % TWO_256;
  }
  return result;
}

/** Deterministic pseudo-random words of assorted widths (splitmix-style over bigints). */
function pseudoRandomWords(n: number, seed: bigint): bigint[] {
  const out: bigint[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    let w = 0n;
    for (let j = 0; j < 4; j++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      w = (w << 64n) | (x ^ (x >> 29n));
    }
    const bits = BigInt(Number(x % 257n));
    out.push(w & ((1n << bits) - 1n));
  }
  return out;
}

const EDGE_BASES = [0n, 1n, 2n, 3n, 4n, 6n, 0x5851f42d4c957f2dn, (1n << 128n) - 1n, 1n << 255n, MASK_256, MASK_256 - 1n, 0x100000000n, 0xffffffffn];
const EDGE_EXPONENTS = [0n, 1n, 2n, 3n, 255n, 256n, 0xffffn, 0x10000n, 0xffffffffn, 0x100000000n, (1n << 64n) - 1n, 1n << 255n, MASK_256];

const IMPLEMENTATIONS = [
  ['expMod256', expMod256],
  ['TypeScript', expMod256Portable],
  ...(expMod256Wasm === null ? [] : [['WebAssembly', expMod256Wasm] as const]),
] as const;

describe.each(IMPLEMENTATIONS)('%s a^b mod 2^256', (_, pow) => {
  it('agrees with the reference on edge bases and exponents', () => {
    for (const b of EDGE_BASES) {
      for (const e of EDGE_EXPONENTS) expect(pow(b, e), `${b}^${e}`).toBe(referenceExp(b, e));
    }
  });

  it('agrees with the reference on pseudo-random words of random widths', () => {
    const words = pseudoRandomWords(400, 12345n);
    for (let i = 0; i + 1 < words.length; i += 2) {
      expect(pow(words[i]!, words[i + 1]!), `${words[i]}^${words[i + 1]}`).toBe(referenceExp(words[i]!, words[i + 1]!));
    }
  });

  it('gives 0 once an even base has been raised past 256 factors of two', () => {
    expect(pow(6n, 256n)).toBe(0n);
    expect(pow(6n, 255n)).toBe(referenceExp(6n, 255n));
    expect(pow(1n << 128n, MASK_256)).toBe(0n);
  });
});
