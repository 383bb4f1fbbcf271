/**
 * The frame prover: from an executed transaction (its witness trace) to a verified proof of the
 * top frame's statement, or a refusal.
 *
 *   statement  ← buildStatement(run)                       (statement-builder.ts)
 *   witness    ← every integrated table's trace from the extracted inputs, shared lookups summed
 *   public     ← statement → per-table public inputs + `rw` boundary messages (C)
 *   proof      ← prove(...)   — the debug checker runs first; any inconsistency refuses with its
 *                               message (FrameRefusedError), never a proof of a wrong statement
 *   verify(proof, public)      — every proof is verified before it is returned
 *
 * While tables are missing (frame-system.ts MISSING_FRAME_TABLES) `proveFrame` refuses with
 * FrameProverIncompleteError: the integrated tables alone do not constrain the frame (nothing
 * would send their bus messages), so a proof of them would not be a proof of the statement.
 * `frameTableWitness` (the traces of the integrated tables) is exported for the plumbing tests.
 */
import type { RowMajorMatrix } from '../../field/matrix.ts';
import { keccakTrace } from '../../stark/airs/keccak-air.ts';
import { poseidon2Trace } from '../../stark/airs/poseidon2-air.ts';
import {
  DEFAULT_CONFIG,
  ProverRefusedError,
  VerificationError,
  encodeProof,
  prove,
  verifyBytes,
  type BoundaryMessage,
  type StarkConfig,
  type Statement,
} from '../../stark/index.ts';
import { RW_BUS } from '../buses.ts';
import { aluTraces } from '../alu/alu-trace.ts';
import { ByteStringKind, byteStringSponge } from '../bytecode/code-digest.ts';
import { FRAME_TABLES, FrameProverIncompleteError, LookupAccumulator, MISSING_FRAME_TABLES, frameKeys, frameSystem } from './frame-system.ts';
import { aluOperationsOf, frameBounds, type FrameAluOperation } from './frame-witness.ts';
import type { ExecutedFrame } from './select.ts';
import { buildStatement } from './statement-builder.ts';
import { cellBoundary, type FrameStatement } from './statement.ts';

/** The prover refused: the witness is inconsistent (the debug checker's first failures). */
export class FrameRefusedError extends Error {
  override readonly name = 'FrameRefusedError';
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/** Traces of the integrated tables for one frame, with the inputs they prove. */
export interface FrameTableWitness {
  readonly traces: Record<string, RowMajorMatrix>;
  /** The ALU operations the `alu` table proves (what the CPU sends). */
  readonly aluOperations: readonly FrameAluOperation[];
  /** Poseidon2 permutation inputs and outputs (16 each, back to back): code, calldata and return data digests. */
  readonly poseidon2Inputs: Uint32Array;
  readonly poseidon2Outputs: Uint32Array;
}

function concat(parts: readonly Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Traces of every integrated table for the top frame of `run` (lookups summed over all tables). */
export function frameTableWitness(run: ExecutedFrame): FrameTableWitness {
  const { enter, exit } = frameBounds(run.trace);
  const aluOperations = aluOperationsOf(run.trace);
  const alu = aluTraces(aluOperations.map(({ opcode, a, b }) => ({ opcode, a, b })));
  const lookups = new LookupAccumulator();
  lookups.add('range8', alu.traces.range8);
  lookups.add('range16', alu.traces.range16);
  lookups.add('byteop8', alu.traces.byteop8);
  const sponges = [
    byteStringSponge(ByteStringKind.Code, enter.code),
    byteStringSponge(ByteStringKind.Data, enter.input),
    byteStringSponge(ByteStringKind.Data, exit.output),
  ];
  const poseidon2Inputs = concat(sponges.map((s) => s.inputs));
  const poseidon2Outputs = concat(sponges.map((s) => s.outputs));
  const traces: Record<string, RowMajorMatrix> = {
    alu: alu.traces.alu,
    poseidon2_16: poseidon2Trace(poseidon2Inputs),
    // No KECCAK256 is proven until the keccak sponge table is integrated: padding rows only.
    keccak_f: keccakTrace(new Uint32Array(0)),
    ...lookups.traces(),
  };
  return { traces, aluOperations, poseidon2Inputs, poseidon2Outputs };
}

/**
 * The public side of a statement in STARK terms: per-table public inputs and the boundary
 * messages (C on the `rw` bus when the system has it). The verifier rebuilds exactly this from the
 * statement alone.
 */
export function statementToStark(s: FrameStatement): Statement {
  const system = frameSystem();
  const boundary: BoundaryMessage[] = system.buses.some((b) => b.name === RW_BUS) ? cellBoundary(s) : [];
  return { publicInputs: {}, boundary };
}

/** Options of {@link proveFrame}. */
export interface FrameProveOptions {
  /** STARK configuration (default DEFAULT_CONFIG; tests use TEST_CONFIG_INSECURE). */
  readonly config?: StarkConfig;
  /** Filled with the prover's phase times when given. */
  readonly phaseTimes?: Record<string, number>;
}

/** A verified frame proof. */
export interface FrameProof {
  readonly statement: FrameStatement;
  readonly config: StarkConfig;
  /** keccak256 digest of the verifying key (system, config, preprocessed roots). */
  readonly circuitDigest: Uint8Array;
  /** The STARK proof (src/stark encodeProof). */
  readonly proof: Uint8Array;
  /** Rows per table, for reports. */
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Proves the top frame of `run` and verifies the proof. Refuses with FrameProverIncompleteError
 * while tables are missing, and with FrameRefusedError when the checker finds an inconsistency.
 */
export function proveFrame(run: ExecutedFrame, options: FrameProveOptions = {}): FrameProof {
  if (MISSING_FRAME_TABLES.length > 0) throw new FrameProverIncompleteError(MISSING_FRAME_TABLES);
  const config = options.config ?? DEFAULT_CONFIG;
  const statement = buildStatement(run);
  const tables = frameTableWitness(run);
  const stark = statementToStark(statement);
  const { provingKey, verifyingKey } = frameKeys(config);
  let proof: Uint8Array;
  try {
    const p = prove(provingKey, { traces: tables.traces, ...stark }, options.phaseTimes === undefined ? {} : { phaseTimes: options.phaseTimes });
    proof = encodeProof(p);
  } catch (e) {
    if (e instanceof ProverRefusedError) throw new FrameRefusedError(e.message, e);
    throw e;
  }
  try {
    verifyBytes(verifyingKey, proof, stark);
  } catch (e) {
    if (e instanceof VerificationError) throw new FrameRefusedError(`the fresh proof does not verify: ${e.message}`, e);
    throw e;
  }
  const rows: Record<string, number> = {};
  for (const t of FRAME_TABLES) rows[t.name] = tables.traces[t.name]!.height;
  return { statement, config, circuitDigest: verifyingKey.digest, proof, rows };
}
