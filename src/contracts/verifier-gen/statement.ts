/**
 * How the Solidity verifier's `uint256[] publicInputs` map to the STARK statement.
 *
 * Layout (fixed per generated verifier, so the rollup passes a small constant-size array):
 *   [ public inputs of table 0 (in its `publicInputs` order), table 1, …, table T−1,
 *     then the `extraInputs` named in the generator options ]
 * Boundary messages are not passed: the generator fixes them as templates whose values and
 * multiplicities are constants or references to entries of the array above (typically the extra
 * inputs, e.g. a state root's limbs). Every entry must be a canonical BabyBear element (< p).
 * `statementFromPublicInputs` builds the same Statement for the TypeScript verifier.
 */
import { P } from '../../field/babybear.ts';
import type { AirSystem } from '../../stark/air/system.ts';
import type { BoundaryMessage, Statement } from '../../stark/witness.ts';

/** A boundary-message component: a constant field element or public-input index. */
export type TemplateValue = { readonly const: number } | { readonly input: number };

/** A boundary message whose values are fixed at generation time or read from the public inputs. */
export interface BoundaryTemplate {
  readonly bus: string;
  readonly kind: 'send' | 'receive';
  readonly values: readonly TemplateValue[];
  /** Constant multiplicity (default 1). */
  readonly multiplicity?: number;
}

/** The statement layout a verifier is generated for. */
export interface StatementLayout {
  /** Names of the inputs after the tables' own public inputs (used by boundary templates). */
  readonly extraInputs?: readonly string[];
  readonly boundary?: readonly BoundaryTemplate[];
}

/** Raised when a layout does not fit the system or public inputs do not fit the layout. */
export class StatementLayoutError extends Error {
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'StatementLayoutError';
  }
}

/** Index of each table's first public input in the flat array, plus the total length. */
export function publicInputOffsets(system: AirSystem, layout: StatementLayout): { starts: number[]; total: number } {
  const starts: number[] = [];
  let n = 0;
  for (const t of system.tables) {
    starts.push(n);
    n += t.publicInputNames.length;
  }
  return { starts, total: n + (layout.extraInputs?.length ?? 0) };
}

/** Check a layout against its system (bus names, arities, input references, constants). */
export function checkLayout(system: AirSystem, layout: StatementLayout): void {
  const { total } = publicInputOffsets(system, layout);
  const canonical = (v: number): boolean => Number.isInteger(v) && v >= 0 && v < P;
  for (const m of layout.boundary ?? []) {
    const bus = system.buses.find((b) => b.name === m.bus);
    if (bus === undefined) throw new StatementLayoutError(`boundary template on unknown bus '${m.bus}'`);
    if (m.values.length !== bus.arity) {
      throw new StatementLayoutError(`boundary template on '${m.bus}' has ${m.values.length} values, arity ${bus.arity}`);
    }
    if (m.kind !== 'send' && m.kind !== 'receive') throw new StatementLayoutError('boundary kind must be send or receive');
    for (const v of m.values) {
      if ('const' in v ? !canonical(v.const) : !(Number.isInteger(v.input) && v.input >= 0 && v.input < total)) {
        throw new StatementLayoutError(`boundary template on '${m.bus}': bad value ${JSON.stringify(v)}`);
      }
    }
    if (!canonical(m.multiplicity ?? 1)) throw new StatementLayoutError(`boundary template on '${m.bus}': bad multiplicity`);
  }
}

/** The Statement (per-table public inputs and boundary messages) that `publicInputs` stands for. */
export function statementFromPublicInputs(
  system: AirSystem,
  layout: StatementLayout,
  publicInputs: readonly bigint[],
): Statement {
  checkLayout(system, layout);
  const { starts, total } = publicInputOffsets(system, layout);
  if (publicInputs.length !== total) {
    throw new StatementLayoutError(`expected ${total} public inputs, got ${publicInputs.length}`);
  }
  const values = publicInputs.map((v, i) => {
    if (typeof v !== 'bigint' || v < 0n || v >= BigInt(P)) throw new StatementLayoutError(`public input ${i} is not canonical`);
    return Number(v);
  });
  const tablePublics: Record<string, number[]> = {};
  system.tables.forEach((t, i) => {
    tablePublics[t.name] = values.slice(starts[i]!, starts[i]! + t.publicInputNames.length);
  });
  const boundary: BoundaryMessage[] = (layout.boundary ?? []).map((m) => ({
    bus: m.bus,
    kind: m.kind,
    values: m.values.map((v) => ('const' in v ? v.const : values[v.input]!)),
    multiplicity: m.multiplicity ?? 1,
  }));
  return { publicInputs: tablePublics, boundary };
}

/** The flat public-input array of a statement's table inputs followed by `extras`. */
export function publicInputsOf(system: AirSystem, statement: Statement, extras: readonly number[] = []): bigint[] {
  const out: bigint[] = [];
  for (const t of system.tables) {
    const given = statement.publicInputs?.[t.name] ?? [];
    if (given.length !== t.publicInputNames.length) {
      throw new StatementLayoutError(`table ${t.name}: expected ${t.publicInputNames.length} public inputs`);
    }
    for (const v of given) out.push(BigInt(v));
  }
  for (const v of extras) out.push(BigInt(v));
  return out;
}
