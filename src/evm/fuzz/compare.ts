/**
 * Comparison of two executions of the same transaction: step traces first (the earliest
 * difference is the most useful one to report), then the outcome, then every account that
 * either side may have touched.
 */
import { OPCODES } from '../opcodes.ts';
import type { AccountData, Log } from '../types.ts';
import { formatStep, type ExecutionRecord, type TraceStep } from './trace.ts';

/** Where and how two executions first differ. */
export interface Divergence {
  kind: 'trace' | 'trace-length' | 'status' | 'gasUsed' | 'output' | 'logs' | 'createdAddress' | 'account' | 'crash';
  /** One-line human description. */
  message: string;
  /** Index of the first differing step in our trace (trace kinds only). */
  step?: number;
  /** Index of the corresponding step in ethereumjs's trace (trace kinds only). */
  theirStep?: number;
  /** Our side: the differing trace line, value or account. */
  ours?: string;
  /** @ethereumjs/evm's side. */
  theirs?: string;
  /** The step before the difference (trace kinds only), common to both sides. */
  previous?: string;
}

/**
 * Opcodes whose EIP-3155 `gasCost` is defined differently by geth-style tracers and by
 * @ethereumjs/evm: geth (and our tracer) include the gas handed to the callee or the init
 * code, ethereumjs reports only the caller-side charge (its `step` event fires before the
 * child gas is deducted). Their cost is still checked, through the `gas` of the caller's next
 * step, which reflects charge, forwarded gas and refunded leftover together.
 */
const CHILD_GAS_OPS = new Set([0xf0, 0xf1, 0xf2, 0xf4, 0xf5, 0xfa]);

/**
 * Opcodes assigned in Cancun (Yellow Paper Appendix H plus EIP-3855, EIP-1153, EIP-5656,
 * EIP-4844, EIP-7516). For any other byte @ethereumjs/evm's `step` event reports `op` 0xfe
 * (it substitutes its INVALID entry), while EIP-3155 and geth print the byte actually at `pc`.
 */
function isAssignedOpcode(op: number): boolean {
  return (op >= 0x00 && op <= 0x0b) || (op >= 0x10 && op <= 0x1d) || op === 0x20
    || (op >= 0x30 && op <= 0x4a) || (op >= 0x50 && op <= 0xa4)
    || (op >= 0xf0 && op <= 0xf5) || op === 0xfa || op === 0xfd || op === 0xfe || op === 0xff;
}

/**
 * True when our step `a` is the STOP that geth-style tracers print when execution runs past the
 * end of the code (geth's `GetOp` returns STOP there and traces it; EIP-3155 follows geth),
 * which @ethereumjs/evm does not emit: `a` ends its frame and ethereumjs's step at the same
 * index already belongs to the parent frame (or its trace has ended).
 */
function isImplicitStop(ours: readonly TraceStep[], i: number, theirNext: TraceStep | undefined): boolean {
  const a = ours[i] as TraceStep;
  return a.op === 0x00 && a.gasCost === 0n && isLastStepOfFrame(ours, i)
    && (theirNext === undefined || theirNext.depth < a.depth);
}

/**
 * True when step `i` of ours is a stack-underflow halt that ends its frame and ethereumjs has no
 * line for it: @ethereumjs/evm computes an opcode's dynamic gas, which reads its stack operands,
 * before it emits the `step` event, so an underflowing REVERT (or any opcode with dynamic gas)
 * throws before being traced. geth (and we) print the failing step, with gasCost 0.
 */
function isUntracedStackUnderflow(ours: readonly TraceStep[], i: number, theirNext: TraceStep | undefined): boolean {
  const a = ours[i] as TraceStep;
  return a.stack.length < OPCODES[a.op]!.inputs && a.gasCost === 0n && isLastStepOfFrame(ours, i)
    && (theirNext === undefined || theirNext.depth < a.depth);
}

/** First difference between two step traces, or undefined when they are identical. */
export function compareTraces(ours: readonly TraceStep[], theirs: readonly TraceStep[]): Divergence | undefined {
  let i = 0; // index into ours
  let j = 0; // index into theirs
  for (; i < ours.length && j <= theirs.length; i++, j++) {
    const a = ours[i] as TraceStep;
    const b = theirs[j];
    if (isImplicitStop(ours, i, b) || isUntracedStackUnderflow(ours, i, b)) {
      j--;
      continue;
    }
    if (b === undefined) break;
    const field = firstStepDifference(a, b, isLastStepOfFrame(theirs, j));
    if (field !== undefined) {
      return {
        kind: 'trace',
        message: `step ${i}: ${field} differs`,
        step: i,
        theirStep: j,
        ours: formatStep(a),
        theirs: formatStep(b),
        ...(i > 0 ? { previous: formatStep(ours[i - 1] as TraceStep) } : {}),
      };
    }
  }
  if (i < ours.length || j < theirs.length) {
    return {
      kind: 'trace-length',
      message: `traces have ${ours.length} (ours) and ${theirs.length} (ethereumjs) steps`,
      step: i,
      theirStep: j,
      ours: i < ours.length ? formatStep(ours[i] as TraceStep) : '<end of trace>',
      theirs: j < theirs.length ? formatStep(theirs[j] as TraceStep) : '<end of trace>',
      ...(i > 0 ? { previous: formatStep(ours[i - 1] as TraceStep) } : {}),
    };
  }
  return undefined;
}

