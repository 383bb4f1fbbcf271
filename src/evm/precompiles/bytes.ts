/**
 * Byte/integer conversions for precompile inputs and outputs.
 *
 * Precompile inputs behave like calldata: reading past the end yields zero bytes
 * (Yellow Paper, appendix E, "right-padded with zeros").
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** Copies `length` bytes of `input` starting at `offset`; bytes past the end of `input` are zero. */
export function readPadded(input: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (offset < input.length) out.set(input.subarray(offset, Math.min(input.length, offset + length)));
  return out;
}

/** Big-endian unsigned integer of `bytes` (empty = 0). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + bytesToHex(bytes));
}

/** The 32-byte big-endian word at `offset` of `input` (zero-padded past the end). */
export function readWord(input: Uint8Array, offset: number): bigint {
  if (offset + 32 <= input.length) return bytesToBigInt(input.subarray(offset, offset + 32));
  return bytesToBigInt(readPadded(input, offset, 32));
}

/** Big-endian encoding of `value` left-padded to exactly `length` bytes; `value` must fit. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  if (length === 0) return new Uint8Array(0);
  const hex = value.toString(16);
  if (hex.length > 2 * length) throw new RangeError(`value does not fit in ${length} bytes`);
  return hexToBytes(hex.padStart(2 * length, '0'));
}

/** Writes `value` as a 32-byte big-endian word into `out` at `offset`. */
export function writeWord(out: Uint8Array, offset: number, value: bigint): void {
  out.set(bigIntToBytes(value, 32), offset);
}

/** Number of significant bits of a non-negative bigint (0 for 0). */
export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}
