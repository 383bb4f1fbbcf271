import { describe, expect, it } from 'vitest';
import { poseidon2Permute16 } from '../../hash/poseidon2.ts';
import { poseidon2Hash } from '../../hash/poseidon2-sponge.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import {
  BLOCK_BYTES,
  ByteStringKind,
  CodeDigestError,
  MAX_BYTE_STRING_LENGTH,
  byteStringDigest,
  byteStringSponge,
  codeDigest,
  dataDigest,
  spongeBlocks,
} from './code-digest.ts';

const key = (d: Uint32Array): string => Array.from(d).join(',');

describe('byte-string digest', () => {
  it('follows the documented construction (hand-built states)', () => {
    // 26 bytes: two blocks; the second holds bytes 24, 25 and 22 zero padding bytes.
    const bytes = Uint8Array.from({ length: 26 }, (_, i) => (i * 37 + 11) & 0xff);
    const state = new Uint32Array(16);
    state[8] = 26;
    state[9] = 1;
    for (let k = 0; k < 8; k++) state[k] = bytes[3 * k]! + 256 * bytes[3 * k + 1]! + 65536 * bytes[3 * k + 2]!;
    poseidon2Permute16(state);
    state.fill(0, 0, 8);
    state[0] = bytes[24]! + 256 * bytes[25]!;
    poseidon2Permute16(state);
    const dataState = state.slice();
    // Code is padded to cover index n + 32 = 58: a third, all-zero block.
    state.fill(0, 0, 8);
    poseidon2Permute16(state);
    expect(codeDigest(bytes)).toEqual(state.slice(0, 8));
    // As data the same bytes take two blocks, from the data tag.
    dataState.fill(0);
    dataState[8] = 26;
    dataState[9] = 2;
    for (let k = 0; k < 8; k++) dataState[k] = bytes[3 * k]! + 256 * bytes[3 * k + 1]! + 65536 * bytes[3 * k + 2]!;
    poseidon2Permute16(dataState);
    dataState.fill(0, 0, 8);
    dataState[0] = bytes[24]! + 256 * bytes[25]!;
    poseidon2Permute16(dataState);
    expect(dataDigest(bytes)).toEqual(dataState.slice(0, 8));

    // The empty data string: one all-zero block, length 0, tag 2.
    const empty = new Uint32Array(16);
    empty[9] = 2;
    poseidon2Permute16(empty);
    expect(dataDigest(new Uint8Array(0))).toEqual(empty.slice(0, 8));
  });

  it('absorbs floor((n + slack)/24) + 1 blocks and exposes every permutation', () => {
    const cases = [
      [ByteStringKind.Data, 0, 1],
      [ByteStringKind.Data, 1, 1],
      [ByteStringKind.Data, 23, 1],
      [ByteStringKind.Data, 24, 2],
      [ByteStringKind.Data, 47, 2],
      [ByteStringKind.Data, 48, 3],
      [ByteStringKind.Code, 0, 2],
      [ByteStringKind.Code, 15, 2],
      [ByteStringKind.Code, 16, 3],
      [ByteStringKind.Code, 39, 3],
      [ByteStringKind.Code, 40, 4],
    ] as const;
    for (const [kind, n, blocks] of cases) {
      expect(spongeBlocks(kind, n)).toBe(blocks);
      // The padded string covers index n + slack, and no whole block lies beyond it.
      const slack = kind === ByteStringKind.Code ? 32 : 0;
      expect(24 * blocks - 1 >= n + slack && 24 * (blocks - 1) <= n + slack).toBe(true);
      const s = byteStringSponge(kind, new Uint8Array(n).fill(0x5b));
      expect(s.inputs.length).toBe(16 * blocks);
      for (let b = 0; b < blocks; b++) {
        const st = s.inputs.slice(16 * b, 16 * b + 16);
        poseidon2Permute16(st);
        expect(st).toEqual(s.outputs.slice(16 * b, 16 * b + 16));
        // Capacity chaining: block b+1 starts from block b's output capacity.
        if (b + 1 < blocks) expect(s.inputs.slice(16 * (b + 1) + 8, 16 * (b + 2))).toEqual(s.outputs.slice(16 * b + 8, 16 * b + 16));
      }
      expect(s.digest).toEqual(s.outputs.slice(16 * (blocks - 1), 16 * (blocks - 1) + 8));
    }
  });

  it('is injective on trailing zeros, empty strings and lengths around block boundaries', () => {
    const seen = new Map<string, string>();
    const add = (kind: ByteStringKind, bytes: Uint8Array): void => {
      const label = `${kind}:${Array.from(bytes).join('.')}`;
      const k = key(byteStringDigest(kind, bytes));
      expect(seen.get(k), `${label} collides with ${seen.get(k)}`).toBeUndefined();
      seen.set(k, label);
    };
    const rng = new SeededRng(4);
    const base = Uint8Array.from({ length: 80 }, () => rng.below(256));
    for (const kind of [ByteStringKind.Code, ByteStringKind.Data]) {
      // All-zero strings of every length 0..73: only the length tells them apart.
      for (let n = 0; n <= 3 * BLOCK_BYTES + 1; n++) add(kind, new Uint8Array(n));
      // A string and the same string with 1..3 trailing zeros, around the block boundaries.
      for (const n of [1, 2, 15, 16, 22, 23, 24, 25, 39, 40, 46, 47, 48, 49]) {
        for (let z = 0; z <= 3; z++) {
          const b = new Uint8Array(n + z);
          b.set(base.subarray(0, n));
          if (b[n - 1] === 0) b[n - 1] = 1;
          add(kind, b);
        }
      }
    }
    // Every single-byte change of a two-block string changes the digest.
    const ref = key(codeDigest(base.subarray(0, 30)));
    for (let i = 0; i < 30; i++) {
      const b = base.slice(0, 30);
      b[i] ^= 1 << rng.below(8);
      expect(key(codeDigest(b))).not.toBe(ref);
    }
  });

  it('separates code from data and byte strings from field-vector hashes', () => {
    const bytes = Uint8Array.of(0x60, 0x01, 0x5b);
    expect(key(codeDigest(bytes))).not.toBe(key(dataDigest(bytes)));
    // The packed elements hashed as a field vector (poseidon2Hash) give another digest.
    expect(key(dataDigest(bytes))).not.toBe(key(poseidon2Hash(Uint32Array.of(0x60 + 256 * 0x01 + 65536 * 0x5b))));
    expect(key(dataDigest(new Uint8Array(0)))).not.toBe(key(poseidon2Hash(new Uint32Array(0))));
  });

  it('does not mutate its input and rejects bad kinds and oversized strings', () => {
    const bytes = Uint8Array.of(1, 2, 3);
    codeDigest(bytes);
    expect(Array.from(bytes)).toEqual([1, 2, 3]);
    expect(() => byteStringDigest(3 as ByteStringKind, bytes)).toThrow(CodeDigestError);
    expect(() => codeDigest(new Uint8Array(MAX_BYTE_STRING_LENGTH + 1))).toThrow('exceed');
  });
});
