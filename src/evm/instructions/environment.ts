/**
 * Environment instructions 0x30-0x3F (yellow paper H.2, EIP-2929 cold surcharges, EIP-211
 * return data, EIP-1052 EXTCODEHASH).
 */
import type { Frame } from '../frame.ts';
import { COLD_ACCOUNT_SURCHARGE, COPY_WORD } from '../gas.ts';
import { Halt } from '../halt.ts';
import type { Interpreter } from '../interpreter.ts';
import { chargeGas, chargeWords, copyToMemory, expandMemory } from '../memory.ts';
import { MASK_160, bytesToBigInt } from '../words.ts';

/** Charges the EIP-2929 cold surcharge when `address` is not yet warm (and warms it). */
export function accessAccount(it: Interpreter, f: Frame, address: bigint): boolean {
  if (it.state.warmAddress(address)) return true;
  return chargeGas(f, COLD_ACCOUNT_SURCHARGE);
}

/** ADDRESS. */
export function opAddress(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = f.address;
}

/** BALANCE(address). */
export function opBalance(it: Interpreter, f: Frame): void {
  const i = f.sp - 1;
  const address = f.stack[i]! & MASK_160;
  if (!accessAccount(it, f, address)) return;
  f.stack[i] = it.state.getBalance(address);
}

/** ORIGIN. */
export function opOrigin(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.tx.origin;
}

/** CALLER. */
export function opCaller(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = f.caller;
}

/** CALLVALUE. */
export function opCallvalue(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = f.value;
}

/** CALLDATALOAD(offset): 32 bytes of calldata, zero-padded. */
export function opCalldataload(_: Interpreter, f: Frame): void {
  const i = f.sp - 1;
  const offset = f.stack[i]!;
  const data = f.input;
  f.stack[i] = offset >= BigInt(data.length) ? 0n : bytesToBigInt(data, Number(offset), 32);
}

/** CALLDATASIZE. */
export function opCalldatasize(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = BigInt(f.input.length);
}

/** Shared body of CALLDATACOPY/CODECOPY: (destOffset, offset, size) from the stack. */
function copyFrom(f: Frame, src: Uint8Array): void {
  const s = f.stack;
  const sp = f.sp;
  const dest = s[sp - 1]!;
  const offset = s[sp - 2]!;
  const size = s[sp - 3]!;
  if (!expandMemory(f, dest, size) || !chargeWords(f, size, COPY_WORD)) return;
  f.sp = sp - 3;
  if (size !== 0n) copyToMemory(f, Number(dest), src, offset, Number(size));
}

/** CALLDATACOPY(destOffset, offset, size). */
export function opCalldatacopy(_: Interpreter, f: Frame): void {
  copyFrom(f, f.input);
}

/** CODESIZE. */
export function opCodesize(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = BigInt(f.code.length);
}

/** CODECOPY(destOffset, offset, size). */
export function opCodecopy(_: Interpreter, f: Frame): void {
  copyFrom(f, f.code);
}

/** GASPRICE: the effective gas price of the transaction. */
export function opGasprice(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.tx.gasPrice;
}

/** EXTCODESIZE(address). */
export function opExtcodesize(it: Interpreter, f: Frame): void {
  const i = f.sp - 1;
  const address = f.stack[i]! & MASK_160;
  if (!accessAccount(it, f, address)) return;
  f.stack[i] = BigInt(it.state.getCode(address).length);
}

/** EXTCODECOPY(address, destOffset, offset, size). */
export function opExtcodecopy(it: Interpreter, f: Frame): void {
  const s = f.stack;
  const sp = f.sp;
  const address = s[sp - 1]! & MASK_160;
  const dest = s[sp - 2]!;
  const offset = s[sp - 3]!;
  const size = s[sp - 4]!;
  if (!expandMemory(f, dest, size) || !chargeWords(f, size, COPY_WORD) || !accessAccount(it, f, address)) return;
  f.sp = sp - 4;
  if (size !== 0n) copyToMemory(f, Number(dest), it.state.getCode(address), offset, Number(size));
}

/** RETURNDATASIZE (EIP-211). */
export function opReturndatasize(_: Interpreter, f: Frame): void {
  f.stack[f.sp++] = BigInt(f.returnData.length);
}

/** RETURNDATACOPY(destOffset, offset, size): halts when reading past the buffer (EIP-211). */
export function opReturndatacopy(_: Interpreter, f: Frame): void {
  const s = f.stack;
  const sp = f.sp;
  const dest = s[sp - 1]!;
  const offset = s[sp - 2]!;
  const size = s[sp - 3]!;
  if (!expandMemory(f, dest, size) || !chargeWords(f, size, COPY_WORD)) return;
  if (offset + size > BigInt(f.returnData.length)) {
    f.halt = Halt.ReturnDataOutOfBounds;
    return;
  }
  f.sp = sp - 3;
  if (size !== 0n) f.memory.set(f.returnData.subarray(Number(offset), Number(offset + size)), Number(dest));
}

/** EXTCODEHASH(address): 0 for empty accounts (EIP-1052 with EIP-161 emptiness). */
export function opExtcodehash(it: Interpreter, f: Frame): void {
  const i = f.sp - 1;
  const address = f.stack[i]! & MASK_160;
  if (!accessAccount(it, f, address)) return;
  const a = it.state.getAccount(address);
  f.stack[i] = a === undefined || a.isEmpty() ? 0n : bytesToBigInt(a.codeHash);
}
