/**
 * Trace generation of the KECCAK256 sponge table (keccak-sponge-air.ts) from plain inputs: a list
 * of (inputId, bytes). It absorbs each input block by block with @noble/hashes' Keccak-f[1600]
 * (keccakP), fills one row per block, and returns the permutation inputs the `keccak_f` table must
 * prove (src/stark/airs/keccak-air.ts `keccakTrace`), the digests, and the boundary helpers that
 * stand for the CPU (`keccak` bus) and the copy table (`byte_stream` bus) in standalone proofs.
 */
import { keccakP } from '@noble/hashes/sha3.js';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { keccakTable, keccakTrace } from '../../stark/airs/keccak-air.ts';
import { byteOpTable, rangeTable, type BoundaryMessage } from '../../stark/index.ts';
import { WORD_LIMBS } from '../buses.ts';
import { StreamTag, byteStreamBoundary } from '../copy/byte-stream.ts';
import {
  CAPACITY_LIMBS,
  DIGEST_BYTES,
  KECCAK_BUS,
  KECCAK_SPONGE_COLUMNS,
  KECCAK_SPONGE_TUPLE,
  RATE_BYTES,
  keccakSpongeTable,
} from './keccak-sponge-air.ts';

/** One KECCAK256 computation: the input stream id (unique per hash) and its bytes. */
export interface KeccakInput {
  readonly inputId: number;
  readonly bytes: Uint8Array;
}

