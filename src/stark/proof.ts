/**
 * Proof data structures and the versioned binary format (plus a JSON form for debugging).
 *
 * Binary layout (all integers little-endian):
 *   magic "ZKST" | u16 version (=1) | config: u8 logBlowup, u16 numQueries, u8 powBits, u8 logFinalPolyLen
 *   u16 tableCount, then per table:
 *     u8 logHeight | 32B mainRoot | u8 hasPerm [32B permRoot | 4×u32 cumSum] | 32B quotientRoot
 *     opened values: 7 vectors (prepCur, prepNext, mainCur, mainNext, permCur, permNext, quotient),
 *       each u32 count of Fp4 elements then 4 u32 per element
 *     4 openings (prep, main, perm, quotient), each u8 present then an opening
 *   u8 friLayerCount, 32B root per layer | u32 finalPolyLen, 4 u32 per coefficient | u64 powNonce
 *   friLayerCount openings
 *   opening := u32 count, count×u32 indices, u32 width, count·width u32 row values,
 *              u32 siblingCount, siblingCount×32B
 * Every field element must be canonical (< p); every count is bounded by the bytes left; the
 * buffer must be consumed exactly. Decoding raises nothing but VerificationError('decode').
 */
import { P } from '../field/babybear.ts';
import type { MerkleBatchOpening } from '../hash/merkle.ts';
import type { StarkConfig } from './config.ts';
import { CONFIG_LIMITS } from './config.ts';
import { VerificationError } from './errors.ts';

/** Current binary format version. */
export const PROOF_VERSION = 1;
const MAGIC = [0x5a, 0x4b, 0x53, 0x54]; // "ZKST"

/** Values opened at ζ (and ζ·ω for next-row columns), flat Fp4: 4 words per column. */
export interface OpenedValues {
  prepCur: Uint32Array;
  prepNext: Uint32Array;
  mainCur: Uint32Array;
  mainNext: Uint32Array;
  permCur: Uint32Array;
  permNext: Uint32Array;
  quotient: Uint32Array;
}

/** Everything a proof says about one table. */
export interface TableProof {
  logHeight: number;
  mainRoot: Uint8Array;
  permRoot: Uint8Array | null;
  cumSum: Uint32Array | null;
  quotientRoot: Uint8Array;
  opened: OpenedValues;
  openings: {
    prep: MerkleBatchOpening | null;
    main: MerkleBatchOpening;
    perm: MerkleBatchOpening | null;
    quotient: MerkleBatchOpening;
  };
}

/** A complete multi-table STARK proof. */
export interface StarkProof {
  config: StarkConfig;
  tables: TableProof[];
  friRoots: Uint8Array[];
  /** Final FRI polynomial coefficients, flat Fp4. */
  finalPoly: Uint32Array;
  powNonce: bigint;
  friOpenings: MerkleBatchOpening[];
}

