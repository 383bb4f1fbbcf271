/**
 * EIP-3155 JSON-lines tracer, formatted like geth's `evm --json` (`eth/tracers/logger/json.go`):
 * one object per executed instruction
 * `{"pc","op","gas","gasCost","memSize","stack","depth","returnData","refund","opName","error"?}`
 * with `gas`/`gasCost` and stack items as 0x-prefixed minimal hex, `pc`/`op`/`memSize`/`depth`/
 * `refund` as JSON numbers, `depth` starting at 1; and a final summary line
 * `{"output","gasUsed","error"?}` where `output` is hex without prefix and `gasUsed` is the
 * top frame's execution gas (intrinsic gas and refunds excluded), as geth prints it.
 */
import type { FrameView } from '../frame.ts';
import { Halt, haltMessage, isSuccess } from '../halt.ts';
import { OPCODES } from '../opcodes.ts';
import type { StateView } from '../state/state-view.ts';
import type { Tracer, TxTraceResult } from '../tracer.ts';
import { bytesToHex } from '../words.ts';

/** geth's message for a failed step, with the stack figures its stack errors print. */
function stepError(frame: FrameView): string {
  const info = OPCODES[frame.opcode]!;
  if (frame.halt === Halt.StackUnderflow) return `stack underflow (${frame.sp} <=> ${info.inputs})`;
  if (frame.halt === Halt.StackOverflow) return `stack limit reached ${frame.sp} (${1024 + info.inputs - info.outputs})`;
  return haltMessage(frame.halt, frame.opcode);
}

/** Receives each finished JSON line (without the trailing newline). */
export type LineSink = (line: string) => void;

/** Options of {@link Eip3155Tracer}. */
export interface Eip3155Options {
  /** Include the full memory as `"memory":"0x..."` in each step (geth `--nomemory=false`). Default false. */
  memory?: boolean;
}

/** Writes EIP-3155 step lines and the summary line to a sink. */
export class Eip3155Tracer implements Tracer {
  private readonly sink: LineSink;
  private readonly withMemory: boolean;
  private pending = '';
  private pendingRest = '';
  private pendingOpName = '';

  constructor(sink: LineSink, options: Eip3155Options = {}) {
    this.sink = sink;
    this.withMemory = options.memory ?? false;
  }

  /** Captures the machine state before the instruction; the line is written once its cost is known. */
  onStep(frame: FrameView): void {
    let stack = '';
    for (let i = 0; i < frame.sp; i++) stack += (i === 0 ? '"0x' : ',"0x') + frame.stack[i]!.toString(16) + '"';
    const op = frame.opcode;
    const mem = this.withMemory ? `,"memory":"0x${bytesToHex(frame.memory.subarray(0, frame.memSize))}"` : '';
    this.pending =
      `{"pc":${frame.pc},"op":${op},"gas":"0x${frame.gas.toString(16)}","gasCost":"0x`;
    this.pendingRest =
      `","memSize":${frame.memSize}${mem},"stack":[${stack}],"depth":${frame.depth + 1},` +
      `"returnData":"0x${bytesToHex(frame.returnData)}","refund":`;
    this.pendingOpName = `,"opName":"${OPCODES[op]!.name}"`;
  }

  /**
   * Completes and writes the step line with the instruction's full cost, the refund counter and
   * the error, if any. The refund is read after the step because geth charges SSTORE's gas and
   * refund before it writes the line (EIP-3155 traces from geth and ethereumjs both show it so).
   */
  onStepEnd(frame: FrameView, gasCost: bigint, state: StateView): void {
    const h = frame.halt;
    const error = h === Halt.Running || isSuccess(h) ? '' : `,"error":"${stepError(frame)}"`;
    this.sink(`${this.pending}${gasCost.toString(16)}${this.pendingRest}${state.refund}${this.pendingOpName}${error}}`);
  }

  /** Writes the summary line. */
  onTxEnd(result: TxTraceResult): void {
    const error = isSuccess(result.halt) ? '' : `,"error":"${haltMessage(result.halt)}"`;
    this.sink(`{"output":"${bytesToHex(result.output)}","gasUsed":"0x${result.executionGasUsed.toString(16)}"${error}}`);
  }
}
