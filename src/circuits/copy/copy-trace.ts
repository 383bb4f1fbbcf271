/**
 * Trace generation of the copy table (copy-air.ts) from plain inputs: the copies in counter order,
 * the byte strings they may read (by digest), and a word-granular memory ledger that gives every
 * access its previous (counter, value). Also the lookup multiplicities the table sends and the
 * boundary helpers that stand for the CPU, the bytecode table, the rw cells and the stream
 * consumers in standalone proofs.
 */
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import type { BoundaryMessage } from '../../stark/index.ts';
import { ADDRESS_LIMBS, BYTECODE_BUS, DIGEST_ELEMENTS, RW_BUS, RwTag, WORD_LIMBS } from '../buses.ts';
import { BYTE_STREAM_BUS, type StreamTag } from './byte-stream.ts';
import { BYTECODE_LENGTH_BUS, COPY_BUS, COPY_COLUMNS, COPY_TUPLE, CopyDst, CopySrc, MAX_COPY_OFFSET, WORD_BYTES } from './copy-air.ts';

/** A byte string a copy may read: its digest (8 field elements), bytes and per-byte flags. */
export interface ByteString {
  readonly digest: readonly number[];
  readonly bytes: Uint8Array;
  /** isCode / isJumpdest per byte as the bytecode table reports them (default all 0: data strings). */
  readonly isCode?: Uint8Array;
  readonly isJumpdest?: Uint8Array;
}

/** Where a copy reads. */
export type CopySource = { readonly kind: 'memory'; readonly frame: number } | { readonly kind: 'bytes'; readonly digest: readonly number[] };
/** Where a copy writes. */
export type CopyDestination = { readonly kind: 'memory'; readonly frame: number } | { readonly kind: 'stream'; readonly tag: StreamTag; readonly id: number };

/** One copy as the CPU issues it (length ≥ 1: empty copies send no message). */
export interface CopyOperation {
  readonly src: CopySource;
  readonly srcOffset: number;
  readonly dst: CopyDestination;
  /** Destination memory offset (0 for streams, whose bytes are indexed 0 … length−1). */
  readonly dstOffset: number;
  readonly length: number;
  /** Counter of the copy's first rw access (its reads, then its writes, are consecutive). */
  readonly rwcStart: number;
}

/** Raised for copies the table cannot represent. */
export class CopyTraceError extends Error {
  override readonly name = 'CopyTraceError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** One memory-word access made by the copy table, in counter order. */
export interface MemoryAccessRecord {
  readonly frame: number;
  readonly word: number;
  readonly counter: number;
  readonly prevCounter: number;
  readonly prev: Uint8Array;
  readonly value: Uint8Array;
}

/** State of a memory word: last counter and its 32 bytes. */
interface Cell {
  counter: number;
  bytes: Uint8Array;
}

/**
 * Word-granular memory of every frame, as the rw bus sees it: initial value zero at counter 0
 * unless `preset` gave one (standing for earlier CPU writes in standalone tests).
 */
export class CopyMemory {
  private readonly cells = new Map<string, Cell & { frame: number; word: number; initial: Uint8Array; initialCounter: number }>();

  /** Give word `word` of `frame` the value `bytes` at `counter` (a state produced elsewhere). */
  preset(frame: number, word: number, bytes: Uint8Array, counter: number): void {
    this.cells.set(`${frame}:${word}`, { frame, word, counter, bytes: bytes.slice(), initial: bytes.slice(), initialCounter: counter });
  }

  /** Access a word at `counter`; `update` (if given) edits its bytes. Returns the record. */
  access(frame: number, word: number, counter: number, update?: (bytes: Uint8Array) => void): MemoryAccessRecord {
    const key = `${frame}:${word}`;
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = { frame, word, counter: 0, bytes: new Uint8Array(WORD_BYTES), initial: new Uint8Array(WORD_BYTES), initialCounter: 0 };
      this.cells.set(key, cell);
    }
    if (counter <= cell.counter) throw new CopyTraceError('copy: rw counters must increase', { frame, word, counter, previous: cell.counter });
    const prev = cell.bytes.slice();
    if (update !== undefined) update(cell.bytes);
    const rec = { frame, word, counter, prevCounter: cell.counter, prev, value: cell.bytes.slice() };
    cell.counter = counter;
    return rec;
  }

