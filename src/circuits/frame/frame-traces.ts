/**
 * Every table's trace for the top frame of an executed transaction, given its statement:
 *
 *   cpu          buildCpuTrace over the frame's records (src/circuits/cpu: refuses unproven
 *                opcodes with UnprovenOpcodeError, unsupported shapes with CpuUnsupportedError)
 *   opcode_info  one lookup per step
 *   alu          the CPU's `alu` messages
 *   copy         the CPU's `copy` messages (RETURN/REVERT output → return-data stream) over frame
 *                memory as the CPU's accesses leave it at each copy's counter ({@link FrameMemory})
 *   rw_cells     the rw ledger over the CPU's and the copy table's accesses, in counter order
 *   bytecode     the code (opcode fetches, PUSH data, jump targets, CODESIZE) and, when the CPU
 *                reads it, the calldata string (CALLDATALOAD bytes, CALLDATASIZE)
 *   poseidon2_16 the permutations of those byte-string digests
 *   range8/range16/byteop8  every table's lookups summed
 *
 * The statement side (public inputs and boundary) is statement-stark.ts; before returning, the
 * builder checks that the CPU's public inputs and the ledger's public cells are exactly the
 * statement's, so a disagreement between extraction and CPU is reported by name
 * (FrameWitnessError) instead of as a bus imbalance.
 */
import { RecordKind, type WitnessTrace } from '../../evm/tracers/witness-records.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { poseidon2Trace } from '../../stark/airs/poseidon2-air.ts';
import { aluTraces } from '../alu/alu-trace.ts';
import { BytecodeTableBuilder } from '../bytecode/bytecode-trace.ts';
import { ByteStringKind } from '../bytecode/code-digest.ts';
import { StreamTag } from '../copy/byte-stream.ts';
import { CopyMemory, addCopyLookups, copyTraces, type CopyOperation, type MemoryAccessRecord } from '../copy/copy-trace.ts';
import { buildCpuTrace, cpuRange16Counts, cpuRange8Counts, type CpuTrace } from '../cpu/cpu-trace.ts';
import { opcodeInfoTrace } from '../cpu/opcode-info.ts';
import { countRwCellsLookups, rwCellsTrace } from '../rw/rw-cells.ts';
import { RwCellTag } from '../rw/rw-key.ts';
import { RwLedger, type PublicCell, type RwAccess } from '../rw/rw-ledger.ts';
import { FrameWitnessError, frameBounds } from './frame-witness.ts';
import { TOP_FRAME, type ExecutedFrame } from './select.ts';
import { cpuEnvironment, statementCpuInputs } from './statement-stark.ts';
import type { FrameStatement, StateCell } from './statement.ts';

/**
 * The trace up to the top frame's FrameExit (a shallow view sharing the columns): the transaction
 * records after it (refund read, fee payment, deletions) are no step's records, and the CPU trace
 * generator attributes every record after the last step to that step.
 */
export function frameRecords(trace: WitnessTrace): WitnessTrace {
  let end = trace.length;
  for (let i = trace.length - 1; i >= 0; i--) {
    if (trace.kind[i] === RecordKind.FrameExit && trace.frame[i] === TOP_FRAME) {
      end = i + 1;
      break;
    }
  }
  return Object.assign(Object.create(Object.getPrototypeOf(trace) as object) as WitnessTrace, trace, { length: end });
}

/** A memory word as 32 big-endian bytes. */
function wordBytes(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let x = v;
  for (let k = 31; k >= 0; k--, x >>= 8n) out[k] = Number(x & 0xffn);
  return out;
}

/**
 * Frame memory as the copy table sees it: before each copy access, a word takes the state of the
 * CPU's last access to it below that counter (when newer than the copy table's own last access),
 * so copies interleaved with CPU steps read what the CPU wrote.
 */
export class FrameMemory extends CopyMemory {
  /** CPU memory accesses per (frame, word), in counter order. */
  private readonly cpu = new Map<string, RwAccess[]>();
  private readonly copied = new Map<string, number>();

  constructor(accesses: readonly RwAccess[]) {
    super();
    for (const a of accesses) {
      if (a.tag !== RwCellTag.Memory) continue;
      const key = `${a.frame}:${a.slot}`;
      let list = this.cpu.get(key);
      if (list === undefined) this.cpu.set(key, (list = []));
      list.push(a);
    }
  }

  override access(frame: number, word: number, counter: number, update?: (bytes: Uint8Array) => void): MemoryAccessRecord {
    const key = `${frame}:${word}`;
    const list = this.cpu.get(key);
    if (list !== undefined) {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.counter < counter) lo = mid + 1;
        else hi = mid;
      }
      const latest = lo > 0 ? list[lo - 1]! : undefined;
      if (latest !== undefined && latest.counter > (this.copied.get(key) ?? 0)) this.preset(frame, word, wordBytes(latest.value), latest.counter);
    }
    const rec = super.access(frame, word, counter, update);
    this.copied.set(key, counter);
    return rec;
  }
}

/** The copy operations of the CPU's `copy` messages. */
function copyOperations(cpu: CpuTrace): CopyOperation[] {
  return cpu.copies.map((c) => ({
    src: { kind: 'memory', frame: TOP_FRAME },
    srcOffset: c.srcOffset,
    dst: { kind: 'stream', tag: StreamTag.ReturnData, id: c.streamId },
    dstOffset: 0,
    length: c.length,
    rwcStart: c.rwcStart,
  }));
}

