/**
 * Memory in the CPU: MLOAD, MSTORE, MSTORE8 over 32-byte words (docs/witness-trace.md, "Memory
 * granularity"), and the memory size and expansion gas of every row.
 *
 * RETURN/REVERT with output of `size` bytes at `offset` (both below 2^24, checked in
 * cpu-families.ts) use the same split on offset + size − 1: memory grows to word + 1.
 *
 * Addressing. The offset word must have limbs 2..15 zero and limb 1 < 2^8 (offset < 2^24: any
 * larger offset costs more than the 2^29 gas limit); offset = 32·word + s with s one-hot in
 * `shift`. An unaligned access (s ≠ 0, MLOAD/MSTORE) touches words `word` and `word + 1`; the
 * aligned/unaligned split is two selector columns, so every slot use stays degree 1.
 *
 * Bytes. Words are decomposed into little-endian bytes (each range8-checked): A = first word, B =
 * second word (old values for stores), V = the stack word (`bytes`). With X = A·2^256 + B (memory
 * order: A's bytes come first), MLOAD's result is byte k: V[k] = X[k + 32 − s]; MSTORE writes V
 * over X's bytes 32 − s .. 63 − s and keeps every other byte of the old words; MSTORE8 replaces
 * A's byte 31 − s with V[0] and keeps the other 31.
 *
 * Expansion (yellow paper C_mem(a) = 3a + ⌊a²/512⌋). end = word + 1 + unaligned; memAfter =
 * max(mem, end) via `expand` and a range-checked distance (< 2^29); memAfter = 2^10·hi + lo with
 * hi < 2^9, lo < 2^10 (so memAfter < 2^19 and every product stays below p), lo² = 512q + r with
 * r < 512, q < 2^11, so ⌊memAfter²/512⌋ = 2^11·hi² + 4·hi·lo + q exactly. `memCost` carries
 * C_mem(mem) from row to row; the step pays C_mem(memAfter) − memCost.
 */
import type { Expr } from '../../stark/index.ts';
import { RANGE16_BUS, RANGE8_BUS, WORD_LIMBS } from '../buses.ts';
import { RwCellTag } from '../rw/rw-key.ts';
import type { CpuContext } from './cpu-plan.ts';
import { Family } from './opcode-info.ts';

const STACK = RwCellTag.Stack;
const MEMORY = RwCellTag.Memory;
const WORD_BYTES = 32;

