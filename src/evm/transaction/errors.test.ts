import { describe, expect, it } from 'vitest';
import { InvalidTransactionError, matchesExpectedException } from './errors.ts';

describe('InvalidTransactionError', () => {
  it('carries its code and details', () => {
    const e = new InvalidTransactionError('INTRINSIC_GAS_TOO_LOW', 'gas limit 1 is below 21000', { gasLimit: 1n });
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('INTRINSIC_GAS_TOO_LOW');
    expect(e.message).toContain('INTRINSIC_GAS_TOO_LOW');
    expect(e.details).toEqual({ gasLimit: 1n });
  });

  it('matches any alternative of a fixture exception string', () => {
    const expected = 'TransactionException.INSUFFICIENT_ACCOUNT_FUNDS|TransactionException.INTRINSIC_GAS_TOO_LOW';
    expect(matchesExpectedException('INTRINSIC_GAS_TOO_LOW', expected)).toBe(true);
    expect(matchesExpectedException('INSUFFICIENT_ACCOUNT_FUNDS', expected)).toBe(true);
    expect(matchesExpectedException('NONCE_IS_MAX', expected)).toBe(false);
    // no prefix matching: PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS is not ..._2
    expect(matchesExpectedException('PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS', 'TransactionException.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2')).toBe(false);
  });
});
