/**
 * The KECCAK256 sponge table `keccak_sponge`: one row per absorbed 136-byte block (Keccak-256 rate,
 * FIPS 202 §5.1 with the original Keccak padding of the Ethereum yellow paper: pad10*1 with domain
 * byte 0x01, i.e. 0x01 … 0x80, or the single byte 0x81 when one pad byte fits).
 *
 * Why one row per block: the permutation itself (src/stark/airs/keccak-air.ts) costs 24 rows ×
 * 2629 columns ≈ 63,000 cells per block, ≈ 460 cells per input byte. A block row here costs about
 * 750 main + 600 LogUp cells (≈ 10 per byte), so the sponge is 2% of the cost whatever its layout;
 * one row per block keeps the chaining a plain next-row copy and needs no per-byte state columns
 * (a row per byte would carry the 200-byte state on every row: 20× more cells).
 *
 * Columns of a block row of the hash of stream `inputId` (see byte_stream in ../copy/byte-stream.ts):
 *   active, isFirst, final   row flags (final = last block of its hash)
 *   inputId, blockIdx        the hash's stream id and this block's index
 *   isData[136]              1 for positions holding input bytes (a prefix: 1…1 0…0)
 *   blk[136]                 the padded block bytes
 *   prev[136], prevCap[32]   the state before absorption: rate bytes and capacity limbs (0 on a first block)
 *   x[136]                   absorbed rate bytes x = prev ⊕ blk (byteop8 XOR lookups, which also
 *                            range-check prev and blk)
 *   outRate[136], outCap[32] the permutation output: rate bytes, capacity limbs
 * Constraints (degree ≤ 3 including row filters, two quotient chunks):
 *   - flags boolean; isData a prefix within active rows; final = active·(1 − isData[135]) (a block
 *     with all 136 bytes of data is never the last one: padding needs at least one byte);
 *   - padding: at a non-data position, blk = 0x01·[first non-data position] + 0x80·[position 135]·final,
 *     which also forces blk = 0 on inactive rows;
 *   - sequencing: cont = active − final; on the table's first row isFirst = active; then
 *     next.isFirst = next.active − cont (a non-final block is followed by the same hash's next block,
 *     anything else by a first block or an inactive row); a continuing row passes inputId, blockIdx + 1
 *     and its output state to the next row's prev; the table's last row is not continuing;
 *   - a first block (and an inactive row) has a zero prev state and blockIdx 0; inactive rows are zero.
 * Interactions:
 *   - RECEIVE byte_stream (Keccak, inputId, 136·blockIdx + i, blk[i]) with multiplicity isData[i];
 *   - SEND byteop8 (Xor, prev[i], blk[i], x[i]) on every row;
 *   - SEND keccak_f (state in, state out) in 16-bit limbs with multiplicity active: limb L of the rate
 *     is byte 2L + 256·byte 2L+1 (keccakStateToLimbs order: lane-major, little-endian);
 *   - RECEIVE keccak (inputId, length, hash[16]) with multiplicity final, length = 136·blockIdx + Σ isData;
 *     the hash is the first 32 state bytes read as a big-endian EVM word, so bus limb j (16-bit,
 *     little-endian) is outRate[31 − 2j] + 256·outRate[30 − 2j]; those 32 bytes go through range8.
 */
import type { Expr } from '../../stark/index.ts';
import { ByteOp, defineTable, schema, type AirBuilder } from '../../stark/index.ts';
import { KECCAK_F_BUS } from '../../stark/airs/keccak-air.ts';
import { BYTEOP8_BUS, RANGE8_BUS, WORD_LIMBS } from '../buses.ts';
import { BYTE_STREAM_BUS, StreamTag } from '../copy/byte-stream.ts';

/** Keccak-256 rate in bytes (1600 − 2·256 bits). */
export const RATE_BYTES = 136;
/** Capacity of the Keccak-256 state in 16-bit limbs (512 bits). */
export const CAPACITY_LIMBS = 32;
/** Bytes of a Keccak-256 digest. */
export const DIGEST_BYTES = 32;

/** Bus on which the CPU sends (inputId, length, hash[16]) for every KECCAK256 (name of buses.ts). */
export const KECCAK_BUS = 'keccak';
/**
 * Component offsets of a `keccak` message. Supersedes buses.ts KECCAK_TUPLE (same bus, same arity):
 * component 0 is the input stream id, not an RLC (an RLC column cannot be committed, see
 * ../copy/byte-stream.ts).
 */
export const KECCAK_SPONGE_TUPLE = Object.freeze({
  inputId: 0,
  length: 1,
  hash: 2,
  arity: 2 + WORD_LIMBS,
});

/** Columns of the sponge table (see the file comment). */
export const KECCAK_SPONGE_COLUMNS = schema({
  active: 1,
  isFirst: 1,
  final: 1,
  inputId: 1,
  blockIdx: 1,
  isData: RATE_BYTES,
  blk: RATE_BYTES,
  prev: RATE_BYTES,
  prevCap: CAPACITY_LIMBS,
  x: RATE_BYTES,
  outRate: RATE_BYTES,
  outCap: CAPACITY_LIMBS,
});

type B = AirBuilder<Record<string, number>, Record<string, never>>;

