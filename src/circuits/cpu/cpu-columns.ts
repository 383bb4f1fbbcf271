/**
 * Columns of the `cpu` table: one row per EVM step of one call frame, then padding rows.
 *
 * | column | meaning |
 * | --- | --- |
 * | `active` | 1 on step rows, 0 on the padding rows after the halting step |
 * | `step` | step counter (0 on the first row, +1 per active row) |
 * | `pc`, `opcode` | program counter and the opcode fetched there (`bytecode` lookup) |
 * | `gas` | gas left before the step |
 * | `sp` | stack height before the step |
 * | `mem` | active memory size in 32-byte words before the step |
 * | `rwcBase` | read-write counter of the step's first access; access slot i uses rwcBase + i |
 * | `sel[f]` | one-hot family selector (order: `CPU_FAMILIES`), all zero on padding rows |
 * | `staticGas`, `nIn`, `nOut`, `imm`, `flags` | the opcode's `opcode_info` row (bound by the lookup) |
 * | `gasLo`, `gasHi` | gas left after the step = gasLo + 2^16·gasHi, range-checked < 2^30 |
 * | `gap` | 2 bits: counters the trace spends between this step's accesses and the next step's (non-bus records) |
 * | `errOog` … `errStatic` | exceptional-halt kind of a failing last step (cpu-errors.ts); the family selectors are 0 there |
 * | `errFamily` | the failing opcode's family (for the `opcode_info` lookup) |
 * | `errRead[4]` | the stack reads a failing step makes (its nIn top items) |
 * | `jumpFar`, `jumpFarInv`, `jumpByte`, `jumpIsCode` | invalid jump: target ≥ 2^16, or the target's bytecode row (isJumpdest 0) |
 * | `cdLen` … `cdSlack` | CALLDATALOAD: calldata length, bytes in range, partial/far flags, range-checked slack (cpu-calldata.ts) |
 * | `retData`, `retSizeInv` | RETURN/REVERT: output size ≠ 0, and the inverse of its limb sum |
 * | `copyRwcEnd` | RETURN/REVERT with data: the counter after the copy table's memory reads |
 * | `expBytes` | EXP: byte length of the exponent (the ALU proves it; bus c limb 0) |
 * | `jumpTaken` | 1 when the step sets pc to the jump target (JUMP; JUMPI with a nonzero condition) |
 * | `condInv` | JUMPI: inverse of the condition's limb sum (0 when the condition is 0) |
 * | `bytes[32]` | PUSH: immediate bytes, little-endian (byte j is code[pc + imm − j]) |
 * | `mask[32]` | PUSH: mask[j] = [j < imm] (which immediate bytes are looked up); CALLDATALOAD: [offset + j < length] |
 * | `envSel[15]` | env family sub-selector, order `ENV_OPCODES` |
 * | `mloadAligned` … `mstoreUnaligned` | MLOAD / MSTORE split by alignment (unaligned touches two words) |
 * | `shift[32]` | memory ops: one-hot offset mod 32 |
 * | `word` | memory ops: offset / 32 (first word touched) |
 * | `expand`, `memDiffLo`, `memDiffHi` | memory ops: whether memory grows, and the range-checked distance to the old size |
 * | `memAfter` | memory size in words after the step (= mem except for growing memory ops) |
 * | `memHi`, `memLo`, `memQ`, `memR` | memAfter = 2^10·memHi + memLo, memLo² = 512·memQ + memR: floor(memAfter²/512) |
 * | `memCost` | 3·mem + floor(mem²/512), the memory cost already paid |
 * | `original[16]` | SSTORE: the slot's value at transaction start (looked up on `storage_original`) |
 * | `eqNewCurrent` … `zeroNew` | SSTORE: EQ / ISZERO flags of new, current and original values (from the `alu` table) |
 * | `clean`, `dirty` | SSTORE: value changes a slot still at its original value / already changed |
 * | `refundDelta`, `refundDeltaInv`, `refundChanged` | SSTORE: EIP-3529 refund change, its inverse, whether it is nonzero |
 * | `sentryLo`, `sentryHi` | SSTORE: gas − 2301 ≥ 0 (EIP-2200 sentry), range-checked |
 * | `warmRw`, `stateRw`, `refundRw` | state slots (rw gadget blocks): the access-list cell, the storage/transient cell, the refund counter |
 * | `bytesA[32]`, `bytesB[32]` | memory ops: little-endian bytes of the first / second word (old words for stores); `bytes` holds the stack word |
 * | `slot{i}_*` | access slot i (cpu-access.ts): tag, key, and the rw gadget block (prevCounter, diff chunks, prevValue[16], value[16]) |
 *
 * Family selectors (docs-ready; `sel` order):
 *
 * | selector | opcodes | stack accesses (slot: R read / W write, stack index) |
 * | --- | --- | --- |
 * | stop | STOP | none; halts with status 1 |
 * | ret | RETURN, REVERT | 0: R sp−1 offset, 1: R sp−2 size; output bytes by a `copy` message (memory → return-data stream); status 2 / 3 |
 * | push | PUSH0..PUSH32 | 0: W sp = immediate (bytecode lookups of `imm` bytes, isCode = 0) |
 * | pop | POP | 0: R sp−1 |
 * | dup | DUP1..16 (n = opcode − 0x7f) | 0: R sp−n, 1: W sp = slot 0 |
 * | swap | SWAP1..16 (n = opcode − 0x8f) | 0: R sp−1, 1: R sp−1−n, 2: W sp−1 = slot 1, 3: W sp−1−n = slot 0 |
 * | alu1 | ISZERO, NOT | 0: R sp−1 a, 1: W sp−1 result; `alu` send (op, a, 0, 0, r) |
 * | alu2 | binary ALU ops | 0: R a, 1: R b, 2: W sp−2 result; `alu` send (op, a, b, 0, r) |
 * | alu3 | ADDMOD, MULMOD | 0..2: R a, b, c, 3: W sp−3 result; `alu` send (op, a, b, c, r) |
 * | exp | EXP | as alu2; `alu` send (EXP, a, b, expBytes, r); dynamic gas 50·expBytes |
 * | jump | JUMP | 0: R sp−1 target; `bytecode` lookup (target, 0x5b, isCode 1, isJumpdest 1) |
 * | jumpi | JUMPI | 0: R target, 1: R condition; the lookup when the condition is nonzero |
 * | jumpdest | JUMPDEST | none |
 * | pc / gas / msize | PC, GAS, MSIZE | 0: W sp = pc / gas left after the step / 32·mem |
 * | mload | MLOAD (aligned / unaligned) | 0: R sp−1 offset, 1: R memory word, [2: R next word], then W sp−1 result |
 * | mstore | MSTORE (aligned / unaligned) | 0: R sp−1 offset, 1: R sp−2 value, 2: W memory word, [3: W next word] |
 * | mstore8 | MSTORE8 | 0: R offset, 1: R value, 2: W memory word (one byte replaced) |
 * | sload | SLOAD | 0: R key, warm: W (AccessListSlot) = 1, state: R storage, 3: W sp−1 value; gas 100 + 2000 if cold |
 * | sstore | SSTORE | 0: R key, 1: R value, warm: W = 1, state: W storage, refund: W if changed; EIP-2200/2929/3529 gas and refund |
 * | selfbalance | SELFBALANCE | state: R Account(ADDRESS).balance, 1: W sp = balance |
 * | tload | TLOAD | 0: R key, state: R transient, 2: W sp−1 value |
 * | tstore | TSTORE | 0: R key, 1: R value, state: W transient (not in a static frame) |
 * | calldataload | CALLDATALOAD | 0: R sp−1 offset, (the Copy record's counter), 2: W sp−1 = calldata[offset..offset+32) |
 * | env | ADDRESS CALLER CALLVALUE ORIGIN GASPRICE COINBASE TIMESTAMP NUMBER PREVRANDAO GASLIMIT CHAINID BASEFEE BLOBBASEFEE CALLDATASIZE CODESIZE | 0: W sp = the public word; CODESIZE also looks up (codeDigest, size) on `bytecode_length` |
 */
