/**
 * Straight-line Yul for one table's out-of-domain check, from its expression DAG (the same arena
 * src/stark/ood.ts interprets): every node reachable from a constraint is evaluated once into its
 * own memory word, constants are inlined, and multiplications use the cheapest form the operand
 * types allow at ζ (base×base: mulmod, Fp4×base: 4 lane reductions, Fp4×Fp4: f4mul). Then
 *   Σ_k α^k·C_k(ζ)·sel_k(ζ)  (Horner in α)  must equal  Z_H(ζ)·Σ_c ζ^{c·n}·Q_c(ζ).
 */
import { Op } from '../../stark/air/expr.ts';
import type { CompiledTable } from '../../stark/air/system.ts';
import type { MemoryLayout } from './layout.ts';

/** Indices into TableSlots.OPENED. */
const PREP_CUR = 0;
const PREP_NEXT = 1;
const MAIN_CUR = 2;
const MAIN_NEXT = 3;
const PERM_CUR = 4;
const PERM_NEXT = 5;
const QUOTIENT = 6;

/** Yul statements (indented) computing and checking table `t`'s OOD identity; `publicStart` is its first public input. */
export function oodCheckYul(
  table: CompiledTable,
  m: MemoryLayout,
  publicStart: number,
  numChallenges: number,
  hasBuses: boolean,
): string {
  const arena = table.arena;
  const slots = m.tables[table.index]!;
  const reachable = new Uint8Array(arena.size);
  const stack = table.constraints.map((c) => c.node);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reachable[id]) continue;
    reachable[id] = 1;
    const op = arena.op[id]!;
    if (op === Op.Add || op === Op.Sub || op === Op.Mul) stack.push(arena.a[id]!, arena.b[id]!);
    else if (op === Op.Neg) stack.push(arena.a[id]!);
  }
  // At ζ only constants and public inputs are base-field values; every opened value is in Fp4.
  const isBase = new Uint8Array(arena.size);
  const ref = (id: number): string => (arena.op[id] === Op.Const ? String(arena.a[id]) : `mload(${m.NODE + 32 * id})`);
  const lines: string[] = [`oodSelectors(mload(${slots.LH}))`];
  for (let id = 0; id < arena.size; id++) {
    if (!reachable[id]) continue;
    const a = arena.a[id]!;
    const b = arena.b[id]!;
    let expr: string | null = null;
    switch (arena.op[id]!) {
      case Op.Const:
        isBase[id] = 1;
        break;
      case Op.Main:
        expr = `ld4(add(mload(${slots.OPENED[b ? MAIN_NEXT : MAIN_CUR]}), ${16 * a}))`;
        break;
      case Op.Prep:
        expr = `ld4(add(mload(${slots.OPENED[b ? PREP_NEXT : PREP_CUR]}), ${16 * a}))`;
        break;
      case Op.Perm:
        expr = `fromCoords(add(mload(${slots.OPENED[b ? PERM_NEXT : PERM_CUR]}), ${64 * a}))`;
        break;
      case Op.Public:
        isBase[id] = 1;
        expr = `calldataload(add(mload(${m.PUBS}), ${32 * (publicStart + a)}))`;
        break;
      case Op.Challenge:
        expr = hasBuses && a < numChallenges ? `mload(${m.CH + 32 * a})` : '0';
        break;
      case Op.CumSum:
        expr = table.logup !== null ? `ld4(mload(${slots.CUMSUM}))` : '0';
        break;
      case Op.Add:
        isBase[id] = isBase[a]! & isBase[b]!;
        expr = `f4add(${ref(a)}, ${ref(b)})`;
        break;
      case Op.Sub:
        isBase[id] = isBase[a]! & isBase[b]!;
        expr = `f4sub(${ref(a)}, ${ref(b)})`;
        break;
      case Op.Neg:
        isBase[id] = isBase[a]!;
        expr = `f4neg(${ref(a)})`;
        break;
      case Op.Mul:
        isBase[id] = isBase[a]! & isBase[b]!;
        if (isBase[a] && isBase[b]) expr = `mulmod(${ref(a)}, ${ref(b)}, ${0x78000001})`;
        else if (isBase[b]) expr = `f4muls(${ref(a)}, ${ref(b)})`;
        else if (isBase[a]) expr = `f4muls(${ref(b)}, ${ref(a)})`;
        else expr = `f4mul(${ref(a)}, ${ref(b)})`;
        break;
    }
    if (expr !== null) lines.push(`mstore(${m.NODE + 32 * id}, ${expr})`);
  }
  // Horner in α over the constraints, last first: Σ_k α^k·v_k.
  lines.push('let acc := 0');
  for (let k = table.constraints.length - 1; k >= 0; k--) {
    const c = table.constraints[k]!;
    let v = ref(c.node);
    if (c.filter === 'first') v = `f4mul(${v}, mload(${m.SFIRST}))`;
    else if (c.filter === 'last') v = `f4mul(${v}, mload(${m.SLAST}))`;
    else if (c.filter === 'transition') v = `f4mul(${v}, mload(${m.STRANS}))`;
    lines.push(`acc := f4add(f4mul(acc, mload(${m.ALPHA})), ${v}) // ${c.name}`);
  }
  // Quotient chunks Q_c = Σ_k X^k·(opened column 4c + k), recombined by Horner in ζ^n.
  const qd = table.quotientDegree;
  lines.push(`let q := fromCoords(add(mload(${slots.OPENED[QUOTIENT]}), ${64 * (qd - 1)}))`);
  for (let c = qd - 2; c >= 0; c--) {
    lines.push(`q := f4add(f4mul(q, mload(${m.ZETAN})), fromCoords(add(mload(${slots.OPENED[QUOTIENT]}), ${64 * c})))`);
  }
  lines.push(`if iszero(eq(acc, f4mul(mload(${m.ZH}), q))) { fail(3) }`);
  return lines.map((l) => `        ${l}`).join('\n');
}