/** Raised for inputs the sponge table cannot represent. */
export class KeccakSpongeError extends Error {
  override readonly name = 'KeccakSpongeError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The sponge trace and what the other tables need from it. */
export interface KeccakSpongeTraces {
  /** The `keccak_sponge` main trace. */
  readonly sponge: RowMajorMatrix;
  /** Input states of the permutations, 50 words each in keccakP order, one per block (row order). */
  readonly permutations: Uint32Array;
  /** KECCAK256 of each input (the EVM word: the digest read big-endian). */
  readonly digests: bigint[];
}

const C = KECCAK_SPONGE_COLUMNS;

/** Blocks a Keccak-256 sponge absorbs for `length` bytes (the padding takes at least one byte). */
export function keccakBlockCount(length: number): number {
  return Math.floor(length / RATE_BYTES) + 1;
}

/** State bytes 0..135 (the rate) of a keccakP state, little-endian lanes. */
function rateBytes(state: Uint32Array): Uint8Array {
  return new Uint8Array(state.buffer, state.byteOffset, RATE_BYTES).slice();
}

/** The sixteen 16-bit capacity limbs (limbs 68..99 of keccakStateToLimbs). */
function capacityLimbs(state: Uint32Array, out: Uint32Array, offset: number): void {
  for (let j = 0; j < CAPACITY_LIMBS; j++) {
    const word = state[RATE_BYTES / 4 + (j >> 1)]!;
    out[offset + j] = j & 1 ? word >>> 16 : word & 0xffff;
  }
}

/** The digest of a final state as an EVM word: state bytes 0..31 read big-endian. */
function digestWord(state: Uint32Array): bigint {
  const bytes = new Uint8Array(state.buffer, state.byteOffset, DIGEST_BYTES);
  let v = 0n;
  for (let k = 0; k < DIGEST_BYTES; k++) v = (v << 8n) | BigInt(bytes[k]!);
  return v;
}

/**
 * Build the sponge trace of `inputs` (height: the next power of two ≥ max(blocks + 1, minHeight),
 * so at least one inactive row). Little-endian hosts only (keccakP's state is read as bytes).
 */
export function keccakSpongeTraces(inputs: readonly KeccakInput[], minHeight = 2): KeccakSpongeTraces {
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new KeccakSpongeError('keccak sponge: big-endian host');
  let blocks = 0;
  for (const input of inputs) {
    if (!Number.isInteger(input.inputId) || input.inputId < 0 || input.inputId >= P) {
      throw new KeccakSpongeError('keccak sponge: inputId must be a canonical field element', { inputId: input.inputId });
    }
    blocks += keccakBlockCount(input.bytes.length);
  }
  // Stream indices 136·blockIdx + i and lengths must stay canonical.
  if (inputs.some((input) => input.bytes.length >= 1 << 28)) throw new KeccakSpongeError('keccak sponge: input longer than 2^28 bytes');
  let height = 2;
  while (height < Math.max(blocks + 1, minHeight)) height *= 2;
  const m = RowMajorMatrix.zeros(height, C.width);
  const permutations = new Uint32Array(50 * blocks);
  const digests: bigint[] = [];
  const state = new Uint32Array(50);
  const stateBytes = new Uint8Array(state.buffer);
  let r = 0;
  for (const { inputId, bytes } of inputs) {
    state.fill(0);
    const count = keccakBlockCount(bytes.length);
    for (let k = 0; k < count; k++, r++) {
      const row = m.row(r);
      const data = Math.min(RATE_BYTES, bytes.length - k * RATE_BYTES);
      const final = k === count - 1;
      row[C.active] = 1;
      row[C.isFirst] = k === 0 ? 1 : 0;
      row[C.final] = final ? 1 : 0;
      row[C.inputId] = inputId;
      row[C.blockIdx] = k;
      const blk = new Uint8Array(RATE_BYTES);
      blk.set(bytes.subarray(k * RATE_BYTES, k * RATE_BYTES + data));
      if (final) {
        blk[data] = 0x01;
        blk[RATE_BYTES - 1]! |= 0x80;
      }
      const prev = rateBytes(state);
      capacityLimbs(state, row, C.prevCap[0]!);
      for (let i = 0; i < RATE_BYTES; i++) {
        row[C.isData[i]!] = i < data ? 1 : 0;
        row[C.blk[i]!] = blk[i]!;
        row[C.prev[i]!] = prev[i]!;
        stateBytes[i]! ^= blk[i]!;
        row[C.x[i]!] = stateBytes[i]!;
      }
      permutations.set(state, 50 * r);
      keccakP(state);
      const out = rateBytes(state);
      for (let i = 0; i < RATE_BYTES; i++) row[C.outRate[i]!] = out[i]!;
      capacityLimbs(state, row, C.outCap[0]!);
    }
    digests.push(digestWord(state));
  }
  return { sponge: m, permutations, digests };
}

/**
 * Lookup multiplicities read back from a sponge trace (the cells the AIR sends), added into
 * `range8` (256 counts) and `byteop8` (ByteOpCounter layout: index (a·256 + b)·3 + op). A value with
 * no table row (a non-byte) is left out, so the bus imbalance exposes it.
 */
export function addKeccakSpongeLookups(sponge: RowMajorMatrix, range8: Uint32Array, byteop8: Uint32Array): void {
  const XOR = 2;
  for (let r = 0; r < sponge.height; r++) {
    const row = sponge.row(r);
    for (let i = 0; i < RATE_BYTES; i++) {
      const a = row[C.prev[i]!]!;
      const b = row[C.blk[i]!]!;
      if (a < 256 && b < 256) byteop8[(a * 256 + b) * 3 + XOR]! += 1;
    }
    if (row[C.final] === 1) {
      for (let k = 0; k < DIGEST_BYTES; k++) {
        const v = row[C.outRate[k]!]!;
        if (v < 256) range8[v]! += 1;
      }
    }
  }
}

/** The `keccak` bus tuple (inputId, length, hash limbs little-endian). */
export function keccakTuple(inputId: number, length: number, hash: bigint): number[] {
  const t = new Array<number>(KECCAK_SPONGE_TUPLE.arity).fill(0);
  t[KECCAK_SPONGE_TUPLE.inputId] = inputId;
  t[KECCAK_SPONGE_TUPLE.length] = length;
  let v = hash;
  for (let j = 0; j < WORD_LIMBS; j++) {
    t[KECCAK_SPONGE_TUPLE.hash + j] = Number(v & 0xffffn);
    v >>= 16n;
  }
  return t;
}

/** Boundary messages standing for the CPU: one `keccak` send per input with its claimed digest. */
export function keccakBoundary(inputs: readonly KeccakInput[], digests: readonly bigint[]): BoundaryMessage[] {
  return inputs.map((input, i) => ({ bus: KECCAK_BUS, kind: 'send', values: keccakTuple(input.inputId, input.bytes.length, digests[i]!) }));
}

/** Boundary messages standing for the copy table: every input byte sent on `byte_stream`. */
export function keccakInputBoundary(inputs: readonly KeccakInput[]): BoundaryMessage[] {
  return inputs.flatMap((input) => byteStreamBoundary(StreamTag.Keccak, input.inputId, input.bytes, 'send'));
}

/** Tables of a standalone sponge proof, in `defineSystem` order. */
export const KECCAK_SPONGE_SYSTEM_TABLES = Object.freeze([keccakSpongeTable, keccakTable, byteOpTable(8), rangeTable(8)]);

/** Every trace of a standalone sponge proof (sponge, keccak_f, byteop8, range8) from a sponge trace. */
export function keccakSpongeSystemTraces(t: KeccakSpongeTraces): Record<string, RowMajorMatrix> {
  const range8 = new Uint32Array(256);
  const byteop8 = new Uint32Array(65536 * 3);
  addKeccakSpongeLookups(t.sponge, range8, byteop8);
  return {
    keccak_sponge: t.sponge,
    keccak_f: keccakTrace(t.permutations),
    byteop8: new RowMajorMatrix(byteop8, 3),
    range8: new RowMajorMatrix(range8, 1),
  };
}