import { schema } from '../../stark/index.ts';
import { WORD_LIMBS } from '../buses.ts';
import { RW_ACCESS_WIDTH, type RwAccessBlock } from '../rw/rw-access.ts';
import { ACCESS_SLOT_FIELDS, ACCESS_SLOTS, slotAccessBlock } from './cpu-access.ts';
import { ENV_OPCODES, Family, IMPLEMENTED_FAMILIES } from './opcode-info.ts';

/** Families with a selector column, in `sel` order. */
export const CPU_FAMILIES: readonly Family[] = IMPLEMENTED_FAMILIES;

/** Index within `sel` of each implemented family. */
export function selectorIndex(f: Family): number {
  const i = CPU_FAMILIES.indexOf(f);
  if (i < 0) throw new Error(`family ${f} has no CPU selector`);
  return i;
}

/** Bytes in a word. */
export const WORD_BYTES = 32;
const LIMBS_PER_WORD = WORD_LIMBS;

function slotEntries(): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < ACCESS_SLOTS; i++) for (const [name, width] of Object.entries(ACCESS_SLOT_FIELDS)) out[`slot${i}_${name}`] = width;
  return out;
}

/** The cpu table's column schema. */
export const CPU_COLUMNS = schema({
  active: 1,
  step: 1,
  pc: 1,
  opcode: 1,
  gas: 1,
  sp: 1,
  mem: 1,
  rwcBase: 1,
  sel: CPU_FAMILIES.length,
  staticGas: 1,
  nIn: 1,
  nOut: 1,
  imm: 1,
  flags: 1,
  gasLo: 1,
  gasHi: 1,
  gap: 2,
  expBytes: 1,
  errOog: 1,
  errInvalid: 1,
  errUnderflow: 1,
  errOverflow: 1,
  errJump: 1,
  errJumpi: 1,
  errStatic: 1,
  errFamily: 1,
  errRead: 4,
  jumpFar: 1,
  jumpFarInv: 1,
  jumpByte: 1,
  jumpIsCode: 1,
  cdLen: 1,
  cdCount: 1,
  cdPartial: 1,
  cdFar: 1,
  cdFarInv: 1,
  cdSlack: 1,
  retData: 1,
  retSizeInv: 1,
  copyRwcEnd: 1,
  jumpTaken: 1,
  condInv: 1,
  bytes: WORD_BYTES,
  mask: WORD_BYTES,
  envSel: ENV_OPCODES.length,
  mloadAligned: 1,
  mloadUnaligned: 1,
  mstoreAligned: 1,
  mstoreUnaligned: 1,
  shift: WORD_BYTES,
  word: 1,
  expand: 1,
  memAfter: 1,
  memHi: 1,
  memLo: 1,
  memQ: 1,
  memR: 1,
  memCost: 1,
  memDiffLo: 1,
  memDiffHi: 1,
  bytesA: WORD_BYTES,
  bytesB: WORD_BYTES,
  original: LIMBS_PER_WORD,
  eqNewCurrent: 1,
  eqCurrentOriginal: 1,
  eqNewOriginal: 1,
  zeroOriginal: 1,
  zeroCurrent: 1,
  zeroNew: 1,
  clean: 1,
  dirty: 1,
  refundDelta: 1,
  refundDeltaInv: 1,
  refundChanged: 1,
  sentryLo: 1,
  sentryHi: 1,
  warmRw: RW_ACCESS_WIDTH,
  stateRw: RW_ACCESS_WIDTH,
  refundRw: RW_ACCESS_WIDTH,
  ...(slotEntries() as Record<`slot${number}_${keyof typeof ACCESS_SLOT_FIELDS}`, number>),
});

