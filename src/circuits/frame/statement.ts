/**
 * The public statement of one proven call frame (issue 4, "What one proof states"):
 *
 *   running the code with Poseidon2 digest H, calldata D, environment E and gas limit G gives
 *   status, gas used, refund, return data R, logs L and the state change C.
 *
 * H, D and R are the Poseidon2 byte-string digests of the bytecode table (8 BabyBear elements
 * each, with the byte lengths next to them: CODESIZE, CALLDATASIZE and RETURNDATASIZE need them).
 * The return data itself travels in the statement (R is derived from it): the copy table streams
 * the RETURN/REVERT output on `byte_stream`, and no table turns a stream back into a digest, so the
 * verifier receives the stream from the bytes (statement-stark.ts) and R = dataDigest(bytes).
 * L is the Poseidon2 digest of the logs under the encoding documented at {@link logsDigest}; the
 * logs themselves travel in the statement so the verifier can rebuild the log boundary messages.
 * C is the list of public read-write cells the frame touched (storage, transient storage, account
 * fields, access-list bits, the refund counter) with their initial and final values; it enters
 * the proof as `rw` bus boundary messages (the statement SENDS each cell's initial state at
 * counter 0 and RECEIVES its final state at the cell's last counter), so the tables' accesses
 * must form a complete read-write history between exactly these two states.
 *
 * Cells are sorted by key (tag, address, slot), strictly, which makes "distinct keys" a local
 * check and the encoding canonical. A frame that does not succeed keeps no state change, so
 * every cell then has final = initial: the bus then forces the reversion writes of the witness
 * trace (docs/witness-trace.md, "Reverts") to restore every value.
 *
 * Mapping to STARK public inputs: {@link statementPublicValues} names every field element
 * (`codeDigest.3`, `gasLimit.0`, `caller.9`, ...); a table declares the names it wants as its
 * `publicInputs` and {@link publicInputsFor} fills them, so the layout lives in one place.
 */
import { P } from '../../field/babybear.ts';
import { poseidon2Hash } from '../../hash/poseidon2-sponge.ts';
import { dataDigest } from '../bytecode/code-digest.ts';
import type { BoundaryMessage } from '../../stark/index.ts';
import { ADDRESS_LIMBS, DIGEST_ELEMENTS, RW_BUS, RW_TUPLE, RwTag, WORD_LIMBS } from '../buses.ts';

/** How the frame ended: success (STOP, RETURN), REVERT, or an exceptional halt. */
export type FrameStatus = 'success' | 'revert' | 'halt';

/** Public-input code of each status. */
export const STATUS_CODE: Readonly<Record<FrameStatus, number>> = Object.freeze({ success: 0, revert: 1, halt: 2 });

/** The frame's environment E: call context and block fields the opcodes read. */
export interface FrameEnvironment {
  readonly caller: bigint;
  readonly address: bigint;
  readonly value: bigint;
  readonly origin: bigint;
  readonly gasPrice: bigint;
  readonly coinbase: bigint;
  readonly timestamp: bigint;
  readonly number: bigint;
  readonly prevRandao: bigint;
  /** The block's gas limit (GASLIMIT), not the frame's. */
  readonly blockGasLimit: bigint;
  readonly chainId: bigint;
  readonly baseFee: bigint;
  readonly blobBaseFee: bigint;
  readonly isStatic: boolean;
}

/** Field names of {@link FrameEnvironment} holding 160-bit addresses. */
export const ENV_ADDRESS_FIELDS = Object.freeze(['caller', 'address', 'origin', 'coinbase'] as const);
/** Field names of {@link FrameEnvironment} holding 256-bit words. */
export const ENV_WORD_FIELDS = Object.freeze([
  'value', 'gasPrice', 'timestamp', 'number', 'prevRandao', 'blockGasLimit', 'chainId', 'baseFee', 'blobBaseFee',
] as const);

/**
 * Tags of public cells. Storage, transient storage, account fields and the refund counter use the
 * `rw` tags of src/circuits/buses.ts; the EIP-2929 access-list bits (a warm address, a warm slot)
 * and the transaction log table (slot = log index, 1 = emitted) have no tag there and take the
 * next free values, as src/circuits/rw/rw-key.ts `RwCellTag` does.
 */
export const PublicCellTag = Object.freeze({
  Storage: RwTag.Storage,
  Transient: RwTag.Transient,
  Account: RwTag.Account,
  Refund: RwTag.Refund,
  AccessListAccount: 8,
  AccessListSlot: 9,
  Log: 10,
} as const);
/** A value of {@link PublicCellTag}. */
export type PublicCellTag = (typeof PublicCellTag)[keyof typeof PublicCellTag];

