/**
 * 0x09 BLAKE2F precompile (EIP-152): the BLAKE2b compression function F of RFC 7693 §3.2
 * with a caller-chosen number of rounds.
 *
 * Input (exactly 213 bytes): rounds (4, big-endian) ‖ h (8 × u64 LE) ‖ m (16 × u64 LE)
 * ‖ t (2 × u64 LE) ‖ f (1 byte, 0 or 1). Output: the new h (64 bytes, LE). Gas = rounds.
 *
 * The precompile runs F in WebAssembly (blake2f-wasm.ts, ~15× faster) when build/wasm/blake2f.wasm
 * has been built, and otherwise in TypeScript (`blake2bCompress` below), which is also the
 * reference the WebAssembly F is tested against. In the TypeScript F, 64-bit words are held as
 * (lo, hi) pairs of uint32 in a Uint32Array — word i at [2i] and [2i+1] — so every operation is
 * exact 32-bit integer arithmetic (no BigInt in the round loop).
 */
import { BLAKE2F_OUTPUT_BYTES, loadBlake2fWasm, type Blake2fCompressor } from './blake2f-wasm.ts';
import { halt, outOfGas, succeed, type PrecompileResult } from './result.ts';

const INPUT_LENGTH = 213;

/** BLAKE2b IV (RFC 7693 §2.6; the SHA-512 IV), as (lo, hi) uint32 pairs. */
const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

/** Message schedule SIGMA (RFC 7693 §2.7); round i uses row i mod 10. Entries are pre-doubled u32 indices. */
const SIGMA = new Uint8Array(
  [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
  ]
    .flat()
    .map((i) => 2 * i),
);

/** Working vector v[0..15], reused across calls (the function is synchronous and not re-entrant). */
const v = new Uint32Array(32);

/**
 * The mixing function G (RFC 7693 §3.1) on words a, b, c, d of `v` with message words at u32 indices
 * x and y of `m`. a..d are u32 indices (2 × word index). Rotations are by 32, 24, 16 and 63.
 */
function mix(m: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number): void {
  let aLo = v[a]!, aHi = v[a + 1]!, bLo = v[b]!, bHi = v[b + 1]!;
  let cLo = v[c]!, cHi = v[c + 1]!, dLo = v[d]!, dHi = v[d + 1]!;
  let sum: number, tLo: number, tHi: number;

  // a = a + b + m[x]   (sum of three u32 < 2^34, exact in a double; carry = floor(sum / 2^32))
  sum = aLo + bLo + m[x]!;
  aHi = (aHi + bHi + m[x + 1]! + ((sum / 0x100000000) | 0)) >>> 0;
  aLo = sum >>> 0;
  // d = (d ^ a) >>> 32: swap halves (>>> 0 keeps words unsigned so the carry arithmetic stays exact)
  tLo = dLo ^ aLo; tHi = dHi ^ aHi;
  dLo = tHi >>> 0; dHi = tLo >>> 0;
  // c = c + d
  sum = cLo + dLo;
  cHi = (cHi + dHi + ((sum / 0x100000000) | 0)) >>> 0;
  cLo = sum >>> 0;
  // b = (b ^ c) >>> 24
  tLo = bLo ^ cLo; tHi = bHi ^ cHi;
  bLo = ((tLo >>> 24) | (tHi << 8)) >>> 0; bHi = ((tHi >>> 24) | (tLo << 8)) >>> 0;
  // a = a + b + m[y]
  sum = aLo + bLo + m[y]!;
  aHi = (aHi + bHi + m[y + 1]! + ((sum / 0x100000000) | 0)) >>> 0;
  aLo = sum >>> 0;
  // d = (d ^ a) >>> 16
  tLo = dLo ^ aLo; tHi = dHi ^ aHi;
  dLo = ((tLo >>> 16) | (tHi << 16)) >>> 0; dHi = ((tHi >>> 16) | (tLo << 16)) >>> 0;
  // c = c + d
  sum = cLo + dLo;
  cHi = (cHi + dHi + ((sum / 0x100000000) | 0)) >>> 0;
  cLo = sum >>> 0;
  // b = (b ^ c) >>> 63, i.e. rotate left by 1
  tLo = bLo ^ cLo; tHi = bHi ^ cHi;
  bLo = ((tLo << 1) | (tHi >>> 31)) >>> 0; bHi = ((tHi << 1) | (tLo >>> 31)) >>> 0;

  v[a] = aLo; v[a + 1] = aHi; v[b] = bLo; v[b + 1] = bHi;
  v[c] = cLo; v[c + 1] = cHi; v[d] = dLo; v[d + 1] = dHi;
}

