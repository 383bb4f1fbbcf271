/**
 * The synchronous Cancun interpreter. Call and create frames live on an explicit stack: a CALL
 * pushes a frame and the loop continues with it; a halt pops it and resumes the caller. No
 * JavaScript recursion, no async, no exceptions for EVM-level failures.
 *
 * Message-call semantics follow the yellow paper section 8 and geth `core/vm/evm.go`
 * (Call/CallCode/DelegateCall/StaticCall/create), which the ethereum/tests fixtures were filled with.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { Frame, FrameKind } from './frame.ts';
import { CALL_DEPTH_LIMIT, CODE_DEPOSIT_BYTE, MAX_CODE_SIZE } from './gas.ts';
import { Halt, isSuccess, type HaltReason } from './halt.ts';
import { INSTRUCTIONS } from './instructions/index.ts';
import { jumpdestMap } from './jumpdest.ts';
import { copyToMemory } from './memory.ts';
import { OPCODES } from './opcodes.ts';
import { isPrecompile, runPrecompile } from './precompiles/index.ts';
import type { WorldState } from './state/world-state.ts';
import type { Tracer } from './tracer.ts';
import type { BlockEnv } from './types.ts';

const MIN_STACK = new Uint16Array(256);
const MAX_STACK = new Uint16Array(256);
const STATIC_GAS = new Array<bigint>(256);
const STATIC_GAS_NUM = new Uint16Array(256);
for (const info of OPCODES) {
  MIN_STACK[info.code] = info.inputs;
  // A step may start with at most this many items without overflowing 1024 after it runs.
  MAX_STACK[info.code] = 1024 + info.inputs - info.outputs;
  STATIC_GAS[info.code] = BigInt(info.staticGas);
  STATIC_GAS_NUM[info.code] = info.staticGas;
}

const EMPTY = new Uint8Array(0);
// Module-local copies: the hot loop must not go through import bindings (tsx compiles modules
// to CommonJS, where every imported name is a getter call).
const DISPATCH = INSTRUCTIONS;
const RUNNING: HaltReason = Halt.Running;
const STACK_UNDERFLOW: HaltReason = Halt.StackUnderflow;
const STACK_OVERFLOW: HaltReason = Halt.StackOverflow;
const OUT_OF_GAS: HaltReason = Halt.OutOfGas;

/** Frames reused across transactions: allocating 1024-slot stacks per frame per transaction is measurable. */
const FRAME_POOL: Frame[] = [];

/** Per-transaction values the instructions read (ORIGIN, GASPRICE, BLOBHASH). */
export interface TxContext {
  origin: bigint;
  gasPrice: bigint;
  blobVersionedHashes: Uint8Array[];
  /** BLOBBASEFEE of the block (EIP-7516), precomputed once. */
  blobBaseFee: bigint;
}

/** Parameters of a message call. */
export interface CallMessage {
  kind: FrameKind;
  caller: bigint;
  /** Account whose context runs (storage, ADDRESS). */
  address: bigint;
  /** Account whose code runs. */
  codeAddress: bigint;
  /** CALLVALUE seen by the callee. */
  value: bigint;
  input: Uint8Array;
  gas: bigint;
  isStatic: boolean;
}

/** Executes frames for one transaction. */
export class Interpreter {
  readonly state: WorldState;
  readonly block: BlockEnv;
  readonly tx: TxContext;
  readonly tracer: Tracer | undefined;
  /** The frame currently executing, undefined when the transaction's frames are done. */
  frame: Frame | undefined = undefined;
  /** The top frame once it finished. */
  result: Frame | undefined = undefined;
  /** Gas handed back to the current step by calls that completed without running a frame (trace accounting). */
  stepGasReturned = 0n;
  /** Frames by depth, shared by all interpreters of this thread (execution is synchronous and never nested). */
  private readonly pool: Frame[] = FRAME_POOL;
  private nextFrameId = 0;

  constructor(state: WorldState, block: BlockEnv, tx: TxContext, tracer: Tracer | undefined) {
    this.state = state;
    this.block = block;
    this.tx = tx;
    this.tracer = tracer;
  }

