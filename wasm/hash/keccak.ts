// Keccak-256 (FIPS 202 Keccak-f[1600] with the original Keccak padding 0x01 … 0x80, as Ethereum
// uses) over many equal-length messages: the leaf and inner-node hashing of src/hash/merkle.ts.
//
// Lanes are i64 values; lane (x, y) of the 5×5 state lives at byte 8·(x + 5y) of a 200-byte state
// (little-endian, as FIPS 202 orders bytes into lanes), so message bytes are XORed in with plain
// u64 loads. A permutation loads the 25 lanes into locals, runs the 24 rounds with the step
// mappings unrolled over lanes (θ, ρ, π, χ, ι of FIPS 202 §3.2), and stores them back.
// Everything the kernel writes is in the caller's scratch and output, so worker threads can share
// one memory.

/** Keccak-256 rate in bytes (1600 − 2·256 bits). */
const RATE: i32 = 136;
/** Bytes of scratch keccak256_many needs: two interleaved 200-byte states and two padded blocks. */
export const KECCAK_SCRATCH_BYTES: i32 = 400 + 2 * RATE;

// ι round constants RC[0..23] (FIPS 202 §3.2.5, as listed in the Keccak reference).
const ROUND_CONSTANTS: usize = memory.data<u64>([
  0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
  0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
  0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
  0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
  0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
  0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]);

/** Keccak-f[1600] on the 200-byte state at `st`, in place. */
function keccakF1600(st: usize): void {
  let a00 = load<u64>(st, 0);
  let a10 = load<u64>(st, 8);
  let a20 = load<u64>(st, 16);
  let a30 = load<u64>(st, 24);
  let a40 = load<u64>(st, 32);
  let a01 = load<u64>(st, 40);
  let a11 = load<u64>(st, 48);
  let a21 = load<u64>(st, 56);
  let a31 = load<u64>(st, 64);
  let a41 = load<u64>(st, 72);
  let a02 = load<u64>(st, 80);
  let a12 = load<u64>(st, 88);
  let a22 = load<u64>(st, 96);
  let a32 = load<u64>(st, 104);
  let a42 = load<u64>(st, 112);
  let a03 = load<u64>(st, 120);
  let a13 = load<u64>(st, 128);
  let a23 = load<u64>(st, 136);
  let a33 = load<u64>(st, 144);
  let a43 = load<u64>(st, 152);
  let a04 = load<u64>(st, 160);
  let a14 = load<u64>(st, 168);
  let a24 = load<u64>(st, 176);
  let a34 = load<u64>(st, 184);
  let a44 = load<u64>(st, 192);
  for (let round = 0; round < 24; round++) {
    // θ: column parities c_x and the mix d_x = c_{x-1} ^ rotl(c_{x+1}, 1).
    const c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
    const c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
    const c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
    const c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
    const c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
    const d0 = c4 ^ rotl<u64>(c1, 1);
    const d1 = c0 ^ rotl<u64>(c2, 1);
    const d2 = c1 ^ rotl<u64>(c3, 1);
    const d3 = c2 ^ rotl<u64>(c4, 1);
    const d4 = c3 ^ rotl<u64>(c0, 1);
    // ρ and π: b[y][2x+3y] = rotl(a[x][y] ^ d_x, r[x][y]).
    const b00 = a00 ^ d0;
    const b13 = rotl<u64>(a01 ^ d0, 36);
    const b21 = rotl<u64>(a02 ^ d0, 3);
    const b34 = rotl<u64>(a03 ^ d0, 41);
    const b42 = rotl<u64>(a04 ^ d0, 18);
    const b02 = rotl<u64>(a10 ^ d1, 1);
    const b10 = rotl<u64>(a11 ^ d1, 44);
    const b23 = rotl<u64>(a12 ^ d1, 10);
    const b31 = rotl<u64>(a13 ^ d1, 45);
    const b44 = rotl<u64>(a14 ^ d1, 2);
    const b04 = rotl<u64>(a20 ^ d2, 62);
    const b12 = rotl<u64>(a21 ^ d2, 6);
    const b20 = rotl<u64>(a22 ^ d2, 43);
    const b33 = rotl<u64>(a23 ^ d2, 15);
    const b41 = rotl<u64>(a24 ^ d2, 61);
    const b01 = rotl<u64>(a30 ^ d3, 28);
    const b14 = rotl<u64>(a31 ^ d3, 55);
    const b22 = rotl<u64>(a32 ^ d3, 25);
    const b30 = rotl<u64>(a33 ^ d3, 21);
    const b43 = rotl<u64>(a34 ^ d3, 56);
    const b03 = rotl<u64>(a40 ^ d4, 27);
    const b11 = rotl<u64>(a41 ^ d4, 20);
    const b24 = rotl<u64>(a42 ^ d4, 39);
    const b32 = rotl<u64>(a43 ^ d4, 8);
    const b40 = rotl<u64>(a44 ^ d4, 14);
    // χ: a[x][y] = b[x][y] ^ (~b[x+1][y] & b[x+2][y]); ι on a[0][0].
    a00 = b00 ^ (~b10 & b20);
    a10 = b10 ^ (~b20 & b30);
    a20 = b20 ^ (~b30 & b40);
    a30 = b30 ^ (~b40 & b00);
    a40 = b40 ^ (~b00 & b10);
    a01 = b01 ^ (~b11 & b21);
    a11 = b11 ^ (~b21 & b31);
    a21 = b21 ^ (~b31 & b41);
    a31 = b31 ^ (~b41 & b01);
    a41 = b41 ^ (~b01 & b11);
    a02 = b02 ^ (~b12 & b22);
    a12 = b12 ^ (~b22 & b32);
    a22 = b22 ^ (~b32 & b42);
    a32 = b32 ^ (~b42 & b02);
    a42 = b42 ^ (~b02 & b12);
    a03 = b03 ^ (~b13 & b23);
    a13 = b13 ^ (~b23 & b33);
    a23 = b23 ^ (~b33 & b43);
    a33 = b33 ^ (~b43 & b03);
    a43 = b43 ^ (~b03 & b13);
    a04 = b04 ^ (~b14 & b24);
    a14 = b14 ^ (~b24 & b34);
    a24 = b24 ^ (~b34 & b44);
    a34 = b34 ^ (~b44 & b04);
    a44 = b44 ^ (~b04 & b14);
    a00 ^= load<u64>(ROUND_CONSTANTS + (<usize>round << 3));
  }
  store<u64>(st, a00, 0);
  store<u64>(st, a10, 8);
  store<u64>(st, a20, 16);
  store<u64>(st, a30, 24);
  store<u64>(st, a40, 32);
  store<u64>(st, a01, 40);
  store<u64>(st, a11, 48);
  store<u64>(st, a21, 56);
  store<u64>(st, a31, 64);
  store<u64>(st, a41, 72);
  store<u64>(st, a02, 80);
  store<u64>(st, a12, 88);
  store<u64>(st, a22, 96);
  store<u64>(st, a32, 104);
  store<u64>(st, a42, 112);
  store<u64>(st, a03, 120);
  store<u64>(st, a13, 128);
  store<u64>(st, a23, 136);
  store<u64>(st, a33, 144);
  store<u64>(st, a43, 152);
  store<u64>(st, a04, 160);
  store<u64>(st, a14, 168);
  store<u64>(st, a24, 176);
  store<u64>(st, a34, 184);
  store<u64>(st, a44, 192);
}

