/**
 * RLP against the official ethereum/tests RLPTests (rlptest.json, invalidRLPTest.json,
 * RandomRLPTests) plus targeted canonical-form cases.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RlpError, rlpDecode, rlpDecodeBigInt, rlpEncode, rlpEncodeBigInt, type RlpItem } from './rlp.ts';

const FIXTURES = process.env.ETHEREUM_TESTS ?? resolve(import.meta.dirname, '../../../shared/ethereum-tests');
const RLP_DIR = join(FIXTURES, 'RLPTests');
const HAVE_FIXTURES = existsSync(RLP_DIR);

function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0) throw new Error(`odd-length hex ${hex}`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) {
    const byte = parseInt(h.slice(2 * i, 2 * i + 2), 16);
    if (Number.isNaN(byte)) throw new Error(`bad hex ${hex}`);
    out[i] = byte;
  }
  return out;
}

function bytesToHex(b: Uint8Array): string {
  let s = '0x';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Fixture `in` values: strings are raw bytes (one per char code), numbers and "#n" are integers. */
function fixtureToItem(value: unknown): RlpItem {
  if (Array.isArray(value)) return value.map(fixtureToItem);
  if (typeof value === 'number') return rlpEncodeBigInt(BigInt(value));
  if (typeof value === 'string') {
    if (value.startsWith('#')) return rlpEncodeBigInt(BigInt(value.slice(1)));
    const out = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > 0xff) throw new Error(`non-byte character in fixture string`);
      out[i] = c;
    }
    return out;
  }
  throw new Error(`unsupported fixture value ${JSON.stringify(value)}`);
}

/** Long-form list header (0xf7 + k, then k length bytes) for a payload of `len` > 55 bytes. */
function listHeader(len: number): Uint8Array {
  const lengthBytes = rlpEncodeBigInt(BigInt(len));
  return Uint8Array.of(0xf7 + lengthBytes.length, ...lengthBytes);
}

type RlpFixture = Record<string, { in: unknown; out: string }>;

function loadJson(path: string): RlpFixture {
  return JSON.parse(readFileSync(path, 'utf8')) as RlpFixture;
}

describe.runIf(!HAVE_FIXTURES && process.env.CI === 'true')('RLPTests fixtures', () => {
  it('are present', () => {
    expect.fail(`RLPTests fixtures not found at ${RLP_DIR} (set ETHEREUM_TESTS)`);
  });
});

describe.skipIf(!HAVE_FIXTURES)(`RLPTests (${HAVE_FIXTURES ? RLP_DIR : `skipped: fixtures not found at ${RLP_DIR}`})`, () => {
  it('rlptest.json: encodes `in` to `out` and decodes back', () => {
    const cases = Object.entries(loadJson(join(RLP_DIR, 'rlptest.json')));
    expect(cases.length).toBeGreaterThan(0);
    for (const [name, { in: input, out }] of cases) {
      const item = fixtureToItem(input);
      const encoded = rlpEncode(item);
      expect(bytesToHex(encoded), name).toBe(out.toLowerCase());
      expect(rlpDecode(encoded), name).toEqual(item);
    }
    console.log(`rlptest.json: ${cases.length} passed`);
  });

  it('invalidRLPTest.json: every case is rejected with RlpError', () => {
    const cases = Object.entries(loadJson(join(RLP_DIR, 'invalidRLPTest.json')));
    expect(cases.length).toBeGreaterThan(0);
    for (const [name, { out }] of cases) {
      expect(() => rlpDecode(hexToBytes(out)), name).toThrow(RlpError);
    }
    console.log(`invalidRLPTest.json: ${cases.length} rejected`);
  });

  it('RandomRLPTests: `out` decodes and re-encodes identically', () => {
    const dir = join(RLP_DIR, 'RandomRLPTests');
    let count = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      for (const [name, { out }] of Object.entries(loadJson(join(dir, file)))) {
        const bytes = hexToBytes(out);
        expect(rlpEncode(rlpDecode(bytes)), `${file}/${name}`).toEqual(bytes);
        count++;
      }
    }
    expect(count).toBeGreaterThan(0);
    console.log(`RandomRLPTests: ${count} passed`);
  });
});

