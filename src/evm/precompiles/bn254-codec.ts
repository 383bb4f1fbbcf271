/**
 * EIP-196/197 encodings of alt_bn128 (BN254) points, with the strict validation the EIPs require.
 *
 * - G1 point: x(32) ‖ y(32), big-endian; (0, 0) encodes the point at infinity.
 * - G2 point: x_im(32) ‖ x_re(32) ‖ y_im(32) ‖ y_re(32) — the imaginary part comes FIRST
 *   (EIP-197, "Encoding"); all-zero encodes infinity.
 * Every coordinate must be < p; a non-infinity point must satisfy its curve equation; a G2 point
 * must also lie in the order-r subgroup (the twist has a large cofactor). G1 has cofactor 1, so
 * on-curve implies in-subgroup.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { bytesToBigInt, writeWord } from './bytes.ts';
import { PrecompileInputError } from './result.ts';

/** A BN254 G1 point (noble projective representation). */
export type G1Point = InstanceType<typeof bn254.G1.Point>;
/** A BN254 G2 point (noble projective representation). */
export type G2Point = InstanceType<typeof bn254.G2.Point>;

const { Fp, Fp2 } = bn254.fields;
const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
/** Base-field modulus p. */
export const BN254_P = Fp.ORDER;
/** Group order r of G1/G2. */
export const BN254_R = bn254.fields.Fr.ORDER;
const G1_B = G1.CURVE().b;
const G2_B = G2.CURVE().b;

/** Reads a coordinate at `offset` of a 32-byte-aligned buffer and checks it is < p. */
function readCoordinate(bytes: Uint8Array, offset: number, what: string): bigint {
  const value = bytesToBigInt(bytes.subarray(offset, offset + 32));
  if (value >= BN254_P) throw new PrecompileInputError(`${what} is not a field element (>= p)`);
  return value;
}

/** Decodes and validates the 64-byte G1 encoding at `offset` of `bytes` (which must be long enough). */
export function decodeG1(bytes: Uint8Array, offset: number): G1Point {
  const x = readCoordinate(bytes, offset, 'G1 x');
  const y = readCoordinate(bytes, offset + 32, 'G1 y');
  if (x === 0n && y === 0n) return G1.ZERO;
  // y^2 = x^3 + 3
  if (Fp.sqr(y) !== Fp.add(Fp.mul(Fp.sqr(x), x), G1_B)) throw new PrecompileInputError('G1 point is not on the curve');
  return G1.fromAffine({ x, y });
}

/** Decodes and validates the 128-byte G2 encoding at `offset` of `bytes`, including the subgroup check. */
export function decodeG2(bytes: Uint8Array, offset: number): G2Point {
  const xIm = readCoordinate(bytes, offset, 'G2 x.im');
  const xRe = readCoordinate(bytes, offset + 32, 'G2 x.re');
  const yIm = readCoordinate(bytes, offset + 64, 'G2 y.im');
  const yRe = readCoordinate(bytes, offset + 96, 'G2 y.re');
  if (xIm === 0n && xRe === 0n && yIm === 0n && yRe === 0n) return G2.ZERO;
  const x = Fp2.fromBigTuple([xRe, xIm]);
  const y = Fp2.fromBigTuple([yRe, yIm]);
  // y^2 = x^3 + 3/(9+u) on the D-type twist
  if (!Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), G2_B))) {
    throw new PrecompileInputError('G2 point is not on the twist curve');
  }
  const point = G2.fromAffine({ x, y });
  if (!point.isTorsionFree()) throw new PrecompileInputError('G2 point is not in the order-r subgroup');
  return point;
}

/** 64-byte EIP-196 encoding of a G1 point (infinity = 64 zero bytes). */
export function encodeG1(point: G1Point): Uint8Array {
  const out = new Uint8Array(64);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  writeWord(out, 0, x);
  writeWord(out, 32, y);
  return out;
}