  /** Current bytes of a word (zero if never touched). */
  read(frame: number, word: number): Uint8Array {
    return this.cells.get(`${frame}:${word}`)?.bytes.slice() ?? new Uint8Array(WORD_BYTES);
  }

  /** The rw boundary of every word known here: send its initial state, receive its final one. */
  boundary(): BoundaryMessage[] {
    const out: BoundaryMessage[] = [];
    for (const c of this.cells.values()) {
      out.push({ bus: RW_BUS, kind: 'send', values: memoryRwTuple(c.frame, c.word, c.initialCounter, c.initial) });
      out.push({ bus: RW_BUS, kind: 'receive', values: memoryRwTuple(c.frame, c.word, c.counter, c.bytes) });
    }
    return out;
  }
}

/** The `rw` tuple of a memory word state (key = Memory, frame, address 0, slot [word, 0 …]). */
export function memoryRwTuple(frame: number, word: number, counter: number, bytes: Uint8Array): number[] {
  const t: number[] = [RwTag.Memory, frame, ...new Array<number>(ADDRESS_LIMBS).fill(0), word];
  for (let j = 1; j < WORD_LIMBS; j++) t.push(0);
  t.push(counter);
  for (let j = 0; j < WORD_LIMBS; j++) t.push(bytes[31 - 2 * j]! + 256 * bytes[30 - 2 * j]!);
  return t;
}

/** The copy table trace and what the rest of the system needs from it. */
export interface CopyTraces {
  readonly copy: RowMajorMatrix;
  /** rwcEnd of each copy (the counter after its last access). */
  readonly rwcEnds: number[];
  /** The bytes each copy moved. */
  readonly data: Uint8Array[];
  /** Memory accesses in counter order. */
  readonly accesses: MemoryAccessRecord[];
}

const C = COPY_COLUMNS;

function digestKey(d: readonly number[]): string {
  return d.join(',');
}

function checkOperation(op: CopyOperation, i: number, strings: ReadonlyMap<string, ByteString>): void {
  const bad = (what: string): never => {
    throw new CopyTraceError(`copy ${i}: ${what}`, { index: i });
  };
  for (const v of [op.srcOffset, op.dstOffset, op.length]) if (!Number.isInteger(v) || v < 0 || v >= MAX_COPY_OFFSET) bad('offsets and length must be integers below 2^28');
  if (op.length === 0) bad('empty copies send no message');
  if (!Number.isInteger(op.rwcStart) || op.rwcStart < 1 || op.rwcStart >= 1 << 30) bad('rwcStart must be in [1, 2^30)');
  if (op.src.kind === 'bytes') {
    if (op.src.digest.length !== DIGEST_ELEMENTS) bad('a byte-string digest has 8 elements');
    if (!strings.has(digestKey(op.src.digest))) bad('unknown byte string');
  } else if (!Number.isInteger(op.src.frame) || op.src.frame < 0 || op.src.frame >= P) bad('frame must be a field element');
  if (op.dst.kind === 'stream' && op.dstOffset !== 0) bad('stream destinations start at index 0');
  const id = op.dst.kind === 'memory' ? op.dst.frame : op.dst.id;
  if (!Number.isInteger(id) || id < 0 || id >= P) bad('destination id must be a field element');
}

/**
 * Build the copy trace (height: the next power of two ≥ max(bytes + 1, minHeight)). `memory` is
 * updated with the copies' writes; copies must come in counter order.
 */
