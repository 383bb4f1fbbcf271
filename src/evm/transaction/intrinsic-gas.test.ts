import { describe, expect, it } from 'vitest';
import { calldataGas, intrinsicGas } from './intrinsic-gas.ts';

describe('intrinsicGas (Cancun)', () => {
  it('charges 21000 for a plain transfer', () => {
    expect(intrinsicGas({ to: 1n, data: new Uint8Array(0), accessList: [] })).toBe(21000n);
  });

  it('charges 4 per zero and 16 per non-zero calldata byte (EIP-2028)', () => {
    expect(calldataGas(Uint8Array.of(0, 0, 1, 0xff))).toBe(2n * 4n + 2n * 16n);
    expect(intrinsicGas({ to: 1n, data: Uint8Array.of(0, 7), accessList: [] })).toBe(21000n + 4n + 16n);
  });

  it('charges 32000 plus 2 per initcode word for creations (EIP-3860)', () => {
    // 33 bytes of 0x01 = 2 words
    expect(intrinsicGas({ to: null, data: new Uint8Array(33).fill(1), accessList: [] })).toBe(53000n + 33n * 16n + 2n * 2n);
    expect(intrinsicGas({ to: null, data: new Uint8Array(32), accessList: [] })).toBe(53000n + 32n * 4n + 2n);
    expect(intrinsicGas({ to: null, data: new Uint8Array(0), accessList: [] })).toBe(53000n);
  });

  it('charges 2400 per access-list address and 1900 per key (EIP-2930)', () => {
    const accessList = [
      { address: 1n, storageKeys: [0n, 1n, 2n] },
      { address: 2n, storageKeys: [] },
    ];
    expect(intrinsicGas({ to: 3n, data: new Uint8Array(0), accessList })).toBe(21000n + 2n * 2400n + 3n * 1900n);
  });

  it('counts a partial last initcode word as a whole word', () => {
    // 49152 bytes (the EIP-3860 limit) = 1536 words; one more byte starts word 1537.
    expect(intrinsicGas({ to: null, data: new Uint8Array(49152), accessList: [] })).toBe(53000n + 49152n * 4n + 1536n * 2n);
    expect(intrinsicGas({ to: null, data: new Uint8Array(49153), accessList: [] })).toBe(53000n + 49153n * 4n + 1537n * 2n);
  });
});
