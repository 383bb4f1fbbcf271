/**
 * Frame memory: a growable byte buffer charged per yellow paper appendix H:
 * C_mem(a) = 3a + floor(a^2 / 512) for a 32-byte words, paid on the increase.
 */
import type { Frame } from './frame.ts';
import { Halt } from './halt.ts';

/**
 * Largest memory (bytes) the interpreter materialises. Below it the cost formula is exact in
 * doubles (words <= 2^26, so words^2 <= 2^52). Larger expansions are costed exactly in bigint;
 * they are always out of gas unless the frame holds more than ~2^43 gas, in which case execution
 * stops with {@link MemoryLimitError} rather than pretending to allocate terabytes.
 */
export const MEMORY_LIMIT_BYTES = 2 ** 31;

/** Thrown when a frame can afford more memory than the process can allocate. */
export class MemoryLimitError extends Error {
  constructor(readonly requestedBytes: bigint, readonly gasLeft: bigint) {
    super(`memory expansion to ${requestedBytes} bytes is affordable with ${gasLeft} gas but exceeds the ${MEMORY_LIMIT_BYTES}-byte limit`);
    this.name = 'MemoryLimitError';
  }
}

/** Total memory cost of `words` 32-byte words (exact for words <= 2^26). */
export function memoryCost(words: number): number {
  return 3 * words + Math.floor((words * words) / 512);
}

/** Exact memory cost in bigint, for sizes beyond the double-exact range. */
export function memoryCostBig(words: bigint): bigint {
  return 3n * words + (words * words) / 512n;
}

const LIMIT_BIG = BigInt(MEMORY_LIMIT_BYTES);

/**
 * Charges for and performs expansion so that `[offset, offset+size)` is addressable.
 * A zero size never expands (whatever the offset). Returns false after halting the frame
 * with OutOfGas.
 */
export function expandMemory(f: Frame, offset: bigint, size: bigint): boolean {
  if (size === 0n) return true;
  if (offset > LIMIT_BIG || size > LIMIT_BIG) return expandHuge(f, offset + size);
  const end = Number(offset) + Number(size);
  if (end <= f.memSize) return true;
  if (end > MEMORY_LIMIT_BYTES) return expandHuge(f, BigInt(end));
  return expandTo(f, end);
}

/** Same as {@link expandMemory} with number arguments already known to be small. */
export function expandTo(f: Frame, end: number): boolean {
  if (end <= f.memSize) return true;
  const newWords = Math.ceil(end / 32);
  const cost = BigInt(memoryCost(newWords) - memoryCost(f.memSize >>> 5));
  if (f.gas < cost) return outOfGas(f, cost);
  f.gas -= cost;
  const newSize = newWords * 32;
  if (newSize > f.memory.length) {
    let cap = f.memory.length * 2;
    while (cap < newSize) cap *= 2;
    const grown = new Uint8Array(cap);
    grown.set(f.memory.subarray(0, f.memSize));
    f.memory = grown;
    f.memView = new DataView(grown.buffer);
  }
  f.memSize = newSize;
  return true;
}

function expandHuge(f: Frame, end: bigint): boolean {
  const words = (end + 31n) / 32n;
  const cost = memoryCostBig(words) - BigInt(memoryCost(f.memSize >>> 5));
  if (f.gas < cost) return outOfGas(f, cost);
  throw new MemoryLimitError(end, f.gas);
}

/**
 * Halts with OutOfGas, remembering the charge that failed so tracers can report the attempted
 * cost like geth does (the gas itself is zeroed when the frame exits).
 */
export function outOfGas(f: Frame, cost: bigint): false {
  f.failedCharge = cost;
  f.halt = Halt.OutOfGas;
  return false;
}

/** Charges `perWord` gas per 32-byte word of `size` bytes; false after an OutOfGas halt. */
export function chargeWords(f: Frame, size: bigint, perWord: bigint): boolean {
  const cost = ((size + 31n) / 32n) * perWord;
  if (f.gas < cost) return outOfGas(f, cost);
  f.gas -= cost;
  return true;
}

/** Charges a bigint amount; false after an OutOfGas halt. */
export function chargeGas(f: Frame, cost: bigint): boolean {
  if (f.gas < cost) return outOfGas(f, cost);
  f.gas -= cost;
  return true;
}

const TWO_64 = 1n << 64n;

/** Reads a 32-byte big-endian word from memory at a (valid, expanded) offset. */
export function readWord(f: Frame, offset: number): bigint {
  const v = f.memView;
  // Fast path for words below 2^64, the common case: one bigint instead of seven.
  if ((v.getUint32(offset) | v.getUint32(offset + 4) | v.getUint32(offset + 8) | v.getUint32(offset + 12) | v.getUint32(offset + 16) | v.getUint32(offset + 20)) === 0) {
    return v.getBigUint64(offset + 24);
  }
  return (
    (v.getBigUint64(offset) << 192n) |
    (v.getBigUint64(offset + 8) << 128n) |
    (v.getBigUint64(offset + 16) << 64n) |
    v.getBigUint64(offset + 24)
  );
}

/** Writes a word big-endian into memory at a (valid, expanded) offset. */
export function writeWord(f: Frame, offset: number, value: bigint): void {
  const v = f.memView;
  if (value < TWO_64) {
    f.memory.fill(0, offset, offset + 24);
    v.setBigUint64(offset + 24, value);
    return;
  }
  v.setBigUint64(offset, value >> 192n);
  v.setBigUint64(offset + 8, BigInt.asUintN(64, value >> 128n));
  v.setBigUint64(offset + 16, BigInt.asUintN(64, value >> 64n));
  v.setBigUint64(offset + 24, BigInt.asUintN(64, value));
}

/** Copies `size` bytes from `src[srcOffset..]` into memory at `dest`, zero-filling past the end of `src`. */
export function copyToMemory(f: Frame, dest: number, src: Uint8Array, srcOffset: bigint, size: number): void {
  if (size === 0) return;
  const mem = f.memory;
  const len = src.length;
  const start = srcOffset >= BigInt(len) ? len : Number(srcOffset);
  const n = Math.min(size, len - start);
  if (n > 0) mem.set(src.subarray(start, start + n), dest);
  if (n < size) mem.fill(0, dest + Math.max(n, 0), dest + size);
}