export function copyTraces(ops: readonly CopyOperation[], strings: readonly ByteString[], memory: CopyMemory, minHeight = 2): CopyTraces {
  const byDigest = new Map(strings.map((s) => [digestKey(s.digest), s]));
  ops.forEach((op, i) => checkOperation(op, i, byDigest));
  const total = ops.reduce((s, op) => s + op.length, 0);
  let height = 2;
  while (height < Math.max(total + 1, minHeight)) height *= 2;
  const m = RowMajorMatrix.zeros(height, C.width);
  const rwcEnds: number[] = [];
  const data: Uint8Array[] = [];
  const accesses: MemoryAccessRecord[] = [];
  let r = 0;
  let lastCounter = 0;
  ops.forEach((op, i) => {
    if (op.rwcStart <= lastCounter) throw new CopyTraceError(`copy ${i}: rwcStart must exceed the previous copy's counters`, { index: i });
    const n = op.length;
    let counter = op.rwcStart;
    // Reads: every source word, before any write (memmove semantics for MCOPY).
    const bytes = new Uint8Array(n);
    const readAt = new Map<number, MemoryAccessRecord>();
    let src: ByteString | undefined;
    if (op.src.kind === 'memory') {
      const frame = op.src.frame;
      for (let w = Math.floor(op.srcOffset / 32); w <= Math.floor((op.srcOffset + n - 1) / 32); w++) {
        const rec = memory.access(frame, w, counter++);
        accesses.push(rec);
        readAt.set(w, rec);
      }
      for (let k = 0; k < n; k++) {
        const a = op.srcOffset + k;
        bytes[k] = readAt.get(Math.floor(a / 32))!.value[a % 32]!;
      }
    } else {
      src = byDigest.get(digestKey(op.src.digest))!;
      for (let k = 0; k < n; k++) bytes[k] = op.srcOffset + k < src.bytes.length ? src.bytes[op.srcOffset + k]! : 0;
    }
    const rdEnd = counter - 1;
    const writeAt = new Map<number, MemoryAccessRecord>();
    if (op.dst.kind === 'memory') {
      const frame = op.dst.frame;
      for (let w = Math.floor(op.dstOffset / 32); w <= Math.floor((op.dstOffset + n - 1) / 32); w++) {
        const rec = memory.access(frame, w, counter++, (word) => {
          for (let k = 0; k < 32; k++) {
            const a = 32 * w + k - op.dstOffset;
            if (a >= 0 && a < n) word[k] = bytes[a]!;
          }
        });
        accesses.push(rec);
        writeAt.set(w, rec);
      }
    }
    const rwcEnd = counter;
    lastCounter = rwcEnd - 1;
    rwcEnds.push(rwcEnd);
    data.push(bytes);

    const srcId = op.src.kind === 'memory' ? [op.src.frame, 0, 0, 0, 0, 0, 0, 0] : [...op.src.digest];
    const dstKind = op.dst.kind === 'memory' ? CopyDst.Memory : op.dst.tag;
    const dstId = op.dst.kind === 'memory' ? op.dst.frame : op.dst.id;
    const srcSize = src?.bytes.length ?? 0;
    const sWord0 = op.src.kind === 'memory' ? Math.floor(op.srcOffset / 32) : 0;
    const dWord0 = op.dst.kind === 'memory' ? Math.floor(op.dstOffset / 32) : 0;
    let rdCnt = op.rwcStart - 1;
    let wrCnt = rdEnd;
    const seen = new Uint8Array(32);
    for (let k = 0; k < n; k++, r++) {
      const row = m.row(r);
      row[C.active] = 1;
      row[C.first] = k === 0 ? 1 : 0;
      row[C.last] = k === n - 1 ? 1 : 0;
      row[C.sBytes] = op.src.kind === 'bytes' ? 1 : 0;
      if (dstKind === CopyDst.Keccak) row[C.dKeccak] = 1;
      if (dstKind === CopyDst.Log) row[C.dLog] = 1;
      if (dstKind === CopyDst.ReturnData) row[C.dRet] = 1;
      srcId.forEach((x, j) => (row[C.srcId[j]!] = x));
      row[C.srcOffset] = op.srcOffset;
      row[C.dstId] = dstId;
      row[C.dstOffset] = op.dstOffset;
      row[C.length] = n;
      row[C.rwcStart] = op.rwcStart;
      row[C.rwcEnd] = rwcEnd;
      row[C.srcSize] = srcSize;
      row[C.rdEnd] = rdEnd;
      row[C.sWordLo] = sWord0 & 0xffff;
      row[C.sWordHi] = sWord0 >>> 16;
      row[C.dWordLo] = dWord0 & 0xffff;
      row[C.dWordHi] = dWord0 >>> 16;
      row[C.idx] = k;
      row[C.v] = bytes[k]!;
      if (src !== undefined) {
        const a = op.srcOffset + k;
        const inSrc = a < srcSize;
        row[C.inSrc] = inSrc ? 1 : 0;
        const gap = inSrc ? srcSize - 1 - a : a - srcSize;
        row[C.gapLo] = gap & 0xffff;
        row[C.gapHi] = gap >>> 16;
        if (inSrc) {
          row[C.isCode] = src.isCode?.[a] ?? 0;
          row[C.isJumpdest] = src.isJumpdest?.[a] ?? 0;
        }
      } else {
        const a = op.srcOffset + k;
        const w = Math.floor(a / 32);
        const pos = a % 32;
        const rec = readAt.get(w)!;
        row[C.sPos[pos]!] = 1;
        rec.value.forEach((x, j) => (row[C.sWord[j]!] = x));
        row[C.sWordIdx] = w;
        row[C.sKeep] = k < n - 1 && pos !== 31 ? 1 : 0;
        if (k === 0 || pos === 0) {
          rdCnt++;
          row[C.rd] = 1;
          row[C.rdPrevCnt] = rec.prevCounter;
          const diff = rec.counter - rec.prevCounter - 1;
          row[C.rdDiffLo] = diff & 0xffff;
          row[C.rdDiffHi] = diff >>> 16;
        }
      }
      row[C.rdCnt] = rdCnt;
      // sKeep/dKeep = cont·(1 − pos[31]): without a memory side the one-hot is zero, so it is cont.
      if (src !== undefined) row[C.sKeep] = k < n - 1 ? 1 : 0;
      if (op.dst.kind !== 'memory') row[C.dKeep] = k < n - 1 ? 1 : 0;
      if (op.dst.kind === 'memory') {
        const a = op.dstOffset + k;
        const w = Math.floor(a / 32);
        const pos = a % 32;
        const rec = writeAt.get(w)!;
        if (k === 0 || pos === 0) seen.fill(0);
        seen[pos] = 1;
        row[C.dPos[pos]!] = 1;
        rec.value.forEach((x, j) => (row[C.dNew[j]!] = x));
        rec.prev.forEach((x, j) => (row[C.dPrev[j]!] = x));
        seen.forEach((x, j) => (row[C.seen[j]!] = x));
        row[C.dWordIdx] = w;
        row[C.dKeep] = k < n - 1 && pos !== 31 ? 1 : 0;
        if (k === n - 1 || pos === 31) {
          wrCnt++;
          row[C.wr] = 1;
          row[C.wrPrevCnt] = rec.prevCounter;
          const diff = rec.counter - rec.prevCounter - 1;
          row[C.wrDiffLo] = diff & 0xffff;
          row[C.wrDiffHi] = diff >>> 16;
        }
      }
      row[C.wrCnt] = wrCnt;
    }
  });
  return { copy: m, rwcEnds, data, accesses };
}

