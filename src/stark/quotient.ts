/**
 * The prover's quotient: Q(x) = Σ_k α^k·C_k(x)·sel_k(x) / Z_H(x), evaluated with the compiled
 * program over the quotient coset s·⟨ω_{n·qd}⟩ (every (B/qd)-th point of the LDE, so the LDE
 * matrices are read in place with a stride), then interpolated and split into qd chunks of degree
 * < n: Q(X) = Σ_c X^{c·n}·Q_c(X). Each Q_c is Fp4-valued, stored as 4 base columns, so the
 * result is an n × 4qd coefficient matrix (chunk c, coordinate k at column 4c + k).
 */
import { inv, mul as mul_, P as P_, pow, sub as sub_, twoAdicGenerator } from '../field/babybear.ts';
import { batchInverse } from '../field/batch-inverse.ts';
import { fp4Mul, type Fp4 } from '../field/extension.ts';
import { RowMajorMatrix } from '../field/matrix.ts';
import { inttRowsInPlace } from '../field/ntt.ts';
import { BLOCK as BLOCK_, ConstraintProgram, mulMod as mulMod_, type Uniforms } from './air/program.ts';
import type { CompiledTable } from './air/system.ts';
import type { RowFilter } from './air/table.ts';
import { LDE_SHIFT } from './domain.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const mul = mul_;
const P = P_;
const sub = sub_;
const BLOCK = BLOCK_;
const mulMod = mulMod_;

/** LDE matrices (on s·⟨ω_{n·B}⟩) the quotient reads. */
export interface TableLdes {
  readonly main: RowMajorMatrix;
  readonly prep: RowMajorMatrix | null;
  readonly perm: RowMajorMatrix | null;
}

const FILTERS: readonly RowFilter[] = ['all', 'first', 'last', 'transition'];

