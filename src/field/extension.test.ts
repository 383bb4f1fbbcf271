import { describe, expect, it } from 'vitest';
import { P, twoAdicGenerator } from './babybear.ts';
import { ZeroInverseError } from './batch-inverse.ts';
import {
  fp4, fp4Add, fp4AddInto, fp4BatchInverse, fp4BatchInverseReference, fp4Eq, fp4FromBase, fp4Inv, fp4IsZero, fp4Mul,
  fp4MulBase, fp4MulInto, fp4Neg, fp4Pow, fp4Square, fp4Sub, fp4SubInto, FP4_ONE, FP4_ZERO,
  type Fp4,
} from './extension.ts';

const PB = BigInt(P);

function randFp4(): Fp4 {
  return fp4(rand(), rand(), rand(), rand());
}
function rand(): number {
  return Math.floor(Math.random() * P);
}

/** Independent BigInt oracle: schoolbook product reduced by X^4 = 11. */
function oracleMul(a: Fp4, b: Fp4): number[] {
  const c = new Array<bigint>(7).fill(0n);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) c[i + j]! += BigInt(a[i]!) * BigInt(b[j]!);
  for (let k = 6; k >= 4; k--) c[k - 4]! += 11n * c[k]!;
  return c.slice(0, 4).map((x) => Number(x % PB));
}

