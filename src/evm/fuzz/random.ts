/**
 * Deterministic pseudo-random source for the differential fuzzer.
 *
 * A fuzz case must be reproducible from `(seed, caseIndex)` alone, on any machine and Node
 * version, so we cannot use `Math.random`. The generator is xoshiro128** (Blackman & Vigna,
 * "Scrambled linear pseudorandom number generators", 2018): 128 bits of state, 32-bit integer
 * arithmetic only (fast without BigInt), seeded through splitmix32 so that nearby seeds give
 * unrelated streams.
 */

/** Mixes a 32-bit value with the splitmix32 finaliser; used to expand seeds into state words. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Seeded xoshiro128** generator with helpers for the shapes the EVM fuzzer needs. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Creates a stream determined by `seed` and an optional `stream` index (e.g. a case index). */
  constructor(seed: number, stream = 0) {
    let x = splitmix32((seed >>> 0) ^ Math.imul(stream >>> 0, 0x2545f491));
    this.s0 = x;
    x = splitmix32(x ^ 0x6a09e667);
    this.s1 = x;
    x = splitmix32(x ^ 0xbb67ae85);
    this.s2 = x;
    x = splitmix32(x ^ 0x3c6ef372);
    this.s3 = x;
    // The all-zero state is the one fixed point of xoshiro; splitmix32 makes it practically
    // impossible, but guard it so the generator is provably never stuck.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (rejection sampling, no modulo bias). */
  int(n: number): number {
    if (!(n >= 1 && n <= 0x100000000) || !Number.isInteger(n)) {
      throw new RangeError(`Rng.int: bound must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** Uniform integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextU32() < p * 0x100000000;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty array');
    return items[this.int(items.length)] as T;
  }

  /** An element chosen with probability proportional to its weight (weights > 0). */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.nextU32() / 0x100000000 * total;
    for (const [value, w] of entries) {
      if (r < w) return value;
      r -= w;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new RangeError('Rng.weighted: no entries');
    return last[0];
  }

  /** `n` uniformly random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let x = this.nextU32();
      for (let j = i; j < Math.min(n, i + 4); j++) {
        out[j] = x & 0xff;
        x >>>= 8;
      }
    }
    return out;
  }

  /** A uniformly random unsigned integer of `bits` bits (bits a multiple of 32 is fastest). */
  bigBits(bits: number): bigint {
    let v = 0n;
    let remaining = bits;
    while (remaining > 0) {
      const take = Math.min(32, remaining);
      v = (v << BigInt(take)) | BigInt(this.nextU32() >>> (32 - take));
      remaining -= take;
    }
    return v;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