/** Names of cell tags, as written in the JSON form. */
export const CELL_TAG_NAMES: Readonly<Record<PublicCellTag, string>> = Object.freeze({
  [PublicCellTag.Storage]: 'storage',
  [PublicCellTag.Transient]: 'transient',
  [PublicCellTag.Account]: 'account',
  [PublicCellTag.Refund]: 'refund',
  [PublicCellTag.AccessListAccount]: 'warmAddress',
  [PublicCellTag.AccessListSlot]: 'warmSlot',
  [PublicCellTag.Log]: 'log',
});

/**
 * One public cell of C. `slot` is the storage/transient key, the account field id
 * (src/evm/tracers AccountField) for accounts, the log index for logs, and 0 for the refund
 * counter and warm addresses; `address` is 0 for the refund counter and logs. `lastCounter` is
 * the rw counter of the frame's last access to the cell (the final state's counter on the bus).
 * `sstores` is the number of SSTOREs to a storage cell (0 for other tags): each one looks up the
 * cell's original value on `storage_original` (EIP-2200), and the statement answers with the
 * cell's initial value that many times. Like `lastCounter` it is a fact of the execution the
 * verifier cannot derive; publishing it reveals nothing the trace does not imply.
 */
export interface StateCell {
  readonly tag: PublicCellTag;
  readonly address: bigint;
  readonly slot: bigint;
  readonly initial: bigint;
  readonly final: bigint;
  readonly lastCounter: number;
  readonly sstores: number;
}

/** A log the frame emitted and kept. */
export interface FrameLog {
  readonly address: bigint;
  readonly topics: readonly bigint[];
  readonly data: Uint8Array;
}

/** A Poseidon2 digest: 8 canonical BabyBear elements. */
export type Digest = Uint32Array;

/** The public statement of one frame. */
export interface FrameStatement {
  /** H: Poseidon2 byte-string digest of the code, and the code length. */
  readonly codeDigest: Digest;
  readonly codeLength: number;
  /** D: digest and length of the calldata. */
  readonly calldataDigest: Digest;
  readonly calldataLength: number;
  /** E. */
  readonly env: FrameEnvironment;
  /** G: gas available to the frame at its first instruction. */
  readonly gasLimit: bigint;
  readonly status: FrameStatus;
  /** The precise halt reason (src/evm/halt.ts value: 1 STOP, 2 RETURN, 3 REVERT, 5 out of gas, ...). */
  readonly haltReason: number;
  /** The rw counter of the frame's first access (the counters of its accesses follow). */
  readonly rwcFirst: number;
  /** Gas the frame consumed (G minus gas left at its end). */
  readonly gasUsed: bigint;
  /** The refund counter at the frame's end (before the EIP-3529 cap, which is transaction level). */
  readonly refund: bigint;
  /** The return data (RETURN or REVERT output; empty otherwise); R = dataDigest(returnData). */
  readonly returnData: Uint8Array;
  /**
   * Id of the return-data byte stream (the CPU names it by the halting step's rw counter); 0 when
   * the return data is empty.
   */
  readonly returnDataStreamId: number;
  /** The kept logs, in order; L = logsDigest(logs). */
  readonly logs: readonly FrameLog[];
  /** C, sorted strictly by (tag, address, slot). */
  readonly cells: readonly StateCell[];
}

/** A statement field is missing, malformed or inconsistent; `field` names it (`cells[2].final`). */
export class StatementError extends Error {
  override readonly name = 'StatementError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`statement ${field}: ${problem}`);
  }
}

const TWO_64 = 1n << 64n;
const TWO_160 = 1n << 160n;
const TWO_256 = 1n << 256n;
/** Largest byte length a statement accepts (memory-bound EVM data is far smaller). */
export const MAX_DATA_LENGTH = 2 ** 30;
const MAX_TOPICS = 4;
/** Elements of the gas fields in public inputs: 64-bit quantities as four 16-bit limbs. */
export const GAS_LIMBS = 4;

/** `count` 16-bit limbs of a non-negative value, little-endian. */
export function limbs16(v: bigint, count: number): number[] {
  const out = new Array<number>(count);
  let x = v;
  for (let j = 0; j < count; j++) {
    out[j] = Number(x & 0xffffn);
    x >>= 16n;
  }
  return out;
}

function checkWord(field: string, v: unknown, bound: bigint, what: string): void {
  if (typeof v !== 'bigint' || v < 0n || v >= bound) throw new StatementError(field, `not a ${what}`);
}

