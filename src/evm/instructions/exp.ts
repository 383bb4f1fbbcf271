/**
 * a^b mod 2^256 for EXP (yellow paper appendix H.2), in two interchangeable implementations:
 *   - TypeScript, left-to-right square-and-multiply over bigints. Scanning the exponent from its
 *     top bit makes every multiplication one by the original base, which is usually short, so it
 *     costs far less than the right-to-left form that squares the base into a full word.
 *   - WebAssembly (wasm/evm/uint256.ts, in build/wasm/evm.wasm): the same algorithm on eight
 *     32-bit limbs with truncated 256-bit products and no allocation; used for exponents above
 *     WASM_EXPONENT_MIN, below which moving the words in and out costs more than it saves.
 * Fast paths: exponent 0 (1), base 0 or 1 (itself), base 2 (a shift).
 */
import { loadWasmKernel } from '../wasm-kernel.ts';

/** Exponents at or above this go to WebAssembly (measured crossover: ~2^16 on a 64-bit base). */
const WASM_EXPONENT_MIN = 1n << 16n;
const TWO_64 = 1n << 64n;

/** a^b mod 2^256 in TypeScript (left-to-right square-and-multiply). */
export function expMod256Portable(base: bigint, exponent: bigint): bigint {
  if (exponent === 0n) return 1n;
  if (base <= 1n) return base;
  if (base === 2n) return exponent < 256n ? 1n << exponent : 0n;
  if (exponent <= 0xffffffffn) {
    const e = Number(exponent);
    let result = base;
    for (let bit = 30 - Math.clz32(e); bit >= 0; bit--) {
      result = BigInt.asUintN(256, result * result);
      if (((e >>> bit) & 1) === 1) result = BigInt.asUintN(256, result * base);
    }
    return result;
  }
  const bits = exponent.toString(2);
  let result = base;
  for (let i = 1; i < bits.length; i++) {
    result = BigInt.asUintN(256, result * result);
    if (result === 0n) return 0n;
    if (bits.charCodeAt(i) === 49) result = BigInt.asUintN(256, result * base);
  }
  return result;
}

interface Uint256Exports {
  exp256(): void;
  uint256_io(): number;
}

/** Writes a word as four little-endian u64 (= eight little-endian u32 limbs) at `at`. */
function writeLimbs(view: DataView, at: number, x: bigint): void {
  if (x < TWO_64) {
    view.setBigUint64(at, x, true);
    view.setBigUint64(at + 8, 0n, true);
    view.setBigUint64(at + 16, 0n, true);
    view.setBigUint64(at + 24, 0n, true);
    return;
  }
  view.setBigUint64(at, BigInt.asUintN(64, x), true);
  view.setBigUint64(at + 8, BigInt.asUintN(64, x >> 64n), true);
  view.setBigUint64(at + 16, BigInt.asUintN(64, x >> 128n), true);
  view.setBigUint64(at + 24, x >> 192n, true);
}

function makeWasmExp(): ((base: bigint, exponent: bigint) => bigint) | null {
  const kernel = loadWasmKernel('evm');
  if (kernel === null) return null;
  const exports = kernel.exports as unknown as Uint256Exports;
  const exp = exports.exp256;
  const io = exports.uint256_io();
  // The exchange buffer is static data below heapBase; a shared memory's old views stay valid
  // (for their original length) when it grows, so this view never needs refreshing.
  const view = kernel.view;
  return (base, exponent) => {
    writeLimbs(view, io, base);
    writeLimbs(view, io + 32, exponent);
    exp();
    const r = io + 64;
    return (
      (view.getBigUint64(r + 24, true) << 192n) |
      (view.getBigUint64(r + 16, true) << 128n) |
      (view.getBigUint64(r + 8, true) << 64n) |
      view.getBigUint64(r, true)
    );
  };
}

/** a^b mod 2^256 in WebAssembly for any words; null when build/wasm/evm.wasm is not built. */
export const expMod256Wasm: ((base: bigint, exponent: bigint) => bigint) | null = makeWasmExp();

const wasmExp = expMod256Wasm;

/** a^b mod 2^256 (EXP's value): WebAssembly for large exponents when built, else TypeScript. */
export function expMod256(base: bigint, exponent: bigint): bigint {
  if (wasmExp === null || exponent < WASM_EXPONENT_MIN || base <= 2n) return expMod256Portable(base, exponent);
  return wasmExp(base, exponent);
}
