/**
 * The Cancun opcode table: one declarative entry per byte value.
 *
 * This is plain data. The interpreter reads stack bounds and static gas from it (so those checks
 * live in one place), and the zk circuits will commit it as a fixed table. Dynamic gas (memory
 * expansion, cold access surcharges, copy costs, ...) is charged by the instruction functions.
 *
 * Static gas values are the Berlin+ "constant gas" of the yellow paper / execution-specs
 * (`ethereum/forks/cancun/vm/gas.py`): opcodes subject to EIP-2929 carry the warm access cost
 * (100) statically and add the cold surcharge dynamically; SSTORE is fully dynamic because of the
 * EIP-2200 sentry check (gas left must exceed 2300 before anything is charged).
 */

/** Bit flags describing what an opcode does. */
export const OpFlag = {
  /** Ends the frame (STOP, RETURN, REVERT, INVALID, SELFDESTRUCT). */
  Halts: 1,
  /** May set the program counter (JUMP, JUMPI). */
  Jumps: 2,
  /** Modifies state, so it is forbidden in a static context when it applies (EIP-214). */
  WritesState: 4,
  /** May expand memory. */
  Memory: 8,
  /** Opens a new call or create frame. */
  Frame: 16,
  /** Reads or writes account or storage state. */
  State: 32,
  /** Not assigned in Cancun: executing it is an exceptional halt. */
  Invalid: 64,
} as const;

/** One entry of the opcode table. */
export interface OpcodeInfo {
  /** Byte value. */
  readonly code: number;
  /** Mnemonic as geth and EIP-3155 print it (unassigned bytes: geth's `opcode 0xc not defined`). */
  readonly name: string;
  /** Stack items consumed (also the minimum stack height). */
  readonly inputs: number;
  /** Stack items produced. */
  readonly outputs: number;
  /** Immediate bytes following the opcode in code (PUSH1..PUSH32). */
  readonly immediates: number;
  /** Gas charged before the instruction runs. */
  readonly staticGas: number;
  /** OR of {@link OpFlag} values. */
  readonly flags: number;
}

const { Halts, Jumps, WritesState, Memory, Frame, State, Invalid } = OpFlag;

function unassigned(code: number): OpcodeInfo {
  return {
    code,
    name: `opcode 0x${code.toString(16)} not defined`,
    inputs: 0,
    outputs: 0,
    immediates: 0,
    staticGas: 0,
    flags: Invalid | Halts,
  };
}

