/**
 * The `bytecode` table: every byte string the proof refers to (contract code, calldata, return
 * data, log data), one row per byte, identified by its Poseidon2 digest (code-digest.ts), with
 * the digest computed in the table through the `poseidon2_16` bus.
 *
 * Layout. A string of n bytes occupies R = 24·(⌊(n + s)/24⌋ + 1) consecutive rows (s = 32 for
 * code, 0 for data: see code-digest.ts), one sponge block per 24 rows: rows with index < n are its
 * bytes (isByte = 1), the rest padding rows holding byte 0 (isByte = 0). Strings follow each other;
 * rows after the last string are inactive (every column 0). Per row:
 *   codeKind, dataKind  the string's kind (one-hot; both 0 on inactive rows); active = their sum
 *   start               1 on a string's first row; cont = active − start ("continues the string
 *                       of the previous row") is linear, which keeps transitions at degree 3
 *   pos[24]             one-hot position inside the 24-byte block
 *   index, len, seen    index in the string (0, 1, 2, ...), the string length n, and the number of
 *                       byte rows so far; bytes are exactly the rows with index < len
 *   rows                R, the string's row count: its last row has index R − 1, and the first row
 *                       proves R − 1 − len − s ∈ [0, 24) (two `range8` lookups: x and x + 232),
 *                       which with R a multiple of 24 pins R to the formula above
 *   byte, immediates, jumpdestOp   the byte and its class from the `byte_class` lookup
 *   pushIn, pushInv, pushRem, isCode, isJumpdest   the PUSH-data scan (below)
 *   acc[8], cap[8], out[16]   the sponge: packed elements of the block so far, the block's input
 *                       capacity, and on the block's last row the permutation output
 *   digest[8]           the string's digest (constant over its rows)
 *   mult, lenMult       multiplicities of the `bytecode` and `bytecode_length` messages
 *
 * Buses. Every row RECEIVES (digest, index, byte, isCode, isJumpdest) on `bytecode`
 * (BYTECODE_TUPLE of src/circuits/buses.ts, with pc read as "index") with multiplicity `mult`; a
 * string's first row RECEIVES (digest, len) on `bytecode_length` with multiplicity `lenMult` and
 * SENDS its two `range8` checks; every row SENDS (byte, immediates, jumpdestOp) on `byte_class`;
 * every block's last row SENDS (acc ‖ cap, out) on `poseidon2_16`.
 *
 * PUSH data (code rows only). pushIn = immediates still owed by an earlier PUSH when this row is
 * reached; isCode = [pushIn = 0] (an is-zero gadget with pushInv); pushRem = what is owed after
 * this row: the byte's immediate count if it is an opcode, pushIn − 1 if it is push data; the next
 * row of the string starts with pushIn = pushRem. isJumpdest = isCode · jumpdestOp. The scan runs
 * on over the padding rows (the zero bytes the EVM reads past the end), so a truncated PUSH marks
 * the first padding rows as its data, exactly as a plain scan of the zero-padded code would. Data
 * rows: pushIn = pushInv = isCode = isJumpdest = 0.
 *
 * Past the end. Every index up to n + s is a row (byte 0, isJumpdest 0): for code, the immediates
 * of a PUSH truncated by the end of the code and the STOP fetched after it (pc ≤ n + 32), so
 * execution without a jump never leaves the table; for data, index n. For a larger index (a jump
 * target, a copy offset) the CPU or copy table looks up (digest, n) on `bytecode_length` and
 * proves index ≥ n itself, then uses byte 0, isJumpdest 0.
 *
 * Sponge. acc[k] accumulates byte · 256^(p mod 3) into element k = ⌊p/3⌋ for the block position p,
 * restarting at each block; on the block's last row acc is the packed block. cap is the block's
 * input capacity: (len, kind tag, 0, …) on a string's first block, the previous block's output
 * capacity out[8..16) afterwards. The string's last row has digest = out[0..8). All constraints
 * have degree ≤ 3 including the row filter (two quotient chunks).
 */
