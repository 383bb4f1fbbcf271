/**
 * FRI low-degree test over Fp4 codewords, arity 2, with mixed-height inputs folded in at their
 * own height (Plonky3-style), so a multi-table proof runs ONE FRI.
 *
 * Codewords are vectors on the subgroup H_N = ⟨ω_N⟩ in natural order: every LDE lives on the coset
 * s·H_N, and FRI works on the unshifted view p(u) = q(s·u), which has the same degree as q. This
 * keeps every layer a plain subgroup, so the domain of a table of smaller height is exactly the
 * folded domain it joins (a coset shift would square at each fold and miss it).
 *
 * Folding (arity 2): for j < N/2, u = ω_N^j, a = p(u), b = p(−u) = p(ω_N^{j+N/2}):
 *   p'(u²) = (a + b)/2 + β·(a − b)/(2u),  and u² = ω_{N/2}^j, so p' lives at index j of H_{N/2};
 * a query index i therefore reads index i mod N at every layer of size N. When the folded size
 * equals some input's size, that input enters as p' += β²·ro (β drawn after the layer is
 * committed). Layer commitment: a Merkle tree over N/2 rows [p(j) ‖ p(j + N/2)] (8 base words),
 * so one opened row gives both fold inputs. Folding stops at N_f = 2^(logFinalLen + logBlowup);
 * the final codeword's first 2^logFinalLen coefficients are sent in clear and the verifier
 * evaluates that polynomial at the query point (so any higher coefficient makes queries fail).
 */
import { inv, mul as mul_, pow, twoAdicGenerator } from '../field/babybear.ts';
import { fp4Add, fp4Eq, fp4Mul, fp4MulBase, fp4Sub, type Fp4 } from '../field/extension.ts';
import { RowMajorMatrix } from '../field/matrix.ts';
import { inttRowsInPlace } from '../field/ntt.ts';
import { MerkleTree, verifyMerkleBatch, type MerkleBatchOpening } from '../hash/merkle.ts';
import type { Transcript } from '../hash/transcript.ts';
import { VerificationError } from './errors.ts';
import { friFoldFp4, scaleAccFp4 } from './kernels/fp4-rows.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const mul = mul_;

const INV2 = inv(2);

/** The prover's FRI state after the commit phase. */
export interface FriCommitment {
  readonly trees: MerkleTree[];
  /** Final polynomial coefficients, flat Fp4. */
  readonly finalPoly: Uint32Array;
}

/**
 * Commit phase. `inputs` maps log2(codeword size) to a flat Fp4 codeword (4 words per point);
 * the largest size starts the fold. Absorbs each layer root, squeezes each β, absorbs the final
 * polynomial.
 */
export function friCommit(
  transcript: Transcript,
  inputs: ReadonlyMap<number, Uint32Array>,
  logFinalSize: number,
  logFinalLen: number,
): FriCommitment {
  const logN0 = Math.max(...inputs.keys());
  let cur: Uint32Array = Uint32Array.from(inputs.get(logN0)!);
  const trees: MerkleTree[] = [];
  for (let logN = logN0; logN > logFinalSize; logN--) {
    const half = 1 << (logN - 1);
    const layer = new Uint32Array(half * 8);
    for (let j = 0; j < half; j++) {
      const o = 8 * j;
      const a = 4 * j;
      const b = 4 * (j + half);
      layer[o] = cur[a]!;
      layer[o + 1] = cur[a + 1]!;
      layer[o + 2] = cur[a + 2]!;
      layer[o + 3] = cur[a + 3]!;
      layer[o + 4] = cur[b]!;
      layer[o + 5] = cur[b + 1]!;
      layer[o + 6] = cur[b + 2]!;
      layer[o + 7] = cur[b + 3]!;
    }
    const tree = MerkleTree.commit(new RowMajorMatrix(layer, 8));
    trees.push(tree);
    transcript.absorbDigest(tree.root);
    const beta = transcript.squeezeFp4();
    const next = friFoldFp4(cur, beta, inv(twoAdicGenerator(logN)));
    const ro = inputs.get(logN - 1);
    if (ro !== undefined) {
      scaleAccFp4(next, ro, fp4Mul(beta, beta));
    }
    cur = next;
  }
  // Interpolate the final codeword (on H_{N_f}) and keep its low coefficients.
  inttRowsInPlace(cur, 4, logFinalSize);
  const finalPoly = cur.slice(0, 4 << logFinalLen);
  transcript.absorbFields(finalPoly);
  return { trees, finalPoly };
}