/**
 * Lookup multiplicities read back from a copy trace (the cells the AIR sends), added into `range8`
 * (256 counts) and `range16` (65536 counts). Values with no table row are left out, so the bus
 * imbalance exposes them.
 */
export function addCopyLookups(copy: RowMajorMatrix, range8: Uint32Array, range16: Uint32Array): void {
  const r16 = (v: number): void => {
    if (v < 65536) range16[v]! += 1;
  };
  const r8 = (v: number): void => {
    if (v < 256) range8[v]! += 1;
  };
  const times = (v: number, k: number): number => Number((BigInt(v) * BigInt(k)) % BigInt(P));
  for (let r = 0; r < copy.height; r++) {
    const row = copy.row(r);
    r16(row[C.gapLo]!);
    r16(times(row[C.gapHi]!, 8));
    r16(row[C.sWordLo]!);
    r16(times(row[C.sWordHi]!, 128));
    r16(row[C.dWordLo]!);
    r16(times(row[C.dWordHi]!, 128));
    r16(row[C.rdDiffLo]!);
    r16(times(row[C.rdDiffHi]!, 4));
    r16(row[C.wrDiffLo]!);
    r16(times(row[C.wrDiffHi]!, 4));
    if (row[C.rd] === 1) for (const col of C.sWord) r8(row[col]!);
    if (row[C.wr] === 1) for (const col of [...C.dNew, ...C.dPrev]) r8(row[col]!);
  }
}

