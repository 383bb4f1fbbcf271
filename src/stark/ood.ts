/**
 * The verifier's out-of-domain check: evaluate the constraint DAG at ζ over Fp4 from the opened
 * values and check Σ_k α^k·C_k(ζ)·sel_k(ζ) = Z_H(ζ)·Σ_c ζ^{c·n}·Q_c(ζ).
 */
import { P } from '../field/babybear.ts';
import { fp4, fp4Add, fp4AddInto, fp4Eq, fp4Mul, fp4MulInto, fp4Pow, fp4SubInto, type Fp4 } from '../field/extension.ts';
import { Op } from './air/expr.ts';
import type { CompiledTable } from './air/system.ts';
import { fp4FromCoordinates, selectorsAt } from './domain.ts';
import { VerificationError } from './errors.ts';
import type { OpenedValues } from './proof.ts';

/** Evaluate every constraint of `table` at ζ; returns C_k(ζ) (before filters) in constraint order. */
export function evaluateConstraintsAt(
  table: CompiledTable,
  opened: OpenedValues,
  publics: readonly number[],
  challenges: readonly Fp4[],
  cumSum: Fp4,
): Fp4[] {
  const arena = table.arena;
  // Flat Fp4 storage (4 words per node) and in-place arithmetic: big AIRs have tens of thousands
  // of nodes, and one allocation per node dominated the verifier's out-of-domain check.
  const vals = new Uint32Array(4 * arena.size);
  const put = (id: number, v: ArrayLike<number>): void => {
    const o = 4 * id;
    vals[o] = v[0]!;
    vals[o + 1] = v[1]!;
    vals[o + 2] = v[2]!;
    vals[o + 3] = v[3]!;
  };
  const col = (flat: Uint32Array, c: number): Fp4 => flat.subarray(4 * c, 4 * c + 4);
  for (let id = 0; id < arena.size; id++) {
    const a = arena.a[id]!;
    const b = arena.b[id]!;
    const o = 4 * id;
    switch (arena.op[id]!) {
      case Op.Const:
        vals[o] = a;
        break;
      case Op.Main:
        put(id, col(b ? opened.mainNext : opened.mainCur, a));
        break;
      case Op.Prep:
        put(id, col(b ? opened.prepNext : opened.prepCur, a));
        break;
      case Op.Perm:
        put(id, fp4FromCoordinates(b ? opened.permNext : opened.permCur, 16 * a));
        break;
      case Op.Public:
        vals[o] = publics[a]!;
        break;
      case Op.Challenge:
        if (challenges[a] !== undefined) put(id, challenges[a]!);
        break;
      case Op.CumSum:
        put(id, cumSum);
        break;
      case Op.Add:
        fp4AddInto(vals, o, vals, 4 * a, vals, 4 * b);
        break;
      case Op.Sub:
        fp4SubInto(vals, o, vals, 4 * a, vals, 4 * b);
        break;
      case Op.Mul:
        fp4MulInto(vals, o, vals, 4 * a, vals, 4 * b);
        break;
      case Op.Neg:
        for (let k = 0; k < 4; k++) vals[o + k] = vals[4 * a + k] === 0 ? 0 : P - vals[4 * a + k]!;
        break;
    }
  }
  return table.constraints.map((c) => vals.subarray(4 * c.node, 4 * c.node + 4));
}

/** Throw VerificationError('ood') unless the constraints and quotient agree at ζ. */
export function checkOutOfDomain(
  table: CompiledTable,
  logN: number,
  opened: OpenedValues,
  publics: readonly number[],
  challenges: readonly Fp4[],
  cumSum: Fp4,
  alpha: Fp4,
  zeta: Fp4,
): void {
  const sel = selectorsAt(zeta, logN);
  if (sel === null) throw new VerificationError('ood', `table ${table.name}: ζ lies on the trace domain`);
  const cs = evaluateConstraintsAt(table, opened, publics, challenges, cumSum);
  let acc = fp4(0, 0, 0, 0);
  let ap = fp4(1, 0, 0, 0);
  table.constraints.forEach((c, k) => {
    let v = cs[k]!;
    if (c.filter === 'first') v = fp4Mul(v, sel.first);
    else if (c.filter === 'last') v = fp4Mul(v, sel.last);
    else if (c.filter === 'transition') v = fp4Mul(v, sel.transition);
    acc = fp4Add(acc, fp4Mul(ap, v));
    ap = fp4Mul(ap, alpha);
  });
  const zetaN = fp4Pow(zeta, 2 ** logN);
  let q = fp4(0, 0, 0, 0);
  let zc = fp4(1, 0, 0, 0);
  for (let c = 0; c < table.quotientDegree; c++) {
    q = fp4Add(q, fp4Mul(zc, fp4FromCoordinates(opened.quotient, 16 * c)));
    zc = fp4Mul(zc, zetaN);
  }
  if (!fp4Eq(acc, fp4Mul(sel.zH, q))) {
    throw new VerificationError('ood', `table ${table.name}: constraints do not match the quotient at ζ`);
  }
}
