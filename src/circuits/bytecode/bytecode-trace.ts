/**
 * Trace generation for the `bytecode` table (bytecode-air.ts) from plain byte strings, plus the
 * bus messages the table answers (what the CPU and copy tables send, or a standalone statement).
 *
 * Usage (the frame builder):
 *   const bt = new BytecodeTableBuilder();
 *   const code = bt.add(ByteStringKind.Code, codeBytes);      // entry with digest H
 *   const calldata = bt.add(ByteStringKind.Data, calldataBytes);
 *   bt.lookup(code, pc)            // per opcode fetch / PUSH immediate / jump target check
 *   bt.lookupLength(code)          // per CODESIZE or "pc is past the end" proof
 *   const { traces, poseidon2Inputs, range8Lookups } = bt.build();
 *   // traces.bytecode, traces.byte_class; add poseidon2Inputs to the poseidon2_16 trace and
 *   // range8Lookups to the range8 multiplicities.
 */
import { add, inv, mul, sub } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import type { BoundaryMessage } from '../../stark/index.ts';
import { BYTECODE_BUS, BYTECODE_TUPLE, DIGEST_ELEMENTS } from '../buses.ts';
import { IMMEDIATES, JUMPDEST_OPCODE, byteClassMultiplicities } from './byte-class.ts';
import { BYTECODE_COLUMNS, BYTECODE_LENGTH_BUS, BYTECODE_LENGTH_TUPLE } from './bytecode-air.ts';
import {
  BLOCK_BYTES,
  BYTES_PER_ELEMENT,
  ByteStringKind,
  SPONGE_RATE,
  SPONGE_WIDTH,
  byteStringSponge,
  paddingSlack,
  spongeBlocks,
  type SpongeTrace,
} from './code-digest.ts';

