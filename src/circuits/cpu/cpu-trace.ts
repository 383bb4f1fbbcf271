/**
 * CPU trace generation: from one frame's steps of a WitnessTrace (src/evm/tracers), the `cpu`
 * table's rows, its public inputs, and what the other tables must answer: ALU operations,
 * bytecode lookups, opcode-info multiplicities, range16 lookups and the rw accesses in counter
 * order. Each step's records are matched against the family's slot layout (cpu-columns.ts); any
 * disagreement (a record the CPU does not expect, a gas charge the constraints would not
 * reproduce) throws CpuTraceError instead of producing a trace the prover would refuse.
 */
import { inv } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { OPCODES } from '../../evm/opcodes.ts';
import { Halt } from '../../evm/halt.ts';
import { FLAG_REVERSION, RecordKind, type WitnessTrace } from '../../evm/tracers/witness-records.ts';
import { byteLength, wordLimbs, type AluOperation } from '../alu/alu-trace.ts';
import { CPU_COLUMNS, SLOTS, STATE_SLOTS, selectorIndex } from './cpu-columns.ts';
import { fillSstore, matchAccesses } from './cpu-trace-state.ts';
import { fillErrorStep, isProvenHalt } from './cpu-trace-errors.ts';
import { fillRwAccess } from '../rw/rw-access.ts';
import { RwLedger, type RwAccess, type RwPrevious } from '../rw/rw-ledger.ts';
import { cpuPublicInputs, type CpuPublics } from './cpu-publics.ts';
import { ENV_OPCODES, FAMILY_OF, Family, assertStepsProven } from './opcode-info.ts';
import { CpuTraceError, CpuUnsupportedError, expectedAccesses } from './cpu-trace-plan.ts';

export { CpuTraceError, CpuUnsupportedError } from './cpu-trace-plan.ts';
export { cpuRange16Counts, cpuRange8Counts } from './cpu-lookups.ts';
export { memCost } from './cpu-trace-memory.ts';
import { fillMemory, fillMemorySize, fillReturnMemory, memCost } from './cpu-trace-memory.ts';

/** Gives each access the state it consumes (the rw ledger's answer for that counter). */
export type PreviousLookup = (access: RwAccess) => RwPrevious;

/** A `bytecode` lookup the CPU sends: (pc, byte, isCode, isJumpdest) with a count. */
export interface BytecodeLookup {
  readonly pc: number;
  readonly byte: number;
  readonly isCode: number;
  readonly isJumpdest: number;
  count: number;
}

/**
 * A copy the CPU sends on `copy`: `length` bytes of frame 0's memory from `srcOffset` to the
 * return-data byte stream `streamId` (the step's rwcBase); the copy table's reads use counters
 * rwcStart, rwcStart + 1, ... (the witness trace's MemoryRead records of the step).
 */
export interface CpuCopy {
  readonly srcOffset: number;
  readonly length: number;
  readonly rwcStart: number;
  readonly streamId: number;
}

/** An SSTORE original-value lookup: (address, slot, original) looked up `count` times. */
export interface StorageOriginal {
  readonly address: bigint;
  readonly slot: bigint;
  readonly original: bigint;
  count: number;
}

/** What the CPU trace generator needs besides the witness trace. */
export interface CpuFrameInput {
  readonly trace: WitnessTrace;
  /** The frame's code (what the bytecode table commits to under `codeDigest`). */
  readonly code: Uint8Array;
  readonly codeDigest: readonly number[];
  /** Environment words in ENV_OPCODES order. */
  readonly env: readonly bigint[];
  /** Previous cell states from the frame's rw ledger; default: a ledger over the CPU's own accesses. */
  readonly previous?: PreviousLookup;
  /** The frame's calldata (default: the FrameEnter record's input) and its data-string digest D. */
  readonly calldata?: Uint8Array;
  readonly calldataDigest?: readonly number[];
  /** Whether the frame is static (EIP-214); default false. */
  readonly isStatic?: boolean;
  /** Minimum table height (a power of two). */
  readonly minHeight?: number;
}

