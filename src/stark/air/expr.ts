/**
 * The symbolic expression DAG every constraint is written in.
 *
 * Nodes live in an `ExprArena` (struct-of-arrays, hash-consed so a repeated sub-expression is one
 * node, constant-folded so `x * 1` is `x`). An `Expr` is a handle (arena + node id) with
 * arithmetic methods, so constraints read naturally: `a.next().sub(a.add(b))`.
 *
 * Each node has a type: base field (BabyBear) or extension field (Fp4). Trace, preprocessed and
 * public-input leaves are base; LogUp challenges, LogUp running-sum columns and the claimed
 * cumulative sum are extension. A node's type is extension iff one of its operands is.
 *
 * Each node has a degree in the trace polynomials (columns count 1, constants/publics/challenges
 * 0); the table's quotient degree follows from it (see `constraintDegree` in table.ts).
 */
import { fromInt, add, sub, mul, neg } from '../../field/babybear.ts';
import { AirDefinitionError } from '../errors.ts';

/** Node operation codes. Stable: they appear in the JSON form consumed by the Solidity generator. */
export const Op = {
  Const: 0,
  Main: 1,
  Prep: 2,
  Public: 3,
  Challenge: 4,
  Perm: 5,
  CumSum: 6,
  Add: 7,
  Sub: 8,
  Mul: 9,
  Neg: 10,
} as const;
/** A node operation code. */
export type Op = (typeof Op)[keyof typeof Op];

/** Readable op names for the JSON form, indexed by `Op`. */
export const OP_NAMES = [
  'const',
  'main',
  'prep',
  'public',
  'challenge',
  'perm',
  'cumsum',
  'add',
  'sub',
  'mul',
  'neg',
] as const;

/** One node in JSON form. Leaves use `col`/`next`/`index`/`value`; operations use `a`/`b`. */
export type ExprNodeJson =
  | { op: 'const'; value: number }
  | { op: 'main' | 'prep' | 'perm'; col: number; next: boolean }
  | { op: 'public' | 'challenge'; index: number }
  | { op: 'cumsum' }
  | { op: 'add' | 'sub' | 'mul'; a: number; b: number }
  | { op: 'neg'; a: number };

/** Arena of hash-consed expression nodes. Node ids are dense and topologically ordered. */
export class ExprArena {
  /** Operation of each node. */
  readonly op: Op[] = [];
  /** First operand id / column / index / constant value, by node. */
  readonly a: number[] = [];
  /** Second operand id, or 1 for a next-row leaf, else 0. */
  readonly b: number[] = [];
  /** True for extension-field nodes. */
  readonly isExt: boolean[] = [];
  /** Degree in the trace polynomials. */
  readonly degree: number[] = [];
  private readonly index = new Map<string, number>();

  /** Number of nodes. */
  get size(): number {
    return this.op.length;
  }

  /** Create (or find) a node. Operands must already exist, which keeps ids topological. */
  node(op: Op, a: number, b: number): Expr {
    const key = `${op},${a},${b}`;
    const found = this.index.get(key);
    if (found !== undefined) return new Expr(this, found);
    let ext = false;
    let deg = 0;
    switch (op) {
      case Op.Const:
      case Op.Public:
        break;
      case Op.Main:
      case Op.Prep:
        deg = 1;
        break;
      case Op.Challenge:
      case Op.CumSum:
        ext = true;
        break;
      case Op.Perm:
        ext = true;
        deg = 1;
        break;
      case Op.Add:
      case Op.Sub:
        ext = this.isExt[a]! || this.isExt[b]!;
        deg = Math.max(this.degree[a]!, this.degree[b]!);
        break;
      case Op.Mul:
        ext = this.isExt[a]! || this.isExt[b]!;
        deg = this.degree[a]! + this.degree[b]!;
        break;
      case Op.Neg:
        ext = this.isExt[a]!;
        deg = this.degree[a]!;
        break;
    }
    const id = this.op.length;
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    this.isExt.push(ext);
    this.degree.push(deg);
    this.index.set(key, id);
    return new Expr(this, id);
  }

  /** A handle on an existing node id. */
  handle(id: number): Expr {
    if (!Number.isInteger(id) || id < 0 || id >= this.op.length) {
      throw new AirDefinitionError(`no expression node ${id}`);
    }
    return new Expr(this, id);
  }

  /** A base-field constant (any safe integer, reduced mod p). */
  constant(n: number): Expr {
    return this.node(Op.Const, fromInt(n), 0);
  }

  /** Lift a number or check an Expr belongs to this arena. */
  lift(x: Expr | number): Expr {
    if (typeof x === 'number') return this.constant(x);
    if (x.arena !== this) throw new AirDefinitionError('expression belongs to another table');
    return x;
  }

  /** Constant value of a node, or undefined if it is not a constant. */
  constValue(id: number): number | undefined {
    return this.op[id] === Op.Const ? this.a[id] : undefined;
  }

