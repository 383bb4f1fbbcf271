/**
 * The `byte_stream` bus: byte strings moved between tables one byte per message, tagged by the
 * stream's kind and id, as (tag, id, index, byte).
 *
 * Why per-byte messages instead of a random-linear-combination (RLC) fingerprint: main-trace
 * columns are committed before any challenge is drawn (src/stark/prover.ts), so a column holding
 * Σ byte_i·r^i cannot be computed by the prover. A LogUp message per byte, keyed by (tag, id,
 * index), links the copy table (the sender) with the consumers (the keccak sponge for KECCAK256
 * input, the log and return-data digests) with no challenge-dependent column at all.
 *
 * The copy table SENDS every byte it moves to a stream destination; a consumer RECEIVES bytes
 * 0..length−1 of the stream (tag, id) exactly once each. The id must be unique per stream (the
 * CPU uses the rw counter of the step that produces it), otherwise bytes of two streams with the
 * same id could be exchanged.
 */
import type { BoundaryMessage } from '../../stark/index.ts';

/** Bus name of byte-stream messages. */
export const BYTE_STREAM_BUS = 'byte_stream';

/** Component offsets of a `byte_stream` message. */
export const BYTE_STREAM_TUPLE = Object.freeze({
  tag: 0,
  id: 1,
  index: 2,
  byte: 3,
  arity: 4,
});

/** What a byte stream is for (the `tag` component). */
export const StreamTag = Object.freeze({
  /** KECCAK256 input, consumed by the keccak sponge (src/circuits/keccak). */
  Keccak: 1,
  /** LOGn data, consumed by the log commitment. */
  Log: 2,
  /** RETURN/REVERT output, consumed by the return-data digest. */
  ReturnData: 3,
} as const);
/** A value of {@link StreamTag}. */
export type StreamTag = (typeof StreamTag)[keyof typeof StreamTag];

/** The `byte_stream` tuple of byte `index` of stream (tag, id). */
export function byteStreamTuple(tag: StreamTag, id: number, index: number, byte: number): number[] {
  return [tag, id, index, byte];
}

/**
 * Boundary messages standing for one side of a whole stream: `kind` 'send' when the statement
 * plays the producer (e.g. a standalone keccak proof), 'receive' when it plays the consumer.
 */
export function byteStreamBoundary(tag: StreamTag, id: number, bytes: Uint8Array, kind: 'send' | 'receive'): BoundaryMessage[] {
  const out: BoundaryMessage[] = [];
  for (let i = 0; i < bytes.length; i++) out.push({ bus: BYTE_STREAM_BUS, kind, values: byteStreamTuple(tag, id, i, bytes[i]!) });
  return out;
}
