/** Comparison instructions 0x10-0x15 (yellow paper appendix H.2). The stack top is `a`. */
import type { Frame } from '../frame.ts';
import { SIGN_BIT } from '../words.ts';

/** LT: a < b. */
export function opLt(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! < s[sp - 1]! ? 1n : 0n;
}

/** GT: a > b. */
export function opGt(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! > s[sp - 1]! ? 1n : 0n;
}

/** Signed a < b: flipping the sign bit maps two's complement order onto unsigned order. */
function signedLess(a: bigint, b: bigint): boolean {
  return (a ^ SIGN_BIT) < (b ^ SIGN_BIT);
}

/** SLT: signed a < b. */
export function opSlt(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = signedLess(s[sp]!, s[sp - 1]!) ? 1n : 0n;
}

/** SGT: signed a > b. */
export function opSgt(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = signedLess(s[sp - 1]!, s[sp]!) ? 1n : 0n;
}

/** EQ: a == b. */
export function opEq(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! === s[sp - 1]! ? 1n : 0n;
}

/** ISZERO: a == 0. */
export function opIszero(_: unknown, f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  s[i] = s[i] === 0n ? 1n : 0n;
}