@inline function rotl2(v: v128, n: i32): v128 {
  return v128.or(i64x2.shl(v, n), i64x2.shr_u(v, 64 - n));
}

/**
 * Two Keccak-f[1600] permutations at once: lane (x, y) of state A in the low i64 of the v128 at
 * byte 16·(x + 5y) of `st`, state B in the high i64. i64x2 has no rotate, so ρ costs a shift pair,
 * but θ, χ (v128.andnot) and ι run on both states per instruction.
 */
function keccakF1600x2(st: usize): void {
  let a00 = v128.load(st, 0);
  let a10 = v128.load(st, 16);
  let a20 = v128.load(st, 32);
  let a30 = v128.load(st, 48);
  let a40 = v128.load(st, 64);
  let a01 = v128.load(st, 80);
  let a11 = v128.load(st, 96);
  let a21 = v128.load(st, 112);
  let a31 = v128.load(st, 128);
  let a41 = v128.load(st, 144);
  let a02 = v128.load(st, 160);
  let a12 = v128.load(st, 176);
  let a22 = v128.load(st, 192);
  let a32 = v128.load(st, 208);
  let a42 = v128.load(st, 224);
  let a03 = v128.load(st, 240);
  let a13 = v128.load(st, 256);
  let a23 = v128.load(st, 272);
  let a33 = v128.load(st, 288);
  let a43 = v128.load(st, 304);
  let a04 = v128.load(st, 320);
  let a14 = v128.load(st, 336);
  let a24 = v128.load(st, 352);
  let a34 = v128.load(st, 368);
  let a44 = v128.load(st, 384);
  for (let round = 0; round < 24; round++) {
    // θ
    const c0 = v128.xor(v128.xor(v128.xor(a00, a01), v128.xor(a02, a03)), a04);
    const c1 = v128.xor(v128.xor(v128.xor(a10, a11), v128.xor(a12, a13)), a14);
    const c2 = v128.xor(v128.xor(v128.xor(a20, a21), v128.xor(a22, a23)), a24);
    const c3 = v128.xor(v128.xor(v128.xor(a30, a31), v128.xor(a32, a33)), a34);
    const c4 = v128.xor(v128.xor(v128.xor(a40, a41), v128.xor(a42, a43)), a44);
    const d0 = v128.xor(c4, rotl2(c1, 1));
    const d1 = v128.xor(c0, rotl2(c2, 1));
    const d2 = v128.xor(c1, rotl2(c3, 1));
    const d3 = v128.xor(c2, rotl2(c4, 1));
    const d4 = v128.xor(c3, rotl2(c0, 1));
    // ρ and π
    const b00 = v128.xor(a00, d0);
    const b13 = rotl2(v128.xor(a01, d0), 36);
    const b21 = rotl2(v128.xor(a02, d0), 3);
    const b34 = rotl2(v128.xor(a03, d0), 41);
    const b42 = rotl2(v128.xor(a04, d0), 18);
    const b02 = rotl2(v128.xor(a10, d1), 1);
    const b10 = rotl2(v128.xor(a11, d1), 44);
    const b23 = rotl2(v128.xor(a12, d1), 10);
    const b31 = rotl2(v128.xor(a13, d1), 45);
    const b44 = rotl2(v128.xor(a14, d1), 2);
    const b04 = rotl2(v128.xor(a20, d2), 62);
    const b12 = rotl2(v128.xor(a21, d2), 6);
    const b20 = rotl2(v128.xor(a22, d2), 43);
    const b33 = rotl2(v128.xor(a23, d2), 15);
    const b41 = rotl2(v128.xor(a24, d2), 61);
    const b01 = rotl2(v128.xor(a30, d3), 28);
    const b14 = rotl2(v128.xor(a31, d3), 55);
    const b22 = rotl2(v128.xor(a32, d3), 25);
    const b30 = rotl2(v128.xor(a33, d3), 21);
    const b43 = rotl2(v128.xor(a34, d3), 56);
    const b03 = rotl2(v128.xor(a40, d4), 27);
    const b11 = rotl2(v128.xor(a41, d4), 20);
    const b24 = rotl2(v128.xor(a42, d4), 39);
    const b32 = rotl2(v128.xor(a43, d4), 8);
    const b40 = rotl2(v128.xor(a44, d4), 14);
    // χ (andnot(c, b) = c & ~b) and ι
    a00 = v128.xor(b00, v128.andnot(b20, b10));
    a10 = v128.xor(b10, v128.andnot(b30, b20));
    a20 = v128.xor(b20, v128.andnot(b40, b30));
    a30 = v128.xor(b30, v128.andnot(b00, b40));
    a40 = v128.xor(b40, v128.andnot(b10, b00));
    a01 = v128.xor(b01, v128.andnot(b21, b11));
    a11 = v128.xor(b11, v128.andnot(b31, b21));
    a21 = v128.xor(b21, v128.andnot(b41, b31));
    a31 = v128.xor(b31, v128.andnot(b01, b41));
    a41 = v128.xor(b41, v128.andnot(b11, b01));
    a02 = v128.xor(b02, v128.andnot(b22, b12));
    a12 = v128.xor(b12, v128.andnot(b32, b22));
    a22 = v128.xor(b22, v128.andnot(b42, b32));
    a32 = v128.xor(b32, v128.andnot(b02, b42));
    a42 = v128.xor(b42, v128.andnot(b12, b02));
    a03 = v128.xor(b03, v128.andnot(b23, b13));
    a13 = v128.xor(b13, v128.andnot(b33, b23));
    a23 = v128.xor(b23, v128.andnot(b43, b33));
    a33 = v128.xor(b33, v128.andnot(b03, b43));
    a43 = v128.xor(b43, v128.andnot(b13, b03));
    a04 = v128.xor(b04, v128.andnot(b24, b14));
    a14 = v128.xor(b14, v128.andnot(b34, b24));
    a24 = v128.xor(b24, v128.andnot(b44, b34));
    a34 = v128.xor(b34, v128.andnot(b04, b44));
    a44 = v128.xor(b44, v128.andnot(b14, b04));
    a00 = v128.xor(a00, v128.load64_splat(ROUND_CONSTANTS + (<usize>round << 3)));
  }
  v128.store(st, a00, 0);
  v128.store(st, a10, 16);
  v128.store(st, a20, 32);
  v128.store(st, a30, 48);
  v128.store(st, a40, 64);
  v128.store(st, a01, 80);
  v128.store(st, a11, 96);
  v128.store(st, a21, 112);
  v128.store(st, a31, 128);
  v128.store(st, a41, 144);
  v128.store(st, a02, 160);
  v128.store(st, a12, 176);
  v128.store(st, a22, 192);
  v128.store(st, a32, 208);
  v128.store(st, a42, 224);
  v128.store(st, a03, 240);
  v128.store(st, a13, 256);
  v128.store(st, a23, 272);
  v128.store(st, a33, 288);
  v128.store(st, a43, 304);
  v128.store(st, a04, 320);
  v128.store(st, a14, 336);
  v128.store(st, a24, 352);
  v128.store(st, a34, 368);
  v128.store(st, a44, 384);
}

