/**
 * The multi-table prover. `prove` runs the debug checker first and refuses (ProverRefusedError)
 * to prove a witness that breaks a constraint or unbalances a bus; `proveUnchecked` is the same
 * pipeline without that check (used by `prove` after it passes, and by the test-only forced path).
 *
 * Pipeline (protocol order in protocol.ts): coset LDE + Merkle commit of every main trace →
 * LogUp challenges → LogUp helper traces (Fp4, as base columns), LDE, commit → α → per table the
 * quotient over its quotient coset, split into degree-< n chunks, LDE, commit → ζ → openings at ζ
 * and ζω → λ → DEEP codewords per LDE height → one mixed-height FRI → grinding → queries →
 * Merkle openings. Every step is a whole-column operation (LDE, hashing, program evaluation),
 * which is what lets the field/hash kernels batch and parallelise them.
 */
import { twoAdicGenerator } from '../field/babybear.ts';
import { fp4Mul, fp4, type Fp4 } from '../field/extension.ts';
import type { RowMajorMatrix } from '../field/matrix.ts';
import { cosetLde, evaluateCosetFromCoeffs } from '../field/ntt.ts';
import { MerkleTree } from '../hash/merkle.ts';
import { checkSystem } from './debug-checker.ts';
import { deepCodewords, type DeepMatrix, type DeepSource } from './deep.ts';
import { evaluateCoeffsAt, evaluateTraceAt, LDE_SHIFT } from './domain.ts';
import { ProverRefusedError, type ConstraintFailure } from './errors.ts';
import { friCommit, friOpen, uniqueSorted } from './fri.ts';
import { evaluateInteractions } from './interactions.ts';
import type { ProvingKey } from './keys.ts';
import { buildLogupTrace } from './logup-trace.ts';
import { challengeVector, matrixOrder, startTranscript } from './protocol.ts';
import type { OpenedValues, StarkProof, TableProof } from './proof.ts';
import { computeQuotientChunks } from './quotient.ts';
import { checkBoundary, publicsOf, tracesInOrder, type BoundaryMessage, type Witness } from './witness.ts';

/** Options of `prove`. */
export interface ProveOptions {
  /** Failures collected by the debug checker before refusing (default 20). */
  readonly maxFailures?: number;
  /**
   * When given, filled with the wall-clock milliseconds of each prover phase (check, main,
   * logup, quotient, open, deep, fri, query) and their CPU milliseconds (`checkCpu`, …), for
   * benchmarks.
   */
  readonly phaseTimes?: Record<string, number>;
}

/**
 * Records, under `phase`, the wall-clock milliseconds since the previous mark and, under
 * `phase + 'Cpu'`, the process CPU milliseconds (all threads, so pool work counts); no-op without
 * a sink.
 */
function phaseClock(sink: Record<string, number> | undefined): (phase: string) => void {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  return (phase) => {
    if (sink === undefined) return;
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    sink[phase] = (sink[phase] ?? 0) + now - last;
    sink[`${phase}Cpu`] = (sink[`${phase}Cpu`] ?? 0) + (cpu.user + cpu.system) / 1000;
    last = now;
    lastCpu = process.cpuUsage();
  };
}

/** A witness whose shapes and values were validated once (traces and publics in system order). */
interface ValidatedWitness {
  readonly traces: RowMajorMatrix[];
  readonly publics: number[][];
  readonly boundary: readonly BoundaryMessage[];
}

function validateWitness(pk: ProvingKey, witness: Witness): ValidatedWitness {
  const system = pk.vk.system;
  const traces = tracesInOrder(system, witness);
  const publics = system.tables.map((t) => publicsOf(t, witness));
  const boundary = witness.boundary ?? [];
  checkBoundary(system, boundary);
  return { traces, publics, boundary };
}

