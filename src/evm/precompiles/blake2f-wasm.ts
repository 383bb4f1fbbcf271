/**
 * The WebAssembly BLAKE2F compression (wasm/blake2f/index.ts, built to build/wasm/blake2f.wasm by
 * `npm run build:wasm`): the same F as the TypeScript reference in blake2f.ts, but with native
 * 64-bit lanes and SIMD, so the 2^32 − 1-round call of the conformance suite
 * (stTimeConsuming/CALLBlake2f_MaxRounds) takes ~54 s of CPU instead of ~15 minutes
 * (≈12.5 vs ≈200 ns/round).
 *
 * Loaded through the EVM layer's loader (src/evm/wasm-kernel.ts). A missing binary is not an error
 * here — `loadBlake2fWasm` returns null and the precompile falls back to the TypeScript F — but an
 * unreadable or invalid one is (WasmKernelError).
 */
import { loadWasmKernel, wasmKernelPath, type WasmKernel } from '../wasm-kernel.ts';

/** Bytes of the h ‖ m ‖ t block F reads: 8 + 16 + 2 little-endian u64 (EIP-152 input bytes 4..211). */
export const BLAKE2F_STATE_BYTES = 208;
/** Bytes of F's output h. */
export const BLAKE2F_OUTPUT_BYTES = 64;

/** BLAKE2 F over an h ‖ m ‖ t block, returning the new h (64 bytes, little-endian words). */
export type Blake2fCompressor = (hmt: Uint8Array, final: boolean, rounds: number) => Uint8Array;

/** Thrown when F is called with an h ‖ m ‖ t block that is not 208 bytes or a bad round count. */
export class Blake2fInputError extends Error {
  constructor(message: string) {
    super(`blake2f: ${message}`);
    this.name = 'Blake2fInputError';
  }
}

interface WasmExports {
  blake2f_io(): number;
  blake2f_init(final: number): void;
  blake2f_rounds(rounds: number, firstRow: number): void;
  blake2f_finish(): void;
}

/**
 * Rounds per call into the module (~1 ms). V8 starts WebAssembly in its baseline compiler and
 * only later calls reach the optimised code, so a long F must be split into calls (see
 * wasm/blake2f/index.ts); the per-call overhead is negligible at this size.
 */
const ROUNDS_PER_CALL = 1 << 16;

/** Path of the compiled module. */
export const BLAKE2F_WASM_PATH = wasmKernelPath('blake2f');

/** undefined: not tried yet; null: binary absent. */
let cached: Blake2fCompressor | null | undefined;

/**
 * The WebAssembly F, loaded on first use and cached; null when build/wasm/blake2f.wasm does not
 * exist. Throws WasmKernelError when it exists but is unusable.
 */
export function loadBlake2fWasm(): Blake2fCompressor | null {
  if (cached !== undefined) return cached;
  const kernel = loadWasmKernel('blake2f');
  cached = kernel === null ? null : compressorOf(kernel);
  return cached;
}

function compressorOf(kernel: WasmKernel): Blake2fCompressor {
  const exports = kernel.exports as unknown as WasmExports;
  // F touches only its own static data, so the memory never grows and one view stays valid.
  const io = new Uint8Array(kernel.bytes.buffer, exports.blake2f_io(), BLAKE2F_STATE_BYTES);
  return (hmt, final, rounds) => {
    if (hmt.length !== BLAKE2F_STATE_BYTES) {
      throw new Blake2fInputError(`h ‖ m ‖ t must be ${BLAKE2F_STATE_BYTES} bytes, got ${hmt.length}`);
    }
    if (!Number.isInteger(rounds) || rounds < 0 || rounds > 0xffffffff) {
      throw new Blake2fInputError(`rounds must be a u32, got ${rounds}`);
    }
    io.set(hmt);
    exports.blake2f_init(final ? 1 : 0);
    for (let done = 0; done < rounds; done += ROUNDS_PER_CALL) {
      exports.blake2f_rounds(Math.min(ROUNDS_PER_CALL, rounds - done), done % 10);
    }
    exports.blake2f_finish();
    return io.slice(0, BLAKE2F_OUTPUT_BYTES);
  };
}
