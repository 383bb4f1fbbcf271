import { describe, expect, it } from 'vitest';
import { blobBaseFee, fakeExponential } from '../gas.ts';
import { hexToBytes, runBytecode } from '../testing.ts';

describe('block', () => {
  it('COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT, CHAINID, BASEFEE, BLOBBASEFEE', () => {
    const r = runBytecode(hexToBytes('41424344454648' + '4a'), {
      block: { coinbase: 0xc0n, timestamp: 1234n, number: 99n, prevRandao: 0xabn, gasLimit: 8_000_000n, chainId: 5n, baseFee: 9n },
    });
    expect(r.stack).toEqual([0xc0n, 1234n, 99n, 0xabn, 8_000_000n, 5n, 9n, 1n]);
  });

  it('BLOCKHASH serves only the 256 previous blocks', () => {
    const block = { number: 300n, blockHash: (n: bigint) => 0x1000n + n };
    // PUSH2 299, PUSH2 44, PUSH2 43, PUSH2 300
    const r = runBytecode(hexToBytes('61012b40' + '61002c40' + '61002b40' + '61012c40'), { block });
    expect(r.stack).toEqual([0x1000n + 299n, 0x1000n + 44n, 0n, 0n]);
  });

  it('SELFBALANCE costs 5', () => {
    expect(runBytecode(hexToBytes('47')).gasUsed).toBe(5n);
  });

  it('BLOBHASH is zero out of range', () => {
    expect(runBytecode(hexToBytes('600049')).stack).toEqual([0n]);
  });

  it('fake_exponential matches the EIP-4844 reference values', () => {
    // Test vectors from the EIP-4844 reference implementation tests (execution-specs).
    expect(fakeExponential(1n, 0n, 1n)).toBe(1n);
    expect(fakeExponential(38493n, 0n, 1000n)).toBe(38493n);
    expect(fakeExponential(0n, 1234n, 2345n)).toBe(0n);
    expect(fakeExponential(1n, 2n, 1n)).toBe(6n); // approximates e^2
    expect(fakeExponential(2n, 5n, 2n)).toBe(23n);
    expect(fakeExponential(1n, 50000000n, 2225652n)).toBe(5709098764n);
    expect(blobBaseFee(0n)).toBe(1n);
    // The blob base fee reaches 2 once the excess is about ln(2) * 3338477.
    expect(blobBaseFee(2314058n)).toBe(2n);
    expect(blobBaseFee(2314057n)).toBe(1n);
  });
});
