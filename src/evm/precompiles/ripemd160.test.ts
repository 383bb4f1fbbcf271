import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { runRipemd160 } from './ripemd160.ts';

// Digests from the RIPEMD-160 reference page (Bosselaers): "" and "abc".
describe('RIPEMD160 precompile', () => {
  it('returns the empty-input digest left-padded to 32 bytes for 600 gas', () => {
    const result = runRipemd160(new Uint8Array(0), 600n);
    expect(result.ok && result.gasUsed).toBe(600n);
    expect(result.ok && bytesToHex(result.output)).toBe('0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31');
  });

  it('hashes "abc" for 600 + 120 gas', () => {
    const result = runRipemd160(utf8ToBytes('abc'), 720n);
    expect(result.ok && result.gasUsed).toBe(720n);
    expect(result.ok && bytesToHex(result.output)).toBe('0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
  });

  it('halts when the gas limit is below the cost', () => {
    expect(runRipemd160(new Uint8Array(64), 839n)).toMatchObject({ ok: false });
    expect(runRipemd160(new Uint8Array(64), 840n)).toMatchObject({ ok: true, gasUsed: 840n });
  });
});
