/**
 * The copy table `copy`: one row per copied byte. The CPU sends one `copy` message per copying
 * step; the table moves `length` bytes from a source to a destination:
 *   sources       memory words of a frame (MCOPY, KECCAK256, LOGn, RETURN/REVERT) read on `rw`, or a
 *                 byte string by Poseidon2 digest (calldata, code: CALLDATACOPY, CODECOPY) looked up on
 *                 `bytecode` (digest, index, byte, isCode, isJumpdest), reading 0 past its length
 *                 (`bytecode_length`, src/circuits/bytecode);
 *   destinations  memory words written on `rw` with sub-word masks (CALLDATACOPY, CODECOPY, MCOPY), or a
 *                 byte stream (Keccak input, log data, return data: ./byte-stream.ts).
 * RETURNDATACOPY: in part 1 the frame makes no calls, so its return-data buffer is always empty and
 * any RETURNDATACOPY with length > 0 halts (EIP-211 bound check, a CPU rule); there is no source kind
 * for it yet. CALLDATALOAD is a CPU lookup of 32 bytes, not a copy.
 *
 * Why per byte and not per word: a word row must align a source word pair to a destination word
 * (a 32-way shift), and carry two source words, a shift one-hot, both destination words and two
 * edge masks (about 350 columns plus 32 byte-stream messages per row, ≈ 15 cells per byte); a
 * byte row is simpler (240 main + 232 LogUp cells per byte, measured) and the keccak_f rows a
 * KECCAK256 byte also costs (≈ 460 per byte) dominate either way. A word-row table is the known
 * optimization if copies dominate a workload.
 *
 * Rows of a copy: idx = 0 … length−1, first/last flags, the message fields constant over the copy.
 * Memory words: a byte at address a is byte a mod 32 (sPos/dPos one-hot) of word ⌊a/32⌋ (sWordIdx /
 * dWordIdx, < 2^25 by range16 checks on the copy's first word, then +1 per wrap), big-endian in
 * the word: bus limb j = byte 31−2j + 256·byte 30−2j. The source word (32 bytes, range8) is read on
 * its first row of the copy; the destination word (new and previous bytes, range8) is written on
 * its last row, and `seen` marks the positions this copy wrote, so every other byte keeps its
 * previous value (the sub-word mask). Counters: the copy's reads use rwcStart, rwcStart+1, …, its
 * writes follow, and the last one is rwcEnd − 1 (the message carries rwcEnd so the CPU continues
 * from it). MCOPY reads every source word before writing, which is memmove semantics.
 *
 * Every constraint has degree ≤ 3 including its row filter (two quotient chunks).
 */
import type { Expr } from '../../stark/index.ts';
import { defineTable, schema, type AirBuilder } from '../../stark/index.ts';
import { ADDRESS_LIMBS, BYTECODE_BUS, DIGEST_ELEMENTS, RANGE16_BUS, RANGE8_BUS, RW_BUS, RwTag, WORD_LIMBS } from '../buses.ts';
import { BYTE_STREAM_BUS } from './byte-stream.ts';

/** Bytes per memory word. */
export const WORD_BYTES = 32;
/** Offsets, sizes and lengths in a copy message must be below this (addresses stay below 2^29). */
export const MAX_COPY_OFFSET = 1 << 28;

/** Bus on which the CPU sends one message per copy (name of buses.ts COPY_BUS). */
export const COPY_BUS = 'copy';
/**
 * Component offsets of a `copy` message. Supersedes buses.ts COPY_TUPLE: no RLC (not committable,
 * see ./byte-stream.ts), a digest-sized source id (byte strings are named by their Poseidon2
 * digest; a memory source puts its frame id in component 0 and zeros after), and rwcEnd.
 */
export const COPY_TUPLE = Object.freeze({
  srcKind: 0,
  srcId: 1,
  srcOffset: 1 + DIGEST_ELEMENTS,
  dstKind: 2 + DIGEST_ELEMENTS,
  dstId: 3 + DIGEST_ELEMENTS,
  dstOffset: 4 + DIGEST_ELEMENTS,
  length: 5 + DIGEST_ELEMENTS,
  rwcStart: 6 + DIGEST_ELEMENTS,
  rwcEnd: 7 + DIGEST_ELEMENTS,
  arity: 8 + DIGEST_ELEMENTS,
});

