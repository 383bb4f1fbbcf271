/**
 * The frame prover: from an executed transaction (its witness trace) to a verified proof of the
 * top frame's statement, or a refusal.
 *
 *   statement  ← buildStatement(run)                       (statement-builder.ts)
 *   witness    ← the CPU trace (src/circuits/cpu buildCpuTrace: refuses unproven opcodes with
 *                UnprovenOpcodeError, unsupported shapes with CpuUnsupportedError), the ALU trace of
 *                its `alu` messages, rw_cells from the rw ledger over its accesses, the bytecode
 *                table answering its fetches (with the Poseidon2 permutations of the code digest),
 *                opcode_info, and the shared lookups summed over all tables
 *   public     ← statement → `cpu` public inputs + `rw` boundary messages (C); the verifier
 *                rebuilds exactly these from the statement alone (statementToStark)
 *   proof      ← prove(...)   — the debug checker runs first; any inconsistency refuses with its
 *                               message (FrameRefusedError), never a proof of a wrong statement
 *   verify(proof, public)      — every proof is verified before it is returned
 */
import { RecordKind, type WitnessTrace } from '../../evm/tracers/witness-records.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { poseidon2Trace } from '../../stark/airs/poseidon2-air.ts';
import {
  DEFAULT_CONFIG,
  ProverRefusedError,
  VerificationError,
  encodeProof,
  prove,
  verifyBytes,
  type StarkConfig,
  type Statement,
} from '../../stark/index.ts';
import { aluTraces } from '../alu/alu-trace.ts';
import { BytecodeTableBuilder } from '../bytecode/bytecode-trace.ts';
import { ByteStringKind } from '../bytecode/code-digest.ts';
import { cpuPublicInputs } from '../cpu/cpu-publics.ts';
import { buildCpuTrace, cpuRange16Counts } from '../cpu/cpu-trace.ts';
import { opcodeInfoTrace } from '../cpu/opcode-info.ts';
import { countRwCellsLookups, rwCellsTrace } from '../rw/rw-cells.ts';
import { RwLedger } from '../rw/rw-ledger.ts';
import { FRAME_TABLES, frameKeys } from './frame-system.ts';
import { frameBounds } from './frame-witness.ts';
import { TOP_FRAME, type ExecutedFrame } from './select.ts';
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

/** The environment words of the `cpu` public inputs (ENV_OPCODES order) from a statement. */
export function cpuEnvironment(s: FrameStatement): bigint[] {
  const e = s.env;
  return [
    e.address, e.caller, e.value, e.origin, e.gasPrice, e.coinbase, e.timestamp, e.number, e.prevRandao,
    e.blockGasLimit, e.chainId, e.baseFee, e.blobBaseFee, BigInt(s.calldataLength), BigInt(s.codeLength),
  ];
}

/**
 * The public side of a statement in STARK terms: the `cpu` public inputs (code digest, G, first
 * counter, halt reason, gas left, environment) and C as `rw` boundary messages.
 */
export function statementToStark(s: FrameStatement): Statement {
  const cpu = cpuPublicInputs({
    codeDigest: Array.from(s.codeDigest),
    gasLimit: Number(s.gasLimit),
    rwcFirst: s.rwcFirst,
    status: s.haltReason,
    gasLeft: Number(s.gasLimit - s.gasUsed),
    env: cpuEnvironment(s),
  });
  return { publicInputs: { cpu }, boundary: cellBoundary(s) };
}

/**
 * The trace up to the top frame's FrameExit (a shallow view sharing the columns): the transaction
 * records after it (refund read, fee payment, deletions) are no step's records, and the CPU trace
 * generator attributes every record after the last step to that step.
 */
function frameRecords(trace: WitnessTrace): WitnessTrace {
  let end = trace.length;
  for (let i = trace.length - 1; i >= 0; i--) {
    if (trace.kind[i] === RecordKind.FrameExit && trace.frame[i] === TOP_FRAME) {
      end = i + 1;
      break;
    }
  }
  return Object.assign(Object.create(Object.getPrototypeOf(trace) as object) as WitnessTrace, trace, { length: end });
}

/** Every table's trace for the top frame of `run` with its statement. */
export function frameWitness(run: ExecutedFrame, statement: FrameStatement): Record<string, RowMajorMatrix> {
  const { enter } = frameBounds(run.trace);
  const cpu = buildCpuTrace({ trace: frameRecords(run.trace), code: enter.code, codeDigest: Array.from(statement.codeDigest), env: cpuEnvironment(statement) });
  const alu = aluTraces(cpu.aluOps);
  const range16 = alu.traces.range16.values.slice();
  const cpuCounts = cpuRange16Counts(cpu.cpu);
  for (let v = 0; v < range16.length; v++) range16[v]! += cpuCounts[v]!;
  const ledger = new RwLedger();
  for (const a of cpu.accesses) ledger.access(a);
  const rwCells = rwCellsTrace(ledger.finish().privateCells);
  countRwCellsLookups(rwCells, range16);
  const builder = new BytecodeTableBuilder();
  const code = builder.add(ByteStringKind.Code, enter.code);
  for (const l of cpu.bytecodeLookups) builder.lookup(code, l.pc, l.count);
  const bytecode = builder.build();
  const range8 = alu.traces.range8.values.slice();
  for (const v of bytecode.range8Lookups) range8[v]! += 1;
  return {
    cpu: cpu.cpu,
    opcode_info: opcodeInfoTrace(cpu.opcodes),
    alu: alu.traces.alu,
    rw_cells: rwCells,
    bytecode: bytecode.traces.bytecode,
    byte_class: bytecode.traces.byte_class,
    poseidon2_16: poseidon2Trace(bytecode.poseidon2Inputs),
    range8: new RowMajorMatrix(range8, 1),
    range16: new RowMajorMatrix(range16, 1),
    byteop8: alu.traces.byteop8,
  };
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
 * Proves the top frame of `run` and verifies the proof. Throws UnprovenOpcodeError /
 * CpuUnsupportedError (src/circuits/cpu) for frames outside the CPU's coverage, FrameRefusedError
 * when the checker finds an inconsistency.
 */
export function proveFrame(run: ExecutedFrame, options: FrameProveOptions = {}): FrameProof {
  const config = options.config ?? DEFAULT_CONFIG;
  const statement = buildStatement(run);
  const stark = statementToStark(statement);
  const traces = frameWitness(run, statement);
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
