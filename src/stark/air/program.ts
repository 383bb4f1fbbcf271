/**
 * The constraint DAG compiled once into a straight-line program over typed-array registers.
 *
 * Evaluation runs block by block (BLOCK rows at a time) over a whole evaluation domain (the
 * quotient coset for the prover, the trace itself for the debug checker): each instruction is one
 * tight loop over the block, so there is no per-node closure and no per-row dispatch, and every
 * value is a Uint32Array lane. Base-field registers hold BLOCK words; extension registers hold four
 * coefficient planes of BLOCK words each.
 *
 * "Uniform" nodes (constants, public inputs, challenges, the claimed cumulative sum, and anything
 * built only from those) do not depend on the row: they are computed once per run as scalars and
 * broadcast into their registers, never recomputed per block.
 */
import { P as P_ } from '../../field/babybear.ts';
import { fp4Add, fp4FromBase, fp4Mul, fp4Neg, fp4Sub, type Fp4 } from '../../field/extension.ts';
import type { RowMajorMatrix } from '../../field/matrix.ts';
import { Op, type ExprArena } from './expr.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const P = P_;

/** Rows per block: big enough to amortise dispatch, small enough to stay in cache. */
export const BLOCK = 256;

const W = 11; // Fp4 non-residue: X^4 = 11.

/** Instruction opcodes of the straight-line program. */
const enumI = {
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
} as const;

/** Values of the row-independent leaves for one run. */
export interface Uniforms {
  readonly publics: ArrayLike<number>;
  /** Challenge values (index 0 = z, k >= 1 = γ^k); may be empty for tables without buses. */
  readonly challenges: readonly Fp4[];
  /** The table's claimed cumulative LogUp sum (zero when the table has no bus). */
  readonly cumSum: Fp4;
}

/**
 * Where leaf values come from on the evaluation domain of `size` rows (a power of two): domain row
 * j reads matrix row (j·stride + shift) mod height, where shift is 0 for the current row and
 * `nextShift` for the next row. `perm` holds Fp4 columns as 4 consecutive base columns.
 */
export interface EvalSource {
  readonly size: number;
  readonly stride: number;
  readonly nextShift: number;
  readonly main: RowMajorMatrix;
  readonly prep: RowMajorMatrix | null;
  readonly perm: RowMajorMatrix | null;
}

/** Read access to the root values of the block being evaluated. */
export interface BlockView {
  /** Base register file (register r occupies [r·BLOCK, (r+1)·BLOCK)). */
  readonly base: Uint32Array;
  /** Extension register file (register r, plane k occupies [(4r+k)·BLOCK, ...)). */
  readonly ext: Uint32Array;
}

/** A compiled program: run it over a domain, then read the registers of its roots. */
export class ConstraintProgram {
  /** For each DAG node: its register (base or ext file by `isExt`), or -1 if not needed. */
  readonly register: Int32Array;
  readonly isExt: readonly boolean[];
  private readonly code: Int32Array;
  private readonly numBase: number;
  private readonly numExt: number;
  /** Uniform nodes needed, in topological order. */
  private readonly uniformNodes: number[];

