/**
 * Root hash of an Ethereum Merkle-Patricia trie (Yellow Paper, appendix D), computed in one
 * pass over the sorted keys. There is no mutable trie here: callers that need updates or
 * deletions apply them to a map first and build the root from the final contents.
 *
 * Node encodings (Yellow Paper eq. 194-196):
 * - leaf:      rlp([hexPrefix(remainingNibbles, leaf = true), value])
 * - extension: rlp([hexPrefix(sharedNibbles, leaf = false), ref(child)])
 * - branch:    rlp([ref(child0), ..., ref(child15), value])
 * where ref(node) is the node's RLP structure itself when its encoding is shorter than 32 bytes
 * ("inlined") and keccak256 of the encoding otherwise. The root is always hashed.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { rlpEncode } from '../evm/rlp.ts';
import type { RlpItem } from '../evm/rlp.ts';

/** keccak256(rlp("")): the root of a trie with no entries. */
export const EMPTY_TRIE_ROOT: Uint8Array = keccak_256(Uint8Array.of(0x80));

/** Raised when the same key is given twice to a one-pass build. */
export class DuplicateTrieKeyError extends Error {
  /** Hex of the repeated key. */
  readonly key: string;
  constructor(key: Uint8Array) {
    const hex = Buffer.from(key).toString('hex');
    super(`duplicate trie key 0x${hex}`);
    this.name = 'DuplicateTrieKeyError';
    this.key = hex;
  }
}

/** One entry after conversion of its key to nibbles (one nibble per byte, 0..15). */
interface NibbleEntry {
  nibbles: Uint8Array;
  value: Uint8Array;
}

const EMPTY_BYTES = new Uint8Array(0);

function toNibbles(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    const b = key[i]!;
    out[2 * i] = b >>> 4;
    out[2 * i + 1] = b & 0x0f;
  }
  return out;
}

/** Lexicographic order on nibble paths, shorter first on a common prefix. */
function compareNibbles(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * Hex-prefix encoding (Yellow Paper eq. 188): a flag nibble (2 for leaves, +1 for odd length)
 * followed by the nibbles, padded with a zero nibble when the length is even.
 */
function hexPrefix(nibbles: Uint8Array, start: number, end: number, leaf: boolean): Uint8Array {
  const len = end - start;
  const odd = len & 1;
  const out = new Uint8Array((len >> 1) + 1);
  const flag = (leaf ? 2 : 0) + odd;
  let i = start;
  if (odd) {
    out[0] = (flag << 4) | nibbles[i++]!;
  } else {
    out[0] = flag << 4;
  }
  for (let o = 1; i < end; o++, i += 2) out[o] = (nibbles[i]! << 4) | nibbles[i + 1]!;
  return out;
}

/** The reference a parent stores for a child node: inline structure or hash. */
function reference(node: RlpItem): RlpItem {
  const encoded = rlpEncode(node);
  return encoded.length < 32 ? node : keccak_256(encoded);
}

/**
 * Builds the node holding `entries[from..to)`, all of which share their first `depth` nibbles.
 * Requires at least one entry, entries sorted and keys distinct.
 */
function buildNode(entries: NibbleEntry[], from: number, to: number, depth: number): RlpItem {
  const first = entries[from]!;
  if (to - from === 1) {
    return [hexPrefix(first.nibbles, depth, first.nibbles.length, true), first.value];
  }
  // Sorted input: the prefix shared by all entries is the one shared by the first and last.
  const last = entries[to - 1]!;
  const limit = Math.min(first.nibbles.length, last.nibbles.length);
  let shared = depth;
  while (shared < limit && first.nibbles[shared] === last.nibbles[shared]) shared++;
  if (shared > depth) {
    const child = buildNode(entries, from, to, shared);
    return [hexPrefix(first.nibbles, depth, shared, false), reference(child)];
  }
  const branch: RlpItem[] = new Array<RlpItem>(17);
  let i = from;
  // A key ending exactly here sorts first and becomes the branch's value.
  if (first.nibbles.length === depth) {
    branch[16] = first.value;
    i++;
  } else {
    branch[16] = EMPTY_BYTES;
  }
  for (let nibble = 0; nibble < 16; nibble++) {
    const start = i;
    while (i < to && entries[i]!.nibbles[depth] === nibble) i++;
    branch[nibble] = i > start ? reference(buildNode(entries, start, i, depth + 1)) : EMPTY_BYTES;
  }
  return branch;
}

/**
 * Root of the trie mapping each key to its value. Entries with an empty value are absent from a
 * trie by definition and are skipped. Keys must be distinct (throws DuplicateTrieKeyError).
 */
export function trieRoot(entries: Iterable<[Uint8Array, Uint8Array]>): Uint8Array {
  const list: NibbleEntry[] = [];
  for (const [key, value] of entries) {
    if (value.length === 0) continue;
    list.push({ nibbles: toNibbles(key), value });
  }
  if (list.length === 0) return EMPTY_TRIE_ROOT;
  list.sort((a, b) => compareNibbles(a.nibbles, b.nibbles));
  for (let i = 1; i < list.length; i++) {
    if (compareNibbles(list[i - 1]!.nibbles, list[i]!.nibbles) === 0) {
      const nibbles = list[i]!.nibbles;
      const key = new Uint8Array(nibbles.length / 2);
      for (let j = 0; j < key.length; j++) key[j] = (nibbles[2 * j]! << 4) | nibbles[2 * j + 1]!;
      throw new DuplicateTrieKeyError(key);
    }
  }
  return keccak_256(rlpEncode(buildNode(list, 0, list.length, 0)));
}

/** Root of the "secure" trie, whose paths are keccak256 of the keys (as in the state trie). */
export function secureTrieRoot(entries: Iterable<[Uint8Array, Uint8Array]>): Uint8Array {
  const hashed: [Uint8Array, Uint8Array][] = [];
  for (const [key, value] of entries) hashed.push([keccak_256(key), value]);
  return trieRoot(hashed);
}
