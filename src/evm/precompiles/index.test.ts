import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { isPrecompile, PRECOMPILE_ADDRESSES, runPrecompile, UnknownPrecompileError } from './index.ts';

describe('precompile dispatch', () => {
  it('recognises exactly 0x01..0x0a as Cancun precompiles', () => {
    expect(isPrecompile(0n)).toBe(false);
    for (let a = 1n; a <= 10n; a++) expect(isPrecompile(a)).toBe(true);
    expect(isPrecompile(11n)).toBe(false);
    expect(isPrecompile(0x100n)).toBe(false);
    expect(isPrecompile(1n << 159n)).toBe(false);
    expect(PRECOMPILE_ADDRESSES).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
  });

  it('routes each address to its contract', () => {
    const input = hexToBytes('616263');
    const sha = runPrecompile(2n, input, 100n);
    expect(sha.ok && sha.output[0]).toBe(0xba);
    const ripemd = runPrecompile(3n, input, 1000n);
    expect(ripemd.ok && ripemd.output[12]).toBe(0x8e);
    expect(runPrecompile(4n, input, 100n)).toEqual({ ok: true, gasUsed: 18n, output: input });
    expect(runPrecompile(1n, new Uint8Array(0), 3000n)).toEqual({ ok: true, gasUsed: 3000n, output: new Uint8Array(0) });
    expect(runPrecompile(5n, new Uint8Array(0), 200n)).toEqual({ ok: true, gasUsed: 200n, output: new Uint8Array(0) });
    expect(runPrecompile(6n, new Uint8Array(0), 150n)).toEqual({ ok: true, gasUsed: 150n, output: new Uint8Array(64) });
    expect(runPrecompile(7n, new Uint8Array(0), 6000n)).toEqual({ ok: true, gasUsed: 6000n, output: new Uint8Array(64) });
    const pairing = runPrecompile(8n, new Uint8Array(0), 45000n);
    expect(pairing.ok && pairing.output[31]).toBe(1);
    expect(runPrecompile(9n, new Uint8Array(0), 1000n)).toMatchObject({ ok: false });
    expect(runPrecompile(10n, new Uint8Array(0), 50000n)).toMatchObject({ ok: false });
  });

  it('turns gas below the cost into ok:false for every contract', () => {
    // A well-formed BLAKE2F input asking for one round (cost 1 gas).
    const blake2fOneRound = new Uint8Array(213);
    blake2fOneRound[3] = 1;
    for (let a = 1n; a <= 10n; a++) {
      const input = a === 9n ? blake2fOneRound : new Uint8Array(a === 8n ? 192 : 64);
      expect(runPrecompile(a, input, 0n), `address ${a}`).toMatchObject({ ok: false, reason: expect.stringMatching(/^out of gas/) });
    }
  });

  it('throws a typed error for a non-precompile address', () => {
    expect(() => runPrecompile(11n, new Uint8Array(0), 100n)).toThrow(UnknownPrecompileError);
    expect(() => runPrecompile(0n, new Uint8Array(0), 100n)).toThrow(UnknownPrecompileError);
  });
});