  private constructor(
    private readonly arena: ExprArena,
    roots: readonly number[],
  ) {
    const n = arena.size;
    const needed = new Uint8Array(n);
    const stack = [...roots];
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
    this.isExt = arena.isExt;
    this.register = new Int32Array(n).fill(-1);
    this.uniformNodes = [];
    let numBase = 0;
    let numExt = 0;
    const code: number[] = [];
    for (let id = 0; id < n; id++) {
      if (!needed[id]) continue;
      const ext = arena.isExt[id]!;
      this.register[id] = ext ? numExt++ : numBase++;
      if (uniform[id]) {
        this.uniformNodes.push(id);
        continue;
      }
      const op = arena.op[id]!;
      const a = arena.a[id]!;
      const b = arena.b[id]!;
      const dst = this.register[id]!;
      const ra = this.register[a]!;
      const rb = this.register[b]!;
      switch (op) {
        case Op.Main:
          code.push(enumI.LoadMain, dst, a, b);
          break;
        case Op.Prep:
          code.push(enumI.LoadPrep, dst, a, b);
          break;
        case Op.Perm:
          code.push(enumI.LoadPerm, dst, a, b);
          break;
        case Op.Add: {
          const ea = arena.isExt[a]!;
          const eb = arena.isExt[b]!;
          if (!ea && !eb) code.push(enumI.BAdd, dst, ra, rb);
          else if (ea && eb) code.push(enumI.EAddEE, dst, ra, rb);
          else if (ea) code.push(enumI.EAddEB, dst, ra, rb);
          else code.push(enumI.EAddEB, dst, rb, ra);
          break;
        }
        case Op.Sub: {
          const ea = arena.isExt[a]!;
          const eb = arena.isExt[b]!;
          if (!ea && !eb) code.push(enumI.BSub, dst, ra, rb);
          else if (ea && eb) code.push(enumI.ESubEE, dst, ra, rb);
          else if (ea) code.push(enumI.ESubEB, dst, ra, rb);
          else code.push(enumI.ESubBE, dst, ra, rb);
          break;
        }
        case Op.Mul: {
          const ea = arena.isExt[a]!;
          const eb = arena.isExt[b]!;
          if (!ea && !eb) code.push(enumI.BMul, dst, ra, rb);
          else if (ea && eb) code.push(enumI.EMulEE, dst, ra, rb);
          else if (ea) code.push(enumI.EMulEB, dst, ra, rb);
          else code.push(enumI.EMulEB, dst, rb, ra);
          break;
        }
        case Op.Neg:
          code.push(arena.isExt[a]! ? enumI.ENeg : enumI.BNeg, dst, ra, 0);
          break;
        default:
          break;
      }
    }
    this.code = Int32Array.from(code);
    this.numBase = numBase;
    this.numExt = numExt;
  }

  /** Compile the sub-DAG reachable from `roots`. */
  static compile(arena: ExprArena, roots: readonly number[]): ConstraintProgram {
    return new ConstraintProgram(arena, roots);
  }

  /** Number of instructions executed per block (for diagnostics and benchmarks). */
  get instructionCount(): number {
    return this.code.length / 4;
  }

