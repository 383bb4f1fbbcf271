/**
 * Keccak-256 Merkle trees over the rows of a matrix, with batched multi-openings.
 *
 * Leaf and node encodings are documented in merkle-hashing.ts (leaf = keccak256 of the row's
 * elements as 4-byte little-endian words, node = keccak256(left ‖ right)). The matrix height must
 * be a power of two; a height-1 tree's root is its single leaf digest.
 *
 * Batched opening, sibling order (shared by `open` and `verifyMerkleBatch`, and by the Solidity
 * verifier that re-checks these paths):
 *   known ← the distinct opened leaf indices, ascending.
 *   for level = 0 (leaves) up to logHeight − 1:
 *     walk `known` in ascending order; a node whose sibling (index xor 1) is also known is paired
 *     with it and nothing is emitted; otherwise the sibling's digest is appended to `siblings`.
 *     known ← the distinct parent indices (index >> 1), ascending.
 * So every digest the verifier can compute itself is never sent, and each needed sibling is sent
 * exactly once, level by level from the leaves, left to right within a level.
 */
import type { RowMajorMatrix } from '../field/matrix.ts';
import { P } from '../field/babybear.ts';
import {
  DIGEST_BYTES,
  hashPairs,
  hashPairsParallel,
  hashRows,
  hashRowsParallel,
} from './merkle-hashing.ts';

/** A batched opening of several rows against one root. */
export type MerkleBatchOpening = {
  /** Opened row indices, in the caller's order (duplicates allowed). */
  indices: number[];
  /** rows[k] is the row at indices[k]. */
  rows: Uint32Array[];
  /** Sibling digests in the order documented at the top of this file. */
  siblings: Uint8Array[];
};

/** Raised for misuse of the tree API (bad shape, index out of range); verification never throws. */
export class MerkleError extends Error {
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'MerkleError';
  }
}

/** Largest supported tree height, as log2 (row indices stay 32-bit safe). */
export const MAX_LOG_HEIGHT = 30;

/** A committed matrix: every layer of digests is kept so openings cost no hashing. */
export class MerkleTree {
  /** The 32-byte root digest. */
  readonly root: Uint8Array;
  /** Number of rows (a power of two). */
  readonly height: number;
  /** Number of elements per row. */
  readonly width: number;
  /** The committed matrix (not copied: callers must not mutate it afterwards). */
  readonly matrix: RowMajorMatrix;
  /** log2(height). */
  readonly logHeight: number;
  /** layers[0] = leaf digests, layers[logHeight] = root; each flat, 32 bytes per digest. */
  private readonly layers: Uint8Array[];

  private constructor(matrix: RowMajorMatrix, layers: Uint8Array[]) {
    this.matrix = matrix;
    this.width = matrix.width;
    this.height = matrix.height;
    this.logHeight = layers.length - 1;
    this.layers = layers;
    this.root = layers[layers.length - 1]!.slice();
  }

  /** Commit to the rows of `matrix` (height a power of two, at most 2^30), on this thread. */
  static commit(matrix: RowMajorMatrix): MerkleTree {
    const logHeight = checkedLogHeight(matrix.height);
    const layers: Uint8Array[] = [hashRows(matrix.values, matrix.width, matrix.height)];
    for (let level = 0; level < logHeight; level++) layers.push(hashPairs(layers[level]!));
    return new MerkleTree(matrix, layers);
  }

  /** `commit` with leaf and node hashing spread over the worker pool (identical tree). */
  static async commitParallel(matrix: RowMajorMatrix): Promise<MerkleTree> {
    const logHeight = checkedLogHeight(matrix.height);
    const layers: Uint8Array[] = [await hashRowsParallel(matrix.values, matrix.width, matrix.height)];
    for (let level = 0; level < logHeight; level++) layers.push(await hashPairsParallel(layers[level]!));
    return new MerkleTree(matrix, layers);
  }

  /** The digest of node `index` at `level` (0 = leaves), as a fresh copy. */
  digestAt(level: number, index: number): Uint8Array {
    const layer = this.layers[level];
    if (layer === undefined || !Number.isInteger(index) || index < 0 || index >= layer.length / DIGEST_BYTES) {
      throw new MerkleError('Merkle: no such node', { level, index });
    }
    return layer.slice(index * DIGEST_BYTES, (index + 1) * DIGEST_BYTES);
  }

