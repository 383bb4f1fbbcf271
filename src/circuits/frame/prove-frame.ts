/**
 * The frame prover: from an executed transaction (its witness trace) to a verified proof of the
 * top frame's statement, or a refusal.
 *
 *   statement  ← buildStatement(run)                         (statement-builder.ts)
 *   witness    ← frameTraces(run, statement)                 (frame-traces.ts: every table's trace)
 *   public     ← statementToStark(statement): `cpu` public inputs and the boundary messages (C on
 *                `rw`, SSTORE originals, the return-data stream); the verifier rebuilds exactly
 *                these from the statement alone (statement-stark.ts)
 *   proof      ← prove(...)   — the debug checker runs first; any inconsistency refuses with its
 *                               message (FrameRefusedError), never a proof of a wrong statement
 *   verify(proof, public)      — every proof is verified before it is returned
 *
 * Frames outside the prover's coverage are refused before any trace is built: no code executed,
 * or an opcode the frame system holds back (FrameUnsupportedError); the CPU refuses the rest
 * (UnprovenOpcodeError, CpuUnsupportedError).
 */
import { OPCODES } from '../../evm/opcodes.ts';
import {
  DEFAULT_CONFIG,
  ProverRefusedError,
  VerificationError,
  encodeProof,
  prove,
  verifyBytes,
  type StarkConfig,
} from '../../stark/index.ts';
import { FRAME_PENDING_OPCODES, FRAME_TABLES, frameKeys } from './frame-system.ts';
import { frameTraces } from './frame-traces.ts';
import { NO_CODE_REASON, type ExecutedFrame } from './select.ts';
import { buildStatement } from './statement-builder.ts';
import { statementToStark } from './statement-stark.ts';
import type { FrameStatement } from './statement.ts';

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

/** The frame is outside what the frame prover covers (the message is the reason). */
export class FrameUnsupportedError extends Error {
  override readonly name = 'FrameUnsupportedError';
}

/** Throws FrameUnsupportedError for a frame that runs no code or an opcode the frame holds back. */
export function assertFrameCovered(run: ExecutedFrame): void {
  const s = run.trace.steps;
  if (run.trace.stepCount === 0) throw new FrameUnsupportedError(NO_CODE_REASON);
  for (let i = 0; i < run.trace.stepCount; i++) {
    const why = FRAME_PENDING_OPCODES.get(s.opcode[i]!);
    if (why !== undefined) throw new FrameUnsupportedError(`${OPCODES[s.opcode[i]!]!.name} at pc ${s.pc[i]!} is not proven yet (${why})`);
  }
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
 * Proves the top frame of `run` and verifies the proof. Throws FrameUnsupportedError,
 * UnprovenOpcodeError / CpuUnsupportedError / CpuPublicsError (src/circuits/cpu) for frames
 * outside the coverage, FrameRefusedError when the checker finds an inconsistency.
 */
export function proveFrame(run: ExecutedFrame, options: FrameProveOptions = {}): FrameProof {
  const config = options.config ?? DEFAULT_CONFIG;
  assertFrameCovered(run);
  const statement = buildStatement(run);
  const stark = statementToStark(statement);
  const traces = frameTraces(run, statement);
  const { provingKey, verifyingKey } = frameKeys(config);
  let proof: Uint8Array;
  try {
    const p = prove(provingKey, { traces, ...stark }, options.phaseTimes === undefined ? {} : { phaseTimes: options.phaseTimes });
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
  for (const t of FRAME_TABLES) rows[t.name] = traces[t.name]!.height;
  return { statement, config, circuitDigest: verifyingKey.digest, proof, rows };
}