class Writer {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  u8(x: number): void {
    this.reserve(1);
    this.buf[this.len++] = x;
  }
  u16(x: number): void {
    this.u8(x & 0xff);
    this.u8(x >>> 8);
  }
  u32(x: number): void {
    this.reserve(4);
    const b = this.buf;
    b[this.len] = x & 0xff;
    b[this.len + 1] = (x >>> 8) & 0xff;
    b[this.len + 2] = (x >>> 16) & 0xff;
    b[this.len + 3] = x >>> 24;
    this.len += 4;
  }
  u64(x: bigint): void {
    this.u32(Number(x & 0xffffffffn));
    this.u32(Number((x >> 32n) & 0xffffffffn));
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  words(v: Uint32Array): void {
    for (let i = 0; i < v.length; i++) this.u32(v[i]!);
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) throw decodeError(`truncated reading ${what} at byte ${this.pos}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.buf[this.pos]! | (this.buf[this.pos + 1]! << 8);
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }
  u64(what: string): bigint {
    const lo = BigInt(this.u32(what));
    const hi = BigInt(this.u32(what));
    return (hi << 32n) | lo;
  }
  /** A count whose items take at least `minItemBytes` each: bounded by the bytes left. */
  count(what: string, minItemBytes: number): number {
    const n = this.u32(what);
    if (n * minItemBytes > this.buf.length - this.pos) throw decodeError(`${what} count ${n} exceeds the proof size`);
    return n;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  field(what: string): number {
    const v = this.u32(what);
    if (v >= P) throw decodeError(`non-canonical field element in ${what}`);
    return v;
  }
  fields(n: number, what: string): Uint32Array {
    this.need(4 * n, what);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.field(what);
    return out;
  }
  end(): void {
    if (this.pos !== this.buf.length) throw decodeError(`${this.buf.length - this.pos} trailing bytes`);
  }
}

function decodeError(detail: string): VerificationError {
  return new VerificationError('decode', detail);
}

function writeOpening(w: Writer, o: MerkleBatchOpening): void {
  w.u32(o.indices.length);
  for (const i of o.indices) w.u32(i);
  const width = o.rows.length > 0 ? o.rows[0]!.length : 0;
  w.u32(width);
  for (const r of o.rows) w.words(r);
  w.u32(o.siblings.length);
  for (const s of o.siblings) w.bytes(s);
}

function readOpening(r: Reader, what: string): MerkleBatchOpening {
  const n = r.count(`${what} indices`, 4);
  const indices: number[] = [];
  for (let i = 0; i < n; i++) indices.push(r.u32(`${what} index`));
  const width = r.count(`${what} width`, n === 0 ? 0 : 4 * n);
  const rows: Uint32Array[] = [];
  for (let i = 0; i < n; i++) rows.push(r.fields(width, `${what} row`));
  const s = r.count(`${what} siblings`, 32);
  const siblings: Uint8Array[] = [];
  for (let i = 0; i < s; i++) siblings.push(r.bytes(32, `${what} sibling`));
  return { indices, rows, siblings };
}

const OPENED_KEYS = ['prepCur', 'prepNext', 'mainCur', 'mainNext', 'permCur', 'permNext', 'quotient'] as const;

/** Serialize a proof to the binary format. */
export function encodeProof(proof: StarkProof): Uint8Array {
  const w = new Writer();
  for (const b of MAGIC) w.u8(b);
  w.u16(PROOF_VERSION);
  w.u8(proof.config.logBlowup);
  w.u16(proof.config.numQueries);
  w.u8(proof.config.powBits);
  w.u8(proof.config.logFinalPolyLen);
  w.u16(proof.tables.length);
  for (const t of proof.tables) {
    w.u8(t.logHeight);
    w.bytes(t.mainRoot);
    w.u8(t.permRoot === null ? 0 : 1);
    if (t.permRoot !== null) {
      w.bytes(t.permRoot);
      w.words(t.cumSum!);
    }
    w.bytes(t.quotientRoot);
    for (const k of OPENED_KEYS) {
      w.u32(t.opened[k].length / 4);
      w.words(t.opened[k]);
    }
    for (const o of [t.openings.prep, t.openings.main, t.openings.perm, t.openings.quotient]) {
      w.u8(o === null ? 0 : 1);
      if (o !== null) writeOpening(w, o);
    }
  }
  w.u8(proof.friRoots.length);
  for (const r of proof.friRoots) w.bytes(r);
  w.u32(proof.finalPoly.length / 4);
  w.words(proof.finalPoly);
  w.u64(proof.powNonce);
  for (const o of proof.friOpenings) writeOpening(w, o);
  return w.done();
}

/** Parse the binary format; throws only VerificationError (reason 'decode'). */
export function decodeProof(bytes: Uint8Array): StarkProof {
  try {
    return decodeUnchecked(bytes);
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    throw decodeError(`malformed proof: ${(e as Error)?.message ?? String(e)}`);
  }
}

function decodeUnchecked(bytes: Uint8Array): StarkProof {
  if (!(bytes instanceof Uint8Array)) throw decodeError('proof must be a Uint8Array');
  const r = new Reader(bytes);
  for (const b of MAGIC) if (r.u8('magic') !== b) throw decodeError('bad magic');
  const version = r.u16('version');
  if (version !== PROOF_VERSION) throw decodeError(`unsupported version ${version}`);
  const config: StarkConfig = {
    logBlowup: r.u8('logBlowup'),
    numQueries: r.u16('numQueries'),
    powBits: r.u8('powBits'),
    logFinalPolyLen: r.u8('logFinalPolyLen'),
  };
  for (const [key, [lo, hi]] of Object.entries(CONFIG_LIMITS)) {
    const v = (config as unknown as Record<string, number>)[key]!;
    if (v < lo || v > hi) throw decodeError(`config ${key}=${v} outside [${lo}, ${hi}]`);
  }
  const tableCount = r.u16('table count');
  const tables: TableProof[] = [];
  for (let t = 0; t < tableCount; t++) {
    const logHeight = r.u8('logHeight');
    if (logHeight > 27) throw decodeError(`table ${t}: logHeight ${logHeight} too large`);
    const mainRoot = r.bytes(32, 'main root');
    const hasPerm = r.u8('perm flag');
    if (hasPerm > 1) throw decodeError('perm flag must be 0 or 1');
    const permRoot = hasPerm ? r.bytes(32, 'perm root') : null;
    const cumSum = hasPerm ? r.fields(4, 'cumulative sum') : null;
    const quotientRoot = r.bytes(32, 'quotient root');
    const opened = {} as OpenedValues;
    for (const k of OPENED_KEYS) {
      const n = r.count(`opened ${k}`, 16);
      opened[k] = r.fields(4 * n, `opened ${k}`);
    }
    const os: (MerkleBatchOpening | null)[] = [];
    for (const name of ['prep', 'main', 'perm', 'quotient']) {
      const present = r.u8(`${name} opening flag`);
      if (present > 1) throw decodeError('opening flag must be 0 or 1');
      os.push(present ? readOpening(r, `${name} opening`) : null);
    }
    if (os[1] === null || os[3] === null) throw decodeError('main and quotient openings are mandatory');
    tables.push({
      logHeight,
      mainRoot,
      permRoot,
      cumSum,
      quotientRoot,
      opened,
      openings: { prep: os[0]!, main: os[1]!, perm: os[2]!, quotient: os[3]! },
    });
  }
  const layerCount = r.u8('FRI layer count');
  const friRoots: Uint8Array[] = [];
  for (let i = 0; i < layerCount; i++) friRoots.push(r.bytes(32, 'FRI root'));
  const finalLen = r.count('final polynomial', 16);
  const finalPoly = r.fields(4 * finalLen, 'final polynomial');
  const powNonce = r.u64('PoW nonce');
  const friOpenings: MerkleBatchOpening[] = [];
  for (let i = 0; i < layerCount; i++) friOpenings.push(readOpening(r, `FRI layer ${i} opening`));
  r.end();
  return { config, tables, friRoots, finalPoly, powNonce, friOpenings };
}

/** A JSON-friendly view of a proof for debugging (hex digests, plain arrays, nonce as string). */
export function proofToJson(proof: StarkProof): unknown {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  const opening = (o: MerkleBatchOpening | null): unknown =>
    o === null ? null : { indices: o.indices, rows: o.rows.map((r) => [...r]), siblings: o.siblings.map(hex) };
  return {
    version: PROOF_VERSION,
    config: proof.config,
    tables: proof.tables.map((t) => ({
      logHeight: t.logHeight,
      mainRoot: hex(t.mainRoot),
      permRoot: t.permRoot && hex(t.permRoot),
      cumSum: t.cumSum && [...t.cumSum],
      quotientRoot: hex(t.quotientRoot),
      opened: Object.fromEntries(OPENED_KEYS.map((k) => [k, [...t.opened[k]]])),
      openings: {
        prep: opening(t.openings.prep),
        main: opening(t.openings.main),
        perm: opening(t.openings.perm),
        quotient: opening(t.openings.quotient),
      },
    })),
    friRoots: proof.friRoots.map(hex),
    finalPoly: [...proof.finalPoly],
    powNonce: proof.powNonce.toString(),
    friOpenings: proof.friOpenings.map(opening),
  };
}
