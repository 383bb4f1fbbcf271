/**
 * The AirSystem of a frame proof: every circuit table of issue 4 that exists, the shared lookup
 * tables, and the keys (cached per configuration: the preprocessed commitments of range16,
 * byteop8, ... cost about a second and never change).
 *
 * Tables integrated so far: `alu` (src/circuits/alu), the Poseidon2 permutation table
 * `poseidon2_16` that the bytecode table's digests use, the Keccak-f table `keccak_f`, and the
 * lookups `range8`, `range16`, `byteop8`. The CPU, read-write, bytecode, copy and keccak sponge
 * tables are built by other sessions and listed in {@link MISSING_FRAME_TABLES} until integrated:
 * while that list is not empty no frame can be proven, and the prover refuses
 * (FrameProverIncompleteError) instead of proving tables that no CPU drives.
 */
import { RowMajorMatrix } from '../../field/matrix.ts';
import { keccakTable } from '../../stark/airs/keccak-air.ts';
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
import { FrameWitnessError } from './frame-witness.ts';
import type { FrameCoverage } from './select.ts';

/** Every table of the frame system, in system order. */
export const FRAME_TABLES: readonly TableSpec<any, any>[] = Object.freeze([
  aluTable,
  poseidon2Table,
  keccakTable,
  rangeTable(8),
  rangeTable(16),
  byteOpTable(8),
]);

/** Tables a frame proof needs that are not integrated yet (see the file header). */
export const MISSING_FRAME_TABLES: readonly string[] = Object.freeze(['cpu', 'opcode_info', 'rw_cells', 'bytecode', 'copy', 'keccak_sponge']);

/** The frame prover cannot prove anything yet: tables it needs are missing. */
export class FrameProverIncompleteError extends Error {
  override readonly name = 'FrameProverIncompleteError';
  constructor(readonly missing: readonly string[]) {
    super(`frame prover incomplete: table(s) ${missing.join(', ')} not integrated yet`);
  }
}

/** What the frame prover covers: no opcode is proven while the CPU table is missing. */
export const FRAME_COVERAGE: FrameCoverage = Object.freeze({
  isProven: (_opcode: number): boolean => !MISSING_FRAME_TABLES.includes('cpu'),
  missing: MISSING_FRAME_TABLES.length === 0 ? undefined : `frame prover incomplete (no ${MISSING_FRAME_TABLES.join(', ')} table)`,
});

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

/** Names of the shared lookup tables whose multiplicities several tables add to. */
export const SHARED_LOOKUPS = Object.freeze(['range8', 'range16', 'byteop8'] as const);
/** One of {@link SHARED_LOOKUPS}. */
export type SharedLookup = (typeof SHARED_LOOKUPS)[number];

/**
 * Sums the lookup multiplicity traces that the tables of one proof produce (each table's trace
 * generator returns its own range/byte-op multiplicities; the shared lookup table proves them all).
 */
export class LookupAccumulator {
  private readonly sums = new Map<SharedLookup, RowMajorMatrix>();

  /** Adds a multiplicity trace of `table`. */
  add(table: SharedLookup, m: RowMajorMatrix): void {
    const sum = this.sums.get(table);
    if (sum === undefined) {
      this.sums.set(table, new RowMajorMatrix(m.values.slice(), m.width));
      return;
    }
    if (sum.width !== m.width || sum.height !== m.height) {
      throw new FrameWitnessError(`lookup ${table}: multiplicity traces differ in shape`, { table, width: m.width, height: m.height });
    }
    const a = sum.values;
    const b = m.values;
    for (let i = 0; i < a.length; i++) a[i]! += b[i]!;
  }

  /** The summed trace of every shared lookup (an all-zero trace for a lookup nobody used). */
  traces(): Record<SharedLookup, RowMajorMatrix> {
    const zero = (table: SharedLookup): RowMajorMatrix => {
      const t = frameSystem().tables.find((x) => x.name === table)!;
      return RowMajorMatrix.zeros(t.prepHeight!, t.mainWidth);
    };
    return {
      range8: this.sums.get('range8') ?? zero('range8'),
      range16: this.sums.get('range16') ?? zero('range16'),
      byteop8: this.sums.get('byteop8') ?? zero('byteop8'),
    };
  }
}
