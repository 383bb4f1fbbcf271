/** Bitwise instructions 0x16-0x1D (yellow paper H.2, EIP-145 shifts). The stack top is `a`. */
import type { Frame } from '../frame.ts';
import { MASK_256, SIGN_BIT } from '../words.ts';

/** AND. */
export function opAnd(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! & s[sp - 1]!;
}

/** OR. */
export function opOr(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! | s[sp - 1]!;
}

/** XOR. */
export function opXor(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! ^ s[sp - 1]!;
}

/** NOT: bitwise complement in 256 bits. */
export function opNot(_: unknown, f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  s[i] = MASK_256 ^ s[i]!;
}

/** BYTE: byte i of x counting from the most significant; 0 for i >= 32. */
export function opByte(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const i = s[sp]!;
  s[sp - 1] = i < 32n ? (s[sp - 1]! >> (248n - i * 8n)) & 0xffn : 0n;
}

/** SHL: value << shift, 0 for shift >= 256 (EIP-145; the shift is the stack top). */
export function opShl(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  s[sp - 1] = shift < 256n ? BigInt.asUintN(256, s[sp - 1]! << shift) : 0n;
}

/** SHR: logical value >> shift, 0 for shift >= 256. */
export function opShr(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  s[sp - 1] = shift < 256n ? s[sp - 1]! >> shift : 0n;
}

/** SAR: arithmetic value >> shift; all sign bits for shift >= 256. */
export function opSar(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  const v = s[sp - 1]!;
  const negative = v >= SIGN_BIT;
  if (shift >= 256n) {
    s[sp - 1] = negative ? MASK_256 : 0n;
    return;
  }
  s[sp - 1] = negative ? BigInt.asUintN(256, BigInt.asIntN(256, v) >> shift) : v >> shift;
}
