/**
 * The AirSystem of a frame proof: every circuit table of issue 4 that exists, the shared lookup
 * tables, and the keys (cached per configuration: the preprocessed commitments of range16,
 * byteop8, ... cost about a second and never change).
 *
 * Tables integrated: `cpu` and `opcode_info` (src/circuits/cpu), `alu`, `rw_cells`
 * (src/circuits/rw), `bytecode` and `byte_class` (src/circuits/bytecode), the Poseidon2
 * permutation table `poseidon2_16` behind the bytecode digests, and the lookups `range8`, `range16`,
 * `byteop8`. Not integrated yet: {@link MISSING_FRAME_TABLES} (copy, keccak sponge and Keccak-f).
 * That is sound because the opcodes needing them (memory, copies, KECCAK256, LOG, RETURN data)
 * are unproven in opcode_info, so the CPU refuses any frame that would use them; which opcodes
 * are proven comes from the CPU (`isProvenOpcode`), never from this folder.
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
  ...BYTECODE_TABLES,
  poseidon2Table,
  rangeTable(8),
  rangeTable(16),
  byteOpTable(8),
]);

/** Tables of issue 4 not integrated yet (see the file header): the opcodes needing them are unproven. */
export const MISSING_FRAME_TABLES: readonly string[] = Object.freeze(['copy', 'keccak_sponge', 'keccak_f']);

/** What the frame prover covers: the opcodes the CPU's opcode_info marks proven. */
export const FRAME_COVERAGE: FrameCoverage = Object.freeze({ isProven: isProvenOpcode, missing: undefined });

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
