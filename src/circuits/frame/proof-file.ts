/**
 * The frame proof file: versioned, self-describing, carrying its statement.
 *
 *   bytes 0..8    magic "ZKEVMFRM"
 *   u32 LE        format version (FRAME_PROOF_VERSION)
 *   u32 LE        header length h, then h bytes of UTF-8 JSON:
 *                   { "statement": <statement JSON (statement-json.ts)>,
 *                     "config": { logBlowup, numQueries, powBits, logFinalPolyLen },
 *                     "circuit": "0x<keccak256 digest of the verifying key>" }
 *   u32 LE        proof length n, then n bytes: the STARK proof (src/stark encodeProof)
 *   nothing after.
 *
 * Verification rebuilds the frame system from this code, checks the circuit digest (a proof made
 * by another circuit version is refused by name, not as a generic failure), derives the public
 * inputs and boundary messages from the statement alone, and runs the STARK verifier. Proofs made
 * with a configuration other than DEFAULT_CONFIG are refused unless the caller allows them (tests).
 */
import {
  DEFAULT_CONFIG,
  checkConfig,
  verifyBytes,
  type StarkConfig,
} from '../../stark/index.ts';
import { frameKeys } from './frame-system.ts';
import type { FrameProof } from './prove-frame.ts';
import { statementToStark } from './statement-stark.ts';
import { decodeStatementJson, statementToJson } from './statement-json.ts';
import type { FrameStatement } from './statement.ts';

/** Magic bytes of a frame proof file. */
export const FRAME_PROOF_MAGIC = 'ZKEVMFRM';
/** Current format version. */
export const FRAME_PROOF_VERSION = 1;

/** A frame proof file is malformed; `field` says where. */
export class ProofFileError extends Error {
  override readonly name = 'ProofFileError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`proof file ${field}: ${problem}`);
  }
}

/** The decoded parts of a proof file. */
export interface FrameProofFile {
  readonly statement: FrameStatement;
  readonly config: StarkConfig;
  readonly circuitDigest: Uint8Array;
  readonly proof: Uint8Array;
}

const hex = (b: Uint8Array): string => '0x' + Buffer.from(b).toString('hex');

/** Encodes a proof as a file. */
export function encodeFrameProofFile(p: FrameProof | FrameProofFile): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({
      statement: statementToJson(p.statement),
      config: { logBlowup: p.config.logBlowup, numQueries: p.config.numQueries, powBits: p.config.powBits, logFinalPolyLen: p.config.logFinalPolyLen },
      circuit: hex(p.circuitDigest),
    }),
  );
  const out = new Uint8Array(8 + 4 + 4 + header.length + 4 + p.proof.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(FRAME_PROOF_MAGIC), 0);
  view.setUint32(8, FRAME_PROOF_VERSION, true);
  view.setUint32(12, header.length, true);
  out.set(header, 16);
  view.setUint32(16 + header.length, p.proof.length, true);
  out.set(p.proof, 20 + header.length);
  return out;
}

function parseConfig(v: unknown): StarkConfig {
  if (typeof v !== 'object' || v === null) throw new ProofFileError('header.config', 'not an object');
  const o = v as Record<string, unknown>;
  const config = { logBlowup: o.logBlowup, numQueries: o.numQueries, powBits: o.powBits, logFinalPolyLen: o.logFinalPolyLen } as StarkConfig;
  try {
    checkConfig(config);
  } catch (e) {
    throw new ProofFileError('header.config', (e as Error).message);
  }
  return config;
}

/** Decodes a proof file (format and statement validated; the proof itself is not verified here). */
export function decodeFrameProofFile(bytes: Uint8Array): FrameProofFile {
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== FRAME_PROOF_MAGIC) {
    throw new ProofFileError('magic', `not a frame proof file (expected "${FRAME_PROOF_MAGIC}")`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FRAME_PROOF_VERSION) throw new ProofFileError('version', `unsupported version ${version} (this build reads ${FRAME_PROOF_VERSION})`);
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength + 4 > bytes.length) throw new ProofFileError('header', 'truncated');
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + headerLength))) as Record<string, unknown>;
  } catch (e) {
    throw new ProofFileError('header', `malformed JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null) throw new ProofFileError('header', 'not an object');
  const statement = decodeStatementJson(header.statement);
  const config = parseConfig(header.config);
  const circuit = header.circuit;
  if (typeof circuit !== 'string' || !/^0x[0-9a-f]{64}$/.test(circuit)) throw new ProofFileError('header.circuit', 'not a 32-byte hex digest');
  const proofLength = view.getUint32(16 + headerLength, true);
  const start = 20 + headerLength;
  if (start + proofLength !== bytes.length) {
    throw new ProofFileError('proof', start + proofLength > bytes.length ? 'truncated' : 'trailing bytes after the proof');
  }
  return { statement, config, circuitDigest: new Uint8Array(Buffer.from(circuit.slice(2), 'hex')), proof: bytes.slice(start) };
}

/** Options of {@link verifyFrameProofFile}. */
export interface VerifyFileOptions {
  /** Accept proofs made with a configuration other than DEFAULT_CONFIG (tests only). */
  readonly allowInsecureConfig?: boolean;
}

const sameConfig = (a: StarkConfig, b: StarkConfig): boolean =>
  a.logBlowup === b.logBlowup && a.numQueries === b.numQueries && a.powBits === b.powBits && a.logFinalPolyLen === b.logFinalPolyLen;

/**
 * Decodes and verifies a frame proof file; returns its statement. Throws ProofFileError (format,
 * configuration, circuit version), StatementError (bad statement) or VerificationError (the proof).
 */
export function verifyFrameProofFile(bytes: Uint8Array, options: VerifyFileOptions = {}): FrameStatement {
  const file = decodeFrameProofFile(bytes);
  if (!sameConfig(file.config, DEFAULT_CONFIG) && options.allowInsecureConfig !== true) {
    throw new ProofFileError('header.config', 'not the default configuration (such proofs are accepted only in tests)');
  }
  const { verifyingKey } = frameKeys(file.config);
  if (hex(verifyingKey.digest) !== hex(file.circuitDigest)) {
    throw new ProofFileError('header.circuit', `made by another circuit (${hex(file.circuitDigest)}; this build is ${hex(verifyingKey.digest)})`);
  }
  verifyBytes(verifyingKey, file.proof, statementToStark(file.statement));
  return file.statement;
}
