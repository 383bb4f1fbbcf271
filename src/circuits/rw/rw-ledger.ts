/**
 * Witness side of the read-write bus: `RwLedger` replays accesses in counter order and tells each
 * one the state it consumes (prevCounter, prevValue); `finish` gives every cell's final state, as
 * `rw_cells` rows (private cells: stack, memory) and as public cells (storage, transient storage,
 * account fields, access lists, refund, logs) whose boundary messages `publicCellBoundary` builds:
 * the statement sends (key, 0, initial) and receives (key, finalCounter, final).
 *
 * The final counter of a public cell is part of the statement: the verifier cannot derive it, and
 * making it public costs nothing in soundness (any counter balances only if the accesses chain up
 * to it). The ledger also re-checks the witness: a read must see the current value, a write's
 * recorded `prev` must be the current value, and a private cell starts at zero, so an inconsistent
 * access list throws RwLedgerError here instead of producing traces the prover would refuse.
 */
import type { BoundaryMessage } from '../../stark/index.ts';
import { RW_BUS, RwTag } from '../buses.ts';
import type { PrivateCell } from './rw-cells.ts';
import { MAX_FRAME_ID, MAX_RW_COUNTER, PRIVATE_INDEX_BITS, checkRwKey, isPrivateTag, packedPrivateKey, rwCellId, rwTuple, type RwCellKey } from './rw-key.ts';

/** One access on the bus, in counter order. `prev` (optional) is the value a write overwrites. */
export interface RwAccess extends RwCellKey {
  readonly counter: number;
  readonly isWrite: boolean;
  /** The value read, or the value written. */
  readonly value: bigint;
  /** For writes: the recorded previous value (checked; it gives a public cell's initial value). */
  readonly prev?: bigint;
}

/** The state an access consumes. */
export interface RwPrevious {
  readonly prevCounter: number;
  readonly prevValue: bigint;
}

/** A public cell's boundary: initial state at counter 0, final state at `finalCounter`. */
export interface PublicCell extends RwCellKey {
  readonly initial: bigint;
  readonly final: bigint;
  readonly finalCounter: number;
}

/** Every touched cell's final state. */
export interface RwFinalState {
  /** Sorted by packed key (the `rw_cells` row order). */
  readonly privateCells: PrivateCell[];
  /** In order of first access. */
  readonly publicCells: PublicCell[];
}

/** Thrown for an access list that is not a consistent history. */
export class RwLedgerError extends Error {
  constructor(
    message: string,
    readonly details: { counter: number; cell: string },
  ) {
    super(message);
    this.name = 'RwLedgerError';
  }
}

/** Thrown by `publicCellBoundary` for a malformed statement (repeated key, bad key or value). */
export class RwBoundaryError extends Error {
  constructor(
    message: string,
    readonly details: { cell: string },
  ) {
    super(message);
    this.name = 'RwBoundaryError';
  }
}

interface CellState {
  readonly key: RwCellKey;
  readonly initial: bigint;
  counter: number;
  value: bigint;
}

const WORD_LIMIT = 1n << 256n;
const INDEX_LIMIT = 2 ** PRIVATE_INDEX_BITS;

/** Replays accesses in counter order; see the file comment. */
export class RwLedger {
  private lastCounter = 0;
  /** Private cells by frame · 2^28 + tag · 2^26 + index (exact below 2^52). */
  private readonly privateCells = new Map<number, CellState>();
  private readonly publicCells = new Map<string, CellState>();

