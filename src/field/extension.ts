/**
 * The quartic extension F_p[X]/(X^4 - W), W = 11, over BabyBear: the challenge field of the STARK
 * (the same binomial extension as Plonky3's `BinomialExtensionField<BabyBear, 4>`; X^4 - 11 is
 * irreducible because 11 is not a square in F_p and p ≡ 1 mod 4, see Lidl–Niederreiter Thm 3.75).
 *
 * An element is a Uint32Array of four canonical coefficients a0 + a1·X + a2·X^2 + a3·X^3.
 * Functions returning an Fp4 always allocate a fresh array and never mutate their inputs; the
 * `...Into` forms write into flat storage (four words per element) for hot loops, and read all
 * inputs before writing so `out` may alias `a` or `b`.
 */
import { add, inv, mul, neg, P, reduceWide, sub } from './babybear.ts';
import { WASM_MIN_BATCH, ZeroInverseError } from './batch-inverse.ts';
import { fieldWasm } from './field-wasm.ts';

/** An extension element: four coefficients, low to high. */
export type Fp4 = Uint32Array;

/** The non-residue W in X^4 = W. */
export const FP4_W = 11;

/** Builds an element from its four coefficients (each reduced into [0, p)). */
export function fp4(a0: number, a1: number, a2: number, a3: number): Fp4 {
  return Uint32Array.of(canon(a0), canon(a1), canon(a2), canon(a3));
}

/** Embeds a base-field element. */
export function fp4FromBase(a: number): Fp4 {
  return Uint32Array.of(canon(a), 0, 0, 0);
}

/** The additive identity (frozen copy semantics: never mutated by this module). */
export const FP4_ZERO: Fp4 = Uint32Array.of(0, 0, 0, 0);
/** The multiplicative identity (never mutated by this module). */
export const FP4_ONE: Fp4 = Uint32Array.of(1, 0, 0, 0);

/** a + b. */
export function fp4Add(a: Fp4, b: Fp4): Fp4 {
  const out = new Uint32Array(4);
  fp4AddInto(out, 0, a, 0, b, 0);
  return out;
}

/** a - b. */
export function fp4Sub(a: Fp4, b: Fp4): Fp4 {
  const out = new Uint32Array(4);
  fp4SubInto(out, 0, a, 0, b, 0);
  return out;
}

/** -a. */
export function fp4Neg(a: Fp4): Fp4 {
  return Uint32Array.of(neg(a[0]!), neg(a[1]!), neg(a[2]!), neg(a[3]!));
}

/** a · b. */
export function fp4Mul(a: Fp4, b: Fp4): Fp4 {
  const out = new Uint32Array(4);
  fp4MulInto(out, 0, a, 0, b, 0);
  return out;
}

/** a · s for a base-field scalar s. */
export function fp4MulBase(a: Fp4, s: number): Fp4 {
  const c = canon(s);
  return Uint32Array.of(mul(a[0]!, c), mul(a[1]!, c), mul(a[2]!, c), mul(a[3]!, c));
}

/** a². */
export function fp4Square(a: Fp4): Fp4 {
  return fp4Mul(a, a);
}

/**
 * 1/a. Uses the tower norm: with a(X) = e(X²) + X·o(X²), a(X)·a(-X) = e² - X²·o² =: b0 + b1·X²
 * lies in the quadratic subfield F_p[Y]/(Y² - W), whose norm b0² - W·b1² lies in F_p. So
 * 1/a = a(-X) · (b0 - b1·X²) / (b0² - W·b1²): one base inversion.
 */
export function fp4Inv(a: Fp4): Fp4 {
  const a0 = a[0]!;
  const a1 = a[1]!;
  const a2 = a[2]!;
  const a3 = a[3]!;
  const b0 = sub(add(mul(a0, a0), mul(FP4_W, mul(a2, a2))), mul(2 * FP4_W, mul(a1, a3)));
  const b1 = sub(mul(2, mul(a0, a2)), add(mul(a1, a1), mul(FP4_W, mul(a3, a3))));
  const norm = sub(mul(b0, b0), mul(FP4_W, mul(b1, b1)));
  if (norm === 0) throw new RangeError('Fp4: zero has no inverse');
  const normInv = inv(norm);
  const conj = Uint32Array.of(a0, neg(a1), a2, neg(a3));
  const quad = Uint32Array.of(mul(b0, normInv), 0, mul(neg(b1), normInv), 0);
  return fp4Mul(conj, quad);
}

/** a^e for a non-negative integer exponent (number or bigint; may exceed p). */
export function fp4Pow(a: Fp4, e: number | bigint): Fp4 {
  let exp = BigInt(e);
  if (exp < 0n) throw new RangeError(`Fp4: negative exponent ${e}`);
  const result = Uint32Array.of(1, 0, 0, 0);
  const base = Uint32Array.from(a);
  while (exp > 0n) {
    if ((exp & 1n) === 1n) fp4MulInto(result, 0, result, 0, base, 0);
    exp >>= 1n;
    if (exp > 0n) fp4MulInto(base, 0, base, 0, base, 0);
  }
  return result;
}

/** a == b. */
export function fp4Eq(a: Fp4, b: Fp4): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** a == 0. */
export function fp4IsZero(a: Fp4): boolean {
  return a[0] === 0 && a[1] === 0 && a[2] === 0 && a[3] === 0;
}

