/**
 * Fixed-width big-endian conversions between byte strings and bigints, for fields whose width
 * is part of the format (20-byte addresses, 32-byte storage keys and signature scalars).
 * Variable-width integers use the canonical helpers of `../rlp.ts` instead.
 */

/** Unsigned big-endian value of `b` (leading zero bytes allowed; empty is zero). */
export function bytesToBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let hex = '0x';
  for (let i = 0; i < b.length; i++) hex += b[i]!.toString(16).padStart(2, '0');
  return BigInt(hex);
}

/** `n` as exactly `length` big-endian bytes; throws RangeError if it does not fit. */
export function bigIntToFixedBytes(n: bigint, length: number): Uint8Array {
  if (n < 0n || n >> BigInt(8 * length) !== 0n) {
    throw new RangeError(`value 0x${n.toString(16)} does not fit in ${length} bytes`);
  }
  const out = new Uint8Array(length);
  let v = n;
  for (let i = length - 1; i >= 0 && v !== 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