/** Raised for a foreign entry, an index outside the table, a bad lookup count, or a generator bug. */
export class BytecodeTableError extends Error {
  override readonly name = 'BytecodeTableError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Per-row flags of a string's table rows (index 0 .. rows − 1, padding included). */
export interface ByteRowFlags {
  readonly isCode: Uint8Array;
  readonly isJumpdest: Uint8Array;
}

/** One byte string of the table. */
export interface ByteStringEntry {
  /** Position among the table's strings (row order). */
  readonly id: number;
  readonly kind: ByteStringKind;
  readonly bytes: Uint8Array;
  /** Its Poseidon2 digest (code-digest.ts). */
  readonly digest: Uint32Array;
  /** Rows it occupies: 24·(⌊(n + slack)/24⌋ + 1); indices length .. rows − 1 read as byte 0. */
  readonly rows: number;
  readonly flags: ByteRowFlags;
}

/** What a `bytecode` lookup returns, and the tuple to send. */
export interface ByteLookup {
  readonly byte: number;
  readonly isCode: number;
  readonly isJumpdest: number;
  /** The `bytecode` bus tuple (BYTECODE_TUPLE layout). */
  readonly values: number[];
}

/** The traces of one table build. */
export interface BytecodeTraces {
  readonly traces: { bytecode: RowMajorMatrix; byte_class: RowMajorMatrix };
  /** Permutation inputs the table sends on `poseidon2_16` (16 per block): add them to that table. */
  readonly poseidon2Inputs: Uint32Array;
  /** Values the table sends on `range8` (two per string): add them to the range8 multiplicities. */
  readonly range8Lookups: number[];
  /** First row of each string (by entry id). */
  readonly firstRows: readonly number[];
}

/**
 * The table's PUSH-data scan over `rows` rows (the bytes, then zeros): isCode = 0 exactly on the
 * immediates of PUSH1..PUSH32, isJumpdest = isCode ∧ byte = 0x5b. Data strings: all zero.
 */
export function byteRowFlags(kind: ByteStringKind, bytes: Uint8Array, rows: number): ByteRowFlags {
  const isCode = new Uint8Array(rows);
  const isJumpdest = new Uint8Array(rows);
  if (kind !== ByteStringKind.Code) return { isCode, isJumpdest };
  let owed = 0;
  for (let r = 0; r < rows; r++) {
    const byte = r < bytes.length ? bytes[r]! : 0;
    if (owed === 0) {
      isCode[r] = 1;
      isJumpdest[r] = JUMPDEST_OPCODE[byte]!;
      owed = IMMEDIATES[byte]!;
    } else owed--;
  }
  return { isCode, isJumpdest };
}

/** The `bytecode` bus tuple (digest, index, byte, isCode, isJumpdest). */
export function bytecodeTuple(digest: ArrayLike<number>, index: number, byte: number, isCode: number, isJumpdest: number): number[] {
  const t = new Array<number>(BYTECODE_TUPLE.arity).fill(0);
  for (let k = 0; k < DIGEST_ELEMENTS; k++) t[BYTECODE_TUPLE.codeDigest + k] = digest[k]!;
  t[BYTECODE_TUPLE.pc] = index;
  t[BYTECODE_TUPLE.byte] = byte;
  t[BYTECODE_TUPLE.isCode] = isCode;
  t[BYTECODE_TUPLE.isJumpdest] = isJumpdest;
  return t;
}

/** The `bytecode_length` bus tuple (digest, length). */
export function bytecodeLengthTuple(digest: ArrayLike<number>, length: number): number[] {
  const t = new Array<number>(BYTECODE_LENGTH_TUPLE.arity).fill(0);
  for (let k = 0; k < DIGEST_ELEMENTS; k++) t[BYTECODE_LENGTH_TUPLE.digest + k] = digest[k]!;
  t[BYTECODE_LENGTH_TUPLE.length] = length;
  return t;
}

// Schema blocks are contiguous (schema() lays entries out left to right), so trace generation
// addresses them by base offset.
const POS_BASE = BYTECODE_COLUMNS.pos[0]!;
const ACC_BASE = BYTECODE_COLUMNS.acc[0]!;
const CAP_BASE = BYTECODE_COLUMNS.cap[0]!;
const OUT_BASE = BYTECODE_COLUMNS.out[0]!;
const DIGEST_BASE = BYTECODE_COLUMNS.digest[0]!;
// Imported bindings compile to accessor calls under tsx; local consts keep the row loop inlined.
const BLOCK = BLOCK_BYTES;
const PER_ELEMENT = BYTES_PER_ELEMENT;
const RATE = SPONGE_RATE;
const WIDTH = SPONGE_WIDTH;
const IMMEDIATE_COUNT: Readonly<Uint8Array> = IMMEDIATES;
const IS_JUMPDEST_OPCODE: Readonly<Uint8Array> = JUMPDEST_OPCODE;
/** Weight of a byte inside its packed element, by position mod 3. */
const BYTE_WEIGHTS = Uint32Array.of(1, 1 << 8, 1 << 16);
/** pushInv values: 0 for 0, else the field inverse (at most 32 immediates are owed). */
const SMALL_INVERSES = Uint32Array.from({ length: 33 }, (_, i) => (i === 0 ? 0 : inv(i)));

const digestKey = (kind: number, d: Uint32Array): string => `${kind}:${Array.from(d).join(',')}`;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Collects byte strings and the lookups made into them, then builds the table's traces. */
export class BytecodeTableBuilder {
  private readonly entries: ByteStringEntry[] = [];
  private readonly byDigest = new Map<string, ByteStringEntry>();
  private readonly mults: Uint32Array[] = [];
  private readonly lenMults: number[] = [];
  private readonly sponges: SpongeTrace[] = [];

  /** Add a byte string (an identical string of the same kind is stored once) and return its entry. */
  add(kind: ByteStringKind, bytes: Uint8Array): ByteStringEntry {
    const sponge = byteStringSponge(kind, bytes);
    const key = digestKey(kind, sponge.digest);
    const known = this.byDigest.get(key);
    if (known !== undefined) {
      if (!sameBytes(known.bytes, bytes)) throw new BytecodeTableError('bytecode table: two strings share a digest', { id: known.id });
      return known;
    }
    const rows = BLOCK_BYTES * spongeBlocks(kind, bytes.length);
    const entry: ByteStringEntry = {
      id: this.entries.length,
      kind,
      bytes: bytes.slice(),
      digest: sponge.digest,
      rows,
      flags: byteRowFlags(kind, bytes, rows),
    };
    this.entries.push(entry);
    this.byDigest.set(key, entry);
    this.mults.push(new Uint32Array(rows));
    this.lenMults.push(0);
    this.sponges.push(sponge);
    return entry;
  }

  /** The entry of a digest, if that string was added. */
  find(kind: ByteStringKind, digest: Uint32Array): ByteStringEntry | undefined {
    return this.byDigest.get(digestKey(kind, digest));
  }

  /** Every string, in row order. */
  get strings(): readonly ByteStringEntry[] {
    return this.entries;
  }

  /** Rows the strings occupy (the trace height is the next power of two above). */
  get activeRows(): number {
    return this.entries.reduce((s, e) => s + e.rows, 0);
  }

