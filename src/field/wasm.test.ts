import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createWasmMemory, instantiateWasm, loadWasm, memoryImportMinPages, WasmNotBuiltError, wasmHeapBase,
  wasmPath,
} from './wasm.ts';

describe('wasm loader', () => {
  it('loads build/wasm/field.wasm, built from wasm/field by npm run build:wasm', () => {
    expect(wasmPath('field')).toMatch(/build[\\/]wasm[\\/]field\.wasm$/);
    const instance = instantiateWasm('field', createWasmMemory('field'));
    expect(typeof instance.exports['ntt']).toBe('function');
    expect(loadWasm('field')).toBe(loadWasm('field'));
  });

  it('reads the memory import minimum from the binary', () => {
    const bytes = readFileSync(wasmPath('field'));
    expect(memoryImportMinPages(bytes)).toBe(wasmHeapBase('field') / 65536);
    // Hand-assembled module importing env.memory with limits (shared, min 5, max 65536).
    const module = Uint8Array.of(
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
      0x02, 0x12, 0x01, // import section, 18 bytes, 1 import
      0x03, 0x65, 0x6e, 0x76, // "env"
      0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, // "memory"
      0x02, 0x03, 0x05, 0x80, 0x80, 0x04, // memory, flags 3 (max + shared), min 5, max 65536
    );
    expect(memoryImportMinPages(module)).toBe(5);
  });

  it('tells the user to run npm run build:wasm when a module is missing', () => {
    expect(() => loadWasm('no-such-module')).toThrow(WasmNotBuiltError);
    expect(() => loadWasm('no-such-module')).toThrow(/npm run build:wasm/);
  });
});
