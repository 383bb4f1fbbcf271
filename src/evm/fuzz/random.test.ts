import { describe, expect, it } from 'vitest';
import { Rng } from './random.ts';

describe('Rng', () => {
  it('is deterministic in (seed, stream) and streams differ', () => {
    const a = new Rng(42, 7);
    const b = new Rng(42, 7);
    const c = new Rng(42, 8);
    const xs = Array.from({ length: 16 }, () => a.nextU32());
    expect(Array.from({ length: 16 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 16 }, () => c.nextU32())).not.toEqual(xs);
  });

  it('int(n) stays in range and hits every value', () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(7);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(1.5)).toThrow(RangeError);
  });

  it('range, chance, pick and weighted respect their bounds', () => {
    const rng = new Rng(3);
    let hits = 0;
    for (let i = 0; i < 4000; i++) {
      const v = rng.range(-2, 2);
      expect(v >= -2 && v <= 2).toBe(true);
      if (rng.chance(0.25)) hits++;
    }
    // 4000 draws at p = 0.25: mean 1000, standard deviation ~27.
    expect(hits).toBeGreaterThan(850);
    expect(hits).toBeLessThan(1150);
    expect(['x', 'y']).toContain(rng.pick(['x', 'y']));
    for (let i = 0; i < 100; i++) expect(rng.weighted([['never', 0], ['always', 1]] as const)).toBe('always');
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('bytes and bigBits have the requested sizes', () => {
    const rng = new Rng(9);
    for (const n of [0, 1, 3, 4, 5, 33]) expect(rng.bytes(n).length).toBe(n);
    for (let i = 0; i < 50; i++) {
      const v = rng.bigBits(70);
      expect(v >= 0n && v < 1n << 70n).toBe(true);
    }
    // 256 random bits are essentially never all below 2^200.
    expect(rng.bigBits(256) >= 1n << 200n).toBe(true);
  });
});