/** True when step `i` is the last one its frame executes (the next step is shallower or none). */
function isLastStepOfFrame(steps: readonly TraceStep[], i: number): boolean {
  const next = steps[i + 1];
  return next === undefined || next.depth < (steps[i] as TraceStep).depth;
}

function firstStepDifference(a: TraceStep, b: TraceStep, lastOfFrame: boolean): string | undefined {
  if (a.depth !== b.depth) return 'depth';
  if (a.pc !== b.pc) return 'pc';
  if (a.op !== b.op && !(b.op === 0xfe && !isAssignedOpcode(a.op))) return 'op';
  if (a.gas !== b.gas) return 'gas';
  if (a.stack.length !== b.stack.length) return 'stack';
  for (let j = 0; j < a.stack.length; j++) if (a.stack[j] !== b.stack[j]) return `stack[${j}]`;
  if (a.memSize !== b.memSize) return 'memSize';
  if (a.refund !== b.refund) return 'refund';
  // The cost of an instruction that halts its frame exceptionally (out of gas during dynamic
  // gas, stack underflow, ...) is not specified by EIP-3155: geth prints whatever it had
  // computed when it gave up, ethereumjs the partial dynamic fee. Only the halt itself (the
  // frame ending here, with the parent's next `gas` and stack) is comparable.
  if (!CHILD_GAS_OPS.has(a.op) && !lastOfFrame && a.gasCost !== b.gasCost) return 'gasCost';
  return undefined;
}

function hex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

function logsToString(logs: readonly Log[]): string {
  return JSON.stringify(logs.map((l) => ({
    address: `0x${l.address.toString(16)}`,
    topics: l.topics.map((t) => `0x${t.toString(16)}`),
    data: hex(l.data),
  })));
}

/** First difference in status, gas used, output, logs or created address. */
export function compareOutcomes(ours: ExecutionRecord, theirs: ExecutionRecord): Divergence | undefined {
  if (ours.status !== theirs.status) {
    return { kind: 'status', message: 'status differs', ours: ours.status, theirs: theirs.status };
  }
  if (ours.gasUsed !== theirs.gasUsed) {
    return { kind: 'gasUsed', message: 'gas used differs', ours: String(ours.gasUsed), theirs: String(theirs.gasUsed) };
  }
  if (hex(ours.output) !== hex(theirs.output)) {
    return { kind: 'output', message: 'output differs', ours: hex(ours.output), theirs: hex(theirs.output) };
  }
  const la = logsToString(ours.logs);
  const lb = logsToString(theirs.logs);
  if (la !== lb) return { kind: 'logs', message: 'logs differ', ours: la, theirs: lb };
  if (ours.createdAddress !== theirs.createdAddress) {
    return {
      kind: 'createdAddress',
      message: 'created address differs',
      ours: String(ours.createdAddress?.toString(16)),
      theirs: String(theirs.createdAddress?.toString(16)),
    };
  }
  return undefined;
}

/** Renders an account for reports (storage sorted by slot). */
export function formatAccount(a: AccountData | undefined): string {
  if (a === undefined) return '<absent>';
  const storage = [...a.storage.entries()]
    .filter(([, v]) => v !== 0n)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `0x${k.toString(16)}: 0x${v.toString(16)}`);
  return `{nonce: ${a.nonce}, balance: ${a.balance}, code: ${hex(a.code)}, storage: {${storage.join(', ')}}}`;
}

/** Difference between the two post-states of one account (undefined = absent), if any. */
export function compareAccount(address: bigint, ours: AccountData | undefined, theirs: AccountData | undefined): Divergence | undefined {
  const where = `account 0x${address.toString(16).padStart(40, '0')}`;
  const diff = (what: string): Divergence => ({
    kind: 'account',
    message: `${where}: ${what} differs`,
    ours: formatAccount(ours),
    theirs: formatAccount(theirs),
  });
  if ((ours === undefined) !== (theirs === undefined)) return diff('existence');
  if (ours === undefined || theirs === undefined) return undefined;
  if (ours.nonce !== theirs.nonce) return diff('nonce');
  if (ours.balance !== theirs.balance) return diff('balance');
  if (hex(ours.code) !== hex(theirs.code)) return diff('code');
  const slots = new Set([...ours.storage.keys(), ...theirs.storage.keys()]);
  for (const slot of slots) {
    if ((ours.storage.get(slot) ?? 0n) !== (theirs.storage.get(slot) ?? 0n)) {
      return diff(`storage slot 0x${slot.toString(16)}`);
    }
  }
  return undefined;
}