  /**
   * Evaluate over every row of `src`'s domain; `onBlock(start, len, view)` is called after each
   * block with the registers filled (root r of a base node lives at view.base[register·BLOCK + i]).
   */
  run(src: EvalSource, uniforms: Uniforms, onBlock: (start: number, len: number, view: BlockView) => void): void {
    const base = new Uint32Array(Math.max(1, this.numBase) * BLOCK);
    const ext = new Uint32Array(Math.max(1, this.numExt) * 4 * BLOCK);
    this.broadcastUniforms(uniforms, base, ext);
    const code = this.code;
    const len = Math.min(BLOCK, src.size);
    for (let start = 0; start < src.size; start += len) {
      for (let pc = 0; pc < code.length; pc += 4) {
        const ins = code[pc]!;
        const d = code[pc + 1]!;
        const a = code[pc + 2]!;
        const b = code[pc + 3]!;
        switch (ins) {
          case enumI.LoadMain:
            gather(base, d * BLOCK, src.main, a, b === 1, src, start, len, 1);
            break;
          case enumI.LoadPrep:
            gather(base, d * BLOCK, src.prep!, a, b === 1, src, start, len, 1);
            break;
          case enumI.LoadPerm:
            gather(ext, 4 * d * BLOCK, src.perm!, 4 * a, b === 1, src, start, len, 4);
            break;
          case enumI.BAdd:
            vAdd(base, d * BLOCK, base, a * BLOCK, base, b * BLOCK, len);
            break;
          case enumI.BSub:
            vSub(base, d * BLOCK, base, a * BLOCK, base, b * BLOCK, len);
            break;
          case enumI.BMul:
            vMul(base, d * BLOCK, base, a * BLOCK, base, b * BLOCK, len);
            break;
          case enumI.BNeg:
            vNeg(base, d * BLOCK, base, a * BLOCK, len);
            break;
          case enumI.EAddEE:
            for (let k = 0; k < 4; k++) vAdd(ext, (4 * d + k) * BLOCK, ext, (4 * a + k) * BLOCK, ext, (4 * b + k) * BLOCK, len);
            break;
          case enumI.EAddEB:
            vAdd(ext, 4 * d * BLOCK, ext, 4 * a * BLOCK, base, b * BLOCK, len);
            for (let k = 1; k < 4; k++) ext.copyWithin((4 * d + k) * BLOCK, (4 * a + k) * BLOCK, (4 * a + k) * BLOCK + len);
            break;
          case enumI.ESubEE:
            for (let k = 0; k < 4; k++) vSub(ext, (4 * d + k) * BLOCK, ext, (4 * a + k) * BLOCK, ext, (4 * b + k) * BLOCK, len);
            break;
          case enumI.ESubEB:
            vSub(ext, 4 * d * BLOCK, ext, 4 * a * BLOCK, base, b * BLOCK, len);
            for (let k = 1; k < 4; k++) ext.copyWithin((4 * d + k) * BLOCK, (4 * a + k) * BLOCK, (4 * a + k) * BLOCK + len);
            break;
          case enumI.ESubBE:
            // base a − ext b: coefficient 0 is a − b0, the others −bk.
            vSub(ext, 4 * d * BLOCK, base, a * BLOCK, ext, 4 * b * BLOCK, len);
            for (let k = 1; k < 4; k++) vNeg(ext, (4 * d + k) * BLOCK, ext, (4 * b + k) * BLOCK, len);
            break;
          case enumI.EMulEE:
            vMulExt(ext, d * 4 * BLOCK, a * 4 * BLOCK, b * 4 * BLOCK, len);
            break;
          case enumI.EMulEB:
            for (let k = 0; k < 4; k++) vMul(ext, (4 * d + k) * BLOCK, ext, (4 * a + k) * BLOCK, base, b * BLOCK, len);
            break;
          case enumI.ENeg:
            for (let k = 0; k < 4; k++) vNeg(ext, (4 * d + k) * BLOCK, ext, (4 * a + k) * BLOCK, len);
            break;
        }
      }
      onBlock(start, len, { base, ext });
    }
  }

  /** Evaluate every uniform node as a scalar and broadcast it over its register. */
  private broadcastUniforms(u: Uniforms, base: Uint32Array, ext: Uint32Array): void {
    const arena = this.arena;
    const val = new Map<number, Fp4>();
    for (const id of this.uniformNodes) {
      const op = arena.op[id]!;
      const a = arena.a[id]!;
      const b = arena.b[id]!;
      let v: Fp4;
      switch (op) {
        case Op.Const:
          v = fp4FromBase(a);
          break;
        case Op.Public:
          v = fp4FromBase(u.publics[a]!);
          break;
        case Op.Challenge:
          v = u.challenges[a]!;
          break;
        case Op.CumSum:
          v = u.cumSum;
          break;
        case Op.Add:
          v = fp4Add(val.get(a)!, val.get(b)!);
          break;
        case Op.Sub:
          v = fp4Sub(val.get(a)!, val.get(b)!);
          break;
        case Op.Mul:
          v = fp4Mul(val.get(a)!, val.get(b)!);
          break;
        case Op.Neg:
          v = fp4Neg(val.get(a)!);
          break;
        default:
          throw new Error('unreachable: non-uniform leaf marked uniform');
      }
      val.set(id, v);
      const r = this.register[id]!;
      if (arena.isExt[id]) {
        for (let k = 0; k < 4; k++) ext.fill(v[k]!, (4 * r + k) * BLOCK, (4 * r + k + 1) * BLOCK);
      } else {
        base.fill(v[0]!, r * BLOCK, (r + 1) * BLOCK);
      }
    }
  }
}