  /**
   * Record `count` lookups of `index` in a string and return the answer. Indices from the length
   * to rows − 1 answer byte 0; larger ones are not table rows (prove index ≥ length with
   * `lookupLength` instead) and throw.
   */
  lookup(entry: ByteStringEntry, index: number, count = 1): ByteLookup {
    this.check(entry);
    if (!Number.isInteger(index) || index < 0 || index >= entry.rows) {
      throw new BytecodeTableError(
        `bytecode table: index ${index} is not a row of string ${entry.id} (length ${entry.bytes.length}, rows ${entry.rows}); ` +
          'an index past the end is proven against the length (bytecode_length)',
        { id: entry.id, index },
      );
    }
    this.countLookup(count);
    this.mults[entry.id]![index]! += count;
    const byte = index < entry.bytes.length ? entry.bytes[index]! : 0;
    const isCode = entry.flags.isCode[index]!;
    const isJumpdest = entry.flags.isJumpdest[index]!;
    return { byte, isCode, isJumpdest, values: bytecodeTuple(entry.digest, index, byte, isCode, isJumpdest) };
  }

  /** Record `count` lookups of a string's length; returns the `bytecode_length` tuple. */
  lookupLength(entry: ByteStringEntry, count = 1): number[] {
    this.check(entry);
    this.countLookup(count);
    this.lenMults[entry.id]! += count;
    return bytecodeLengthTuple(entry.digest, entry.bytes.length);
  }

  /**
   * The recorded lookups as statement 'send' messages, one per looked-up row with its count
   * (for a standalone proof of the table, where the statement stands in for the CPU and copy
   * tables). Order: strings in row order, each string's length first, then its rows.
   */
  lookupMessages(): BoundaryMessage[] {
    const out: BoundaryMessage[] = [];
    for (const e of this.entries) {
      const lenCount = this.lenMults[e.id]!;
      if (lenCount > 0) {
        out.push({ bus: BYTECODE_LENGTH_BUS, kind: 'send', values: bytecodeLengthTuple(e.digest, e.bytes.length), multiplicity: lenCount });
      }
      const mults = this.mults[e.id]!;
      for (let i = 0; i < e.rows; i++) {
        if (mults[i] === 0) continue;
        const byte = i < e.bytes.length ? e.bytes[i]! : 0;
        const values = bytecodeTuple(e.digest, i, byte, e.flags.isCode[i]!, e.flags.isJumpdest[i]!);
        out.push({ bus: BYTECODE_BUS, kind: 'send', values, multiplicity: mults[i]! });
      }
    }
    return out;
  }

  /** Build the traces; `minHeight` raises the height (a power of two) above the smallest one. */
  build(minHeight = 2): BytecodeTraces {
    let height = 2;
    while (height < Math.max(this.activeRows, minHeight)) height *= 2;
    const C = BYTECODE_COLUMNS;
    const w = C.width;
    const m = RowMajorMatrix.zeros(height, w);
    const v = m.values;
    const blocks = this.entries.reduce((s, e) => s + e.rows / BLOCK_BYTES, 0);
    const poseidon2Inputs = new Uint32Array(SPONGE_WIDTH * blocks);
    const firstRows: number[] = [];
    let row = 0;
    let block = 0;
    for (const e of this.entries) {
      firstRows.push(row);
      const sponge = this.sponges[e.id]!;
      poseidon2Inputs.set(sponge.inputs, SPONGE_WIDTH * block);
      block += e.rows / BLOCK_BYTES;
      this.fillString(v, row, e, sponge.inputs, sponge.outputs);
      row += e.rows;
    }
    return {
      traces: { bytecode: m, byte_class: bytecodeLookupTraces(m).byte_class },
      poseidon2Inputs,
      range8Lookups: bytecodeRange8Lookups(m),
      firstRows,
    };
  }

