/**
 * Table definitions: a named set of main columns (one typed schema), optional preprocessed
 * columns, named public inputs, and the constraints and bus interactions written against them
 * through an `AirBuilder`. `defineTable` only records the spec; `compileTable` (called by
 * `defineSystem`, which knows every bus) runs the constraint function into a fresh DAG.
 */
import { AirDefinitionError } from '../errors.ts';
import { ExprArena, Op, type Expr } from './expr.ts';
import { EMPTY_SCHEMA, type Schema } from './schema.ts';

/** Which rows a constraint applies to. Filters other than `all` add 1 to the constraint degree. */
export type RowFilter = 'all' | 'first' | 'last' | 'transition';

/** A named constraint: `node` must vanish on the rows selected by `filter`. */
export interface Constraint {
  readonly name: string;
  readonly node: number;
  readonly filter: RowFilter;
  /** Degree including the filter (this is what sizes the quotient). */
  readonly degree: number;
}

/** A bus message: on every row, `values` is sent (or received) with multiplicity `multiplicity`. */
export interface Interaction {
  readonly bus: string;
  readonly kind: 'send' | 'receive';
  /** Node ids of the tuple components. */
  readonly values: readonly number[];
  /** Node id of the multiplicity. */
  readonly multiplicity: number;
}

/** Preprocessed (fixed) columns: committed once in the verifying key, so the table height is fixed. */
export interface PreprocessedSpec<Pp extends Record<string, number>> {
  readonly columns: Schema<Pp>;
  /** Table height (a power of two >= 2); fixed because the columns are. */
  readonly height: number;
  /** Row-major values, `height * columns.width` canonical field elements. */
  generate(): Uint32Array;
}

/** Everything that defines one table. */
export interface TableSpec<
  M extends Record<string, number> = Record<string, number>,
  Pp extends Record<string, number> = Record<string, never>,
> {
  readonly name: string;
  readonly columns: Schema<M>;
  readonly preprocessed?: PreprocessedSpec<Pp>;
  /** Names of this table's public inputs (values supplied to prover and verifier). */
  readonly publicInputs?: readonly string[];
  /** Declare constraints and bus interactions. Runs once per system definition. */
  constraints(b: AirBuilder<M, Pp>): void;
}

/** The builder handed to `TableSpec.constraints`: column access, constraint and bus declaration. */
export class AirBuilder<M extends Record<string, number>, Pp extends Record<string, number>> {
  readonly arena = new ExprArena();
  readonly constraintList: Constraint[] = [];
  readonly interactionList: Interaction[] = [];
  private readonly names = new Set<string>();

  constructor(
    /** The main-column schema (same object trace generation uses). */
    readonly cols: Schema<M>,
    /** The preprocessed-column schema (empty when the table has none). */
    readonly prepCols: Schema<Pp>,
    private readonly publicNames: readonly string[],
    private readonly tableName: string,
  ) {}

  /** Main column `col` on the current row. */
  main(col: number): Expr {
    this.checkCol(col, this.cols.width, 'main');
    return this.arena.node(Op.Main, col, 0);
  }
  /** Main column `col` on the next row (the last row's next is row 0). */
  next(col: number): Expr {
    this.checkCol(col, this.cols.width, 'main');
    return this.arena.node(Op.Main, col, 1);
  }
  /** Several main columns on the current row (e.g. `b.mains(cols.limbs)`). */
  mains(cols: readonly number[]): Expr[] {
    return cols.map((c) => this.main(c));
  }
  /** Several main columns on the next row. */
  nexts(cols: readonly number[]): Expr[] {
    return cols.map((c) => this.next(c));
  }
  /** Preprocessed column `col` on the current row. */
  prep(col: number): Expr {
    this.checkCol(col, this.prepCols.width, 'preprocessed');
    return this.arena.node(Op.Prep, col, 0);
  }
  /** Preprocessed column `col` on the next row. */
  prepNext(col: number): Expr {
    this.checkCol(col, this.prepCols.width, 'preprocessed');
    return this.arena.node(Op.Prep, col, 1);
  }
  /** The public input called `name` (declared in `TableSpec.publicInputs`). */
  public(name: string): Expr {
    const i = this.publicNames.indexOf(name);
    if (i < 0) throw new AirDefinitionError(`table ${this.tableName}: unknown public input '${name}'`);
    return this.arena.node(Op.Public, i, 0);
  }
  /** A constant. */
  constant(n: number): Expr {
    return this.arena.constant(n);
  }

