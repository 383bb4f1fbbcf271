/**
 * The `opcode_info` table: 256 preprocessed rows generated from OPCODES (src/evm/opcodes.ts, the
 * interpreter's own table, never a second hand-written copy), one per byte value, each holding
 * (opcode, family, staticGas, inputs, outputs, immediates, flags, proven). The CPU sends one
 * lookup per step with proven = 1, so a step whose opcode is not proven by this CPU has no
 * matching row and the `opcode_info` bus cannot balance: an unproven opcode cannot prove at all.
 * Trace generation refuses earlier and more clearly with {@link UnprovenOpcodeError}.
 *
 * Tuple layout (supersedes OPCODE_INFO_TUPLE of src/circuits/buses.ts: it adds `family`, the CPU
 * family id below, so the CPU's one-hot family selectors are bound to the opcode by the lookup).
 */
import { RowMajorMatrix } from '../../field/matrix.ts';
import { defineTable, schema } from '../../stark/index.ts';
import { OPCODES, OpFlag } from '../../evm/opcodes.ts';
import type { WitnessTrace } from '../../evm/tracers/witness-records.ts';
import { PROVEN_ALU_OPS } from '../alu/alu-columns.ts';
import { AluOpcode } from '../alu/reference.ts';

/** Bus name of the opcode-info lookup. */
export const OPCODE_INFO_BUS = 'opcode_info';

/** Component offsets of an `opcode_info` message (this folder's layout; see the header). */
export const CPU_OPCODE_INFO_TUPLE = Object.freeze({
  opcode: 0,
  family: 1,
  staticGas: 2,
  inputs: 3,
  outputs: 4,
  immediates: 5,
  flags: 6,
  proven: 7,
  arity: 8,
});

/**
 * CPU opcode families (the value of `family` in opcode_info; 0 = no CPU family). Each family the
 * CPU implements has one selector column (cpu-columns.ts); the opcode within a family is the
 * `opcode` column itself (n of PUSHn/DUPn/SWAPn, the ALU opcode on the `alu` bus, the
 * environment field via the env sub-selectors).
 */
export const Family = Object.freeze({
  None: 0,
  Stop: 1,
  /** RETURN and REVERT. */
  Return: 2,
  /** PUSH0..PUSH32. */
  Push: 3,
  Pop: 4,
  Dup: 5,
  Swap: 6,
  /** ALU operations with one stack input (ISZERO, NOT). */
  Alu1: 7,
  /** ALU operations with two stack inputs. */
  Alu2: 8,
  /** ALU operations with three stack inputs (ADDMOD, MULMOD). */
  Alu3: 9,
  Jump: 10,
  Jumpi: 11,
  Jumpdest: 12,
  Pc: 13,
  Gas: 14,
  Msize: 15,
  Mload: 16,
  Mstore: 17,
  Mstore8: 18,
  /** Words of the call/block environment, taken from public inputs. */
  Env: 19,
  SelfBalance: 20,
  Sload: 21,
  Sstore: 22,
  Tload: 23,
  Tstore: 24,
  /** Undefined opcodes and INVALID (0xfe): an exceptional halt. */
  Invalid: 25,
  /** EXP: an ALU operation with dynamic gas (50 per exponent byte, the ALU's bus c). */
  Exp: 26,
  /** CALLDATALOAD: 32 calldata bytes by byte-string lookups, zero past the end. */
  CalldataLoad: 27,
} as const);
/** A value of {@link Family}. */
export type Family = (typeof Family)[keyof typeof Family];

/** Environment opcodes pushing a public word, in env sub-selector order (cpu-columns.ts `envSel`). */
export const ENV_OPCODES = Object.freeze([
  0x30, // ADDRESS
  0x33, // CALLER
  0x34, // CALLVALUE
  0x32, // ORIGIN
  0x3a, // GASPRICE
  0x41, // COINBASE
  0x42, // TIMESTAMP
  0x43, // NUMBER
  0x44, // PREVRANDAO
  0x45, // GASLIMIT
  0x46, // CHAINID
  0x48, // BASEFEE
  0x4a, // BLOBBASEFEE
  0x36, // CALLDATASIZE
  0x38, // CODESIZE
] as const);

/** The family of every byte value (Family.None for opcodes outside every CPU family). */
export const FAMILY_OF: readonly Family[] = Object.freeze(OPCODES.map((info) => familyOf(info.code, info.name, info.inputs, info.flags)));

function familyOf(code: number, name: string, inputs: number, flags: number): Family {
  if ((flags & OpFlag.Invalid) !== 0 || code === 0xfe) return Family.Invalid;
  if (code === 0x00) return Family.Stop;
  if (code === 0xf3 || code === 0xfd) return Family.Return;
  if (code >= 0x5f && code <= 0x7f) return Family.Push;
  if (code >= 0x80 && code <= 0x8f) return Family.Dup;
  if (code >= 0x90 && code <= 0x9f) return Family.Swap;
  if (code === 0x0a) return Family.Exp;
  if (Object.prototype.hasOwnProperty.call(AluOpcode, name)) return inputs === 1 ? Family.Alu1 : inputs === 2 ? Family.Alu2 : Family.Alu3;
  if ((ENV_OPCODES as readonly number[]).includes(code)) return Family.Env;
  const simple: Record<number, Family> = {
    0x50: Family.Pop,
    0x51: Family.Mload,
    0x52: Family.Mstore,
    0x53: Family.Mstore8,
    0x54: Family.Sload,
    0x55: Family.Sstore,
    0x56: Family.Jump,
    0x57: Family.Jumpi,
    0x58: Family.Pc,
    0x59: Family.Msize,
    0x5a: Family.Gas,
    0x5b: Family.Jumpdest,
    0x5c: Family.Tload,
    0x5d: Family.Tstore,
    0x47: Family.SelfBalance,
    0x35: Family.CalldataLoad,
  };
  return simple[code] ?? Family.None;
}

