/**
 * Keccak-256 for the interpreter's hot path (KECCAK256, CREATE2): the sponge of FIPS 202 /
 * the original Keccak padding (0x01 ... 0x80, rate 136 bytes) over noble's audited Keccak-f[1600]
 * permutation (`keccakP`), with one preallocated state and the digest read straight into a word.
 * This avoids the per-call hasher object, output buffer and hex conversion of `keccak_256()`.
 * Big-endian hosts (where noble's lane layout differs) use `keccak_256` itself.
 */
import { keccakP, keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToBigInt } from './words.ts';

const RATE = 136;
const state32 = new Uint32Array(50);
const state8 = new Uint8Array(state32.buffer);
const stateView = new DataView(state32.buffer);
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** keccak256(data[start, start+length)) as a 256-bit word. */
export function keccakWordOf(data: Uint8Array, start: number, length: number): bigint {
  if (!LITTLE_ENDIAN_HOST) return bytesToBigInt(keccak_256(data.subarray(start, start + length)));
  state32.fill(0);
  let pos = start;
  const end = start + length;
  while (end - pos >= RATE) {
    for (let i = 0; i < RATE; i++) state8[i]! ^= data[pos + i]!;
    keccakP(state32);
    pos += RATE;
  }
  const rest = end - pos;
  for (let i = 0; i < rest; i++) state8[i]! ^= data[pos + i]!;
  state8[rest]! ^= 0x01;
  state8[RATE - 1]! ^= 0x80;
  keccakP(state32);
  return (
    (stateView.getBigUint64(0) << 192n) |
    (stateView.getBigUint64(8) << 128n) |
    (stateView.getBigUint64(16) << 64n) |
    stateView.getBigUint64(24)
  );
}
