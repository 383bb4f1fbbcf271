/**
 * The native mirror of the families' slot layouts (cpu-families.ts): which accesses a step of a
 * family makes, in trace order. Trace generation matches the witness records against it, so the
 * AIR and the trace generator cannot silently disagree. Also the CPU's trace errors.
 */
import { RwCellTag } from '../rw/rw-key.ts';
import { Family } from './opcode-info.ts';

/** Thrown when a witness trace disagrees with the CPU's layouts (a bug, never user input). */
export class CpuTraceError extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(details === undefined ? message : `${message} ${JSON.stringify(details)}`);
    this.name = 'CpuTraceError';
  }
}

/** Thrown for a step the CPU does not prove yet although its opcode is proven (e.g. RETURN with data). */
export class CpuUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CpuUnsupportedError';
  }
}

/** One planned access of a step: a stack/memory slot (key = index) or a state slot (key from the record). */
export interface PlannedAccess {
  readonly write: boolean;
  readonly tag: number;
  readonly key: number;
  /** Which state slot takes it (absent: the stack/memory slot at the access's position). */
  readonly state?: 'warm' | 'state' | 'refund';
  /** The access may be absent (SSTORE's refund write when the refund does not change). */
  readonly optional?: boolean;
  /** Not an access: a non-bus record (CALLDATALOAD's Copy) whose counter the step skips. */
  readonly skip?: boolean;
}

const S = RwCellTag.Stack;
const M = RwCellTag.Memory;
const r = (key: number): PlannedAccess => ({ write: false, tag: S, key });
const w = (key: number): PlannedAccess => ({ write: true, tag: S, key });
const mr = (key: number): PlannedAccess => ({ write: false, tag: M, key });
const mw = (key: number): PlannedAccess => ({ write: true, tag: M, key });

/**
 * The accesses a successful step of `family` makes, slot by slot (sp = stack height before;
 * `offset` = the memory offset for memory families, the top stack word).
 */
export function expectedAccesses(family: Family, opcode: number, sp: number, offset = 0): PlannedAccess[] {
  const word = Math.floor(offset / 32);
  const unaligned = offset % 32 !== 0;
  const warm: PlannedAccess = { write: true, tag: RwCellTag.AccessListSlot, key: 0, state: 'warm' };
  const cell = (tag: number, write: boolean): PlannedAccess => ({ write, tag, key: 0, state: 'state' });
  switch (family) {
    case Family.Sload:
      return [r(sp - 1), warm, cell(RwCellTag.Storage, false), w(sp - 1)];
    case Family.Sstore:
      return [r(sp - 1), r(sp - 2), warm, cell(RwCellTag.Storage, true), { write: true, tag: RwCellTag.Refund, key: 0, state: 'refund', optional: true }];
    case Family.CalldataLoad:
      return [r(sp - 1), { write: false, tag: 0, key: 0, skip: true }, w(sp - 1)];
    case Family.SelfBalance:
      return [cell(RwCellTag.Account, false), w(sp)];
    case Family.Tload:
      return [r(sp - 1), cell(RwCellTag.Transient, false), w(sp - 1)];
    case Family.Tstore:
      return [r(sp - 1), r(sp - 2), cell(RwCellTag.Transient, true)];
    case Family.Mload:
      return unaligned ? [r(sp - 1), mr(word), mr(word + 1), w(sp - 1)] : [r(sp - 1), mr(word), w(sp - 1)];
    case Family.Mstore:
      return unaligned ? [r(sp - 1), r(sp - 2), mw(word), mw(word + 1)] : [r(sp - 1), r(sp - 2), mw(word)];
    case Family.Mstore8:
      return [r(sp - 1), r(sp - 2), mw(word)];
    case Family.Stop:
    case Family.Jumpdest:
      return [];
    case Family.Return:
      return [r(sp - 1), r(sp - 2)];
    case Family.Push:
    case Family.Pc:
    case Family.Gas:
    case Family.Msize:
    case Family.Env:
      return [w(sp)];
    case Family.Pop:
    case Family.Jump:
      return [r(sp - 1)];
    case Family.Jumpi:
      return [r(sp - 1), r(sp - 2)];
    case Family.Dup:
      return [r(sp - (opcode - 0x7f)), w(sp)];
    case Family.Swap: {
      const deep = sp - 1 - (opcode - 0x8f);
      return [r(sp - 1), r(deep), w(sp - 1), w(deep)];
    }
    case Family.Alu1:
      return [r(sp - 1), w(sp - 1)];
    case Family.Alu2:
    case Family.Exp:
      return [r(sp - 1), r(sp - 2), w(sp - 2)];
    case Family.Alu3:
      return [r(sp - 1), r(sp - 2), r(sp - 3), w(sp - 3)];
    default:
      throw new CpuUnsupportedError(`family ${family} has no CPU layout yet`);
  }
}
