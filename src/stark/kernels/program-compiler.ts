/**
 * Compiles a table's constraint DAG into the bytecode of the WebAssembly interpreter
 * (wasm/stark/program.ts): 4-word instructions [op, d, a, b] over register planes.
 *
 * Register allocation: the DAG's node order is topological, so the program is straight-line; a
 * node's planes are freed right after the instruction that uses it last (never before its
 * destination is allocated, so no instruction writes a register it still reads). This keeps the
 * register file small (it is BLOCK rows × live planes, and should stay in the L1/L2 cache).
 * Row-independent ("uniform") nodes are valued once per run (kernelConstants) and broadcast by the
 * prologue into planes that are never freed.
 *
 * Sinks say what happens to a root value: `acc` adds α^k·value into filter f's accumulator
 * (quotient), `store` writes it to an output column (interaction values), `check` ORs it, masked
 * by filter f, into the block's failure flag (witness checking).
 */
import { fp4Add, fp4FromBase, fp4Mul, fp4Neg, fp4Sub, type Fp4 } from '../../field/extension.ts';
import { Op, type ExprArena } from '../air/expr.ts';
import type { Uniforms } from '../air/program.ts';

/** Interpreter opcodes (mirrors wasm/stark/program.ts). */
export const KOp = {
  LoadMain: 0,
  LoadPrep: 1,
  LoadPerm: 2,
  BAdd: 3,
  BSub: 4,
  BMul: 5,
  BNeg: 6,
  EAddEE: 7,
  EAddEB: 8,
  ESubEE: 9,
  ESubEB: 10,
  ESubBE: 11,
  EMulEE: 12,
  EMulEB: 13,
  ENeg: 14,
  AccBase: 15,
  AccExt: 16,
  Store: 17,
  Check: 18,
  SplatBase: 19,
  SplatExt: 20,
} as const;

/** What to do with a root value. */
export type Sink =
  | { readonly kind: 'acc'; readonly node: number; readonly filter: number; readonly k: number }
  | { readonly kind: 'store'; readonly node: number; readonly slot: number }
  | { readonly kind: 'check'; readonly node: number; readonly filter: number };

/** A compiled program. */
export interface KernelProgram {
  /** Per-block instructions, 4 words each. */
  readonly body: Int32Array;
  /** Once-per-task broadcasts of uniform values, 4 words each. */
  readonly prologue: Int32Array;
  /** The uniform nodes whose values the prologue broadcasts, in constant-table order. */
  readonly uniformNodes: Int32Array;
  /** Register planes used (the accumulators, when present, are the last 16). */
  readonly planes: number;
  /** First accumulator plane (16 planes: 4 filters × 4 coefficients), or -1 if no acc sink. */
  readonly accPlane: number;
}

const cache = new WeakMap<ExprArena, Map<string, KernelProgram>>();

/**
 * compileKernelProgram, memoised per arena under `key` (the caller guarantees that one key always
 * comes with the same sinks for a given arena). Big tables take a noticeable time to compile, and
 * every proof runs the same programs.
 */
export function cachedKernelProgram(arena: ExprArena, key: string, sinks: () => readonly Sink[]): KernelProgram {
  let byKey = cache.get(arena);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(arena, byKey);
  }
  let program = byKey.get(key);
  if (program === undefined) {
    program = compileKernelProgram(arena, sinks());
    byKey.set(key, program);
  }
  return program;
}

/** The constant table of `program` for one run: its uniform nodes valued by `uniforms` (canonical Fp4). */
export function kernelConstants(arena: ExprArena, program: KernelProgram, uniforms: Uniforms): Uint32Array {
  const values = new Map<number, Fp4>();
  const out = new Uint32Array(4 * program.uniformNodes.length);
  program.uniformNodes.forEach((id, i) => {
    const v = uniformValue(arena, id, uniforms, values);
    values.set(id, v);
    out.set(v, 4 * i);
  });
  return out;
}

