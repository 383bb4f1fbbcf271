/**
 * BabyBear prime field, p = 2^31 - 2^27 + 1 = 15 * 2^27 + 1, two-adicity 27.
 *
 * Elements are plain numbers in [0, p). These scalar functions are the reference path and the
 * API every layer above uses for single values; bulk work goes through the vector kernels.
 * A product of two elements is up to 2^62, beyond a double's 53-bit mantissa, so `mul` splits
 * one operand into 16-bit halves: each partial product stays below 2^48 and is exact, and
 * `reduceWide` reduces such values without `%`.
 */

/** The BabyBear modulus. */
export const P = 0x78000001;
/** Largest k such that 2^k divides p - 1. */
export const TWO_ADICITY = 27;
/** A generator of the multiplicative group (the same one Plonky3 uses). */
export const GENERATOR = 31;

/** a + b mod p. */
export function add(a: number, b: number): number {
  const s = a + b;
  return s >= P ? s - P : s;
}

/** a - b mod p. */
export function sub(a: number, b: number): number {
  const d = a - b;
  return d < 0 ? d + P : d;
}

/** -a mod p. */
export function neg(a: number): number {
  return a === 0 ? 0 : P - a;
}

const INV_P = 1 / P;

/**
 * x mod p for an integer 0 <= x < 2^53. The quotient estimate ⌊x·(1/p)⌋ is off by at most one
 * (relative error of the double product ≤ 2^-52), and q·p < 2^53 is exact, so one correction
 * step suffices. This avoids `%` on doubles, which V8 lowers to a slow fmod call.
 */
export function reduceWide(x: number): number {
  const r = x - Math.floor(x * INV_P) * P;
  return r < 0 ? r + P : r >= P ? r - P : r;
}

/** a * b mod p, exact in doubles: b is split into 16-bit halves so partial products stay < 2^48. */
export function mul(a: number, b: number): number {
  const hi = reduceWide(a * (b >>> 16));
  return reduceWide(hi * 65536 + a * (b & 0xffff));
}

/** a^e mod p for a non-negative safe-integer exponent e. */
export function pow(a: number, e: number): number {
  let result = 1;
  let base = a;
  let exp = e;
  while (exp > 0) {
    if (exp % 2 === 1) result = mul(result, base);
    base = mul(base, base);
    exp = Math.floor(exp / 2);
  }
  return result;
}

/** Multiplicative inverse; throws RangeError for zero, which has none. */
export function inv(a: number): number {
  if (a === 0) throw new RangeError('BabyBear: zero has no inverse');
  return pow(a, P - 2);
}

/** Reduce any safe integer (possibly negative) into [0, p). */
export function fromInt(n: number): number {
  const r = n % P;
  return r < 0 ? r + P : r;
}

/** A generator of the subgroup of order 2^bits, bits <= 27: GENERATOR^((p-1)/2^bits). */
export function twoAdicGenerator(bits: number): number {
  if (!Number.isInteger(bits) || bits < 0 || bits > TWO_ADICITY) {
    throw new RangeError(`BabyBear: no subgroup of order 2^${bits}; two-adicity is ${TWO_ADICITY}`);
  }
  return pow(GENERATOR, (P - 1) / 2 ** bits);
}
