/**
 * A tiny bytecode assembler for the fuzz generator: opcodes, minimal PUSHes and labelled jumps.
 *
 * Opcode numbers are the Cancun assignments of the Ethereum Yellow Paper (Appendix H) plus
 * EIP-3855 (PUSH0), EIP-1153 (TLOAD/TSTORE), EIP-5656 (MCOPY), EIP-4844 (BLOBHASH) and
 * EIP-7516 (BLOBBASEFEE). They are spelled out here rather than imported from the interpreter's
 * opcode table on purpose: the fuzzer must not share a possible mistake with the code it tests.
 */

/** Cancun opcode bytes used by the generator, by mnemonic. */
export const OP = {
  STOP: 0x00, ADD: 0x01, MUL: 0x02, SUB: 0x03, DIV: 0x04, SDIV: 0x05, MOD: 0x06, SMOD: 0x07,
  ADDMOD: 0x08, MULMOD: 0x09, EXP: 0x0a, SIGNEXTEND: 0x0b,
  LT: 0x10, GT: 0x11, SLT: 0x12, SGT: 0x13, EQ: 0x14, ISZERO: 0x15, AND: 0x16, OR: 0x17,
  XOR: 0x18, NOT: 0x19, BYTE: 0x1a, SHL: 0x1b, SHR: 0x1c, SAR: 0x1d,
  KECCAK256: 0x20,
  ADDRESS: 0x30, BALANCE: 0x31, ORIGIN: 0x32, CALLER: 0x33, CALLVALUE: 0x34,
  CALLDATALOAD: 0x35, CALLDATASIZE: 0x36, CALLDATACOPY: 0x37, CODESIZE: 0x38, CODECOPY: 0x39,
  GASPRICE: 0x3a, EXTCODESIZE: 0x3b, EXTCODECOPY: 0x3c, RETURNDATASIZE: 0x3d,
  RETURNDATACOPY: 0x3e, EXTCODEHASH: 0x3f,
  BLOCKHASH: 0x40, COINBASE: 0x41, TIMESTAMP: 0x42, NUMBER: 0x43, PREVRANDAO: 0x44,
  GASLIMIT: 0x45, CHAINID: 0x46, SELFBALANCE: 0x47, BASEFEE: 0x48, BLOBHASH: 0x49,
  BLOBBASEFEE: 0x4a,
  POP: 0x50, MLOAD: 0x51, MSTORE: 0x52, MSTORE8: 0x53, SLOAD: 0x54, SSTORE: 0x55, JUMP: 0x56,
  JUMPI: 0x57, PC: 0x58, MSIZE: 0x59, GAS: 0x5a, JUMPDEST: 0x5b, TLOAD: 0x5c, TSTORE: 0x5d,
  MCOPY: 0x5e, PUSH0: 0x5f, PUSH1: 0x60, PUSH2: 0x61, PUSH32: 0x7f, DUP1: 0x80, SWAP1: 0x90,
  LOG0: 0xa0,
  CREATE: 0xf0, CALL: 0xf1, CALLCODE: 0xf2, RETURN: 0xf3, DELEGATECALL: 0xf4, CREATE2: 0xf5,
  STATICCALL: 0xfa, REVERT: 0xfd, INVALID: 0xfe, SELFDESTRUCT: 0xff,
} as const;

/** Thrown when a program refers to a label that was never placed. */
export class AssemblerError extends Error {
  constructor(message: string, readonly label: number) {
    super(`${message} (label ${label})`);
    this.name = 'AssemblerError';
  }
}

/** Accumulates bytecode; jumps to labels are emitted as PUSH2 and patched by `finish`. */
export class Assembler {
  private readonly code: number[] = [];
  private readonly labelPos = new Map<number, number>();
  private readonly patches: { at: number; label: number }[] = [];

  /** Current length in bytes (the pc of the next emitted byte). */
  get length(): number {
    return this.code.length;
  }

  /** Appends raw opcode or data bytes. */
  op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b & 0xff);
    return this;
  }

  /** Appends raw bytes from an array. */
  raw(bytes: Uint8Array): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  /** Pushes `value` (mod 2^256) with the shortest PUSH: PUSH0 for zero (EIP-3855). */
  push(value: bigint): this {
    const v = BigInt.asUintN(256, value);
    if (v === 0n) return this.op(OP.PUSH0);
    const hex = v.toString(16);
    const width = (hex.length + 1) >> 1;
    return this.pushWidth(v, width);
  }

  /** Pushes `value` with an explicit PUSHn width (1..32); higher bits are truncated. */
  pushWidth(value: bigint, width: number): this {
    this.code.push(OP.PUSH1 + width - 1);
    const v = BigInt.asUintN(width * 8, value);
    for (let i = width - 1; i >= 0; i--) this.code.push(Number((v >> BigInt(i * 8)) & 0xffn));
    return this;
  }

  /** Places label `id` here as a JUMPDEST. */
  label(id: number): this {
    this.labelPos.set(id, this.code.length);
    return this.op(OP.JUMPDEST);
  }

  /** Pushes the (patched later) code offset of label `id` as a PUSH2. */
  pushLabel(id: number): this {
    this.code.push(OP.PUSH2);
    this.patches.push({ at: this.code.length, label: id });
    this.code.push(0, 0);
    return this;
  }

  /** Resolves label references and returns the bytecode. */
  finish(): Uint8Array {
    const out = Uint8Array.from(this.code);
    for (const { at, label } of this.patches) {
      const pos = this.labelPos.get(label);
      if (pos === undefined) throw new AssemblerError('jump to a label that was never placed', label);
      out[at] = pos >> 8;
      out[at + 1] = pos & 0xff;
    }
    return out;
  }
}
