import { describe, expect, it } from 'vitest';
import { halt, outOfGas, PrecompileInputError, succeed, wordPricedGas } from './result.ts';

describe('precompile result helpers', () => {
  it('builds success and halt results', () => {
    const output = Uint8Array.from([1]);
    expect(succeed(5n, output)).toEqual({ ok: true, gasUsed: 5n, output });
    expect(halt('bad input')).toEqual({ ok: false, reason: 'bad input' });
    expect(outOfGas(10n, 9n)).toEqual({ ok: false, reason: 'out of gas: requires 10, limit 9' });
  });

  it('prices per started 32-byte word', () => {
    expect(wordPricedGas(15n, 3n, 0)).toBe(15n);
    expect(wordPricedGas(15n, 3n, 1)).toBe(18n);
    expect(wordPricedGas(15n, 3n, 32)).toBe(18n);
    expect(wordPricedGas(15n, 3n, 33)).toBe(21n);
  });

  it('PrecompileInputError is a typed Error', () => {
    const error = new PrecompileInputError('x');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PrecompileInputError');
  });
});
