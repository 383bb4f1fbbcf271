/**
 * The WebAssembly BLAKE2F compression (wasm/blake2f/index.ts, built to build/wasm/blake2f.wasm by
 * `npm run build:wasm`): the same F as the TypeScript reference in blake2f.ts, but with native
 * 64-bit lanes and SIMD, so the 2^32 − 1-round call of the conformance suite
 * (stTimeConsuming/CALLBlake2f_MaxRounds) takes ~54 s of CPU instead of ~15 minutes
 * (≈12.5 vs ≈200 ns/round).
 *
 * src/evm may not import the field layer's loader (src/field/wasm.ts), so this is a minimal one:
 * it reads the binary synchronously, gives it a private shared memory of exactly the size its
 * import declares (the module touches only its own static data), and instantiates it once, lazily.
 * A missing binary is not an error here — `loadBlake2fWasm` returns null and the precompile falls
 * back to the TypeScript F — but an unreadable or invalid one is.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Bytes of the h ‖ m ‖ t block F reads: 8 + 16 + 2 little-endian u64 (EIP-152 input bytes 4..211). */
export const BLAKE2F_STATE_BYTES = 208;
/** Bytes of F's output h. */
export const BLAKE2F_OUTPUT_BYTES = 64;

/** BLAKE2 F over an h ‖ m ‖ t block, returning the new h (64 bytes, little-endian words). */
export type Blake2fCompressor = (hmt: Uint8Array, final: boolean, rounds: number) => Uint8Array;

/** Thrown when build/wasm/blake2f.wasm exists but cannot be read, compiled or instantiated. */
export class Blake2fWasmError extends Error {
  /** The binary's path. */
  readonly path: string;
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`blake2f: cannot load ${path} (${reason}); run \`npm run build:wasm\``);
    this.name = 'Blake2fWasmError';
    this.path = path;
  }
}

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

/** The members of the global WebAssembly object used here (tsconfig's lib does not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => {
    readonly buffer: SharedArrayBuffer;
  };
}

const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Path of the compiled module. */
export const BLAKE2F_WASM_PATH = fileURLToPath(new URL('../../../build/wasm/blake2f.wasm', import.meta.url));

/** undefined: not tried yet; null: binary absent. */
let cached: Blake2fCompressor | null | undefined;

/**
 * The WebAssembly F, loaded on first use and cached; null when build/wasm/blake2f.wasm does not
 * exist. Throws Blake2fWasmError when it exists but is unusable.
 */
export function loadBlake2fWasm(): Blake2fCompressor | null {
  if (cached !== undefined) return cached;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(BLAKE2F_WASM_PATH);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return (cached = null);
    throw new Blake2fWasmError(BLAKE2F_WASM_PATH, e);
  }
  try {
    cached = instantiate(bytes);
  } catch (e) {
    throw new Blake2fWasmError(BLAKE2F_WASM_PATH, e);
  }
  return cached;
}

function instantiate(bytes: Uint8Array): Blake2fCompressor {
  const pages = memoryImportMinPages(bytes);
  const memory = new WA.Memory({ initial: pages, maximum: pages, shared: true });
  const instance = new WA.Instance(new WA.Module(bytes), { env: { memory } });
  const exports = instance.exports as unknown as WasmExports;
  // The memory never grows (maximum = initial), so one view stays valid for the process.
  const io = new Uint8Array(memory.buffer, exports.blake2f_io(), BLAKE2F_STATE_BYTES);
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

/**
 * The declared minimum page count of the module's imported memory, read from the binary's import
 * section (WebAssembly core spec §5.5.5 import section, §5.3.4 limits: flag bit 0 = has maximum).
 */
function memoryImportMinPages(bytes: Uint8Array): number {
  let pos = 8; // magic + version
  const u32 = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
  };
  const skipName = (): void => {
    const length = u32(); // read before advancing: `pos += u32()` would add to the stale pos
    pos += length;
  };
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const size = u32();
    const end = pos + size;
    if (id === 2) {
      for (let count = u32(); count > 0; count--) {
        skipName(); // module
        skipName(); // field
        const kind = bytes[pos++]!;
        if (kind === 0) u32(); // function: type index
        else if (kind === 1) { pos++; const flags = u32(); u32(); if (flags & 1) u32(); } // table
        else if (kind === 2) {
          u32(); // memory limits: flags, then the minimum
          return u32();
        } else pos += 2; // global: value type, mutability
      }
    }
    pos = end;
  }
  // Reached only for a binary not built by scripts/build-wasm.mjs; the caller wraps it in Blake2fWasmError.
  throw new TypeError('the module does not import a memory');
}
