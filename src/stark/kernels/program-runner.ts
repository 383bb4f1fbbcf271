/**
 * Runs compiled constraint programs (program-compiler.ts) in the WebAssembly interpreter over a
 * whole evaluation domain, split across the worker pool: the quotient accumulation, the witness
 * check and the evaluation of interaction columns.
 *
 * Domain row j reads matrix row (j·stride) mod height as "current" and ((j + nextOffset)·stride)
 * mod height as "next"; every matrix has height size·stride. Matrices are copied whole into
 * kernel memory (one bulk copy each) and read there with that stride; the domain is padded to a
 * multiple of 4 rows (padding rows wrap and their results are dropped).
 */
import { P } from '../../field/babybear.ts';
import type { Fp4 } from '../../field/extension.ts';
import type { RowMajorMatrix } from '../../field/matrix.ts';
import type { KernelProgram } from './program-compiler.ts';
import { MONT_R2, splitRange, starkWasm, toMont, type KernelArena, type StarkWasm } from './stark-wasm.ts';

/** Context word offsets (mirror wasm/stark/program.ts). */
const CTX = {
  body: 0,
  bodyLen: 1,
  prologue: 2,
  prologueLen: 3,
  main: 4,
  mainW: 5,
  prep: 6,
  prepW: 7,
  perm: 8,
  permW: 9,
  next: 10,
  alpha: 11,
  accPlane: 12,
  factors: 13,
  factorStride: 14,
  quotientOut: 15,
  store: 16,
  storeStride: 17,
  flags: 18,
  mode: 19,
  consts: 20,
  wMont: 21,
  r2: 22,
  filtersUsed: 23,
  stride: 24,
  rowMask: 25,
  words: 26,
} as const;

/**
 * Calls per thread per run. A kernel's first call runs in V8's baseline wasm tier (several times
 * slower for SIMD); the optimizing tier compiles in the background and serves the next call, so a
 * range is split into several consecutive calls rather than one long one.
 */
const TASKS_PER_THREAD = 8;

const MODE_QUOTIENT = 1;
const MODE_CHECK = 2;

/** The evaluation domain and the matrices it reads. */
export interface KernelDomain {
  /** Domain rows (a power of two). */
  readonly size: number;
  /** Matrix rows advanced per domain row. */
  readonly stride: number;
  /** Domain rows between a row and its "next" row. */
  readonly nextOffset: number;
  readonly main: RowMajorMatrix;
  readonly prep: RowMajorMatrix | null;
  readonly perm: RowMajorMatrix | null;
}

/** Domain size rounded up to whole SIMD vectors. */
function paddedSize(size: number): number {
  return (size + 3) & ~3;
}

/** Buffers shared by every mode: program, constants, matrices, context. */
interface Prepared {
  readonly k: StarkWasm;
  readonly arena: KernelArena;
  readonly ctx: number;
  readonly sizePad: number;
  /** Writes everything allocated so far; returns the word view. */
  fill(extra: (view: Uint32Array) => void): Uint32Array;
  /** Runs the interpreter over the padded domain split across threads. */
  execute(planes: number): void;
}

function prepare(program: KernelProgram, domain: KernelDomain, consts: Uint32Array): Prepared {
  const k = starkWasm();
  const arena = k.arena();
  const sizePad = paddedSize(domain.size);
  const height = domain.size * domain.stride;
  for (const m of [domain.main, domain.prep, domain.perm]) {
    if (m !== null && m.height !== height) throw new RangeError(`kernel domain: matrix height ${m.height}, expected ${height}`);
  }
  const ctx = arena.alloc(4 * CTX.words);
  const body = arena.alloc(4 * program.body.length);
  const prologue = arena.alloc(4 * program.prologue.length);
  const constPtr = arena.alloc(4 * consts.length);
  const mats = [domain.main, domain.prep, domain.perm].map((m) => (m === null ? 0 : arena.alloc(4 * height * m.width)));
  return {
    k,
    arena,
    ctx,
    sizePad,
    fill(extra) {
      const view = k.commit(arena);
      const c = ctx >>> 2;
      view.fill(0, c, c + CTX.words);
      view.set(program.body, body >>> 2);
      view.set(program.prologue, prologue >>> 2);
      for (let i = 0; i < consts.length; i++) view[(constPtr >>> 2) + i] = toMont(consts[i]!);
      view[c + CTX.body] = body;
      view[c + CTX.bodyLen] = program.body.length / 4;
      view[c + CTX.prologue] = prologue;
      view[c + CTX.prologueLen] = program.prologue.length / 4;
      view[c + CTX.consts] = constPtr;
      view[c + CTX.next] = domain.nextOffset;
      view[c + CTX.wMont] = toMont(11);
      view[c + CTX.r2] = MONT_R2;
      view[c + CTX.stride] = domain.stride;
      view[c + CTX.rowMask] = height - 1;
      const ms = [domain.main, domain.prep, domain.perm];
      const slots = [CTX.main, CTX.prep, CTX.perm];
      for (let i = 0; i < 3; i++) {
        const m = ms[i]!;
        if (m === null) continue;
        view[c + slots[i]!] = mats[i]!;
        view[c + slots[i]! + 1] = m.width;
        view.set(m.values.subarray(0, height * m.width), mats[i]! >>> 2);
      }
      extra(view);
      return view;
    },
    execute(planes) {
      const regBytes = planes * 4 * k.block;
      const threads = k.parallelism;
      const ranges = splitRange(sizePad, threads * TASKS_PER_THREAD, k.block);
      const regs = Array.from({ length: threads }, () => arena.alloc(regBytes));
      k.commit(arena);
      k.run(ranges.map(([from, to], i) => ({ fn: 'evalRows', args: [ctx, from, to, regs[i % threads]!] })));
    },
  };
}

