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
import { RowMajorMatrix } from '../field/matrix.ts';
import { cosetLde, nttRowsInPlace } from '../field/ntt.ts';
import { scaleAccFp4, subMulAccFp4 } from './kernels/fp4-rows.ts';
import { combineRowsFp4 } from './kernels/linear.ts';
import { addInto } from './kernels/vectors.ts';
import { LDE_SHIFT } from './domain.ts';
import { VerificationError } from './errors.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const mul = mul_;
const P = P_;
const sub = sub_;

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

/** What the prover combines for one plan entry: the committed matrix before its LDE. */
export interface DeepSource {
  /** n rows: the trace on H_n ('evals') or polynomial coefficients ('coeffs'). */
  readonly matrix: RowMajorMatrix;
  readonly form: 'evals' | 'coeffs';
}

/**
 * Prover: the reduced-opening codeword of every LDE height (flat Fp4 on s·⟨ω_N⟩, natural order).
 *
 * Linearity does the heavy lifting: Σ_c λ^{b+c}·f_c is itself a polynomial of degree < n, so each
 * matrix is combined on its n trace rows (or coefficients), not on its B·n LDE rows, and only the
 * combined Fp4 columns are extended. The ζω terms of a matrix use the powers λ^{b+w+c} =
 * λ^w·λ^{b+c}, so they are λ^w times the same combination. Per height:
 *   G(x) = Σ_m G_m(x), G'(x) = Σ_{m read at ζω} λ^{w_m}·G_m(x)   (on H_n, then LDE to s·H_{nB})
 *   ro(x) = (G(x) − G(ζ))/(x − ζ) + (G'(x) − G'(ζω))/(x − ζω),
 * the same codeword as combining the LDE columns one by one.
 */
