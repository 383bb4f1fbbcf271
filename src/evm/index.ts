/**
 * Public API of the execution layer core: world state, transaction execution, the interpreter's
 * opcode table and tracer hooks.
 */
export { WorldState, WorldStateError } from './state/world-state.ts';
export type { StateView } from './state/state-view.ts';
export { executeTransaction, effectiveGasPrice } from './transaction-processor.ts';
export type { TxOutcome, ExecuteOptions } from './transaction-processor.ts';
export type { Tracer, TxTraceResult } from './tracer.ts';
export { Eip3155Tracer } from './tracers/eip3155.ts';
export type { LineSink, Eip3155Options } from './tracers/eip3155.ts';
export { OPCODES, OpFlag, ASSIGNED_OPCODE_COUNT } from './opcodes.ts';
export type { OpcodeInfo } from './opcodes.ts';
export { Halt, haltMessage, isSuccess } from './halt.ts';
export type { HaltReason } from './halt.ts';
export { FrameKind, FRAME_KIND_NAMES } from './frame.ts';
export type { FrameView } from './frame.ts';
export { Interpreter, createAddress, create2Address } from './interpreter.ts';
export type { TxContext, CallMessage } from './interpreter.ts';
export { MemoryLimitError } from './memory.ts';
export { blobBaseFee, fakeExponential } from './gas.ts';
export type { AccessListEntry, AccountData, BlockEnv, Log, Transaction, TxType } from './types.ts';
