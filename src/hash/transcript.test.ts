import { describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { P } from '../field/babybear.ts';
import { Transcript, TranscriptError } from './transcript.ts';

/** A fixed script of absorbs and squeezes, returning everything squeezed. */
function script(t: Transcript, variant = 0): unknown[] {
  const out: unknown[] = [];
  t.absorbU64(3);
  t.absorbDigest(keccak_256(Uint8Array.of(1, 2, 3)));
  t.absorbFields(Uint32Array.of(1, 2, P - 1));
  out.push(t.squeezeField());
  t.absorbField(variant);
  t.absorbFp4(Uint32Array.of(4, 3, 2, 1));
  out.push(Array.from(t.squeezeFp4()));
  t.absorbBytes(new TextEncoder().encode('hello'));
  out.push(t.squeezeIndices(10, 12));
  out.push(t.squeezeField());
  return out;
}

describe('Transcript', () => {
  it('is deterministic and prover/verifier agree', () => {
    expect(script(new Transcript('test'))).toEqual(script(new Transcript('test')));
  });

  it('depends on the domain separator and on every absorbed value', () => {
    const base = JSON.stringify(script(new Transcript('test')));
    expect(JSON.stringify(script(new Transcript('test2')))).not.toBe(base);
    expect(JSON.stringify(script(new Transcript('test'), 1))).not.toBe(base);
  });

  it('matches the documented construction', () => {
    // init: S = keccak("zkevm/transcript/v1" ‖ u64(len) ‖ D); absorb field 5; squeeze.
    const enc = new TextEncoder();
    const label = enc.encode('zkevm/transcript/v1');
    const d = enc.encode('abc');
    const init = new Uint8Array([...label, 3, 0, 0, 0, 0, 0, 0, 0, ...d]);
    const s0 = keccak_256(init);
    const s1 = keccak_256(new Uint8Array([0x00, ...s0, 0x11, 5, 0, 0, 0]));
    const s2 = keccak_256(new Uint8Array([0x01, ...s1]));
    const words: number[] = [];
    for (let i = 0; i < 32; i += 4) words.push((s2[i]! | (s2[i + 1]! << 8) | (s2[i + 2]! << 16) | (s2[i + 3]! << 24)) >>> 0);
    const expected = words.map((w) => w & 0x7fffffff).filter((w) => w < P);
    const t = new Transcript('abc');
    t.absorbField(5);
    const got = Array.from({ length: Math.min(expected.length, 6) }, () => t.squeezeField());
    expect(got).toEqual(expected.slice(0, got.length));
    const idx = new Transcript('abc');
    idx.absorbField(5);
    expect(idx.squeezeIndices(8, 5)).toEqual(words.map((w) => w & 31));
  });

  it('grinding hashes 0x02 ‖ S ‖ u64(nonce) as documented', () => {
    const enc = new TextEncoder();
    const s0 = keccak_256(new Uint8Array([...enc.encode('zkevm/transcript/v1'), 3, 0, 0, 0, 0, 0, 0, 0, ...enc.encode('abc')]));
    const powHash = (n: number) => keccak_256(new Uint8Array([0x02, ...s0, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, 0, 0, 0, 0, 0]));
    let expected = 0;
    while (powHash(expected)[0] !== 0) expected++;
    expect(new Transcript('abc').grind(8)).toBe(BigInt(expected));
  });

  it('absorb framing is unambiguous', () => {
    const a = new Transcript('x');
    a.absorbBytes(Uint8Array.of(1, 2));
    a.absorbBytes(Uint8Array.of(3));
    const b = new Transcript('x');
    b.absorbBytes(Uint8Array.of(1));
    b.absorbBytes(Uint8Array.of(2, 3));
    expect(a.squeezeField()).not.toBe(b.squeezeField());
    const c = new Transcript('x');
    c.absorbField(7);
    const e = new Transcript('x');
    e.absorbFields([7]);
    expect(c.squeezeField()).not.toBe(e.squeezeField());
  });

  it('squeezes canonical, well-spread values', () => {
    const t = new Transcript('spread');
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 4000; i++) {
      const x = t.squeezeField();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(P);
      counts[Math.floor((x / P) * 8)]++;
    }
    for (const c of counts) expect(Math.abs(c - 500)).toBeLessThan(120);
    for (const i of t.squeezeIndices(500, 7)) expect(i >= 0 && i < 128).toBe(true);
    expect(t.squeezeIndices(3, 0)).toEqual([0, 0, 0]);
    for (const i of t.squeezeIndices(50, 32)) expect(i >= 0 && i < 2 ** 32).toBe(true);
  });

  it('clone forks an independent copy', () => {
    const t = new Transcript('fork');
    t.absorbU64(99n);
    t.squeezeField();
    t.absorbField(3);
    const c = t.clone();
    expect(c.squeezeFp4()).toEqual(t.squeezeFp4());
    c.absorbField(1);
    t.absorbField(2);
    expect(c.squeezeField()).not.toBe(t.squeezeField());
  });

  it('rejects non-canonical input', () => {
    const t = new Transcript('bad');
    expect(() => t.absorbField(P)).toThrow(TranscriptError);
    expect(() => t.absorbField(-1)).toThrow(TranscriptError);
    expect(() => t.absorbFields([1, P + 3])).toThrow(TranscriptError);
    expect(() => t.absorbFp4(Uint32Array.of(1, 2, 3))).toThrow(TranscriptError);
    expect(() => t.absorbDigest(new Uint8Array(31))).toThrow(TranscriptError);
    expect(() => t.absorbU64(-1)).toThrow(TranscriptError);
    expect(() => t.absorbU64(1n << 64n)).toThrow(TranscriptError);
    expect(() => t.squeezeIndices(1, 33)).toThrow(TranscriptError);
    expect(() => t.grind(41)).toThrow(TranscriptError);
  });

  it('grinding: the found nonce verifies, a wrong nonce is rejected, transcripts stay in sync', () => {
    const bits = 10;
    const prover = new Transcript('pow');
    prover.absorbDigest(new Uint8Array(32).fill(9));
    const verifier = prover.clone();
    const wrongVerifier = prover.clone();
    const nonce = prover.grind(bits);

    // The nonce is the least one: every smaller nonce fails.
    for (let n = 0n; n < nonce; n++) expect(wrongVerifierCheck(wrongVerifier, bits, n)).toBe(false);
    expect(verifier.checkGrind(bits, nonce)).toBe(true);
    expect(verifier.squeezeField()).toBe(prover.squeezeField());

    // Roughly 2^-10 of nonces pass: a nonce that fails is rejected and the hash really has leading zeros.
    let rejected = 0;
    for (let n = nonce + 1n; n < nonce + 200n; n++) if (!wrongVerifierCheck(wrongVerifier, bits, n)) rejected++;
    expect(rejected).toBeGreaterThan(190);
    expect(wrongVerifier.checkGrind(bits, -1n)).toBe(false);
    expect(wrongVerifier.checkGrind(bits, 1n << 64n)).toBe(false);
    expect(new Transcript('zero').checkGrind(0, 12345n)).toBe(true);
  });
});

/** checkGrind on a throwaway copy, so a failed check never disturbs the shared transcript. */
function wrongVerifierCheck(t: Transcript, bits: number, nonce: bigint): boolean {
  return t.clone().checkGrind(bits, nonce);
}