/** The `copy` bus tuple of a copy with its rwcEnd. */
export function copyTuple(op: CopyOperation, rwcEnd: number): number[] {
  const t = new Array<number>(COPY_TUPLE.arity).fill(0);
  t[COPY_TUPLE.srcKind] = op.src.kind === 'memory' ? CopySrc.Memory : CopySrc.ByteString;
  const srcId = op.src.kind === 'memory' ? [op.src.frame] : op.src.digest;
  srcId.forEach((x, j) => (t[COPY_TUPLE.srcId + j] = x));
  t[COPY_TUPLE.srcOffset] = op.srcOffset;
  t[COPY_TUPLE.dstKind] = op.dst.kind === 'memory' ? CopyDst.Memory : op.dst.tag;
  t[COPY_TUPLE.dstId] = op.dst.kind === 'memory' ? op.dst.frame : op.dst.id;
  t[COPY_TUPLE.dstOffset] = op.dstOffset;
  t[COPY_TUPLE.length] = op.length;
  t[COPY_TUPLE.rwcStart] = op.rwcStart;
  t[COPY_TUPLE.rwcEnd] = rwcEnd;
  return t;
}

/** Boundary messages standing for the CPU: one `copy` send per copy. */
export function copyBoundary(ops: readonly CopyOperation[], rwcEnds: readonly number[]): BoundaryMessage[] {
  return ops.map((op, i) => ({ bus: COPY_BUS, kind: 'send', values: copyTuple(op, rwcEnds[i]!) }));
}

/**
 * Boundary messages standing for everything else a standalone copy proof talks to: the bytecode
 * table (one `bytecode` receive per in-range byte read, one `bytecode_length` receive per
 * byte-string copy) and the stream consumers (one `byte_stream` receive per streamed byte). The rw
 * side is `CopyMemory.boundary()`.
 */
export function copyPeerBoundary(ops: readonly CopyOperation[], strings: readonly ByteString[], data: readonly Uint8Array[]): BoundaryMessage[] {
  const byDigest = new Map(strings.map((s) => [digestKey(s.digest), s]));
  const out: BoundaryMessage[] = [];
  ops.forEach((op, i) => {
    if (op.src.kind === 'bytes') {
      const s = byDigest.get(digestKey(op.src.digest))!;
      out.push({ bus: BYTECODE_LENGTH_BUS, kind: 'receive', values: [...s.digest, s.bytes.length] });
      for (let k = 0; k < op.length && op.srcOffset + k < s.bytes.length; k++) {
        const a = op.srcOffset + k;
        out.push({ bus: BYTECODE_BUS, kind: 'receive', values: [...s.digest, a, s.bytes[a]!, s.isCode?.[a] ?? 0, s.isJumpdest?.[a] ?? 0] });
      }
    }
    if (op.dst.kind === 'stream') {
      const bytes = data[i]!;
      for (let k = 0; k < bytes.length; k++) out.push({ bus: BYTE_STREAM_BUS, kind: 'receive', values: [op.dst.tag, op.dst.id, k, bytes[k]!] });
    }
  });
  return out;
}