/** The CPU table's trace and everything the statement and the other tables need from it. */
export interface CpuTrace {
  readonly cpu: RowMajorMatrix;
  readonly publics: CpuPublics;
  readonly publicInputs: number[];
  /** The CPU's rw accesses in counter order (frame 0, private key in `slot`). */
  readonly accesses: RwAccess[];
  readonly aluOps: AluOperation[];
  readonly bytecodeLookups: BytecodeLookup[];
  /** Lookups of calldata bytes (index in `pc`) on `bytecode`, in the calldata string of digest D. */
  readonly calldataLookups: BytecodeLookup[];
  /** Lookups of the calldata length (CALLDATALOAD and CALLDATASIZE steps) on `bytecode_length`. */
  readonly calldataLengthLookups: number;
  /** Copies the CPU requests on `copy` (RETURN/REVERT output), in counter order. */
  readonly copies: CpuCopy[];
  /** SSTORE original-value lookups on `storage_original`, one entry per key with its count. */
  readonly storageOriginals: StorageOriginal[];
  /** Lookups of the code length (CODESIZE steps) on `bytecode_length`. */
  readonly codeLengthLookups: number;
  /** Executed opcodes (one per step), for opcodeInfoTrace. */
  readonly opcodes: number[];
}

const C = CPU_COLUMNS;
const MEMORY_FAMILIES = new Set<Family>([Family.Mload, Family.Mstore, Family.Mstore8]);
/** Records that are not `rw` bus accesses (they only consume counters: the row's `gap`). */
const NON_BUS_KINDS = new Set<number>([RecordKind.Copy, RecordKind.Keccak, RecordKind.ReturnDataSet, RecordKind.FrameEnter, RecordKind.FrameExit]);

/** A ledger over the CPU's own accesses (enough when no other table touches the same cells). */
export function ownLedger(): { previous: PreviousLookup; ledger: RwLedger } {
  const ledger = new RwLedger();
  return { previous: (a) => ledger.access(a), ledger };
}

