/**
 * System instructions: STOP, RETURN, REVERT, INVALID, SELFDESTRUCT (EIP-6780), the CALL family
 * (EIP-150 63/64 rule, EIP-2929 cold surcharge, EIP-161 new-account rule, EIP-214 static) and
 * CREATE/CREATE2 (EIP-1014, EIP-3860 init-code metering). Gas rules follow geth
 * `core/vm/gas_table.go` and `operations_acl.go`.
 */
import type { Frame } from '../frame.ts';
import { FrameKind } from '../frame.ts';
import {
  CALL_STIPEND,
  CALL_VALUE,
  COLD_ACCOUNT_ACCESS,
  INITCODE_WORD,
  KECCAK_WORD,
  MAX_INITCODE_SIZE,
  NEW_ACCOUNT,
  SELFDESTRUCT_NEW_ACCOUNT,
  allButOne64th,
} from '../gas.ts';
import { Halt } from '../halt.ts';
import { create2Address, createAddress, type Interpreter } from '../interpreter.ts';
import { chargeGas, chargeWords, expandMemory, outOfGas } from '../memory.ts';
import { MASK_160 } from '../words.ts';
import { accessAccount } from './environment.ts';

const EMPTY = new Uint8Array(0);

/** STOP. */
export function opStop(_: Interpreter, f: Frame): void {
  f.halt = Halt.Stop;
}

/** INVALID (0xFE) and every unassigned opcode. */
export function opInvalid(_: Interpreter, f: Frame): void {
  f.halt = Halt.InvalidOpcode;
}

/** Copies memory[offset, offset+size) into `f.output`; false after an OutOfGas halt. */
function setOutput(f: Frame): boolean {
  const s = f.stack;
  const sp = f.sp;
  const offset = s[sp - 1]!;
  const size = s[sp - 2]!;
  if (!expandMemory(f, offset, size)) return false;
  f.sp = sp - 2;
  if (size === 0n) f.output = EMPTY;
  else {
    const o = Number(offset);
    f.output = f.memory.slice(o, o + Number(size));
  }
  return true;
}

/** RETURN(offset, size). */
export function opReturn(_: Interpreter, f: Frame): void {
  if (setOutput(f)) f.halt = Halt.Return;
}

/** REVERT(offset, size) (EIP-140): keeps the remaining gas, discards state changes. */
export function opRevert(_: Interpreter, f: Frame): void {
  if (setOutput(f)) f.halt = Halt.Revert;
}

/** SELFDESTRUCT(beneficiary) with EIP-6780: the account is deleted only if created in this transaction. */
export function opSelfdestruct(it: Interpreter, f: Frame): void {
  const beneficiary = f.stack[f.sp - 1]! & MASK_160;
  const state = it.state;
  let cost = 0n;
  if (!state.warmAddress(beneficiary)) cost += COLD_ACCOUNT_ACCESS;
  const balance = state.getBalance(f.address);
  if (balance !== 0n && state.isEmpty(beneficiary)) cost += SELFDESTRUCT_NEW_ACCOUNT;
  if (!chargeGas(f, cost)) return;
  if (f.isStatic) {
    f.halt = Halt.WriteProtection;
    return;
  }
  f.sp--;
  state.subBalance(f.address, balance);
  state.addBalance(beneficiary, balance);
  if (state.isCreatedInTx(f.address)) {
    state.markSelfDestructed(f.address);
    // The balance is burnt even when the beneficiary is the account itself.
    if (state.getBalance(f.address) !== 0n) state.setBalance(f.address, 0n);
  }
  f.halt = Halt.SelfDestruct;
}

/**
 * CALL family. Stack: gas, address, [value,] argsOffset, argsSize, retOffset, retSize.
 * Charges memory, cold access, value and new-account costs, then forwards
 * min(requested, all but 1/64 of what is left) (EIP-150), plus the stipend for value calls.
 */