  private fillString(v: Uint32Array, first: number, e: ByteStringEntry, inputs: Uint32Array, outputs: Uint32Array): void {
    const C = BYTECODE_COLUMNS;
    const w = C.width;
    const n = e.bytes.length;
    const isCodeKind = e.kind === ByteStringKind.Code;
    const kindCol = isCodeKind ? C.codeKind : C.dataKind;
    const mults = this.mults[e.id]!;
    const acc = new Uint32Array(RATE);
    let owed = 0;
    for (let r = 0; r < e.rows; r++) {
      const o = (first + r) * w;
      const p = r % BLOCK;
      const blk = (r - p) / BLOCK;
      const byte = r < n ? e.bytes[r]! : 0;
      v[o + kindCol] = 1;
      v[o + C.start] = r === 0 ? 1 : 0;
      v[o + POS_BASE + p] = 1;
      v[o + C.index] = r;
      v[o + C.len] = n;
      v[o + C.seen] = r < n ? r + 1 : n;
      v[o + C.rows] = e.rows;
      v[o + C.isByte] = r < n ? 1 : 0;
      v[o + C.byte] = byte;
      v[o + C.immediates] = IMMEDIATE_COUNT[byte]!;
      v[o + C.jumpdestOp] = IS_JUMPDEST_OPCODE[byte]!;
      if (isCodeKind) {
        const isCode = owed === 0 ? 1 : 0;
        v[o + C.pushIn] = owed;
        v[o + C.pushInv] = SMALL_INVERSES[owed]!;
        owed = isCode === 1 ? IMMEDIATE_COUNT[byte]! : owed - 1;
        v[o + C.pushRem] = owed;
        v[o + C.isCode] = isCode;
        v[o + C.isJumpdest] = isCode & IS_JUMPDEST_OPCODE[byte]!;
        if (isCode !== e.flags.isCode[r]) throw new BytecodeTableError('bytecode trace: PUSH scan disagrees with the flags', { id: e.id, r });
      }
      if (p === 0) acc.fill(0);
      const k = (p / PER_ELEMENT) | 0;
      acc[k] = acc[k]! + byte * BYTE_WEIGHTS[p - k * PER_ELEMENT]!;
      v.set(acc, o + ACC_BASE);
      const blockIn = WIDTH * blk;
      v.set(inputs.subarray(blockIn + RATE, blockIn + WIDTH), o + CAP_BASE);
      if (p === BLOCK - 1) {
        for (let j = 0; j < RATE; j++) {
          if (acc[j] !== inputs[blockIn + j]) throw new BytecodeTableError('bytecode trace: packed block disagrees with the sponge', { id: e.id, blk });
        }
        v.set(outputs.subarray(blockIn, blockIn + WIDTH), o + OUT_BASE);
      }
      v.set(e.digest, o + DIGEST_BASE);
      v[o + C.mult] = mults[r]!;
      v[o + C.lenMult] = r === 0 ? this.lenMults[e.id]! : 0;
    }
  }

  private check(entry: ByteStringEntry): void {
    if (this.entries[entry.id] !== entry) throw new BytecodeTableError('bytecode table: entry does not belong to this builder', { id: entry.id });
  }

  private countLookup(count: number): void {
    if (!Number.isInteger(count) || count < 1) throw new BytecodeTableError('bytecode table: lookup count must be a positive integer', { count });
  }
}

/**
 * The lookup-table traces read back from a `bytecode` trace (the same cells the AIR sends): the
 * `byte_class` multiplicities, one lookup per row.
 */
export function bytecodeLookupTraces(trace: RowMajorMatrix): { byte_class: RowMajorMatrix } {
  return { byte_class: byteClassMultiplicities(trace.column(BYTECODE_COLUMNS.byte)) };
}

/**
 * The `range8` values read back from a `bytecode` trace: on each string's first row,
 * x = rows − 1 − len − slack and x + 232 (both < 256 iff x < 24).
 */
export function bytecodeRange8Lookups(trace: RowMajorMatrix): number[] {
  const C = BYTECODE_COLUMNS;
  const out: number[] = [];
  for (let r = 0; r < trace.height; r++) {
    const row = trace.row(r);
    if (row[C.start] !== 1) continue;
    // The same field expression the AIR sends: rows − 1 − len − 32·codeKind.
    const slack = mul(row[C.codeKind]!, paddingSlack(ByteStringKind.Code));
    const spare = sub(sub(sub(row[C.rows]!, 1), row[C.len]!), slack);
    out.push(spare, add(spare, 256 - BLOCK_BYTES));
  }
  return out;
}

/**
 * The `poseidon2_16` requests read back from a `bytecode` trace: the input (acc ‖ cap) of every
 * block's last row, 16 elements each, in row order.
 */
export function bytecodePoseidon2Inputs(trace: RowMajorMatrix): Uint32Array {
  const C = BYTECODE_COLUMNS;
  const out: number[] = [];
  for (let r = 0; r < trace.height; r++) {
    const row = trace.row(r);
    if (row[C.pos[BLOCK_BYTES - 1]!] !== 1) continue;
    for (const col of C.acc) out.push(row[col]!);
    for (const col of C.cap) out.push(row[col]!);
  }
  return Uint32Array.from(out);
}
