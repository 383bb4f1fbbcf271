/**
 * Cell keys of the read-write bus `rw` (RW_TUPLE in src/circuits/buses.ts): which cell a tag,
 * frame, address and slot name, and how a key becomes the first 28 components of an `rw` tuple.
 * Every producer of `rw` messages (the access gadget's witness, `rw_cells`, the statement's
 * boundary) encodes keys through this file, so the convention is written once:
 *
 * | tag | frame | address[10] | slot[16] |
 * | --- | --- | --- | --- |
 * | Stack, Memory (private) | frame id | 0 | slot[0] = stack slot / memory word index (< 2^26), rest 0 |
 * | Storage, Transient, AccessListSlot | 0 | 16-bit limbs | 16-bit limbs of the storage key |
 * | Account | 0 | 16-bit limbs | slot[0] = `AccountField` |
 * | AccessListAccount | 0 | 16-bit limbs | 0 |
 * | Refund | 0 | 0 | 0 |
 * | Log | 0 | 0 | slot[0] = log index |
 * | CallContext | frame id | 0 | slot[0] = field id |
 *
 * Public cells are global to the transaction, so their frame component is 0 whatever frame
 * touches them (call-context cells, which no witness record produces yet, keep their frame). The access-list and log tags extend `RwTag` of buses.ts (which stops at Refund):
 * the witness trace records them as bus writes (docs/witness-trace.md, "How circuits consume it").
 */
import { ADDRESS_LIMBS, LIMB_BITS, RW_TUPLE, RwTag, WORD_LIMBS } from '../buses.ts';

/** Tags of `rw` cells: buses.ts `RwTag` plus the access-list and log tables of the witness trace. */
export const RwCellTag = Object.freeze({
  ...RwTag,
  /** EIP-2929 warm address set: value 1 once warm. */
  AccessListAccount: 8,
  /** EIP-2929 warm storage-slot set. */
  AccessListSlot: 9,
  /** Transaction log table: 1 = emitted, 0 = removed (or never emitted). */
  Log: 10,
} as const);

/** Bits of a private cell index (stack slot or memory word index): index < 2^26. */
export const PRIVATE_INDEX_BITS = 26;
/** Packed private key = tag · 2^27 + index (docs: "rw_cells"); tags 1 and 2 keep it below 2^29. */
export const PACKED_TAG_MULTIPLIER = 2 ** 27;
/** Key components of an `rw` tuple (tag, frame, address, slot): everything before the counter. */
export const RW_KEY_ARITY = RW_TUPLE.counter;
/**
 * Counters must stay below 2^30: the access gadget proves counter − prevCounter − 1 < 2^30 + 2^16,
 * which implies counter > prevCounter only while counters cannot wrap around p ≈ 2^30.9.
 */
export const MAX_RW_COUNTER = 2 ** 30;

/** Frame ids of private cells are below 2^24 (a transaction cannot open that many frames). */
export const MAX_FRAME_ID = 2 ** 24;

const ADDRESS_MAX = (1n << 160n) - 1n;
const WORD_MAX = (1n << 256n) - 1n;

/** Thrown for a key or value that does not fit the bus encoding. */
export class RwKeyError extends Error {
  constructor(
    message: string,
    readonly details: { tag: number; frame: number; address: bigint; slot: bigint },
  ) {
    super(message);
    this.name = 'RwKeyError';
  }
}

/** One cell of the read-write bus. `slot` is the stack slot / word index / storage key / field / log index. */
export interface RwCellKey {
  readonly tag: number;
  readonly frame: number;
  readonly address: bigint;
  readonly slot: bigint;
}

/** Whether cells of `tag` are private (stack, memory: `rw_cells` table) rather than public (statement). */
export function isPrivateTag(tag: number): boolean {
  return tag === RwTag.Stack || tag === RwTag.Memory;
}

