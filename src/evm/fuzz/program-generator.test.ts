import { describe, expect, it } from 'vitest';
import { OP } from './assembler.ts';
import { generateInitCode, generateProgram, type GeneratorEnv } from './program-generator.ts';
import { Rng } from './random.ts';

const env: GeneratorEnv = { accounts: [0xc0de00n, 0xc0de01n, 0xe0a000n], emptyAccounts: [0xdead00n] };

/** Opcodes actually decoded from `code` (skipping PUSH data), in order. */
function instructions(code: Uint8Array): number[] {
  const ops: number[] = [];
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc] as number;
    ops.push(op);
    if (op >= OP.PUSH1 && op <= OP.PUSH32) pc += op - OP.PUSH1 + 1;
  }
  return ops;
}

describe('generateProgram', () => {
  it('is deterministic in the random stream', () => {
    const a = generateProgram(new Rng(5, 1), env, { snippets: 40, createDepth: 2 });
    const b = generateProgram(new Rng(5, 1), env, { snippets: 40, createDepth: 2 });
    const c = generateProgram(new Rng(5, 2), env, { snippets: 40, createDepth: 2 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('covers the opcode families the fuzzer promises', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      for (const op of instructions(generateProgram(new Rng(11, i), env, { snippets: 40, createDepth: 2 }))) seen.add(op);
    }
    const required = [
      OP.ADD, OP.SDIV, OP.EXP, OP.SIGNEXTEND, OP.SAR, OP.ADDMOD, OP.KECCAK256, OP.BALANCE, OP.CALLDATALOAD,
      OP.CALLDATACOPY, OP.CODECOPY, OP.EXTCODECOPY, OP.EXTCODEHASH, OP.RETURNDATACOPY, OP.BLOCKHASH,
      OP.BLOBHASH, OP.BLOBBASEFEE, OP.MLOAD, OP.MSTORE, OP.MSTORE8, OP.SLOAD, OP.SSTORE, OP.JUMP, OP.JUMPI,
      OP.JUMPDEST, OP.TLOAD, OP.TSTORE, OP.MCOPY, OP.PUSH0, OP.LOG0, OP.LOG0 + 4, OP.CREATE, OP.CREATE2,
      OP.CALL, OP.CALLCODE, OP.DELEGATECALL, OP.STATICCALL, OP.RETURN, OP.REVERT, OP.SELFDESTRUCT,
    ];
    for (const op of required) expect(seen.has(op), `opcode 0x${op.toString(16)}`).toBe(true);
    // Decoded instructions should span most of the 149 Cancun opcodes (rawByte adds the rest).
    expect(seen.size).toBeGreaterThan(140);
  });

  it('only jumps through PUSH2 to real JUMPDESTs when no raw byte intervened', () => {
    let checked = 0;
    for (let i = 0; i < 100; i++) {
      const code = generateProgram(new Rng(21, i), env, { snippets: 30, createDepth: 0 });
      const ops: { pc: number; op: number; arg: number }[] = [];
      for (let pc = 0; pc < code.length; pc++) {
        const op = code[pc] as number;
        let arg = -1;
        if (op === OP.PUSH2) arg = ((code[pc + 1] as number) << 8) | (code[pc + 2] as number);
        ops.push({ pc, op, arg });
        if (op >= OP.PUSH1 && op <= OP.PUSH32) pc += op - OP.PUSH1 + 1;
      }
      for (let k = 1; k < ops.length; k++) {
        const prev = ops[k - 1] as { op: number; arg: number };
        const cur = ops[k] as { op: number };
        if (prev.op === OP.PUSH2 && (cur.op === OP.JUMP || cur.op === OP.JUMPI) && prev.arg < code.length) {
          if (code[prev.arg] === OP.JUMPDEST) checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('init code usually ends by returning a runtime program', () => {
    let returns = 0;
    for (let i = 0; i < 100; i++) {
      const ops = instructions(generateInitCode(new Rng(8, i), env, 1));
      if (ops.at(-1) === OP.RETURN) returns++;
    }
    expect(returns).toBeGreaterThan(60);
  });
});
