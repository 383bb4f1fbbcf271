import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { BLAKE2F_STATE_BYTES, BLAKE2F_WASM_PATH, Blake2fInputError, loadBlake2fWasm } from './blake2f-wasm.ts';
import { blake2fTypeScript } from './blake2f.ts';

const wasm = loadBlake2fWasm();
const ci = process.env.CI === 'true' || process.env.CI === '1';

/** xorshift32 (Marsaglia 2003): a seeded generator so any failure is reproducible. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

function randomBlock(next: () => number): Uint8Array {
  const words = new Uint32Array(BLAKE2F_STATE_BYTES / 4);
  for (let i = 0; i < words.length; i++) words[i] = next();
  return new Uint8Array(words.buffer);
}

describe('BLAKE2F WebAssembly module', () => {
  it('is built whenever CI is set, so CI never silently runs the ~15× slower TypeScript F', () => {
    if (ci) expect(wasm, `${BLAKE2F_WASM_PATH} is missing: run \`npm run build:wasm\``).not.toBeNull();
  });
});

describe.skipIf(wasm === null)('BLAKE2F WebAssembly F against the TypeScript F', () => {
  const f = wasm!;

  it('agrees on 300 random h ‖ m ‖ t blocks, both final flags, 0..40 rounds', () => {
    const next = rng(0x152);
    for (let i = 0; i < 300; i++) {
      const hmt = randomBlock(next);
      const final = (next() & 1) === 1;
      const rounds = next() % 41;
      expect(bytesToHex(f(hmt, final, rounds)), `case ${i}`).toBe(bytesToHex(blake2fTypeScript(hmt, final, rounds)));
    }
  });

  it('agrees on random blocks at round counts around the per-call split (2^16) and its multiples', () => {
    const next = rng(0x7693);
    for (const rounds of [65_535, 65_536, 65_537, 2 * 65_536 + 9]) {
      const hmt = randomBlock(next);
      expect(bytesToHex(f(hmt, true, rounds)), `${rounds} rounds`).toBe(bytesToHex(blake2fTypeScript(hmt, true, rounds)));
    }
  });

  it('agrees on all-zero and all-ones blocks (carry and rotation edge cases)', () => {
    for (const fill of [0x00, 0xff]) {
      const hmt = new Uint8Array(BLAKE2F_STATE_BYTES).fill(fill);
      for (const rounds of [0, 1, 10, 12, 21]) {
        for (const final of [false, true]) {
          expect(bytesToHex(f(hmt, final, rounds))).toBe(bytesToHex(blake2fTypeScript(hmt, final, rounds)));
        }
      }
    }
  });

  it('leaves its input untouched and carries no state between calls', () => {
    const next = rng(99);
    const a = randomBlock(next);
    const b = randomBlock(next);
    const aCopy = a.slice();
    const first = bytesToHex(f(a, false, 12));
    f(b, true, 7);
    expect(bytesToHex(f(a, false, 12))).toBe(first);
    expect(a).toEqual(aCopy);
  });

  it('accepts an unaligned view of a larger buffer', () => {
    const next = rng(5);
    const hmt = randomBlock(next);
    const padded = new Uint8Array(BLAKE2F_STATE_BYTES + 3);
    padded.set(hmt, 3);
    expect(bytesToHex(f(padded.subarray(3), true, 12))).toBe(bytesToHex(blake2fTypeScript(hmt, true, 12)));
  });

  it('rejects a block that is not 208 bytes and a round count that is not a u32', () => {
    expect(() => f(new Uint8Array(207), true, 12)).toThrow(Blake2fInputError);
    expect(() => f(new Uint8Array(BLAKE2F_STATE_BYTES), true, -1)).toThrow(Blake2fInputError);
    expect(() => f(new Uint8Array(BLAKE2F_STATE_BYTES), true, 2 ** 32)).toThrow(Blake2fInputError);
    expect(() => f(new Uint8Array(BLAKE2F_STATE_BYTES), true, 1.5)).toThrow(Blake2fInputError);
  });
});
