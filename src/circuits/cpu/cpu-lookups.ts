/**
 * The lookup multiplicities the `cpu` table adds to the shared range tables, read back from a
 * trace (the cells the AIR sends), so a frame prover sums them with the other tables' counts.
 * Values with no table row are left out: a bad witness shows up as a bus imbalance.
 */
import { P } from '../../field/babybear.ts';
import type { RowMajorMatrix } from '../../field/matrix.ts';
import { countRwAccessLookups } from '../rw/rw-access.ts';
import { ACCESS_SLOTS } from './cpu-access.ts';
import { CPU_COLUMNS, SLOTS, STATE_SLOTS, selectorIndex } from './cpu-columns.ts';
import { Family } from './opcode-info.ts';

const C = CPU_COLUMNS;

/** The range16 values the CPU looks up (read back from a trace: what the AIR sends). */
export function cpuRange16Counts(m: RowMajorMatrix): Uint32Array {
  const counts = new Uint32Array(65536);
  const add = (v: number): void => {
    if (v >= 0 && v < 65536) counts[v]! += 1;
  };
  const times = (v: number, k: number): number => Number((BigInt(v) * BigInt(k)) % BigInt(P));
  const msize = C.sel[selectorIndex(Family.Msize)]!;
  const memSels = [Family.Mload, Family.Mstore, Family.Mstore8].map((f) => C.sel[selectorIndex(f)]!);
  const v0 = SLOTS[0]!.value;
  const selfBalance = C.sel[selectorIndex(Family.SelfBalance)]!;
  const cdl = C.sel[selectorIndex(Family.CalldataLoad)]!;
  const stateSels = [Family.Sload, Family.Sstore, Family.Tload, Family.Tstore].map((f) => C.sel[selectorIndex(f)]!);
  for (let r = 0; r < m.height; r++) {
    const row = m.row(r);
    add(row[C.gasLo]!);
    add(times(row[C.gasHi]!, 4));
    if (row[C.active] === 1) {
      const below = row[C.sp]! - row[C.nIn]!;
      const room = 1024 - row[C.sp]! + row[C.nIn]! - row[C.nOut]!;
      add(row[C.errUnderflow] === 1 ? -below - 1 : below);
      add(row[C.errOverflow] === 1 ? -room - 1 : room);
    }
    if (row[msize] === 1) {
      add(row[v0[0]!]!);
      add(times(row[v0[1]!]!, 4));
    }
    if (memSels.some((col) => row[col] === 1)) add(times(row[v0[1]!]!, 256));
    if (row[C.retData] === 1) {
      add(times(row[v0[1]!]!, 256));
      add(times(row[SLOTS[1]!.value[1]!]!, 256));
    }
    add(row[C.memDiffLo]!);
    add(times(row[C.memDiffHi]!, 8));
    add(times(row[C.memLo]!, 64));
    add(times(row[C.memHi]!, 128));
    add(times(row[C.memR]!, 128));
    add(times(row[C.memQ]!, 32));
    for (let i = 0; i < ACCESS_SLOTS; i++) {
      const s = SLOTS[i]!;
      if (row[s.tag] !== 0) countRwAccessLookups(row, s.block, counts);
    }
    add(row[C.cdSlack]!);
    if (row[cdl] === 1) add(row[C.cdLen]!);
    add(row[C.sentryLo]!);
    add(times(row[C.sentryHi]!, 4));
    const [sload, sstore, tload, tstore] = stateSels.map((col) => row[col]!) as [number, number, number, number];
    if (sload + sstore === 1) countRwAccessLookups(row, STATE_SLOTS.warm, counts);
    if (sload + sstore + tload + tstore + row[selfBalance]! === 1) countRwAccessLookups(row, STATE_SLOTS.state, counts);
    if (row[C.refundChanged] === 1) {
      countRwAccessLookups(row, STATE_SLOTS.refund, counts);
      add(times(row[STATE_SLOTS.refund.value[1]!]!, 4));
      add(times(row[STATE_SLOTS.refund.prevValue[1]!]!, 4));
    }
  }
  return counts;
}

/** The range8 values the CPU looks up (memory rows' byte decompositions). */
export function cpuRange8Counts(m: RowMajorMatrix): Uint32Array {
  const counts = new Uint32Array(256);
  const memSels = [Family.Mload, Family.Mstore, Family.Mstore8].map((f) => C.sel[selectorIndex(f)]!);
  const cols = [...C.bytesA, ...C.bytesB, ...C.bytes];
  for (let r = 0; r < m.height; r++) {
    const row = m.row(r);
    if (!memSels.some((col) => row[col] === 1)) continue;
    for (const col of cols) if (row[col]! < 256) counts[row[col]!]! += 1;
  }
  return counts;
}