/** a·b mod p, exact in doubles (16-bit split keeps every partial product below 2^53). */
export function mulMod(a: number, b: number): number {
  const hi = (a * (b >>> 16)) % P;
  return (hi * 65536 + a * (b & 0xffff)) % P;
}

function gather(
  dst: Uint32Array,
  dOff: number,
  m: RowMajorMatrix,
  col: number,
  next: boolean,
  src: EvalSource,
  start: number,
  len: number,
  planes: number,
): void {
  const vals = m.values;
  const w = m.width;
  const mask = m.height - 1;
  const stride = src.stride;
  const shift = next ? src.nextShift : 0;
  for (let k = 0; k < planes; k++) {
    const o = dOff + k * BLOCK;
    let row = start * stride + shift;
    for (let i = 0; i < len; i++) {
      dst[o + i] = vals[(row & mask) * w + col + k]!;
      row += stride;
    }
  }
}

function vAdd(d: Uint32Array, dO: number, a: Uint32Array, aO: number, b: Uint32Array, bO: number, len: number): void {
  for (let i = 0; i < len; i++) {
    const s = a[aO + i]! + b[bO + i]!;
    d[dO + i] = s >= P ? s - P : s;
  }
}

function vSub(d: Uint32Array, dO: number, a: Uint32Array, aO: number, b: Uint32Array, bO: number, len: number): void {
  for (let i = 0; i < len; i++) {
    const s = a[aO + i]! - b[bO + i]!;
    d[dO + i] = s < 0 ? s + P : s;
  }
}

function vNeg(d: Uint32Array, dO: number, a: Uint32Array, aO: number, len: number): void {
  for (let i = 0; i < len; i++) {
    const x = a[aO + i]!;
    d[dO + i] = x === 0 ? 0 : P - x;
  }
}

function vMul(d: Uint32Array, dO: number, a: Uint32Array, aO: number, b: Uint32Array, bO: number, len: number): void {
  for (let i = 0; i < len; i++) {
    const x = a[aO + i]!;
    const y = b[bO + i]!;
    const hi = (x * (y >>> 16)) % P;
    d[dO + i] = (hi * 65536 + x * (y & 0xffff)) % P;
  }
}

/** Extension product on planar registers; reads all inputs of a lane before writing (aliasing-safe). */
function vMulExt(r: Uint32Array, dO: number, aO: number, bO: number, len: number): void {
  const B = BLOCK;
  for (let i = 0; i < len; i++) {
    const a0 = r[aO + i]!;
    const a1 = r[aO + B + i]!;
    const a2 = r[aO + 2 * B + i]!;
    const a3 = r[aO + 3 * B + i]!;
    const b0 = r[bO + i]!;
    const b1 = r[bO + B + i]!;
    const b2 = r[bO + 2 * B + i]!;
    const b3 = r[bO + 3 * B + i]!;
    const c4 = (mulMod(a1, b3) + mulMod(a2, b2) + mulMod(a3, b1)) % P;
    const c5 = (mulMod(a2, b3) + mulMod(a3, b2)) % P;
    const c6 = mulMod(a3, b3);
    r[dO + i] = (mulMod(a0, b0) + mulMod(W, c4)) % P;
    r[dO + B + i] = (mulMod(a0, b1) + mulMod(a1, b0) + mulMod(W, c5)) % P;
    r[dO + 2 * B + i] = (mulMod(a0, b2) + mulMod(a1, b1) + mulMod(a2, b0) + mulMod(W, c6)) % P;
    r[dO + 3 * B + i] = (mulMod(a0, b3) + mulMod(a1, b2) + mulMod(a2, b1) + mulMod(a3, b0)) % P;
  }
}
