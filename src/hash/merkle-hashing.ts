/**
 * Leaf and inner-node hashing for the Keccak-256 Merkle trees (reference path, @noble/hashes).
 *
 * Encodings, kept deliberately simple so the L1 Solidity verifier can recompute them:
 *   leaf(row)   = keccak256(row[0] ‖ row[1] ‖ … ‖ row[w-1]), each element as 4 bytes little-endian
 *   node(l, r)  = keccak256(l ‖ r), l and r the 32-byte child digests
 * There is no leaf/node domain tag: every leaf of one tree has the same length w·4 and the tree
 * height is fixed by the verifier, so a leaf can never be reinterpreted as a node at another level
 * (a second-preimage across levels would need a Keccak collision of a fixed-position input).
 *
 * Layers are stored flat: digest i of a layer occupies bytes [32·i, 32·i + 32).
 * Bulk hashing runs in WebAssembly (hash-wasm.ts); the *Reference functions use @noble/hashes and
 * are what the equivalence tests compare against.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { keccak256Many, keccak256ManyParallel } from './hash-wasm.ts';

/** Size of a Keccak-256 digest in bytes. */
export const DIGEST_BYTES = 32;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The little-endian byte encoding of field elements (a view on little-endian hosts, a copy otherwise). */
export function encodeElementsLE(elements: Uint32Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) {
    return new Uint8Array(elements.buffer, elements.byteOffset, elements.byteLength);
  }
  const out = new Uint8Array(elements.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < elements.length; i++) view.setUint32(4 * i, elements[i]!, true);
  return out;
}

/** The leaf digest of one row. */
export function hashLeaf(row: Uint32Array): Uint8Array {
  return keccak_256(encodeElementsLE(row));
}

/** The digest of an inner node from its two 32-byte children. */
export function hashNode(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(2 * DIGEST_BYTES);
  buf.set(left, 0);
  buf.set(right, DIGEST_BYTES);
  return keccak_256(buf);
}

/**
 * Leaf digests of `height` consecutive rows of `width` elements stored row-major in `values`,
 * as one flat layer of height·32 bytes.
 */
export function hashRowsReference(values: Uint32Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(height * DIGEST_BYTES);
  for (let r = 0; r < height; r++) {
    out.set(hashLeaf(values.subarray(r * width, (r + 1) * width)), r * DIGEST_BYTES);
  }
  return out;
}

/** The parent layer of a flat layer of 2n digests: parent i = node(child 2i, child 2i+1). */
export function hashPairsReference(children: Uint8Array): Uint8Array {
  const parents = children.length / (2 * DIGEST_BYTES);
  const out = new Uint8Array(parents * DIGEST_BYTES);
  for (let i = 0; i < parents; i++) {
    out.set(keccak_256(children.subarray(2 * i * DIGEST_BYTES, (2 * i + 2) * DIGEST_BYTES)), i * DIGEST_BYTES);
  }
  return out;
}

/** Leaf digests of `height` rows (as hashRowsReference), hashed in WebAssembly. */
export function hashRows(values: Uint32Array, width: number, height: number): Uint8Array {
  return keccak256Many(encodeElementsLE(values.subarray(0, width * height)), width * 4, height);
}

/** Parent layer (as hashPairsReference), hashed in WebAssembly. */
export function hashPairs(children: Uint8Array): Uint8Array {
  return keccak256Many(children, 2 * DIGEST_BYTES, children.length / (2 * DIGEST_BYTES));
}

/** hashRows spread over the worker pool. */
export function hashRowsParallel(values: Uint32Array, width: number, height: number): Promise<Uint8Array> {
  return keccak256ManyParallel(encodeElementsLE(values.subarray(0, width * height)), width * 4, height);
}

/** hashPairs spread over the worker pool. */
export function hashPairsParallel(children: Uint8Array): Promise<Uint8Array> {
  return keccak256ManyParallel(children, 2 * DIGEST_BYTES, children.length / (2 * DIGEST_BYTES));
}