/** Open every FRI layer at the rows the query indices (in the largest domain) reach. */
export function friOpen(commitment: FriCommitment, queries: readonly number[]): MerkleBatchOpening[] {
  return commitment.trees.map((tree) => tree.open(uniqueSorted(queries.map((i) => i & (tree.height - 1)))));
}

/** Distinct values, ascending. */
export function uniqueSorted(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/**
 * Verify the query phase. `roAt(logSize, q)` gives the reduced opening of query q at the input of
 * that size (or null if no input has it); `betas` were drawn as in `friCommit`. Throws
 * VerificationError on any mismatch.
 */
export function friVerifyQueries(
  logN0: number,
  logFinalSize: number,
  roots: readonly Uint8Array[],
  betas: readonly Fp4[],
  finalPoly: Uint32Array,
  openings: readonly MerkleBatchOpening[],
  queries: readonly number[],
  roAt: (logSize: number, q: number) => Fp4 | null,
): void {
  if (roots.length !== logN0 - logFinalSize || openings.length !== roots.length) {
    throw new VerificationError('fri-shape', `expected ${logN0 - logFinalSize} FRI layers, got ${roots.length}`);
  }
  const rowsByLayer: Map<number, Uint32Array>[] = [];
  for (let k = 0; k < roots.length; k++) {
    const logHalf = logN0 - k - 1;
    const expected = uniqueSorted(queries.map((i) => i & ((1 << logHalf) - 1)));
    const o = openings[k]!;
    if (o.indices.length !== expected.length || o.indices.some((v, i) => v !== expected[i])) {
      throw new VerificationError('fri-indices', `layer ${k} opens unexpected rows`);
    }
    if (!verifyMerkleBatch(roots[k]!, logHalf, 8, o)) {
      throw new VerificationError('fri-merkle', `layer ${k} Merkle opening does not match its root`);
    }
    rowsByLayer.push(new Map(o.indices.map((idx, i) => [idx, o.rows[i]!])));
  }
  const logFinalLen = Math.log2(finalPoly.length / 4);
  const omegaInvs = roots.map((_r, k) => inv(twoAdicGenerator(logN0 - k)));
  const betaSquares = betas.map((b) => fp4Mul(b, b));
  queries.forEach((i, q) => {
    let val = roAt(logN0, q)!;
    for (let k = 0; k < roots.length; k++) {
      const logN = logN0 - k;
      const half = 1 << (logN - 1);
      const idx = i & ((1 << logN) - 1);
      const j = idx & (half - 1);
      const row = rowsByLayer[k]!.get(j)!;
      const a = row.subarray(0, 4);
      const b = row.subarray(4, 8);
      if (!fp4Eq(val, idx < half ? a : b)) {
        throw new VerificationError('fri-fold', `query ${q}: layer ${k} value disagrees with the fold below`);
      }
      const beta = betas[k]!;
      const w = mul(pow(omegaInvs[k]!, j), INV2);
      val = fp4Add(fp4MulBase(fp4Add(a, b), INV2), fp4Mul(beta, fp4MulBase(fp4Sub(a, b), w)));
      const ro = roAt(logN - 1, q);
      if (ro !== null) val = fp4Add(val, fp4Mul(betaSquares[k]!, ro));
    }
    const u = pow(twoAdicGenerator(logFinalSize), i & ((1 << logFinalSize) - 1));
    let acc = Uint32Array.of(0, 0, 0, 0) as Fp4;
    for (let c = (1 << logFinalLen) - 1; c >= 0; c--) {
      acc = fp4Add(fp4MulBase(acc, u), finalPoly.subarray(4 * c, 4 * c + 4));
    }
    if (!fp4Eq(acc, val)) throw new VerificationError('fri-final', `query ${q}: final polynomial disagrees`);
  });
}
