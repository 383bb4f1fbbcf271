/**
 * The AirSystem of a frame proof: every circuit table the frame's opcodes use, the shared lookup
 * tables, and the keys (cached per configuration: the preprocessed commitments of range16,
 * byteop8, ... cost about a second and never change).
 *
 * Tables: `cpu` and `opcode_info` (src/circuits/cpu), `alu`, `rw_cells` (src/circuits/rw), `copy`
 * (src/circuits/copy: RETURN/REVERT output to the return-data stream, which the statement
 * receives), `bytecode` and `byte_class` (src/circuits/bytecode: code and calldata strings), the
 * Poseidon2 permutation table `poseidon2_16` behind the byte-string digests, and the lookups
 * `range8`, `range16`, `byteop8` (each summing every table's counts).
 *
 * Not in the system yet: the keccak sponge and Keccak-f (KECCAK256) and the log stream's
 * consumer (LOG0..LOG4). Which opcodes are proven comes from the CPU (`isProvenOpcode`), never
 * from this folder; {@link FRAME_PENDING_OPCODES} additionally holds back the opcodes the CPU may
 * prove whose other side the frame does not build yet, so the frame prover refuses them by name
 * instead of producing traces whose buses cannot balance.
 */
import { poseidon2Table } from '../../stark/airs/poseidon2-air.ts';
import {
  DEFAULT_CONFIG,
  byteOpTable,
  defineSystem,
  rangeTable,
  setup,
  type AirSystem,
  type ProvingKey,
  type StarkConfig,
  type TableSpec,
  type VerifyingKey,
} from '../../stark/index.ts';
import { aluTable } from '../alu/alu-air.ts';
import { BYTECODE_TABLES } from '../bytecode/bytecode-air.ts';
import { copyTable } from '../copy/copy-air.ts';
import { cpuTable } from '../cpu/cpu-air.ts';
import { isProvenOpcode, opcodeInfoTable } from '../cpu/opcode-info.ts';
import { rwCellsTable } from '../rw/rw-cells.ts';
import type { FrameCoverage } from './select.ts';

/** Every table of the frame system, in system order. */
export const FRAME_TABLES: readonly TableSpec<any, any>[] = Object.freeze([
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

/**
 * Opcodes the frame prover holds back even when the CPU proves them, with what is missing:
 * KECCAK256 needs the keccak sponge and Keccak-f tables, LOGn the log stream's binding to L.
 */
export const FRAME_PENDING_OPCODES: ReadonlyMap<number, string> = new Map([
  [0x20, 'the keccak tables are not in the frame system yet'],
  ...[0xa0, 0xa1, 0xa2, 0xa3, 0xa4].map((op): [number, string] => [op, 'the log stream is not bound to the statement yet']),
]);

/** Whether the frame prover proves `opcode`: the CPU proves it and the frame builds its other side. */
export function isFrameProvenOpcode(opcode: number): boolean {
  return isProvenOpcode(opcode) && !FRAME_PENDING_OPCODES.has(opcode);
}

/** What the frame prover covers. */
export const FRAME_COVERAGE: FrameCoverage = Object.freeze({ isProven: isFrameProvenOpcode, missing: undefined });

let system: AirSystem | undefined;

/** The compiled frame system (compiled once). */
export function frameSystem(): AirSystem {
  system ??= defineSystem([...FRAME_TABLES]);
  return system;
}

const keyCache = new Map<string, { provingKey: ProvingKey; verifyingKey: VerifyingKey }>();

/** Proving and verifying keys of the frame system under `config` (built once per config). */
export function frameKeys(config: StarkConfig = DEFAULT_CONFIG): { provingKey: ProvingKey; verifyingKey: VerifyingKey } {
  const id = JSON.stringify(config);
  let keys = keyCache.get(id);
  if (keys === undefined) {
    keys = setup(frameSystem(), config);
    keyCache.set(id, keys);
  }
  return keys;
}