/** Rate limbs from rate bytes: limb L = byte 2L + 256·byte 2L+1. */
function rateLimbs(bytes: readonly Expr[]): Expr[] {
  const out: Expr[] = [];
  for (let l = 0; l < RATE_BYTES / 2; l++) out.push(bytes[2 * l]!.add(bytes[2 * l + 1]!.mul(256)));
  return out;
}

/** Declare the sponge constraints and interactions (exported for tests that inspect them). */
export function keccakSpongeConstraints(b: B): void {
  const c = KECCAK_SPONGE_COLUMNS;
  const m = (col: number): Expr => b.main(col);
  const n = (col: number): Expr => b.next(col);
  const one = b.constant(1);
  const active = m(c.active);
  const isFirst = m(c.isFirst);
  const final = m(c.final);
  const inputId = m(c.inputId);
  const blockIdx = m(c.blockIdx);
  const isData = b.mains(c.isData);
  const blk = b.mains(c.blk);
  const prev = b.mains(c.prev);
  const prevCap = b.mains(c.prevCap);
  const x = b.mains(c.x);
  const outRate = b.mains(c.outRate);
  const outCap = b.mains(c.outCap);
  const inactive = one.sub(active);
  const cont = active.sub(final);

  // Flags and the data prefix.
  b.assertBool('active_bool', active);
  b.assertBool('is_first_bool', isFirst);
  b.assertZero('first_block_is_active', isFirst.mul(inactive));
  isData.forEach((d, i) => b.assertBool(`is_data_bool[${i}]`, d));
  b.assertZero('data_only_when_active', isData[0]!.mul(inactive));
  for (let i = 0; i + 1 < RATE_BYTES; i++) b.assertZero(`data_prefix[${i}]`, isData[i + 1]!.mul(one.sub(isData[i]!)));
  b.assertEq('final_block', final, active.mul(one.sub(isData[RATE_BYTES - 1]!)));

  // Padding 0x01 … 0x80 after the data (FIPS 202 pad10*1 with the Keccak domain byte 0x01).
  for (let i = 0; i < RATE_BYTES; i++) {
    let pad = i === 0 ? active.sub(isData[0]!) : isData[i - 1]!.sub(isData[i]!);
    if (i === RATE_BYTES - 1) pad = pad.add(final.mul(0x80));
    b.assertZero(`padding[${i}]`, one.sub(isData[i]!).mul(blk[i]!.sub(pad)));
  }

  // Sequencing of blocks and hashes.
  b.first('first_row_starts_hash', isFirst.sub(active));
  b.transition('next_is_first', n(c.isFirst).sub(n(c.active)).add(cont));
  b.last('last_row_ends_hash', cont);
  b.transition('same_input_id', cont.mul(n(c.inputId).sub(inputId)));
  b.transition('block_index_step', cont.mul(n(c.blockIdx).sub(blockIdx).sub(1)));
  b.assertZero('first_block_index', isFirst.mul(blockIdx));
  b.assertZero('inactive_input_id', inactive.mul(inputId));
  b.assertZero('inactive_block_index', inactive.mul(blockIdx));

  // State chaining: a block starts from zero or from the previous block's output.
  const fresh = inactive.add(isFirst);
  for (let i = 0; i < RATE_BYTES; i++) {
    b.assertZero(`fresh_rate[${i}]`, fresh.mul(prev[i]!));
    b.transition(`chain_rate[${i}]`, cont.mul(n(c.prev[i]!).sub(outRate[i]!)));
    b.assertZero(`inactive_out_rate[${i}]`, inactive.mul(outRate[i]!));
  }
  for (let j = 0; j < CAPACITY_LIMBS; j++) {
    b.assertZero(`fresh_capacity[${j}]`, fresh.mul(prevCap[j]!));
    b.transition(`chain_capacity[${j}]`, cont.mul(n(c.prevCap[j]!).sub(outCap[j]!)));
    b.assertZero(`inactive_out_capacity[${j}]`, inactive.mul(outCap[j]!));
  }

  // Input bytes from the stream, absorption by XOR lookups, the permutation.
  for (let i = 0; i < RATE_BYTES; i++) {
    const index = blockIdx.mul(RATE_BYTES).add(i);
    b.receive(BYTE_STREAM_BUS, [StreamTag.Keccak, inputId, index, blk[i]!], isData[i]!);
    b.send(BYTEOP8_BUS, [ByteOp.Xor, prev[i]!, blk[i]!, x[i]!]);
  }
  b.send(KECCAK_F_BUS, [...rateLimbs(x), ...prevCap, ...rateLimbs(outRate), ...outCap], active);

  // The digest: the first 32 state bytes as a big-endian word, in little-endian 16-bit bus limbs.
  for (let k = 0; k < DIGEST_BYTES; k++) b.send(RANGE8_BUS, [outRate[k]!], final);
  let length: Expr = blockIdx.mul(RATE_BYTES);
  for (const d of isData) length = length.add(d);
  const hash: Expr[] = [];
  for (let j = 0; j < WORD_LIMBS; j++) hash.push(outRate[31 - 2 * j]!.add(outRate[30 - 2 * j]!.mul(256)));
  b.receive(KECCAK_BUS, [inputId, length, ...hash], final);
}

/** The sponge table definition (receives `keccak` and `byte_stream`; sends keccak_f, byteop8, range8). */
export const keccakSpongeTable = defineTable({
  name: 'keccak_sponge',
  columns: KECCAK_SPONGE_COLUMNS,
  constraints: (b) => keccakSpongeConstraints(b as unknown as B),
});
