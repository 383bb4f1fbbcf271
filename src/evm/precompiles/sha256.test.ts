import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { runSha256 } from './sha256.ts';

// Digests: FIPS 180-2 appendix B.1 ("abc") and the well-known empty-string digest.
describe('SHA256 precompile', () => {
  it('hashes the empty input for 60 gas', () => {
    const result = runSha256(new Uint8Array(0), 60n);
    expect(result.ok && result.gasUsed).toBe(60n);
    expect(result.ok && bytesToHex(result.output)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes "abc" (FIPS 180-2 B.1) for 60 + 12 gas', () => {
    const result = runSha256(utf8ToBytes('abc'), 100n);
    expect(result.ok && result.gasUsed).toBe(72n);
    expect(result.ok && bytesToHex(result.output)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('charges 12 gas per started 32-byte word', () => {
    for (const [length, gas] of [[32, 72n], [33, 84n], [64, 84n], [65, 96n]] as const) {
      const result = runSha256(new Uint8Array(length), 1000n);
      expect(result.ok && result.gasUsed).toBe(gas);
    }
  });

  it('halts when the gas limit is below the cost', () => {
    expect(runSha256(new Uint8Array(33), 83n)).toMatchObject({ ok: false });
    expect(runSha256(new Uint8Array(33), 84n)).toMatchObject({ ok: true });
  });
});