/** Build the CPU trace of the frame that runs the trace's first step (part 1: a single frame). */
export function buildCpuTrace(input: CpuFrameInput): CpuTrace {
  const { trace, code } = input;
  const n = trace.stepCount;
  if (n === 0) throw new CpuTraceError('the trace has no steps');
  assertStepsProven(trace);
  const frame = trace.steps.frame[0]!;
  const previous = input.previous ?? ownLedger().previous;
  let height = 2;
  while (height < Math.max(n + 1, input.minHeight ?? 2)) height *= 2;
  const m = RowMajorMatrix.zeros(height, C.width);
  const accesses: RwAccess[] = [];
  const aluOps: AluOperation[] = [];
  const lookups = new Map<string, BytecodeLookup>();
  const lookup = (pc: number, byte: number, isCode: number, isJumpdest: number): void => {
    const id = `${pc}:${byte}:${isCode}:${isJumpdest}`;
    const l = lookups.get(id);
    if (l === undefined) lookups.set(id, { pc, byte, isCode, isJumpdest, count: 1 });
    else l.count++;
  };
  // Records are numbered consecutively, so record r has counter rwc[0] + r (also for r = length).
  const rwcAt = (recordIndex: number): number => trace.rwc[0]! + recordIndex;
  const opcodes: number[] = [];
  const originals = new Map<string, StorageOriginal>();
  const copies: CpuCopy[] = [];
  const calldata = input.calldata ?? frameCalldata(trace);
  const calldataLookups = new Map<number, BytecodeLookup>();
  const calldataLookup = (index: number, byte: number): void => {
    const l = calldataLookups.get(index);
    if (l === undefined) calldataLookups.set(index, { pc: index, byte, isCode: 0, isJumpdest: 0, count: 1 });
    else l.count++;
  };
  let calldataLengthLookups = 0;
  let gasAfterLast = 0;
  let status = 0;
  for (let s = 0; s < n; s++) {
    const st = trace.stepAt(s);
    if (st.frame !== 0) throw new CpuUnsupportedError(`frame id ${st.frame}: the CPU proves the top frame (id 0)`);
    if (st.frame !== frame) throw new CpuUnsupportedError(`step ${s} runs in another frame (calls are not proven yet)`);
    const op = st.opcode;
    const info = OPCODES[op]!;
    const family = FAMILY_OF[op]!;
    const row = m.row(s);
    opcodes.push(op);
    row[C.active] = 1;
    row[C.step] = s;
    row[C.pc] = st.pc;
    row[C.opcode] = op;
    const gas = Number(st.gas);
    row[C.gas] = gas;
    row[C.sp] = st.sp;
    row[C.mem] = st.memSize / 32;
    row[C.staticGas] = info.staticGas;
    row[C.nIn] = info.inputs;
    row[C.nOut] = info.outputs;
    row[C.imm] = info.immediates;
    row[C.flags] = info.flags;
    const last = s === n - 1;
    if (last !== (st.halt !== Halt.Running)) throw new CpuTraceError(`step ${s}: only the last step may halt`);
    if (!isProvenHalt(st.halt)) throw new CpuUnsupportedError(`exceptional halt (reason ${st.halt}) at pc ${st.pc} is not proven yet`);
    lookup(st.pc, op, 1, op === 0x5b && st.halt === Halt.Running ? 1 : 0);
    const start = st.firstRecord;
    const end = last ? trace.length : trace.stepAt(s + 1).firstRecord;
    const base = rwcAt(start);
    row[C.rwcBase] = base;
    const mem = st.memSize / 32;
    fillMemorySize(row, mem, memCost(mem));
    if (st.halt !== Halt.Running && st.halt !== Halt.Stop && st.halt !== Halt.Return && st.halt !== Halt.Revert) {
      // A failing step: error kind instead of a family; all gas is consumed.
      const e = fillErrorStep(row, trace, s, st, code, end);
      e.accesses.forEach((access, i) => {
        const before = previous(access);
        accesses.push(access);
        fillSlot(row, i, access, before);
      });
      if (e.lookup !== undefined) lookup(e.lookup.pc, e.lookup.byte, e.lookup.isCode, 0);
      for (let r = st.firstRecord + e.accesses.length; r < end; r++) {
        if (!NON_BUS_KINDS.has(trace.kind[r]!)) throw new CpuUnsupportedError(`${info.name} at pc ${st.pc} fails after state writes (reversion records are not proven yet)`);
      }
      status = st.halt;
      gasAfterLast = 0;
      for (let p = n; p < height; p++) {
        fillPadding(m.row(p), n, st.pc, e.gasLeftValue, st.sp - info.inputs + info.outputs, mem, base + e.accesses.length);
        fillMemorySize(m.row(p), mem, memCost(mem));
      }
      break;
    }
    row[C.sel[selectorIndex(family)]!] = 1;
    const gasAfter = gas - Number(st.gasCost);
    row[C.gasLo] = gasAfter & 0xffff;
    row[C.gasHi] = gasAfter >>> 16;

    // Records of this step: CPU accesses first, then at most 3 other records before the next step.
    const isMem = MEMORY_FAMILIES.has(family);
    const offset = isMem ? Number(trace.val(trace.value[start]!)) : 0;
    const planned = expectedAccesses(family, op, st.sp, offset);
    const values: bigint[] = [];
    const prevs: bigint[] = [];
    const matched = matchAccesses(trace, s, start, end, planned, info.name);
    const taken = matched.accesses;
    taken.forEach((access, k) => {
      const i = matched.positions[k]!;
      const p = planned[i]!;
      const before = previous(access);
      if (!p.write && before.prevValue !== access.value) throw new CpuTraceError(`step ${s}: read of cell ${p.tag}:${access.slot} disagrees with the ledger`);
      accesses.push(access);
      values.push(access.value);
      prevs.push(before.prevValue);
      if (p.state === undefined) fillSlot(row, i, access, before);
      else fillRwAccess(row, STATE_SLOTS[p.state], { counter: access.counter, prevCounter: before.prevCounter, value: access.value, prevValue: before.prevValue });
    });
    let storageGas = 0;
    if (family === Family.Sstore) {
      const original = trace.val(trace.aux[start + 3]!);
      storageGas = fillSstore(row, values[1]!, prevs[3]!, original, taken.length === 5 ? values[4]! - prevs[4]! : 0n, gas, aluOps);
      const id = `${values[0]!}`;
      const known = originals.get(id);
      if (known === undefined) originals.set(id, { address: taken[3]!.address, slot: values[0]!, original, count: 1 });
      else known.count++;
    }
    if (family === Family.Sload || family === Family.Sstore) {
      // The warm-slot access is position 1 of SLOAD, 2 of SSTORE; its previous value says "was warm".
      if (prevs[family === Family.Sload ? 1 : 2]! === 0n) storageGas += family === Family.Sload ? 2000 : 2100;
    }
    if (family === Family.Sstore || family === Family.Tstore) {
      if (input.isStatic === true) throw new CpuTraceError(`step ${s}: state write in a static frame did not halt`);
    }
    fillFamily(row, family, st.pc, op, values, code, lookup);
    if (family === Family.CalldataLoad) fillCalldataLoad(row, values[0]!, calldata, calldataLookup);
    if (family === Family.CalldataLoad || (family === Family.Env && op === 0x36)) calldataLengthLookups++;
    // RETURN/REVERT output: the copy table's memory reads follow the stack reads.
    let copyReads = 0;
    if (row[C.retData] === 1) {
      const offset = Number(values[0]!);
      const size = Number(values[1]!);
      const words = Math.floor((offset + size - 1) / 32) - Math.floor(offset / 32) + 1;
      for (let k = 0; k < words; k++) {
        const r = start + matched.consumed + k;
        if (r >= end || trace.kind[r] !== RecordKind.MemoryRead) throw new CpuTraceError(`step ${s} (${info.name}): missing output read ${k}`);
      }
      copyReads = words;
      row[C.copyRwcEnd] = base + 2 + words;
      copies.push({ srcOffset: offset, length: size, rwcStart: base + 2, streamId: base });
    }
    const gap = last ? 0 : end - start - taken.length;
    for (let r = start + matched.consumed + copyReads; r < end; r++) {
      if (!NON_BUS_KINDS.has(trace.kind[r]!)) {
        if (last && (trace.flags[r]! & FLAG_REVERSION) !== 0) {
          throw new CpuUnsupportedError(`${info.name} at pc ${st.pc} reverts state writes (reversion records are not proven yet)`);
        }
        throw new CpuTraceError(`step ${s} (${info.name}): unexpected access record ${r}`);
      }
    }
    if (gap > 3) throw new CpuUnsupportedError(`step ${s} (${info.name}) makes ${gap} records the CPU does not prove`);
    row[C.gap[0]!] = gap & 1;
    row[C.gap[1]!] = gap >> 1;

    const memAfter = isMem
      ? fillMemory(row, family, offset, mem, values, prevs)
      : row[C.retData] === 1
        ? fillReturnMemory(row, Number(values[0]!), Number(values[1]!), mem)
        : mem;
    fillMemorySize(row, memAfter, memCost(mem));
    const dynamicGas = (family === Family.Exp ? 50 * row[C.expBytes]! : 0) + memCost(memAfter) - memCost(mem) + storageGas;
    if (st.gasCost !== BigInt(info.staticGas + dynamicGas)) {
      throw new CpuTraceError(`step ${s} (${info.name}): charged ${st.gasCost} gas, the CPU constrains ${info.staticGas + dynamicGas}`);
    }
    if (family === Family.Alu1) aluOps.push({ opcode: op, a: values[0]!, b: 0n });
    if (family === Family.Alu2 || family === Family.Exp) aluOps.push({ opcode: op, a: values[0]!, b: values[1]! });
    if (family === Family.Alu3) aluOps.push({ opcode: op, a: values[0]!, b: values[1]!, c: values[2]! });
    if (last) {
      gasAfterLast = gasAfter;
      status = st.halt;
      const nextBase = base + matched.consumed;
      for (let p = n; p < height; p++) {
        fillPadding(m.row(p), n, st.pc, gasAfter, st.sp - info.inputs + info.outputs, memAfter, nextBase);
        fillMemorySize(m.row(p), memAfter, memCost(memAfter));
      }
    }
  }
  const publics: CpuPublics = {
    codeDigest: input.codeDigest,
    gasLimit: Number(trace.stepAt(0).gas),
    rwcFirst: m.get(0, C.rwcBase),
    status,
    gasLeft: gasAfterLast,
    isStatic: input.isStatic === true ? 1 : 0,
    calldataDigest: input.calldataDigest ?? new Array<number>(8).fill(0),
    env: input.env,
  };
  const codeLengthLookups = opcodes.filter((op) => op === 0x38).length;
  return {
    cpu: m,
    publics,
    publicInputs: cpuPublicInputs(publics),
    accesses,
    aluOps,
    bytecodeLookups: [...lookups.values()],
    codeLengthLookups,
    storageOriginals: [...originals.values()],
    copies,
    calldataLookups: [...calldataLookups.values()],
    calldataLengthLookups,
    opcodes,
  };
}

