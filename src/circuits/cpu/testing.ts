/**
 * TEST ONLY. A CPU proof system for tests: the cpu table with every table it talks to that
 * exists (opcode_info, alu, rw_cells, bytecode + byte_class + poseidon2_16, range and byte-op
 * lookups). The statement carries the public rw cells only. Never import this from production
 * code: the frame prover (src/circuits/frame) assembles the real statement.
 */
import { RowMajorMatrix } from '../../field/matrix.ts';
import { poseidon2Table, poseidon2Trace } from '../../stark/airs/poseidon2-air.ts';
import { byteOpTable, defineSystem, rangeTable, type BoundaryMessage, type Witness } from '../../stark/index.ts';
import { ADDRESS_LIMBS, WORD_LIMBS } from '../buses.ts';
import { RwCellTag, bigLimbs } from '../rw/rw-key.ts';
import { copyTable } from '../copy/copy-air.ts';
import { CopyMemory, addCopyLookups, copyTraces, type CopyOperation } from '../copy/copy-trace.ts';
import { StreamTag, byteStreamBoundary } from '../copy/byte-stream.ts';
import { STORAGE_ORIGINAL_BUS } from './cpu-storage.ts';
import { aluTable } from '../alu/alu-air.ts';
import { aluTraces } from '../alu/alu-trace.ts';
import { BYTECODE_TABLES } from '../bytecode/bytecode-air.ts';
import { BytecodeTableBuilder } from '../bytecode/bytecode-trace.ts';
import { ByteStringKind, codeDigest, dataDigest } from '../bytecode/code-digest.ts';
import { countRwCellsLookups, rwCellsTable, rwCellsTrace } from '../rw/rw-cells.ts';
import { RwLedger, publicCellBoundary, type RwAccess } from '../rw/rw-ledger.ts';
import { cpuTable } from './cpu-air.ts';
import { CALLER_ADDRESS, CODE_ADDRESS, hexToBytes, runBytecode, testBlock, type RunOptions } from '../../evm/testing.ts';
import type { WitnessTrace } from '../../evm/tracers/witness-records.ts';
import { WitnessTracer } from '../../evm/tracers/witness-tracer.ts';
import { buildCpuTrace, cpuRange16Counts, cpuRange8Counts, type CpuTrace } from './cpu-trace.ts';
import { opcodeInfoTable, opcodeInfoTrace } from './opcode-info.ts';

/** Tables of the test system, in order. */
export const CPU_TEST_TABLES = Object.freeze([
  cpuTable,
  opcodeInfoTable,
  aluTable,
  rwCellsTable,
  copyTable,
  ...BYTECODE_TABLES,
  poseidon2Table,
  rangeTable(8),
  rangeTable(16),
  byteOpTable(8),
]);

/** The compiled test system. */
export const cpuTestSystem = (): ReturnType<typeof defineSystem> => defineSystem([...CPU_TEST_TABLES]);

/** The code digest the CPU's bytecode lookups must carry (the bytecode table's digest of `code`). */
export function testCodeDigest(code: Uint8Array): number[] {
  return Array.from(codeDigest(code));
}

/** The statement side of SSTORE's original-value lookups (the frame builds it from C's initial values). */
export function storageOriginalBoundary(t: CpuTrace): BoundaryMessage[] {
  return t.storageOriginals.map((o) => ({
    bus: STORAGE_ORIGINAL_BUS,
    kind: 'receive' as const,
    values: [...bigLimbs(o.address, ADDRESS_LIMBS), ...bigLimbs(o.slot, WORD_LIMBS), ...bigLimbs(o.original, WORD_LIMBS)],
    multiplicity: o.count,
  }));
}

/**
 * The copy table's side of the CPU's copies (RETURN/REVERT output, the last step): memory as the
 * CPU left it (the ledger's private cells), the copy reads added to the ledger, and the
 * return-data stream received by the statement (standing for the return-data digest).
 */
function copyWitness(t: CpuTrace, ledger: RwLedger): { traces: ReturnType<typeof copyTraces>; streams: BoundaryMessage[] } {
  const memory = new CopyMemory();
  if (t.copies.length > 0) {
    const before = new RwLedger();
    for (const a of t.accesses) before.access(a);
    for (const cell of before.finish().privateCells) {
      if (cell.tag !== RwCellTag.Memory) continue;
      const bytes = new Uint8Array(32);
      let v = cell.finalValue;
      for (let k = 31; k >= 0; k--) {
        bytes[k] = Number(v & 0xffn);
        v >>= 8n;
      }
      memory.preset(0, cell.index, bytes, cell.finalCounter);
    }
  }
  const ops: CopyOperation[] = t.copies.map((c) => ({
    src: { kind: 'memory', frame: 0 },
    srcOffset: c.srcOffset,
    dst: { kind: 'stream', tag: StreamTag.ReturnData, id: c.streamId },
    dstOffset: 0,
    length: c.length,
    rwcStart: c.rwcStart,
  }));
  const traces = copyTraces(ops, [], memory);
  for (const a of traces.accesses) {
    let value = 0n;
    for (const byte of a.value) value = (value << 8n) | BigInt(byte);
    ledger.access({ tag: RwCellTag.Memory, frame: a.frame, address: 0n, slot: BigInt(a.word), counter: a.counter, isWrite: false, value });
  }
  const streams = ops.flatMap((_, i) => byteStreamBoundary(StreamTag.ReturnData, t.copies[i]!.streamId, traces.data[i]!, 'receive'));
  return { traces, streams };
}