  /** Open the rows at `indices` (any order, duplicates allowed, at least one). */
  open(indices: number[]): MerkleBatchOpening {
    if (indices.length === 0) throw new MerkleError('Merkle: cannot open an empty index set');
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= this.height) {
        throw new MerkleError('Merkle: row index out of range', { index: i, height: this.height });
      }
    }
    const rows = indices.map((i) => this.matrix.values.slice(i * this.width, (i + 1) * this.width));
    const siblings: Uint8Array[] = [];
    let known = distinctAscending(indices);
    for (let level = 0; level < this.logHeight; level++) {
      const parents: number[] = [];
      for (let k = 0; k < known.length; k++) {
        const i = known[k]!;
        if ((i & 1) === 0 && known[k + 1] === i + 1) {
          k++;
        } else {
          siblings.push(this.digestAt(level, i ^ 1));
        }
        parents.push(i >>> 1);
      }
      known = parents;
    }
    return { indices: indices.slice(), rows, siblings };
  }
}

/**
 * Check a batched opening against `root` for a tree of 2^logHeight rows of `width` elements.
 * Rejects (returns false, never throws) anything malformed: wrong lengths, indices out of range,
 * non-canonical field elements, duplicate indices with different rows, missing or extra siblings.
 */
export function verifyMerkleBatch(
  root: Uint8Array,
  logHeight: number,
  width: number,
  opening: MerkleBatchOpening,
): boolean {
  try {
    return verifyUnchecked(root, logHeight, width, opening);
  } catch {
    // Any exception (e.g. a getter on a hostile object) means the opening is malformed.
    return false;
  }
}

function verifyUnchecked(root: Uint8Array, logHeight: number, width: number, opening: MerkleBatchOpening): boolean {
  if (!(root instanceof Uint8Array) || root.length !== DIGEST_BYTES) return false;
  if (!Number.isInteger(logHeight) || logHeight < 0 || logHeight > MAX_LOG_HEIGHT) return false;
  if (!Number.isInteger(width) || width < 0) return false;
  if (opening === null || typeof opening !== 'object') return false;
  const { indices, rows, siblings } = opening;
  if (!Array.isArray(indices) || !Array.isArray(rows) || !Array.isArray(siblings)) return false;
  if (indices.length === 0 || rows.length !== indices.length) return false;
  const height = 2 ** logHeight;

  // Distinct opened rows, ascending by index; duplicate indices must carry identical rows.
  const rowByIndex = new Map<number, Uint32Array>();
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k];
    const row = rows[k];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= height) return false;
    if (!(row instanceof Uint32Array) || row.length !== width) return false;
    for (let c = 0; c < width; c++) if (row[c]! >= P) return false;
    const seen = rowByIndex.get(index);
    if (seen !== undefined) {
      if (!equalRows(seen, row)) return false;
      continue;
    }
    rowByIndex.set(index, row);
  }

  // Every level is hashed in one WebAssembly batch (a verifier walks thousands of nodes per proof).
  let known = distinctAscending(indices);
  const leafInput = new Uint32Array(known.length * width);
  known.forEach((i, k) => leafInput.set(rowByIndex.get(i)!, k * width));
  let digests = hashRows(leafInput, width, known.length);
  let next = 0;
  for (let level = 0; level < logHeight; level++) {
    const parentIndices: number[] = [];
    const pairs = new Uint8Array(known.length * 2 * DIGEST_BYTES);
    for (let k = 0; k < known.length; k++) {
      const i = known[k]!;
      const at = parentIndices.length * 2 * DIGEST_BYTES;
      const own = digests.subarray(k * DIGEST_BYTES, (k + 1) * DIGEST_BYTES);
      if ((i & 1) === 0 && known[k + 1] === i + 1) {
        pairs.set(own, at);
        pairs.set(digests.subarray((k + 1) * DIGEST_BYTES, (k + 2) * DIGEST_BYTES), at + DIGEST_BYTES);
        k++;
      } else {
        const sibling = siblings[next++];
        if (!(sibling instanceof Uint8Array) || sibling.length !== DIGEST_BYTES) return false;
        pairs.set((i & 1) === 0 ? own : sibling, at);
        pairs.set((i & 1) === 0 ? sibling : own, at + DIGEST_BYTES);
      }
      parentIndices.push(i >>> 1);
    }
    digests = hashPairs(pairs.subarray(0, parentIndices.length * 2 * DIGEST_BYTES));
    known = parentIndices;
  }
  if (next !== siblings.length || known.length !== 1) return false;
  return equalBytes(digests, root);
}

function checkedLogHeight(height: number): number {
  if (!Number.isInteger(height) || height < 1 || (height & (height - 1)) !== 0 || height > 2 ** MAX_LOG_HEIGHT) {
    throw new MerkleError('Merkle: matrix height must be a power of two between 1 and 2^30', { height });
  }
  return 31 - Math.clz32(height);
}

function distinctAscending(indices: number[]): number[] {
  const sorted = Array.from(new Set(indices)).sort((a, b) => a - b);
  return sorted;
}

function equalRows(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
