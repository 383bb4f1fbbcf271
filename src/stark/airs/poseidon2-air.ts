/**
 * The Poseidon2 width-16 permutation AIR (BabyBear, Plonky3 default constants from
 * src/hash/poseidon2.ts): one permutation per row, so a table of 2^k rows proves up to 2^k
 * permutations and the constraint system is the same for every row (no selectors).
 *
 * Layout of one row (299 columns), following the round structure of eprint 2023/323 §3:
 *   mult                 how many times the row's (input, output) pair is received on the bus
 *   input[16]            the permutation input
 *   fullSbox[8·16]       per external round r and lane i: x³ where x = state_i + rc_{r,i}
 *   fullOut[8·16]        the state after external round r (M_E applied to the S-box outputs)
 *   partialSbox[13]      per internal round: x³ where x = state_0 + rc_r
 *   partialOut[13]       per internal round: x⁷ (the new state_0 before the internal layer)
 * The output is fullOut of the last external round.
 *
 * Degree: x⁷ is split as x³ (committed, constraint x³ − x·x·x = 0) then x⁷ = (x³)²·x, so every
 * constraint has degree 3 (two quotient chunks at any blowup ≥ 2). The internal rounds only commit
 * state_0's S-box values: the other 15 lanes stay linear combinations of committed columns (the
 * internal layer is 1 + Diag(V)), exactly as in the reference permutation. Each state entering an
 * external round is a committed column (or, for the first round, M_E·input), so degrees never grow.
 *
 * Statement: every row RECEIVES the tuple (input[0..16], output[0..16]) on bus `poseidon2_16`
 * with multiplicity `mult`. Other tables (hash sponges, Merkle paths) send their permutation
 * requests on that bus; a standalone proof sends them as boundary messages (`poseidon2Statement`).
 * Padding rows hold a valid permutation of the zero state with mult = 0, so they claim nothing.
 */
