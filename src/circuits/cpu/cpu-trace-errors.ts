/**
 * Trace generation of a failing last step (cpu-errors.ts): the error kind, the stack reads the
 * witness records before the failure, the out-of-gas shortfall and the invalid-jump witness.
 */
import { inv } from '../../field/babybear.ts';
import { Halt, type HaltReason } from '../../evm/halt.ts';
import { OPCODES } from '../../evm/opcodes.ts';
import type { WitnessTrace, WitnessStep } from '../../evm/tracers/witness-records.ts';
import { wordLimbs } from '../alu/alu-trace.ts';
import { RwCellTag } from '../rw/rw-key.ts';
import type { RwAccess } from '../rw/rw-ledger.ts';
import { CPU_COLUMNS } from './cpu-columns.ts';
import { CpuUnsupportedError, type PlannedAccess } from './cpu-trace-plan.ts';
import { matchAccesses } from './cpu-trace-state.ts';
import { FAMILY_OF, Family } from './opcode-info.ts';

const C = CPU_COLUMNS;

/** Error-kind column of each exceptional halt the CPU proves. */
const KIND_COLUMN: Partial<Record<HaltReason, number>> = {
  [Halt.OutOfGas]: C.errOog,
  [Halt.InvalidOpcode]: C.errInvalid,
  [Halt.StackUnderflow]: C.errUnderflow,
  [Halt.StackOverflow]: C.errOverflow,
  [Halt.WriteProtection]: C.errStatic,
};

/** Whether the CPU proves steps ending in this state (running, a normal halt, or a proven exceptional halt). */
export function isProvenHalt(h: HaltReason): boolean {
  return h === Halt.Running || h === Halt.Stop || h === Halt.Return || h === Halt.Revert || h === Halt.InvalidJump || KIND_COLUMN[h] !== undefined;
}

/** PUSH-data scan of code zero-padded to `rows` bytes: isCode per index (as the bytecode table). */
function isCodeAt(code: Uint8Array, index: number): number {
  let owed = 0;
  for (let i = 0; i <= index; i++) {
    const byte = i < code.length ? code[i]! : 0;
    if (owed === 0) {
      if (i === index) return 1;
      owed = OPCODES[byte]!.immediates;
    } else {
      if (i === index) return 0;
      owed--;
    }
  }
  return 1;
}

/** What an error row adds: its accesses, gas left columns' value, and a bytecode lookup if any. */
export interface ErrorStep {
  readonly accesses: RwAccess[];
  readonly gasLeftValue: number;
  readonly lookup?: { pc: number; byte: number; isCode: number };
}

/**
 * Fill the error columns of a failing step's row. Refuses (CpuUnsupportedError) what the CPU
 * does not prove: out of gas in dynamic gas, DUP/SWAP failing after their reads, far targets past
 * the bytecode table's rows.
 */
export function fillErrorStep(row: Uint32Array, trace: WitnessTrace, s: number, st: WitnessStep, code: Uint8Array, end: number): ErrorStep {
  const op = st.opcode;
  const info = OPCODES[op]!;
  const family = FAMILY_OF[op]!;
  const gas = Number(st.gas);
  const unsupported = (what: string): never => {
    throw new CpuUnsupportedError(`${info.name} at pc ${st.pc}: ${what} is not proven yet`);
  };
  let kind = KIND_COLUMN[st.halt];
  if (st.halt === Halt.InvalidJump) kind = family === Family.Jumpi ? C.errJumpi : C.errJump;
  if (kind === undefined) unsupported(`exceptional halt (reason ${st.halt})`);
  row[kind!] = 1;
  row[C.errFamily] = family;
  if (kind === C.errOog && gas >= info.staticGas) unsupported('out of gas in dynamic gas');
  // The opcode fetch of a failing row claims isJumpdest = 0 (no jumpdest selector).
  if (family === Family.Jumpdest) unsupported('a failing JUMPDEST');
  const reads = kind === C.errInvalid || kind === C.errUnderflow ? 0 : info.inputs;
  if (reads > 0 && (family === Family.Dup || family === Family.Swap)) unsupported('a failing DUP/SWAP');
  const planned: PlannedAccess[] = Array.from({ length: reads }, (_, i) => ({ write: false, tag: RwCellTag.Stack, key: st.sp - 1 - i }));
  const accesses = matchAccesses(trace, s, st.firstRecord, end, planned, info.name).accesses;
  for (let i = 0; i < reads; i++) row[C.errRead[i]!] = 1;
  let gasLeftValue = 0;
  if (kind === C.errOog) gasLeftValue = info.staticGas - gas - 1;
  row[C.gasLo] = gasLeftValue & 0xffff;
  row[C.gasHi] = gasLeftValue >>> 16;
  if (kind === C.errJump || kind === C.errJumpi) {
    const target = accesses[0]!.value;
    if (kind === C.errJumpi) row[C.condInv] = inv(wordLimbs(accesses[1]!.value).reduce((a, b) => a + b, 0));
    const high = wordLimbs(target)
      .slice(1)
      .reduce((a, b) => a + b, 0);
    if (high !== 0) {
      row[C.jumpFar] = 1;
      row[C.jumpFarInv] = inv(high);
      return { accesses, gasLeftValue };
    }
    const t = Number(target);
    if (t > code.length + 32) unsupported(`a jump to ${t}, past the bytecode table's rows`);
    const byte = t < code.length ? code[t]! : 0;
    const isCode = isCodeAt(code, t);
    row[C.jumpByte] = byte;
    row[C.jumpIsCode] = isCode;
    return { accesses, gasLeftValue, lookup: { pc: t, byte, isCode } };
  }
  return { accesses, gasLeftValue };
}
