import { describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { RowMajorMatrix } from '../field/matrix.ts';
import { P } from '../field/babybear.ts';
import { MerkleError, MerkleTree, verifyMerkleBatch, type MerkleBatchOpening } from './merkle.ts';
import { hashPairs, hashPairsReference, hashRows, hashRowsReference } from './merkle-hashing.ts';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function randomMatrix(height: number, width: number, seed: number): RowMajorMatrix {
  const next = rng(seed);
  const values = new Uint32Array(height * width);
  for (let i = 0; i < values.length; i++) values[i] = next() % P;
  return new RowMajorMatrix(values, width);
}

function cloneOpening(o: MerkleBatchOpening): MerkleBatchOpening {
  return { indices: o.indices.slice(), rows: o.rows.map((r) => r.slice()), siblings: o.siblings.map((s) => s.slice()) };
}

describe('MerkleTree', () => {
  it('uses the documented leaf and node encodings', () => {
    const m = new RowMajorMatrix(Uint32Array.of(1, 0x01020304, 5, 6), 2);
    const leaf0 = keccak_256(Uint8Array.of(1, 0, 0, 0, 4, 3, 2, 1));
    const leaf1 = keccak_256(Uint8Array.of(5, 0, 0, 0, 6, 0, 0, 0));
    const node = new Uint8Array(64);
    node.set(leaf0, 0);
    node.set(leaf1, 32);
    const tree = MerkleTree.commit(m);
    expect(Buffer.from(tree.root).toString('hex')).toBe(Buffer.from(keccak_256(node)).toString('hex'));
    expect(tree.height).toBe(2);
    expect(tree.width).toBe(2);
    expect(tree.matrix).toBe(m);
  });

  it('a height-1 tree has its leaf as root and opens with no siblings', () => {
    const m = new RowMajorMatrix(Uint32Array.of(7, 8, 9), 3);
    const tree = MerkleTree.commit(m);
    expect(tree.root).toEqual(keccak_256(Uint8Array.of(7, 0, 0, 0, 8, 0, 0, 0, 9, 0, 0, 0)));
    const opening = tree.open([0, 0]);
    expect(opening.siblings).toHaveLength(0);
    expect(verifyMerkleBatch(tree.root, 0, 3, opening)).toBe(true);
  });

  it('a single opening carries the classic authentication path', () => {
    const tree = MerkleTree.commit(randomMatrix(16, 3, 1));
    const opening = tree.open([11]);
    expect(opening.siblings).toHaveLength(4);
    let idx = 11;
    for (let level = 0; level < 4; level++) {
      expect(opening.siblings[level]).toEqual(tree.digestAt(level, idx ^ 1));
      idx >>= 1;
    }
  });

  it('rejects bad heights and bad indices', () => {
    expect(() => MerkleTree.commit(randomMatrix(3, 2, 1))).toThrow(MerkleError);
    expect(() => MerkleTree.commit(RowMajorMatrix.zeros(0, 2))).toThrow(MerkleError);
    const tree = MerkleTree.commit(randomMatrix(8, 2, 1));
    expect(() => tree.open([])).toThrow(MerkleError);
    expect(() => tree.open([8])).toThrow(MerkleError);
    expect(() => tree.open([-1])).toThrow(MerkleError);
    expect(() => tree.open([1.5])).toThrow(MerkleError);
  });

  it('batched openings round-trip for many index sets and share siblings', () => {
    const next = rng(42);
    for (const [logHeight, width] of [
      [1, 1],
      [3, 4],
      [6, 3],
      [9, 8],
    ] as const) {
      const height = 1 << logHeight;
      const tree = MerkleTree.commit(randomMatrix(height, width, logHeight * 100 + width));
      for (let trial = 0; trial < 25; trial++) {
        const count = 1 + (next() % 12);
        const indices = Array.from({ length: count }, () => next() % height);
        const opening = tree.open(indices);
        expect(opening.indices).toEqual(indices);
        indices.forEach((i, k) => expect(opening.rows[k]).toEqual(tree.matrix.row(i)));
        // Never more than one full path per distinct index.
        expect(opening.siblings.length).toBeLessThanOrEqual(new Set(indices).size * logHeight);
        expect(verifyMerkleBatch(tree.root, logHeight, width, opening)).toBe(true);
      }
      // Opening every row needs no sibling at all.
      const all = tree.open(Array.from({ length: height }, (_, i) => height - 1 - i));
      expect(all.siblings).toHaveLength(0);
      expect(verifyMerkleBatch(tree.root, logHeight, width, all)).toBe(true);
    }
  });

  it('rejects every tampered sibling, row element and index', () => {
    const logHeight = 6;
    const width = 3;
    const tree = MerkleTree.commit(randomMatrix(1 << logHeight, width, 7));
    const opening = tree.open([5, 17, 18, 40, 63, 5]);
    expect(verifyMerkleBatch(tree.root, logHeight, width, opening)).toBe(true);

    for (let s = 0; s < opening.siblings.length; s++) {
      for (const byte of [0, 13, 31]) {
        const bad = cloneOpening(opening);
        bad.siblings[s]![byte]! ^= 0x40;
        expect(verifyMerkleBatch(tree.root, logHeight, width, bad)).toBe(false);
      }
    }
    for (let k = 0; k < opening.rows.length; k++) {
      for (let c = 0; c < width; c++) {
        const bad = cloneOpening(opening);
        bad.rows[k]![c] = (bad.rows[k]![c]! + 1) % P;
        expect(verifyMerkleBatch(tree.root, logHeight, width, bad)).toBe(false);
      }
    }
    for (let k = 0; k < opening.indices.length; k++) {
      for (let delta = 1; delta < 64; delta += 7) {
        const bad = cloneOpening(opening);
        bad.indices[k] = (bad.indices[k]! + delta) % 64;
        expect(verifyMerkleBatch(tree.root, logHeight, width, bad)).toBe(false);
      }
    }
  });

  it('rejects structurally malformed openings without throwing', () => {
    const logHeight = 4;
    const width = 2;
    const tree = MerkleTree.commit(randomMatrix(16, width, 9));
    const good = tree.open([2, 9]);
    const root = tree.root;
    const cases: Array<[string, (o: MerkleBatchOpening) => unknown]> = [
      ['missing sibling', (o) => o.siblings.pop()],
      ['extra sibling', (o) => o.siblings.push(new Uint8Array(32))],
      ['short sibling', (o) => (o.siblings[0] = o.siblings[0]!.subarray(0, 31))],
      ['swapped siblings', (o) => o.siblings.reverse()],
      ['index out of range', (o) => (o.indices[0] = 16)],
      ['negative index', (o) => (o.indices[0] = -2)],
      ['fractional index', (o) => (o.indices[0] = 2.5)],
      ['row too short', (o) => (o.rows[0] = o.rows[0]!.subarray(0, 1))],
      ['non-canonical element', (o) => (o.rows[0]![0] = o.rows[0]![0]! + P)],
      ['row count mismatch', (o) => o.rows.pop()],
      ['empty opening', (o) => ((o.indices = []), (o.rows = []))],
      ['duplicate index, different row', (o) => {
        o.indices.push(2);
        const r = o.rows[0]!.slice();
        r[1] = (r[1]! + 1) % P;
        o.rows.push(r);
      }],
      ['row not a Uint32Array', (o) => (o.rows[0] = [1, 2] as unknown as Uint32Array)],
      ['siblings not an array', (o) => (o.siblings = null as unknown as Uint8Array[])],
    ];
    for (const [name, mutate] of cases) {
      const bad = cloneOpening(good);
      mutate(bad);
      expect(verifyMerkleBatch(root, logHeight, width, bad), name).toBe(false);
    }
    expect(verifyMerkleBatch(root, logHeight + 1, width, good)).toBe(false);
    expect(verifyMerkleBatch(root, logHeight - 1, width, good)).toBe(false);
    expect(verifyMerkleBatch(root, logHeight, width + 1, good)).toBe(false);
    expect(verifyMerkleBatch(root.subarray(0, 31), logHeight, width, good)).toBe(false);
    expect(verifyMerkleBatch(root, logHeight, width, null as unknown as MerkleBatchOpening)).toBe(false);
    const wrongRoot = root.slice();
    wrongRoot[0]! ^= 1;
    expect(verifyMerkleBatch(wrongRoot, logHeight, width, good)).toBe(false);
    // Duplicate index with the same row is fine.
    const dup = cloneOpening(good);
    dup.indices.push(9);
    dup.rows.push(good.rows[1]!.slice());
    expect(verifyMerkleBatch(root, logHeight, width, dup)).toBe(true);
  });
});

describe('MerkleTree hashing paths', () => {
  it('WebAssembly leaves/nodes equal the @noble/hashes reference', () => {
    for (const [height, width] of [
      [1, 1],
      [2, 5],
      [64, 7],
      [256, 34],
      [1024, 40],
    ] as const) {
      const m = randomMatrix(height, width, height + width);
      const leaves = hashRowsReference(m.values, width, height);
      expect(hashRows(m.values, width, height)).toEqual(leaves);
      let layer = leaves;
      while (layer.length > 32) {
        const parents = hashPairsReference(layer);
        expect(hashPairs(layer)).toEqual(parents);
        layer = parents;
      }
      expect(MerkleTree.commit(m).root).toEqual(layer);
    }
  });

  it('commitParallel builds the identical tree', async () => {
    const m = randomMatrix(1 << 13, 48, 3); // 1.5 MiB of leaves: takes the worker path
    const serial = MerkleTree.commit(m);
    const parallel = await MerkleTree.commitParallel(m);
    expect(parallel.root).toEqual(serial.root);
    const opening = parallel.open([0, 77, 8191]);
    expect(opening).toEqual(serial.open([0, 77, 8191]));
    expect(verifyMerkleBatch(serial.root, 13, 48, opening)).toBe(true);
  });
});