import { defineTable, schema, type AirBuilder, type Expr } from '../../stark/index.ts';
import { POSEIDON2_16_BUS } from '../../stark/airs/poseidon2-air.ts';
import { BYTECODE_BUS, DIGEST_ELEMENTS, RANGE8_BUS } from '../buses.ts';
import { BYTE_CLASS_BUS, byteClassTable } from './byte-class.ts';
import { BLOCK_BYTES, BYTES_PER_ELEMENT, ByteStringKind, CODE_PADDING_SLACK, SPONGE_RATE } from './code-digest.ts';

/**
 * `bytecode_length` (defined here, not in buses.ts): the table receives (digest, length) once per
 * lookup; the CPU uses it for CODESIZE / CALLDATASIZE and to prove an index is past the end, the
 * copy table to read zeros past the end of a source.
 */
export const BYTECODE_LENGTH_BUS = 'bytecode_length';
/** Component offsets of a `bytecode_length` message. */
export const BYTECODE_LENGTH_TUPLE = Object.freeze({ digest: 0, length: DIGEST_ELEMENTS, arity: DIGEST_ELEMENTS + 1 });

/** Columns of the `bytecode` table (see the file comment). */
export const BYTECODE_COLUMNS = schema({
  codeKind: 1,
  dataKind: 1,
  start: 1,
  pos: BLOCK_BYTES,
  index: 1,
  len: 1,
  seen: 1,
  rows: 1,
  isByte: 1,
  byte: 1,
  immediates: 1,
  jumpdestOp: 1,
  pushIn: 1,
  pushInv: 1,
  pushRem: 1,
  isCode: 1,
  isJumpdest: 1,
  acc: SPONGE_RATE,
  cap: SPONGE_RATE,
  out: 2 * SPONGE_RATE,
  digest: DIGEST_ELEMENTS,
  mult: 1,
  lenMult: 1,
});

type Cols = typeof BYTECODE_COLUMNS;
type B = AirBuilder<Record<string, number>, Record<string, never>>;

const LAST_POS = BLOCK_BYTES - 1;

/** Weight of the byte at block position p inside its packed element: 256^(p mod 3). */
function weightAt(p: number): number {
  return 256 ** (p % BYTES_PER_ELEMENT);
}

