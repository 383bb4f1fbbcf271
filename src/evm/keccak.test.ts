import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { keccakWordOf } from './keccak.ts';
import { bytesToBigInt } from './words.ts';

describe('keccakWordOf', () => {
  it('matches keccak256 of the empty string and "abc" (published digests)', () => {
    expect(keccakWordOf(new Uint8Array(0), 0, 0)).toBe(0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n);
    expect(keccakWordOf(new TextEncoder().encode('abc'), 0, 3)).toBe(0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45n);
  });

  it('matches noble keccak_256 at every length around the 136-byte rate, with offsets', () => {
    const data = new Uint8Array(600);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
    for (const start of [0, 3]) {
      for (let len = 0; len <= 420; len++) {
        expect(keccakWordOf(data, start, len)).toBe(bytesToBigInt(keccak_256(data.subarray(start, start + len))));
      }
    }
  });
});
