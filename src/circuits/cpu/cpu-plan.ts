/**
 * The shared context the CPU family files write their constraints through: column access, family
 * selectors, and the per-slot access plan (which family uses which slot, as read or write, with
 * which tag and key). cpu-air.ts turns the plan into the slot constraints once every family has
 * contributed, so a slot's enabled/isWrite/tag/key are sums of selector-weighted terms.
 */
import type { AirBuilder, Expr } from '../../stark/index.ts';
import { ACCESS_SLOTS } from './cpu-access.ts';
import { CPU_COLUMNS, SLOTS, selectorIndex, type SlotColumns } from './cpu-columns.ts';
import type { Family } from './opcode-info.ts';

type B = AirBuilder<Record<string, number>, Record<string, never>>;

/** One use of a slot by a family (or a family under a condition). */
interface SlotUse {
  readonly when: Expr;
  readonly write: boolean;
  readonly tag: Expr;
  readonly key: Expr;
}

/** Per-family contributions to the row's transition (pc, gas, memory, halting status). */
export interface StepTerms {
  /** Extra pc advance beyond 1 (PUSH immediates) as selector-weighted terms. */
  readonly pcExtra: Expr[];
  /** Dynamic gas beyond static gas. */
  readonly dynamicGas: Expr[];
  /** Halt status terms (selector × status). */
  readonly status: Expr[];
  /** Selectors of halting families. */
  readonly halts: Expr[];
}

/** Column access and the slot plan shared by the family files. */
export class CpuContext {
  readonly c = CPU_COLUMNS;
  readonly zero: Expr;
  readonly one: Expr;
  private readonly uses: SlotUse[][] = Array.from({ length: ACCESS_SLOTS }, () => []);
  readonly terms: StepTerms = { pcExtra: [], dynamicGas: [], status: [], halts: [] };

  constructor(readonly b: B) {
    this.zero = b.constant(0);
    this.one = b.constant(1);
  }

  /** Main column on the current row. */
  m(col: number): Expr {
    return this.b.main(col);
  }
  /** Main column on the next row. */
  n(col: number): Expr {
    return this.b.next(col);
  }
  /** The selector of family f. */
  sel(f: Family): Expr {
    return this.m(this.c.sel[selectorIndex(f)]!);
  }
  /** Slot i's column block. */
  slot(i: number): SlotColumns {
    return SLOTS[i]!;
  }
  /** Slot i's value limbs. */
  value(i: number): Expr[] {
    return SLOTS[i]!.value.map((col) => this.m(col));
  }
  /** Sum of expressions (zero when empty). */
  sum(terms: readonly Expr[]): Expr {
    let acc = this.zero;
    for (const t of terms) acc = acc.add(t);
    return acc;
  }
  /** Record that slot i is used when `when` (a boolean expression, usually a selector). */
  use(i: number, when: Expr, write: boolean, tag: Expr | number, key: Expr): void {
    this.uses[i]!.push({ when, write, tag: typeof tag === 'number' ? this.b.constant(tag) : tag, key });
  }
  /** Slot i's enabled, isWrite, tag and key expressions from every recorded use. */
  slotPlan(i: number): { enabled: Expr; isWrite: Expr; tag: Expr; key: Expr } {
    const us = this.uses[i]!;
    return {
      enabled: this.sum(us.map((u) => u.when)),
      isWrite: this.sum(us.filter((u) => u.write).map((u) => u.when)),
      tag: this.sum(us.map((u) => u.when.mul(u.tag))),
      key: this.sum(us.map((u) => u.when.mul(u.key))),
    };
  }
  /** Require limbs[j] = expected[j] for every j when `when` holds. */
  wordEq(name: string, when: Expr, limbs: readonly Expr[], expected: readonly (Expr | number)[]): void {
    limbs.forEach((l, j) => this.b.assertZero(`${name}[${j}]`, when.mul(l.sub(expected[j]!))));
  }
}