describe('Fp4 = F_p[X]/(X^4 - 11)', () => {
  it('X^4 = 11', () => {
    const x = fp4(0, 1, 0, 0);
    expect(Array.from(fp4Pow(x, 4))).toEqual([11, 0, 0, 0]);
  });

  it('multiplication matches a BigInt schoolbook oracle', () => {
    const max = fp4(P - 1, P - 1, P - 1, P - 1);
    expect(Array.from(fp4Mul(max, max))).toEqual(oracleMul(max, max));
    for (let i = 0; i < 500; i++) {
      const a = randFp4();
      const b = randFp4();
      expect(Array.from(fp4Mul(a, b))).toEqual(oracleMul(a, b));
    }
  });

  it('ring axioms and identities hold on random inputs', () => {
    for (let i = 0; i < 200; i++) {
      const a = randFp4();
      const b = randFp4();
      const c = randFp4();
      expect(fp4Eq(fp4Mul(a, fp4Add(b, c)), fp4Add(fp4Mul(a, b), fp4Mul(a, c)))).toBe(true);
      expect(fp4Eq(fp4Mul(fp4Mul(a, b), c), fp4Mul(a, fp4Mul(b, c)))).toBe(true);
      expect(fp4Eq(fp4Mul(a, b), fp4Mul(b, a))).toBe(true);
      expect(fp4Eq(fp4Mul(a, FP4_ONE), a)).toBe(true);
      expect(fp4IsZero(fp4Add(a, fp4Neg(a)))).toBe(true);
      expect(fp4Eq(fp4Sub(fp4Add(a, b), b), a)).toBe(true);
      expect(fp4Eq(fp4Square(a), fp4Mul(a, a))).toBe(true);
      const s = rand();
      expect(fp4Eq(fp4MulBase(a, s), fp4Mul(a, fp4FromBase(s)))).toBe(true);
    }
  });

  it('inverse: a · a^-1 = 1 and matches a^(p^4 - 2)', () => {
    for (let i = 0; i < 200; i++) {
      const a = randFp4();
      expect(fp4Eq(fp4Mul(a, fp4Inv(a)), FP4_ONE)).toBe(true);
    }
    const a = randFp4();
    expect(fp4Eq(fp4Inv(a), fp4Pow(a, PB ** 4n - 2n))).toBe(true);
    // Elements of the base field and of the quadratic subfield take the same path.
    expect(fp4Eq(fp4Mul(fp4(5, 0, 0, 0), fp4Inv(fp4(5, 0, 0, 0))), FP4_ONE)).toBe(true);
    expect(fp4Eq(fp4Mul(fp4(0, 0, 7, 0), fp4Inv(fp4(0, 0, 7, 0))), FP4_ONE)).toBe(true);
    expect(() => fp4Inv(FP4_ZERO)).toThrow(RangeError);
  });

  it('Frobenius: a^(p^4) = a, and a^p is the field automorphism', () => {
    const a = randFp4();
    const b = randFp4();
    expect(fp4Eq(fp4Pow(a, PB ** 4n), a)).toBe(true);
    expect(fp4Eq(fp4Pow(fp4Mul(a, b), PB), fp4Mul(fp4Pow(a, PB), fp4Pow(b, PB)))).toBe(true);
  });

  it('known values: Plonky3’s extension two-adic generators square down to the base chain', () => {
    // Plonky3 baby-bear/src/baby_bear.rs, BinomialExtensionData: EXT_TWO_ADIC_GENERATORS4 =
    // [[0, 0, 1996171314, 0], [0, 0, 0, 124907976]] (orders 2^28 and 2^29), W4 = 11.
    const g28 = fp4(0, 0, 1996171314, 0);
    const g29 = fp4(0, 0, 0, 124907976);
    expect(Array.from(fp4Square(g29))).toEqual(Array.from(g28));
    expect(Array.from(fp4Square(g28))).toEqual([twoAdicGenerator(27), 0, 0, 0]);
    expect(Array.from(fp4Pow(g29, 2 ** 28))).toEqual([P - 1, 0, 0, 0]);
  });

  it('never mutates inputs; Into forms tolerate aliasing', () => {
    const a = randFp4();
    const b = randFp4();
    const a0 = Array.from(a);
    const b0 = Array.from(b);
    fp4Mul(a, b);
    fp4Add(a, b);
    fp4Inv(a);
    fp4Pow(a, 12345);
    expect(Array.from(a)).toEqual(a0);
    expect(Array.from(b)).toEqual(b0);
    const flat = new Uint32Array(12);
    flat.set(a, 4);
    flat.set(b, 8);
    fp4MulInto(flat, 4, flat, 4, flat, 8);
    expect(Array.from(flat.subarray(4, 8))).toEqual(oracleMul(a, b));
    flat.set(a, 4);
    fp4AddInto(flat, 8, flat, 4, flat, 8);
    expect(fp4Eq(flat.subarray(8, 12), fp4Add(a, b))).toBe(true);
    fp4SubInto(flat, 8, flat, 8, flat, 4);
    expect(fp4Eq(flat.subarray(8, 12), b)).toBe(true);
    expect(Array.from(FP4_ZERO)).toEqual([0, 0, 0, 0]);
    expect(Array.from(FP4_ONE)).toEqual([1, 0, 0, 0]);
  });

  it('fp4BatchInverse: WebAssembly path equals the TypeScript reference (sizes around the threshold)', () => {
    for (const n of [63, 64, 65, 67, 1000, 4099]) {
      const flat = new Uint32Array(4 * n);
      for (let i = 0; i < n; i++) flat.set(randFp4(), 4 * i);
      flat.set([1, 0, 0, 0], 0);
      flat.set([0, 0, 0, 5], 4);
      flat.set([P - 1, P - 1, P - 1, P - 1], 8);
      const fast = fp4BatchInverse(flat);
      const ref = fp4BatchInverseReference(flat);
      let bad = -1;
      for (let i = 0; i < 4 * n && bad < 0; i++) if (fast[i] !== ref[i]) bad = i;
      expect(bad).toBe(-1);
    }
  });

  it('fp4BatchInverse matches fp4Inv and reports the index of a zero', () => {
    const n = 100;
    const flat = new Uint32Array(4 * n);
    for (let i = 0; i < n; i++) flat.set(randFp4(), 4 * i);
    const out = fp4BatchInverse(flat);
    for (let i = 0; i < n; i++) {
      expect(Array.from(out.subarray(4 * i, 4 * i + 4))).toEqual(
        Array.from(fp4Inv(flat.subarray(4 * i, 4 * i + 4))),
      );
    }
    flat.fill(0, 4 * 37, 4 * 38);
    let caught: unknown;
    try {
      fp4BatchInverse(flat);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ZeroInverseError);
    expect((caught as ZeroInverseError).index).toBe(37);
  });
});