/** Source kinds (`srcKind`). */
export const CopySrc = Object.freeze({ Memory: 0, ByteString: 1 } as const);
/** Destination kinds (`dstKind`): memory, or a byte stream with that StreamTag. */
export const CopyDst = Object.freeze({ Memory: 0, Keccak: 1, Log: 2, ReturnData: 3 } as const);

/**
 * `bytecode_length` (src/circuits/bytecode defines it: (digest[8], length)), named here so this
 * table does not depend on the bytecode table's module.
 */
export const BYTECODE_LENGTH_BUS = 'bytecode_length';

/** Columns of the copy table (see the file comment). */
export const COPY_COLUMNS = schema({
  active: 1,
  first: 1,
  last: 1,
  /** Source is a byte string (else memory). */
  sBytes: 1,
  /** Destination one-hot among streams (all zero: memory). */
  dKeccak: 1,
  dLog: 1,
  dRet: 1,
  srcId: DIGEST_ELEMENTS,
  srcOffset: 1,
  dstId: 1,
  dstOffset: 1,
  length: 1,
  rwcStart: 1,
  rwcEnd: 1,
  /** Length of the source byte string (0 for memory). */
  srcSize: 1,
  /** Counter of the copy's last read (rwcStart − 1 without reads). */
  rdEnd: 1,
  /** First source/destination word index = lo + 2^16·hi, lo and 128·hi in range16. */
  sWordLo: 1,
  sWordHi: 1,
  dWordLo: 1,
  dWordHi: 1,
  idx: 1,
  /** The byte. */
  v: 1,
  /** Byte-string source: index < srcSize, |gap| chunks, the looked-up byte's flags. */
  inSrc: 1,
  gapLo: 1,
  gapHi: 1,
  isCode: 1,
  isJumpdest: 1,
  /** Memory source. */
  sPos: WORD_BYTES,
  sWord: WORD_BYTES,
  sWordIdx: 1,
  sKeep: 1,
  rd: 1,
  rdCnt: 1,
  rdPrevCnt: 1,
  rdDiffLo: 1,
  rdDiffHi: 1,
  /** Memory destination. */
  dPos: WORD_BYTES,
  dNew: WORD_BYTES,
  dPrev: WORD_BYTES,
  seen: WORD_BYTES,
  dWordIdx: 1,
  dKeep: 1,
  wr: 1,
  wrCnt: 1,
  wrPrevCnt: 1,
  wrDiffLo: 1,
  wrDiffHi: 1,
});

type B = AirBuilder<Record<string, number>, Record<string, never>>;

/** Bus limbs of a memory word from its 32 bytes (memory order = big-endian). */
export function memoryWordLimbs(bytes: readonly Expr[]): Expr[] {
  const out: Expr[] = [];
  for (let j = 0; j < WORD_LIMBS; j++) out.push(bytes[31 - 2 * j]!.add(bytes[30 - 2 * j]!.mul(256)));
  return out;
}

function sum(terms: readonly Expr[], zero: Expr): Expr {
  let acc = zero;
  for (const t of terms) acc = acc.add(t);
  return acc;
}

