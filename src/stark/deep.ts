/**
 * DEEP-ALI openings: every committed column f is opened at ζ (and at ζ·ω for columns read on the
 * next row), and the FRI input at each LDE height is the random combination
 *   ro(x) = Σ_k λ^k·(f_k(x) − f_k(ζ))/(x − ζ) + Σ_k' λ^k'·(f_k'(x) − f_k'(ζω))/(x − ζω),
 * which is a polynomial of degree < n exactly when every claimed opening is right.
 *
 * λ-power order (shared by prover and verifier): matrices in `openingPlan` order; within a
 * matrix, point ζ first then ζω; within a point, columns left to right; one power per term.
 */
import { mul as mul_, P as P_, pow, sub as sub_, twoAdicGenerator } from '../field/babybear.ts';
import { fp4, fp4Add, fp4BatchInverse, fp4Inv, fp4Mul, fp4Sub, type Fp4 } from '../field/extension.ts';
import type { RowMajorMatrix } from '../field/matrix.ts';
import { mulMod as mulMod_ } from './air/program.ts';
import { LDE_SHIFT } from './domain.ts';
import { VerificationError } from './errors.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const mul = mul_;
const P = P_;
const sub = sub_;
const mulMod = mulMod_;

/** One committed matrix in the DEEP combination. */
export interface DeepMatrix {
  /** log2 of its LDE size. */
  readonly logSize: number;
  readonly width: number;
  /** Claimed values at ζ, flat Fp4 (4 words per column). */
  readonly cur: Uint32Array;
  /** Claimed values at ζω (flat Fp4) or null if the matrix is opened at ζ only. */
  readonly next: Uint32Array | null;
  /** ζ·ω_n for this matrix's trace height (unused when `next` is null). */
  readonly zetaNext: Fp4;
}

/** Powers 1, λ, λ², … for every term of `plan`, flat Fp4 in the documented order. */
export function lambdaPowers(plan: readonly DeepMatrix[], lambda: Fp4): Uint32Array {
  let total = 0;
  for (const m of plan) total += m.width * (m.next === null ? 1 : 2);
  const out = new Uint32Array(4 * total);
  let acc = fp4(1, 0, 0, 0);
  for (let k = 0; k < total; k++) {
    out.set(acc, 4 * k);
    acc = fp4Mul(acc, lambda);
  }
  return out;
}

/** Prover: the reduced-opening codeword of every LDE height (flat Fp4 on s·⟨ω_N⟩, natural order). */
export function deepCodewords(
  plan: readonly DeepMatrix[],
  ldes: readonly RowMajorMatrix[],
  zeta: Fp4,
  lambda: Fp4,
): Map<number, Uint32Array> {
  const powers = lambdaPowers(plan, lambda);
  const offsets: number[] = [];
  let k = 0;
  for (const m of plan) {
    offsets.push(k);
    k += m.width * (m.next === null ? 1 : 2);
  }
  const out = new Map<number, Uint32Array>();
  const sizes = [...new Set(plan.map((m) => m.logSize))];
  for (const logSize of sizes) {
    const N = 1 << logSize;
    const accCur = new Float64Array(4 * N);
    const accNext = new Float64Array(4 * N);
    let vCur = fp4(0, 0, 0, 0);
    let vNext = fp4(0, 0, 0, 0);
    let zetaNext: Fp4 | null = null;
    plan.forEach((m, mi) => {
      if (m.logSize !== logSize) return;
      const lde = ldes[mi]!;
      const w = m.width;
      const base = offsets[mi]!;
      vCur = fp4Add(vCur, combine(m.cur, powers, base, w));
      accumulateRows(accCur, lde.values, w, N, powers, base);
      if (m.next !== null) {
        zetaNext = m.zetaNext;
        vNext = fp4Add(vNext, combine(m.next, powers, base + w, w));
        accumulateRows(accNext, lde.values, w, N, powers, base + w);
      }
    });
    const omega = twoAdicGenerator(logSize);
    const ro = new Uint32Array(4 * N);
    addQuotient(ro, accCur, vCur, zeta, omega, N);
    if (zetaNext !== null) addQuotient(ro, accNext, vNext, zetaNext, omega, N);
    out.set(logSize, ro);
  }
  return out;
}

/** Σ_c powers[base + c]·values[c] (Fp4 × Fp4). */
function combine(values: Uint32Array, powers: Uint32Array, base: number, w: number): Fp4 {
  let acc = fp4(0, 0, 0, 0);
  for (let c = 0; c < w; c++) {
    acc = fp4Add(acc, fp4Mul(powers.subarray(4 * (base + c), 4 * (base + c) + 4), values.subarray(4 * c, 4 * c + 4)));
  }
  return acc;
}