/** A copy table memory access as an rw access. */
function copyAccess(a: MemoryAccessRecord): RwAccess {
  let value = 0n;
  let prev = 0n;
  for (let k = 0; k < 32; k++) {
    value = (value << 8n) | BigInt(a.value[k]!);
    prev = (prev << 8n) | BigInt(a.prev[k]!);
  }
  return { tag: RwCellTag.Memory, frame: a.frame, address: 0n, slot: BigInt(a.word), counter: a.counter, isWrite: value !== prev, value, prev };
}

const cellId = (c: { tag: number; address: bigint; slot: bigint }): string => `${c.tag}:${c.address.toString(16)}:${c.slot.toString(16)}`;

/** Throws FrameWitnessError unless the ledger's public cells are exactly the statement's C. */
function checkPublicCells(ledger: readonly PublicCell[], cells: readonly StateCell[]): void {
  const stated = new Map(cells.map((c) => [cellId(c), c]));
  for (const p of ledger) {
    const c = stated.get(cellId(p));
    if (c === undefined) throw new FrameWitnessError(`the CPU accesses public cell ${cellId(p)}, which the statement's C lacks`, { cell: cellId(p) });
    if (c.initial !== p.initial || c.final !== p.final || c.lastCounter !== p.finalCounter) {
      throw new FrameWitnessError(`public cell ${cellId(p)}: C says ${c.initial} → ${c.final} at ${c.lastCounter}, the accesses ${p.initial} → ${p.final} at ${p.finalCounter}`, {
        cell: cellId(p),
      });
    }
    stated.delete(cellId(p));
  }
  const extra = stated.keys().next();
  if (extra.done !== true) throw new FrameWitnessError(`the statement's C holds cell ${extra.value}, which no table accesses`, { cell: extra.value });
}

const sameNumbers = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Every table's trace for the top frame of `run` with its statement (table name → trace). */
export function frameTraces(run: ExecutedFrame, statement: FrameStatement): Record<string, RowMajorMatrix> {
  const { enter } = frameBounds(run.trace, TOP_FRAME);
  const cpu = buildCpuTrace({
    trace: frameRecords(run.trace),
    code: enter.code,
    codeDigest: Array.from(statement.codeDigest),
    calldata: enter.input,
    calldataDigest: Array.from(statement.calldataDigest),
    env: cpuEnvironment(statement),
    isStatic: statement.env.isStatic,
  });
  if (!sameNumbers(cpu.publicInputs, statementCpuInputs(statement))) {
    throw new FrameWitnessError('the CPU trace\'s public inputs differ from the statement\'s', { cpu: cpu.publics });
  }
  const alu = aluTraces(cpu.aluOps);
  const range8 = alu.traces.range8.values.slice();
  const range16 = alu.traces.range16.values.slice();
  const cpu8 = cpuRange8Counts(cpu.cpu);
  const cpu16 = cpuRange16Counts(cpu.cpu);
  for (let v = 0; v < range8.length; v++) range8[v]! += cpu8[v]!;
  for (let v = 0; v < range16.length; v++) range16[v]! += cpu16[v]!;

  const copy = copyTraces(copyOperations(cpu), [], new FrameMemory(cpu.accesses));
  addCopyLookups(copy.copy, range8, range16);

  const accesses = [...cpu.accesses, ...copy.accesses.map(copyAccess)].sort((a, b) => a.counter - b.counter);
  const ledger = new RwLedger();
  for (const a of accesses) ledger.access(a);
  const { privateCells, publicCells } = ledger.finish();
  checkPublicCells(publicCells, statement.cells);
  const rwCells = rwCellsTrace(privateCells);
  countRwCellsLookups(rwCells, range16);

  const builder = new BytecodeTableBuilder();
  const code = builder.add(ByteStringKind.Code, enter.code);
  for (const l of cpu.bytecodeLookups) builder.lookup(code, l.pc, l.count);
  if (cpu.codeLengthLookups > 0) builder.lookupLength(code, cpu.codeLengthLookups);
  if (cpu.calldataLookups.length > 0 || cpu.calldataLengthLookups > 0) {
    const calldata = builder.add(ByteStringKind.Data, enter.input);
    for (const l of cpu.calldataLookups) builder.lookup(calldata, l.pc, l.count);
    if (cpu.calldataLengthLookups > 0) builder.lookupLength(calldata, cpu.calldataLengthLookups);
  }
  const bytecode = builder.build();
  for (const v of bytecode.range8Lookups) range8[v]! += 1;

  return {
    cpu: cpu.cpu,
    opcode_info: opcodeInfoTrace(cpu.opcodes),
    alu: alu.traces.alu,
    rw_cells: rwCells,
    copy: copy.copy,
    bytecode: bytecode.traces.bytecode,
    byte_class: bytecode.traces.byte_class,
    poseidon2_16: poseidon2Trace(bytecode.poseidon2Inputs),
    range8: new RowMajorMatrix(range8, 1),
    range16: new RowMajorMatrix(range16, 1),
    byteop8: alu.traces.byteop8,
  };
}