/**
 * BLAKE2b compression F (RFC 7693 §3.2), updating `h` in place.
 * @param h state: 8 words as 16 (lo, hi) uint32
 * @param m message block: 16 words as 32 (lo, hi) uint32
 * @param t offset counter: [t0 lo, t0 hi, t1 lo, t1 hi]
 * @param final final-block flag f
 * @param rounds number of rounds (12 for BLAKE2b proper)
 */
export function blake2bCompress(h: Uint32Array, m: Uint32Array, t: Uint32Array, final: boolean, rounds: number): void {
  v.set(h, 0);
  v.set(IV, 16);
  v[24] = v[24]! ^ t[0]!; v[25] = v[25]! ^ t[1]!; // v[12] ^= t0
  v[26] = v[26]! ^ t[2]!; v[27] = v[27]! ^ t[3]!; // v[13] ^= t1
  if (final) { v[28] = ~v[28]! >>> 0; v[29] = ~v[29]! >>> 0; } // v[14] = ~v[14]
  for (let round = 0; round < rounds; round++) {
    const s = (round % 10) * 16;
    mix(m, 0, 8, 16, 24, SIGMA[s]!, SIGMA[s + 1]!);
    mix(m, 2, 10, 18, 26, SIGMA[s + 2]!, SIGMA[s + 3]!);
    mix(m, 4, 12, 20, 28, SIGMA[s + 4]!, SIGMA[s + 5]!);
    mix(m, 6, 14, 22, 30, SIGMA[s + 6]!, SIGMA[s + 7]!);
    mix(m, 0, 10, 20, 30, SIGMA[s + 8]!, SIGMA[s + 9]!);
    mix(m, 2, 12, 22, 24, SIGMA[s + 10]!, SIGMA[s + 11]!);
    mix(m, 4, 14, 16, 26, SIGMA[s + 12]!, SIGMA[s + 13]!);
    mix(m, 6, 8, 18, 28, SIGMA[s + 14]!, SIGMA[s + 15]!);
  }
  for (let i = 0; i < 16; i++) h[i] = (h[i]! ^ v[i]! ^ v[i + 16]!) >>> 0;
}

/** Reads `count` little-endian uint32 values starting at byte `offset`. */
function readU32LE(view: DataView, offset: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getUint32(offset + 4 * i, true);
  return out;
}

/** The TypeScript F over an h ‖ m ‖ t block (EIP-152 input bytes 4..211), returning the new h. */
export const blake2fTypeScript: Blake2fCompressor = (hmt, final, rounds) => {
  const view = new DataView(hmt.buffer, hmt.byteOffset, hmt.byteLength);
  const h = readU32LE(view, 0, 16);
  blake2bCompress(h, readU32LE(view, 64, 32), readU32LE(view, 192, 4), final, rounds);
  const output = new Uint8Array(BLAKE2F_OUTPUT_BYTES);
  const outView = new DataView(output.buffer);
  for (let i = 0; i < 16; i++) outView.setUint32(4 * i, h[i]!, true);
  return output;
};

/** Runs the BLAKE2F precompile with the given implementation of F. */
export function runBlake2fWith(compress: Blake2fCompressor, input: Uint8Array, gasLimit: bigint): PrecompileResult {
  if (input.length !== INPUT_LENGTH) return halt(`blake2f input must be exactly ${INPUT_LENGTH} bytes`);
  const finalFlag = input[212]!;
  if (finalFlag > 1) return halt('blake2f final-block flag must be 0 or 1');
  const rounds = new DataView(input.buffer, input.byteOffset, 4).getUint32(0, false);
  const gas = BigInt(rounds);
  if (gas > gasLimit) return outOfGas(gas, gasLimit);
  return succeed(gas, compress(input.subarray(4, 212), finalFlag === 1, rounds));
}

/** Runs the BLAKE2F precompile: F in WebAssembly when the module is built, else in TypeScript. */
export function runBlake2f(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  return runBlake2fWith(loadBlake2fWasm() ?? blake2fTypeScript, input, gasLimit);
}
