/**
 * Trace-generation helpers for the record matching of every family and the SSTORE columns: which
 * witness records a step's planned accesses take (cpu-trace-plan.ts), as rw accesses keyed like
 * src/circuits/rw/witness-accesses.ts, and SSTORE's comparison flags, gas and refund change.
 */
import { inv } from '../../field/babybear.ts';
import { RecordKind, type WitnessTrace } from '../../evm/tracers/witness-records.ts';
import type { AluOperation } from '../alu/alu-trace.ts';
import { wordLimbs } from '../alu/alu-trace.ts';
import type { RwAccess } from '../rw/rw-ledger.ts';
import { RwCellTag } from '../rw/rw-key.ts';
import { CPU_COLUMNS } from './cpu-columns.ts';
import { CpuTraceError, type PlannedAccess } from './cpu-trace-plan.ts';

const C = CPU_COLUMNS;
const K = RecordKind;

/** Record kinds the CPU's accesses take: (kind → tag, isWrite). */
const ACCESS_KINDS = new Map<number, { tag: number; write: boolean }>([
  [K.StackRead, { tag: RwCellTag.Stack, write: false }],
  [K.StackWrite, { tag: RwCellTag.Stack, write: true }],
  [K.MemoryRead, { tag: RwCellTag.Memory, write: false }],
  [K.MemoryWrite, { tag: RwCellTag.Memory, write: true }],
  [K.StorageRead, { tag: RwCellTag.Storage, write: false }],
  [K.StorageWrite, { tag: RwCellTag.Storage, write: true }],
  [K.TransientRead, { tag: RwCellTag.Transient, write: false }],
  [K.TransientWrite, { tag: RwCellTag.Transient, write: true }],
  [K.AccessListSlot, { tag: RwCellTag.AccessListSlot, write: true }],
  [K.RefundWrite, { tag: RwCellTag.Refund, write: true }],
  [K.AccountRead, { tag: RwCellTag.Account, write: false }],
]);

/** A step's matched accesses, the slot position of each, and how many records the plan spans. */
export interface MatchedAccesses {
  readonly accesses: RwAccess[];
  readonly positions: number[];
  readonly consumed: number;
}

/** The records of step `s` (from index `start`) matching `planned`, as rw accesses; throws on a mismatch. */
export function matchAccesses(trace: WitnessTrace, s: number, start: number, end: number, planned: readonly PlannedAccess[], name: string): MatchedAccesses {
  const out: RwAccess[] = [];
  const positions: number[] = [];
  let consumed = 0;
  planned.forEach((p, i) => {
    const r = start + i;
    if (p.skip === true) {
      if (r >= end || trace.kind[r] !== K.Copy || trace.step[r] !== s) throw new CpuTraceError(`step ${s} (${name}): record ${i} is not the expected copy record`);
      consumed = i + 1;
      return;
    }
    const kind = r < end ? ACCESS_KINDS.get(trace.kind[r]!) : undefined;
    if (kind === undefined || trace.step[r] !== s || kind.tag !== p.tag || kind.write !== p.write) {
      if (p.optional === true) return;
      throw new CpuTraceError(`step ${s} (${name}): access ${i} does not match the family layout`, { expected: p, kind: trace.kind[r] });
    }
    if (consumed !== i) throw new CpuTraceError(`step ${s} (${name}): access ${i} follows a missing one`);
    const isPrivate = p.tag === RwCellTag.Stack || p.tag === RwCellTag.Memory;
    const a = trace.a[r]!;
    const address = isPrivate || p.tag === RwCellTag.Refund ? 0n : trace.val(a);
    // Account cells carry the field id in b directly; storage-like cells a slot ref.
    const slot = isPrivate ? BigInt(a) : p.tag === RwCellTag.Refund ? 0n : p.tag === RwCellTag.Account ? BigInt(trace.b[r]!) : trace.val(trace.b[r]!);
    if (isPrivate && a !== p.key) throw new CpuTraceError(`step ${s} (${name}): access ${i} touches ${a}, the layout says ${p.key}`);
    const value = trace.val(trace.value[r]!);
    const access: RwAccess = { tag: p.tag, frame: 0, address, slot, counter: trace.rwc[r]!, isWrite: p.write, value };
    out.push(p.write ? { ...access, prev: trace.val(trace.prev[r]!) } : access);
    positions.push(i);
    consumed = i + 1;
  });
  return { accesses: out, positions, consumed };
}

/**
 * SSTORE's columns (original, flags, clean/dirty, refund change, sentry) and its six ALU
 * comparisons; returns the gas beyond the cold surcharge (100, 2900 or 20000).
 */
export function fillSstore(row: Uint32Array, stored: bigint, current: bigint, original: bigint, refundDelta: bigint, gas: number, aluOps: AluOperation[]): number {
  wordLimbs(original).forEach((l, j) => (row[C.original[j]!] = l));
  const eqNC = stored === current;
  const eqCO = current === original;
  const eqNO = stored === original;
  const zO = original === 0n;
  const zC = current === 0n;
  const zN = stored === 0n;
  const flags: [number, boolean][] = [
    [C.eqNewCurrent, eqNC],
    [C.eqCurrentOriginal, eqCO],
    [C.eqNewOriginal, eqNO],
    [C.zeroOriginal, zO],
    [C.zeroCurrent, zC],
    [C.zeroNew, zN],
  ];
  for (const [col, f] of flags) row[col] = f ? 1 : 0;
  aluOps.push(
    { opcode: 0x14, a: stored, b: current },
    { opcode: 0x14, a: current, b: original },
    { opcode: 0x14, a: stored, b: original },
    { opcode: 0x15, a: original, b: 0n },
    { opcode: 0x15, a: current, b: 0n },
    { opcode: 0x15, a: stored, b: 0n },
  );
  const clean = !eqNC && eqCO;
  const dirty = !eqNC && !eqCO;
  row[C.clean] = clean ? 1 : 0;
  row[C.dirty] = dirty ? 1 : 0;
  let expected = 0;
  if (clean && zN) expected += 4800;
  if (dirty && !zO) expected += ((zN ? 1 : 0) - (zC ? 1 : 0)) * 4800;
  if (dirty && eqNO) expected += zO ? 19900 : 2800;
  if (BigInt(expected) !== refundDelta) throw new CpuTraceError(`SSTORE refund change ${refundDelta}, the CPU constrains ${expected}`);
  const p = 0x78000001;
  row[C.refundDelta] = ((expected % p) + p) % p;
  row[C.refundDeltaInv] = expected === 0 ? 0 : inv(row[C.refundDelta]!);
  row[C.refundChanged] = expected === 0 ? 0 : 1;
  const sentry = gas - 2301;
  if (sentry < 0) throw new CpuTraceError('SSTORE with gas at or below the 2300 sentry did not halt');
  row[C.sentryLo] = sentry & 0xffff;
  row[C.sentryHi] = sentry >>> 16;
  return 100 + (clean ? (zO ? 19900 : 2800) : 0);
}
