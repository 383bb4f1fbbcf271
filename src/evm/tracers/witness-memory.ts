/**
 * Word-granular memory helpers of the witness tracer. Memory accesses are recorded per aligned
 * 32-byte word (see docs/witness-trace.md, "Memory granularity"): a byte range [offset,
 * offset+size) touches words floor(offset/32) .. floor((offset+size-1)/32).
 */
import type { WitnessTrace } from './witness-records.ts';

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** Value of the big-endian word at `bytes[off, off+32)`; bytes at or past `end` read as zero. */
export function wordValue(bytes: Uint8Array, off: number, end: number): bigint {
  let s = '0x0';
  const stop = Math.min(off + 32, end);
  for (let i = off; i < stop; i++) s += HEX[bytes[i]!];
  for (let i = Math.max(stop, off); i < off + 32; i++) s += '00';
  return BigInt(s);
}

/**
 * Value ref (see {@link WitnessTrace.ref}) of the word at `bytes[off, off+32)`, bytes at or past
 * `end` reading as zero. Words below 2^31 (28 leading zero bytes) are encoded without any bigint.
 */
export function wordRef(trace: WitnessTrace, bytes: Uint8Array, off: number, end: number): number {
  const stop = Math.min(off + 28, end);
  let i = off;
  while (i < stop && bytes[i] === 0) i++;
  if (i >= stop) {
    const b0 = off + 28 < end ? bytes[off + 28]! : 0;
    if (b0 < 0x80) {
      const b1 = off + 29 < end ? bytes[off + 29]! : 0;
      const b2 = off + 30 < end ? bytes[off + 30]! : 0;
      const b3 = off + 31 < end ? bytes[off + 31]! : 0;
      return b0 * 0x1000000 + ((b1 << 16) | (b2 << 8) | b3);
    }
  }
  return trace.ref(wordValue(bytes, off, end));
}

/** Big-endian 32 bytes of a word into `out[off, off+32)`. */
export function putWord(out: Uint8Array, off: number, v: bigint): void {
  if (v < 0x100000000n) {
    out.fill(0, off, off + 28);
    const n = Number(v);
    out[off + 28] = n >>> 24;
    out[off + 29] = (n >>> 16) & 0xff;
    out[off + 30] = (n >>> 8) & 0xff;
    out[off + 31] = n & 0xff;
    return;
  }
  let x = v;
  for (let i = off + 31; i >= off; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

/**
 * A copy of the word-aligned span covering memory[offset, offset+size): `base` is the first
 * byte of the first word, bytes past the active memory are zero (unexpanded memory reads zero).
 */
export interface MemorySnapshot {
  base: number;
  bytes: Uint8Array;
}

/** Snapshots the words covering [offset, offset+size) (size > 0) of `memory` with `memSize` live bytes. */
export function snapshotWords(memory: Uint8Array, memSize: number, offset: number, size: number, reuse?: Uint8Array): MemorySnapshot {
  const base = offset - (offset % 32);
  const end = Math.ceil((offset + size) / 32) * 32;
  const len = end - base;
  // A reused scratch buffer grows geometrically; callers keep the returned `bytes` as the next scratch.
  const bytes = reuse !== undefined && reuse.length >= len ? reuse : new Uint8Array(Math.max(len, 2 * (reuse?.length ?? 0)));
  const live = Math.max(0, Math.min(memSize, end) - base);
  if (live > 0) bytes.set(memory.subarray(base, base + live), 0);
  bytes.fill(0, live, len);
  return { base, bytes };
}
