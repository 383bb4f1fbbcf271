/**
 * A minimal synchronous loader for the repository's WebAssembly modules (build/wasm/<name>.wasm,
 * built from wasm/<name>/ by `npm run build:wasm`) for use inside src/evm, which may not import
 * the field layer's loader (src/field/wasm.ts).
 *
 * Every module built by scripts/build-wasm.mjs imports a shared memory as `env.memory` and lays
 * its static data out from address 0; the import's declared minimum covers that data. Here each
 * module gets a private memory with the limits it declares, so bytes from `heapBase` up are free
 * for the caller, and `reserve` grows the memory on demand (up to the declared maximum). One
 * instance per module per thread, created lazily on first use and cached.
 *
 * A missing binary is not an error (`loadWasmKernel` returns null, callers fall back to
 * TypeScript); an unreadable or invalid one is (WasmKernelError).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Bytes per WebAssembly page (core spec §2.5.5 / §4.2.8). */
export const WASM_PAGE_BYTES = 65536;

/** Thrown when build/wasm/<name>.wasm exists but cannot be read, compiled or instantiated. */
export class WasmKernelError extends Error {
  /** The binary's path. */
  readonly path: string;
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`wasm kernel: cannot load ${path} (${reason}); run \`npm run build:wasm\``);
    this.name = 'WasmKernelError';
    this.path = path;
  }
}

/** Thrown when a caller asks for more memory than the module's declared maximum. */
export class WasmMemoryLimitError extends Error {
  constructor(name: string, requestedBytes: number, maximumBytes: number) {
    super(`wasm kernel ${name}: ${requestedBytes} bytes requested, the module's memory is limited to ${maximumBytes}`);
    this.name = 'WasmMemoryLimitError';
  }
}

interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(deltaPages: number): number;
}

/** The members of the global WebAssembly object used here (tsconfig's lib does not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** An instantiated module with its private memory. */
export class WasmKernel {
  /** Module name (build/wasm/<name>.wasm). */
  readonly name: string;
  /** The instance's exports (functions are called directly; types are the caller's business). */
  readonly exports: Record<string, unknown>;
  /** First byte above the module's static data: memory from here up belongs to the caller. */
  readonly heapBase: number;
  /** Byte view of the whole memory; replaced when `reserve` grows it. */
  bytes: Uint8Array;
  /** DataView of the whole memory; replaced when `reserve` grows it. */
  view: DataView;
  private readonly memory: WasmMemory;
  private readonly maximumPages: number;

  constructor(name: string, exports: Record<string, unknown>, memory: WasmMemory, limits: MemoryLimits) {
    this.name = name;
    this.exports = exports;
    this.memory = memory;
    this.heapBase = limits.minimum * WASM_PAGE_BYTES;
    this.maximumPages = limits.maximum;
    this.bytes = new Uint8Array(memory.buffer);
    this.view = new DataView(memory.buffer);
  }

  /**
   * Makes bytes [0, end) addressable, growing the memory if needed. Returns true when it grew:
   * `bytes` and `view` are then new objects and views taken earlier are too short.
   */
  reserve(end: number): boolean {
    if (end <= this.bytes.length) return false;
    const pages = Math.ceil(end / WASM_PAGE_BYTES);
    if (pages > this.maximumPages) throw new WasmMemoryLimitError(this.name, end, this.maximumPages * WASM_PAGE_BYTES);
    this.memory.grow(pages - this.bytes.length / WASM_PAGE_BYTES);
    this.bytes = new Uint8Array(this.memory.buffer);
    this.view = new DataView(this.memory.buffer);
    return true;
  }
}

/** Absolute path of build/wasm/<name>.wasm. */
export function wasmKernelPath(name: string): string {
  return fileURLToPath(new URL(`../../build/wasm/${name}.wasm`, import.meta.url));
}

/** Per module name: its kernel, or null when the binary is absent. */
const cache = new Map<string, WasmKernel | null>();

/**
 * The module build/wasm/<name>.wasm instantiated over a private shared memory, loaded on first
 * use and cached per thread; null when the binary does not exist. Throws WasmKernelError when it
 * exists but is unusable.
 */
export function loadWasmKernel(name: string): WasmKernel | null {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const path = wasmKernelPath(name);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') {
      cache.set(name, null);
      return null;
    }
    throw new WasmKernelError(path, e);
  }
  let kernel: WasmKernel;
  try {
    const limits = memoryImportLimits(bytes);
    const memory = new WA.Memory({ initial: limits.minimum, maximum: limits.maximum, shared: true });
    const instance = new WA.Instance(new WA.Module(bytes), { env: { memory } });
    kernel = new WasmKernel(name, instance.exports, memory, limits);
  } catch (e) {
    throw new WasmKernelError(path, e);
  }
  cache.set(name, kernel);
  return kernel;
}

/** Declared page limits of a memory import. */
interface MemoryLimits {
  minimum: number;
  maximum: number;
}

/**
 * The declared limits of the module's imported memory, read from the binary's import section
 * (WebAssembly core spec §5.5.5 import section, §5.3.4 limits: flag bit 0 = has maximum; a shared
 * memory always has one, §3.2.8 threads proposal).
 */
export function memoryImportLimits(bytes: Uint8Array): MemoryLimits {
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
          const flags = u32();
          const minimum = u32();
          return { minimum, maximum: (flags & 1) !== 0 ? u32() : minimum };
        } else pos += 2; // global: value type, mutability
      }
    }
    pos = end;
  }
  // Reached only for a binary not built by scripts/build-wasm.mjs; the caller wraps it in WasmKernelError.
  throw new TypeError('the module does not import a memory');
}
