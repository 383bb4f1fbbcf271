/**
 * The verifier. `verify` replays the transcript, checks every shape and bound, the out-of-domain
 * constraint identity of every table, that all buses balance (Σ cumulative sums + boundary terms
 * = 0), the grinding nonce, every Merkle opening and the FRI queries. It raises nothing but
 * VerificationError: any unexpected exception is converted.
 */
import { twoAdicGenerator } from '../field/babybear.ts';
import { fp4, fp4Add, fp4IsZero, fp4Mul, type Fp4 } from '../field/extension.ts';
import { verifyMerkleBatch, type MerkleBatchOpening } from '../hash/merkle.ts';
import { configEquals } from './config.ts';
import { DeepQueryEvaluator, type DeepMatrix } from './deep.ts';
import { VerificationError } from './errors.ts';
import { friVerifyQueries, uniqueSorted } from './fri.ts';
import type { VerifyingKey } from './keys.ts';
import { checkOutOfDomain } from './ood.ts';
import { boundarySum, challengeVector, matrixOrder, startTranscript } from './protocol.ts';
import { decodeProof, type StarkProof } from './proof.ts';
import { checkBoundary, publicsOf, type Statement } from './witness.ts';

/** Verify a decoded proof against the statement; throws VerificationError on any failure. */
export function verify(vk: VerifyingKey, proof: StarkProof, statement: Statement = {}): void {
  try {
    verifyUnchecked(vk, proof, statement);
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    throw new VerificationError('malformed', (e as Error)?.message ?? String(e));
  }
}

/** Decode and verify a binary proof. */
export function verifyBytes(vk: VerifyingKey, bytes: Uint8Array, statement: Statement = {}): void {
  verify(vk, decodeProof(bytes), statement);
}

function fail(reason: string, detail: string): never {
  throw new VerificationError(reason, detail);
}

