/**
 * A call or create frame: the execution context of one message (yellow paper section 9).
 * Frames live on the interpreter's explicit frame stack and are pooled by depth, so a
 * CALL allocates nothing once the pool is warm.
 */
import { Halt, type HaltReason } from './halt.ts';

/** What opened a frame. */
export const FrameKind = {
  Call: 0,
  CallCode: 1,
  DelegateCall: 2,
  StaticCall: 3,
  Create: 4,
  Create2: 5,
} as const;

/** A value of {@link FrameKind}. */
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Upper-case names of frame kinds as geth's call tracer prints them. */
export const FRAME_KIND_NAMES: readonly string[] = ['CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL', 'CREATE', 'CREATE2'];

/** Maximum stack height (yellow paper: 1024). */
export const STACK_LIMIT = 1024;

const EMPTY = new Uint8Array(0);

/** Largest memory buffer a pooled frame keeps for reuse. */
const RETAINED_MEMORY_BYTES = 1 << 20;

/** Read-only view of a frame, what tracers receive. Valid only during the hook call. */
export interface FrameView {
  /** Unique id of the frame within the transaction (0 for the top frame). */
  readonly id: number;
  readonly kind: FrameKind;
  /** 0 for the transaction's top frame (EIP-3155 prints depth + 1). */
  readonly depth: number;
  /** msg.sender of the frame. */
  readonly caller: bigint;
  /** Address whose storage and balance the frame acts on (the new contract for creates). */
  readonly address: bigint;
  /** Address the executed code was loaded from (differs from `address` for CALLCODE/DELEGATECALL). */
  readonly codeAddress: bigint;
  /** CALLVALUE of the frame (apparent value for DELEGATECALL). */
  readonly value: bigint;
  /** Calldata (empty for creates). */
  readonly input: Uint8Array;
  /** The code being executed (init code for creates). */
  readonly code: Uint8Array;
  /** Static context (EIP-214). */
  readonly isStatic: boolean;
  /** Program counter of the current instruction (before a step) or the next one (after). */
  readonly pc: number;
  /** Opcode of the current instruction. */
  readonly opcode: number;
  /** Gas left. */
  readonly gas: bigint;
  /** Stack storage; the live items are `stack[0 .. stackSize)` with the top at `stackSize - 1`. */
  readonly stack: readonly bigint[];
  /** Number of live stack items. */
  readonly sp: number;
  /** Memory buffer; the live bytes are `memory[0 .. memSize)`. */
  readonly memory: Uint8Array;
  /** Active memory size in bytes (a multiple of 32). */
  readonly memSize: number;
  /** Return data of the last sub-call (EIP-211). */
  readonly returnData: Uint8Array;
  /** Output of the frame once halted (RETURN/REVERT data, or deployed code for creates). */
  readonly output: Uint8Array;
  /** Why the frame stopped, or `Halt.Running`. */
  readonly halt: HaltReason;
}

/** Mutable frame used by the interpreter. */
export class Frame implements FrameView {
  id = 0;
  kind: FrameKind = FrameKind.Call;
  depth: number;
  caller = 0n;
  address = 0n;
  codeAddress = 0n;
  value = 0n;
  input: Uint8Array = EMPTY;
  code: Uint8Array = EMPTY;
  /** JUMPDEST bitmap of `code` (1 = valid destination). */
  jumpdests: Uint8Array = EMPTY;
  isStatic = false;
  pc = 0;
  opcode = 0;
  gas = 0n;
  readonly stack: bigint[];
  sp = 0;
  memory: Uint8Array = new Uint8Array(1024);
  memView: DataView = new DataView(this.memory.buffer);
  memSize = 0;
  returnData: Uint8Array = EMPTY;
  output: Uint8Array = EMPTY;
  halt: HaltReason = Halt.Running;
  /** Dynamic charge that could not be paid when the frame halted with OutOfGas (trace reporting). */
  failedCharge = 0n;
  /** Journal position when the frame started; reverted to on failure. */
  checkpoint = 0;
  /** Where the pending sub-call's output goes in this frame's memory. */
  retOffset = 0;
  retSize = 0;

  constructor(depth: number) {
    this.depth = depth;
    this.stack = new Array<bigint>(STACK_LIMIT).fill(0n);
  }

  /** Resets per-execution fields for reuse from the pool. */
  reset(): void {
    if (this.memory.length > RETAINED_MEMORY_BYTES) {
      // Do not keep a huge buffer alive in the pool after an unusual transaction.
      this.memory = new Uint8Array(1024);
      this.memView = new DataView(this.memory.buffer);
    } else if (this.memSize > 0) {
      this.memory.fill(0, 0, this.memSize);
    }
    this.memSize = 0;
    this.sp = 0;
    this.pc = 0;
    this.opcode = 0;
    this.returnData = EMPTY;
    this.output = EMPTY;
    this.halt = Halt.Running;
    this.failedCharge = 0n;
    this.retOffset = 0;
    this.retSize = 0;
  }
}
