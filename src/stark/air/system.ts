/**
 * A system: the tables proven together in one proof, and the LogUp buses between them.
 *
 * LogUp (Haböck, "Multivariate lookups based on logarithmic derivatives", ePrint 2022/1530):
 * a bus balances iff Σ_sends m/(z − fp(t)) = Σ_receives m/(z − fp(t)) for a random z, where the
 * fingerprint of tuple t = (t_0..t_{k-1}) on bus number B is fp(t) = B + Σ_j γ^{j+1}·t_j for a
 * random γ. Distinct bus numbers separate the buses, so one global sum balancing proves every
 * bus balances (except with probability ~ (total messages)/|Fp4|).
 *
 * Per table, interactions are packed into groups; each group g gets an Fp4 helper column
 * h_g = Σ_{i∈g} ±m_i/d_i, enforced by h_g·∏d_i − Σ_i ±m_i·∏_{j≠i} d_j = 0, and a running-sum
 * column S with S[0] = Σ_g h_g[0], S[r+1] = S[r] + Σ_g h_g[r+1], S[n−1] = C (the table's claimed
 * cumulative sum, sent in the proof). The verifier checks Σ_tables C + boundary terms = 0.
 * Groups are packed greedily so no group constraint exceeds the table's degree target
 * max(user degree, 3): one more helper column costs 4 committed base columns, one more degree
 * costs a quotient chunk, and 3 keeps small tables at two chunks.
 */
import { AirDefinitionError } from '../errors.ts';
import { Op, type Expr, type ExprArena } from './expr.ts';
import { buildTable, type Constraint, type Interaction, type TableSpec } from './table.ts';

/** A bus in the system: name, number used in fingerprints (1-based, by sorted name), tuple arity. */
export interface BusInfo {
  readonly name: string;
  readonly id: number;
  readonly arity: number;
}

/** How a table's interactions are packed into LogUp helper columns. */
export interface LogupLayout {
  /** Interaction indices per group; group g is Fp4 permutation column g. */
  readonly groups: readonly (readonly number[])[];
  /** Number of Fp4 permutation columns: groups + 1 (the running sum is the last). */
  readonly extWidth: number;
  /** Index of the running-sum Fp4 column. */
  readonly runningSumCol: number;
}

/** A table compiled into its constraint DAG, degree and LogUp layout. */
export interface CompiledTable {
  readonly index: number;
  readonly name: string;
  readonly spec: TableSpec<Record<string, number>, Record<string, number>>;
  readonly mainWidth: number;
  readonly prepWidth: number;
  /** Fixed height for tables with preprocessed columns, else null (height chosen per proof). */
  readonly prepHeight: number | null;
  readonly publicInputNames: readonly string[];
  readonly columnNames: readonly string[];
  readonly arena: ExprArena;
  /** User constraints first, then the LogUp constraints. */
  readonly constraints: readonly Constraint[];
  readonly userConstraintCount: number;
  readonly interactions: readonly Interaction[];
  readonly logup: LogupLayout | null;
  /** Max constraint degree including filters. */
  readonly maxDegree: number;
  /** Number of quotient chunks: the next power of two >= maxDegree − 1 (at least 1). */
  readonly quotientDegree: number;
  readonly logQuotientDegree: number;
}

/** A compiled system of tables and buses. */
export interface AirSystem {
  readonly tables: readonly CompiledTable[];
  readonly buses: readonly BusInfo[];
  /** Challenge count: index 0 is z, index k >= 1 is γ^k. */
  readonly numChallenges: number;
}

/** Challenge index of the LogUp evaluation point z. */
export const CHALLENGE_Z = 0;

