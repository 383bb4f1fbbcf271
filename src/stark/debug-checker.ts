/**
 * The debug checker: evaluates every named constraint on every row of every trace, and every bus's
 * net multiset, and reports each failure by table, row and constraint name. The prover runs it
 * first and refuses (ProverRefusedError) rather than emitting a proof of a false statement.
 */
import { P as P_ } from '../field/babybear.ts';
import type { RowMajorMatrix } from '../field/matrix.ts';
import { FP4_ZERO } from '../field/extension.ts';
import { BLOCK as BLOCK_, ConstraintProgram } from './air/program.ts';
import type { AirSystem, CompiledTable } from './air/system.ts';
import type { Constraint } from './air/table.ts';
import { cachedKernelProgram, kernelConstants } from './kernels/program-compiler.ts';
import { runCheckKernel } from './kernels/program-runner.ts';
import { FILTERS } from './quotient.ts';
import type { ConstraintFailure } from './errors.ts';
import { evaluateInteractions } from './interactions.ts';
import type { BoundaryMessage } from './witness.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const P = P_;
const BLOCK = BLOCK_;

/** Options of the checker. */
export interface CheckOptions {
  /** Stop collecting after this many failures (default 100). */
  readonly maxFailures?: number;
}

/**
 * Check one table's constraints; returns failures in row order, then constraint order.
 * The WebAssembly interpreter screens every row (kernels/program-runner.ts); only when it flags a
 * block does the TypeScript program re-run to name each failing row and constraint.
 */
export function checkTableConstraints(
  table: CompiledTable,
  trace: RowMajorMatrix,
  prep: RowMajorMatrix | null,
  publics: readonly number[],
  maxFailures = 100,
): ConstraintFailure[] {
  const user = table.constraints.slice(0, table.userConstraintCount);
  if (user.length === 0) return [];
  if (!anyConstraintFails(table, user, trace, prep, publics)) return [];
  return describeConstraintFailures(table, user, trace, prep, publics, maxFailures);
}

/** Whether some constraint is nonzero on a row its filter selects (WebAssembly screen). */
function anyConstraintFails(
  table: CompiledTable,
  user: readonly Constraint[],
  trace: RowMajorMatrix,
  prep: RowMajorMatrix | null,
  publics: readonly number[],
): boolean {
  const n = trace.height;
  const program = cachedKernelProgram(table.arena, 'check', () =>
    user.map((c) => ({ kind: 'check', node: c.node, filter: FILTERS.indexOf(c.filter) })),
  );
  const consts = kernelConstants(table.arena, program, { publics, challenges: [], cumSum: FP4_ZERO });
  // Row masks per filter (all ones where the filter selects the row).
  const ALL = 0xffffffff;
  const masks = FILTERS.map((f) => {
    const m = new Uint32Array(n);
    if (f === 'all') m.fill(ALL);
    else if (f === 'first') m[0] = ALL;
    else if (f === 'last') m[n - 1] = ALL;
    else m.fill(ALL, 0, n - 1);
    return m;
  });
  const flags = runCheckKernel(program, consts, { size: n, stride: 1, nextOffset: 1, main: trace, prep, perm: null }, masks);
  return flags.some((f) => f !== 0);
}

/** The TypeScript evaluation that names every failing row and constraint. */
function describeConstraintFailures(
  table: CompiledTable,
  user: readonly Constraint[],
  trace: RowMajorMatrix,
  prep: RowMajorMatrix | null,
  publics: readonly number[],
  maxFailures: number,
): ConstraintFailure[] {
  const failures: ConstraintFailure[] = [];
  const n = trace.height;
  const program = ConstraintProgram.compile(
    table.arena,
    user.map((c) => c.node),
  );
  const regs = user.map((c) => program.register[c.node]! * BLOCK);
  program.run(
    { size: n, stride: 1, nextShift: 1, main: trace, prep, perm: null },
    { publics, challenges: [], cumSum: FP4_ZERO },
    (start, len, view) => {
      if (failures.length >= maxFailures) return;
      for (let i = 0; i < len; i++) {
        const row = start + i;
        for (let k = 0; k < user.length; k++) {
          const c = user[k]!;
          if (c.filter === 'first' && row !== 0) continue;
          if (c.filter === 'last' && row !== n - 1) continue;
          if (c.filter === 'transition' && row === n - 1) continue;
          const v = view.base[regs[k]! + i]!;
          if (v !== 0) {
            failures.push({ table: table.name, row, constraint: c.name, detail: `evaluates to ${v}, expected 0` });
            if (failures.length >= maxFailures) return;
          }
        }
      }
    },
  );
  return failures;
}