function fillSlot(row: Uint32Array, i: number, a: RwAccess, before: RwPrevious): void {
  const s = SLOTS[i]!;
  row[s.tag] = a.tag;
  row[s.key] = Number(a.slot);
  fillRwAccess(row, s.block, { counter: a.counter, prevCounter: before.prevCounter, value: a.value, prevValue: before.prevValue });
}

function fillFamily(
  row: Uint32Array,
  family: Family,
  pc: number,
  op: number,
  values: readonly bigint[],
  code: Uint8Array,
  lookup: (pc: number, byte: number, isCode: number, isJumpdest: number) => void,
): void {
  switch (family) {
    case Family.Push: {
      // Past the end the EVM reads zero bytes; the bytecode table holds them up to its padding.
      const nImm = op - 0x5f;
      for (let j = 0; j < nImm; j++) {
        const at = pc + nImm - j;
        const byte = at < code.length ? code[at]! : 0;
        row[C.bytes[j]!] = byte;
        row[C.mask[j]!] = 1;
        lookup(at, byte, 0, 0);
      }
      return;
    }
    case Family.Jump:
    case Family.Jumpi: {
      const taken = family === Family.Jump || values[1]! !== 0n;
      if (family === Family.Jumpi) {
        const sum = wordLimbs(values[1]!).reduce((x, y) => x + y, 0);
        row[C.condInv] = sum === 0 ? 0 : inv(sum);
      }
      if (taken) {
        row[C.jumpTaken] = 1;
        lookup(Number(values[0]!), 0x5b, 1, 1);
      }
      return;
    }
    case Family.Return: {
      const sum = wordLimbs(values[1]!).reduce((a, b) => a + b, 0);
      if (sum !== 0) {
        row[C.retData] = 1;
        row[C.retSizeInv] = inv(sum);
      }
      return;
    }
    case Family.Exp:
      row[C.expBytes] = byteLength(values[1]!);
      return;
    case Family.Env:
      row[C.envSel[ENV_OPCODES.indexOf(op as (typeof ENV_OPCODES)[number])]!] = 1;
      return;
    default:
      return;
  }
}

