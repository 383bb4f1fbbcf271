/**
 * The Keccak-f[1600] permutation AIR (FIPS 202 §3.3–3.4): one row per round, 24 rows per
 * permutation, state bits committed where the round needs bitwise logic.
 *
 * Design (bit-decomposed lanes; the θ-parity trick is the one of Plonky3's keccak-air):
 * lane (x, y) is lane index x + 5y (byte offset 8·(x + 5y) in the state), split into four 16-bit
 * limbs (limb k = bits 16k..16k+15), because 16 bits always fit in a BabyBear element with no
 * wrap-around, so "limb = Σ 2^j·bit_j" with boolean bits is an exact decomposition.
 *
 * Columns of a row (round r of some permutation), 2629 in all:
 *   roundFlags[24]  one-hot round number (row 0 is round 0, then rotating), used for ι and control
 *   mult            bus multiplicity; non-zero only on round-23 rows (the permutation's output row)
 *   input[100]      the permutation input in limbs, constant over the permutation's 24 rows
 *   a[100]          the round input A in limbs (= input on round 0, = previous row's `out` else)
 *   c[320]          C[x][z] = ⊕_y A[x][y][z]                      (bits)
 *   cPrime[320]     C'[x][z] = C[x][z] ⊕ C[x−1][z] ⊕ C[x+1][z−1]  (bits)
 *   aPrime[1600]    A' = θ(A): A'[x][y][z] = A[x][y][z] ⊕ C[x][z] ⊕ C'[x][z]   (bits)
 *   chi00[64]       bits of lane (0,0) after χ, before ι
 *   out[100]        the round output ι(χ(π(ρ(A')))) in limbs
 * Constraints (all degree ≤ 3, so two quotient chunks):
 *   - bits are boolean (c, aPrime); cPrime is the 3-way XOR above (XOR as a + b − 2ab);
 *   - A's limbs are the recomposition of A' ⊕ C ⊕ C' (θ is an involution on that relation);
 *   - θ parity: Σ_y A'[x][y][z] − C'[x][z] ∈ {0, 2, 4}. Since A' = A ⊕ D with D = C ⊕ C' for all
 *     five y, ⊕_y A' = (⊕_y A) ⊕ D, so the parity check forces C = ⊕_y A: C is not free.
 *   - ρ and π are a fixed permutation of A' bits (no columns), χ is
 *     B[x][y] ⊕ (¬B[x+1][y] ∧ B[x+2][y]) on those bits, recomposed into `out` limbs (lanes ≠ 0)
 *     or into `chi00` bits (lane 0), and ι XORs the round constant into lane 0, with the
 *     constant's bits read off the round flags (Σ_r flag_r·RC_r[z], linear).
 *   - transitions: `a` of the next row is `out` and `input` is unchanged, except after round 23;
 *     on round 0 `a` equals `input`; round flags start at round 0 and rotate every row.
 * Statement: every row RECEIVES (input[100], out[100]) on bus `keccak_f` with multiplicity `mult`,
 * which must be zero except on round-23 rows. Requesting tables (a Keccak-256 sponge) send their
 * permutations there; a standalone proof sends them as boundary messages (`keccakStatement`).
 * The trace height is the next power of two ≥ 24·count; the rows after the last real permutation
 * run permutations of the zero state with mult 0 (the last one may be cut off: nothing constrains
 * a permutation to complete unless it is exported).
 */
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import type { Expr } from '../air/expr.ts';
import { schema } from '../air/schema.ts';
import { defineTable } from '../air/table.ts';
import type { BoundaryMessage } from '../witness.ts';

