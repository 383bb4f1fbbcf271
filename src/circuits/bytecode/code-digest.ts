/**
 * The Poseidon2 digest of a byte string (code, calldata, return data, log data): 8 BabyBear
 * elements, computed the same way natively (statement builder, verifier) and in the `bytecode`
 * table (which absorbs the same blocks through the `poseidon2_16` bus).
 *
 * digest(kind, b_0 … b_{n−1}), Poseidon2 width 16 (src/hash/poseidon2.ts), rate 8, capacity 8:
 *   state ← 16 zeros; state[8] ← n; state[9] ← tag(kind)        (code: 1, data: 2)
 *   pad the bytes with zeros to 24·(⌊(n + s)/24⌋ + 1) bytes       (s: code 32, data 0)
 *   for each 24-byte block: state[k] ← b_{3k} + 2^8·b_{3k+1} + 2^16·b_{3k+2} for k < 8
 *                           (overwrite the rate), then permute
 *   digest ← state[0..8)
 *
 * Why these choices:
 * - Rate 8 / capacity 8 is the split of the repository's field-vector sponge (src/hash/
 *   poseidon2-sponge.ts) and of Plonky3's BabyBear sponges: 8 capacity elements (≈ 248 bits) give
 *   ≈ 124-bit generic collision security, matching an 8-element (≈ 248-bit) digest.
 * - Three bytes per element: 2^24 < p ≈ 2^31, so every packed value is canonical and the packing
 *   is injective; four bytes could exceed p. A permutation thus absorbs 24 bytes.
 * - Injectivity of the padding: n and the kind sit in the capacity of the initial state, and n
 *   fixes the block count and where the zero padding starts, so (kind, bytes) ↦ (initial state,
 *   block sequence) is injective; no 10* padding is needed (the same argument as poseidon2Hash).
 *   Trailing zeros change n, hence the initial state.
 * - ⌊(n + s)/24⌋ + 1 blocks rather than ⌈n/24⌉: the padded string covers indices 0 … n + s, so
 *   the table (one row per padded byte) holds every index the EVM reads past the end without a
 *   jump. Data (s = 0): index n, the first zero past the end. Code (s = 32): every immediate of a
 *   PUSH1..PUSH32 truncated by the end of the code (indices up to n + 31) and the STOP fetched
 *   after it (index ≤ n + 32). The empty string is one ordinary block. The slack costs code at
 *   most two extra permutations, paid once per code per proof.
 * - The kind tag separates code digests from data digests (the same bytes as code and as calldata
 *   have different digests, so a lookup keyed by a code digest can only hit code rows), and both
 *   from poseidon2Hash of field vectors (which leaves state[9] = 0).
 * Absorption overwrites the rate (Plonky3's PaddingFreeSponge mode), which costs nothing in the
 * AIR: the permutation input is (block, previous capacity).
 *
 * Permutations run through `poseidon2Permute16Batch` (the hash layer's WebAssembly kernel, tested
 * there against the TypeScript reference); code-digest.test.ts rebuilds digests by hand with the
 * reference `poseidon2Permute16`.
 */
import { poseidon2Permute16Batch } from '../../hash/poseidon2.ts';
import { DIGEST_ELEMENTS } from '../buses.ts';

/** What a byte string is: its tag in the sponge's initial state and the table's `kind`. */
export const ByteStringKind = Object.freeze({
  /** Contract code: the table computes isCode / isJumpdest flags. */
  Code: 1,
  /** Calldata, return data, log data: flags are 0. */
  Data: 2,
} as const);
/** A byte-string kind (its value is the sponge domain tag). */
export type ByteStringKind = (typeof ByteStringKind)[keyof typeof ByteStringKind];

/** Bytes packed into one field element (little-endian). */
export const BYTES_PER_ELEMENT = 3;
/** Sponge rate in field elements. */
export const SPONGE_RATE = 8;
/** Bytes absorbed per permutation (one block). */
export const BLOCK_BYTES = BYTES_PER_ELEMENT * SPONGE_RATE;
/** Permutation state width. */
export const SPONGE_WIDTH = 16;
/** State index holding the byte length in the initial state. */
export const LENGTH_SLOT = SPONGE_RATE;
/** State index holding the kind tag in the initial state. */
export const KIND_SLOT = SPONGE_RATE + 1;
/**
 * Padding slack of code: the padded code covers indices up to n + 32 (the immediates of a PUSH32
 * at the last byte, and the pc after it).
 */
