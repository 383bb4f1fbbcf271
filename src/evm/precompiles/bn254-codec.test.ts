import { bn254 } from '@noble/curves/bn254.js';
import { describe, expect, it } from 'vitest';
import { bigIntToBytes } from './bytes.ts';
import { BN254_P, decodeG1, decodeG2, encodeG1 } from './bn254-codec.ts';
import { PrecompileInputError } from './result.ts';

const word = (v: bigint) => bigIntToBytes(v, 32);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('BN254 point codec (EIP-196/197)', () => {
  it('round-trips G1 points and encodes infinity as zeros', () => {
    const point = bn254.G1.Point.BASE.multiply(777n);
    const encoded = encodeG1(point);
    expect(decodeG1(encoded, 0).equals(point)).toBe(true);
    expect(encodeG1(bn254.G1.Point.ZERO)).toEqual(new Uint8Array(64));
    expect(decodeG1(new Uint8Array(64), 0).is0()).toBe(true);
  });

  it('decodes G2 with the imaginary part first', () => {
    const point = bn254.G2.Point.BASE.multiply(5n);
    const { x, y } = point.toAffine();
    const encoded = concat(word(x.c1), word(x.c0), word(y.c1), word(y.c0));
    expect(decodeG2(encoded, 0).equals(point)).toBe(true);
    expect(decodeG2(new Uint8Array(128), 0).is0()).toBe(true);
  });

  it('rejects coordinates >= p and points off the curve with PrecompileInputError', () => {
    expect(() => decodeG1(concat(word(BN254_P), word(0n)), 0)).toThrow(PrecompileInputError);
    expect(() => decodeG1(concat(word(1n), word(3n)), 0)).toThrow(PrecompileInputError);
    expect(() => decodeG2(concat(word(0n), word(1n), word(0n), word(1n)), 0)).toThrow(PrecompileInputError);
    expect(() => decodeG2(concat(word(BN254_P), word(0n), word(0n), word(0n)), 0)).toThrow(PrecompileInputError);
  });

  it('reads at an offset', () => {
    const encoded = concat(new Uint8Array(10), encodeG1(bn254.G1.Point.BASE));
    expect(decodeG1(encoded, 10).equals(bn254.G1.Point.BASE)).toBe(true);
  });
});
