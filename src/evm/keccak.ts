/**
 * Keccak-256 for the interpreter's hot path (KECCAK256, CREATE2), returning the digest as a word.
 *
 * Two interchangeable implementations of the same sponge (FIPS 202 Keccak-f[1600] with the
 * original Keccak padding 0x01 ... 0x80, rate 136 bytes):
 *   - WebAssembly (wasm/evm/keccak.ts, built to build/wasm/evm.wasm): the message is copied into
 *     the module's memory once and the whole sponge (every block, padding, squeeze) runs in one
 *     call, with 64-bit lanes in locals. Used whenever the binary is built.
 *   - TypeScript over noble's audited permutation (`keccakP`) with one preallocated state: the
 *     fallback when the binary is missing. Big-endian hosts (where noble's lane layout differs)
 *     use `keccak_256` itself.
 * Both avoid the per-call hasher object, output buffer and hex conversion of `keccak_256()`.
 */
import { keccakP, keccak_256 } from '@noble/hashes/sha3.js';
import { loadWasmKernel } from './wasm-kernel.ts';
import { bytesToBigInt } from './words.ts';

const RATE = 136;
const state32 = new Uint32Array(50);
const state8 = new Uint8Array(state32.buffer);
const stateView = new DataView(state32.buffer);
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** keccak256(data[start, start+length)) as a word, with the TypeScript sponge over noble's keccakP. */
export function keccakWordNoble(data: Uint8Array, start: number, length: number): bigint {
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

interface KeccakExports {
  keccak256(input: number, length: number): void;
  keccak256_digest(): number;
}

/** Messages up to this length are copied byte by byte (cheaper than a subarray + set). */
const SMALL_COPY = 96;

function makeWasmKeccak(): ((data: Uint8Array, start: number, length: number) => bigint) | null {
  const kernel = loadWasmKernel('evm');
  if (kernel === null) return null;
  const exports = kernel.exports as unknown as KeccakExports;
  const hash = exports.keccak256;
  const digest = exports.keccak256_digest();
  const input = kernel.heapBase;
  kernel.reserve(input + SMALL_COPY);
  let bytes = kernel.bytes;
  let view = kernel.view;
  return (data, start, length) => {
    if (input + length > bytes.length) {
      kernel.reserve(input + length);
      bytes = kernel.bytes;
      view = kernel.view;
    }
    if (length <= SMALL_COPY) {
      for (let i = 0; i < length; i++) bytes[input + i] = data[start + i]!;
    } else {
      bytes.set(data.subarray(start, start + length), input);
    }
    hash(input, length);
    return (
      (view.getBigUint64(digest) << 192n) |
      (view.getBigUint64(digest + 8) << 128n) |
      (view.getBigUint64(digest + 16) << 64n) |
      view.getBigUint64(digest + 24)
    );
  };
}

/** keccak256(data[start, start+length)) in WebAssembly; null when build/wasm/evm.wasm is not built. */
export const keccakWordWasm: ((data: Uint8Array, start: number, length: number) => bigint) | null = makeWasmKeccak();

/** keccak256(data[start, start+length)) as a 256-bit word (WebAssembly when built, else TypeScript). */
export const keccakWordOf: (data: Uint8Array, start: number, length: number) => bigint = keccakWordWasm ?? keccakWordNoble;
