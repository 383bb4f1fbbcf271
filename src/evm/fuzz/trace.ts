/**
 * One EVM step in EIP-3155 terms, parsed from JSON trace lines, and the outcome record that
 * the differential fuzzer compares between two EVMs.
 *
 * EIP-3155 (https://eips.ethereum.org/EIPS/eip-3155) fixes the JSON types: `pc`, `op`,
 * `memSize`, `depth`, `refund` are numbers; `gas`, `gasCost` and every stack item are
 * hex strings; `depth` starts at 1 for the outermost frame; `stack` is listed bottom first.
 * The parser is strict about those types so that a format slip in a tracer is a finding too.
 */
import type { Log } from '../types.ts';

/** The fields of one EIP-3155 step line that both EVMs under comparison expose. */
export interface TraceStep {
  pc: number;
  op: number;
  gas: bigint;
  gasCost: bigint;
  memSize: number;
  /** Bottom of the stack first. */
  stack: bigint[];
  /** 1 for the transaction's own frame. */
  depth: number;
  refund: bigint;
}

/** Final outcome of one transaction in one EVM. */
export interface ExecutionRecord {
  status: 'success' | 'revert' | 'halt';
  /** Gas charged to the sender after refunds (receipt gas used). */
  gasUsed: bigint;
  output: Uint8Array;
  logs: Log[];
  createdAddress: bigint | undefined;
  /** Step trace, when tracing was requested. */
  steps: TraceStep[];
}

/** Thrown when a trace line does not follow the EIP-3155 format. */
export class TraceFormatError extends Error {
  constructor(message: string, readonly line: string) {
    super(`${message}: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`);
    this.name = 'TraceFormatError';
  }
}

/**
 * Parses one EIP-3155 JSON line. Returns `undefined` for the summary line (the one carrying
 * `output`/`gasUsed` and no `pc`); throws TraceFormatError for malformed lines.
 */
export function parseEip3155Line(line: string): TraceStep | undefined {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    throw new TraceFormatError('not JSON', line);
  }
  if (typeof obj !== 'object' || obj === null) throw new TraceFormatError('not a JSON object', line);
  const o = obj as Record<string, unknown>;
  if (!('pc' in o) && ('gasUsed' in o || 'output' in o)) return undefined;
  const stack = o['stack'];
  if (!Array.isArray(stack)) throw new TraceFormatError('"stack" must be an array', line);
  return {
    pc: num(o, 'pc', line),
    op: num(o, 'op', line),
    gas: hex(o['gas'], 'gas', line),
    gasCost: hex(o['gasCost'], 'gasCost', line),
    memSize: num(o, 'memSize', line),
    stack: stack.map((item) => hex(item, 'stack item', line)),
    depth: num(o, 'depth', line),
    refund: BigInt(num(o, 'refund', line)),
  };
}

function num(o: Record<string, unknown>, key: string, line: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new TraceFormatError(`"${key}" must be a non-negative integer number`, line);
  }
  return v;
}

function hex(v: unknown, what: string, line: string): bigint {
  if (typeof v !== 'string' || !/^0x[0-9a-f]+$/.test(v) || (v.length > 3 && v[2] === '0')) {
    throw new TraceFormatError(`${what} must be a minimal lower-case 0x hex string`, line);
  }
  return BigInt(v);
}

/** Renders a step as a compact EIP-3155-style JSON line (for divergence reports). */
export function formatStep(step: TraceStep): string {
  return JSON.stringify({
    pc: step.pc,
    op: step.op,
    gas: `0x${step.gas.toString(16)}`,
    gasCost: `0x${step.gasCost.toString(16)}`,
    memSize: step.memSize,
    stack: step.stack.map((v) => `0x${v.toString(16)}`),
    depth: step.depth,
    refund: Number(step.refund),
  });
}
