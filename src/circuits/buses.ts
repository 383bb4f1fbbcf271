/**
 * The named LogUp buses shared by the zkEVM circuit tables, with their tuple layouts.
 *
 * A bus message is a tuple of BabyBear elements. 256-bit EVM words travel as sixteen 16-bit limbs,
 * least significant first (limb j = bits 16j..16j+15), so every tuple component is canonical and a
 * word costs 16 components. Each layout below is an object of component offsets plus `arity`;
 * senders and receivers build tuples through these offsets so the column order is written once.
 *
 * The buses used by several tables are defined here: `alu`, `rw`, `bytecode` and the range/byte-op
 * lookups. A bus with a single receiving table is defined next to that table: `copy`
 * (src/circuits/copy/copy-air.ts), `keccak` and `byte_stream` (src/circuits/keccak,
 * src/circuits/copy/byte-stream.ts), `opcode_info` (src/circuits/cpu/opcode-info.ts),
 * `bytecode_length` and `byte_class` (src/circuits/bytecode).
 */
import { byteOpBus, rangeBus } from '../stark/index.ts';

/** Limbs of a 256-bit word on a bus: sixteen 16-bit limbs, little-endian. */
export const WORD_LIMBS = 16;
/** Bits per word limb on a bus. */
export const LIMB_BITS = 16;
/** Limbs of a 160-bit account address on a bus (ten 16-bit limbs, little-endian). */
export const ADDRESS_LIMBS = 10;
/** Field elements of a Poseidon2 digest (8 BabyBear elements, about 248 bits). */
export const DIGEST_ELEMENTS = 8;

/** Range lookup of 16-bit values (carries, bus limbs): the preprocessed `range16` table. */
export const RANGE16_BUS = rangeBus(16);
/** Range lookup of bytes: the preprocessed `range8` table. */
export const RANGE8_BUS = rangeBus(8);
/** Byte AND/OR/XOR lookup [ByteOp, a, b, a∘b]: the preprocessed `byteop8` table. */
export const BYTEOP8_BUS = byteOpBus(8);

/**
 * `alu`: the CPU sends one message per arithmetic/bitwise step; the ALU table receives it.
 * a = first stack operand (top of stack, μs[0]), b = μs[1], c = μs[2] (ADDMOD/MULMOD modulus;
 * for EXP, limb 0 is the byte length of the exponent b, which the ALU proves, for the gas charge;
 * zero limbs for every other opcode), result = the pushed word. Unary opcodes send b = 0.
 */
export const ALU_BUS = 'alu';
/** Component offsets of an `alu` message. */
export const ALU_TUPLE = Object.freeze({
  opcode: 0,
  a: 1,
  b: 1 + WORD_LIMBS,
  c: 1 + 2 * WORD_LIMBS,
  result: 1 + 3 * WORD_LIMBS,
  arity: 1 + 4 * WORD_LIMBS,
});

/** Access targets on the read-write bus (`rw` tuple component `tag`). */
export const RwTag = Object.freeze({
  Stack: 1,
  Memory: 2,
  Storage: 3,
  Transient: 4,
  Account: 5,
  CallContext: 6,
  Refund: 7,
} as const);

/**
 * `rw`: offline memory checking (src/circuits/rw; the key layout of every tag, including the
 * access-list and log tags beyond this enum, is in src/circuits/rw/rw-key.ts). Every access RECEIVES the cell's previous state
 * (key, prevCounter, prevValue) and SENDS its new state (key, counter, value) with counter >
 * prevCounter (16-bit range-checked difference chunks). The statement sends each cell's initial
 * state (counter 0: zero for stack/memory, C's initial value for storage and accounts) and
 * receives each cell's final state (C's final value). `key` = (tag, frame, address, slot):
 * stack slot or memory word index in slot limb 0, storage/transient key in the slot limbs,
 * account field id in slot limb 0 for accounts.
 */
export const RW_BUS = 'rw';
/** Component offsets of an `rw` message. */
export const RW_TUPLE = Object.freeze({
  tag: 0,
  frame: 1,
  address: 2,
  slot: 2 + ADDRESS_LIMBS,
  counter: 2 + ADDRESS_LIMBS + WORD_LIMBS,
  value: 3 + ADDRESS_LIMBS + WORD_LIMBS,
  arity: 3 + ADDRESS_LIMBS + 2 * WORD_LIMBS,
});

/**
 * `bytecode`: the byte-string table (src/circuits/bytecode) receives (digest, index, byte, isCode,
 * isJumpdest) with a multiplicity; the CPU sends one per opcode fetch, PUSH immediates and
 * jump-target checks, the copy table one per code/calldata byte it reads. isCode = 0 for PUSH data
 * bytes; isJumpdest = byte is 0x5b and isCode. Indices up to n + 32 (code) or n (data) are rows
 * holding byte 0 (the first rows after a PUSH cut off by the end of the code have isCode = 0);
 * beyond that a caller proves index ≥ length on `bytecode_length` (src/circuits/bytecode).
 */
export const BYTECODE_BUS = 'bytecode';
/** Component offsets of a `bytecode` message. */
export const BYTECODE_TUPLE = Object.freeze({
  codeDigest: 0,
  pc: DIGEST_ELEMENTS,
  byte: DIGEST_ELEMENTS + 1,
  isCode: DIGEST_ELEMENTS + 2,
  isJumpdest: DIGEST_ELEMENTS + 3,
  arity: DIGEST_ELEMENTS + 4,
});