/** Memory families and the per-row memory size / cost bookkeeping. */
export function memoryFamilies(x: CpuContext): void {
  const { b, c } = x;
  const m = (col: number): Expr => x.m(col);
  const sp = m(c.sp);
  const mload = x.sel(Family.Mload);
  const mstore = x.sel(Family.Mstore);
  const mstore8 = x.sel(Family.Mstore8);
  const [loadA, loadU, storeA, storeU] = [c.mloadAligned, c.mloadUnaligned, c.mstoreAligned, c.mstoreUnaligned].map(m) as [Expr, Expr, Expr, Expr];
  const isMem = mload.add(mstore).add(mstore8);
  // RETURN/REVERT with output also expands memory, to the word holding its last byte.
  const retData = m(c.retData);
  const sized = isMem.add(retData);
  const unaligned = loadU.add(storeU);
  const shift = c.shift.map(m);
  const word = m(c.word);
  const A = c.bytesA.map(m);
  const B = c.bytesB.map(m);
  const V = c.bytes.map(m);
  const push = x.sel(Family.Push);

  // Alignment split.
  for (const [name, e] of [['mload_aligned', loadA], ['mload_unaligned', loadU], ['mstore_aligned', storeA], ['mstore_unaligned', storeU]] as const) {
    b.assertBool(`${name}_bool`, e);
  }
  b.assertEq('mload_split', loadA.add(loadU), mload);
  b.assertEq('mstore_split', storeA.add(storeU), mstore);
  b.assertEq('mload_unaligned_iff_shifted', loadU, mload.mul(x.one.sub(shift[0]!)));
  b.assertEq('mstore_unaligned_iff_shifted', storeU, mstore.mul(x.one.sub(shift[0]!)));

  // Slots.
  x.use(0, isMem, false, STACK, sp.sub(1));
  x.use(1, mload, false, MEMORY, word);
  x.use(2, loadA, true, STACK, sp.sub(1));
  x.use(2, loadU, false, MEMORY, word.add(1));
  x.use(3, loadU, true, STACK, sp.sub(1));
  x.use(1, mstore.add(mstore8), false, STACK, sp.sub(2));
  x.use(2, mstore.add(mstore8), true, MEMORY, word);
  x.use(3, storeU, true, MEMORY, word.add(1));

  // Offset = 32·word + s, below 2^24.
  const offset = x.value(0);
  shift.forEach((t, k) => b.assertBool(`shift_bool[${k}]`, t));
  b.assertEq('shift_one_hot', x.sum(shift), sized);
  const s = x.sum(shift.map((t, k) => t.mul(k)));
  const off = offset[0]!.add(offset[1]!.mul(65536));
  const size = x.value(1);
  const lastByte = off.add(size[0]!).add(size[1]!.mul(65536)).sub(1);
  b.assertZero('offset_split', isMem.mul(off.sub(word.mul(32)).sub(s)).add(retData.mul(lastByte.sub(word.mul(32)).sub(s))));
  for (let j = 2; j < WORD_LIMBS; j++) b.assertZero(`offset_small[${j}]`, isMem.mul(offset[j]!));
  b.send(RANGE16_BUS, [offset[1]!.mul(256)], isMem);
  b.assertZero('word_only_on_memory', x.one.sub(sized).mul(word));

  // Bytes: decompositions and their use.
  const limb = (bytes: readonly Expr[], j: number): Expr => bytes[2 * j]!.add(bytes[2 * j + 1]!.mul(256));
  for (const v of [...A, ...B]) b.send(RANGE8_BUS, [v], isMem);
  for (const v of V) b.send(RANGE8_BUS, [v], isMem);
  for (let k = 0; k < WORD_BYTES; k++) {
    b.assertZero(`bytes_a_unused[${k}]`, x.one.sub(isMem).mul(A[k]!));
    b.assertZero(`bytes_b_unused[${k}]`, x.one.sub(unaligned).mul(B[k]!));
    b.assertZero(`bytes_unused[${k}]`, x.one.sub(push).sub(isMem).sub(x.sel(Family.CalldataLoad)).mul(V[k]!));
  }
  // X in little-endian bytes: B is the low word, A the high one.
  const X = (i: number): Expr => (i < WORD_BYTES ? B[i]! : A[i - WORD_BYTES]!);
  const slot = (i: number) => x.slot(i).block;
  const val = (i: number, j: number): Expr => m(slot(i).value[j]!);
  const prev = (i: number, j: number): Expr => m(slot(i).prevValue[j]!);
  for (let j = 0; j < WORD_LIMBS; j++) {
    b.assertZero(`mload_first_word[${j}]`, mload.mul(val(1, j).sub(limb(A, j))));
    b.assertZero(`mload_second_word[${j}]`, loadU.mul(val(2, j).sub(limb(B, j))));
    b.assertZero(`mload_result_word[${j}]`, loadA.mul(val(2, j).sub(limb(V, j))).add(loadU.mul(val(3, j).sub(limb(V, j)))));
    b.assertZero(`store_value_word[${j}]`, mstore.add(mstore8).mul(val(1, j).sub(limb(V, j))));
    b.assertZero(`store_old_first_word[${j}]`, mstore.add(mstore8).mul(prev(2, j).sub(limb(A, j))));
    b.assertZero(`store_old_second_word[${j}]`, storeU.mul(prev(3, j).sub(limb(B, j))));
  }
  // MLOAD result bytes: V[k] = Σ_t shift_t · X[k + 32 − t].
  for (let k = 0; k < WORD_BYTES; k++) {
    const picked = x.sum(shift.map((t, tt) => t.mul(X(k + WORD_BYTES - tt))));
    b.assertZero(`mload_byte[${k}]`, mload.mul(V[k]!.sub(picked)));
  }
  // MSTORE new bytes: position i of X becomes V[i − 32 + t] inside the window, else keeps X[i].
  const stored = (i: number): Expr =>
    x.sum(
      shift.map((t, tt) => {
        const k = i - WORD_BYTES + tt;
        return t.mul(k >= 0 && k < WORD_BYTES ? V[k]! : X(i));
      }),
    );
  // MSTORE8: A's byte k becomes V[0] when k = 31 − s.
  const stored8 = (k: number): Expr => A[k]!.add(shift[WORD_BYTES - 1 - k]!.mul(V[0]!.sub(A[k]!)));
  for (let j = 0; j < WORD_LIMBS; j++) {
    const hiLimb = stored(WORD_BYTES + 2 * j).add(stored(WORD_BYTES + 2 * j + 1).mul(256));
    const loLimb = stored(2 * j).add(stored(2 * j + 1).mul(256));
    b.assertZero(`mstore_first_word[${j}]`, mstore.mul(val(2, j).sub(hiLimb)));
    b.assertZero(`mstore_second_word[${j}]`, storeU.mul(val(3, j).sub(loLimb)));
    b.assertZero(`mstore8_word[${j}]`, mstore8.mul(val(2, j).sub(stored8(2 * j)).sub(stored8(2 * j + 1).mul(256))));
  }

  // Memory size: memAfter = max(mem, end) on memory rows, = mem elsewhere.
  const mem = m(c.mem);
  const memAfter = m(c.memAfter);
  const expand = m(c.expand);
  const end = word.add(1).add(unaligned);
  b.assertBool('expand_bool', expand);
  b.assertZero('expand_only_on_memory', x.one.sub(sized).mul(expand));
  b.assertZero('mem_after', memAfter.sub(mem).sub(expand.mul(end.sub(mem))));
  const distance = expand.mul(end.sub(mem).sub(1)).add(x.one.sub(expand).mul(mem.sub(end)));
  const dLo = m(c.memDiffLo);
  const dHi = m(c.memDiffHi);
  b.assertZero('mem_distance', sized.mul(distance).sub(dLo).sub(dHi.mul(65536)));
  b.send(RANGE16_BUS, [dLo]);
  b.send(RANGE16_BUS, [dHi.mul(8)]);
  b.transition('next_mem', x.n(c.mem).sub(memAfter));

  // Memory cost.
  const hi = m(c.memHi);
  const lo = m(c.memLo);
  const q = m(c.memQ);
  const r = m(c.memR);
  b.assertEq('mem_after_split', memAfter, hi.mul(1024).add(lo));
  b.send(RANGE16_BUS, [lo.mul(64)]);
  b.send(RANGE16_BUS, [hi.mul(128)]);
  b.assertEq('mem_square_split', lo.mul(lo), q.mul(512).add(r));
  b.send(RANGE16_BUS, [r.mul(128)]);
  b.send(RANGE16_BUS, [q.mul(32)]);
  const costAfter = memAfter.mul(3).add(hi.mul(hi).mul(2048)).add(hi.mul(lo).mul(4)).add(q);
  b.first('entry_mem_cost', m(c.memCost));
  b.transition('next_mem_cost', x.n(c.memCost).sub(costAfter));
  x.terms.dynamicGas.push(costAfter.sub(m(c.memCost)));
}
