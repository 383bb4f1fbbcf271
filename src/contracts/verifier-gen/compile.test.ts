import { describe, expect, it } from 'vitest';
import { compileVerifier, MAX_CODE_SIZE } from './compile.ts';
import { VerifierGenError } from './generate.ts';

/** A contract whose runtime code embeds `bytes` bytes of data. */
function contractWithData(bytes: number): string {
  return `pragma solidity 0.8.28;
contract Big { function data() external pure returns (bytes memory) { return hex"${'ab'.repeat(bytes)}"; } }`;
}

describe('compileVerifier', () => {
  it('returns contracts within the EIP-170 limit', () => {
    const c = compileVerifier(contractWithData(1000), 'Big');
    expect(c.deployedBytecode.length).toBeLessThanOrEqual(MAX_CODE_SIZE);
  });

  it('refuses runtime code above 24,576 bytes with a typed error naming the size', () => {
    let err: unknown;
    try {
      compileVerifier(contractWithData(MAX_CODE_SIZE), 'Big');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VerifierGenError);
    expect((err as VerifierGenError).details['codeSize']).toBeGreaterThan(MAX_CODE_SIZE);
  });
});
