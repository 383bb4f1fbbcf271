/**
 * TEST ONLY. A CPU proof system for tests: the cpu table with opcode_info, alu, rw_cells and the
 * range/byte-op lookups, where the statement's boundary messages stand in for the bytecode table
 * (every bytecode lookup the CPU sends, with its count) and the public rw cells.
 * Never import this from production code: the frame prover uses the real tables.
 */
import { RowMajorMatrix } from '../../field/matrix.ts';
import { byteOpTable, defineSystem, rangeTable, type BoundaryMessage, type Witness } from '../../stark/index.ts';
import { aluTable } from '../alu/alu-air.ts';
import { aluTraces } from '../alu/alu-trace.ts';
import { BYTECODE_BUS } from '../buses.ts';
import { countRwCellsLookups, rwCellsTable, rwCellsTrace } from '../rw/rw-cells.ts';
import { RwLedger, publicCellBoundary } from '../rw/rw-ledger.ts';
import { cpuTable } from './cpu-air.ts';
import { bytecodeTupleValues } from './cpu-publics.ts';
import { cpuRange16Counts, type CpuTrace } from './cpu-trace.ts';
import { opcodeInfoTable, opcodeInfoTrace } from './opcode-info.ts';

/** Tables of the test system, in order. */
export const CPU_TEST_TABLES = Object.freeze([cpuTable, opcodeInfoTable, aluTable, rwCellsTable, rangeTable(8), rangeTable(16), byteOpTable(8)]);

/** The compiled test system. */
export const cpuTestSystem = (): ReturnType<typeof defineSystem> => defineSystem([...CPU_TEST_TABLES]);

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
  const ledger = new RwLedger();
  for (const a of t.accesses) ledger.access(a);
  const { privateCells, publicCells } = ledger.finish();
  const rwCells = rwCellsTrace(privateCells);
  countRwCellsLookups(rwCells, range16);
  return {
    traces: {
      cpu,
      opcode_info: opcodeInfoTrace(t.opcodes),
      alu: alu.traces.alu,
      range8: alu.traces.range8,
      range16: new RowMajorMatrix(range16, 1),
      byteop8: alu.traces.byteop8,
      rw_cells: rwCells,
    },
    publicInputs: { cpu: t.publicInputs },
    boundary: [...publicCellBoundary(publicCells), ...bytecodeBoundary(t)],
  };
}
