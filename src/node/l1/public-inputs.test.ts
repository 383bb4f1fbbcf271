/**
 * The public input encoding (the on-chain twin is compared in client.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  PUBLIC_INPUT_COUNT,
  PublicInputEncodingError,
  commitmentLimbs,
  publicInputFields,
  stateRootElements,
  stateRootFromElements,
  transactionCommitment,
} from './public-inputs.ts';

const P = 2013265921;

describe('state roots', () => {
  it('pack 8 elements big-endian, element i in bytes [4i, 4i+4)', () => {
    const root = stateRootFromElements([1, 2, 3, 0x10203, P - 1, 0, 7, 0x7fffffff - 0x8000000]);
    expect(root).toBe('0x00000001000000020000000300010203780000000000000000000007' + '77ffffff');
    expect(stateRootElements(root)).toEqual([1, 2, 3, 0x10203, P - 1, 0, 7, 0x77ffffff]);
  });

  it('refuse non-canonical elements, wrong counts and malformed hex', () => {
    expect(() => stateRootFromElements([P, 0, 0, 0, 0, 0, 0, 0])).toThrow(PublicInputEncodingError);
    expect(() => stateRootFromElements([-1, 0, 0, 0, 0, 0, 0, 0])).toThrow(PublicInputEncodingError);
    expect(() => stateRootFromElements([1, 2, 3])).toThrow(/expected 8 elements/);
    expect(() => stateRootElements(`0x${'00'.repeat(28)}78000001`)).toThrow(/element 7 = 2013265921 is not canonical/);
    expect(() => stateRootElements('0x1234')).toThrow(/32 bytes/);
  });
});

describe('transaction commitment', () => {
  it('is keccak256 of the batch data', () => {
    const data = new TextEncoder().encode('batch');
    expect(transactionCommitment(data)).toBe(`0x${Buffer.from(keccak_256(data)).toString('hex')}`);
    // keccak256("") from the Keccak team's test vectors.
    expect(transactionCommitment(new Uint8Array(0))).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });

  it('splits into 16 big-endian 16-bit limbs', () => {
    const c = `0x${Array.from({ length: 32 }, (_, i) => (i + 1).toString(16).padStart(2, '0')).join('')}` as const;
    const limbs = commitmentLimbs(c);
    expect(limbs).toHaveLength(16);
    expect(limbs[0]).toBe(0x0102);
    expect(limbs[15]).toBe(0x1f20);
    expect(commitmentLimbs(`0x${'ff'.repeat(32)}`)).toEqual(new Array(16).fill(0xffff));
  });
});

describe('publicInputFields', () => {
  it('is [prev root, new root, commitment limbs] and distinguishes each part', () => {
    const prev = stateRootFromElements([1, 2, 3, 4, 5, 6, 7, 8]);
    const next = stateRootFromElements([9, 10, 11, 12, 13, 14, 15, 16]);
    const txCommitment = transactionCommitment(Uint8Array.of(1));
    const fields = publicInputFields({ prevStateRoot: prev, newStateRoot: next, txCommitment });
    expect(fields).toHaveLength(PUBLIC_INPUT_COUNT);
    expect(fields.slice(0, 16)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(fields.slice(16)).toEqual(commitmentLimbs(txCommitment));
    expect(fields.every((f) => f < P)).toBe(true);
    const swapped = publicInputFields({ prevStateRoot: next, newStateRoot: prev, txCommitment });
    expect(swapped).not.toEqual(fields);
  });
});
