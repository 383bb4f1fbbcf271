/**
 * Storage instructions: SLOAD/SSTORE with EIP-2929 access costs and EIP-2200/3529 net gas
 * metering, TLOAD/TSTORE (EIP-1153).
 */
import type { Frame } from '../frame.ts';
import { COLD_SLOAD, COLD_SLOAD_SURCHARGE, SSTORE_CLEARS_REFUND, SSTORE_RESET, SSTORE_SENTRY, SSTORE_SET, WARM_STORAGE_READ } from '../gas.ts';
import { Halt } from '../halt.ts';
import type { Interpreter } from '../interpreter.ts';
import { chargeGas, outOfGas } from '../memory.ts';

/** SLOAD(key): 100 warm (static) + 2000 cold surcharge. */
export function opSload(it: Interpreter, f: Frame): void {
  const i = f.sp - 1;
  const key = f.stack[i]!;
  if (!it.state.warmSlot(f.address, key) && !chargeGas(f, COLD_SLOAD_SURCHARGE)) return;
  f.stack[i] = it.state.getStorage(f.address, key);
}

/** SSTORE(key, value) with EIP-2200 net metering as amended by EIP-2929 and EIP-3529. */
export function opSstore(it: Interpreter, f: Frame): void {
  if (f.isStatic) {
    f.halt = Halt.WriteProtection;
    return;
  }
  // EIP-2200 sentry: fail unless more than the call stipend is left.
  if (f.gas <= SSTORE_SENTRY) {
    outOfGas(f, 0n);
    return;
  }
  const s = f.stack;
  const sp = f.sp;
  const key = s[sp - 1]!;
  const value = s[sp - 2]!;
  const state = it.state;
  const address = f.address;
  let cost = state.warmSlot(address, key) ? 0n : COLD_SLOAD;
  const current = state.getStorage(address, key);
  let refund = 0;
  if (current === value) {
    cost += WARM_STORAGE_READ;
  } else {
    const original = state.getOriginalStorage(address, key);
    if (original === current) {
      if (original === 0n) cost += SSTORE_SET;
      else {
        cost += SSTORE_RESET;
        if (value === 0n) refund += SSTORE_CLEARS_REFUND;
      }
    } else {
      cost += WARM_STORAGE_READ;
      if (original !== 0n) {
        if (current === 0n) refund -= SSTORE_CLEARS_REFUND;
        else if (value === 0n) refund += SSTORE_CLEARS_REFUND;
      }
      if (original === value) {
        refund += original === 0n ? Number(SSTORE_SET - WARM_STORAGE_READ) : Number(SSTORE_RESET - WARM_STORAGE_READ);
      }
    }
  }
  // The refund is journaled before the charge, as geth's gas function does: an out-of-gas
  // SSTORE reverts its frame (and so the refund) either way, but EIP-3155 traces then show the
  // same refund counter as geth's and ethereumjs's on the failing step.
  if (refund !== 0) state.addRefund(refund);
  if (!chargeGas(f, cost)) return;
  f.sp = sp - 2;
  if (current !== value) state.setStorage(address, key, value);
}

/** TLOAD(key) (EIP-1153). */
export function opTload(it: Interpreter, f: Frame): void {
  const i = f.sp - 1;
  f.stack[i] = it.state.getTransient(f.address, f.stack[i]!);
}

/** TSTORE(key, value) (EIP-1153): forbidden in a static context. */
export function opTstore(it: Interpreter, f: Frame): void {
  if (f.isStatic) {
    f.halt = Halt.WriteProtection;
    return;
  }
  const sp = (f.sp -= 2);
  it.state.setTransient(f.address, f.stack[sp + 1]!, f.stack[sp]!);
}
