/**
 * TEST ONLY. Which user constraints read which main column, for the "tamper every column" soundness
 * tests: after changing one cell, the debug checker must name a constraint that reads that column
 * (or a bus must fail), and this map says which names are acceptable.
 */
import { Op } from '../air/expr.ts';
import type { CompiledTable } from '../air/system.ts';

/** For every main column of `t`, the names of the user constraints whose expression reads it. */
export function constraintsByColumn(t: CompiledTable): Set<string>[] {
  const byCol = Array.from({ length: t.mainWidth }, () => new Set<string>());
  const { op, a, b } = t.arena;
  for (const c of t.constraints.slice(0, t.userConstraintCount)) {
    const stack = [c.node];
    const seen = new Set<number>();
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const o = op[id]!;
      if (o === Op.Main) byCol[a[id]!]!.add(c.name);
      else if (o === Op.Add || o === Op.Sub || o === Op.Mul) stack.push(a[id]!, b[id]!);
      else if (o === Op.Neg) stack.push(a[id]!);
    }
  }
  return byCol;
}