/**
 * out[outOff..+4] = a[aOff..+4] · b[bOff..+4]; out may alias a or b.
 *
 * Schoolbook product with X^4 = W folded in by pre-multiplying b1..b3 by W. Each output
 * coefficient is a sum of four products x·y of canonical values; splitting y into 16-bit halves
 * keeps each partial sum below 4·2^31·2^16 = 2^49 < 2^53, exact in doubles, so a coefficient costs
 * two reductions instead of one per product.
 */
export function fp4MulInto(
  out: Uint32Array,
  outOff: number,
  a: Uint32Array,
  aOff: number,
  b: Uint32Array,
  bOff: number,
): void {
  const a0 = a[aOff]!;
  const a1 = a[aOff + 1]!;
  const a2 = a[aOff + 2]!;
  const a3 = a[aOff + 3]!;
  const b0 = b[bOff]!;
  const b1 = b[bOff + 1]!;
  const b2 = b[bOff + 2]!;
  const b3 = b[bOff + 3]!;
  const w1 = reduceWide(FP4_W * b1);
  const w2 = reduceWide(FP4_W * b2);
  const w3 = reduceWide(FP4_W * b3);
  const c0 = dot4(a0, b0, a1, w3, a2, w2, a3, w1);
  const c1 = dot4(a0, b1, a1, b0, a2, w3, a3, w2);
  const c2 = dot4(a0, b2, a1, b1, a2, b0, a3, w3);
  const c3 = dot4(a0, b3, a1, b2, a2, b1, a3, b0);
  out[outOff] = c0;
  out[outOff + 1] = c1;
  out[outOff + 2] = c2;
  out[outOff + 3] = c3;
}

/** (x0·y0 + x1·y1 + x2·y2 + x3·y3) mod p for canonical inputs, exact in doubles (see fp4MulInto). */
function dot4(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number): number {
  const hi = reduceWide(x0 * (y0 >>> 16) + x1 * (y1 >>> 16) + x2 * (y2 >>> 16) + x3 * (y3 >>> 16));
  const lo = x0 * (y0 & 0xffff) + x1 * (y1 & 0xffff) + x2 * (y2 & 0xffff) + x3 * (y3 & 0xffff);
  return reduceWide(hi * 65536 + lo);
}

/** out[outOff..+4] = a[aOff..+4] + b[bOff..+4]; out may alias a or b. */
export function fp4AddInto(
  out: Uint32Array,
  outOff: number,
  a: Uint32Array,
  aOff: number,
  b: Uint32Array,
  bOff: number,
): void {
  for (let i = 0; i < 4; i++) out[outOff + i] = add(a[aOff + i]!, b[bOff + i]!);
}

/** out[outOff..+4] = a[aOff..+4] - b[bOff..+4]; out may alias a or b. */
export function fp4SubInto(
  out: Uint32Array,
  outOff: number,
  a: Uint32Array,
  aOff: number,
  b: Uint32Array,
  bOff: number,
): void {
  for (let i = 0; i < 4; i++) out[outOff + i] = sub(a[aOff + i]!, b[bOff + i]!);
}

/**
 * Inverts n extension elements stored flat (4·n words) with Montgomery's trick: one fp4Inv and
 * three fp4 multiplications per element. Throws ZeroInverseError with the element index on a zero.
 * Batches of WASM_MIN_BATCH elements or more run in the WebAssembly kernel.
 */
export function fp4BatchInverse(values: Uint32Array): Uint32Array {
  if (values.length % 4 !== 0) {
    throw new RangeError(`fp4BatchInverse: length ${values.length} is not a multiple of 4`);
  }
  const n = values.length / 4;
  if (n < WASM_MIN_BATCH) return fp4BatchInverseReference(values);
  for (let i = 0; i < n; i++) {
    const o = 4 * i;
    if ((values[o]! | values[o + 1]! | values[o + 2]! | values[o + 3]!) === 0) throw new ZeroInverseError(i);
  }
  return fieldWasm().fp4BatchInverse(values, fp4Inv);
}

/** The plain TypeScript Fp4 batch inversion (same contract as fp4BatchInverse). */
export function fp4BatchInverseReference(values: Uint32Array): Uint32Array {
  if (values.length % 4 !== 0) {
    throw new RangeError(`fp4BatchInverse: length ${values.length} is not a multiple of 4`);
  }
  const n = values.length / 4;
  const out = new Uint32Array(values.length);
  if (n === 0) return out;
  const acc = Uint32Array.of(1, 0, 0, 0);
  for (let i = 0; i < n; i++) {
    const o = 4 * i;
    if ((values[o]! | values[o + 1]! | values[o + 2]! | values[o + 3]!) === 0) {
      throw new ZeroInverseError(i);
    }
    out.set(acc, o);
    fp4MulInto(acc, 0, acc, 0, values, o);
  }
  const accInv = fp4Inv(acc);
  for (let i = n - 1; i >= 0; i--) {
    const o = 4 * i;
    // out[o] holds the prefix product; replace it with accInv·prefix, then peel values[i] off.
    fp4MulInto(out, o, out, o, accInv, 0);
    fp4MulInto(accInv, 0, accInv, 0, values, o);
  }
  return out;
}

function canon(a: number): number {
  if (Number.isInteger(a) && a >= 0 && a < P) return a;
  if (!Number.isSafeInteger(a)) throw new RangeError(`Fp4: coefficient ${a} is not a safe integer`);
  const r = a % P;
  return r < 0 ? r + P : r;
}
