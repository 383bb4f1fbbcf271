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
import { P as P_ } from '../field/babybear.ts';
import { fp4, fp4Add, fp4BatchInverse, fp4Mul, fp4MulBase, type Fp4 } from '../field/extension.ts';
import { Transcript } from '../hash/transcript.ts';
import type { AirSystem } from './air/system.ts';
import type { VerifyingKey } from './keys.ts';
import type { BoundaryMessage } from './witness.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const P = P_;

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

/** Σ over boundary messages of ±m/(z − fp(t)) (send +, receive −), the statement's LogUp term. */
export function boundarySum(system: AirSystem, boundary: readonly BoundaryMessage[], challenges: readonly Fp4[]): Fp4 {
  if (boundary.length === 0) return fp4(0, 0, 0, 0);
  const denoms = new Uint32Array(4 * boundary.length);
  boundary.forEach((m, i) => {
    let d = fp4Add(challenges[0]!, fp4(P - busIdOf(system, m.bus), 0, 0, 0));
    m.values.forEach((v, j) => {
      d = fp4Add(d, fp4MulBase(challenges[j + 1]!, (P - v) % P));
    });
    denoms.set(d, 4 * i);
  });
  const invs = fp4BatchInverse(denoms);
  let acc = fp4(0, 0, 0, 0);
  boundary.forEach((m, i) => {
    const mult = m.multiplicity ?? 1;
    const term = fp4MulBase(invs.subarray(4 * i, 4 * i + 4), m.kind === 'send' ? mult : (P - mult) % P);
    acc = fp4Add(acc, term);
  });
  return acc;
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