/** Two-state form of xorLanes: lanes of blockA go to the low halves, of blockB to the high halves. */
@inline function xorLanes2(st: usize, blockA: usize, blockB: usize, len: i32): void {
  for (let i = 0; i < len; i += 8) {
    const at = st + (<usize>i << 1);
    v128.store(at, v128.xor(v128.load(at), i64x2.replace_lane(i64x2.splat(load<u64>(blockA + i)), 1, load<u64>(blockB + i))));
  }
}

/** state[0..len) ^= block[0..len), len a multiple of 8. */
@inline function xorLanes(st: usize, block: usize, len: i32): void {
  for (let i = 0; i < len; i += 8) store<u64>(st + i, load<u64>(st + i) ^ load<u64>(block + i));
}

/** Copy the last `tail` bytes of a message into `block` and apply pad10*1 with Keccak's 0x01 byte. */
@inline function padBlock(block: usize, tailBytes: usize, tail: i32): void {
  memory.copy(block, tailBytes, tail);
  memory.fill(block + tail, 0, RATE - tail);
  store<u8>(block + tail, load<u8>(block + tail) | 0x01);
  store<u8>(block + RATE - 1, load<u8>(block + RATE - 1) | 0x80);
}

/**
 * Keccak-256 of `count` messages of `msgLen` bytes stored back to back at `input`; digest k is
 * written to output[32k, 32k + 32). `scratch` is KECCAK_SCRATCH_BYTES of caller-owned memory.
 * Messages are hashed two at a time (keccakF1600x2); an odd last one takes the scalar path.
 */