function checkValidated(pk: ProvingKey, w: ValidatedWitness, options: ProveOptions): ConstraintFailure[] {
  return checkSystem(
    pk.vk.system,
    w.traces,
    pk.preprocessed.map((p) => p?.trace ?? null),
    w.publics,
    w.boundary,
    { maxFailures: options.maxFailures ?? 20 },
  );
}

/** Run the debug checker on a witness: every failing constraint (table, row, name) and bus. */
export function checkWitness(pk: ProvingKey, witness: Witness, options: ProveOptions = {}): ConstraintFailure[] {
  return checkValidated(pk, validateWitness(pk, witness), options);
}

/** Prove `witness` under `pk`, refusing (ProverRefusedError) if the debug checker finds a failure. */
export function prove(pk: ProvingKey, witness: Witness, options: ProveOptions = {}): StarkProof {
  const mark = phaseClock(options.phaseTimes);
  const validated = validateWitness(pk, witness);
  const failures = checkValidated(pk, validated, options);
  if (failures.length > 0) throw new ProverRefusedError(failures);
  mark('check');
  return proveValidated(pk, validated, options.phaseTimes);
}

/** The proving pipeline without the debug check. Only `prove` and the test-only forced path call it. */
export function proveUnchecked(pk: ProvingKey, witness: Witness, phaseTimes?: Record<string, number>): StarkProof {
  return proveValidated(pk, validateWitness(pk, witness), phaseTimes);
}