/** Overrides for building deliberately inconsistent witnesses in soundness tests. */
export interface TestWitnessOverrides {
  /** The cpu trace (default: the generated one). */
  readonly cpu?: RowMajorMatrix;
  /** The accesses the rw cells are built from (default: the generated ones). */
  readonly accesses?: readonly RwAccess[];
  /** The frame's calldata (the bytecode table's data string). */
  readonly calldata?: Uint8Array;
  /** The cpu public inputs (default: the generated ones). */
  readonly publicInputs?: readonly number[];
}

/**
 * Every table's trace for a CPU trace plus the statement. The bytecode table answers each CPU
 * lookup from the real code (by pc), so a lookup claiming another byte or flag does not balance.
 */
export function cpuTestWitness(t: CpuTrace, code: Uint8Array, o: TestWitnessOverrides = {}): Witness {
  const cpu = o.cpu ?? t.cpu;
  const alu = aluTraces(t.aluOps);
  const range16 = alu.traces.range16.values.slice();
  const mine = cpuRange16Counts(cpu);
  for (let v = 0; v < 65536; v++) range16[v]! += mine[v]!;
  const ledger = new RwLedger();
  for (const a of o.accesses ?? t.accesses) ledger.access(a);
  const copy = copyWitness(t, ledger);
  const { privateCells, publicCells } = ledger.finish();
  const rwCells = rwCellsTrace(privateCells);
  countRwCellsLookups(rwCells, range16);
  const builder = new BytecodeTableBuilder();
  const entry = builder.add(ByteStringKind.Code, code);
  for (const l of t.bytecodeLookups) builder.lookup(entry, l.pc, l.count);
  if (t.codeLengthLookups > 0) builder.lookupLength(entry, t.codeLengthLookups);
  if (t.calldataLengthLookups > 0 || t.calldataLookups.length > 0) {
    const data = builder.add(ByteStringKind.Data, o.calldata ?? new Uint8Array(0));
    for (const l of t.calldataLookups) builder.lookup(data, l.pc, l.count);
    if (t.calldataLengthLookups > 0) builder.lookupLength(data, t.calldataLengthLookups);
  }
  const bytecode = builder.build();
  const range8 = alu.traces.range8.values.slice();
  for (const v of bytecode.range8Lookups) range8[v]! += 1;
  const mine8 = cpuRange8Counts(cpu);
  for (let v = 0; v < 256; v++) range8[v]! += mine8[v]!;
  addCopyLookups(copy.traces.copy, range8, range16);
  return {
    traces: {
      cpu,
      opcode_info: opcodeInfoTrace(t.opcodes),
      alu: alu.traces.alu,
      rw_cells: rwCells,
      copy: copy.traces.copy,
      bytecode: bytecode.traces.bytecode,
      byte_class: bytecode.traces.byte_class,
      poseidon2_16: poseidon2Trace(bytecode.poseidon2Inputs),
      range8: new RowMajorMatrix(range8, 1),
      range16: new RowMajorMatrix(range16, 1),
      byteop8: alu.traces.byteop8,
    },
    publicInputs: { cpu: o.publicInputs ?? t.publicInputs },
    boundary: [...publicCellBoundary(publicCells), ...storageOriginalBoundary(t), ...copy.streams],
  };
}

/** The environment words (ENV_OPCODES order) of src/evm/testing.ts `runBytecode`. */
export function runBytecodeEnv(code: Uint8Array, options: RunOptions = {}): bigint[] {
  const block = testBlock(options.block);
  return [
    CODE_ADDRESS, // ADDRESS
    CALLER_ADDRESS, // CALLER
    options.value ?? 0n, // CALLVALUE
    CALLER_ADDRESS, // ORIGIN
    10n, // GASPRICE
    block.coinbase,
    block.timestamp,
    block.number,
    block.prevRandao,
    block.gasLimit,
    block.chainId,
    block.baseFee,
    1n, // BLOBBASEFEE
    BigInt(options.input?.length ?? 0), // CALLDATASIZE
    BigInt(code.length), // CODESIZE
  ];
}

/** A program run through the EVM with the witness tracer, and its CPU trace. */
export interface TestProgram {
  readonly code: Uint8Array;
  readonly calldata: Uint8Array;
  readonly witness: WitnessTrace;
  readonly cpu: CpuTrace;
}

/** Run hex bytecode with `runBytecode` and the WitnessTracer, then build its CPU trace. */
export function runTestProgram(hex: string, options: RunOptions = {}): TestProgram {
  const code = hexToBytes(hex);
  const tracer = new WitnessTracer();
  runBytecode(code, { ...options, tracer });
  const calldata = options.input ?? new Uint8Array(0);
  const cpu = buildCpuTrace({
    trace: tracer.trace,
    code,
    codeDigest: testCodeDigest(code),
    calldata,
    calldataDigest: Array.from(dataDigest(calldata)),
    env: runBytecodeEnv(code, options),
    isStatic: options.isStatic === true,
  });
  return { code, calldata, witness: tracer.trace, cpu };
}