/** Declare the copy constraints and interactions (exported for tests that inspect them). */
export function copyConstraints(b: B): void {
  const c = COPY_COLUMNS;
  const m = (col: number): Expr => b.main(col);
  const n = (col: number): Expr => b.next(col);
  const zero = b.constant(0);
  const one = b.constant(1);
  const active = m(c.active);
  const first = m(c.first);
  const last = m(c.last);
  const sBytes = m(c.sBytes);
  const dStream = m(c.dKeccak).add(m(c.dLog)).add(m(c.dRet));
  const dstKind = m(c.dKeccak).add(m(c.dLog).mul(2)).add(m(c.dRet).mul(3));
  const sMem = active.sub(sBytes);
  const dMem = active.sub(dStream);
  const inactive = one.sub(active);
  const cont = active.sub(last);
  const idx = m(c.idx);
  const v = m(c.v);
  const srcAddr = m(c.srcOffset).add(idx);
  const dstAddr = m(c.dstOffset).add(idx);

  // Flags.
  for (const [name, col] of [
    ['active', c.active],
    ['first', c.first],
    ['last', c.last],
    ['s_bytes', c.sBytes],
    ['d_keccak', c.dKeccak],
    ['d_log', c.dLog],
    ['d_ret', c.dRet],
    ['in_src', c.inSrc],
  ] as const) {
    b.assertBool(`${name}_bool`, m(col));
  }
  b.assertBool('d_stream_bool', dStream);
  b.assertZero('first_active', first.mul(inactive));
  b.assertZero('last_active', last.mul(inactive));
  b.assertZero('s_bytes_active', sBytes.mul(inactive));
  b.assertZero('d_stream_active', dStream.mul(inactive));

  // Sequencing: a copy is rows idx = 0 … length−1; the next row after its last starts another or is inactive.
  b.first('first_row_starts_copy', first.sub(active));
  b.transition('next_is_first', n(c.first).sub(n(c.active)).add(cont));
  b.last('last_row_ends_copy', cont);
  b.assertZero('first_index', first.mul(idx));
  b.transition('index_step', cont.mul(n(c.idx).sub(idx).sub(1)));
  b.assertZero('last_index', last.mul(idx.sub(m(c.length)).add(1)));
  b.assertZero('inactive_index', inactive.mul(idx));
  b.assertZero('inactive_byte', inactive.mul(v));
  const perCopy = [
    ...c.srcId,
    c.sBytes,
    c.dKeccak,
    c.dLog,
    c.dRet,
    c.srcOffset,
    c.dstId,
    c.dstOffset,
    c.length,
    c.rwcStart,
    c.rwcEnd,
    c.srcSize,
    c.rdEnd,
    c.sWordLo,
    c.sWordHi,
    c.dWordLo,
    c.dWordHi,
  ];
  for (const col of perCopy) {
    const name = c.columnNames[col]!;
    b.transition(`constant[${name}]`, cont.mul(n(col).sub(m(col))));
    b.assertZero(`inactive_zero[${name}]`, inactive.mul(m(col)));
  }

  // The CPU's message, received once per copy.
  b.receive(
    COPY_BUS,
    [sBytes, ...b.mains(c.srcId), m(c.srcOffset), dstKind, m(c.dstId), m(c.dstOffset), m(c.length), m(c.rwcStart), m(c.rwcEnd)],
    first,
  );

  // Byte-string source: lookup below its length, 0 at or past it (srcSize from bytecode_length).
  const inSrc = m(c.inSrc);
  const srcSize = m(c.srcSize);
  b.send(BYTECODE_LENGTH_BUS, [...b.mains(c.srcId), srcSize], first.mul(sBytes));
  b.assertZero('size_only_for_byte_strings', sMem.mul(srcSize));
  b.assertZero('in_src_only_for_byte_strings', inSrc.mul(one.sub(sBytes)));
  const gap = m(c.gapLo).add(m(c.gapHi).mul(1 << 16));
  const expectedGap = inSrc.mul(srcSize.sub(1).sub(srcAddr)).add(one.sub(inSrc).mul(srcAddr.sub(srcSize)));
  b.assertZero('source_gap', sBytes.mul(gap.sub(expectedGap)));
  b.assertZero('gap_lo_only_for_byte_strings', one.sub(sBytes).mul(m(c.gapLo)));
  b.assertZero('gap_hi_only_for_byte_strings', one.sub(sBytes).mul(m(c.gapHi)));
  b.send(RANGE16_BUS, [m(c.gapLo)]);
  b.send(RANGE16_BUS, [m(c.gapHi).mul(8)]);
  b.send(BYTECODE_BUS, [...b.mains(c.srcId), srcAddr, v, m(c.isCode), m(c.isJumpdest)], inSrc);
  b.assertZero('zero_past_source_end', sBytes.mul(one.sub(inSrc)).mul(v));
  b.assertZero('is_code_only_in_source', one.sub(inSrc).mul(m(c.isCode)));
  b.assertZero('is_jumpdest_only_in_source', one.sub(inSrc).mul(m(c.isJumpdest)));

  // Memory source.
  const sPos = b.mains(c.sPos);
  const sWord = b.mains(c.sWord);
  const sWordIdx = m(c.sWordIdx);
  const notSMem = one.sub(sMem);
  sPos.forEach((p, k) => b.assertBool(`s_pos_bool[${k}]`, p));
  b.assertEq('s_pos_one_hot', sum(sPos, zero), sMem);
  b.assertZero(
    's_address',
    sMem.mul(srcAddr.sub(sWordIdx.mul(WORD_BYTES)).sub(sum(sPos.map((p, k) => p.mul(k)), zero))),
  );
  b.assertZero('s_word_idx_only_for_memory', notSMem.mul(sWordIdx));
  b.assertZero('s_first_word_range', first.mul(sWordIdx.sub(m(c.sWordLo)).sub(m(c.sWordHi).mul(1 << 16))));
  b.send(RANGE16_BUS, [m(c.sWordLo)]);
  b.send(RANGE16_BUS, [m(c.sWordHi).mul(128)]);
  for (let k = 0; k < WORD_BYTES; k++) {
    b.transition(`s_pos_rotate[${k}]`, cont.mul(n(c.sPos[(k + 1) % WORD_BYTES]!).sub(sPos[k]!)));
    b.assertZero(`s_word_only_for_memory[${k}]`, notSMem.mul(sWord[k]!));
  }
  b.transition('s_word_idx_step', cont.mul(n(c.sWordIdx).sub(sWordIdx).sub(sPos[WORD_BYTES - 1]!)));
  const sKeep = m(c.sKeep);
  b.assertEq('s_keep', sKeep, cont.mul(one.sub(sPos[WORD_BYTES - 1]!)));
  for (let k = 0; k < WORD_BYTES; k++) b.transition(`s_word_kept[${k}]`, sKeep.mul(n(c.sWord[k]!).sub(sWord[k]!)));
  const rd = m(c.rd);
  b.assertEq('read_row', rd, sMem.mul(first.add(sPos[0]!).sub(first.mul(sPos[0]!))));
  b.assertZero('s_pick', sMem.mul(v.sub(sum(sPos.map((p, k) => p.mul(sWord[k]!)), zero))));
  for (const byte of sWord) b.send(RANGE8_BUS, [byte], rd);
  const rdCnt = m(c.rdCnt);
  b.assertZero('read_counter_start', first.mul(rdCnt.sub(m(c.rwcStart)).add(1).sub(rd)));
  b.transition('read_counter_step', cont.mul(n(c.rdCnt).sub(rdCnt).sub(n(c.rd))));
  b.assertZero('read_counter_end', last.mul(rdCnt.sub(m(c.rdEnd))));
  b.assertZero('inactive_read_counter', inactive.mul(rdCnt));
  memoryAccess(b, 'read', {
    enabled: rd,
    frame: m(c.srcId[0]!),
    wordIdx: sWordIdx,
    counter: rdCnt,
    prevCounter: m(c.rdPrevCnt),
    diffLo: m(c.rdDiffLo),
    diffHi: m(c.rdDiffHi),
    prevLimbs: memoryWordLimbs(sWord),
    limbs: memoryWordLimbs(sWord),
  });

  // Memory destination.
  const dPos = b.mains(c.dPos);
  const dNew = b.mains(c.dNew);
  const dPrev = b.mains(c.dPrev);
  const seen = b.mains(c.seen);
  const dWordIdx = m(c.dWordIdx);
  const notDMem = one.sub(dMem);
  dPos.forEach((p, k) => b.assertBool(`d_pos_bool[${k}]`, p));
  b.assertEq('d_pos_one_hot', sum(dPos, zero), dMem);
  b.assertZero(
    'd_address',
    dMem.mul(dstAddr.sub(dWordIdx.mul(WORD_BYTES)).sub(sum(dPos.map((p, k) => p.mul(k)), zero))),
  );
  b.assertZero('d_word_idx_only_for_memory', notDMem.mul(dWordIdx));
  b.assertZero('d_first_word_range', first.mul(dWordIdx.sub(m(c.dWordLo)).sub(m(c.dWordHi).mul(1 << 16))));
  b.send(RANGE16_BUS, [m(c.dWordLo)]);
  b.send(RANGE16_BUS, [m(c.dWordHi).mul(128)]);
  const dKeep = m(c.dKeep);
  b.assertEq('d_keep', dKeep, cont.mul(one.sub(dPos[WORD_BYTES - 1]!)));
  b.transition('d_word_idx_step', cont.mul(n(c.dWordIdx).sub(dWordIdx).sub(dPos[WORD_BYTES - 1]!)));
  for (let k = 0; k < WORD_BYTES; k++) {
    b.transition(`d_pos_rotate[${k}]`, cont.mul(n(c.dPos[(k + 1) % WORD_BYTES]!).sub(dPos[k]!)));
    b.assertZero(`d_new_only_for_memory[${k}]`, notDMem.mul(dNew[k]!));
    b.assertZero(`d_prev_only_for_memory[${k}]`, notDMem.mul(dPrev[k]!));
    b.transition(`d_new_kept[${k}]`, dKeep.mul(n(c.dNew[k]!).sub(dNew[k]!)));
    b.transition(`d_prev_kept[${k}]`, dKeep.mul(n(c.dPrev[k]!).sub(dPrev[k]!)));
    b.first(`seen_start[${k}]`, seen[k]!.sub(dPos[k]!));
    b.transition(`seen_step[${k}]`, n(c.seen[k]!).sub(dKeep.mul(seen[k]!)).sub(n(c.dPos[k]!)));
  }
  const wr = m(c.wr);
  b.assertEq('write_row', wr, dMem.mul(last.add(dPos[WORD_BYTES - 1]!).sub(last.mul(dPos[WORD_BYTES - 1]!))));
  b.assertZero('d_put', dMem.mul(v.sub(sum(dPos.map((p, k) => p.mul(dNew[k]!)), zero))));
  for (let k = 0; k < WORD_BYTES; k++) b.assertZero(`d_mask[${k}]`, wr.mul(one.sub(seen[k]!)).mul(dNew[k]!.sub(dPrev[k]!)));
  for (const byte of [...dNew, ...dPrev]) b.send(RANGE8_BUS, [byte], wr);
  const wrCnt = m(c.wrCnt);
  b.assertZero('write_counter_start', first.mul(wrCnt.sub(wr).sub(m(c.rdEnd))));
  b.transition('write_counter_step', cont.mul(n(c.wrCnt).sub(wrCnt).sub(n(c.wr))));
  b.assertZero('write_counter_end', last.mul(wrCnt.sub(m(c.rwcEnd)).add(1)));
  b.assertZero('inactive_write_counter', inactive.mul(wrCnt));
  memoryAccess(b, 'write', {
    enabled: wr,
    frame: m(c.dstId),
    wordIdx: dWordIdx,
    counter: wrCnt,
    prevCounter: m(c.wrPrevCnt),
    diffLo: m(c.wrDiffLo),
    diffHi: m(c.wrDiffHi),
    prevLimbs: memoryWordLimbs(dPrev),
    limbs: memoryWordLimbs(dNew),
  });

  // Stream destination.
  b.send(BYTE_STREAM_BUS, [dstKind, m(c.dstId), idx, v], dStream);
}