  /** Runs until the top frame has halted; returns it. */
  run(): Frame {
    while (this.frame !== undefined) {
      const f = this.frame;
      if (this.tracer === undefined) this.execute(f);
      else this.executeTraced(f, this.tracer);
      if (f.halt !== RUNNING) this.exitFrame(f);
    }
    return this.result!;
  }

  /** Runs `f` until it halts or opens a child frame. (`f.opcode` is maintained only when tracing.) */
  private execute(f: Frame): void {
    const code = f.code;
    const len = code.length;
    for (;;) {
      const pc = f.pc;
      const op = pc < len ? code[pc]! : 0;
      const sp = f.sp;
      if (sp < MIN_STACK[op]!) {
        f.halt = STACK_UNDERFLOW;
        return;
      }
      if (sp > MAX_STACK[op]!) {
        f.halt = STACK_OVERFLOW;
        return;
      }
      const g = STATIC_GAS[op]!;
      if (f.gas < g) {
        f.halt = OUT_OF_GAS;
        return;
      }
      f.gas -= g;
      f.pc = pc + 1;
      DISPATCH[op]!(this, f);
      if (f.halt !== RUNNING || this.frame !== f) return;
    }
  }

  /** {@link execute} with tracer hooks around each step. */
  private executeTraced(f: Frame, tracer: Tracer): void {
    const code = f.code;
    const len = code.length;
    const state = this.state;
    for (;;) {
      const pc = f.pc;
      const op = pc < len ? code[pc]! : 0;
      f.opcode = op;
      const gasBefore = f.gas;
      this.stepGasReturned = 0n;
      tracer.onStep?.(f, STATIC_GAS_NUM[op]!, state);
      const sp = f.sp;
      if (sp < MIN_STACK[op]!) f.halt = STACK_UNDERFLOW;
      else if (sp > MAX_STACK[op]!) f.halt = STACK_OVERFLOW;
      else if (f.gas < STATIC_GAS[op]!) {
        f.failedCharge = STATIC_GAS[op]!;
        f.halt = OUT_OF_GAS;
      }
      else {
        f.gas -= STATIC_GAS[op]!;
        f.pc = pc + 1;
        DISPATCH[op]!(this, f);
      }
      // geth reports what the step charged, plus for an out-of-gas halt the charge that failed;
      // stack errors cost nothing (they are detected before any gas is charged).
      let cost = gasBefore - f.gas + this.stepGasReturned;
      if (f.halt === OUT_OF_GAS) cost += f.failedCharge;
      tracer.onStepEnd?.(f, cost, state);
      if (f.halt !== RUNNING || this.frame !== f) return;
    }
  }

  private acquireFrame(depth: number): Frame {
    let f = this.pool[depth];
    if (f === undefined) {
      f = new Frame(depth);
      this.pool[depth] = f;
    } else {
      f.reset();
    }
    f.id = this.nextFrameId++;
    return f;
  }

