// BLAKE2b compression F (RFC 7693 §3.2) with a caller-chosen round count: the EIP-152 BLAKE2F
// precompile, whose conformance tests ask for up to 2^32 − 1 rounds.
//
// The 4×4 state matrix v is held in eight v128 registers of two i64 lanes each: row a as
// a0 = (v0, v1), a1 = (v2, v3); row b as b0 = (v4, v5), b1 = (v6, v7); rows c and d likewise.
// The column step's four G functions then run as two SIMD pairs. For the diagonal step the rows
// are realigned so lane pairs again hold whole G inputs. The textbook arrangement rotates rows b,
// c, d by 1, 2, 3 lanes; here row b stays and rows a, c, d rotate by −1, +1, +2 lanes instead,
// because b is the last value each half-round produces and the next one consumes first: shuffling
// b would lengthen the serial dependency chain, which is what bounds this loop, while a, c and d
// are ready early, so their shuffles overlap other work. With b fixed, pair 0 holds (G7, G4)
// and pair 1 holds (G5, G6).
//
// Rotations by 32, 24 and 16 move whole bytes, so each is a single byte shuffle (the 24 and 16
// ones as swizzles with constant in-range indices, which V8 lowers to one pshufb); rotation by 63
// is (x >> 63) | (x + x).
//
// The ten SIGMA rows (round r uses row r mod 10) are gathered once per F call into 128-byte
// blocks laid out in the order the pairs consume message words, so a round reads its message
// with eight aligned v128 loads.
//
// Interface (the JS side is src/evm/precompiles/blake2f-wasm.ts): write h (8 × u64 LE) ‖ m
// (16 × u64 LE) ‖ t (2 × u64 LE) — exactly bytes 4..211 of the EIP-152 input — to the 208 bytes
// at blake2f_io(); call blake2f_init, then blake2f_rounds as many times as needed (the state v
// persists in this module's memory between calls), then blake2f_finish, which writes the new h
// over the first 64 bytes of the buffer. The rounds are split over several calls because V8 runs
// a function first in its baseline compiler (Liftoff) and swaps in the optimised code only for
// later calls (no on-stack replacement for WebAssembly): one 2^32-round call would never leave
// the baseline code, which runs this loop ~3× slower (≈40 vs ≈12 ns/round measured).

/** BLAKE2b IV (RFC 7693 §2.6). */
const IV: usize = memory.data<u64>([
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
  0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
], 16);

/** Message word permutations SIGMA[0..9] (RFC 7693 §2.7). */
const SIGMA: usize = memory.data<u8>([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
  7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
  9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
  2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
  12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
  13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
  6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
  10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
]);

/**
 * Slot order of a gathered schedule row: slot p holds message word SIGMA[row][SLOT_ORDER[p]].
 * G_i takes x = σ(2i), y = σ(2i+1). Column step: x of (G0, G1), (G2, G3), then their y.
 * Diagonal step: x of (G7, G4), (G5, G6), then their y.
 */
const SLOT_ORDER: usize = memory.data<u8>([0, 2, 4, 6, 1, 3, 5, 7, 14, 8, 10, 12, 15, 9, 11, 13]);

const ROW_BYTES: usize = 128;
const SCHEDULE_ROWS: u32 = 10;

/** h ‖ m ‖ t exchange buffer (see the header comment). */
const IO: usize = memory.data(208, 16);
/** The working vector v between blake2f_rounds calls: a0, a1, b0, b1, c0, c1, d0, d1. */
const V: usize = memory.data(128, 16);
/** The ten gathered schedule rows. */
const SCHEDULE: usize = memory.data(<i32>(SCHEDULE_ROWS * <u32>ROW_BYTES), 16);

/** Address of the 208-byte h ‖ m ‖ t exchange buffer. */
export function blake2f_io(): usize {
  return IO;
}

/**
 * Starts F on the exchange buffer: gathers the message schedule and initialises v from h, the IV,
 * the counter t and the final-block flag `final` (0 or 1).
 */
export function blake2f_init(final: i32): void {
  const msg = IO + 64;
  for (let row: usize = 0; row < SCHEDULE_ROWS; row++) {
    for (let p: usize = 0; p < 16; p++) {
      const word = <usize>load<u8>(SIGMA + row * 16 + <usize>load<u8>(SLOT_ORDER + p));
      store<u64>(SCHEDULE + row * ROW_BYTES + p * 8, load<u64>(msg + word * 8));
    }
  }
  v128.store(V, v128.load(IO, 0), 0);
  v128.store(V, v128.load(IO, 16), 16);
  v128.store(V, v128.load(IO, 32), 32);
  v128.store(V, v128.load(IO, 48), 48);
  v128.store(V, v128.load(IV, 0), 64);
  v128.store(V, v128.load(IV, 16), 80);
  // v12 ^= t0, v13 ^= t1; v14 = ~v14 on the final block.
  v128.store(V, v128.xor(v128.load(IV, 32), v128.load(IO, 192)), 96);
  v128.store(V, v128.xor(v128.load(IV, 48), i64x2(final != 0 ? -1 : 0, 0)), 112);
}