export const CODE_PADDING_SLACK = 32;
/**
 * Longest byte string accepted (16 MiB): far above any code or calldata a block can carry, and it
 * keeps every index and length a small canonical field element.
 */
export const MAX_BYTE_STRING_LENGTH = 1 << 24;

/** Raised for a byte string that cannot be digested (too long, bad kind, not bytes). */
export class CodeDigestError extends Error {
  override readonly name = 'CodeDigestError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Zero bytes always present past the end of a string of this kind (beyond the first one). */
export function paddingSlack(kind: ByteStringKind): number {
  return kind === ByteStringKind.Code ? CODE_PADDING_SLACK : 0;
}

/** Number of 24-byte blocks (permutations) the digest of an n-byte string absorbs: ⌊(n + s)/24⌋ + 1. */
export function spongeBlocks(kind: ByteStringKind, length: number): number {
  return Math.floor((length + paddingSlack(kind)) / BLOCK_BYTES) + 1;
}

/** Every permutation of one digest computation, in absorption order. */
export interface SpongeTrace {
  /** The digest (8 elements). */
  readonly digest: Uint32Array;
  /** Permutation inputs, 16 per block, back to back. */
  readonly inputs: Uint32Array;
  /** Permutation outputs, 16 per block, back to back. */
  readonly outputs: Uint32Array;
}

function checkInput(kind: number, bytes: Uint8Array): void {
  if (kind !== ByteStringKind.Code && kind !== ByteStringKind.Data) {
    throw new CodeDigestError(`byte-string digest: unknown kind ${kind}`, { kind });
  }
  if (!(bytes instanceof Uint8Array)) throw new CodeDigestError('byte-string digest: bytes must be a Uint8Array');
  if (bytes.length > MAX_BYTE_STRING_LENGTH) {
    throw new CodeDigestError(`byte-string digest: ${bytes.length} bytes exceed the ${MAX_BYTE_STRING_LENGTH}-byte limit`, {
      length: bytes.length,
    });
  }
}

/** Pack block `block` of `bytes` (zero-padded) into the 8 rate elements of `state`. */
function packBlock(bytes: Uint8Array, block: number, state: Uint32Array): void {
  const base = block * BLOCK_BYTES;
  const n = bytes.length;
  for (let k = 0; k < SPONGE_RATE; k++) {
    const i = base + BYTES_PER_ELEMENT * k;
    const b0 = i < n ? bytes[i]! : 0;
    const b1 = i + 1 < n ? bytes[i + 1]! : 0;
    const b2 = i + 2 < n ? bytes[i + 2]! : 0;
    state[k] = b0 | (b1 << 8) | (b2 << 16);
  }
}

/** The digest of `bytes` with every permutation input and output (what the table proves). */
export function byteStringSponge(kind: ByteStringKind, bytes: Uint8Array): SpongeTrace {
  checkInput(kind, bytes);
  const blocks = spongeBlocks(kind, bytes.length);
  const inputs = new Uint32Array(SPONGE_WIDTH * blocks);
  const outputs = new Uint32Array(SPONGE_WIDTH * blocks);
  const state = new Uint32Array(SPONGE_WIDTH);
  state[LENGTH_SLOT] = bytes.length;
  state[KIND_SLOT] = kind;
  for (let b = 0; b < blocks; b++) {
    packBlock(bytes, b, state);
    inputs.set(state, SPONGE_WIDTH * b);
    poseidon2Permute16Batch(state, 1);
    outputs.set(state, SPONGE_WIDTH * b);
  }
  return { digest: state.slice(0, DIGEST_ELEMENTS), inputs, outputs };
}

/** The Poseidon2 digest (8 elements) of a byte string of the given kind. */
export function byteStringDigest(kind: ByteStringKind, bytes: Uint8Array): Uint32Array {
  return byteStringSponge(kind, bytes).digest;
}

/** The code digest H of contract code. */
export function codeDigest(code: Uint8Array): Uint32Array {
  return byteStringDigest(ByteStringKind.Code, code);
}

/** The digest of a data byte string (calldata D, return data R, log data). */
export function dataDigest(data: Uint8Array): Uint32Array {
  return byteStringDigest(ByteStringKind.Data, data);
}