function doCall(it: Interpreter, f: Frame, kind: FrameKind): void {
  const s = f.stack;
  const sp = f.sp;
  const hasValue = kind === FrameKind.Call || kind === FrameKind.CallCode;
  const requested = s[sp - 1]!;
  const target = s[sp - 2]! & MASK_160;
  const value = hasValue ? s[sp - 3]! : 0n;
  const base = hasValue ? sp - 4 : sp - 3;
  const argsOffset = s[base]!;
  const argsSize = s[base - 1]!;
  const retOffset = s[base - 2]!;
  const retSize = s[base - 3]!;
  if (!accessAccount(it, f, target)) return;
  if (kind === FrameKind.Call && value !== 0n && f.isStatic) {
    f.halt = Halt.WriteProtection;
    return;
  }
  if (!expandMemory(f, argsOffset, argsSize) || !expandMemory(f, retOffset, retSize)) return;
  let cost = 0n;
  if (value !== 0n) {
    cost += CALL_VALUE;
    if (kind === FrameKind.Call && it.state.isEmpty(target)) cost += NEW_ACCOUNT;
  }
  if (!chargeGas(f, cost)) return;
  const cap = allButOne64th(f.gas);
  const callGas = requested < cap ? requested : cap;
  f.gas -= callGas;
  f.sp = base - 3;
  f.retOffset = retSize === 0n ? 0 : Number(retOffset);
  f.retSize = retSize === 0n ? 0 : Number(retSize);
  const input = argsSize === 0n ? EMPTY : f.memory.slice(Number(argsOffset), Number(argsOffset) + Number(argsSize));
  const isDelegate = kind === FrameKind.DelegateCall;
  it.call(f, {
    kind,
    caller: isDelegate ? f.caller : f.address,
    address: kind === FrameKind.Call || kind === FrameKind.StaticCall ? target : f.address,
    codeAddress: target,
    value: isDelegate ? f.value : value,
    input,
    gas: value !== 0n ? callGas + CALL_STIPEND : callGas,
    isStatic: f.isStatic || kind === FrameKind.StaticCall,
  });
}

/** CALL. */
export function opCall(it: Interpreter, f: Frame): void {
  doCall(it, f, FrameKind.Call);
}

/** CALLCODE. */
export function opCallcode(it: Interpreter, f: Frame): void {
  doCall(it, f, FrameKind.CallCode);
}

/** DELEGATECALL (EIP-7). */
export function opDelegatecall(it: Interpreter, f: Frame): void {
  doCall(it, f, FrameKind.DelegateCall);
}

/** STATICCALL (EIP-214). */
export function opStaticcall(it: Interpreter, f: Frame): void {
  doCall(it, f, FrameKind.StaticCall);
}

/** CREATE/CREATE2. Stack: value, offset, size[, salt]. */
function doCreate(it: Interpreter, f: Frame, kind: FrameKind): void {
  if (f.isStatic) {
    f.halt = Halt.WriteProtection;
    return;
  }
  const s = f.stack;
  const sp = f.sp;
  const value = s[sp - 1]!;
  const offset = s[sp - 2]!;
  const size = s[sp - 3]!;
  if (size > BigInt(MAX_INITCODE_SIZE)) {
    // EIP-3860: oversized init code is an exceptional halt.
    outOfGas(f, 0n);
    return;
  }
  if (!expandMemory(f, offset, size) || !chargeWords(f, size, INITCODE_WORD)) return;
  const isCreate2 = kind === FrameKind.Create2;
  if (isCreate2 && !chargeWords(f, size, KECCAK_WORD)) return;
  const gas = allButOne64th(f.gas);
  f.gas -= gas;
  const o = size === 0n ? 0 : Number(offset);
  const initCode = f.memory.slice(o, o + Number(size));
  const address = isCreate2 ? create2Address(f.address, s[sp - 4]!, initCode) : createAddress(f.address, it.state.getNonce(f.address));
  f.sp = sp - (isCreate2 ? 4 : 3);
  it.create(f, kind, f.address, address, value, initCode, gas, true);
}

/** CREATE. */
export function opCreate(it: Interpreter, f: Frame): void {
  doCreate(it, f, FrameKind.Create);
}

/** CREATE2 (EIP-1014). */
export function opCreate2(it: Interpreter, f: Frame): void {
  doCreate(it, f, FrameKind.Create2);
}