function verifyUnchecked(vk: VerifyingKey, proof: StarkProof, statement: Statement): void {
  const { system, config } = vk;
  if (!configEquals(proof.config, config)) fail('config', 'proof config differs from the verifying key');
  const logB = config.logBlowup;
  let publics: number[][];
  try {
    publics = system.tables.map((t) => publicsOf(t, statement));
    checkBoundary(system, statement.boundary ?? []);
  } catch (e) {
    fail('statement', (e as Error).message);
  }
  const boundary = statement.boundary ?? [];
  if (proof.tables.length !== system.tables.length) fail('shape', `expected ${system.tables.length} tables`);

  // Shapes of every table entry.
  system.tables.forEach((t, i) => {
    const tp = proof.tables[i]!;
    const h = tp.logHeight;
    if (!Number.isInteger(h) || h < 1 || h > 24) fail('shape', `table ${t.name}: log height ${h} out of range`);
    if (t.prepHeight !== null && 2 ** h !== t.prepHeight) fail('shape', `table ${t.name}: height must be ${t.prepHeight}`);
    if ((tp.permRoot === null) !== (t.logup === null) || (tp.cumSum === null) !== (t.logup === null)) {
      fail('shape', `table ${t.name}: LogUp commitment presence mismatch`);
    }
    const o = tp.opened;
    const permWords = t.logup === null ? 0 : 16 * t.logup.extWidth;
    const expect: [Uint32Array, number, string][] = [
      [o.prepCur, 4 * t.prepWidth, 'prepCur'],
      [o.prepNext, 4 * t.prepWidth, 'prepNext'],
      [o.mainCur, 4 * t.mainWidth, 'mainCur'],
      [o.mainNext, 4 * t.mainWidth, 'mainNext'],
      [o.permCur, permWords, 'permCur'],
      [o.permNext, permWords, 'permNext'],
      [o.quotient, 16 * t.quotientDegree, 'quotient'],
    ];
    for (const [v, n, name] of expect) if (v.length !== n) fail('shape', `table ${t.name}: ${name} has ${v.length} words, expected ${n}`);
    if ((tp.openings.prep === null) !== (t.prepWidth === 0) || (tp.openings.perm === null) !== (t.logup === null)) {
      fail('shape', `table ${t.name}: opening presence mismatch`);
    }
  });
  const logHeights = proof.tables.map((t) => t.logHeight);

  // Transcript replay.
  const transcript = startTranscript(vk, logHeights, publics, boundary);
  for (const tp of proof.tables) transcript.absorbDigest(tp.mainRoot);
  let challenges: Fp4[] = [];
  if (system.buses.length > 0) {
    const z = transcript.squeezeFp4();
    const gamma = transcript.squeezeFp4();
    challenges = challengeVector(z, gamma, system.numChallenges);
  }
  for (const tp of proof.tables) {
    if (tp.permRoot !== null) {
      transcript.absorbDigest(tp.permRoot);
      transcript.absorbFp4(tp.cumSum!);
    }
  }
  const alpha = transcript.squeezeFp4();
  for (const tp of proof.tables) transcript.absorbDigest(tp.quotientRoot);
  const zeta = transcript.squeezeFp4();

  const order = matrixOrder(system);
  const plan: DeepMatrix[] = [];
  const roots: Uint8Array[] = [];
  const openings: MerkleBatchOpening[] = [];
  for (const m of order) {
    const tp = proof.tables[m.table]!;
    const o = tp.opened;
    const logSize = tp.logHeight + logB;
    const zetaNext = fp4Mul(zeta, fp4(twoAdicGenerator(tp.logHeight), 0, 0, 0));
    const e = (cur: Uint32Array, next: Uint32Array | null): DeepMatrix => ({ logSize, width: m.width, cur, next, zetaNext });
    if (m.kind === 'prep') {
      plan.push(e(o.prepCur, o.prepNext));
      roots.push(vk.preprocessed[m.table]!.root);
      openings.push(tp.openings.prep!);
    } else if (m.kind === 'main') {
      plan.push(e(o.mainCur, o.mainNext));
      roots.push(tp.mainRoot);
      openings.push(tp.openings.main);
    } else if (m.kind === 'perm') {
      plan.push(e(o.permCur, o.permNext));
      roots.push(tp.permRoot!);
      openings.push(tp.openings.perm!);
    } else {
      plan.push(e(o.quotient, null));
      roots.push(tp.quotientRoot);
      openings.push(tp.openings.quotient);
    }
  }
  for (const p of plan) {
    transcript.absorbFields(p.cur);
    if (p.next !== null) transcript.absorbFields(p.next);
  }
  const lambda = transcript.squeezeFp4();

  // Out-of-domain constraint check per table, and the global bus balance.
  system.tables.forEach((t, i) => {
    const tp = proof.tables[i]!;
    checkOutOfDomain(t, tp.logHeight, tp.opened, publics[i]!, challenges, tp.cumSum ?? fp4(0, 0, 0, 0), alpha, zeta);
  });
  if (system.buses.length > 0) {
    let total = boundarySum(system, boundary, challenges);
    for (const tp of proof.tables) if (tp.cumSum !== null) total = fp4Add(total, tp.cumSum);
    if (!fp4IsZero(total)) fail('bus', 'LogUp buses do not balance (Σ cumulative sums + boundary ≠ 0)');
  }

  // FRI commit-phase replay.
  const logFinalLen = Math.min(config.logFinalPolyLen, ...logHeights);
  const logFinalSize = logFinalLen + logB;
  const logN0 = Math.max(...logHeights) + logB;
  if (proof.friRoots.length !== logN0 - logFinalSize) fail('fri-shape', 'wrong number of FRI layers');
  if (proof.finalPoly.length !== 4 << logFinalLen) fail('fri-shape', 'wrong final polynomial length');
  const betas: Fp4[] = [];
  for (const r of proof.friRoots) {
    transcript.absorbDigest(r);
    betas.push(transcript.squeezeFp4());
  }
  transcript.absorbFields(proof.finalPoly);
  if (!transcript.checkGrind(config.powBits, proof.powNonce)) fail('pow', 'grinding nonce does not meet the difficulty');
  const queries = transcript.squeezeIndices(config.numQueries, logN0);

  // Merkle openings of every committed matrix.
  const rowMaps = order.map((m, k) => {
    const logSize = plan[k]!.logSize;
    const o = openings[k]!;
    const expected = uniqueSorted(queries.map((q) => q & ((1 << logSize) - 1)));
    if (o.indices.length !== expected.length || o.indices.some((v, j) => v !== expected[j])) {
      fail('indices', `table ${system.tables[m.table]!.name} ${m.kind}: opened rows differ from the queries`);
    }
    if (!verifyMerkleBatch(roots[k]!, logSize, m.width, o)) {
      fail('merkle', `table ${system.tables[m.table]!.name} ${m.kind}: opening does not match its root`);
    }
    return new Map(o.indices.map((idx, j) => [idx, o.rows[j]!]));
  });

  // DEEP values at every query, then the FRI query phase.
  const deep = new DeepQueryEvaluator(plan, lambda, zeta);
  const ro = queries.map((q) => deep.at(plan.map((p, k) => rowMaps[k]!.get(q & ((1 << p.logSize) - 1))!), q));
  friVerifyQueries(logN0, logFinalSize, proof.friRoots, betas, proof.finalPoly, proof.friOpenings, queries, (logSize, q) =>
    ro[q]!.get(logSize) ?? null,
  );
}
