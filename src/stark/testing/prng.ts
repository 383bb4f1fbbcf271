/**
 * TEST ONLY. A small seeded PRNG (SplitMix32-style mixing of a 32-bit counter) so randomized tests
 * (tampered rows, byte-flip fuzzing) are reproducible from their seed.
 */

/** A seeded generator of uniform 32-bit words and bounded integers. */
export class SeededRng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Next uniform 32-bit unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }
  /** Uniform integer in [0, n) for n <= 2^32 (modulo bias is irrelevant for test sampling). */
  below(n: number): number {
    return this.nextU32() % n;
  }
}