describe('rlp canonical rules', () => {
  it('encodes boundaries between short and long forms', () => {
    expect(rlpEncode(new Uint8Array(55)).subarray(0, 1)).toEqual(Uint8Array.of(0xb7));
    expect(rlpEncode(new Uint8Array(56)).subarray(0, 2)).toEqual(Uint8Array.of(0xb8, 56));
    expect(rlpEncode(new Uint8Array(256)).subarray(0, 3)).toEqual(Uint8Array.of(0xb9, 1, 0));
    expect(rlpEncode([new Uint8Array(54)]).subarray(0, 1)).toEqual(Uint8Array.of(0xf7));
    expect(rlpEncode([new Uint8Array(55)]).subarray(0, 2)).toEqual(Uint8Array.of(0xf8, 56));
  });

  it('round-trips nested lists and large strings', () => {
    const medium = new Uint8Array(1000).map((_, i) => i & 0xff);
    const item: RlpItem = [[], [[Uint8Array.of(0)]], medium, Uint8Array.of(0x80), [Uint8Array.of(1, 2, 3)]];
    expect(rlpDecode(rlpEncode(item))).toEqual(item);
    // 3-byte long-form length; compared as buffers because deep equality on 70 kB is slow
    const big = new Uint8Array(70000).map((_, i) => (i * 7) & 0xff);
    const encoded = rlpEncode([big]);
    // list payload 70004 bytes = 0x011174: prefix 0xf7 + 3
    expect(encoded.subarray(0, 4)).toEqual(Uint8Array.of(0xfa, 0x01, 0x11, 0x74));
    const decoded = rlpDecode(encoded) as Uint8Array[];
    expect(Buffer.from(decoded[0]!).equals(Buffer.from(big))).toBe(true);
  });

  it('rejects trailing bytes, overruns and list payload mismatches', () => {
    expect(() => rlpDecode(Uint8Array.of(0x01, 0x02))).toThrow(RlpError);
    expect(() => rlpDecode(Uint8Array.of(0xc0, 0xc0))).toThrow(RlpError);
    expect(() => rlpDecode(Uint8Array.of(0x82, 0x01))).toThrow(RlpError);
    // list declares 2 bytes but its only item is 3 bytes long
    expect(() => rlpDecode(Uint8Array.of(0xc2, 0x82, 0x01, 0x02))).toThrow(RlpError);
    // huge 8-byte long-form length must not overflow the accumulator silently
    expect(() => rlpDecode(Uint8Array.of(0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toThrow(RlpError);
  });

  it('decodes deep nesting without exhausting the call stack', () => {
    // Build [[[...[]...]]] 50000 levels deep from the inside out, by hand (rlpEncode recurses).
    const depth = 50000;
    const headers: Uint8Array[] = [];
    let payload = 0;
    for (let i = 0; i < depth; i++) {
      const h = payload <= 55 ? Uint8Array.of(0xc0 + payload) : listHeader(payload);
      headers.push(h);
      payload += h.length;
    }
    const bytes = new Uint8Array(payload);
    let pos = 0;
    for (let i = headers.length - 1; i >= 0; i--) {
      bytes.set(headers[i]!, pos);
      pos += headers[i]!.length;
    }
    let item = rlpDecode(bytes);
    let levels = 0;
    while (Array.isArray(item) && item.length > 0) {
      item = item[0]!;
      levels++;
    }
    expect(levels).toBe(depth - 1);
    expect(item).toEqual([]);
  });

  it('integer helpers are minimal and reject leading zeros', () => {
    expect(rlpEncodeBigInt(0n)).toEqual(new Uint8Array(0));
    expect(rlpEncodeBigInt(0x0100n)).toEqual(Uint8Array.of(1, 0));
    // both sides of the 48-bit fast path
    expect(rlpEncodeBigInt(0xffffffffffffn)).toEqual(new Uint8Array(6).fill(0xff));
    expect(rlpEncodeBigInt(0x1000000000000n)).toEqual(Uint8Array.of(1, 0, 0, 0, 0, 0, 0));
    for (let n = 1n; n < 1n << 80n; n = n * 3n + 1n) expect(rlpDecodeBigInt(rlpEncodeBigInt(n))).toBe(n);
    expect(rlpDecodeBigInt(Uint8Array.of(1, 0))).toBe(0x100n);
    expect(rlpDecodeBigInt(new Uint8Array(0))).toBe(0n);
    expect(rlpDecodeBigInt(new Uint8Array(32).fill(0xff))).toBe((1n << 256n) - 1n);
    expect(() => rlpDecodeBigInt(Uint8Array.of(0, 1))).toThrow(RlpError);
    expect(() => rlpEncodeBigInt(-1n)).toThrow(RlpError);
  });
});
