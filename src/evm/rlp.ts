/**
 * Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B), strict form.
 *
 * Why hand-written rather than taken from viem/ox/@ethereumjs/rlp: consensus (and the
 * TransactionTests / RLPTests fixtures) require rejecting every non-canonical encoding, and
 * library decoders are lenient in different places. Owning the decoder lets every rule below
 * be stated, enforced and tested against the official vectors.
 *
 * Encoding (prefix byte `b` of an item whose payload is `len` bytes):
 * - a single byte < 0x80 is its own encoding;
 * - a byte string of 0..55 bytes: `0x80 + len`, then the bytes;
 * - a longer byte string: `0xb7 + k`, then `len` as a k-byte big-endian integer, then the bytes;
 * - a list whose concatenated item encodings take 0..55 bytes: `0xc0 + len`, then the items;
 * - a longer list: `0xf7 + k`, then `len` as a k-byte big-endian integer, then the items.
 *
 * Decoding accepts exactly the encodings the encoder produces. It rejects:
 * - an empty input, and any bytes left after the top-level item;
 * - a length (short or long form) that runs past the input or past the enclosing list;
 * - a single byte < 0x80 wrapped as a one-byte string (`0x81 0x00`..`0x81 0x7f`);
 * - a long-form length with a leading zero byte, or a long-form length below 56;
 * - a list whose items do not exactly fill its declared payload.
 *
 * Decoding is iterative (an explicit stack), so hostile deeply nested input cannot overflow
 * the JavaScript call stack. Decoded byte strings are fresh copies, never views of the input.
 */

/** An RLP item: a byte string or a list of items. */
export type RlpItem = Uint8Array | RlpItem[];

/** Raised for any malformed or non-canonical RLP input. */
export class RlpError extends Error {
  /** Byte offset in the input where the problem was found (-1 when not applicable). */
  readonly offset: number;

  constructor(message: string, offset = -1) {
    super(offset >= 0 ? `RLP: ${message} (at byte ${offset})` : `RLP: ${message}`);
    this.name = 'RlpError';
    this.offset = offset;
  }
}

/** Number of bytes of the minimal big-endian form of a non-negative safe integer. */
function byteLength(n: number): number {
  let k = 0;
  while (n > 0) {
    k++;
    n = Math.floor(n / 256);
  }
  return k;
}

/** Length of the header (prefix plus long-form length) for a payload of `len` bytes. */
function headerLength(len: number): number {
  return len <= 55 ? 1 : 1 + byteLength(len);
}

/**
 * First pass: computes the payload length of every list, in pre-order, into `listLengths`,
 * and returns the total encoded length of `item`.
 */
function measure(item: RlpItem, listLengths: number[]): number {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0]! < 0x80) return 1;
    return headerLength(item.length) + item.length;
  }
  const slot = listLengths.length;
  listLengths.push(0);
  let payload = 0;
  for (const child of item) payload += measure(child, listLengths);
  listLengths[slot] = payload;
  return headerLength(payload) + payload;
}

/** Writes a header with base 0x80 (string) or 0xc0 (list) at `pos`; returns the next position. */
function writeHeader(out: Uint8Array, pos: number, base: number, len: number): number {
  if (len <= 55) {
    out[pos] = base + len;
    return pos + 1;
  }
  const k = byteLength(len);
  out[pos] = base + 55 + k;
  for (let i = k; i >= 1; i--) {
    out[pos + i] = len & 0xff;
    len = Math.floor(len / 256);
  }
  return pos + 1 + k;
}

/** Second pass: writes `item` at `pos` using the list lengths from `measure`. */
function write(
  item: RlpItem,
  out: Uint8Array,
  pos: number,
  listLengths: number[],
  cursor: { next: number },
): number {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0]! < 0x80) {
      out[pos] = item[0]!;
      return pos + 1;
    }
    pos = writeHeader(out, pos, 0x80, item.length);
    out.set(item, pos);
    return pos + item.length;
  }
  const payload = listLengths[cursor.next++]!;
  pos = writeHeader(out, pos, 0xc0, payload);
  for (const child of item) pos = write(child, out, pos, listLengths, cursor);
  return pos;
}