/** Throw RwKeyError unless `key` follows the encoding table above. */
export function checkRwKey(key: RwCellKey): void {
  const fail = (what: string): never => {
    throw new RwKeyError(`rw key (tag ${key.tag}, frame ${key.frame}, slot ${key.slot}): ${what}`, key);
  };
  const { tag, frame, address, slot } = key;
  if (!Number.isInteger(tag) || tag < RwTag.Stack || tag > RwCellTag.Log) fail('unknown tag');
  if (isPrivateTag(tag)) {
    if (!Number.isInteger(frame) || frame < 0 || frame >= MAX_FRAME_ID) fail('private cell needs a frame id in [0, 2^24)');
    if (address !== 0n) fail('private cell has a nonzero address');
    if (slot < 0n || slot >= 1n << BigInt(PRIVATE_INDEX_BITS)) fail(`private index not below 2^${PRIVATE_INDEX_BITS}`);
    return;
  }
  if (tag === RwTag.CallContext) {
    if (!Number.isInteger(frame) || frame < 0 || frame >= 2 ** 30) fail('call-context cell needs a frame id in [0, 2^30)');
  } else if (frame !== 0) fail('public cell must use frame 0');
  if (address < 0n || address > ADDRESS_MAX) fail('address is not 160 bits');
  if (slot < 0n || slot > WORD_MAX) fail('slot is not 256 bits');
  const noAddress = tag === RwTag.Refund || tag === RwCellTag.Log || tag === RwTag.CallContext;
  if (noAddress && address !== 0n) fail('this tag has no address');
  const smallSlot = tag === RwTag.Account || tag === RwCellTag.Log || tag === RwTag.CallContext;
  if (smallSlot && slot >= 1n << 30n) fail('field / index slot must be below 2^30');
  if ((tag === RwTag.Refund || tag === RwCellTag.AccessListAccount) && slot !== 0n) fail('this tag has no slot');
}

/** `n` little-endian 16-bit limbs of a non-negative bigint (which must fit). */
export function bigLimbs(v: bigint, n: number): number[] {
  const out = new Array<number>(n);
  let x = v;
  for (let j = 0; j < n; j++) {
    out[j] = Number(x & 0xffffn);
    x >>= BigInt(LIMB_BITS);
  }
  return out;
}

/**
 * Write the sixteen 16-bit limbs of a 256-bit word into `out` at `columns` (little-endian); words
 * below 2^32 (most stack and memory values) skip the bigint loop.
 */
export function writeWordLimbs(out: number[] | Uint32Array, columns: readonly number[], v: bigint): void {
  if (v >= 0n && v < 0x100000000n) {
    const n = Number(v);
    out[columns[0]!] = n & 0xffff;
    out[columns[1]!] = n >>> 16;
    for (let j = 2; j < WORD_LIMBS; j++) out[columns[j]!] = 0;
    return;
  }
  const limbs = bigLimbs(v, WORD_LIMBS);
  for (let j = 0; j < WORD_LIMBS; j++) out[columns[j]!] = limbs[j]!;
}

/** Write the key components of `key` into `out` at `offset` (RW_KEY_ARITY values). */
export function writeRwKey(out: number[] | Uint32Array, offset: number, key: RwCellKey): void {
  out[offset + RW_TUPLE.tag] = key.tag;
  out[offset + RW_TUPLE.frame] = key.frame;
  const addr = bigLimbs(key.address, ADDRESS_LIMBS);
  for (let j = 0; j < ADDRESS_LIMBS; j++) out[offset + RW_TUPLE.address + j] = addr[j]!;
  const slot: number[] = smallSlotTag(key.tag) ? [Number(key.slot), ...new Array<number>(WORD_LIMBS - 1).fill(0)] : bigLimbs(key.slot, WORD_LIMBS);
  for (let j = 0; j < WORD_LIMBS; j++) out[offset + RW_TUPLE.slot + j] = slot[j]!;
}

/** Whether the slot of `tag` is one field element in slot limb 0 (an index or field id), not 16-bit limbs. */
function smallSlotTag(tag: number): boolean {
  return isPrivateTag(tag) || tag === RwTag.Account || tag === RwCellTag.Log || tag === RwTag.CallContext;
}

/** The full `rw` tuple (key, counter, value) of a cell state; the value is a 256-bit word. */
export function rwTuple(key: RwCellKey, counter: number, value: bigint): number[] {
  const t = new Array<number>(RW_TUPLE.arity).fill(0);
  writeRwKey(t, 0, key);
  t[RW_TUPLE.counter] = counter;
  const limbs = bigLimbs(value, WORD_LIMBS);
  for (let j = 0; j < WORD_LIMBS; j++) t[RW_TUPLE.value + j] = limbs[j]!;
  return t;
}

/** Packed key of a private cell: tag · 2^27 + index (strictly increasing down `rw_cells`). */
export function packedPrivateKey(tag: number, index: number): number {
  return tag * PACKED_TAG_MULTIPLIER + index;
}

/** A string identifying a cell (map key for the ledger and distinctness checks). */
export function rwCellId(key: RwCellKey): string {
  return `${key.tag}:${key.frame}:${key.address.toString(16)}:${key.slot.toString(16)}`;
}
