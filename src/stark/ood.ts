/**
 * The verifier's out-of-domain check: evaluate the constraint DAG at ζ over Fp4 from the opened
 * values and check Σ_k α^k·C_k(ζ)·sel_k(ζ) = Z_H(ζ)·Σ_c ζ^{c·n}·Q_c(ζ).
 */
import { fp4, fp4Add, fp4Eq, fp4FromBase, fp4Mul, fp4Neg, fp4Pow, fp4Sub, type Fp4 } from '../field/extension.ts';
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
  const vals: Fp4[] = new Array(arena.size);
  const col = (flat: Uint32Array, c: number): Fp4 => flat.subarray(4 * c, 4 * c + 4);
  for (let id = 0; id < arena.size; id++) {
    const a = arena.a[id]!;
    const b = arena.b[id]!;
    switch (arena.op[id]!) {
      case Op.Const:
        vals[id] = fp4FromBase(a);
        break;
      case Op.Main:
        vals[id] = col(b ? opened.mainNext : opened.mainCur, a);
        break;
      case Op.Prep:
        vals[id] = col(b ? opened.prepNext : opened.prepCur, a);
        break;
      case Op.Perm:
        vals[id] = fp4FromCoordinates(b ? opened.permNext : opened.permCur, 16 * a);
        break;
      case Op.Public:
        vals[id] = fp4FromBase(publics[a]!);
        break;
      case Op.Challenge:
        vals[id] = challenges[a] ?? fp4(0, 0, 0, 0);
        break;
      case Op.CumSum:
        vals[id] = cumSum;
        break;
      case Op.Add:
        vals[id] = fp4Add(vals[a]!, vals[b]!);
        break;
      case Op.Sub:
        vals[id] = fp4Sub(vals[a]!, vals[b]!);
        break;
      case Op.Mul:
        vals[id] = fp4Mul(vals[a]!, vals[b]!);
        break;
      case Op.Neg:
        vals[id] = fp4Neg(vals[a]!);
        break;
    }
  }
  return table.constraints.map((c) => vals[c.node]!);
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