  /**
   * Starts a message call from `parent` (undefined for the transaction's top frame). Either opens
   * a frame (execution continues there) or completes at once (precompile, no code, or a failure
   * that happens before a frame exists), delivering the result to `parent`.
   */
  call(parent: Frame | undefined, m: CallMessage): void {
    const depth = parent === undefined ? 0 : parent.depth + 1;
    const state = this.state;
    if (depth > CALL_DEPTH_LIMIT || (m.value !== 0n && m.kind <= FrameKind.CallCode && state.getBalance(m.caller) < m.value)) {
      this.failBeforeFrame(parent, m.gas);
      return;
    }
    const f = this.acquireFrame(depth);
    f.kind = m.kind;
    f.caller = m.caller;
    f.address = m.address;
    f.codeAddress = m.codeAddress;
    f.value = m.value;
    f.input = m.input;
    f.isStatic = m.isStatic;
    f.gas = m.gas;
    f.checkpoint = state.checkpoint();
    const precompile = isPrecompile(m.codeAddress);
    if (m.kind === FrameKind.Call) {
      // geth evm.Call: a zero-value call to a missing non-precompile account does nothing at all.
      if (precompile || m.value !== 0n || state.exists(m.address)) {
        state.subBalance(m.caller, m.value);
        state.addBalance(m.address, m.value);
      }
    } else if (m.kind === FrameKind.StaticCall) {
      // geth touches the callee of STATICCALL with a zero-value balance change.
      state.addBalance(m.address, 0n);
    }
    f.code = precompile ? EMPTY : state.getCode(m.codeAddress);
    this.tracer?.onFrameEnter?.(f, state);
    if (precompile) {
      const r = runPrecompile(m.codeAddress, m.input, m.gas);
      if (r.ok) {
        f.gas = m.gas - r.gasUsed;
        f.output = r.output;
        f.halt = Halt.Return;
      } else {
        f.halt = Halt.OutOfGas;
      }
      this.exitImmediately(f);
      return;
    }
    if (f.code.length === 0) {
      f.halt = Halt.Stop;
      this.exitImmediately(f);
      return;
    }
    f.jumpdests = jumpdestMap(f.code);
    this.frame = f;
  }

  /**
   * Starts a contract creation at `address` with `initCode`. `incrementNonce` is false for the
   * transaction-level creation (the transaction already bumped the sender nonce).
   */
  create(parent: Frame | undefined, kind: FrameKind, caller: bigint, address: bigint, value: bigint, initCode: Uint8Array, gas: bigint, incrementNonce: boolean): void {
    const depth = parent === undefined ? 0 : parent.depth + 1;
    const state = this.state;
    if (depth > CALL_DEPTH_LIMIT || state.getBalance(caller) < value) {
      this.failBeforeFrame(parent, gas);
      return;
    }
    if (incrementNonce) {
      const nonce = state.getNonce(caller);
      if (nonce >= 0xffffffffffffffffn) {
        this.failBeforeFrame(parent, gas);
        return;
      }
      state.setNonce(caller, nonce + 1n);
    }
    // EIP-2929: the new address is warm even if the creation fails.
    state.warmAddress(address);
    const f = this.acquireFrame(depth);
    f.kind = kind;
    f.caller = caller;
    f.address = address;
    f.codeAddress = address;
    f.value = value;
    f.input = EMPTY;
    f.isStatic = false;
    f.gas = gas;
    f.code = initCode;
    const target = state.getAccount(address);
    if (target !== undefined && (target.nonce !== 0n || target.code.length !== 0 || target.storage.size !== 0)) {
      // EIP-684 / EIP-7610 collision: all gas is consumed, nothing else changes.
      f.checkpoint = state.checkpoint();
      this.tracer?.onFrameEnter?.(f, state);
      f.halt = Halt.AddressCollision;
      this.exitImmediately(f);
      return;
    }
    f.checkpoint = state.checkpoint();
    state.createAccount(address);
    state.markCreated(address);
    state.setNonce(address, 1n);
    state.subBalance(caller, value);
    state.addBalance(address, value);
    this.tracer?.onFrameEnter?.(f, state);
    if (initCode.length === 0) {
      f.halt = Halt.Stop;
      this.exitImmediately(f);
      return;
    }
    f.jumpdests = jumpdestMap(initCode);
    this.frame = f;
  }

  /** A call or create that fails before a frame exists: the caller keeps the gas and gets 0. */
  private failBeforeFrame(parent: Frame | undefined, gas: bigint): void {
    if (parent === undefined) {
      const f = this.acquireFrame(0);
      f.gas = gas;
      f.halt = Halt.Revert;
      this.result = f;
      return;
    }
    parent.gas += gas;
    this.stepGasReturned += gas;
    parent.returnData = EMPTY;
    parent.stack[parent.sp++] = 0n;
  }

  /** Finishes a frame that ran no instructions, inside the caller's step. */
  private exitImmediately(f: Frame): void {
    this.exitFrame(f);
    this.stepGasReturned += f.gas;
  }