function checkLength(field: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_DATA_LENGTH) {
    throw new StatementError(field, `not a byte length in [0, 2^30]`);
  }
}

function checkDigest(field: string, d: unknown): void {
  if (!(d instanceof Uint32Array) || d.length !== DIGEST_ELEMENTS) throw new StatementError(field, `not a digest of ${DIGEST_ELEMENTS} elements`);
  for (const e of d) if (e >= P) throw new StatementError(field, `element ${e} is not a canonical BabyBear element`);
}

/** Total order of cell keys: tag, then address, then slot. */
export function compareCellKeys(a: StateCell, b: StateCell): number {
  if (a.tag !== b.tag) return a.tag - b.tag;
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  if (a.slot !== b.slot) return a.slot < b.slot ? -1 : 1;
  return 0;
}

const KNOWN_TAGS = new Set<number>(Object.values(PublicCellTag));

function checkCell(field: string, c: StateCell): void {
  if (!KNOWN_TAGS.has(c.tag)) throw new StatementError(`${field}.tag`, `unknown cell tag ${String(c.tag)}`);
  checkWord(`${field}.address`, c.address, TWO_160, '160-bit address');
  checkWord(`${field}.slot`, c.slot, TWO_256, '256-bit word');
  checkWord(`${field}.initial`, c.initial, TWO_256, '256-bit word');
  checkWord(`${field}.final`, c.final, TWO_256, '256-bit word');
  if (!Number.isInteger(c.lastCounter) || c.lastCounter < 1 || c.lastCounter >= P) {
    throw new StatementError(`${field}.lastCounter`, 'not a counter in [1, p)');
  }
  if (!Number.isInteger(c.sstores) || c.sstores < 0 || c.sstores >= 2 ** 30) throw new StatementError(`${field}.sstores`, 'not a count in [0, 2^30)');
  if (c.tag !== PublicCellTag.Storage && c.sstores !== 0) throw new StatementError(`${field}.sstores`, 'only storage cells are SSTORE targets');
  if (c.tag === PublicCellTag.Refund && (c.address !== 0n || c.slot !== 0n)) throw new StatementError(field, 'the refund cell has address 0 and slot 0');
  if (c.tag === PublicCellTag.Log && (c.address !== 0n || c.slot >= 1n << 30n)) throw new StatementError(field, 'a log cell has address 0 and an index below 2^30');
  if (c.tag === PublicCellTag.AccessListAccount && c.slot !== 0n) throw new StatementError(`${field}.slot`, 'a warm-address cell has slot 0');
  if (c.tag === PublicCellTag.Account && c.slot > 3n) throw new StatementError(`${field}.slot`, 'not an account field id (0..3)');
  const bit = c.tag === PublicCellTag.AccessListAccount || c.tag === PublicCellTag.AccessListSlot || c.tag === PublicCellTag.Log;
  if (bit && (c.initial > 1n || c.final > 1n)) throw new StatementError(field, 'an access-list or log cell holds 0 or 1');
}

/**
 * Throws StatementError naming the first bad field: ranges, digest elements, log shape, cells
 * sorted with distinct keys, final = initial unless the status is success, gas used within G
 * (all of G after an exceptional halt), refund = the refund cell's final value (0 without one),
 * one log cell ending at 1 per kept log.
 */
