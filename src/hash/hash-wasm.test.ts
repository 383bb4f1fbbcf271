import { describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { keccak256Many, keccak256ManyParallel } from './hash-wasm.ts';

function randomBytes(n: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

function referenceMany(input: Uint8Array, msgLen: number, count: number): Uint8Array {
  const out = new Uint8Array(count * 32);
  for (let k = 0; k < count; k++) out.set(keccak_256(input.subarray(k * msgLen, (k + 1) * msgLen)), k * 32);
  return out;
}

describe('keccak256Many (WebAssembly Keccak-f[1600])', () => {
  it('equals @noble/hashes keccak_256 on random messages around every block boundary', () => {
    for (const len of [0, 1, 4, 7, 8, 31, 32, 63, 64, 65, 127, 128, 135, 136, 137, 200, 271, 272, 273, 1000, 4096]) {
      const count = 6;
      const input = randomBytes(len * count, len + 1);
      expect(keccak256Many(input, len, count), `length ${len}`).toEqual(referenceMany(input, len, count));
    }
  });

  it('known answers: keccak256("") and keccak256("abc")', () => {
    expect(Buffer.from(keccak256Many(new Uint8Array(0), 0, 1)).toString('hex')).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    expect(Buffer.from(keccak256Many(new TextEncoder().encode('abc'), 3, 1)).toString('hex')).toBe(
      '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    );
  });

  it('chunks large batches without changing results', () => {
    const count = 40000; // 40000 × 64 bytes spans several 1 MiB chunks
    const input = randomBytes(count * 64, 99);
    const got = keccak256Many(input, 64, count);
    for (const k of [0, 16383, 16384, 32767, 32768, count - 1]) {
      expect(got.subarray(k * 32, k * 32 + 32)).toEqual(keccak_256(input.subarray(k * 64, k * 64 + 64)));
    }
  });

  it('a batch split over the blocking worker pool in several rounds equals keccak_256 at every share edge', () => {
    const msgLen = 1000;
    const count = 17_000; // 17 MB: two rounds of at most 16 MiB, each split between the workers
    const input = randomBytes(count * msgLen, 123);
    const got = keccak256Many(input, msgLen, count);
    for (const k of [0, 1, 8388, 8389, 16776, 16777, 16778, count - 1]) {
      expect(got.subarray(k * 32, k * 32 + 32), `message ${k}`).toEqual(keccak_256(input.subarray(k * msgLen, (k + 1) * msgLen)));
    }
  });

  it('the worker-pool path equals the single-threaded path, also for concurrent calls', async () => {
    const a = randomBytes(40000 * 64, 5);
    const b = randomBytes(9000 * 124, 6);
    const [pa, pb] = await Promise.all([keccak256ManyParallel(a, 64, 40000), keccak256ManyParallel(b, 124, 9000)]);
    // Buffer.equals: vitest's deep equality is far too slow on megabyte arrays.
    expect(Buffer.from(pa).equals(Buffer.from(keccak256Many(a, 64, 40000)))).toBe(true);
    expect(Buffer.from(pb).equals(Buffer.from(keccak256Many(b, 124, 9000)))).toBe(true);
    const small = randomBytes(10 * 40, 7);
    expect(await keccak256ManyParallel(small, 40, 10)).toEqual(referenceMany(small, 40, 10));
  });

  it('rejects inconsistent sizes', () => {
    expect(() => keccak256Many(new Uint8Array(10), 4, 3)).toThrow(RangeError);
    expect(() => keccak256Many(new Uint8Array(10), -1, 1)).toThrow(RangeError);
  });
});