import { mul, P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { POSEIDON2_16_CONSTANTS, type Poseidon2Constants } from '../../hash/poseidon2.ts';
import { schema } from '../air/schema.ts';
import { defineTable, type AirBuilder } from '../air/table.ts';
import type { Expr } from '../air/expr.ts';
import type { BoundaryMessage } from '../witness.ts';

/** Raised for malformed trace-generation input (lengths, heights, non-canonical values). */
export class Poseidon2AirError extends Error {
  override readonly name = 'Poseidon2AirError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const C: Poseidon2Constants = POSEIDON2_16_CONSTANTS;
/** State width. */
const WIDTH = 16;
/** External (full) rounds, half before and half after the internal rounds. */
const FULL_ROUNDS = C.externalRounds;
const HALF_FULL = FULL_ROUNDS / 2;
/** Internal (partial) rounds. */
const PARTIAL_ROUNDS = C.internalRounds;

/** Name of the bus the table receives (input[16], output[16]) tuples on. */
export const POSEIDON2_16_BUS = 'poseidon2_16';

/** Columns of the Poseidon2 table (see the file comment). */
export const POSEIDON2_COLUMNS = schema({
  mult: 1,
  input: WIDTH,
  fullSbox: FULL_ROUNDS * WIDTH,
  fullOut: FULL_ROUNDS * WIDTH,
  partialSbox: PARTIAL_ROUNDS,
  partialOut: PARTIAL_ROUNDS,
});

/** Column of lane i of the state after external round r. */
function fullOutCol(r: number, i: number): number {
  return POSEIDON2_COLUMNS.fullOut[r * WIDTH + i]!;
}
/** Column of the S-box cube of lane i in external round r. */
function fullSboxCol(r: number, i: number): number {
  return POSEIDON2_COLUMNS.fullSbox[r * WIDTH + i]!;
}
/** The output columns (state after the last external round). */
export const POSEIDON2_OUTPUT_COLUMNS: readonly number[] = Array.from({ length: WIDTH }, (_, i) =>
  fullOutCol(FULL_ROUNDS - 1, i),
);

if (C.width !== WIDTH || C.sboxDegree !== 7 || FULL_ROUNDS % 2 !== 0) {
  throw new Poseidon2AirError('poseidon2-air: expects width-16 Poseidon2 with S-box x^7 and an even number of external rounds');
}

/** Plonky3's M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]] with adds only (7 adds, 2 doublings). */
function mat4Expr(x: readonly Expr[], o: number, out: Expr[]): void {
  const x0 = x[o]!;
  const x1 = x[o + 1]!;
  const x2 = x[o + 2]!;
  const x3 = x[o + 3]!;
  const t01 = x0.add(x1);
  const t23 = x2.add(x3);
  const t0123 = t01.add(t23);
  const t01123 = t0123.add(x1);
  const t01233 = t0123.add(x3);
  out[o] = t01123.add(t01);
  out[o + 1] = t01123.add(x2.add(x2));
  out[o + 2] = t01233.add(t23);
  out[o + 3] = t01233.add(x0.add(x0));
}

/** The external linear layer circ(2·M4, M4, M4, M4) on symbolic lanes. */
function externalLinearExpr(x: readonly Expr[]): Expr[] {
  const m: Expr[] = new Array<Expr>(WIDTH);
  for (let b = 0; b < WIDTH; b += 4) mat4Expr(x, b, m);
  const out: Expr[] = new Array<Expr>(WIDTH);
  for (let k = 0; k < 4; k++) {
    const sum = m[k]!.add(m[k + 4]!).add(m[k + 8]!.add(m[k + 12]!));
    for (let b = k; b < WIDTH; b += 4) out[b] = m[b]!.add(sum);
  }
  return out;
}

/** The internal linear layer 1 + Diag(V) on symbolic lanes: out_i = Σ_j x_j + V_i·x_i. */
function internalLinearExpr(x: readonly Expr[]): Expr[] {
  let sum = x[0]!;
  for (let i = 1; i < WIDTH; i++) sum = sum.add(x[i]!);
  return x.map((xi, i) => sum.add(xi.mul(C.internalDiagonal[i]!)));
}

/** Constraints of one external round; returns the (committed) state after it. */
function externalRoundConstraints<M extends Record<string, number>>(
  b: AirBuilder<M, Record<string, never>>,
  state: readonly Expr[],
  r: number,
  rc: Uint32Array,
): Expr[] {
  const y: Expr[] = [];
  for (let i = 0; i < WIDTH; i++) {
    const x = state[i]!.add(rc[i]!);
    const x3 = b.main(fullSboxCol(r, i));
    b.assertEq(`full${r}_sbox_cube[${i}]`, x3, x.mul(x).mul(x));
    y.push(x3.mul(x3).mul(x));
  }
  const mixed = externalLinearExpr(y);
  const out: Expr[] = [];
  for (let i = 0; i < WIDTH; i++) {
    const col = b.main(fullOutCol(r, i));
    b.assertEq(`full${r}_out[${i}]`, col, mixed[i]!);
    out.push(col);
  }
  return out;
}

/** The Poseidon2 width-16 table: every row proves one permutation and receives it on the bus. */
export const poseidon2Table = defineTable({
  name: 'poseidon2_16',
  columns: POSEIDON2_COLUMNS,
  constraints(b) {
    const cols = POSEIDON2_COLUMNS;
    const input = b.mains(cols.input);
    let state = externalLinearExpr(input);
    for (let r = 0; r < HALF_FULL; r++) state = externalRoundConstraints(b, state, r, C.externalInitial[r]!);
    for (let r = 0; r < PARTIAL_ROUNDS; r++) {
      const x = state[0]!.add(C.internal[r]!);
      const x3 = b.main(cols.partialSbox[r]!);
      const x7 = b.main(cols.partialOut[r]!);
      b.assertEq(`partial${r}_sbox_cube`, x3, x.mul(x).mul(x));
      b.assertEq(`partial${r}_sbox_out`, x7, x3.mul(x3).mul(x));
      state = internalLinearExpr([x7, ...state.slice(1)]);
    }
    for (let r = 0; r < HALF_FULL; r++) {
      state = externalRoundConstraints(b, state, HALF_FULL + r, C.externalFinal[r]!);
    }
    b.receive(POSEIDON2_16_BUS, [...input, ...state], b.main(cols.mult));
  },
});

// ---------------------------------------------------------------------------------------------
// Trace generation.

const mulF = mul;
const PF = P;

function cube(x: number): number {
  return mulF(mulF(x, x), x);
}

/** In-place M4 on s[o..o+4] (entries < p, every intermediate < 8p is exact in doubles). */
function mat4(s: Uint32Array, o: number): void {
  const x0 = s[o]!;
  const x1 = s[o + 1]!;
  const x2 = s[o + 2]!;
  const x3 = s[o + 3]!;
  s[o] = (2 * x0 + 3 * x1 + x2 + x3) % PF;
  s[o + 1] = (x0 + 2 * x1 + 3 * x2 + x3) % PF;
  s[o + 2] = (x0 + x1 + 2 * x2 + 3 * x3) % PF;
  s[o + 3] = (3 * x0 + x1 + x2 + 2 * x3) % PF;
}

function externalLinear(s: Uint32Array): void {
  for (let b = 0; b < WIDTH; b += 4) mat4(s, b);
  for (let k = 0; k < 4; k++) {
    const sum = s[k]! + s[k + 4]! + s[k + 8]! + s[k + 12]!;
    for (let b = k; b < WIDTH; b += 4) s[b] = (s[b]! + sum) % PF;
  }
}

// Schema blocks are contiguous (schema() lays entries out left to right), so trace generation
// addresses them by base offset.
const IN_BASE = POSEIDON2_COLUMNS.input[0]!;
const FULL_SBOX_BASE = POSEIDON2_COLUMNS.fullSbox[0]!;
const FULL_OUT_BASE = POSEIDON2_COLUMNS.fullOut[0]!;
const PARTIAL_SBOX_BASE = POSEIDON2_COLUMNS.partialSbox[0]!;
const PARTIAL_OUT_BASE = POSEIDON2_COLUMNS.partialOut[0]!;

/** One external round on `s`, writing the S-box cubes and the new state into `row`. */
function fullRound(row: Uint32Array, s: Uint32Array, r: number, rc: Uint32Array): void {
  const sb = FULL_SBOX_BASE + r * WIDTH;
  for (let i = 0; i < WIDTH; i++) {
    const x = (s[i]! + rc[i]!) % PF;
    const x3 = cube(x);
    row[sb + i] = x3;
    s[i] = mulF(mulF(x3, x3), x);
  }
  externalLinear(s);
  row.set(s, FULL_OUT_BASE + r * WIDTH);
}

/** Fill one row from its input (already written in row[cols.input]); `s` is scratch state. */
function fillRow(row: Uint32Array, s: Uint32Array): void {
  s.set(row.subarray(IN_BASE, IN_BASE + WIDTH));
  externalLinear(s);
  for (let r = 0; r < HALF_FULL; r++) fullRound(row, s, r, C.externalInitial[r]!);
  const diag = C.internalDiagonal;
  for (let r = 0; r < PARTIAL_ROUNDS; r++) {
    const x = (s[0]! + C.internal[r]!) % PF;
    const x3 = cube(x);
    const x7 = mulF(mulF(x3, x3), x);
    row[PARTIAL_SBOX_BASE + r] = x3;
    row[PARTIAL_OUT_BASE + r] = x7;
    s[0] = x7;
    let sum = 0;
    for (let i = 0; i < WIDTH; i++) sum += s[i]!;
    sum %= PF;
    for (let i = 0; i < WIDTH; i++) s[i] = (sum + mulF(diag[i]!, s[i]!)) % PF;
  }
  for (let r = 0; r < HALF_FULL; r++) fullRound(row, s, HALF_FULL + r, C.externalFinal[r]!);
}

/** Options of `poseidon2Trace`. */
export interface Poseidon2TraceOptions {
  /** Bus multiplicity per permutation (default 1 each). */
  readonly multiplicities?: ArrayLike<number>;
  /** Table height (power of two ≥ max(2, count)); default the smallest such. */
  readonly height?: number;
}

/**
 * The trace proving the permutations of `inputs` (16·count canonical elements, back to back):
 * row k < count proves input k, the remaining rows are zero-state padding with mult 0.
 */
export function poseidon2Trace(inputs: Uint32Array, options: Poseidon2TraceOptions = {}): RowMajorMatrix {
  if (inputs.length % WIDTH !== 0) {
    throw new Poseidon2AirError('poseidon2Trace: inputs length must be a multiple of 16', { length: inputs.length });
  }
  const count = inputs.length / WIDTH;
  let height = 2;
  while (height < count) height *= 2;
  if (options.height !== undefined) {
    const h = options.height;
    if (!Number.isInteger(h) || h < height || (h & (h - 1)) !== 0) {
      throw new Poseidon2AirError('poseidon2Trace: height must be a power of two >= max(2, count)', { height: h, count });
    }
    height = h;
  }
  const mults = options.multiplicities;
  if (mults !== undefined && mults.length !== count) {
    throw new Poseidon2AirError('poseidon2Trace: one multiplicity per permutation expected', {
      multiplicities: mults.length,
      count,
    });
  }
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i]! >= PF) throw new Poseidon2AirError('poseidon2Trace: non-canonical input', { index: i });
  }
  const cols = POSEIDON2_COLUMNS;
  const w = cols.width;
  const m = RowMajorMatrix.zeros(height, w);
  const v = m.values;
  const s = new Uint32Array(WIDTH);
  for (let k = 0; k < count; k++) {
    const row = v.subarray(k * w, (k + 1) * w);
    row.set(inputs.subarray(k * WIDTH, (k + 1) * WIDTH), IN_BASE);
    const mk = mults === undefined ? 1 : mults[k]!;
    if (!Number.isInteger(mk) || mk < 0 || mk >= PF) {
      throw new Poseidon2AirError('poseidon2Trace: multiplicity must be a canonical field element', { index: k });
    }
    row[cols.mult] = mk;
    fillRow(row, s);
  }
  if (count < height) {
    const pad = v.subarray(count * w, (count + 1) * w);
    fillRow(pad, s);
    for (let r = count + 1; r < height; r++) v.copyWithin(r * w, count * w, (count + 1) * w);
  }
  return m;
}

/** The output (16 elements) proven by row `r` of a Poseidon2 trace. */
export function poseidon2TraceOutput(trace: RowMajorMatrix, r: number): Uint32Array {
  const row = trace.row(r);
  return Uint32Array.from(POSEIDON2_OUTPUT_COLUMNS, (c) => row[c]!);
}

/**
 * Boundary messages claiming `outputs[k] = Poseidon2(inputs[k])` for every k (16·count elements
 * each): the statement of a standalone proof of the table.
 */
export function poseidon2Statement(inputs: Uint32Array, outputs: Uint32Array): BoundaryMessage[] {
  if (inputs.length !== outputs.length || inputs.length % WIDTH !== 0) {
    throw new Poseidon2AirError('poseidon2Statement: inputs and outputs must be equal multiples of 16', {
      inputs: inputs.length,
      outputs: outputs.length,
    });
  }
  const out: BoundaryMessage[] = [];
  for (let k = 0; k < inputs.length; k += WIDTH) {
    out.push({
      bus: POSEIDON2_16_BUS,
      kind: 'send',
      values: [...inputs.subarray(k, k + WIDTH), ...outputs.subarray(k, k + WIDTH)],
    });
  }
  return out;
}