/**
 * Check that every bus balances: for each (bus, tuple), Σ send multiplicities − Σ receive
 * multiplicities ≡ 0 (mod p), counting the statement's boundary messages.
 */
export function checkBuses(
  system: AirSystem,
  traces: readonly RowMajorMatrix[],
  preps: readonly (RowMajorMatrix | null)[],
  publics: readonly (readonly number[])[],
  boundary: readonly BoundaryMessage[],
  maxFailures = 100,
): ConstraintFailure[] {
  interface Entry {
    bus: string;
    tuple: readonly number[];
    m: number;
    table: string;
    row: number;
    /** 'send' | 'receive' by a table row, or the boundary message's kind. */
    kind: string;
  }
  // Exact multiset: entries bucketed by a 32-bit hash of (bus, tuple), compared exactly inside a
  // bucket (string keys per row cost more than everything else here on big tables).
  const net = new Map<number, Entry[]>();
  const entries: Entry[] = [];
  const hashOf = (busId: number, tuple: ArrayLike<number>): number => {
    let h = Math.imul(busId ^ 0x9e3779b9, 0x85ebca6b);
    for (let j = 0; j < tuple.length; j++) {
      h = Math.imul(h ^ tuple[j]!, 0xcc9e2d51);
      h = (h << 13) | (h >>> 19);
    }
    return (h ^ (h >>> 16)) >>> 0;
  };
  const sameTuple = (a: readonly number[], b: ArrayLike<number>): boolean => {
    if (a.length !== b.length) return false;
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
    return true;
  };
  const busIds = new Map(system.buses.map((b) => [b.name, b.id]));
  const add = (bus: string, tuple: ArrayLike<number>, m: number, table: string, row: number, kind: string): void => {
    const h = hashOf(busIds.get(bus) ?? 0, tuple);
    let bucket = net.get(h);
    if (bucket === undefined) {
      bucket = [];
      net.set(h, bucket);
    }
    for (const e of bucket) {
      if (e.bus === bus && sameTuple(e.tuple, tuple)) {
        e.m = (e.m + m) % P;
        return;
      }
    }
    const e = { bus, tuple: Array.from(tuple), m: m % P, table, row, kind };
    bucket.push(e);
    entries.push(e);
  };
  system.tables.forEach((t, ti) => {
    if (t.interactions.length === 0) return;
    const iv = evaluateInteractions(t, traces[ti]!, preps[ti]!, publics[ti]!);
    const n = traces[ti]!.height;
    t.interactions.forEach((it, i) => {
      const mult = iv.mult[i]!;
      const cols = iv.values[i]!;
      const tuple = new Array<number>(cols.length);
      for (let r = 0; r < n; r++) {
        const m = mult[r]!;
        if (m === 0) continue;
        for (let j = 0; j < cols.length; j++) tuple[j] = cols[j]![r]!;
        add(it.bus, tuple, it.kind === 'send' ? m : P - m, t.name, r, it.kind);
      }
    });
  });
  for (const b of boundary) {
    const m = b.multiplicity ?? 1;
    add(b.bus, b.values, b.kind === 'send' ? m : (P - m) % P, '<boundary>', -1, b.kind);
  }
  const failures: ConstraintFailure[] = [];
  for (const e of entries) {
    if (e.m === 0) continue;
    const origin = e.row < 0 ? `boundary ${e.kind}` : `${e.kind} by ${e.table} row ${e.row}`;
    const signed = e.m > P / 2 ? `-${P - e.m}` : `${e.m}`;
    failures.push({
      table: e.table,
      row: e.row,
      constraint: `bus:${e.bus}`,
      detail: `tuple (${e.tuple.join(', ')}) has net multiplicity ${signed} (sent − received); first seen: ${origin}`,
    });
    if (failures.length >= maxFailures) break;
  }
  return failures;
}

/** Run every check of the system; an empty list means the witness satisfies the AIR. */
export function checkSystem(
  system: AirSystem,
  traces: readonly RowMajorMatrix[],
  preps: readonly (RowMajorMatrix | null)[],
  publics: readonly (readonly number[])[],
  boundary: readonly BoundaryMessage[],
  options: CheckOptions = {},
): ConstraintFailure[] {
  const max = options.maxFailures ?? 100;
  const failures: ConstraintFailure[] = [];
  system.tables.forEach((t, i) => {
    if (failures.length < max) {
      failures.push(...checkTableConstraints(t, traces[i]!, preps[i]!, publics[i]!, max - failures.length));
    }
  });
  if (failures.length < max) failures.push(...checkBuses(system, traces, preps, publics, boundary, max - failures.length));
  return failures;
}