/** The calldata of the trace's top frame (its FrameEnter record's input). */
function frameCalldata(trace: WitnessTrace): Uint8Array {
  for (let r = 0; r < trace.length; r++) {
    if (trace.kind[r] !== RecordKind.FrameEnter) continue;
    const rec = trace.record(r);
    if (rec.kind === RecordKind.FrameEnter && rec.frame === 0) return rec.info.input;
  }
  return new Uint8Array(0);
}

/** CALLDATALOAD's columns: bytes, in-range mask and count, far flag, length and slack. */
function fillCalldataLoad(row: Uint32Array, offset: bigint, calldata: Uint8Array, lookup: (index: number, byte: number) => void): void {
  const len = calldata.length;
  if (len >= 65536) throw new CpuUnsupportedError(`CALLDATALOAD with ${len} bytes of calldata (the CPU bounds it below 2^16)`);
  row[C.cdLen] = len;
  const high = wordLimbs(offset)
    .slice(1)
    .reduce((a, b) => a + b, 0);
  if (high !== 0) {
    row[C.cdFar] = 1;
    row[C.cdFarInv] = inv(high);
    return;
  }
  const i = Number(offset);
  const count = Math.max(0, Math.min(32, len - i));
  row[C.cdCount] = count;
  for (let j = 0; j < count; j++) {
    row[C.mask[j]!] = 1;
    row[C.bytes[31 - j]!] = calldata[i + j]!;
    lookup(i + j, calldata[i + j]!);
  }
  row[C.cdPartial] = count > 0 && count < 32 ? 1 : 0;
  row[C.cdSlack] = count === 32 ? len - i - 32 : i + count - len;
}

function fillPadding(row: Uint32Array, step: number, pc: number, gas: number, sp: number, mem: number, rwcBase: number): void {
  row[C.step] = step;
  row[C.pc] = pc;
  row[C.gas] = gas;
  row[C.gasLo] = gas & 0xffff;
  row[C.gasHi] = gas >>> 16;
  row[C.sp] = sp;
  row[C.mem] = mem;
  row[C.rwcBase] = rwcBase;
}
