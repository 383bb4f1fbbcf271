/**
 * Helpers to run raw bytecode outside a transaction: used by the opcode unit tests, the
 * benchmark and fuzzers. The code runs as a top-level CALL frame at {@link CODE_ADDRESS} with no
 * intrinsic gas, fees or refunds applied.
 */
import type { FrameView } from './frame.ts';
import { FrameKind } from './frame.ts';
import type { HaltReason } from './halt.ts';
import { Interpreter } from './interpreter.ts';
import { WorldState } from './state/world-state.ts';
import type { Tracer } from './tracer.ts';
import type { AccountData, BlockEnv } from './types.ts';

/** Address the code under test runs at. */
export const CODE_ADDRESS = 0x1000n;
/** Caller of the code under test. */
export const CALLER_ADDRESS = 0xca11e5n;

/** Options of {@link runBytecode}. */
export interface RunOptions {
  gas?: bigint;
  input?: Uint8Array;
  value?: bigint;
  /** Extra accounts in the pre state (an entry for CODE_ADDRESS replaces the default one, code included). */
  accounts?: Map<bigint, AccountData>;
  block?: Partial<BlockEnv>;
  tracer?: Tracer;
  isStatic?: boolean;
}

/** What {@link runBytecode} returns. */
export interface RunResult {
  halt: HaltReason;
  gasUsed: bigint;
  /** Stack bottom-to-top when the frame ended. */
  stack: bigint[];
  output: Uint8Array;
  /** Active memory when the frame ended. */
  memory: Uint8Array;
  state: WorldState;
}

/** A plain block environment for tests. */
export function testBlock(overrides: Partial<BlockEnv> = {}): BlockEnv {
  return {
    number: 1n,
    timestamp: 1000n,
    coinbase: 0xc0ffeen,
    gasLimit: 30_000_000n,
    baseFee: 7n,
    prevRandao: 0x20000n,
    excessBlobGas: 0n,
    chainId: 1n,
    blockHash: () => undefined,
    ...overrides,
  };
}

/** Hex string (with or without 0x) to bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Runs `code` as a top-level call frame; state changes persist in the returned state. */
export function runBytecode(code: Uint8Array, options: RunOptions = {}): RunResult {
  const accounts = new Map(options.accounts ?? []);
  if (!accounts.has(CODE_ADDRESS)) accounts.set(CODE_ADDRESS, { nonce: 1n, balance: 0n, code, storage: new Map() });
  if (!accounts.has(CALLER_ADDRESS)) accounts.set(CALLER_ADDRESS, { nonce: 0n, balance: 10n ** 24n, code: new Uint8Array(0), storage: new Map() });
  const state = WorldState.fromAccounts(accounts);
  state.beginTransaction();
  state.warmAddress(CALLER_ADDRESS);
  state.warmAddress(CODE_ADDRESS);
  const gas = options.gas ?? 10_000_000n;
  const it = new Interpreter(state, testBlock(options.block), { origin: CALLER_ADDRESS, gasPrice: 10n, blobVersionedHashes: [], blobBaseFee: 1n }, options.tracer);
  it.call(undefined, {
    kind: FrameKind.Call,
    caller: CALLER_ADDRESS,
    address: CODE_ADDRESS,
    codeAddress: CODE_ADDRESS,
    value: options.value ?? 0n,
    input: options.input ?? new Uint8Array(0),
    gas,
    isStatic: options.isStatic ?? false,
  });
  const top: FrameView = it.run();
  return {
    halt: top.halt,
    gasUsed: gas - top.gas,
    stack: top.stack.slice(0, top.sp),
    output: top.output,
    memory: top.memory.slice(0, top.memSize),
    state,
  };
}