function buildTable(): readonly OpcodeInfo[] {
  const table: OpcodeInfo[] = [];
  for (let code = 0; code < 256; code++) table.push(unassigned(code));
  const def = (code: number, name: string, inputs: number, outputs: number, staticGas: number, flags = 0, immediates = 0): void => {
    table[code] = { code, name, inputs, outputs, immediates, staticGas, flags };
  };
  // 0x00 stop and arithmetic
  def(0x00, 'STOP', 0, 0, 0, Halts);
  def(0x01, 'ADD', 2, 1, 3);
  def(0x02, 'MUL', 2, 1, 5);
  def(0x03, 'SUB', 2, 1, 3);
  def(0x04, 'DIV', 2, 1, 5);
  def(0x05, 'SDIV', 2, 1, 5);
  def(0x06, 'MOD', 2, 1, 5);
  def(0x07, 'SMOD', 2, 1, 5);
  def(0x08, 'ADDMOD', 3, 1, 8);
  def(0x09, 'MULMOD', 3, 1, 8);
  def(0x0a, 'EXP', 2, 1, 10);
  def(0x0b, 'SIGNEXTEND', 2, 1, 5);
  // 0x10 comparison and bitwise
  def(0x10, 'LT', 2, 1, 3);
  def(0x11, 'GT', 2, 1, 3);
  def(0x12, 'SLT', 2, 1, 3);
  def(0x13, 'SGT', 2, 1, 3);
  def(0x14, 'EQ', 2, 1, 3);
  def(0x15, 'ISZERO', 1, 1, 3);
  def(0x16, 'AND', 2, 1, 3);
  def(0x17, 'OR', 2, 1, 3);
  def(0x18, 'XOR', 2, 1, 3);
  def(0x19, 'NOT', 1, 1, 3);
  def(0x1a, 'BYTE', 2, 1, 3);
  def(0x1b, 'SHL', 2, 1, 3);
  def(0x1c, 'SHR', 2, 1, 3);
  def(0x1d, 'SAR', 2, 1, 3);
  // 0x20 keccak
  def(0x20, 'KECCAK256', 2, 1, 30, Memory);
  // 0x30 environment
  def(0x30, 'ADDRESS', 0, 1, 2);
  def(0x31, 'BALANCE', 1, 1, 100, State);
  def(0x32, 'ORIGIN', 0, 1, 2);
  def(0x33, 'CALLER', 0, 1, 2);
  def(0x34, 'CALLVALUE', 0, 1, 2);
  def(0x35, 'CALLDATALOAD', 1, 1, 3);
  def(0x36, 'CALLDATASIZE', 0, 1, 2);
  def(0x37, 'CALLDATACOPY', 3, 0, 3, Memory);
  def(0x38, 'CODESIZE', 0, 1, 2);
  def(0x39, 'CODECOPY', 3, 0, 3, Memory);
  def(0x3a, 'GASPRICE', 0, 1, 2);
  def(0x3b, 'EXTCODESIZE', 1, 1, 100, State);
  def(0x3c, 'EXTCODECOPY', 4, 0, 100, Memory | State);
  def(0x3d, 'RETURNDATASIZE', 0, 1, 2);
  def(0x3e, 'RETURNDATACOPY', 3, 0, 3, Memory);
  def(0x3f, 'EXTCODEHASH', 1, 1, 100, State);
  // 0x40 block
  def(0x40, 'BLOCKHASH', 1, 1, 20);
  def(0x41, 'COINBASE', 0, 1, 2);
  def(0x42, 'TIMESTAMP', 0, 1, 2);
  def(0x43, 'NUMBER', 0, 1, 2);
  def(0x44, 'PREVRANDAO', 0, 1, 2);
  def(0x45, 'GASLIMIT', 0, 1, 2);
  def(0x46, 'CHAINID', 0, 1, 2);
  def(0x47, 'SELFBALANCE', 0, 1, 5, State);
  def(0x48, 'BASEFEE', 0, 1, 2);
  def(0x49, 'BLOBHASH', 1, 1, 3);
  def(0x4a, 'BLOBBASEFEE', 0, 1, 2);
  // 0x50 stack, memory, storage and flow
  def(0x50, 'POP', 1, 0, 2);
  def(0x51, 'MLOAD', 1, 1, 3, Memory);
  def(0x52, 'MSTORE', 2, 0, 3, Memory);
  def(0x53, 'MSTORE8', 2, 0, 3, Memory);
  def(0x54, 'SLOAD', 1, 1, 100, State);
  def(0x55, 'SSTORE', 2, 0, 0, State | WritesState);
  def(0x56, 'JUMP', 1, 0, 8, Jumps);
  def(0x57, 'JUMPI', 2, 0, 10, Jumps);
  def(0x58, 'PC', 0, 1, 2);
  def(0x59, 'MSIZE', 0, 1, 2);
  def(0x5a, 'GAS', 0, 1, 2);
  def(0x5b, 'JUMPDEST', 0, 0, 1);
  def(0x5c, 'TLOAD', 1, 1, 100, State);
  def(0x5d, 'TSTORE', 2, 0, 100, State | WritesState);
  def(0x5e, 'MCOPY', 3, 0, 3, Memory);
  def(0x5f, 'PUSH0', 0, 1, 2);
  for (let n = 1; n <= 32; n++) def(0x5f + n, `PUSH${n}`, 0, 1, 3, 0, n);
  for (let n = 1; n <= 16; n++) def(0x7f + n, `DUP${n}`, n, n + 1, 3);
  for (let n = 1; n <= 16; n++) def(0x8f + n, `SWAP${n}`, n + 1, n + 1, 3);
  for (let n = 0; n <= 4; n++) def(0xa0 + n, `LOG${n}`, 2 + n, 0, 375 + 375 * n, Memory | WritesState);
  // 0xf0 system
  def(0xf0, 'CREATE', 3, 1, 32000, Memory | Frame | State | WritesState);
  def(0xf1, 'CALL', 7, 1, 100, Memory | Frame | State);
  def(0xf2, 'CALLCODE', 7, 1, 100, Memory | Frame | State);
  def(0xf3, 'RETURN', 2, 0, 0, Memory | Halts);
  def(0xf4, 'DELEGATECALL', 6, 1, 100, Memory | Frame | State);
  def(0xf5, 'CREATE2', 4, 1, 32000, Memory | Frame | State | WritesState);
  def(0xfa, 'STATICCALL', 6, 1, 100, Memory | Frame | State);
  def(0xfd, 'REVERT', 2, 0, 0, Memory | Halts);
  def(0xfe, 'INVALID', 0, 0, 0, Invalid | Halts);
  def(0xff, 'SELFDESTRUCT', 1, 0, 5000, Halts | State | WritesState);
  return Object.freeze(table.map((e) => Object.freeze(e)));
}

/** The 256-entry Cancun opcode table, indexed by byte value. */
export const OPCODES: readonly OpcodeInfo[] = buildTable();

/** Number of opcodes assigned in Cancun (149, counting the designated INVALID 0xFE). */
export const ASSIGNED_OPCODE_COUNT = OPCODES.filter((o) => (o.flags & Invalid) === 0).length + 1;