  /** Require `e == 0` on the rows selected by `filter` (default: every row). */
  assertZero(name: string, e: Expr | number, filter: RowFilter = 'all'): void {
    if (this.names.has(name)) {
      throw new AirDefinitionError(`table ${this.tableName}: duplicate constraint name '${name}'`);
    }
    const x = this.arena.lift(e);
    if (x.isExt) throw new AirDefinitionError(`table ${this.tableName}: constraint '${name}' must be base-field`);
    this.names.add(name);
    this.constraintList.push({
      name,
      node: x.id,
      filter,
      degree: x.degree + (filter === 'all' ? 0 : 1),
    });
  }
  /** Require `a == b` on the rows selected by `filter`. */
  assertEq(name: string, a: Expr | number, b: Expr | number, filter: RowFilter = 'all'): void {
    this.assertZero(name, this.arena.sub(a, b), filter);
  }
  /** Require `e ∈ {0, 1}`: e·(e − 1) = 0. */
  assertBool(name: string, e: Expr | number, filter: RowFilter = 'all'): void {
    const x = this.arena.lift(e);
    this.assertZero(name, x.mul(x.sub(1)), filter);
  }
  /** Shorthand: `assertZero(name, e, 'first')`. */
  first(name: string, e: Expr | number): void {
    this.assertZero(name, e, 'first');
  }
  /** Shorthand: `assertZero(name, e, 'last')`. */
  last(name: string, e: Expr | number): void {
    this.assertZero(name, e, 'last');
  }
  /** Shorthand: `assertZero(name, e, 'transition')` (every row but the last). */
  transition(name: string, e: Expr | number): void {
    this.assertZero(name, e, 'transition');
  }

  /** Send `values` on `bus` with multiplicity `mult` on every row (use a 0/1 column to select rows). */
  send(bus: string, values: readonly (Expr | number)[], mult: Expr | number = 1): void {
    this.interact(bus, 'send', values, mult);
  }
  /** Receive `values` from `bus` with multiplicity `mult` on every row. */
  receive(bus: string, values: readonly (Expr | number)[], mult: Expr | number = 1): void {
    this.interact(bus, 'receive', values, mult);
  }

  private interact(bus: string, kind: 'send' | 'receive', values: readonly (Expr | number)[], mult: Expr | number): void {
    if (values.length === 0) throw new AirDefinitionError(`table ${this.tableName}: empty tuple on bus '${bus}'`);
    const vs = values.map((v) => this.arena.lift(v));
    const m = this.arena.lift(mult);
    if (vs.some((v) => v.isExt) || m.isExt) {
      throw new AirDefinitionError(`table ${this.tableName}: bus '${bus}' values must be base-field`);
    }
    this.interactionList.push({ bus, kind, values: vs.map((v) => v.id), multiplicity: m.id });
  }

  private checkCol(col: number, width: number, what: string): void {
    if (!Number.isInteger(col) || col < 0 || col >= width) {
      throw new AirDefinitionError(`table ${this.tableName}: ${what} column ${col} out of range [0, ${width})`);
    }
  }
}

/** Define a table (the spec is validated and compiled when it joins a system). */
export function defineTable<M extends Record<string, number>, Pp extends Record<string, number> = Record<string, never>>(
  spec: TableSpec<M, Pp>,
): TableSpec<M, Pp> {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(spec.name)) {
    throw new AirDefinitionError(`table name '${spec.name}' must be an identifier`);
  }
  const pre = spec.preprocessed;
  if (pre !== undefined && (!Number.isInteger(Math.log2(pre.height)) || pre.height < 2)) {
    throw new AirDefinitionError(`table ${spec.name}: preprocessed height must be a power of two >= 2`, {
      height: pre.height,
    });
  }
  return spec;
}

/** Run a table's constraint function into a builder (no LogUp yet: that needs the system's buses). */
export function buildTable(spec: TableSpec<Record<string, number>, Record<string, number>>): AirBuilder<
  Record<string, number>,
  Record<string, number>
> {
  const prepCols = spec.preprocessed?.columns ?? (EMPTY_SCHEMA as Schema<Record<string, number>>);
  const b = new AirBuilder(spec.columns, prepCols, spec.publicInputs ?? [], spec.name);
  spec.constraints(b);
  return b;
}