  /** Finishes a halted frame: code deposit for creates, commit or revert, result to the caller. */
  private exitFrame(f: Frame): void {
    const state = this.state;
    let halt: HaltReason = f.halt;
    const isCreate = f.kind >= FrameKind.Create;
    if (isCreate && isSuccess(halt)) halt = this.depositCode(f);
    if (!isSuccess(halt)) {
      state.revertTo(f.checkpoint);
      if (halt !== Halt.Revert) {
        f.gas = 0n;
        f.output = EMPTY;
      }
    }
    f.halt = halt;
    this.tracer?.onFrameExit?.(f, state);
    const parent = f.depth === 0 ? undefined : this.pool[f.depth - 1]!;
    if (this.frame === f) this.frame = parent;
    if (parent === undefined) {
      this.result = f;
      this.frame = undefined;
      return;
    }
    parent.gas += f.gas;
    const ok = isSuccess(halt);
    if (isCreate) {
      parent.returnData = halt === Halt.Revert ? f.output : EMPTY;
      parent.stack[parent.sp++] = ok ? f.address : 0n;
    } else {
      const out = f.output;
      parent.returnData = out;
      if (out.length > 0 && parent.retSize > 0) {
        copyToMemory(parent, parent.retOffset, out, 0n, Math.min(parent.retSize, out.length));
      }
      parent.stack[parent.sp++] = ok ? 1n : 0n;
    }
  }

  /** EIP-170 size limit, EIP-3541 0xEF rule and 200 gas per byte; stores the code on success. */
  private depositCode(f: Frame): HaltReason {
    const code = f.output;
    if (code.length > MAX_CODE_SIZE) return Halt.CodeSizeExceeded;
    if (code.length > 0 && code[0] === 0xef) return Halt.InvalidCodePrefix;
    const cost = BigInt(code.length) * CODE_DEPOSIT_BYTE;
    if (f.gas < cost) return Halt.CodeStoreOutOfGas;
    f.gas -= cost;
    this.state.setCode(f.address, code);
    return f.halt;
  }
}

/** CREATE address: keccak256(rlp([sender, nonce]))[12:]. */
export function createAddress(sender: bigint, nonce: bigint): bigint {
  const senderBytes = new Uint8Array(21);
  senderBytes[0] = 0x94;
  let s = sender;
  for (let i = 20; i >= 1; i--) {
    senderBytes[i] = Number(s & 0xffn);
    s >>= 8n;
  }
  let nonceEnc: number[];
  if (nonce === 0n) nonceEnc = [0x80];
  else if (nonce < 0x80n) nonceEnc = [Number(nonce)];
  else {
    const bytes: number[] = [];
    let n = nonce;
    while (n > 0n) {
      bytes.unshift(Number(n & 0xffn));
      n >>= 8n;
    }
    nonceEnc = [0x80 + bytes.length, ...bytes];
  }
  const payloadLen = 21 + nonceEnc.length;
  const out = new Uint8Array(1 + payloadLen);
  out[0] = 0xc0 + payloadLen;
  out.set(senderBytes, 1);
  out.set(nonceEnc, 22);
  return addressFromHash(keccak_256(out));
}

/** CREATE2 address (EIP-1014): keccak256(0xff ++ sender ++ salt ++ keccak256(initCode))[12:]. */
export function create2Address(sender: bigint, salt: bigint, initCode: Uint8Array): bigint {
  const buf = new Uint8Array(85);
  buf[0] = 0xff;
  let s = sender;
  for (let i = 20; i >= 1; i--) {
    buf[i] = Number(s & 0xffn);
    s >>= 8n;
  }
  let t = salt;
  for (let i = 52; i >= 21; i--) {
    buf[i] = Number(t & 0xffn);
    t >>= 8n;
  }
  buf.set(keccak_256(initCode), 53);
  return addressFromHash(keccak_256(buf));
}

function addressFromHash(hash: Uint8Array): bigint {
  let a = 0n;
  for (let i = 12; i < 32; i++) a = (a << 8n) | BigInt(hash[i]!);
  return a;
}
