/**
 * The generated verifier's memory map: every variable and array at a fixed absolute address, so
 * generated code addresses memory with constants (no free-memory pointer, no bounds arithmetic).
 * Sizes follow from the AIR and config; arrays indexed by proof data (query counts, FRI layers,
 * log sizes) are sized for the largest value the parser accepts. The FRI row-position array is
 * last: memory expansion is paid only up to the highest address a proof actually touches.
 */
import type { StarkConfig } from '../../stark/config.ts';
import type { AirSystem } from '../../stark/air/system.ts';
import { matrixOrder, type MatrixKind } from '../../stark/protocol.ts';

/** Largest trace log-height the verifier accepts (src/stark/verifier.ts). */
export const MAX_LOG_HEIGHT = 24;

/** Per-table addresses. */
export interface TableSlots {
  readonly LH: number;
  readonly MAINROOT: number;
  readonly PERMROOT: number;
  readonly CUMSUM: number;
  readonly QROOT: number;
  /** prepCur, prepNext, mainCur, mainNext, permCur, permNext, quotient: calldata positions. */
  readonly OPENED: readonly number[];
  /** ζ·ω_n for this table's height. */
  readonly ZNT: number;
}

/** One committed matrix in DEEP order, with its addresses. */
export interface MatrixSlots {
  readonly table: number;
  readonly kind: MatrixKind;
  readonly width: number;
  readonly next: boolean;
  /** First λ-power index of its terms. */
  readonly powerBase: number;
  /** Opening record: [n, indicesPos, rowsPos, siblingCount, siblingsPos]. */
  readonly REC: number;
  readonly CURSUM: number;
  readonly NEXTSUM: number;
  /** NQ words: calldata position of each query's row. */
  readonly ROWPOS: number;
}

/** The whole memory map. */
export interface MemoryLayout {
  readonly NQ: number;
  readonly CUR: number;
  readonly END: number;
  readonly PBASE: number;
  readonly PUBS: number;
  readonly PEND: number;
  readonly OUTP: number;
  readonly LOGN0: number;
  readonly LFS: number;
  readonly FRI_L: number;
  readonly FRI_ROOTS: number;
  readonly FINAL_LEN: number;
  readonly FINAL_POS: number;
  readonly NONCE: number;
  readonly SIZES: number;
  readonly ALPHA: number;
  readonly ZETA: number;
  readonly LAMBDA: number;
  readonly ZETAN: number;
  readonly ZH: number;
  readonly SFIRST: number;
  readonly SLAST: number;
  readonly STRANS: number;
  readonly MODEXP: number;
  readonly MODEXP_OUT: number;
  readonly G: number;
  readonly IG: number;
  readonly CH: number;
  readonly QS: number;
  /** Merkle work entries [index, digest], 64 bytes each. */
  readonly ENT: number;
  /** Queries sorted by row at the current Merkle level, and the split halves. */
  readonly SQ: number;
  readonly SQL: number;
  readonly SQH: number;
  readonly BETA: number;
  readonly BETA2: number;
  readonly FINAL: number;
  readonly ECUR: number;
  readonly ENEXT: number;
  readonly RO: number;
  readonly XW: number;
  readonly ZNS: number;
  readonly PWP: number;
  readonly PWS: number;
  readonly NODE: number;
  readonly LEAF: number;
  readonly TR: number;
  readonly FREC: number;
  readonly FROWPOS: number;
  readonly tables: readonly TableSlots[];
  readonly matrices: readonly MatrixSlots[];
  /** Number of λ powers (DEEP terms). */
  readonly totalTerms: number;
  /** Most FRI layers a proof may have. */
  readonly maxLayers: number;
  /** Highest fixed address (before the FRI row positions). */
  readonly fixedEnd: number;
}

