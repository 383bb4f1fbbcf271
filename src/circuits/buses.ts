/**
 * The named LogUp buses shared by the zkEVM circuit tables, with their tuple layouts.
 *
 * A bus message is a tuple of BabyBear elements. 256-bit EVM words travel as sixteen 16-bit limbs,
 * least significant first (limb j = bits 16j..16j+15), so every tuple component is canonical and a
 * word costs 16 components. Each layout below is an object of component offsets plus `arity`;
 * senders and receivers build tuples through these offsets so the column order is written once.
 *
 * Status (see docs/circuits.md): the `alu` bus and the range/byte-op lookups are implemented
 * (src/circuits/alu, src/stark/lookups.ts); `rw`, `bytecode`, `copy`, `keccak` and `opcode_info`
 * are the planned layouts the CPU, read-write, bytecode, copy and keccak tables will use.
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
 * a = first stack operand (top of stack, μs[0]), b = μs[1], c = μs[2] (ADDMOD/MULMOD modulus,
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
 * `rw` (planned): offline memory checking. Every access RECEIVES the cell's previous state
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
 * `bytecode` (planned): the bytecode table receives (code digest, pc, byte, isCode, isJumpdest)
 * with a multiplicity; the CPU sends one per opcode fetch, PUSH immediates and jump-target checks.
 * isCode = 0 for PUSH data bytes; isJumpdest = byte is 0x5b and isCode. Past the code end the
 * table yields byte 0 (STOP) with isCode = 1, isJumpdest = 0.
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

/**
 * `copy` (planned): the CPU sends one message per copying step (CALLDATACOPY, CODECOPY,
 * RETURNDATACOPY, MCOPY, CALLDATALOAD, LOGn data, KECCAK256 input); the copy table receives it and
 * moves `length` bytes from (srcTag, srcId, srcOffset) to (dstTag, dstId, dstOffset), issuing its
 * own `rw` accesses from counter `rwcStart`, and reports `rlc`, a byte fingerprint of the data
 * that the keccak and log tables consume.
 */
export const COPY_BUS = 'copy';
/** Component offsets of a `copy` message. */
export const COPY_TUPLE = Object.freeze({
  srcTag: 0,
  srcId: 1,
  srcOffset: 2,
  dstTag: 3,
  dstId: 4,
  dstOffset: 5,
  length: 6,
  rwcStart: 7,
  rlc: 8,
  arity: 9,
});

/**
 * `keccak` (planned): the CPU sends (input fingerprint, length, hash) for KECCAK256; the keccak
 * sponge table receives it, absorbing the bytes the copy table delivered (same fingerprint) through
 * `keccak_f` permutations (src/stark/airs/keccak-air.ts).
 */
export const KECCAK_BUS = 'keccak';
/** Component offsets of a `keccak` message. */
export const KECCAK_TUPLE = Object.freeze({
  rlc: 0,
  length: 1,
  hash: 2,
  arity: 2 + WORD_LIMBS,
});

/**
 * `opcode_info` (planned): a preprocessed table built from src/evm/opcodes.ts receives
 * (opcode, staticGas, inputs, outputs, immediates, flags, proven); the CPU looks up its opcode
 * once per step, so static gas and stack bounds come from the same data as the interpreter's.
 */
export const OPCODE_INFO_BUS = 'opcode_info';
/** Component offsets of an `opcode_info` message. */
export const OPCODE_INFO_TUPLE = Object.freeze({
  opcode: 0,
  staticGas: 1,
  inputs: 2,
  outputs: 3,
  immediates: 4,
  flags: 5,
  proven: 6,
  arity: 7,
});
