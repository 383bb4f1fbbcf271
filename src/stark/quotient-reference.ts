/**
 * TypeScript oracle of the quotient evaluation (quotient.ts runs it in WebAssembly): the same
 * Σ_f factor_f(x)·Σ_{k∈f} α^k·C_k(x) on the quotient coset, evaluated with the TypeScript
 * ConstraintProgram. Only tests import it.
 */
import { mul as mul_, P as P_ } from '../field/babybear.ts';
import type { Fp4 } from '../field/extension.ts';
import { BLOCK as BLOCK_, ConstraintProgram, type Uniforms } from './air/program.ts';
import type { CompiledTable } from './air/system.ts';
import { alphaPowers, FILTERS, quotientFactors, type TableLdes } from './quotient.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const mul = mul_;
const P = P_;
const BLOCK = BLOCK_;

/** Q on the quotient coset (flat Fp4), as quotientEvaluations computes it. */
export function quotientEvaluationsReference(
  table: CompiledTable,
  ldes: TableLdes,
  logN: number,
  logBlowup: number,
  uniforms: Uniforms,
  alpha: Fp4,
): Uint32Array {
  const logQ = logN + table.logQuotientDegree;
  const nq = 1 << logQ;
  const factors = quotientFactors(table, logN, logQ);
  const cons = table.constraints;
  const alphaPow = alphaPowers(alpha, cons.length);
  const program = ConstraintProgram.compile(
    table.arena,
    cons.map((c) => c.node),
  );
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
        for (let c = 0; c < 4; c++) {
          let out = 0;
          for (let f = 0; f < 4; f++) {
            const fac = factors[f];
            if (fac === null || fac === undefined) continue;
            out = (out + mul(acc[(f * 4 + c) * BLOCK + i]! % P, fac[j]!)) % P;
          }
          evals[4 * j + c] = out;
        }
      }
    },
  );
  return evals;
}

function accumulateBase(acc: Float64Array, fo: number, base: Uint32Array, ro: number, a: Fp4, len: number): void {
  const a0 = a[0]!;
  const a1 = a[1]!;
  const a2 = a[2]!;
  const a3 = a[3]!;
  for (let i = 0; i < len; i++) {
    const v = base[ro + i]!;
    if (v === 0) continue;
    acc[fo + i] += mul(a0, v);
    acc[fo + BLOCK + i] += mul(a1, v);
    acc[fo + 2 * BLOCK + i] += mul(a2, v);
    acc[fo + 3 * BLOCK + i] += mul(a3, v);
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
    const h4 = mul(a1, v3) + mul(a2, v2) + mul(a3, v1);
    const h5 = mul(a2, v3) + mul(a3, v2);
    const h6 = mul(a3, v3);
    acc[fo + i] += mul(a0, v0) + 11 * (h4 % P);
    acc[fo + B + i] += mul(a0, v1) + mul(a1, v0) + 11 * (h5 % P);
    acc[fo + 2 * B + i] += mul(a0, v2) + mul(a1, v1) + mul(a2, v0) + 11 * h6;
    acc[fo + 3 * B + i] += mul(a0, v3) + mul(a1, v2) + mul(a2, v1) + mul(a3, v0);
  }
}