/** Raised for malformed trace-generation input. */
export class KeccakAirError extends Error {
  override readonly name = 'KeccakAirError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Rounds of Keccak-f[1600]. */
export const KECCAK_ROUNDS = 24;
/** Name of the bus the table receives (input limbs, output limbs) on. */
export const KECCAK_F_BUS = 'keccak_f';
/** 16-bit limbs per state (25 lanes × 4). */
export const KECCAK_STATE_LIMBS = 100;

/** Columns of the Keccak-f table (see the file comment). */
export const KECCAK_COLUMNS = schema({
  roundFlags: KECCAK_ROUNDS,
  mult: 1,
  input: KECCAK_STATE_LIMBS,
  a: KECCAK_STATE_LIMBS,
  c: 320,
  cPrime: 320,
  aPrime: 1600,
  chi00: 64,
  out: KECCAK_STATE_LIMBS,
});

/**
 * ρ offsets by lane index, derived as in FIPS 202 Algorithm 2: starting at (x, y) = (1, 0), step t
 * rotates by (t + 1)(t + 2)/2 mod 64 and moves to (y, 2x + 3y mod 5).
 */
export const RHO_OFFSETS: readonly number[] = (() => {
  const r = new Array<number>(25).fill(0);
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    r[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return r;
})();

/**
 * ι round constants as [low 32 bits, high 32 bits] per round, from the LFSR of FIPS 202
 * Algorithm 5 (rc(t) over x^8 + x^6 + x^5 + x^4 + 1): bit 2^j − 1 of RC_ir is rc(j + 7·ir).
 */
export const ROUND_CONSTANTS: readonly (readonly [number, number])[] = (() => {
  const rcBit = (t: number): number => {
    if (t % 255 === 0) return 1;
    let r = 0x80;
    for (let i = 1; i <= t % 255; i++) {
      const r8 = r & 1; // R[8] before the shift (R is R[0..8], R[0] the top bit 0x80)
      r >>>= 1;
      if (r8) r ^= 0x80 | 0x08 | 0x04 | 0x02; // R[0], R[4], R[5], R[6] ^= R[8]
    }
    return (r >>> 7) & 1;
  };
  const out: [number, number][] = [];
  for (let ir = 0; ir < KECCAK_ROUNDS; ir++) {
    let lo = 0;
    let hi = 0;
    for (let j = 0; j <= 6; j++) {
      if (!rcBit(j + 7 * ir)) continue;
      const z = (1 << j) - 1;
      if (z < 32) lo |= 1 << z;
      else hi |= 1 << (z - 32);
    }
    out.push([lo >>> 0, hi >>> 0]);
  }
  return out;
})();

/** Bit z of round constant r. */
function rcBitAt(r: number, z: number): number {
  const [lo, hi] = ROUND_CONSTANTS[r]!;
  return z < 32 ? (lo >>> z) & 1 : (hi >>> (z - 32)) & 1;
}

const cols = KECCAK_COLUMNS;
const cCol = (x: number, z: number): number => cols.c[64 * x + z]!;
const cPrimeCol = (x: number, z: number): number => cols.cPrime[64 * x + z]!;
const aPrimeCol = (lane: number, z: number): number => cols.aPrime[64 * lane + z]!;

/**
 * Where bit z of lane (x, y) of B = π(ρ(A')) comes from: B[y][2x + 3y] = ROT(A'[x][y], r[x][y]),
 * so B[X][Y][z] = A'[x][X][z − r] with x = 3·(Y − 3X) mod 5. Returns the aPrime column.
 */
function bSource(X: number, Y: number, z: number): number {
  const y = X;
  const x = (3 * (((Y - 3 * X) % 5) + 5)) % 5;
  const lane = x + 5 * y;
  return aPrimeCol(lane, (z - RHO_OFFSETS[lane]! + 64) % 64);
}

/** Σ_j 2^j·bits[j] by Horner with doublings as additions (16 bits → one limb). */
function recompose(bits: readonly Expr[]): Expr {
  let acc = bits[bits.length - 1]!;
  for (let j = bits.length - 2; j >= 0; j--) acc = acc.add(acc).add(bits[j]!);
  return acc;
}

/** a ⊕ b for bits: a + b − 2ab. */
function xor(a: Expr, b: Expr): Expr {
  const ab = a.mul(b);
  return a.add(b).sub(ab.add(ab));
}

/** The Keccak-f[1600] table: 24 rows per permutation, receives (input, output) on `keccak_f`. */
export const keccakTable = defineTable({
  name: 'keccak_f',
  columns: KECCAK_COLUMNS,
  constraints(b) {
    const flags = b.mains(cols.roundFlags);
    const notLast = b.constant(1).sub(flags[KECCAK_ROUNDS - 1]!);

    // Round control: one-hot flags start at round 0 and rotate; export only after round 23.
    for (let r = 0; r < KECCAK_ROUNDS; r++) {
      b.first(`round_flag_start[${r}]`, r === 0 ? flags[0]!.sub(1) : flags[r]!);
      b.transition(`round_flag_rotate[${r}]`, b.next(cols.roundFlags[(r + 1) % KECCAK_ROUNDS]!).sub(flags[r]!));
    }
    b.assertZero('mult_only_after_round_23', b.main(cols.mult).mul(notLast));
    for (let j = 0; j < KECCAK_STATE_LIMBS; j++) {
      const input = b.main(cols.input[j]!);
      b.transition(`input_constant[${j}]`, notLast.mul(b.next(cols.input[j]!).sub(input)));
      b.assertZero(`round0_reads_input[${j}]`, flags[0]!.mul(b.main(cols.a[j]!).sub(input)));
    }

    // θ.
    const c = (x: number, z: number) => b.main(cCol(x, z));
    const cp = (x: number, z: number) => b.main(cPrimeCol(x, z));
    const cXorCp: Expr[] = [];
    for (let x = 0; x < 5; x++) {
      for (let z = 0; z < 64; z++) {
        b.assertBool(`c_bool[${x}][${z}]`, c(x, z));
        const d = xor(xor(c(x, z), c((x + 4) % 5, z)), c((x + 1) % 5, (z + 63) % 64));
        b.assertEq(`c_prime[${x}][${z}]`, cp(x, z), d);
        cXorCp.push(xor(c(x, z), cp(x, z)));
        let parity = b.constant(0).sub(cp(x, z));
        for (let y = 0; y < 5; y++) parity = parity.add(b.main(aPrimeCol(x + 5 * y, z)));
        b.assertZero(`theta_parity[${x}][${z}]`, parity.mul(parity.sub(2)).mul(parity.sub(4)));
      }
    }
    for (let lane = 0; lane < 25; lane++) {
      const x = lane % 5;
      const bits: Expr[] = [];
      for (let z = 0; z < 64; z++) {
        const ap = b.main(aPrimeCol(lane, z));
        b.assertBool(`a_prime_bool[${lane}][${z}]`, ap);
        bits.push(xor(ap, cXorCp[64 * x + z]!));
      }
      for (let k = 0; k < 4; k++) {
        b.assertEq(`a_limb[${lane}][${k}]`, b.main(cols.a[4 * lane + k]!), recompose(bits.slice(16 * k, 16 * k + 16)));
      }
    }

    // ρ, π, χ, ι.
    const one = b.constant(1);
    for (let lane = 0; lane < 25; lane++) {
      const x = lane % 5;
      const y = (lane - x) / 5;
      const chi: Expr[] = [];
      for (let z = 0; z < 64; z++) {
        const b0 = b.main(bSource(x, y, z));
        const b1 = b.main(bSource((x + 1) % 5, y, z));
        const b2 = b.main(bSource((x + 2) % 5, y, z));
        chi.push(xor(b0, one.sub(b1).mul(b2)));
      }
      if (lane === 0) {
        const bits: Expr[] = [];
        for (let z = 0; z < 64; z++) {
          const bit = b.main(cols.chi00[z]!);
          b.assertEq(`chi00[${z}]`, bit, chi[z]!);
          let rc: Expr = b.constant(0);
          for (let r = 0; r < KECCAK_ROUNDS; r++) if (rcBitAt(r, z)) rc = rc.add(flags[r]!);
          bits.push(xor(bit, rc));
        }
        for (let k = 0; k < 4; k++) b.assertEq(`out_limb[0][${k}]`, b.main(cols.out[k]!), recompose(bits.slice(16 * k, 16 * k + 16)));
      } else {
        for (let k = 0; k < 4; k++) {
          b.assertEq(`out_limb[${lane}][${k}]`, b.main(cols.out[4 * lane + k]!), recompose(chi.slice(16 * k, 16 * k + 16)));
        }
      }
    }
    for (let j = 0; j < KECCAK_STATE_LIMBS; j++) {
      b.transition(`state_next[${j}]`, notLast.mul(b.next(cols.a[j]!).sub(b.main(cols.out[j]!))));
    }
    b.receive(KECCAK_F_BUS, [...b.mains(cols.input), ...b.mains(cols.out)], b.main(cols.mult));
  },
});

// ---------------------------------------------------------------------------------------------
// Trace generation. States are Uint32Array(50) in @noble/hashes keccakP order: lane i is words
// 2i (low 32 bits) and 2i + 1 (high 32 bits).

/** The 100 limbs of a state (lane-major, limb k = bits 16k..16k+15). */
export function keccakStateToLimbs(state: Uint32Array): number[] {
  const out = new Array<number>(KECCAK_STATE_LIMBS);
  for (let lane = 0; lane < 25; lane++) {
    const lo = state[2 * lane]!;
    const hi = state[2 * lane + 1]!;
    out[4 * lane] = lo & 0xffff;
    out[4 * lane + 1] = lo >>> 16;
    out[4 * lane + 2] = hi & 0xffff;
    out[4 * lane + 3] = hi >>> 16;
  }
  return out;
}

/** Write bits of the 64-bit lane (lo, hi) into row[col(z)] for z = 0..63. */
function writeBits(row: Uint32Array, lo: number, hi: number, base: number): void {
  for (let z = 0; z < 32; z++) row[base + z] = (lo >>> z) & 1;
  for (let z = 0; z < 32; z++) row[base + 32 + z] = (hi >>> z) & 1;
}

/** Write the four limbs of lane (lo, hi) at row[base..base+4]. */
function writeLimbs(row: Uint32Array, lo: number, hi: number, base: number): void {
  row[base] = lo & 0xffff;
  row[base + 1] = lo >>> 16;
  row[base + 2] = hi & 0xffff;
  row[base + 3] = hi >>> 16;
}

/**
 * Fill the 24 rows of one permutation of `state` (50 words, permuted in place) starting at row
 * `first` of `v` (row width `w`). Columns rely on the KECCAK_COLUMNS blocks being contiguous.
 */
function fillPermutation(v: Uint32Array, w: number, first: number, state: Uint32Array, mult: number, maxRows: number): void {
  const s = state;
  const cLo = new Uint32Array(5);
  const cHi = new Uint32Array(5);
  const dLo = new Uint32Array(5);
  const dHi = new Uint32Array(5);
  const bLo = new Uint32Array(25);
  const bHi = new Uint32Array(25);
  const inputLimbs = keccakStateToLimbs(s);
  for (let r = 0; r < KECCAK_ROUNDS && r < maxRows; r++) {
    const row = v.subarray((first + r) * w, (first + r + 1) * w);
    row[cols.roundFlags[r]!] = 1;
    if (r === KECCAK_ROUNDS - 1) row[cols.mult] = mult;
    for (let j = 0; j < KECCAK_STATE_LIMBS; j++) row[cols.input[j]!] = inputLimbs[j]!;
    for (let lane = 0; lane < 25; lane++) writeLimbs(row, s[2 * lane]!, s[2 * lane + 1]!, cols.a[4 * lane]!);
    // θ
    for (let x = 0; x < 5; x++) {
      let lo = 0;
      let hi = 0;
      for (let y = 0; y < 5; y++) {
        lo ^= s[2 * (x + 5 * y)]!;
        hi ^= s[2 * (x + 5 * y) + 1]!;
      }
      cLo[x] = lo;
      cHi[x] = hi;
      writeBits(row, lo, hi, cols.c[64 * x]!);
    }
    for (let x = 0; x < 5; x++) {
      const l1 = cLo[(x + 1) % 5]!;
      const h1 = cHi[(x + 1) % 5]!;
      // C[x−1] ⊕ ROT(C[x+1], 1)
      dLo[x] = cLo[(x + 4) % 5]! ^ ((l1 << 1) | (h1 >>> 31));
      dHi[x] = cHi[(x + 4) % 5]! ^ ((h1 << 1) | (l1 >>> 31));
      writeBits(row, cLo[x]! ^ dLo[x]!, cHi[x]! ^ dHi[x]!, cols.cPrime[64 * x]!);
    }
    for (let lane = 0; lane < 25; lane++) {
      const x = lane % 5;
      const lo = (s[2 * lane]! ^ dLo[x]!) >>> 0;
      const hi = (s[2 * lane + 1]! ^ dHi[x]!) >>> 0;
      writeBits(row, lo, hi, cols.aPrime[64 * lane]!);
      // ρ then π: B[y][2x + 3y] = ROT(A'[x][y], r).
      const y = (lane - x) / 5;
      const n = RHO_OFFSETS[lane]!;
      let rl = lo;
      let rh = hi;
      if (n >= 32) {
        rl = hi;
        rh = lo;
      }
      const m = n % 32;
      const outLo = m === 0 ? rl : (rl << m) | (rh >>> (32 - m));
      const outHi = m === 0 ? rh : (rh << m) | (rl >>> (32 - m));
      const dst = y + 5 * ((2 * x + 3 * y) % 5);
      bLo[dst] = outLo;
      bHi[dst] = outHi;
    }
    // χ, ι
    for (let lane = 0; lane < 25; lane++) {
      const x = lane % 5;
      const yo = lane - x;
      const l1 = yo + ((x + 1) % 5);
      const l2 = yo + ((x + 2) % 5);
      let lo = (bLo[lane]! ^ (~bLo[l1]! & bLo[l2]!)) >>> 0;
      let hi = (bHi[lane]! ^ (~bHi[l1]! & bHi[l2]!)) >>> 0;
      if (lane === 0) {
        writeBits(row, lo, hi, cols.chi00[0]!);
        lo = (lo ^ ROUND_CONSTANTS[r]![0]) >>> 0;
        hi = (hi ^ ROUND_CONSTANTS[r]![1]) >>> 0;
      }
      s[2 * lane] = lo;
      s[2 * lane + 1] = hi;
      writeLimbs(row, lo, hi, cols.out[4 * lane]!);
    }
  }
}

/** Options of `keccakTrace`. */
export interface KeccakTraceOptions {
  /** Bus multiplicity per permutation (default 1 each). */
  readonly multiplicities?: ArrayLike<number>;
  /** Table height (power of two ≥ max(32, 24·count)); default the smallest such. */
  readonly height?: number;
}

/**
 * The trace proving Keccak-f[1600] on each of the `count` states in `states` (50·count words,
 * keccakP order): permutation k occupies rows 24k..24k+23; later rows permute the zero state.
 */
export function keccakTrace(states: Uint32Array, options: KeccakTraceOptions = {}): RowMajorMatrix {
  if (states.length % 50 !== 0) {
    throw new KeccakAirError('keccakTrace: states length must be a multiple of 50 words', { length: states.length });
  }
  const count = states.length / 50;
  let height = 32;
  while (height < KECCAK_ROUNDS * count) height *= 2;
  if (options.height !== undefined) {
    const h = options.height;
    if (!Number.isInteger(h) || h < height || (h & (h - 1)) !== 0) {
      throw new KeccakAirError('keccakTrace: height must be a power of two >= max(32, 24·count)', { height: h, count });
    }
    height = h;
  }
  const mults = options.multiplicities;
  if (mults !== undefined && mults.length !== count) {
    throw new KeccakAirError('keccakTrace: one multiplicity per permutation expected', { multiplicities: mults.length, count });
  }
  const w = cols.width;
  const m = RowMajorMatrix.zeros(height, w);
  const v = m.values;
  const s = new Uint32Array(50);
  for (let k = 0; k < count; k++) {
    const mk = mults === undefined ? 1 : mults[k]!;
    if (!Number.isInteger(mk) || mk < 0 || mk >= P) {
      throw new KeccakAirError('keccakTrace: multiplicity must be a canonical field element', { index: k });
    }
    s.set(states.subarray(50 * k, 50 * k + 50));
    fillPermutation(v, w, KECCAK_ROUNDS * k, s, mk, KECCAK_ROUNDS);
  }
  const padStart = KECCAK_ROUNDS * count;
  if (padStart < height) {
    // One zero-state permutation, then copies of it (the last one possibly cut off).
    s.fill(0);
    fillPermutation(v, w, padStart, s, 0, height - padStart);
    const block = KECCAK_ROUNDS * w;
    for (let r = padStart + KECCAK_ROUNDS; r < height; r += KECCAK_ROUNDS) {
      const rows = Math.min(KECCAK_ROUNDS, height - r);
      v.copyWithin(r * w, padStart * w, padStart * w + Math.min(block, rows * w));
    }
  }
  return m;
}

/** The output state (50 words, keccakP order) of permutation k of a Keccak trace. */
export function keccakTraceOutput(trace: RowMajorMatrix, k: number): Uint32Array {
  const row = trace.row(KECCAK_ROUNDS * k + KECCAK_ROUNDS - 1);
  const out = new Uint32Array(50);
  for (let lane = 0; lane < 25; lane++) {
    const o = cols.out[4 * lane]!;
    out[2 * lane] = (row[o]! | (row[o + 1]! << 16)) >>> 0;
    out[2 * lane + 1] = (row[o + 2]! | (row[o + 3]! << 16)) >>> 0;
  }
  return out;
}

/**
 * Boundary messages claiming outputs[k] = Keccak-f[1600](inputs[k]) for every k (50·count words
 * each, keccakP order): the statement of a standalone proof of the table.
 */
export function keccakStatement(inputs: Uint32Array, outputs: Uint32Array): BoundaryMessage[] {
  if (inputs.length !== outputs.length || inputs.length % 50 !== 0) {
    throw new KeccakAirError('keccakStatement: inputs and outputs must be equal multiples of 50 words', {
      inputs: inputs.length,
      outputs: outputs.length,
    });
  }
  const msgs: BoundaryMessage[] = [];
  for (let k = 0; k < inputs.length; k += 50) {
    msgs.push({
      bus: KECCAK_F_BUS,
      kind: 'send',
      values: [...keccakStateToLimbs(inputs.subarray(k, k + 50)), ...keccakStateToLimbs(outputs.subarray(k, k + 50))],
    });
  }
  return msgs;
}
