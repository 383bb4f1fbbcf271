import { describe, expect, it } from 'vitest';
import { runIdentity } from './identity.ts';

describe('IDENTITY precompile', () => {
  it('returns a copy of the input for 15 + 3 per word', () => {
    const input = Uint8Array.from({ length: 70 }, (_, i) => i);
    const result = runIdentity(input, 1000n);
    expect(result).toEqual({ ok: true, gasUsed: 24n, output: input });
    if (!result.ok) return;
    result.output[0] = 99;
    expect(input[0]).toBe(0);
  });

  it('charges 15 gas for empty input', () => {
    expect(runIdentity(new Uint8Array(0), 15n)).toEqual({ ok: true, gasUsed: 15n, output: new Uint8Array(0) });
  });

  it('halts when the gas limit is below the cost', () => {
    expect(runIdentity(new Uint8Array(32), 17n)).toMatchObject({ ok: false });
  });
});