function proveValidated(pk: ProvingKey, witness: ValidatedWitness, phaseTimes?: Record<string, number>): StarkProof {
  const mark = phaseClock(phaseTimes);
  const vk = pk.vk;
  const { system, config } = vk;
  const logB = config.logBlowup;
  const { traces, publics, boundary } = witness;
  const logHeights = traces.map((t) => Math.log2(t.height));
  const transcript = startTranscript(vk, logHeights, publics, boundary);

  // Round 1: main traces.
  const mainLdes = traces.map((t) => cosetLde(t, logB, LDE_SHIFT));
  const mainTrees = mainLdes.map((l) => MerkleTree.commit(l));
  for (const tree of mainTrees) transcript.absorbDigest(tree.root);
  mark('main');

  // Round 2: LogUp.
  let challenges: Fp4[] = [];
  if (system.buses.length > 0) {
    const z = transcript.squeezeFp4();
    const gamma = transcript.squeezeFp4();
    challenges = challengeVector(z, gamma, system.numChallenges);
  }
  const perm = system.tables.map((t, i) => {
    if (t.logup === null) return null;
    const prep = pk.preprocessed[i]?.trace ?? null;
    const iv = evaluateInteractions(t, traces[i]!, prep, publics[i]!);
    const { trace, cumSum } = buildLogupTrace(system, t, iv, traces[i]!.height, challenges);
    const lde = cosetLde(trace, logB, LDE_SHIFT);
    const tree = MerkleTree.commit(lde);
    transcript.absorbDigest(tree.root);
    transcript.absorbFp4(cumSum);
    return { trace, cumSum, lde, tree };
  });
  const alpha = transcript.squeezeFp4();
  mark('logup');

  // Round 3: quotients.
  const quotients = system.tables.map((t, i) => {
    const chunks = computeQuotientChunks(
      t,
      { main: mainLdes[i]!, prep: pk.preprocessed[i]?.lde ?? null, perm: perm[i]?.lde ?? null },
      logHeights[i]!,
      logB,
      { publics: publics[i]!, challenges, cumSum: perm[i]?.cumSum ?? fp4(0, 0, 0, 0) },
      alpha,
    );
    const lde = evaluateCosetFromCoeffs(chunks, logHeights[i]! + logB, LDE_SHIFT);
    const tree = MerkleTree.commit(lde);
    transcript.absorbDigest(tree.root);
    return { chunks, lde, tree };
  });
  const zeta = transcript.squeezeFp4();
  mark('quotient');

  // Round 4: openings at ζ and ζω.
  const empty = new Uint32Array(0);
  const opened: OpenedValues[] = system.tables.map((_t, i) => {
    const prepTrace = pk.preprocessed[i]?.trace;
    const pre = prepTrace ? evaluateTraceAt(prepTrace, zeta) : { cur: empty, next: empty };
    const main = evaluateTraceAt(traces[i]!, zeta);
    const pm = perm[i] ? evaluateTraceAt(perm[i]!.trace, zeta) : { cur: empty, next: empty };
    return {
      prepCur: pre.cur,
      prepNext: pre.next,
      mainCur: main.cur,
      mainNext: main.next,
      permCur: pm.cur,
      permNext: pm.next,
      quotient: evaluateCoeffsAt(quotients[i]!.chunks, zeta),
    };
  });
  const order = matrixOrder(system);
  const plan: DeepMatrix[] = [];
  const sources: DeepSource[] = [];
  const trees: MerkleTree[] = [];
  for (const m of order) {
    const i = m.table;
    const o = opened[i]!;
    const zetaNext = fp4Mul(zeta, fp4(twoAdicGenerator(logHeights[i]!), 0, 0, 0));
    const logSize = logHeights[i]! + logB;
    const entry = (cur: Uint32Array, next: Uint32Array | null): DeepMatrix => ({ logSize, width: m.width, cur, next, zetaNext });
    if (m.kind === 'prep') {
      plan.push(entry(o.prepCur, o.prepNext));
      sources.push({ matrix: pk.preprocessed[i]!.trace, form: 'evals' });
      trees.push(pk.preprocessed[i]!.tree);
    } else if (m.kind === 'main') {
      plan.push(entry(o.mainCur, o.mainNext));
      sources.push({ matrix: traces[i]!, form: 'evals' });
      trees.push(mainTrees[i]!);
    } else if (m.kind === 'perm') {
      plan.push(entry(o.permCur, o.permNext));
      sources.push({ matrix: perm[i]!.trace, form: 'evals' });
      trees.push(perm[i]!.tree);
    } else {
      plan.push(entry(o.quotient, null));
      sources.push({ matrix: quotients[i]!.chunks, form: 'coeffs' });
      trees.push(quotients[i]!.tree);
    }
  }
  for (const p of plan) {
    transcript.absorbFields(p.cur);
    if (p.next !== null) transcript.absorbFields(p.next);
  }
  const lambda = transcript.squeezeFp4();
  mark('open');

  // Round 5: DEEP codewords and FRI.
  const codewords = deepCodewords(plan, sources, zeta, lambda, logB);
  mark('deep');
  const logFinalLen = Math.min(config.logFinalPolyLen, ...logHeights);
  const fri = friCommit(transcript, codewords, logFinalLen + logB, logFinalLen);
  const powNonce = transcript.grind(config.powBits);
  mark('fri');
  const logN0 = Math.max(...logHeights) + logB;
  const queries = transcript.squeezeIndices(config.numQueries, logN0);

  // Round 6: openings of every committed matrix at the query indices.
  const openings = trees.map((tree) => tree.open(uniqueSorted(queries.map((q) => q & (tree.height - 1)))));
  const tables: TableProof[] = system.tables.map((_t, i) => {
    const find = (kind: string) => {
      const k = order.findIndex((m) => m.table === i && m.kind === kind);
      return k < 0 ? null : openings[k]!;
    };
    return {
      logHeight: logHeights[i]!,
      mainRoot: mainTrees[i]!.root,
      permRoot: perm[i]?.tree.root ?? null,
      cumSum: perm[i]?.cumSum ?? null,
      quotientRoot: quotients[i]!.tree.root,
      opened: opened[i]!,
      openings: { prep: find('prep'), main: find('main')!, perm: find('perm'), quotient: find('quotient')! },
    };
  });
  mark('query');
  return {
    config,
    tables,
    friRoots: fri.trees.map((t) => t.root),
    finalPoly: fri.finalPoly,
    powNonce,
    friOpenings: friOpen(fri, queries),
  };
}