/**
 * Families whose constraints the CPU table implements (cpu-air.ts). A family listed in
 * {@link Family} but not here has no selector and every opcode of it is unproven.
 */
export const IMPLEMENTED_FAMILIES: readonly Family[] = Object.freeze([
  Family.Stop,
  Family.Return,
  Family.Push,
  Family.Pop,
  Family.Dup,
  Family.Swap,
  Family.Alu1,
  Family.Alu2,
  Family.Alu3,
  Family.Exp,
  Family.Jump,
  Family.Jumpi,
  Family.Jumpdest,
  Family.Pc,
  Family.Gas,
  Family.Msize,
  Family.Mload,
  Family.Mstore,
  Family.Mstore8,
  Family.Env,
  Family.Sload,
  Family.Sstore,
  Family.Tload,
  Family.Tstore,
  Family.SelfBalance,
  Family.CalldataLoad,
]);

const ALU_PROVEN = new Set<number>(PROVEN_ALU_OPS.map((op) => AluOpcode[op]));

/**
 * Whether the CPU proves `opcode`: its family is implemented (for ALU ops, the ALU proves it), or
 * it is an invalid opcode, proven as an exceptional halt (cpu-errors.ts; it has no selector).
 */
export function isProvenOpcode(opcode: number): boolean {
  const family = FAMILY_OF[opcode]!;
  if (family === Family.Invalid) return true;
  if (!IMPLEMENTED_FAMILIES.includes(family)) return false;
  if (family === Family.Alu1 || family === Family.Alu2 || family === Family.Alu3 || family === Family.Exp) return ALU_PROVEN.has(opcode);
  return true;
}

/** The `proven` bit of every byte value, indexed by opcode. */
export const PROVEN: readonly boolean[] = Object.freeze(OPCODES.map((info) => isProvenOpcode(info.code)));

/** The `opcode_info` tuple of one opcode (proven as in the table: 0 or 1). */
export function opcodeInfoTuple(opcode: number): number[] {
  const info = OPCODES[opcode]!;
  const t = new Array<number>(CPU_OPCODE_INFO_TUPLE.arity).fill(0);
  t[CPU_OPCODE_INFO_TUPLE.opcode] = opcode;
  t[CPU_OPCODE_INFO_TUPLE.family] = FAMILY_OF[opcode]!;
  t[CPU_OPCODE_INFO_TUPLE.staticGas] = info.staticGas;
  t[CPU_OPCODE_INFO_TUPLE.inputs] = info.inputs;
  t[CPU_OPCODE_INFO_TUPLE.outputs] = info.outputs;
  t[CPU_OPCODE_INFO_TUPLE.immediates] = info.immediates;
  t[CPU_OPCODE_INFO_TUPLE.flags] = info.flags;
  t[CPU_OPCODE_INFO_TUPLE.proven] = PROVEN[opcode] ? 1 : 0;
  return t;
}

/** Preprocessed columns of `opcode_info`: one per tuple component. */
export const OPCODE_INFO_PREP = schema({
  opcode: 1,
  family: 1,
  staticGas: 1,
  inputs: 1,
  outputs: 1,
  immediates: 1,
  flags: 1,
  proven: 1,
});
/** Main columns of `opcode_info`: how many times each opcode is looked up. */
export const OPCODE_INFO_MAIN = schema({ mult: 1 });

/** The `opcode_info` table (256 fixed rows, receives on `opcode_info` with multiplicity `mult`). */
export const opcodeInfoTable = defineTable({
  name: 'opcode_info',
  columns: OPCODE_INFO_MAIN,
  preprocessed: {
    columns: OPCODE_INFO_PREP,
    height: 256,
    generate: () => {
      const out = new Uint32Array(256 * OPCODE_INFO_PREP.width);
      for (let op = 0; op < 256; op++) out.set(opcodeInfoTuple(op), op * OPCODE_INFO_PREP.width);
      return out;
    },
  },
  constraints(b) {
    const p = OPCODE_INFO_PREP;
    const tuple = [p.opcode, p.family, p.staticGas, p.inputs, p.outputs, p.immediates, p.flags, p.proven].map((c) => b.prep(c));
    b.receive(OPCODE_INFO_BUS, tuple, b.main(OPCODE_INFO_MAIN.mult));
  },
});

/** The multiplicity trace of `opcode_info` for a list of executed opcodes. */
export function opcodeInfoTrace(opcodes: Iterable<number>): RowMajorMatrix {
  const m = new Uint32Array(256);
  for (const op of opcodes) m[op]! += 1;
  return new RowMajorMatrix(m, 1);
}

/** Thrown when a trace contains an opcode the CPU does not prove yet. */
export class UnprovenOpcodeError extends Error {
  constructor(
    readonly opcode: number,
    readonly pc: number,
    readonly step: number,
  ) {
    super(`${OPCODES[opcode]!.name} at pc ${pc} is not proven yet`);
    this.name = 'UnprovenOpcodeError';
  }
}

/** Throw {@link UnprovenOpcodeError} naming the first step whose opcode is not proven. */
export function assertStepsProven(trace: WitnessTrace): void {
  const s = trace.steps;
  for (let i = 0; i < trace.stepCount; i++) {
    const op = s.opcode[i]!;
    if (!PROVEN[op]) throw new UnprovenOpcodeError(op, s.pc[i]!, i);
  }
}