/** Bytes the transcript's pending buffer can reach between two squeezes, plus store slack. */
function transcriptBytes(system: AirSystem, publicCount: number, boundaryBytes: number): number {
  const T = system.tables.length;
  const beforeZ = 33 + 9 + 9 * T + 9 * T + 4 * publicCount + 9 + boundaryBytes + 33 * T;
  let opened = 0;
  for (const m of matrixOrder(system)) opened += (9 + 16 * m.width) * (m.next ? 2 : 1);
  return Math.max(beforeZ, opened, 33 * T + 17 * T, 9 + 16 * 1024, 64) + 64;
}

/** Allocate the memory map for a system and config. */
export function buildLayout(
  system: AirSystem,
  config: StarkConfig,
  publicCount: number,
  boundaryBytes: number,
): MemoryLayout {
  let next = 0x80;
  const words = (n: number): number => {
    const a = next;
    next += 32 * n;
    return a;
  };
  const NQ = config.numQueries;
  const maxLayers = MAX_LOG_HEIGHT;
  const scalars = {
    CUR: words(1), END: words(1), PBASE: words(1), PUBS: words(1), PEND: words(1), OUTP: words(1),
    LOGN0: words(1), LFS: words(1), FRI_L: words(1), FRI_ROOTS: words(1), FINAL_LEN: words(1),
    FINAL_POS: words(1), NONCE: words(1), SIZES: words(1), ALPHA: words(1), ZETA: words(1),
    LAMBDA: words(1), ZETAN: words(1), ZH: words(1), SFIRST: words(1), SLAST: words(1), STRANS: words(1),
  };
  const MODEXP = words(6);
  const MODEXP_OUT = words(1);
  const G = words(32);
  const IG = words(32);
  const CH = words(Math.max(1, system.numChallenges));
  const QS = words(NQ + 1);
  const ENT = words(2 * (NQ + 1));
  const SQ = words(NQ);
  const SQL = words(NQ);
  const SQH = words(NQ);
  const BETA = words(maxLayers);
  const BETA2 = words(maxLayers);
  const FINAL = words(1 << config.logFinalPolyLen);
  const ECUR = words(32);
  const ENEXT = words(32);
  const RO = words(32);
  const XW = words(32);
  const ZNS = words(32);
  const tables: TableSlots[] = system.tables.map(() => ({
    LH: words(1),
    MAINROOT: words(1),
    PERMROOT: words(1),
    CUMSUM: words(1),
    QROOT: words(1),
    OPENED: Array.from({ length: 7 }, () => words(1)),
    ZNT: words(1),
  }));
  let powerBase = 0;
  const matrices: MatrixSlots[] = matrixOrder(system).map((mo) => {
    const slots: MatrixSlots = {
      table: mo.table,
      kind: mo.kind,
      width: mo.width,
      next: mo.next,
      powerBase,
      REC: words(5),
      CURSUM: words(1),
      NEXTSUM: words(1),
      ROWPOS: words(NQ),
    };
    powerBase += mo.width * (mo.next ? 2 : 1);
    return slots;
  });
  const totalTerms = powerBase;
  const PWP = words(totalTerms);
  const PWS = words(2 * totalTerms);
  const NODE = words(Math.max(1, ...system.tables.map((t) => t.arena.size)));
  const maxWidth = Math.max(8, ...matrixOrder(system).map((m) => m.width));
  const LEAF = words(Math.ceil((4 * maxWidth) / 32) + 1);
  const TR = next;
  next += Math.ceil(transcriptBytes(system, publicCount, boundaryBytes) / 32) * 32;
  const FREC = words(5 * maxLayers);
  const fixedEnd = next;
  const FROWPOS = words(NQ * maxLayers);
  return {
    NQ,
    ...scalars,
    MODEXP,
    MODEXP_OUT,
    G,
    IG,
    CH,
    QS,
    ENT,
    SQ,
    SQL,
    SQH,
    BETA,
    BETA2,
    FINAL,
    ECUR,
    ENEXT,
    RO,
    XW,
    ZNS,
    PWP,
    PWS,
    NODE,
    LEAF,
    TR,
    FREC,
    FROWPOS,
    tables,
    matrices,
    totalTerms,
    maxLayers,
    fixedEnd,
  };
}