/**
 * Quotient accumulation (`consts` from kernelConstants): for every domain row j, Σ_f factors[f][j]·Σ_{k with filter f} α^k·C_k(j)
 * as canonical Fp4 (4 words per row). `alphaPowers[k]` is α^k; `factors[f]` (length `size`, f in
 * all/first/last/transition order) or null when no constraint uses filter f.
 */
export function runQuotientKernel(
  program: KernelProgram,
  consts: Uint32Array,
  domain: KernelDomain,
  alphaPowers: readonly Fp4[],
  factors: readonly (Uint32Array | null)[],
): Uint32Array {
  const p = prepare(program, domain, consts);
  const alpha = p.arena.alloc(32 * alphaPowers.length);
  const fac = p.arena.alloc(16 * p.sizePad);
  const out = p.arena.alloc(16 * p.sizePad);
  let used = 0;
  p.fill((view) => {
    const c = p.ctx >>> 2;
    for (let k = 0; k < alphaPowers.length; k++) {
      const a = alphaPowers[k]!;
      const o = (alpha >>> 2) + 8 * k;
      for (let i = 0; i < 4; i++) view[o + i] = toMont(a[i]!);
      for (let i = 1; i < 4; i++) view[o + 3 + i] = toMont((11 * a[i]!) % P);
      view[o + 7] = 0;
    }
    for (let f = 0; f < 4; f++) {
      const v = factors[f];
      if (v === null || v === undefined) continue;
      used |= 1 << f;
      const o = (fac >>> 2) + f * p.sizePad;
      view.set(v, o);
      for (let j = domain.size; j < p.sizePad; j++) view[o + j] = 0;
    }
    view[c + CTX.alpha] = alpha;
    view[c + CTX.accPlane] = program.accPlane;
    view[c + CTX.factors] = fac;
    view[c + CTX.factorStride] = p.sizePad;
    view[c + CTX.quotientOut] = out;
    view[c + CTX.filtersUsed] = used;
    view[c + CTX.mode] = MODE_QUOTIENT;
  });
  p.execute(program.planes);
  const result = new Uint32Array(4 * domain.size);
  result.set(p.k.words().subarray(out >>> 2, (out >>> 2) + 4 * domain.size));
  return result;
}

/**
 * Witness check (`consts` from kernelConstants): masks[f] (length `size`, f in all/first/last/transition order) selects the rows
 * where filter f's constraints must vanish. Returns, per block of `starkWasm().block` rows,
 * whether some selected constraint value is nonzero.
 */
export function runCheckKernel(
  program: KernelProgram,
  consts: Uint32Array,
  domain: KernelDomain,
  masks: readonly Uint32Array[],
): Uint8Array {
  const p = prepare(program, domain, consts);
  const blocks = Math.ceil(p.sizePad / p.k.block);
  const mask = p.arena.alloc(16 * p.sizePad);
  const flags = p.arena.alloc(4 * blocks);
  p.fill((view) => {
    const c = p.ctx >>> 2;
    for (let f = 0; f < 4; f++) {
      const o = (mask >>> 2) + f * p.sizePad;
      view.set(masks[f]!, o);
      view.fill(0, o + domain.size, o + p.sizePad);
    }
    view[c + CTX.factors] = mask;
    view[c + CTX.factorStride] = p.sizePad;
    view[c + CTX.flags] = flags;
    view[c + CTX.mode] = MODE_CHECK;
  });
  p.execute(program.planes);
  const words = p.k.words();
  const out = new Uint8Array(blocks);
  for (let b = 0; b < blocks; b++) out[b] = words[(flags >>> 2) + b]! === 0 ? 0 : 1;
  return out;
}

/** Evaluate store sinks (`consts` from kernelConstants): `slots` output columns of `size` canonical values each. */
export function runStoreKernel(
  program: KernelProgram,
  consts: Uint32Array,
  domain: KernelDomain,
  slots: number,
): Uint32Array[] {
  const p = prepare(program, domain, consts);
  const store = p.arena.alloc(4 * slots * p.sizePad);
  p.fill((view) => {
    const c = p.ctx >>> 2;
    view[c + CTX.store] = store;
    view[c + CTX.storeStride] = p.sizePad;
  });
  p.execute(program.planes);
  const words = p.k.words();
  const out: Uint32Array[] = [];
  for (let s = 0; s < slots; s++) {
    const o = (store >>> 2) + s * p.sizePad;
    const col = new Uint32Array(domain.size);
    col.set(words.subarray(o, o + domain.size));
    out.push(col);
  }
  return out;
}