/** Compile tables into a system. Table order is the order given (it fixes the proof layout). */
export function defineSystem(specs: readonly TableSpec<any, any>[]): AirSystem {
  if (specs.length === 0) throw new AirDefinitionError('a system needs at least one table');
  const names = new Set<string>();
  for (const s of specs) {
    if (names.has(s.name)) throw new AirDefinitionError(`duplicate table name '${s.name}'`);
    names.add(s.name);
  }
  const builders = specs.map((s) => buildTable(s as TableSpec<Record<string, number>, Record<string, number>>));

  // Buses: collect arities, check consistency and that every bus has both a sender and a receiver
  // side (or may be closed by public boundary messages; that is allowed, so only arity is checked).
  const arity = new Map<string, number>();
  for (let t = 0; t < builders.length; t++) {
    for (const it of builders[t]!.interactionList) {
      const k = arity.get(it.bus);
      if (k !== undefined && k !== it.values.length) {
        throw new AirDefinitionError(`bus '${it.bus}' used with arities ${k} and ${it.values.length}`, {
          table: specs[t]!.name,
        });
      }
      arity.set(it.bus, it.values.length);
    }
  }
  const buses: BusInfo[] = [...arity.keys()]
    .sort()
    .map((name, i) => ({ name, id: i + 1, arity: arity.get(name)! }));
  const busByName = new Map(buses.map((b) => [b.name, b]));
  const maxArity = buses.reduce((m, b) => Math.max(m, b.arity), 0);

  const tables = builders.map((b, index): CompiledTable => {
    const spec = specs[index] as TableSpec<Record<string, number>, Record<string, number>>;
    const userConstraints = [...b.constraintList];
    const userMax = userConstraints.reduce((m, c) => Math.max(m, c.degree), 0);
    const constraints: Constraint[] = [...userConstraints];
    let logup: LogupLayout | null = null;
    let maxDegree = userMax;
    if (b.interactionList.length > 0) {
      const built = buildLogup(b.arena, b.interactionList, busByName, userMax);
      constraints.push(...built.constraints);
      logup = built.layout;
      maxDegree = Math.max(maxDegree, ...built.constraints.map((c) => c.degree));
    }
    const quotientDegree = nextPow2(Math.max(maxDegree - 1, 1));
    return {
      index,
      name: spec.name,
      spec,
      mainWidth: spec.columns.width,
      prepWidth: spec.preprocessed?.columns.width ?? 0,
      prepHeight: spec.preprocessed?.height ?? null,
      publicInputNames: spec.publicInputs ?? [],
      columnNames: spec.columns.columnNames,
      arena: b.arena,
      constraints,
      userConstraintCount: userConstraints.length,
      interactions: b.interactionList,
      logup,
      maxDegree,
      quotientDegree,
      logQuotientDegree: Math.log2(quotientDegree),
    };
  });
  return { tables, buses, numChallenges: 1 + maxArity };
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Build the fingerprint denominator d = z − (B + Σ_j γ^{j+1} t_j) of one interaction. */
export function fingerprintExpr(arena: ExprArena, busId: number, values: readonly number[]): Expr {
  let acc: Expr = arena.node(Op.Challenge, CHALLENGE_Z, 0).sub(busId);
  for (let j = 0; j < values.length; j++) {
    acc = acc.sub(arena.node(Op.Challenge, j + 1, 0).mul(arena.handle(values[j]!)));
  }
  return acc;
}

function buildLogup(
  arena: ExprArena,
  interactions: readonly Interaction[],
  buses: ReadonlyMap<string, BusInfo>,
  userMax: number,
): { constraints: Constraint[]; layout: LogupLayout } {
  const dDeg = interactions.map((it) => Math.max(0, ...it.values.map((v) => arena.degree[v]!)));
  const mDeg = interactions.map((it) => arena.degree[it.multiplicity]!);
  const groupDegree = (members: number[]): number => {
    const sumD = members.reduce((s, i) => s + dDeg[i]!, 0);
    let deg = 1 + sumD;
    for (const i of members) deg = Math.max(deg, mDeg[i]! + sumD - dDeg[i]!);
    return deg;
  };
  const singletonMax = Math.max(...interactions.map((_, i) => groupDegree([i])));
  const target = Math.max(userMax, 3, singletonMax);
  const groups: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < interactions.length; i++) {
    if (current.length > 0 && groupDegree([...current, i]) > target) {
      groups.push(current);
      current = [];
    }
    current.push(i);
  }
  groups.push(current);

  const constraints: Constraint[] = [];
  const perm = (col: number, next: boolean): Expr => arena.node(Op.Perm, col, next ? 1 : 0);
  groups.forEach((members, g) => {
    const ds = members.map((i) => {
      const it = interactions[i]!;
      return fingerprintExpr(arena, buses.get(it.bus)!.id, it.values);
    });
    let prodAll: Expr = arena.constant(1);
    for (const d of ds) prodAll = prodAll.mul(d);
    let rhs: Expr = arena.constant(0);
    members.forEach((i, k) => {
      const it = interactions[i]!;
      let term: Expr = arena.handle(it.multiplicity);
      ds.forEach((d, j) => {
        if (j !== k) term = term.mul(d);
      });
      rhs = it.kind === 'send' ? rhs.add(term) : rhs.sub(term);
    });
    const c = perm(g, false).mul(prodAll).sub(rhs);
    constraints.push({ name: `logup:group${g}`, node: c.id, filter: 'all', degree: c.degree });
  });
  const runningSumCol = groups.length;
  let sumCur: Expr = arena.constant(0);
  let sumNext: Expr = arena.constant(0);
  for (let g = 0; g < groups.length; g++) {
    sumCur = sumCur.add(perm(g, false));
    sumNext = sumNext.add(perm(g, true));
  }
  const s = perm(runningSumCol, false);
  const first = s.sub(sumCur);
  const trans = perm(runningSumCol, true).sub(s).sub(sumNext);
  const last = s.sub(arena.node(Op.CumSum, 0, 0));
  constraints.push({ name: 'logup:running-sum-first', node: first.id, filter: 'first', degree: first.degree + 1 });
  constraints.push({ name: 'logup:running-sum-step', node: trans.id, filter: 'transition', degree: trans.degree + 1 });
  constraints.push({ name: 'logup:running-sum-last', node: last.id, filter: 'last', degree: last.degree + 1 });
  return { constraints, layout: { groups, extWidth: groups.length + 1, runningSumCol } };
}