interface MemoryAccess {
  enabled: Expr;
  frame: Expr;
  wordIdx: Expr;
  counter: Expr;
  prevCounter: Expr;
  diffLo: Expr;
  diffHi: Expr;
  prevLimbs: Expr[];
  limbs: Expr[];
}

/**
 * One memory-word access on `rw` (the contract of src/circuits/rw/rw-access.ts: receive (key,
 * prevCounter, prevValue), send (key, counter, value), counter − prevCounter − 1 = diffLo +
 * 2^16·diffHi with diffLo, 4·diffHi in range16). Written inline rather than through that gadget
 * because the word limbs here are recombinations of range8-checked bytes, so the gadget's 32
 * limb columns and 32 range16 lookups per access would be redundant. Unused slots are zero.
 */
function memoryAccess(b: B, name: string, a: MemoryAccess): void {
  const notEnabled = b.constant(1).sub(a.enabled);
  b.assertZero(`${name}_counter_increases`, a.enabled.mul(a.counter.sub(a.prevCounter).sub(1).sub(a.diffLo).sub(a.diffHi.mul(1 << 16))));
  b.assertZero(`${name}_prev_counter_unused`, notEnabled.mul(a.prevCounter));
  b.assertZero(`${name}_diff_lo_unused`, notEnabled.mul(a.diffLo));
  b.assertZero(`${name}_diff_hi_unused`, notEnabled.mul(a.diffHi));
  b.send(RANGE16_BUS, [a.diffLo]);
  b.send(RANGE16_BUS, [a.diffHi.mul(4)]);
  const key: (Expr | number)[] = [RwTag.Memory, a.frame, ...new Array<number>(ADDRESS_LIMBS).fill(0), a.wordIdx];
  for (let j = 1; j < WORD_LIMBS; j++) key.push(0);
  b.receive(RW_BUS, [...key, a.prevCounter, ...a.prevLimbs], a.enabled);
  b.send(RW_BUS, [...key, a.counter, ...a.limbs], a.enabled);
}

/** The copy table definition (receives `copy`; sends rw, bytecode, bytecode_length, byte_stream, range8/16). */
export const copyTable = defineTable({
  name: 'copy',
  columns: COPY_COLUMNS,
  constraints: (b) => copyConstraints(b as unknown as B),
});