export function validateStatement(s: FrameStatement): void {
  checkDigest('codeDigest', s.codeDigest);
  checkLength('codeLength', s.codeLength);
  checkDigest('calldataDigest', s.calldataDigest);
  checkLength('calldataLength', s.calldataLength);
  if (!(s.returnData instanceof Uint8Array)) throw new StatementError('returnData', 'not bytes');
  checkLength('returnData', s.returnData.length);
  const streamId = s.returnDataStreamId;
  if (!Number.isInteger(streamId) || streamId < 0 || streamId >= 2 ** 30 || (streamId === 0) !== (s.returnData.length === 0)) {
    throw new StatementError('returnDataStreamId', 'not a counter in [1, 2^30) with return data, 0 without');
  }
  for (const f of ENV_ADDRESS_FIELDS) checkWord(`env.${f}`, s.env[f], TWO_160, '160-bit address');
  for (const f of ENV_WORD_FIELDS) checkWord(`env.${f}`, s.env[f], TWO_256, '256-bit word');
  if (typeof s.env.isStatic !== 'boolean') throw new StatementError('env.isStatic', 'not a boolean');
  checkWord('gasLimit', s.gasLimit, TWO_64, '64-bit quantity');
  checkWord('gasUsed', s.gasUsed, TWO_64, '64-bit quantity');
  checkWord('refund', s.refund, TWO_64, '64-bit quantity');
  if (!Object.hasOwn(STATUS_CODE, s.status)) throw new StatementError('status', `not one of success, revert, halt`);
  if (!Number.isInteger(s.haltReason) || s.haltReason < 1 || s.haltReason > 15) throw new StatementError('haltReason', 'not a halt reason (1..15)');
  const expected: FrameStatus = [1, 2, 4].includes(s.haltReason) ? 'success' : s.haltReason === 3 ? 'revert' : 'halt';
  if (s.status !== expected) throw new StatementError('haltReason', `${s.haltReason} means ${expected}, not ${s.status}`);
  if (!Number.isInteger(s.rwcFirst) || s.rwcFirst < 1 || s.rwcFirst >= 2 ** 30) throw new StatementError('rwcFirst', 'not a counter in [1, 2^30)');
  if (s.gasUsed > s.gasLimit) throw new StatementError('gasUsed', 'exceeds gasLimit');
  if (s.status === 'halt' && s.gasUsed !== s.gasLimit) throw new StatementError('gasUsed', 'an exceptional halt consumes all of gasLimit');
  if (s.status === 'halt' && s.returnData.length !== 0) throw new StatementError('returnData', 'an exceptional halt returns no data');
  if (s.status !== 'success' && s.logs.length > 0) throw new StatementError('logs', 'a frame that does not succeed keeps no log');
  s.logs.forEach((log, i) => {
    checkWord(`logs[${i}].address`, log.address, TWO_160, '160-bit address');
    if (log.topics.length > MAX_TOPICS) throw new StatementError(`logs[${i}].topics`, `more than ${MAX_TOPICS} topics`);
    log.topics.forEach((t, j) => checkWord(`logs[${i}].topics[${j}]`, t, TWO_256, '256-bit word'));
    if (!(log.data instanceof Uint8Array)) throw new StatementError(`logs[${i}].data`, 'not bytes');
    checkLength(`logs[${i}].data`, log.data.length);
  });
  let refundCell: StateCell | undefined;
  let keptLogCells = 0;
  s.cells.forEach((c, i) => {
    checkCell(`cells[${i}]`, c);
    if (i > 0 && compareCellKeys(s.cells[i - 1]!, c) >= 0) {
      throw new StatementError(`cells[${i}]`, 'keys are not strictly increasing (cells must be sorted and distinct)');
    }
    if (s.status !== 'success' && c.final !== c.initial) {
      throw new StatementError(`cells[${i}].final`, `differs from initial although the status is ${s.status}`);
    }
    if (c.tag === PublicCellTag.Transient && c.initial !== 0n) throw new StatementError(`cells[${i}].initial`, 'transient storage starts at 0');
    if (c.tag === PublicCellTag.Refund) refundCell = c;
    if (c.tag === PublicCellTag.Log && c.final === 1n) keptLogCells++;
  });
  if (keptLogCells !== s.logs.length) {
    throw new StatementError('logs', `${s.logs.length} logs, but ${keptLogCells} log cells end emitted`);
  }
  const refund = refundCell?.final ?? 0n;
  if (s.refund !== refund) throw new StatementError('refund', `is ${s.refund}, but the refund cell ends at ${refund}`);
}

/**
 * L: Poseidon2 sponge (src/hash/poseidon2-sponge.ts) over this element sequence:
 *   logCount, then per log: address as 10 16-bit limbs, topicCount, each topic as 16 limbs,
 *   data length, the data bytes packed 3 per element (big-endian within the element, the last
 *   element zero-padded).
 * Every variable-length part is preceded by its length, so the encoding is injective; all values
 * are below 2^24 < p.
 */
export function logsDigest(logs: readonly FrameLog[]): Digest {
  const out: number[] = [logs.length];
  for (const log of logs) {
    out.push(...limbs16(log.address, ADDRESS_LIMBS), log.topics.length);
    for (const t of log.topics) out.push(...limbs16(t, WORD_LIMBS));
    const d = log.data;
    out.push(d.length);
    for (let i = 0; i < d.length; i += 3) out.push((d[i]! << 16) | ((d[i + 1] ?? 0) << 8) | (d[i + 2] ?? 0));
  }
  return poseidon2Hash(Uint32Array.from(out));
}

/**
 * Digest of C for the proof file and later batching: Poseidon2 sponge over cellCount, then per
 * cell tag, address (10 limbs), slot (16 limbs), initial (16 limbs), final (16 limbs), lastCounter,
 * sstores.
 */