/** acc[x] += Σ_c powers[base + c]·M[x][c] over every row (base-field M, lazily reduced sums). */
function accumulateRows(acc: Float64Array, vals: Uint32Array, w: number, N: number, powers: Uint32Array, base: number): void {
  // Each term is < 2^31 and a row has far fewer than 2^22 columns, so the sums stay exact.
  for (let r = 0; r < N; r++) {
    const ro = r * w;
    let s0 = acc[4 * r]!;
    let s1 = acc[4 * r + 1]!;
    let s2 = acc[4 * r + 2]!;
    let s3 = acc[4 * r + 3]!;
    for (let c = 0; c < w; c++) {
      const f = vals[ro + c]!;
      if (f === 0) continue;
      const p = 4 * (base + c);
      s0 += mulMod(powers[p]!, f);
      s1 += mulMod(powers[p + 1]!, f);
      s2 += mulMod(powers[p + 2]!, f);
      s3 += mulMod(powers[p + 3]!, f);
    }
    acc[4 * r] = s0 % P;
    acc[4 * r + 1] = s1 % P;
    acc[4 * r + 2] = s2 % P;
    acc[4 * r + 3] = s3 % P;
  }
}

/** ro[x] += (acc[x] − v)/(x − point) over the coset s·⟨ω⟩ of size N. */
function addQuotient(ro: Uint32Array, acc: Float64Array, v: Fp4, point: Fp4, omega: number, N: number): void {
  const denoms = new Uint32Array(4 * N);
  let x = LDE_SHIFT;
  for (let r = 0; r < N; r++) {
    denoms[4 * r] = sub(x, point[0]!);
    denoms[4 * r + 1] = point[1] === 0 ? 0 : P - point[1]!;
    denoms[4 * r + 2] = point[2] === 0 ? 0 : P - point[2]!;
    denoms[4 * r + 3] = point[3] === 0 ? 0 : P - point[3]!;
    x = mul(x, omega);
  }
  const invs = fp4BatchInverse(denoms);
  const t = new Uint32Array(4);
  for (let r = 0; r < N; r++) {
    for (let c = 0; c < 4; c++) t[c] = sub(acc[4 * r + c]!, v[c]!);
    const q = fp4Mul(t, invs.subarray(4 * r, 4 * r + 4));
    for (let c = 0; c < 4; c++) {
      const s = ro[4 * r + c]! + q[c]!;
      ro[4 * r + c] = s >= P ? s - P : s;
    }
  }
}

/**
 * Verifier: the reduced opening at LDE index `idx` of every height for one query. `rows[mi]` is
 * matrix mi's opened row at index (query mod its LDE size).
 */
export function deepValuesAtQuery(
  plan: readonly DeepMatrix[],
  powers: Uint32Array,
  rows: readonly Uint32Array[],
  query: number,
  zeta: Fp4,
): Map<number, Fp4> {
  const perSize = new Map<number, { cur: Fp4; next: Fp4; zetaNext: Fp4 | null }>();
  let k = 0;
  plan.forEach((m, mi) => {
    let e = perSize.get(m.logSize);
    if (e === undefined) {
      e = { cur: fp4(0, 0, 0, 0), next: fp4(0, 0, 0, 0), zetaNext: null };
      perSize.set(m.logSize, e);
    }
    const row = rows[mi]!;
    for (let c = 0; c < m.width; c++, k++) {
      const diff = fp4Sub(fp4(row[c]!, 0, 0, 0), m.cur.subarray(4 * c, 4 * c + 4));
      e.cur = fp4Add(e.cur, fp4Mul(powers.subarray(4 * k, 4 * k + 4), diff));
    }
    if (m.next !== null) {
      e.zetaNext = m.zetaNext;
      for (let c = 0; c < m.width; c++, k++) {
        const diff = fp4Sub(fp4(row[c]!, 0, 0, 0), m.next.subarray(4 * c, 4 * c + 4));
        e.next = fp4Add(e.next, fp4Mul(powers.subarray(4 * k, 4 * k + 4), diff));
      }
    }
  });
  const out = new Map<number, Fp4>();
  for (const [logSize, e] of perSize) {
    const idx = query & ((1 << logSize) - 1);
    const x = mul(LDE_SHIFT, pow(twoAdicGenerator(logSize), idx));
    const xz = fp4Sub(fp4(x, 0, 0, 0), zeta);
    if ((xz[0]! | xz[1]! | xz[2]! | xz[3]!) === 0) throw new VerificationError('deep', 'ζ lies on the LDE domain');
    let v = fp4Mul(e.cur, fp4Inv(xz));
    if (e.zetaNext !== null) {
      const xzn = fp4Sub(fp4(x, 0, 0, 0), e.zetaNext);
      if ((xzn[0]! | xzn[1]! | xzn[2]! | xzn[3]!) === 0) throw new VerificationError('deep', 'ζω lies on the LDE domain');
      v = fp4Add(v, fp4Mul(e.next, fp4Inv(xzn)));
    }
    out.set(logSize, v);
  }
  return out;
}
