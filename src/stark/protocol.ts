/**
 * Protocol pieces shared verbatim by prover and verifier: transcript initialisation, challenge
 * derivation, the boundary-message LogUp term and the DEEP opening plan.
 *
 * Transcript order (Fiat–Shamir):
 *   domain "zkevm-stark/v1"; vk digest (AIR JSON, config, preprocessed roots); table count and log
 *   heights; each table's public inputs; boundary messages
 *   → main roots → squeeze z, γ (only if the system has buses)
 *   → per table with buses: LogUp root, claimed cumulative sum → squeeze α
 *   → quotient roots → squeeze ζ → all opened values (plan order) → squeeze λ
 *   → FRI layer roots (β after each) → final polynomial → grinding nonce → query indices.
 */
import { add as add_, mul as mul_, P as P_ } from '../field/babybear.ts';
import { fp4, fp4BatchInverse, fp4Mul, type Fp4 } from '../field/extension.ts';
import { RowMajorMatrix } from '../field/matrix.ts';
import { Transcript } from '../hash/transcript.ts';
import type { AirSystem } from './air/system.ts';
import { combineRowsFp4 } from './kernels/linear.ts';
import type { VerifyingKey } from './keys.ts';
import type { BoundaryMessage } from './witness.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const P = P_;
const addF = add_;
const mulF = mul_;

/** Domain separator of every STARK transcript. */
export const TRANSCRIPT_DOMAIN = 'zkevm-stark/v1';

/** Start the transcript of one proof (see the order above). */
export function startTranscript(
  vk: VerifyingKey,
  logHeights: readonly number[],
  publics: readonly (readonly number[])[],
  boundary: readonly BoundaryMessage[],
): Transcript {
  const t = new Transcript(TRANSCRIPT_DOMAIN);
  t.absorbDigest(vk.digest);
  t.absorbU64(logHeights.length);
  for (const h of logHeights) t.absorbU64(h);
  for (const p of publics) t.absorbFields(p);
  t.absorbU64(boundary.length);
  for (const m of boundary) {
    t.absorbU64(busIdOf(vk.system, m.bus));
    t.absorbU64(m.kind === 'send' ? 0 : 1);
    t.absorbFields(m.values);
    t.absorbField(m.multiplicity ?? 1);
  }
  return t;
}

/** The bus number used in fingerprints. */
export function busIdOf(system: AirSystem, bus: string): number {
  const b = system.buses.find((x) => x.name === bus);
  if (b === undefined) throw new RangeError(`unknown bus '${bus}'`);
  return b.id;
}

/** Challenge vector [z, γ, γ², …, γ^(numChallenges−1)]. */
export function challengeVector(z: Fp4, gamma: Fp4, count: number): Fp4[] {
  const out: Fp4[] = [z];
  let g = gamma;
  for (let k = 1; k < count; k++) {
    out.push(g);
    g = fp4Mul(g, gamma);
  }
  return out;
}

/**
 * Σ over boundary messages of ±m/(z − fp(t)) (send +, receive −), the statement's LogUp term.
 * Statements can carry many messages (one per proven permutation), so the fingerprints are row
 * combinations in the WebAssembly kernel, per bus and arity, and the inverses one batch.
 */
export function boundarySum(system: AirSystem, boundary: readonly BoundaryMessage[], challenges: readonly Fp4[]): Fp4 {
  const count = boundary.length;
  if (count === 0) return fp4(0, 0, 0, 0);
  const denoms = new Uint32Array(4 * count);
  // Group messages by (bus, arity): each group is one matrix whose rows are the tuples.
  const groups = new Map<string, number[]>();
  boundary.forEach((m, i) => {
    const key = `${m.bus}/${m.values.length}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [i]);
    else list.push(i);
  });
  const z = challenges[0]!;
  for (const members of groups.values()) {
    const first = boundary[members[0]!]!;
    const arity = first.values.length;
    const c0 = (z[0]! + P - busIdOf(system, first.bus)) % P;
    let sums: Uint32Array | null = null;
    if (arity > 0) {
      const rows = new Uint32Array(members.length * arity);
      members.forEach((i, r) => {
        const v = boundary[i]!.values;
        for (let j = 0; j < arity; j++) rows[r * arity + j] = v[j]!;
      });
      const coefs = new Uint32Array(4 * arity);
      for (let j = 0; j < arity; j++) {
        const g = challenges[j + 1]!;
        for (let c = 0; c < 4; c++) coefs[4 * j + c] = g[c] === 0 ? 0 : P - g[c]!;
      }
      sums = combineRowsFp4(new RowMajorMatrix(rows, arity), coefs);
    }
    members.forEach((i, r) => {
      const o = 4 * i;
      denoms[o] = addF(c0, sums === null ? 0 : sums[4 * r]!);
      denoms[o + 1] = addF(z[1]!, sums === null ? 0 : sums[4 * r + 1]!);
      denoms[o + 2] = addF(z[2]!, sums === null ? 0 : sums[4 * r + 2]!);
      denoms[o + 3] = addF(z[3]!, sums === null ? 0 : sums[4 * r + 3]!);
    });
  }
  const invs = fp4BatchInverse(denoms);
  const acc = new Float64Array(4);
  for (let i = 0; i < count; i++) {
    const m = boundary[i]!;
    const mult = m.multiplicity ?? 1;
    const signed = m.kind === 'send' ? mult % P : (P - (mult % P)) % P;
    // Each term is < p; the sum of up to 2^21 terms stays exact in a double.
    for (let c = 0; c < 4; c++) acc[c] += mulF(invs[4 * i + c]!, signed);
    if ((i & 0xfffff) === 0xfffff) for (let c = 0; c < 4; c++) acc[c] = acc[c]! % P;
  }
  return fp4(acc[0]! % P, acc[1]! % P, acc[2]! % P, acc[3]! % P);
}

/** Which matrix of which table a DEEP plan entry is. */
export type MatrixKind = 'prep' | 'main' | 'perm' | 'quotient';

/** The committed matrices of a proof in DEEP/λ order: per table prep?, main, perm?, quotient. */
export function matrixOrder(system: AirSystem): { table: number; kind: MatrixKind; width: number; next: boolean }[] {
  const out: { table: number; kind: MatrixKind; width: number; next: boolean }[] = [];
  for (const t of system.tables) {
    if (t.prepWidth > 0) out.push({ table: t.index, kind: 'prep', width: t.prepWidth, next: true });
    out.push({ table: t.index, kind: 'main', width: t.mainWidth, next: true });
    if (t.logup !== null) out.push({ table: t.index, kind: 'perm', width: 4 * t.logup.extWidth, next: true });
    out.push({ table: t.index, kind: 'quotient', width: 4 * t.quotientDegree, next: false });
  }
  return out;
}