/** Compute the quotient chunk coefficients of `table` (see file comment). */
export function computeQuotientChunks(
  table: CompiledTable,
  ldes: TableLdes,
  logN: number,
  logBlowup: number,
  uniforms: Uniforms,
  alpha: Fp4,
): RowMajorMatrix {
  const n = 1 << logN;
  const qd = table.quotientDegree;
  const logQ = logN + table.logQuotientDegree;
  const nq = 1 << logQ;
  const s = LDE_SHIFT;
  const omegaInv = inv(twoAdicGenerator(logN));
  const omegaQ = twoAdicGenerator(logQ);

  // Domain points, 1/Z_H (period qd), and the selector values.
  const xs = new Uint32Array(nq);
  let x = s;
  for (let j = 0; j < nq; j++) {
    xs[j] = x;
    x = mul(x, omegaQ);
  }
  const zhPeriod = new Uint32Array(qd);
  for (let j = 0; j < qd; j++) zhPeriod[j] = sub(pow(xs[j]!, n), 1);
  const invZh = batchInverse(zhPeriod);
  const used = new Set(table.constraints.map((c) => c.filter));
  const sel: Record<RowFilter, Uint32Array | null> = { all: null, first: null, last: null, transition: null };
  if (used.has('first')) {
    const d = new Uint32Array(nq);
    for (let j = 0; j < nq; j++) d[j] = sub(xs[j]!, 1);
    const di = batchInverse(d);
    for (let j = 0; j < nq; j++) di[j] = mulMod(di[j]!, zhPeriod[j % qd]!);
    sel.first = di;
  }
  if (used.has('last') || used.has('transition')) {
    const d = new Uint32Array(nq);
    for (let j = 0; j < nq; j++) d[j] = sub(xs[j]!, omegaInv);
    if (used.has('transition')) sel.transition = Uint32Array.from(d);
    if (used.has('last')) {
      const di = batchInverse(d);
      for (let j = 0; j < nq; j++) di[j] = mulMod(di[j]!, zhPeriod[j % qd]!);
      sel.last = di;
    }
  }

  const cons = table.constraints;
  const program = ConstraintProgram.compile(
    table.arena,
    cons.map((c) => c.node),
  );
  const alphaPow: Fp4[] = [];
  let ap = Uint32Array.of(1, 0, 0, 0) as Fp4;
  for (let k = 0; k < cons.length; k++) {
    alphaPow.push(ap);
    ap = fp4Mul(ap, alpha);
  }
  const filterIndex = cons.map((c) => FILTERS.indexOf(c.filter));
  const acc = new Float64Array(4 * 4 * BLOCK); // [filter][coordinate][lane], lazily reduced sums
  const evals = new Uint32Array(4 * nq);
  const stride = 1 << (logBlowup - table.logQuotientDegree);
  program.run(
    { size: nq, stride, nextShift: 1 << logBlowup, main: ldes.main, prep: ldes.prep, perm: ldes.perm },
    uniforms,
    (start, len, view) => {
      acc.fill(0);
      for (let k = 0; k < cons.length; k++) {
        const node = cons[k]!.node;
        const r = program.register[node]!;
        const a = alphaPow[k]!;
        const fo = filterIndex[k]! * 4 * BLOCK;
        if (program.isExt[node]) {
          accumulateExt(acc, fo, view.ext, 4 * r * BLOCK, a, len);
        } else {
          accumulateBase(acc, fo, view.base, r * BLOCK, a, len);
        }
        // Partial sums stay below 2^53: reduce every 2^20 terms (never reached in practice).
        if ((k + 1) % (1 << 20) === 0) for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! % P;
      }
      for (let i = 0; i < len; i++) {
        const j = start + i;
        const out = [0, 0, 0, 0];
        for (let f = 0; f < 4; f++) {
          const selArr = f === 0 ? null : sel[FILTERS[f]!];
          if (f !== 0 && selArr === null) continue;
          const sv = selArr === null ? 1 : selArr[j]!;
          for (let c = 0; c < 4; c++) {
            const v = acc[(f * 4 + c) * BLOCK + i]! % P;
            out[c] = (out[c]! + (sv === 1 ? v : mulMod(v, sv))) % P;
          }
        }
        const zi = invZh[j % qd]!;
        for (let c = 0; c < 4; c++) evals[4 * j + c] = mulMod(out[c]!, zi);
      }
    },
  );
  // Interpolate p(u) = Q(s·u) on ⟨ω_{nq}⟩, then undo the shift: coefficient i of Q is c_i·s^{-i}.
  inttRowsInPlace(evals, 4, logQ);
  const sInv = inv(s);
  let f = 1;
  for (let r = 0; r < nq; r++) {
    for (let c = 0; c < 4; c++) evals[4 * r + c] = mulMod(evals[4 * r + c]!, f);
    f = mulMod(f, sInv);
  }
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

function accumulateBase(acc: Float64Array, fo: number, base: Uint32Array, ro: number, a: Fp4, len: number): void {
  const a0 = a[0]!;
  const a1 = a[1]!;
  const a2 = a[2]!;
  const a3 = a[3]!;
  for (let i = 0; i < len; i++) {
    const v = base[ro + i]!;
    if (v === 0) continue;
    acc[fo + i] += mulMod(a0, v);
    acc[fo + BLOCK + i] += mulMod(a1, v);
    acc[fo + 2 * BLOCK + i] += mulMod(a2, v);
    acc[fo + 3 * BLOCK + i] += mulMod(a3, v);
  }
}

function accumulateExt(acc: Float64Array, fo: number, ext: Uint32Array, ro: number, a: Fp4, len: number): void {
  const B = BLOCK;
  const a0 = a[0]!;
  const a1 = a[1]!;
  const a2 = a[2]!;
  const a3 = a[3]!;
  // a·v with X^4 = 11; 11·x < 2^35 so every term added is < 2^35 and sums stay exact.
  for (let i = 0; i < len; i++) {
    const v0 = ext[ro + i]!;
    const v1 = ext[ro + B + i]!;
    const v2 = ext[ro + 2 * B + i]!;
    const v3 = ext[ro + 3 * B + i]!;
    const h4 = mulMod(a1, v3) + mulMod(a2, v2) + mulMod(a3, v1);
    const h5 = mulMod(a2, v3) + mulMod(a3, v2);
    const h6 = mulMod(a3, v3);
    acc[fo + i] += mulMod(a0, v0) + 11 * (h4 % P);
    acc[fo + B + i] += mulMod(a0, v1) + mulMod(a1, v0) + 11 * (h5 % P);
    acc[fo + 2 * B + i] += mulMod(a0, v2) + mulMod(a1, v1) + mulMod(a2, v0) + 11 * h6;
    acc[fo + 3 * B + i] += mulMod(a0, v3) + mulMod(a1, v2) + mulMod(a2, v1) + mulMod(a3, v0);
  }
}
