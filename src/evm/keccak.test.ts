import { existsSync } from 'node:fs';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { keccakWordNoble, keccakWordOf, keccakWordWasm } from './keccak.ts';
import { wasmKernelPath } from './wasm-kernel.ts';
import { bytesToBigInt } from './words.ts';

/** Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
function pseudoRandomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const IMPLEMENTATIONS = [
  ['keccakWordOf', keccakWordOf],
  ['noble sponge', keccakWordNoble],
  ...(keccakWordWasm === null ? [] : [['WebAssembly sponge', keccakWordWasm] as const]),
] as const;

describe.each(IMPLEMENTATIONS)('%s', (_, hashWord) => {
  it('matches keccak256 of the empty string and "abc" (published digests)', () => {
    expect(hashWord(new Uint8Array(0), 0, 0)).toBe(0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n);
    expect(hashWord(new TextEncoder().encode('abc'), 0, 3)).toBe(0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45n);
  });

  it('matches noble keccak_256 at every length around the 136-byte rate, with offsets', () => {
    const data = new Uint8Array(600);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
    for (const start of [0, 3]) {
      for (let len = 0; len <= 420; len++) {
        expect(hashWord(data, start, len)).toBe(bytesToBigInt(keccak_256(data.subarray(start, start + len))));
      }
    }
  });

  it('matches noble keccak_256 on random lengths 0..1000 and the rate boundaries 135, 136, 137, 272', () => {
    const data = pseudoRandomBytes(2000, 0x5eed);
    const lengths = [135, 136, 137, 272, 1000];
    for (let i = 0; i < 200; i++) lengths.push((data[i]! * 7 + data[i + 1]! * 13) % 1001);
    for (const [i, len] of lengths.entries()) {
      const start = data[1000 + i]! % 32;
      expect(hashWord(data, start, len)).toBe(bytesToBigInt(keccak_256(data.subarray(start, start + len))));
    }
  });

  it('hashes a message larger than the wasm memory reserved so far (memory growth)', () => {
    const big = pseudoRandomBytes(300_000, 77);
    expect(hashWord(big, 5, big.length - 5)).toBe(bytesToBigInt(keccak_256(big.subarray(5))));
    expect(hashWord(big, 0, 64)).toBe(bytesToBigInt(keccak_256(big.subarray(0, 64))));
  });
});

describe('WebAssembly build', () => {
  it.runIf(process.env['CI'] === 'true')('build/wasm/evm.wasm exists and backs keccakWordOf under CI', () => {
    expect(existsSync(wasmKernelPath('evm'))).toBe(true);
    expect(keccakWordWasm).not.toBeNull();
    expect(keccakWordOf).toBe(keccakWordWasm);
  });
});