  /** a + b with constant folding. */
  add(x: Expr | number, y: Expr | number): Expr {
    const a = this.lift(x);
    const b = this.lift(y);
    const ca = this.constValue(a.id);
    const cb = this.constValue(b.id);
    if (ca !== undefined && cb !== undefined) return this.constant(add(ca, cb));
    if (ca === 0) return b;
    if (cb === 0) return a;
    // Commutative: order operands so a+b and b+a share one node.
    return a.id <= b.id ? this.node(Op.Add, a.id, b.id) : this.node(Op.Add, b.id, a.id);
  }

  /** a - b with constant folding. */
  sub(x: Expr | number, y: Expr | number): Expr {
    const a = this.lift(x);
    const b = this.lift(y);
    const ca = this.constValue(a.id);
    const cb = this.constValue(b.id);
    if (ca !== undefined && cb !== undefined) return this.constant(sub(ca, cb));
    if (cb === 0) return a;
    if (ca === 0) return this.neg(b);
    if (a.id === b.id) return this.constant(0);
    return this.node(Op.Sub, a.id, b.id);
  }

  /** a * b with constant folding. */
  mul(x: Expr | number, y: Expr | number): Expr {
    const a = this.lift(x);
    const b = this.lift(y);
    const ca = this.constValue(a.id);
    const cb = this.constValue(b.id);
    if (ca !== undefined && cb !== undefined) return this.constant(mul(ca, cb));
    if (ca === 0 || cb === 0) return this.constant(0);
    if (ca === 1) return b;
    if (cb === 1) return a;
    return a.id <= b.id ? this.node(Op.Mul, a.id, b.id) : this.node(Op.Mul, b.id, a.id);
  }

  /** -a with constant folding. */
  neg(x: Expr | number): Expr {
    const a = this.lift(x);
    const ca = this.constValue(a.id);
    if (ca !== undefined) return this.constant(neg(ca));
    if (this.op[a.id] === Op.Neg) return new Expr(this, this.a[a.id]!);
    return this.node(Op.Neg, a.id, 0);
  }

  /** The JSON form of node `id` (ids referenced by `a`/`b` are earlier nodes). */
  nodeJson(id: number): ExprNodeJson {
    const op = this.op[id]!;
    const a = this.a[id]!;
    const b = this.b[id]!;
    switch (op) {
      case Op.Const:
        return { op: 'const', value: a };
      case Op.Main:
        return { op: 'main', col: a, next: b === 1 };
      case Op.Prep:
        return { op: 'prep', col: a, next: b === 1 };
      case Op.Perm:
        return { op: 'perm', col: a, next: b === 1 };
      case Op.Public:
        return { op: 'public', index: a };
      case Op.Challenge:
        return { op: 'challenge', index: a };
      case Op.CumSum:
        return { op: 'cumsum' };
      case Op.Add:
        return { op: 'add', a, b };
      case Op.Sub:
        return { op: 'sub', a, b };
      case Op.Mul:
        return { op: 'mul', a, b };
      case Op.Neg:
        return { op: 'neg', a };
    }
  }
}

/** A handle on one DAG node with fluent arithmetic. */
export class Expr {
  constructor(
    readonly arena: ExprArena,
    readonly id: number,
  ) {}

  /** this + y */
  add(y: Expr | number): Expr {
    return this.arena.add(this, y);
  }
  /** this - y */
  sub(y: Expr | number): Expr {
    return this.arena.sub(this, y);
  }
  /** this * y */
  mul(y: Expr | number): Expr {
    return this.arena.mul(this, y);
  }
  /** -this */
  neg(): Expr {
    return this.arena.neg(this);
  }
  /** this^k for a small non-negative integer k, by repeated multiplication (degree k·deg). */
  pow(k: number): Expr {
    if (!Number.isInteger(k) || k < 0) throw new AirDefinitionError('Expr.pow needs an integer k >= 0');
    let r: Expr = this.arena.constant(1);
    for (let i = 0; i < k; i++) r = r.mul(this);
    return r;
  }
  /** Degree of this expression in the trace polynomials. */
  get degree(): number {
    return this.arena.degree[this.id]!;
  }
  /** True if this expression is extension-field valued. */
  get isExt(): boolean {
    return this.arena.isExt[this.id]!;
  }
  /**
   * The same column read on the next row. Only valid on a current-row column leaf
   * (`b.main(c).next()` is the same as `b.next(c)`).
   */
  next(): Expr {
    const op = this.arena.op[this.id]!;
    if ((op !== Op.Main && op !== Op.Prep && op !== Op.Perm) || this.arena.b[this.id] !== 0) {
      throw new AirDefinitionError('Expr.next() applies only to a current-row column');
    }
    return this.arena.node(op, this.arena.a[this.id]!, 1);
  }
}
