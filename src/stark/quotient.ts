/**
 * The prover's quotient: Q(x) = Σ_k α^k·C_k(x)·sel_k(x) / Z_H(x), evaluated with the compiled
 * program over the quotient coset s·⟨ω_{n·qd}⟩ (every (B/qd)-th point of the LDE), then
 * interpolated and split into qd chunks of degree < n: Q(X) = Σ_c X^{c·n}·Q_c(X). Each Q_c is
 * Fp4-valued, stored as 4 base columns, so the result is an n × 4qd coefficient matrix (chunk c,
 * coordinate k at column 4c + k).
 *
 * The evaluation runs in the WebAssembly interpreter across the worker pool
 * (kernels/program-runner.ts); quotient-reference.ts is the TypeScript oracle it is tested against.
 */
import { inv, mul, pow, sub, twoAdicGenerator } from '../field/babybear.ts';
import { batchInverse } from '../field/batch-inverse.ts';
import { fp4Mul, type Fp4 } from '../field/extension.ts';
import { RowMajorMatrix } from '../field/matrix.ts';
import { inttRowsInPlace } from '../field/ntt.ts';
import type { Uniforms } from './air/program.ts';
import type { CompiledTable } from './air/system.ts';
import type { RowFilter } from './air/table.ts';
import { LDE_SHIFT } from './domain.ts';
import { cachedKernelProgram, kernelConstants } from './kernels/program-compiler.ts';
import { runQuotientKernel } from './kernels/program-runner.ts';
import { scaleRowsGeometric } from './kernels/vectors.ts';

/** LDE matrices (on s·⟨ω_{n·B}⟩) the quotient reads. */
export interface TableLdes {
  readonly main: RowMajorMatrix;
  readonly prep: RowMajorMatrix | null;
  readonly perm: RowMajorMatrix | null;
}

/** Row filters in accumulator order. */
export const FILTERS: readonly RowFilter[] = ['all', 'first', 'last', 'transition'];

/**
 * Per filter f (FILTERS order), the factor sel_f(x)/Z_H(x) on the 2^logQ points of the quotient
 * coset, or null if no constraint uses f:
 *   all → 1/Z_H, first → 1/(x − 1), last → 1/(x − ω^{-1}), transition → (x − ω^{-1})/Z_H,
 * (Z_H(x) = x^n − 1 takes only 2^(logQ − logN) values there).
 */
export function quotientFactors(table: CompiledTable, logN: number, logQ: number): (Uint32Array | null)[] {
  const n = 1 << logN;
  const nq = 1 << logQ;
  const qd = nq / n;
  const omegaInv = inv(twoAdicGenerator(logN));
  const omegaQ = twoAdicGenerator(logQ);
  const xs = new Uint32Array(nq);
  let x = LDE_SHIFT;
  for (let j = 0; j < nq; j++) {
    xs[j] = x;
    x = mul(x, omegaQ);
  }
  const zhPeriod = new Uint32Array(qd);
  for (let j = 0; j < qd; j++) zhPeriod[j] = sub(pow(xs[j]!, n), 1);
  const invZh = batchInverse(zhPeriod);
  const used = new Set(table.constraints.map((c) => c.filter));
  const factorOf = (f: RowFilter): Uint32Array => {
    const out = new Uint32Array(nq);
    if (f === 'all') {
      for (let j = 0; j < nq; j++) out[j] = invZh[j % qd]!;
      return out;
    }
    const root = f === 'first' ? 1 : omegaInv;
    for (let j = 0; j < nq; j++) out[j] = sub(xs[j]!, root);
    if (f === 'transition') {
      for (let j = 0; j < nq; j++) out[j] = mul(out[j]!, invZh[j % qd]!);
      return out;
    }
    return batchInverse(out);
  };
  return FILTERS.map((f) => (used.has(f) ? factorOf(f) : null));
}

/** α^0, α^1, …, α^(count−1). */
export function alphaPowers(alpha: Fp4, count: number): Fp4[] {
  const out: Fp4[] = [];
  let ap = Uint32Array.of(1, 0, 0, 0) as Fp4;
  for (let k = 0; k < count; k++) {
    out.push(ap);
    ap = fp4Mul(ap, alpha);
  }
  return out;
}

/** Q on the quotient coset: flat Fp4 (4 words per point), natural order. */
export function quotientEvaluations(
  table: CompiledTable,
  ldes: TableLdes,
  logN: number,
  logBlowup: number,
  uniforms: Uniforms,
  alpha: Fp4,
): Uint32Array {
  const qd = table.quotientDegree;
  const logQ = logN + table.logQuotientDegree;
  const cons = table.constraints;
  const program = cachedKernelProgram(table.arena, 'quotient', () =>
    cons.map((c, k) => ({ kind: 'acc', node: c.node, filter: FILTERS.indexOf(c.filter), k })),
  );
  // Domain row j reads LDE row j·stride; its next row (ω·x) is B LDE rows on, i.e. qd domain rows.
  const stride = 1 << (logBlowup - table.logQuotientDegree);
  return runQuotientKernel(
    program,
    kernelConstants(table.arena, program, uniforms),
    { size: 1 << logQ, stride, nextOffset: qd, main: ldes.main, prep: ldes.prep, perm: ldes.perm },
    alphaPowers(alpha, cons.length),
    quotientFactors(table, logN, logQ),
  );
}

/** Compute the quotient chunk coefficients of `table` (see file comment). */
export function computeQuotientChunks(
  table: CompiledTable,
  ldes: TableLdes,
  logN: number,
  logBlowup: number,
  uniforms: Uniforms,
  alpha: Fp4,
): RowMajorMatrix {
  return quotientChunksFromEvaluations(
    quotientEvaluations(table, ldes, logN, logBlowup, uniforms, alpha),
    logN,
    table.quotientDegree,
  );
}

/** Interpolate Q's coset evaluations (flat Fp4, consumed) and split into qd chunks of n rows. */
export function quotientChunksFromEvaluations(evals: Uint32Array, logN: number, qd: number): RowMajorMatrix {
  const n = 1 << logN;
  const nq = n * qd;
  // Interpolate p(u) = Q(s·u) on ⟨ω_{nq}⟩, then undo the shift: coefficient i of Q is c_i·s^{-i}.
  inttRowsInPlace(evals, 4, Math.log2(nq));
  scaleRowsGeometric(evals, 4, inv(LDE_SHIFT));
  const width = 4 * qd;
  const chunks = new Uint32Array(n * width);
  for (let c = 0; c < qd; c++) {
    for (let r = 0; r < n; r++) {
      const src = 4 * (c * n + r);
      const dst = r * width + 4 * c;
      chunks[dst] = evals[src]!;
      chunks[dst + 1] = evals[src + 1]!;
      chunks[dst + 2] = evals[src + 2]!;
      chunks[dst + 3] = evals[src + 3]!;
    }
  }
  return new RowMajorMatrix(chunks, width);
}