export function keccak256_many(input: usize, msgLen: i32, count: i32, output: usize, scratch: usize): void {
  const fullBlocks = msgLen / RATE;
  const tail = msgLen - fullBlocks * RATE;
  const len = <usize>msgLen;
  const st2 = scratch;
  const blockA = scratch + 400;
  const blockB = blockA + RATE;
  let k = 0;
  for (; k + 1 < count; k += 2) {
    const msgA = input + <usize>k * len;
    const msgB = msgA + len;
    memory.fill(st2, 0, 400);
    for (let j = 0; j < fullBlocks; j++) {
      xorLanes2(st2, msgA + <usize>(j * RATE), msgB + <usize>(j * RATE), RATE);
      keccakF1600x2(st2);
    }
    padBlock(blockA, msgA + <usize>(fullBlocks * RATE), tail);
    padBlock(blockB, msgB + <usize>(fullBlocks * RATE), tail);
    xorLanes2(st2, blockA, blockB, RATE);
    keccakF1600x2(st2);
    const outA = output + (<usize>k << 5);
    for (let i = 0; i < 4; i++) {
      const lane = v128.load(st2 + (<usize>i << 4));
      store<u64>(outA + (<usize>i << 3), i64x2.extract_lane(lane, 0));
      store<u64>(outA + 32 + (<usize>i << 3), i64x2.extract_lane(lane, 1));
    }
  }
  if (k < count) {
    const st = scratch;
    const block = scratch + 200;
    const msg = input + <usize>k * len;
    memory.fill(st, 0, 200);
    for (let j = 0; j < fullBlocks; j++) {
      xorLanes(st, msg + <usize>(j * RATE), RATE);
      keccakF1600(st);
    }
    padBlock(block, msg + <usize>(fullBlocks * RATE), tail);
    xorLanes(st, block, RATE);
    keccakF1600(st);
    memory.copy(output + (<usize>k << 5), st, 32);
  }
}