/** Compile the sub-DAG feeding `sinks` (uniform values are supplied per run: kernelConstants). */
export function compileKernelProgram(arena: ExprArena, sinks: readonly Sink[]): KernelProgram {
  const n = arena.size;
  const needed = new Uint8Array(n);
  const stack = sinks.map((s) => s.node);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (needed[id]) continue;
    needed[id] = 1;
    const op = arena.op[id]!;
    if (op === Op.Add || op === Op.Sub || op === Op.Mul) stack.push(arena.a[id]!, arena.b[id]!);
    else if (op === Op.Neg) stack.push(arena.a[id]!);
  }
  const uniform = new Uint8Array(n);
  for (let id = 0; id < n; id++) {
    const op = arena.op[id]!;
    if (op === Op.Const || op === Op.Public || op === Op.Challenge || op === Op.CumSum) uniform[id] = 1;
    else if (op === Op.Add || op === Op.Sub || op === Op.Mul) uniform[id] = uniform[arena.a[id]!]! & uniform[arena.b[id]!]!;
    else if (op === Op.Neg) uniform[id] = uniform[arena.a[id]!]!;
  }
  // Last consumer of every non-uniform node (sinks count as uses at the node itself).
  const lastUse = new Int32Array(n).fill(-1);
  for (let id = 0; id < n; id++) {
    if (!needed[id] || uniform[id]) continue;
    const op = arena.op[id]!;
    if (op === Op.Add || op === Op.Sub || op === Op.Mul) {
      lastUse[arena.a[id]!] = id;
      lastUse[arena.b[id]!] = id;
    } else if (op === Op.Neg) lastUse[arena.a[id]!] = id;
  }
  const sinksOf = new Map<number, Sink[]>();
  for (const s of sinks) {
    const list = sinksOf.get(s.node) ?? [];
    list.push(s);
    sinksOf.set(s.node, list);
    if (lastUse[s.node]! < s.node) lastUse[s.node] = s.node;
  }

  let planes = 0;
  const freeBase: number[] = [];
  const freeExt: number[] = [];
  const allocate = (ext: boolean): number => {
    if (ext) {
      const q = freeExt.pop();
      if (q !== undefined) return q;
      planes += 4;
      return planes - 4;
    }
    const s = freeBase.pop();
    if (s !== undefined) return s;
    return planes++;
  };
  const release = (id: number): void => {
    (arena.isExt[id] ? freeExt : freeBase).push(register[id]!);
  };
  const register = new Int32Array(n).fill(-1);
  const body: number[] = [];
  const prologue: number[] = [];
  const uniformNodes: number[] = [];
  const emitSinks = (id: number): void => {
    for (const s of sinksOf.get(id) ?? []) {
      const r = register[id]!;
      if (s.kind === 'acc') body.push(arena.isExt[id] ? KOp.AccExt : KOp.AccBase, s.filter, r, s.k);
      else if (s.kind === 'store') {
        if (arena.isExt[id]) throw new RangeError('compileKernelProgram: only base values can be stored');
        body.push(KOp.Store, s.slot, r, 0);
      } else {
        if (arena.isExt[id]) throw new RangeError('compileKernelProgram: only base values can be checked');
        body.push(KOp.Check, s.filter, r, 0);
      }
    }
  };

  // Uniform nodes (topological order, so operands come first): broadcast by the prologue from the
  // per-run constant table, pinned.
  for (let id = 0; id < n; id++) {
    if (!needed[id] || !uniform[id]) continue;
    register[id] = allocate(arena.isExt[id]!);
    prologue.push(arena.isExt[id] ? KOp.SplatExt : KOp.SplatBase, register[id]!, uniformNodes.length, 0);
    uniformNodes.push(id);
    emitSinks(id);
  }

  for (let id = 0; id < n; id++) {
    if (!needed[id] || uniform[id]) continue;
    const op = arena.op[id]!;
    const a = arena.a[id]!;
    const b = arena.b[id]!;
    const ext = arena.isExt[id]!;
    const d = allocate(ext);
    register[id] = d;
    const ra = register[a]!;
    const rb = register[b]!;
    switch (op) {
      case Op.Main:
        body.push(KOp.LoadMain, d, a, b);
        break;
      case Op.Prep:
        body.push(KOp.LoadPrep, d, a, b);
        break;
      case Op.Perm:
        body.push(KOp.LoadPerm, d, a, b);
        break;
      case Op.Add:
      case Op.Sub:
      case Op.Mul: {
        const ea = arena.isExt[a]!;
        const eb = arena.isExt[b]!;
        if (op === Op.Add) {
          if (!ea && !eb) body.push(KOp.BAdd, d, ra, rb);
          else if (ea && eb) body.push(KOp.EAddEE, d, ra, rb);
          else if (ea) body.push(KOp.EAddEB, d, ra, rb);
          else body.push(KOp.EAddEB, d, rb, ra);
        } else if (op === Op.Sub) {
          if (!ea && !eb) body.push(KOp.BSub, d, ra, rb);
          else if (ea && eb) body.push(KOp.ESubEE, d, ra, rb);
          else if (ea) body.push(KOp.ESubEB, d, ra, rb);
          else body.push(KOp.ESubBE, d, ra, rb);
        } else {
          if (!ea && !eb) body.push(KOp.BMul, d, ra, rb);
          else if (ea && eb) body.push(KOp.EMulEE, d, ra, rb);
          else if (ea) body.push(KOp.EMulEB, d, ra, rb);
          else body.push(KOp.EMulEB, d, rb, ra);
        }
        break;
      }
      case Op.Neg:
        body.push(arena.isExt[a] ? KOp.ENeg : KOp.BNeg, d, ra, 0);
        break;
      default:
        throw new RangeError(`compileKernelProgram: unexpected op ${op} at node ${id}`);
    }
    emitSinks(id);
    // Free operands whose last use was this node (after allocating d, so d never aliases them).
    if (op === Op.Add || op === Op.Sub || op === Op.Mul) {
      if (!uniform[a] && lastUse[a] === id) release(a);
      if (b !== a && !uniform[b] && lastUse[b] === id) release(b);
    } else if (op === Op.Neg && !uniform[a] && lastUse[a] === id) release(a);
    if (lastUse[id] === id) release(id);
  }
  const hasAcc = sinks.some((s) => s.kind === 'acc');
  const accPlane = hasAcc ? planes : -1;
  if (hasAcc) planes += 16;
  return {
    body: Int32Array.from(body),
    prologue: Int32Array.from(prologue),
    uniformNodes: Int32Array.from(uniformNodes),
    planes: Math.max(planes, 1),
    accPlane,
  };
}

function uniformValue(arena: ExprArena, id: number, u: Uniforms, values: Map<number, Fp4>): Fp4 {
  const a = arena.a[id]!;
  const b = arena.b[id]!;
  switch (arena.op[id]!) {
    case Op.Const:
      return fp4FromBase(a);
    case Op.Public:
      return fp4FromBase(u.publics[a]!);
    case Op.Challenge:
      return u.challenges[a]!;
    case Op.CumSum:
      return u.cumSum;
    case Op.Add:
      return fp4Add(values.get(a)!, values.get(b)!);
    case Op.Sub:
      return fp4Sub(values.get(a)!, values.get(b)!);
    case Op.Mul:
      return fp4Mul(values.get(a)!, values.get(b)!);
    case Op.Neg:
      return fp4Neg(values.get(a)!);
    default:
      throw new RangeError(`compileKernelProgram: node ${id} is not uniform`);
  }
}
