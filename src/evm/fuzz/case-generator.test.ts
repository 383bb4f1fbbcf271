import { describe, expect, it } from 'vitest';
import { intrinsicGas } from '../transaction/intrinsic-gas.ts';
import { checkTransactionStatic } from '../transaction/validate.ts';
import { fuzzBlockHash, generateCase } from './case-generator.ts';

describe('generateCase', () => {
  it('is reproducible from (seed, index)', () => {
    const a = generateCase(3, 17);
    const b = generateCase(3, 17);
    expect(a.tx.hash).toEqual(b.tx.hash);
    expect([...a.pre.keys()]).toEqual([...b.pre.keys()]);
    expect(generateCase(3, 18).tx.hash).not.toEqual(a.tx.hash);
  });

  it('produces valid, affordable transactions of every type', () => {
    const types = new Set<number>();
    let creates = 0;
    for (let i = 0; i < 200; i++) {
      const { tx, pre, block } = generateCase(5, i);
      types.add(tx.type);
      if (tx.to === null) creates++;
      expect(checkTransactionStatic(tx, block.chainId)).toBeUndefined();
      expect(intrinsicGas(tx)).toBeLessThanOrEqual(tx.gasLimit);
      expect(tx.maxFeePerGas).toBeGreaterThanOrEqual(block.baseFee);
      const sender = pre.get(tx.sender);
      expect(sender?.nonce).toBe(tx.nonce);
      expect(sender?.code.length).toBe(0);
      expect(sender!.balance > tx.gasLimit * tx.maxFeePerGas + tx.value + 10n ** 6n).toBe(true);
    }
    expect([...types].sort()).toEqual([0, 1, 2, 3]);
    expect(creates).toBeGreaterThan(5);
  });

  it('serves block hashes for the 256 most recent blocks only', () => {
    expect(fuzzBlockHash(1000n, 999n)).toBeTypeOf('bigint');
    expect(fuzzBlockHash(1000n, 744n)).toBeTypeOf('bigint');
    expect(fuzzBlockHash(1000n, 743n)).toBeUndefined();
    expect(fuzzBlockHash(1000n, 1000n)).toBeUndefined();
    expect(fuzzBlockHash(1000n, 999n)).not.toBe(fuzzBlockHash(1000n, 998n));
  });
});
