/**
 * TEST ONLY. A CPU proof system for tests: the cpu table with the tables that exist (opcode_info,
 * alu, range and byte-op lookups), where the statement's boundary messages stand in for the
 * tables still being built: the rw cells (each touched stack cell's initial (key, 0, 0) and final
 * state) and the bytecode table (every bytecode lookup the CPU sends, with its count).
 * Never import this from production code: the frame prover uses the real tables.
 */
import { RowMajorMatrix } from '../../field/matrix.ts';
import { byteOpTable, defineSystem, rangeTable, type BoundaryMessage, type Witness } from '../../stark/index.ts';
import { aluTable } from '../alu/alu-air.ts';
import { aluTraces } from '../alu/alu-trace.ts';
import { wordLimbs } from '../alu/alu-trace.ts';
import { BYTECODE_BUS, RW_BUS, RW_TUPLE } from '../buses.ts';
import { cpuTable } from './cpu-air.ts';
import { bytecodeTupleValues } from './cpu-publics.ts';
import { cpuRange16Counts, type CpuAccess, type CpuTrace } from './cpu-trace.ts';
import { opcodeInfoTable, opcodeInfoTrace } from './opcode-info.ts';

/** Tables of the test system, in order. */
export const CPU_TEST_TABLES = Object.freeze([cpuTable, opcodeInfoTable, aluTable, rangeTable(8), rangeTable(16), byteOpTable(8)]);

/** The compiled test system. */
export const cpuTestSystem = (): ReturnType<typeof defineSystem> => defineSystem([...CPU_TEST_TABLES]);

/** The `rw` tuple of a stack/memory cell state. */
export function cellTuple(tag: number, key: number, counter: number, value: bigint): number[] {
  const t = new Array<number>(RW_TUPLE.arity).fill(0);
  t[RW_TUPLE.tag] = tag;
  t[RW_TUPLE.slot] = key;
  t[RW_TUPLE.counter] = counter;
  wordLimbs(value).forEach((l, j) => (t[RW_TUPLE.value + j] = l));
  return t;
}

/** Initial (sent by the statement) and final (received) states of every cell the accesses touch. */
export function cellBoundary(accesses: readonly CpuAccess[]): BoundaryMessage[] {
  const finals = new Map<string, CpuAccess>();
  for (const a of accesses) finals.set(`${a.tag}:${a.key}`, a);
  const out: BoundaryMessage[] = [];
  for (const a of finals.values()) {
    out.push({ bus: RW_BUS, kind: 'send', values: cellTuple(a.tag, a.key, 0, 0n) });
    out.push({ bus: RW_BUS, kind: 'receive', values: cellTuple(a.tag, a.key, a.counter, a.value) });
  }
  return out;
}

/** The bytecode lookups as statement receives (what the bytecode table will receive). */
export function bytecodeBoundary(t: CpuTrace): BoundaryMessage[] {
  return t.bytecodeLookups.map((l) => ({
    bus: BYTECODE_BUS,
    kind: 'receive' as const,
    values: bytecodeTupleValues(t.publics.codeDigest, l.pc, l.byte, l.isCode, l.isJumpdest),
    multiplicity: l.count,
  }));
}

/** Every table's trace for a CPU trace (ALU and lookups derived from it) plus the statement. */
export function cpuTestWitness(t: CpuTrace, cpu: RowMajorMatrix = t.cpu): Witness {
  const alu = aluTraces(t.aluOps);
  const range16 = alu.traces.range16.values.slice();
  const mine = cpuRange16Counts(cpu);
  for (let v = 0; v < 65536; v++) range16[v]! += mine[v]!;
  return {
    traces: {
      cpu,
      opcode_info: opcodeInfoTrace(t.opcodes),
      alu: alu.traces.alu,
      range8: alu.traces.range8,
      range16: new RowMajorMatrix(range16, 1),
      byteop8: alu.traces.byteop8,
    },
    publicInputs: { cpu: t.publicInputs },
    boundary: [...cellBoundary(t.accesses), ...bytecodeBoundary(t)],
  };
}