// @ts-ignore: decorator
@inline function rotr32(x: v128): v128 {
  return i32x4.shuffle(x, x, 1, 0, 3, 2);
}
// @ts-ignore: decorator
@inline function rotr24(x: v128): v128 {
  return i8x16.swizzle(x, i8x16(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10));
}
// @ts-ignore: decorator
@inline function rotr16(x: v128): v128 {
  return i8x16.swizzle(x, i8x16(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9));
}
// @ts-ignore: decorator
@inline function rotr63(x: v128): v128 {
  return v128.or(i64x2.shr_u(x, 63), i64x2.add(x, x));
}

/**
 * Runs `rounds` rounds (read as unsigned) on the state v, the first using SIGMA row `firstRow`
 * (0..9, the round index mod 10). In each G, a + m is formed before adding b, which is the value
 * produced last.
 */
export function blake2f_rounds(rounds: u32, firstRow: u32): void {
  let a0 = v128.load(V, 0), a1 = v128.load(V, 16);
  let b0 = v128.load(V, 32), b1 = v128.load(V, 48);
  let c0 = v128.load(V, 64), c1 = v128.load(V, 80);
  let d0 = v128.load(V, 96), d1 = v128.load(V, 112);
  let row = SCHEDULE + <usize>(firstRow % SCHEDULE_ROWS) * ROW_BYTES;
  const scheduleEnd = SCHEDULE + <usize>SCHEDULE_ROWS * ROW_BYTES;
  for (let r: u32 = 0; r < rounds; r++) {
    // Column step: G0..G3 on (v0, v4, v8, v12) … (v3, v7, v11, v15).
    a0 = i64x2.add(i64x2.add(a0, v128.load(row, 0)), b0);
    a1 = i64x2.add(i64x2.add(a1, v128.load(row, 16)), b1);
    d0 = rotr32(v128.xor(d0, a0));
    d1 = rotr32(v128.xor(d1, a1));
    c0 = i64x2.add(c0, d0);
    c1 = i64x2.add(c1, d1);
    b0 = rotr24(v128.xor(b0, c0));
    b1 = rotr24(v128.xor(b1, c1));
    a0 = i64x2.add(i64x2.add(a0, v128.load(row, 32)), b0);
    a1 = i64x2.add(i64x2.add(a1, v128.load(row, 48)), b1);
    d0 = rotr16(v128.xor(d0, a0));
    d1 = rotr16(v128.xor(d1, a1));
    c0 = i64x2.add(c0, d0);
    c1 = i64x2.add(c1, d1);
    b0 = rotr63(v128.xor(b0, c0));
    b1 = rotr63(v128.xor(b1, c1));

    // Diagonalise around row b: a0 = (v3, v0), a1 = (v1, v2), c0 = (v9, v10), c1 = (v11, v8);
    // row d's two-lane rotation is a swap, done by using d1 with pair 0 and d0 with pair 1.
    let t0 = i64x2.shuffle(a1, a0, 1, 2);
    let t1 = i64x2.shuffle(a0, a1, 1, 2);
    a0 = t0; a1 = t1;
    t0 = i64x2.shuffle(c0, c1, 1, 2);
    t1 = i64x2.shuffle(c1, c0, 1, 2);
    c0 = t0; c1 = t1;

    // Diagonal step: pair 0 = (G7, G4) = lanes (v3, v4, v9, v14), (v0, v5, v10, v15);
    // pair 1 = (G5, G6) = lanes (v1, v6, v11, v12), (v2, v7, v8, v13).
    a0 = i64x2.add(i64x2.add(a0, v128.load(row, 64)), b0);
    a1 = i64x2.add(i64x2.add(a1, v128.load(row, 80)), b1);
    d1 = rotr32(v128.xor(d1, a0));
    d0 = rotr32(v128.xor(d0, a1));
    c0 = i64x2.add(c0, d1);
    c1 = i64x2.add(c1, d0);
    b0 = rotr24(v128.xor(b0, c0));
    b1 = rotr24(v128.xor(b1, c1));
    a0 = i64x2.add(i64x2.add(a0, v128.load(row, 96)), b0);
    a1 = i64x2.add(i64x2.add(a1, v128.load(row, 112)), b1);
    d1 = rotr16(v128.xor(d1, a0));
    d0 = rotr16(v128.xor(d0, a1));
    c0 = i64x2.add(c0, d1);
    c1 = i64x2.add(c1, d0);
    b0 = rotr63(v128.xor(b0, c0));
    b1 = rotr63(v128.xor(b1, c1));

    // Undiagonalise rows a and c.
    t0 = i64x2.shuffle(a0, a1, 1, 2);
    t1 = i64x2.shuffle(a1, a0, 1, 2);
    a0 = t0; a1 = t1;
    t0 = i64x2.shuffle(c1, c0, 1, 2);
    t1 = i64x2.shuffle(c0, c1, 1, 2);
    c0 = t0; c1 = t1;

    row += ROW_BYTES;
    if (row == scheduleEnd) row = SCHEDULE;
  }
  v128.store(V, a0, 0);
  v128.store(V, a1, 16);
  v128.store(V, b0, 32);
  v128.store(V, b1, 48);
  v128.store(V, c0, 64);
  v128.store(V, c1, 80);
  v128.store(V, d0, 96);
  v128.store(V, d1, 112);
}

/** Ends F: h'_i = h_i ^ v_i ^ v_{i+8}, written over h in the exchange buffer. */
export function blake2f_finish(): void {
  for (let i: usize = 0; i < 64; i += 16) {
    v128.store(IO + i, v128.xor(v128.load(IO + i), v128.xor(v128.load(V + i), v128.load(V + 64 + i))));
  }
}
