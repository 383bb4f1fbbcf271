/**
 * What the prover is given and what the verifier checks against: traces, public inputs and public
 * bus boundary messages, plus shape validation shared by prover and debug checker.
 */
import { P as P_ } from '../field/babybear.ts';
import type { RowMajorMatrix } from '../field/matrix.ts';
import type { AirSystem, CompiledTable } from './air/system.ts';
import { WitnessShapeError } from './errors.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const P = P_;

/**
 * A bus message contributed by the public statement rather than by a table: e.g. the initial and
 * final state of a memory argument. `kind` is from the statement's point of view ('send' means the
 * tables must receive it). Multiplicity defaults to 1.
 */
export interface BoundaryMessage {
  readonly bus: string;
  readonly kind: 'send' | 'receive';
  readonly values: readonly number[];
  readonly multiplicity?: number;
}

/** The public statement: per-table public inputs and the bus boundary messages. */
export interface Statement {
  /** Public input values by table name, in the order of the table's `publicInputs`. */
  readonly publicInputs?: Readonly<Record<string, readonly number[]>>;
  readonly boundary?: readonly BoundaryMessage[];
}

/** The prover's input: a main trace per table (by name) plus the statement. */
export interface Witness extends Statement {
  readonly traces: Readonly<Record<string, RowMajorMatrix>>;
}

/** Public inputs of `table` from a statement, checked for count and canonical values. */
export function publicsOf(table: CompiledTable, statement: Statement): number[] {
  const given = statement.publicInputs?.[table.name] ?? [];
  if (given.length !== table.publicInputNames.length) {
    throw new WitnessShapeError(
      `table ${table.name}: expected ${table.publicInputNames.length} public inputs, got ${given.length}`,
    );
  }
  for (const v of given) {
    if (!Number.isInteger(v) || v < 0 || v >= P) {
      throw new WitnessShapeError(`table ${table.name}: public input ${v} is not a canonical field element`);
    }
  }
  return [...given];
}

/** Validate boundary messages against the system's buses (names, arity, canonical values). */
export function checkBoundary(system: AirSystem, boundary: readonly BoundaryMessage[]): void {
  const buses = new Map(system.buses.map((b) => [b.name, b]));
  const canonical = (v: number): boolean => Number.isInteger(v) && v >= 0 && v < P;
  for (const m of boundary) {
    const bus = buses.get(m.bus);
    if (bus === undefined) throw new WitnessShapeError(`boundary message on unknown bus '${m.bus}'`);
    if (m.values.length !== bus.arity) {
      throw new WitnessShapeError(`boundary message on '${m.bus}' has ${m.values.length} values, bus arity ${bus.arity}`);
    }
    if (m.kind !== 'send' && m.kind !== 'receive') throw new WitnessShapeError(`boundary kind must be send or receive`);
    const values = m.values;
    for (let j = 0; j <= values.length; j++) {
      const v = j < values.length ? values[j]! : (m.multiplicity ?? 1);
      if (!canonical(v)) {
        throw new WitnessShapeError(`boundary message on '${m.bus}': ${v} is not a canonical field element`);
      }
    }
  }
}

/** Validate every trace's presence, width, height and values; returns traces in system order. */
export function tracesInOrder(system: AirSystem, witness: Witness): RowMajorMatrix[] {
  const known = new Set(system.tables.map((t) => t.name));
  for (const name of Object.keys(witness.traces)) {
    if (!known.has(name)) throw new WitnessShapeError(`trace given for unknown table '${name}'`);
  }
  return system.tables.map((t) => {
    const m = witness.traces[t.name];
    if (m === undefined) throw new WitnessShapeError(`missing trace for table '${t.name}'`);
    if (m.width !== t.mainWidth) {
      throw new WitnessShapeError(`table ${t.name}: trace width ${m.width}, expected ${t.mainWidth}`);
    }
    const h = m.height;
    if (h < 2 || (h & (h - 1)) !== 0 || h > 2 ** 24) {
      throw new WitnessShapeError(`table ${t.name}: height ${h} must be a power of two in [2, 2^24]`);
    }
    if (t.prepHeight !== null && h !== t.prepHeight) {
      throw new WitnessShapeError(`table ${t.name}: height ${h}, but its preprocessed columns fix ${t.prepHeight}`);
    }
    const bad = firstNonCanonical(m.values);
    if (bad >= 0) {
      throw new WitnessShapeError(`table ${t.name}: non-canonical value at row ${Math.floor(bad / m.width)}`, {
        column: t.columnNames[bad % m.width],
      });
    }
    return m;
  });
}

/** Index of the first value ≥ p, or −1 (a tight loop: traces have up to ~10^8 cells). */
function firstNonCanonical(v: Uint32Array): number {
  const n = v.length;
  for (let i = 0; i < n; i++) if (v[i]! >= P) return i;
  return -1;
}