/** Column indices of access slot i: its tag and key plus the rw gadget's block. */
export interface SlotColumns {
  readonly tag: number;
  readonly key: number;
  readonly block: RwAccessBlock;
  /** The new value's limbs (block.value). */
  readonly value: readonly number[];
}

/** The column block of access slot i. */
export function slotColumns(i: number): SlotColumns {
  const c = CPU_COLUMNS as unknown as Record<string, number | readonly number[]>;
  const block = slotAccessBlock(c[`slot${i}_rw`] as readonly number[]);
  return { tag: c[`slot${i}_tag`] as number, key: c[`slot${i}_key`] as number, block, value: block.value };
}

/** The state slots' gadget blocks: access-list cell, storage/transient cell, refund counter. */
export const STATE_SLOTS = Object.freeze({
  warm: slotAccessBlock(CPU_COLUMNS.warmRw),
  state: slotAccessBlock(CPU_COLUMNS.stateRw),
  refund: slotAccessBlock(CPU_COLUMNS.refundRw),
});

/** All slots' column blocks. */
export const SLOTS: readonly SlotColumns[] = Object.freeze(Array.from({ length: ACCESS_SLOTS }, (_, i) => slotColumns(i)));

/** Number of limbs of a word on the buses (re-exported for the family files). */
export const LIMBS = WORD_LIMBS;