  /** Record one access (counters strictly increasing, below 2^30); returns the state it consumes. */
  access(a: RwAccess): RwPrevious {
    function fail(what: string): never {
      throw new RwLedgerError(`rw access at counter ${a.counter} to cell ${rwCellId(a)}: ${what}`, { counter: a.counter, cell: rwCellId(a) });
    }
    if (!Number.isInteger(a.counter) || a.counter <= this.lastCounter || a.counter >= MAX_RW_COUNTER) {
      fail(`counter must increase strictly and stay below 2^30 (previous ${this.lastCounter})`);
    }
    if (a.value < 0n || a.value >= WORD_LIMIT) fail('value is not a 256-bit word');
    const isPrivate = isPrivateTag(a.tag);
    let cell: CellState | undefined;
    if (isPrivate) {
      // Fast path for stack and memory (most accesses): validate the numeric key inline.
      const index = Number(a.slot);
      if (!Number.isInteger(a.frame) || a.frame < 0 || a.frame >= MAX_FRAME_ID || a.address !== 0n || a.slot < 0n || index >= INDEX_LIMIT) {
        checkRwKey(a);
      }
      const id = a.frame * 2 ** 28 + a.tag * 2 ** 26 + index;
      cell = this.privateCells.get(id);
      if (cell === undefined) {
        cell = { key: { tag: a.tag, frame: a.frame, address: 0n, slot: a.slot }, initial: 0n, counter: 0, value: 0n };
        this.privateCells.set(id, cell);
      }
    } else {
      checkRwKey(a);
      const id = rwCellId(a);
      cell = this.publicCells.get(id);
      if (cell === undefined) {
        const initial = a.isWrite ? a.prev : a.value;
        if (initial === undefined) fail('first access to a public cell is a write without its previous value');
        if (initial < 0n || initial >= WORD_LIMIT) fail('initial value is not a 256-bit word');
        cell = { key: { tag: a.tag, frame: a.frame, address: a.address, slot: a.slot }, initial, counter: 0, value: initial };
        this.publicCells.set(id, cell);
      }
    }
    const prev: RwPrevious = { prevCounter: cell.counter, prevValue: cell.value };
    if (!a.isWrite && a.value !== cell.value) fail(`read of ${a.value} but the cell holds ${cell.value}`);
    if (a.isWrite && a.prev !== undefined && a.prev !== cell.value) fail(`write names previous value ${a.prev} but the cell holds ${cell.value}`);
    cell.counter = a.counter;
    cell.value = a.value;
    this.lastCounter = a.counter;
    return prev;
  }

  /**
   * Final states. Throws RwLedgerError if two private cells of different frames share (tag, index):
   * `rw_cells` keys rows by (tag, index) only (part 1 proves one frame).
   */
  finish(): RwFinalState {
    const privateCells: PrivateCell[] = [...this.privateCells.values()].map((s) => ({
      tag: s.key.tag,
      frame: s.key.frame,
      index: Number(s.key.slot),
      finalCounter: s.counter,
      finalValue: s.value,
    }));
    privateCells.sort((x, y) => packedPrivateKey(x.tag, x.index) - packedPrivateKey(y.tag, y.index));
    for (let i = 1; i < privateCells.length; i++) {
      const x = privateCells[i - 1]!;
      const y = privateCells[i]!;
      if (x.tag === y.tag && x.index === y.index) {
        const cell = `${y.tag}:${y.index}`;
        throw new RwLedgerError(`private cell ${cell} is used by frames ${x.frame} and ${y.frame}; rw_cells holds one frame per (tag, index)`, {
          counter: Math.max(x.finalCounter, y.finalCounter),
          cell,
        });
      }
    }
    const publicCells: PublicCell[] = [...this.publicCells.values()].map((s) => ({
      ...s.key,
      initial: s.initial,
      final: s.value,
      finalCounter: s.counter,
    }));
    return { privateCells, publicCells };
  }
}

/**
 * The statement's `rw` boundary for public cells: per cell, a 'send' of (key, 0, initial) and a
 * 'receive' of (key, finalCounter, final). Checks every key is a well-formed public key, values
 * are 256-bit words, counters below 2^30, and no key appears twice (RwBoundaryError): a repeated
 * key would give a cell two initial states to choose from. Transient storage must start at zero.
 */
export function publicCellBoundary(cells: readonly PublicCell[]): BoundaryMessage[] {
  const seen = new Set<string>();
  const out: BoundaryMessage[] = [];
  for (const cell of cells) {
    const id = rwCellId(cell);
    function fail(what: string): never {
      throw new RwBoundaryError(`public rw cell ${id}: ${what}`, { cell: id });
    }
    if (isPrivateTag(cell.tag)) fail('stack and memory cells are private (rw_cells), not statement cells');
    try {
      checkRwKey(cell);
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
    if (seen.has(id)) fail('key appears twice');
    seen.add(id);
    for (const v of [cell.initial, cell.final]) if (v < 0n || v >= WORD_LIMIT) fail('value is not a 256-bit word');
    if (!Number.isInteger(cell.finalCounter) || cell.finalCounter < 0 || cell.finalCounter >= MAX_RW_COUNTER) fail('final counter out of range');
    if (cell.tag === RwTag.Transient && cell.initial !== 0n) fail('transient storage starts at zero');
    out.push({ bus: RW_BUS, kind: 'send', values: rwTuple(cell, 0, cell.initial) });
    out.push({ bus: RW_BUS, kind: 'receive', values: rwTuple(cell, cell.finalCounter, cell.final) });
  }
  return out;
}