export function cellsDigest(cells: readonly StateCell[]): Digest {
  const out: number[] = [cells.length];
  for (const c of cells) {
    out.push(c.tag, ...limbs16(c.address, ADDRESS_LIMBS), ...limbs16(c.slot, WORD_LIMBS));
    out.push(...limbs16(c.initial, WORD_LIMBS), ...limbs16(c.final, WORD_LIMBS), c.lastCounter, c.sstores);
  }
  return poseidon2Hash(Uint32Array.from(out));
}

/**
 * Every public field element of the statement by name. Digests: `codeDigest.i`, `calldataDigest.i`,
 * `returnDataDigest.i`, `logsDigest.i`, `cellsDigest.i` (i < 8); lengths `codeLength`,
 * `calldataLength`, `returnDataLength`, `logCount`, `cellCount`; `status` (STATUS_CODE), `haltReason`,
 * `rwcFirst`;
 * `gasLimit.i`, `gasUsed.i`, `refund.i` (i < 4, 16-bit limbs); environment addresses as 10 limbs
 * (`caller.i`), words as 16 limbs (`value.i`), `isStatic` 0/1. Limbs are little-endian.
 */
export function statementPublicValues(s: FrameStatement): ReadonlyMap<string, number> {
  const m = new Map<string, number>();
  const put = (name: string, values: ArrayLike<number>): void => {
    for (let i = 0; i < values.length; i++) m.set(`${name}.${i}`, values[i]!);
  };
  put('codeDigest', s.codeDigest);
  put('calldataDigest', s.calldataDigest);
  put('returnDataDigest', dataDigest(s.returnData));
  put('logsDigest', logsDigest(s.logs));
  put('cellsDigest', cellsDigest(s.cells));
  m.set('codeLength', s.codeLength);
  m.set('calldataLength', s.calldataLength);
  m.set('returnDataLength', s.returnData.length);
  m.set('logCount', s.logs.length);
  m.set('cellCount', s.cells.length);
  m.set('status', STATUS_CODE[s.status]);
  m.set('haltReason', s.haltReason);
  m.set('rwcFirst', s.rwcFirst);
  put('gasLimit', limbs16(s.gasLimit, GAS_LIMBS));
  put('gasUsed', limbs16(s.gasUsed, GAS_LIMBS));
  put('refund', limbs16(s.refund, GAS_LIMBS));
  for (const f of ENV_ADDRESS_FIELDS) put(f, limbs16(s.env[f], ADDRESS_LIMBS));
  for (const f of ENV_WORD_FIELDS) put(f, limbs16(s.env[f], WORD_LIMBS));
  m.set('isStatic', s.env.isStatic ? 1 : 0);
  return m;
}

/** The values of the named public inputs (a table's `publicInputNames`); throws for an unknown name. */
export function publicInputsFor(names: readonly string[], s: FrameStatement): number[] {
  const values = statementPublicValues(s);
  return names.map((name) => {
    const v = values.get(name);
    if (v === undefined) throw new StatementError(name, 'is not a public value of the frame statement');
    return v;
  });
}

/** The `rw` tuple of a public cell's key with a counter and value. */
export function cellTuple(c: StateCell, counter: number, value: bigint, frame = 0): number[] {
  const t = new Array<number>(RW_TUPLE.arity).fill(0);
  t[RW_TUPLE.tag] = c.tag;
  t[RW_TUPLE.frame] = frame;
  limbs16(c.address, ADDRESS_LIMBS).forEach((l, j) => (t[RW_TUPLE.address + j] = l));
  limbs16(c.slot, WORD_LIMBS).forEach((l, j) => (t[RW_TUPLE.slot + j] = l));
  t[RW_TUPLE.counter] = counter;
  limbs16(value, WORD_LIMBS).forEach((l, j) => (t[RW_TUPLE.value + j] = l));
  return t;
}

/**
 * C as `rw` boundary messages: per cell, the statement sends (key, 0, initial) and receives
 * (key, lastCounter, final). Validates the statement first (distinct keys included).
 */
export function cellBoundary(s: FrameStatement, frame = 0): BoundaryMessage[] {
  validateStatement(s);
  const out: BoundaryMessage[] = [];
  for (const c of s.cells) {
    out.push({ bus: RW_BUS, kind: 'send', values: cellTuple(c, 0, c.initial, frame) });
    out.push({ bus: RW_BUS, kind: 'receive', values: cellTuple(c, c.lastCounter, c.final, frame) });
  }
  return out;
}
