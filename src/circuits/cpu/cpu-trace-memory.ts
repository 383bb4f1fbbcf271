/**
 * Trace generation of the memory columns (cpu-memory.ts): the memory size and cost bookkeeping of
 * every row, a memory step's alignment, offset split, byte decompositions and expansion, and the
 * expansion of RETURN/REVERT output.
 */
import { wordBytes } from '../alu/alu-trace.ts';
import { CPU_COLUMNS } from './cpu-columns.ts';
import { CpuTraceError, CpuUnsupportedError } from './cpu-trace-plan.ts';
import { Family } from './opcode-info.ts';

const C = CPU_COLUMNS;

/** Yellow paper C_mem(a) = 3a + ⌊a²/512⌋ for a memory of a words (a < 2^19: exact in doubles). */
export function memCost(words: number): number {
  return 3 * words + Math.floor((words * words) / 512);
}

/** memAfter, its cost decomposition and the cost already paid (every row). */
export function fillMemorySize(row: Uint32Array, memAfter: number, paid: number): void {
  if (memAfter >= 2 ** 19) throw new CpuUnsupportedError(`memory of ${memAfter} words is beyond the CPU's 2^19-word bound`);
  const lo = memAfter & 1023;
  row[C.memAfter] = memAfter;
  row[C.memHi] = memAfter >> 10;
  row[C.memLo] = lo;
  row[C.memQ] = Math.floor((lo * lo) / 512);
  row[C.memR] = (lo * lo) % 512;
  row[C.memCost] = paid;
}

/** RETURN/REVERT with output: memory grows to the word holding the last output byte. */
export function fillReturnMemory(row: Uint32Array, offset: number, size: number, mem: number): number {
  if (offset + size > 2 ** 24) throw new CpuTraceError(`output [${offset}, +${size}) is beyond 2^24 bytes`);
  const lastByte = offset + size - 1;
  const s = lastByte % 32;
  const word = (lastByte - s) / 32;
  row[C.shift[s]!] = 1;
  row[C.word] = word;
  const end = word + 1;
  const expand = end > mem;
  const distance = expand ? end - mem - 1 : mem - end;
  row[C.expand] = expand ? 1 : 0;
  row[C.memDiffLo] = distance & 0xffff;
  row[C.memDiffHi] = distance >>> 16;
  return expand ? end : mem;
}

/** A memory step's columns (alignment, offset split, bytes, expansion); returns memAfter. */
export function fillMemory(row: Uint32Array, family: Family, offset: number, mem: number, values: readonly bigint[], prevs: readonly bigint[]): number {
  const s = offset % 32;
  const word = (offset - s) / 32;
  const unaligned = s !== 0 && family !== Family.Mstore8;
  row[C.shift[s]!] = 1;
  row[C.word] = word;
  if (family === Family.Mload) row[unaligned ? C.mloadUnaligned : C.mloadAligned] = 1;
  if (family === Family.Mstore) row[unaligned ? C.mstoreUnaligned : C.mstoreAligned] = 1;
  const put = (cols: readonly number[], v: bigint): void => wordBytes(v).forEach((x, k) => (row[cols[k]!] = x));
  if (family === Family.Mload) {
    put(C.bytesA, values[1]!);
    if (unaligned) put(C.bytesB, values[2]!);
    put(C.bytes, values[unaligned ? 3 : 2]!);
  } else {
    put(C.bytes, values[1]!);
    put(C.bytesA, prevs[2]!);
    if (unaligned) put(C.bytesB, prevs[3]!);
  }
  const end = word + 1 + (unaligned ? 1 : 0);
  const expand = end > mem;
  const distance = expand ? end - mem - 1 : mem - end;
  row[C.expand] = expand ? 1 : 0;
  row[C.memDiffLo] = distance & 0xffff;
  row[C.memDiffHi] = distance >>> 16;
  return expand ? end : mem;
}

