/**
 * Arithmetic instructions 0x01-0x0B (yellow paper appendix H.2). Operands are popped top-first:
 * for SUB, DIV, ... the first operand `a` is the stack top.
 */
import type { Frame } from '../frame.ts';
import { EXP_BYTE } from '../gas.ts';
import { chargeGas } from '../memory.ts';
import { MASK_256, fromSigned, toSigned } from '../words.ts';
import { expMod256 } from './exp.ts';

// Module-local copy: tsx compiles to CommonJS, where an imported name is a getter call per use.
const pow = expMod256;

/** ADD: (a + b) mod 2^256. */
export function opAdd(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = BigInt.asUintN(256, s[sp]! + s[sp - 1]!);
}

/** MUL: (a * b) mod 2^256. */
export function opMul(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = BigInt.asUintN(256, s[sp]! * s[sp - 1]!);
}

/** SUB: (a - b) mod 2^256. */
export function opSub(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = BigInt.asUintN(256, s[sp]! - s[sp - 1]!);
}

/** DIV: a / b, 0 when b = 0. */
export function opDiv(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : s[sp]! / b;
}

/** SDIV: signed division truncating toward zero; 0 when b = 0; -2^255 / -1 = -2^255. */
export function opSdiv(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : BigInt.asUintN(256, toSigned(s[sp]!) / toSigned(b));
}

/** MOD: a mod b, 0 when b = 0. */
export function opMod(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : s[sp]! % b;
}

/** SMOD: signed remainder with the sign of the dividend; 0 when b = 0. */
export function opSmod(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp - 1]!;
  s[sp - 1] = b === 0n ? 0n : fromSigned(toSigned(s[sp]!) % toSigned(b));
}

/** ADDMOD: (a + b) mod N over the integers (no 2^256 wrap); 0 when N = 0. */
export function opAddmod(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const n = s[sp - 1]!;
  s[sp - 1] = n === 0n ? 0n : (s[sp + 1]! + s[sp]!) % n;
}

/** MULMOD: (a * b) mod N over the integers; 0 when N = 0. */
export function opMulmod(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const n = s[sp - 1]!;
  s[sp - 1] = n === 0n ? 0n : (s[sp + 1]! * s[sp]!) % n;
}

/** Byte length of a word (0 for 0), the EXP gas multiplier. */
export function byteLength(x: bigint): number {
  if (x === 0n) return 0;
  return (x.toString(16).length + 1) >> 1;
}

/** EXP: a^b mod 2^256; 50 gas per byte of the exponent (EIP-160). */
export function opExp(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = f.sp;
  const e = s[sp - 2]!;
  if (!chargeGas(f, BigInt(byteLength(e)) * EXP_BYTE)) return;
  f.sp = sp - 1;
  s[sp - 2] = pow(s[sp - 1]!, e);
}

/** SIGNEXTEND: extends the sign of the low (b+1) bytes of x; x unchanged for b >= 31. */
export function opSignextend(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp]!;
  if (b >= 31n) return;
  const x = s[sp - 1]!;
  const bit = b * 8n + 7n;
  const low = (1n << (bit + 1n)) - 1n;
  s[sp - 1] = ((x >> bit) & 1n) === 1n ? (x | (MASK_256 ^ low)) : (x & low);
}