export function deepCodewords(
  plan: readonly DeepMatrix[],
  sources: readonly DeepSource[],
  zeta: Fp4,
  lambda: Fp4,
  logBlowup: number,
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
    const logN = logSize - logBlowup;
    const n = 1 << logN;
    const evalsSum = new Uint32Array(4 * n);
    const coeffsSum = new Uint32Array(4 * n);
    const nextSum = new Uint32Array(4 * n);
    let vCur = fp4(0, 0, 0, 0);
    let vNext = fp4(0, 0, 0, 0);
    let zetaNext: Fp4 | null = null;
    plan.forEach((m, mi) => {
      if (m.logSize !== logSize) return;
      const src = sources[mi]!;
      const w = m.width;
      const base = offsets[mi]!;
      if (src.matrix.height !== n || src.matrix.width !== w) throw new RangeError(`deepCodewords: source ${mi} has the wrong shape`);
      vCur = fp4Add(vCur, combine(m.cur, powers, base, w));
      const g = combineRowsFp4(src.matrix, powers.subarray(4 * base, 4 * (base + w)));
      if (m.next !== null) {
        if (src.form !== 'evals') throw new RangeError('deepCodewords: a matrix read at ζω must be given as evaluations');
        zetaNext = m.zetaNext;
        vNext = fp4Add(vNext, combine(m.next, powers, base + w, w));
        // λ^{b+w+c} = λ^w·λ^{b+c}: the ζω combination is λ^w·G_m.
        scaleAccFp4(nextSum, g, powers.subarray(4 * w, 4 * w + 4));
      }
      addInto(src.form === 'evals' ? evalsSum : coeffsSum, g);
    });
    // Coefficient-form terms join on H_n, then both combined columns are extended together.
    nttRowsInPlace(coeffsSum, 4, logN);
    addInto(evalsSum, coeffsSum);
    const both = new Uint32Array(8 * n);
    for (let r = 0; r < n; r++) {
      both.set(evalsSum.subarray(4 * r, 4 * r + 4), 8 * r);
      both.set(nextSum.subarray(4 * r, 4 * r + 4), 8 * r + 4);
    }
    const lde = cosetLde(new RowMajorMatrix(both, 8), logBlowup, LDE_SHIFT).values;
    const N = 1 << logSize;
    const omega = twoAdicGenerator(logSize);
    const ro = new Uint32Array(4 * N);
    addQuotient(ro, lde, 0, vCur, zeta, omega, N);
    if (zetaNext !== null) addQuotient(ro, lde, 4, vNext, zetaNext, omega, N);
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

/** ro[x] += (G(x) − v)/(x − point) over the coset s·⟨ω⟩ of size N; G is Fp4 at column `col` of the 8-wide `lde`. */
function addQuotient(ro: Uint32Array, lde: Uint32Array, col: number, v: Fp4, point: Fp4, omega: number, N: number): void {
  const denoms = new Uint32Array(4 * N);
  const p1 = point[1] === 0 ? 0 : P - point[1]!;
  const p2 = point[2] === 0 ? 0 : P - point[2]!;
  const p3 = point[3] === 0 ? 0 : P - point[3]!;
  let x = LDE_SHIFT;
  for (let r = 0; r < N; r++) {
    denoms[4 * r] = sub(x, point[0]!);
    denoms[4 * r + 1] = p1;
    denoms[4 * r + 2] = p2;
    denoms[4 * r + 3] = p3;
    x = mul(x, omega);
  }
  subMulAccFp4(ro, lde, 8, col, v, fp4BatchInverse(denoms));
}

/**
 * Verifier: the reduced opening of every height at a query, from the opened rows. By linearity
 * (see deepCodewords) Σ_c λ^{b+c}·(f_c(x) − v_c) = G_m(x) − Σ_c λ^{b+c}·v_c, so the claimed-value
 * sums are computed once per proof and each query costs one base×Fp4 combination per opened row.
 */
export class DeepQueryEvaluator {
  private readonly powers: Uint32Array;
  private readonly offsets: number[] = [];
  /** Per matrix: Σ_c λ^{b+c}·cur_c, and (if read at ζω) Σ_c λ^{b+w+c}·next_c and λ^w. */
  private readonly curSums: Fp4[] = [];
  private readonly nextSums: (Fp4 | null)[] = [];
  private readonly lambdaW: Fp4[] = [];

  constructor(
    private readonly plan: readonly DeepMatrix[],
    lambda: Fp4,
    private readonly zeta: Fp4,
  ) {
    this.powers = lambdaPowers(plan, lambda);
    let k = 0;
    for (const m of plan) {
      this.offsets.push(k);
      this.curSums.push(combine(m.cur, this.powers, k, m.width));
      this.nextSums.push(m.next === null ? null : combine(m.next, this.powers, k + m.width, m.width));
      this.lambdaW.push(this.powers.slice(4 * m.width, 4 * m.width + 4));
      k += m.width * (m.next === null ? 1 : 2);
    }
  }

  /** The reduced opening per LDE height at `query`; `rows[mi]` is matrix mi's opened row there. */
  at(rows: readonly Uint32Array[], query: number): Map<number, Fp4> {
    const perSize = new Map<number, { cur: Fp4; next: Fp4; zetaNext: Fp4 | null }>();
    const pw = this.powers;
    const g = new Float64Array(4);
    this.plan.forEach((m, mi) => {
      let e = perSize.get(m.logSize);
      if (e === undefined) {
        e = { cur: fp4(0, 0, 0, 0), next: fp4(0, 0, 0, 0), zetaNext: null };
        perSize.set(m.logSize, e);
      }
      const row = rows[mi]!;
      const base = this.offsets[mi]!;
      g.fill(0);
      // Each product is < 2^31; a row has far fewer than 2^22 columns, so the sums stay exact.
      for (let c = 0; c < m.width; c++) {
        const v = row[c]!;
        if (v === 0) continue;
        const p = 4 * (base + c);
        g[0] += mul(pw[p]!, v);
        g[1] += mul(pw[p + 1]!, v);
        g[2] += mul(pw[p + 2]!, v);
        g[3] += mul(pw[p + 3]!, v);
      }
      const gm = fp4(g[0]! % P, g[1]! % P, g[2]! % P, g[3]! % P);
      e.cur = fp4Add(e.cur, fp4Sub(gm, this.curSums[mi]!));
      const ns = this.nextSums[mi]!;
      if (ns !== null) {
        e.zetaNext = m.zetaNext;
        e.next = fp4Add(e.next, fp4Sub(fp4Mul(this.lambdaW[mi]!, gm), ns));
      }
    });
    const out = new Map<number, Fp4>();
    for (const [logSize, e] of perSize) {
      const idx = query & ((1 << logSize) - 1);
      const x = mul(LDE_SHIFT, pow(twoAdicGenerator(logSize), idx));
      const xz = fp4Sub(fp4(x, 0, 0, 0), this.zeta);
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
}
