/**
 * Comparison of two executions of the same transaction: step traces first (the earliest
 * difference is the most useful one to report), then the outcome, then every account that
 * either side may have touched.
 */
import type { AccountData, Log } from '../types.ts';
import { formatStep, type ExecutionRecord, type TraceStep } from './trace.ts';

/** Where and how two executions first differ. */
export interface Divergence {
  kind: 'trace' | 'trace-length' | 'status' | 'gasUsed' | 'output' | 'logs' | 'createdAddress' | 'account' | 'crash';
  /** One-line human description. */
  message: string;
  /** Index of the first differing step (trace kinds only). */
  step?: number;
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

/** First difference between two step traces, or undefined when they are identical. */
export function compareTraces(ours: readonly TraceStep[], theirs: readonly TraceStep[]): Divergence | undefined {
  const n = Math.min(ours.length, theirs.length);
  for (let i = 0; i < n; i++) {
    const a = ours[i] as TraceStep;
    const b = theirs[i] as TraceStep;
    const field = firstStepDifference(a, b, isLastStepOfFrame(theirs, i));
    if (field !== undefined) {
      return {
        kind: 'trace',
        message: `step ${i}: ${field} differs`,
        step: i,
        ours: formatStep(a),
        theirs: formatStep(b),
        ...(i > 0 ? { previous: formatStep(ours[i - 1] as TraceStep) } : {}),
      };
    }
  }
  if (ours.length !== theirs.length) {
    const longer = ours.length > theirs.length ? ours : theirs;
    return {
      kind: 'trace-length',
      message: `traces have ${ours.length} (ours) and ${theirs.length} (ethereumjs) steps`,
      step: n,
      ...(ours.length > n ? { ours: formatStep(longer[n] as TraceStep) } : { ours: '<end of trace>' }),
      ...(theirs.length > n ? { theirs: formatStep(longer[n] as TraceStep) } : { theirs: '<end of trace>' }),
      ...(n > 0 ? { previous: formatStep(ours[n - 1] as TraceStep) } : {}),
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
  if (a.op !== b.op) return 'op';
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