/** Encodes an item into its (unique, canonical) RLP byte string. */
export function rlpEncode(item: RlpItem): Uint8Array {
  const listLengths: number[] = [];
  const total = measure(item, listLengths);
  const out = new Uint8Array(total);
  write(item, out, 0, listLengths, { next: 0 });
  return out;
}

/** A decoded header: where the payload starts, its length, and whether it is a list. */
interface Header {
  isList: boolean;
  start: number;
  length: number;
}

/** Parses the header at `pos`; the whole item must end at or before `limit`. */
function readHeader(bytes: Uint8Array, pos: number, limit: number): Header {
  const b = bytes[pos]!;
  if (b < 0x80) return { isList: false, start: pos, length: 1 };
  const isList = b >= 0xc0;
  const shortMax = isList ? 0xf7 : 0xb7;
  let start: number;
  let length: number;
  if (b <= shortMax) {
    length = b - (isList ? 0xc0 : 0x80);
    start = pos + 1;
    if (start + length > limit) {
      throw new RlpError(`${isList ? 'list' : 'string'} of ${length} bytes overruns its container`, pos);
    }
    if (!isList && length === 1 && bytes[start]! < 0x80) {
      throw new RlpError('single byte below 0x80 must not carry a string prefix', pos);
    }
    return { isList, start, length };
  }
  const lengthOfLength = b - shortMax;
  start = pos + 1 + lengthOfLength;
  if (start > limit) throw new RlpError('long-form length runs past its container', pos);
  if (bytes[pos + 1] === 0) throw new RlpError('long-form length has a leading zero byte', pos);
  length = 0;
  for (let i = pos + 1; i < start; i++) {
    length = length * 256 + bytes[i]!;
    // Checked inside the loop so the accumulator never leaves the safe-integer range.
    if (start + length > limit) throw new RlpError('long-form length overruns its container', pos);
  }
  if (length <= 55) throw new RlpError(`long-form length ${length} must be at least 56`, pos);
  return { isList, start, length };
}

/** One open list while decoding: its items so far and where its payload ends. */
interface Frame {
  items: RlpItem[];
  end: number;
}

/** Decodes exactly one canonical RLP item occupying all of `bytes`; throws RlpError otherwise. */
export function rlpDecode(bytes: Uint8Array): RlpItem {
  if (bytes.length === 0) throw new RlpError('empty input');
  const root: RlpItem[] = [];
  const stack: Frame[] = [{ items: root, end: bytes.length }];
  let pos = 0;
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (pos === top.end) {
      if (stack.length === 1) break;
      stack.pop();
      continue;
    }
    if (stack.length === 1 && root.length === 1) throw new RlpError('trailing bytes after the item', pos);
    const header = readHeader(bytes, pos, top.end);
    const end = header.start + header.length;
    if (header.isList) {
      const items: RlpItem[] = [];
      top.items.push(items);
      stack.push({ items, end });
    } else {
      top.items.push(bytes.slice(header.start, end));
    }
    pos = header.isList ? header.start : end;
  }
  return root[0]!;
}

/** Minimal big-endian bytes of a non-negative integer; zero is the empty string. */
export function rlpEncodeBigInt(n: bigint): Uint8Array {
  if (n < 0n) throw new RlpError(`cannot encode negative integer ${n}`);
  if (n === 0n) return new Uint8Array(0);
  if (n <= 0xffffffffffffn) {
    // Fast path for gas, nonces and small values: plain double arithmetic is exact below 2^53.
    let v = Number(n);
    const out = new Uint8Array(byteLength(v));
    for (let i = out.length - 1; i >= 0; i--) {
      out[i] = v % 256;
      v = Math.floor(v / 256);
    }
    return out;
  }
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Big-endian integer of a decoded byte string; rejects leading zero bytes (non-canonical). */
export function rlpDecodeBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  if (b[0] === 0) throw new RlpError('integer has a leading zero byte');
  if (b.length <= 6) {
    let v = 0;
    for (let i = 0; i < b.length; i++) v = v * 256 + b[i]!;
    return BigInt(v);
  }
  let hex = '0x';
  for (let i = 0; i < b.length; i++) hex += b[i]!.toString(16).padStart(2, '0');
  return BigInt(hex);
}