/** Declare the bytecode table's constraints and interactions. */
export function bytecodeConstraints(b: B): void {
  const c: Cols = BYTECODE_COLUMNS;
  const m = (col: number): Expr => b.main(col);
  const n = (col: number): Expr => b.next(col);
  const one = b.constant(1);

  const codeKind = m(c.codeKind);
  const dataKind = m(c.dataKind);
  const active = codeKind.add(dataKind);
  const start = m(c.start);
  const activeN = n(c.codeKind).add(n(c.dataKind));
  const startN = n(c.start);
  const contN = activeN.sub(startN);
  /** 1 on a string's last row (the next row does not continue it); a transition expression. */
  const endsHere = active.sub(contN);
  const pos = b.mains(c.pos);
  const posN = b.nexts(c.pos);

  // Kinds, activity, string starts.
  b.assertBool('code_kind_bool', codeKind);
  b.assertBool('data_kind_bool', dataKind);
  b.assertBool('active_bool', active);
  b.assertBool('start_bool', start);
  b.assertZero('start_active', start.mul(one.sub(active)));
  b.first('first_row_starts', active.sub(start));
  b.transition('kind_constant', contN.mul(n(c.codeKind).sub(codeKind)));

  // Block position: one-hot on active rows, 0 at a start, +1 (mod 24) along a string, and a
  // string ends on a block's last row.
  pos.forEach((p, t) => b.assertBool(`pos_bool[${t}]`, p));
  let posSum: Expr = b.constant(0);
  for (const p of pos) posSum = posSum.add(p);
  b.assertEq('pos_one_hot', posSum, active);
  b.assertZero('start_pos', start.mul(one.sub(pos[0]!)));
  for (let t = 0; t < BLOCK_BYTES; t++) {
    b.transition(`pos_advance[${t}]`, contN.mul(posN[(t + 1) % BLOCK_BYTES]!.sub(pos[t]!)));
  }
  b.transition('ends_at_block_end', active.sub(pos[LAST_POS]!).mul(one.sub(contN)));
  b.last('last_row_block_end', active.sub(pos[LAST_POS]!));

  // Index, length, byte rows.
  const index = m(c.index);
  const len = m(c.len);
  const seen = m(c.seen);
  const isByte = m(c.isByte);
  const byte = m(c.byte);
  b.first('index_first', index);
  b.transition('index_step', n(c.index).sub(contN.mul(index.add(1))));
  b.transition('len_constant', contN.mul(n(c.len).sub(len)));
  b.assertZero('len_inactive', one.sub(active).mul(len));
  b.assertBool('is_byte_bool', isByte);
  b.assertZero('is_byte_active', isByte.mul(one.sub(active)));
  b.first('seen_first', seen.sub(isByte));
  b.transition('seen_step', n(c.seen).sub(contN.mul(seen)).sub(n(c.isByte)));
  // A byte row has seen = index + 1: every earlier row of the string is a byte row.
  b.assertZero('bytes_prefix', isByte.mul(seen.sub(index).sub(1)));
  // At the string's end: len = number of byte rows.
  b.transition('len_at_end', endsHere.mul(seen.sub(len)));
  b.last('len_at_end_last', active.mul(seen.sub(len)));
  // Row count: the last row has index rows − 1, and rows − 1 − len − slack ∈ [0, 24) (x < 256 and
  // x + 232 < 256), so the string has exactly ⌊(len + slack)/24⌋ + 1 blocks.
  const rows = m(c.rows);
  b.transition('rows_constant', contN.mul(n(c.rows).sub(rows)));
  b.assertZero('rows_inactive', one.sub(active).mul(rows));
  b.transition('rows_at_end', endsHere.mul(index.add(1).sub(rows)));
  b.last('rows_at_end_last', active.mul(index.add(1).sub(rows)));
  const spare = rows.sub(1).sub(len).sub(codeKind.mul(CODE_PADDING_SLACK));
  b.send(RANGE8_BUS, [spare], start);
  b.send(RANGE8_BUS, [spare.add(256 - BLOCK_BYTES)], start);
  const padding = active.sub(isByte);
  b.assertZero('padding_byte_zero', padding.mul(byte));

  // Byte class (also the byte's range check): on every row, inactive ones look up byte 0.
  const immediates = m(c.immediates);
  const jumpdestOp = m(c.jumpdestOp);
  b.send(BYTE_CLASS_BUS, [byte, immediates, jumpdestOp]);

  // PUSH-data scan.
  const pushIn = m(c.pushIn);
  const pushInv = m(c.pushInv);
  const pushRem = m(c.pushRem);
  const isCode = m(c.isCode);
  const isJumpdest = m(c.isJumpdest);
  b.assertEq('is_code_inverse', pushIn.mul(pushInv), codeKind.sub(isCode));
  b.assertZero('is_code_zero', pushIn.mul(isCode));
  b.assertZero('push_inverse_zero', pushInv.mul(one.sub(codeKind).add(isCode)));
  b.assertZero('push_in_code_only', one.sub(codeKind).mul(pushIn));
  b.assertEq('push_remaining', pushRem, isCode.mul(immediates.add(1)).add(pushIn).sub(codeKind));
  b.first('push_first', pushIn);
  b.transition('push_step', n(c.pushIn).sub(contN.mul(pushRem)));
  b.assertEq('jumpdest', isJumpdest, isCode.mul(jumpdestOp));

  // Sponge: accumulate the packed block, chain the capacity, send each block's permutation.
  const weights = (p: readonly Expr[], k: number): Expr => {
    let w: Expr = b.constant(0);
    for (let j = 0; j < BYTES_PER_ELEMENT; j++) w = w.add(p[BYTES_PER_ELEMENT * k + j]!.mul(weightAt(j)));
    return w;
  };
  const kindTag = (code: Expr, data: Expr): Expr => code.mul(ByteStringKind.Code).add(data.mul(ByteStringKind.Data));
  const initCap = (k: number, s: Expr, length: Expr, code: Expr, data: Expr): Expr =>
    k === 0 ? s.mul(length) : k === 1 ? s.mul(kindTag(code, data)) : b.constant(0);
  const acc = b.mains(c.acc);
  const cap = b.mains(c.cap);
  const out = b.mains(c.out);
  const inBlockN = activeN.sub(posN[0]!);
  const blockStartN = posN[0]!.sub(startN);
  for (let k = 0; k < SPONGE_RATE; k++) {
    b.first(`acc_first[${k}]`, acc[k]!.sub(byte.mul(weights(pos, k))));
    b.transition(`acc_step[${k}]`, n(c.acc[k]!).sub(inBlockN.mul(acc[k]!)).sub(n(c.byte).mul(weights(posN, k))));
    b.first(`cap_first[${k}]`, cap[k]!.sub(initCap(k, start, len, codeKind, dataKind)));
    const capN = inBlockN
      .mul(cap[k]!)
      .add(blockStartN.mul(out[SPONGE_RATE + k]!))
      .add(initCap(k, startN, n(c.len), n(c.codeKind), n(c.dataKind)));
    b.transition(`cap_step[${k}]`, n(c.cap[k]!).sub(capN));
  }
  const blockEnd = pos[LAST_POS]!;
  out.forEach((o, k) => b.assertZero(`out_block_end_only[${k}]`, one.sub(blockEnd).mul(o)));
  b.send(POSEIDON2_16_BUS, [...acc, ...cap, ...out], blockEnd);

  // Digest: constant over the string, the last block's output rate, 0 on inactive rows.
  const digest = b.mains(c.digest);
  for (let k = 0; k < DIGEST_ELEMENTS; k++) {
    b.transition(`digest_constant[${k}]`, contN.mul(n(c.digest[k]!).sub(digest[k]!)));
    b.transition(`digest_at_end[${k}]`, endsHere.mul(digest[k]!.sub(out[k]!)));
    b.last(`digest_at_end_last[${k}]`, active.mul(digest[k]!.sub(out[k]!)));
    b.assertZero(`digest_inactive[${k}]`, one.sub(active).mul(digest[k]!));
  }

  // The lookups this table answers.
  const mult = m(c.mult);
  const lenMult = m(c.lenMult);
  b.assertZero('mult_active', one.sub(active).mul(mult));
  b.assertZero('len_mult_start', one.sub(start).mul(lenMult));
  b.receive(BYTECODE_BUS, [...digest, index, byte, isCode, isJumpdest], mult);
  b.receive(BYTECODE_LENGTH_BUS, [...digest, len], lenMult);
}

/** The `bytecode` table definition. */
export const bytecodeTable = defineTable({
  name: 'bytecode',
  columns: BYTECODE_COLUMNS,
  constraints: (b) => bytecodeConstraints(b as unknown as B),
});

/**
 * The tables this module contributes to an AirSystem. The system must also contain
 * `poseidon2Table` (src/stark/airs/poseidon2-air.ts), shared with the other Poseidon2 users, whose
 * trace includes `BytecodeTraces.poseidon2Inputs`, and `rangeTable(8)`, whose multiplicities
 * include `BytecodeTraces.range8Lookups`.
 */
export const BYTECODE_TABLES = Object.freeze([bytecodeTable, byteClassTable]);
