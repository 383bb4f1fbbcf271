/**
 * The ordered `rw` access list of a witness trace (src/evm/tracers, docs/witness-trace.md): every
 * bus record (stack, memory, storage, transient storage, account fields, access lists, refund,
 * logs) as an `RwAccess` in rwc order, keyed by the convention of rw-key.ts. Records that are not
 * bus accesses (Copy, Keccak, ReturnDataSet, FrameEnter, FrameExit) are skipped; the remaining
 * counters are still strictly increasing, which is all the bus needs. Reversion records are
 * ordinary writes (they restore the old value), so a failed frame's public cells end where they
 * started. The frame builder and the CPU feed this list to `RwLedger`.
 */
import { RecordKind, type WitnessTrace } from '../../evm/tracers/witness-records.ts';
import { RwTag } from '../buses.ts';
import { RwCellTag } from './rw-key.ts';
import type { RwAccess } from './rw-ledger.ts';

/** How the generic columns of a record kind map to an access. */
const Shape = {
  /** Not a bus access. */
  Skip: 0,
  /** slot = a (stack slot, memory word, log index), frame kept for private tags. */
  Index: 1,
  /** address = ref a, slot = ref b. */
  AddressSlot: 2,
  /** address = ref a, slot = b (account field). */
  AddressField: 3,
  /** address = ref a, slot 0. */
  Address: 4,
  /** No address, no slot. */
  Scalar: 5,
} as const;
type Shape = (typeof Shape)[keyof typeof Shape];

interface KindInfo {
  readonly tag: number;
  readonly isWrite: boolean;
  readonly shape: Shape;
}

const K = RecordKind;
const KIND_INFO: readonly KindInfo[] = (() => {
  const info: KindInfo[] = [];
  const set = (kind: number, tag: number, isWrite: boolean, shape: Shape): void => {
    info[kind] = { tag, isWrite, shape };
  };
  for (let k = 0; k <= K.FrameExit; k++) set(k, 0, false, Shape.Skip);
  set(K.StackRead, RwTag.Stack, false, Shape.Index);
  set(K.StackWrite, RwTag.Stack, true, Shape.Index);
  set(K.MemoryRead, RwTag.Memory, false, Shape.Index);
  set(K.MemoryWrite, RwTag.Memory, true, Shape.Index);
  set(K.StorageRead, RwTag.Storage, false, Shape.AddressSlot);
  set(K.StorageWrite, RwTag.Storage, true, Shape.AddressSlot);
  set(K.TransientRead, RwTag.Transient, false, Shape.AddressSlot);
  set(K.TransientWrite, RwTag.Transient, true, Shape.AddressSlot);
  set(K.AccountRead, RwTag.Account, false, Shape.AddressField);
  set(K.AccountWrite, RwTag.Account, true, Shape.AddressField);
  set(K.AccessListAccount, RwCellTag.AccessListAccount, true, Shape.Address);
  set(K.AccessListSlot, RwCellTag.AccessListSlot, true, Shape.AddressSlot);
  set(K.RefundRead, RwTag.Refund, false, Shape.Scalar);
  set(K.RefundWrite, RwTag.Refund, true, Shape.Scalar);
  set(K.Log, RwCellTag.Log, true, Shape.Index);
  return info;
})();

/** The bus accesses of `trace` in rwc order (writes carry their recorded previous value). */
export function witnessAccesses(trace: WitnessTrace): RwAccess[] {
  const out: RwAccess[] = [];
  for (let i = 0; i < trace.length; i++) {
    const info = KIND_INFO[trace.kind[i]!]!;
    if (info.shape === Shape.Skip) continue;
    const a = trace.a[i]!;
    const b = trace.b[i]!;
    const isPrivate = info.tag === RwTag.Stack || info.tag === RwTag.Memory;
    let address = 0n;
    let slot = 0n;
    if (info.shape === Shape.Index) slot = BigInt(a);
    else if (info.shape === Shape.AddressSlot) {
      address = trace.val(a);
      slot = trace.val(b);
    } else if (info.shape === Shape.AddressField) {
      address = trace.val(a);
      slot = BigInt(b);
    } else if (info.shape === Shape.Address) address = trace.val(a);
    const base = {
      tag: info.tag,
      frame: isPrivate ? trace.frame[i]! : 0,
      address,
      slot,
      counter: trace.rwc[i]!,
      isWrite: info.isWrite,
      value: trace.val(trace.value[i]!),
    };
    out.push(info.isWrite ? { ...base, prev: trace.val(trace.prev[i]!) } : base);
  }
  return out;
}
