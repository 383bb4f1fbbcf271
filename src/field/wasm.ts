/**
 * Loader for the repository's WebAssembly modules: build/wasm/<name>.wasm, compiled from the
 * AssemblyScript sources in wasm/<name>/ by `npm run build:wasm` (scripts/build-wasm.mjs; the
 * npm `prepare`, `pretest` and `prestart` hooks run it, so a fresh clone builds it by itself).
 *
 * Every module imports its memory as `env.memory`, shared (so worker threads can run the same
 * kernels over one SharedArrayBuffer), and lays its static data out from address 0; the memory
 * import's declared minimum covers that data, so buffers managed from JS start at
 * `wasmHeapBase(name)`. Loading and compiling are synchronous and cached per process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A shared WebAssembly.Memory (typed locally: this project's lib settings omit WebAssembly). */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(deltaPages: number): number;
}

/** A WebAssembly.Instance. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => WebAssembly.Module;
  Instance: new (module: WebAssembly.Module, imports: object) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/**
 * The global WebAssembly object with the few members used here. tsconfig's lib (ES2022, no DOM)
 * and @types/node 20 do not declare it, so it is reached through globalThis with local types.
 */
const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Thrown when a module has not been built (or cannot be read or compiled). */
export class WasmNotBuiltError extends Error {
  /** The module name, e.g. "field". */
  readonly module: string;
  constructor(module: string, path: string, cause: unknown) {
    super(
      `WebAssembly module "${module}" is missing or invalid at ${path}; run \`npm run build:wasm\` ` +
        `(${cause instanceof Error ? cause.message : String(cause)})`,
    );
    this.name = 'WasmNotBuiltError';
    this.module = module;
  }
}

/** Bytes per WebAssembly page. */
export const WASM_PAGE_BYTES = 65536;
/** Maximum pages of a 32-bit memory (4 GiB); every module declares this maximum. */
export const WASM_MAX_PAGES = 65536;

interface LoadedModule {
  readonly module: WebAssembly.Module;
  readonly minPages: number;
}

const cache = new Map<string, LoadedModule>();

/** Absolute path of build/wasm/<name>.wasm. */
export function wasmPath(name: string): string {
  return fileURLToPath(new URL(`../../build/wasm/${name}.wasm`, import.meta.url));
}

function load(name: string): LoadedModule {
  const hit = cache.get(name);
  if (hit) return hit;
  if (!/^[a-z0-9_-]+$/i.test(name)) throw new WasmNotBuiltError(name, '(invalid name)', 'bad module name');
  const path = wasmPath(name);
  let loaded: LoadedModule;
  try {
    const bytes = readFileSync(path);
    loaded = { module: new WA.Module(bytes), minPages: memoryImportMinPages(bytes) };
  } catch (e) {
    throw new WasmNotBuiltError(name, path, e);
  }
  cache.set(name, loaded);
  return loaded;
}

/** The compiled module build/wasm/<name>.wasm (cached). */
export function loadWasm(name: string): WebAssembly.Module {
  return load(name).module;
}

/** First byte address free for JS-managed buffers: above the module's static data. */
export function wasmHeapBase(name: string): number {
  return load(name).minPages * WASM_PAGE_BYTES;
}

/** A shared memory suitable for `name`, with at least `bytes` usable bytes above its heap base. */
export function createWasmMemory(name: string, bytes = 0): WasmMemory {
  const initial = load(name).minPages + Math.ceil(bytes / WASM_PAGE_BYTES);
  return new WA.Memory({ initial, maximum: WASM_MAX_PAGES, shared: true });
}

/** Instantiates `name` over `memory` (synchronously). */
export function instantiateWasm(name: string, memory: WasmMemory): WasmInstance {
  return new WA.Instance(loadWasm(name), { env: { memory } });
}

/** Grows `memory` so it spans at least `bytes` bytes in total. */
export function ensureMemoryBytes(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return;
  const pages = Math.ceil((bytes - have) / WASM_PAGE_BYTES);
  if (have / WASM_PAGE_BYTES + pages > WASM_MAX_PAGES) {
    throw new RangeError(`wasm: ${bytes} bytes exceed the 4 GiB limit of a 32-bit memory`);
  }
  memory.grow(pages);
}

/**
 * The declared minimum page count of the module's imported memory, read from the binary's import
 * section (WebAssembly core spec §5.5.5; limits §5.3.4: flag bit 0 = has maximum, bit 1 = shared).
 */
export function memoryImportMinPages(bytes: Uint8Array): number {
  let pos = 8; // magic + version
  const u32 = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  const skipName = (): void => {
    const len = u32();
    pos += len;
  };
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const size = u32();
    const end = pos + size;
    if (id !== 2) {
      pos = end;
      continue;
    }
    const count = u32();
    for (let i = 0; i < count; i++) {
      skipName();
      skipName();
      const kind = bytes[pos++]!;
      if (kind === 0) u32();
      else if (kind === 1) {
        pos++;
        const flags = bytes[pos++]!;
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        pos++; // limits flags
        return u32();
      } else if (kind === 3) pos += 2;
      else break;
    }
    pos = end;
  }
  return 0;
}
