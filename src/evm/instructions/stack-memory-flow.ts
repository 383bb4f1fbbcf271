/**
 * Stack, memory and control-flow instructions: POP, MLOAD, MSTORE, MSTORE8, JUMP, JUMPI, PC,
 * MSIZE, GAS, JUMPDEST, MCOPY (EIP-5656), PUSH0 (EIP-3855), PUSH1-32, DUP1-16, SWAP1-16.
 */
import type { Frame } from '../frame.ts';
import { COPY_WORD } from '../gas.ts';
import { Halt } from '../halt.ts';
import type { Interpreter } from '../interpreter.ts';
import { chargeWords, expandMemory, readWord, writeWord } from '../memory.ts';
import { bytesToBigInt } from '../words.ts';
import type { Instruction } from './instruction.ts';

/** POP. */
export function opPop(_: Interpreter, f: Frame): void {
  f.sp--;
}

/** MLOAD(offset). */
export function opMload(_: Interpreter, f: Frame): void {
  const i = f.sp - 1;
  const offset = f.stack[i]!;
  if (!expandMemory(f, offset, 32n)) return;
  f.stack[i] = readWord(f, Number(offset));
}

/** MSTORE(offset, value). */
export function opMstore(_: Interpreter, f: Frame): void {
  const s = f.stack;
  const sp = f.sp;
  const offset = s[sp - 1]!;
  if (!expandMemory(f, offset, 32n)) return;
  f.sp = sp - 2;
  writeWord(f, Number(offset), s[sp - 2]!);
}

/** MSTORE8(offset, value): stores the low byte. */
export function opMstore8(_: Interpreter, f: Frame): void {
  const s = f.stack;
  const sp = f.sp;
  const offset = s[sp - 1]!;
  if (!expandMemory(f, offset, 1n)) return;
  f.sp = sp - 2;
  f.memory[Number(offset)] = Number(s[sp - 2]! & 0xffn);
}

/** Sets pc to `dest` when it is a JUMPDEST opcode, else halts with InvalidJump. */
function jumpTo(f: Frame, dest: bigint): void {
  if (dest >= BigInt(f.code.length) || f.jumpdests[Number(dest)] !== 1) {
    f.halt = Halt.InvalidJump;
    return;
  }
  f.pc = Number(dest);
}

/** JUMP(dest). */
export function opJump(_: Interpreter, f: Frame): void {
  const sp = --f.sp;
  jumpTo(f, f.stack[sp]!);
}

/** JUMPI(dest, condition). */
export function opJumpi(_: Interpreter, f: Frame): void {
  const sp = (f.sp -= 2);
  if (f.stack[sp]! !== 0n) jumpTo(f, f.stack[sp + 1]!);
}

/** PC: address of this PC instruction. */
export function opPc(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = BigInt(f.pc - 1);
}

/** MSIZE: active memory in bytes. */
export function opMsize(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = BigInt(f.memSize);
}

/** GAS: gas left after paying for this instruction. */
export function opGas(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = f.gas;
}

/** JUMPDEST: no-op marker. */
export function opJumpdest(): void {}

/** MCOPY(dest, src, size) (EIP-5656): memmove semantics; expansion covers both ranges. */
export function opMcopy(_: Interpreter, f: Frame): void {
  const s = f.stack;
  const sp = f.sp;
  const dest = s[sp - 1]!;
  const src = s[sp - 2]!;
  const size = s[sp - 3]!;
  if (size !== 0n) {
    const hi = dest > src ? dest : src;
    if (!expandMemory(f, hi, size)) return;
  }
  if (!chargeWords(f, size, COPY_WORD)) return;
  f.sp = sp - 3;
  if (size !== 0n) {
    const d = Number(dest);
    const o = Number(src);
    f.memory.copyWithin(d, o, o + Number(size));
  }
}

/** PUSH0 (EIP-3855). */
export function opPush0(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = 0n;
}

/** Preallocated bigints 0..255 so PUSH1, the most frequent opcode, allocates nothing. */
const BYTE_VALUES: readonly bigint[] = Array.from({ length: 256 }, (_, i) => BigInt(i));

/** PUSH1. */
export function opPush1(_: Interpreter, f: Frame): void {
  const pc = f.pc;
  f.stack[f.sp++] = BYTE_VALUES[f.code[pc] ?? 0]!;
  f.pc = pc + 1;
}

/** PUSHn for n = 2..32: immediates past the end of code read as zero. */
function makePush(n: number): Instruction {
  if (n <= 6) {
    return (_: Interpreter, f: Frame): void => {
      const code = f.code;
      const pc = f.pc;
      let v = 0;
      for (let i = 0; i < n; i++) v = v * 256 + (code[pc + i] ?? 0);
      f.stack[f.sp++] = BigInt(v);
      f.pc = pc + n;
    };
  }
  return (_: Interpreter, f: Frame): void => {
    const pc = f.pc;
    f.stack[f.sp++] = bytesToBigInt(f.code, pc, n);
    f.pc = pc + n;
  };
}

/** DUPn: copies the n-th item to the top. */
function makeDup(n: number): Instruction {
  return (_: Interpreter, f: Frame): void => {
    const s = f.stack;
    const sp = f.sp;
    s[sp] = s[sp - n]!;
    f.sp = sp + 1;
  };
}

/** SWAPn: exchanges the top with the (n+1)-th item. */
function makeSwap(n: number): Instruction {
  return (_: Interpreter, f: Frame): void => {
    const s = f.stack;
    const top = f.sp - 1;
    const other = top - n;
    const t = s[top]!;
    s[top] = s[other]!;
    s[other] = t;
  };
}

/** PUSH1..PUSH32 instruction functions, index n-1. */
export const PUSH_OPS: readonly Instruction[] = Array.from({ length: 32 }, (_, i) => (i === 0 ? opPush1 : makePush(i + 1)));
/** DUP1..DUP16, index n-1. */
export const DUP_OPS: readonly Instruction[] = Array.from({ length: 16 }, (_, i) => makeDup(i + 1));
/** SWAP1..SWAP16, index n-1. */
export const SWAP_OPS: readonly Instruction[] = Array.from({ length: 16 }, (_, i) => makeSwap(i + 1));
