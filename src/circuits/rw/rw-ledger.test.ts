import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_INSECURE, checkWitness, defineSystem, setup } from '../../stark/index.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import { RW_TUPLE, RwTag } from '../buses.ts';
import { RwCellTag, RwKeyError, isPrivateTag, rwCellId, type RwCellKey } from './rw-key.ts';
import { RwBoundaryError, RwLedger, RwLedgerError, publicCellBoundary, type PublicCell, type RwAccess, type RwPrevious } from './rw-ledger.ts';
import { RW_TEST_TABLES, rwTestWitness } from './testing.ts';

const MAX = (1n << 256n) - 1n;

function randomWord(rng: SeededRng): bigint {
  const kind = rng.below(3);
  if (kind === 0) return BigInt(rng.below(4));
  let v = 0n;
  for (let i = 0; i < (kind === 1 ? 2 : 8); i++) v = (v << 32n) | BigInt(rng.nextU32());
  return v & MAX;
}

/** A pool of cells of every tag (private cells in frame 0; public keys follow rw-key.ts). */
function cellPool(rng: SeededRng): RwCellKey[] {
  const cells: RwCellKey[] = [];
  for (let i = 0; i < 6; i++) cells.push({ tag: RwTag.Stack, frame: 0, address: 0n, slot: BigInt(i) });
  for (let i = 0; i < 6; i++) cells.push({ tag: RwTag.Memory, frame: 0, address: 0n, slot: BigInt(rng.below(2 ** 26)) });
  for (let i = 0; i < 3; i++) cells.push({ tag: RwTag.Storage, frame: 0, address: 0xabcn + BigInt(i % 2), slot: randomWord(rng) });
  cells.push({ tag: RwTag.Transient, frame: 0, address: 0xabcn, slot: 1n });
  cells.push({ tag: RwTag.Account, frame: 0, address: 0xabcn, slot: 2n });
  cells.push({ tag: RwTag.Refund, frame: 0, address: 0n, slot: 0n });
  cells.push({ tag: RwCellTag.AccessListAccount, frame: 0, address: 0xdefn, slot: 0n });
  cells.push({ tag: RwCellTag.Log, frame: 0, address: 0n, slot: 3n });
  return cells;
}

/** A random consistent history: reads see the model's current value, writes record their prev. */
function randomHistory(seed: number, length: number): { accesses: RwAccess[]; initial: Map<string, bigint> } {
  const rng = new SeededRng(seed);
  const pool = cellPool(rng);
  const initial = new Map<string, bigint>();
  for (const c of pool) initial.set(rwCellId(c), isPrivateTag(c.tag) || c.tag === RwTag.Transient ? 0n : randomWord(rng));
  const current = new Map(initial);
  const accesses: RwAccess[] = [];
  let counter = 0;
  for (let i = 0; i < length; i++) {
    const cell = pool[rng.below(pool.length)]!;
    const id = rwCellId(cell);
    counter += 1 + (rng.below(4) === 0 ? rng.below(100_000) : 0);
    const prev = current.get(id)!;
    if (rng.below(2) === 0) accesses.push({ ...cell, counter, isWrite: false, value: prev });
    else {
      const value = randomWord(rng);
      accesses.push({ ...cell, counter, isWrite: true, value, prev });
      current.set(id, value);
    }
  }
  return { accesses, initial };
}

/** Naive reference: for each access, scan back for the latest earlier access to the same cell. */
function naivePrevious(accesses: readonly RwAccess[], initial: Map<string, bigint>): RwPrevious[] {
  return accesses.map((a, i) => {
    for (let j = i - 1; j >= 0; j--) {
      const b = accesses[j]!;
      if (rwCellId(b) === rwCellId(a)) return { prevCounter: b.counter, prevValue: b.value };
    }
    return { prevCounter: 0, prevValue: initial.get(rwCellId(a))! };
  });
}

const stackWrite = (slot: number, counter: number, value: bigint): RwAccess => ({
  tag: RwTag.Stack,
  frame: 0,
  address: 0n,
  slot: BigInt(slot),
  counter,
  isWrite: true,
  value,
});
const read = (a: RwAccess, counter: number, value: bigint): RwAccess => {
  const { prev: _prev, ...rest } = a;
  return { ...rest, counter, isWrite: false, value };
};

describe('RwLedger', () => {
  it('agrees with a naive backward-scan replay on random histories (prev states and final states)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { accesses, initial } = randomHistory(seed, 400);
      const ledger = new RwLedger();
      const got = accesses.map((a) => ledger.access(a));
      expect(got).toEqual(naivePrevious(accesses, initial));
      const final = ledger.finish();
      // Final state per touched cell = its last access; initial = the model's initial value.
      const last = new Map<string, RwAccess>();
      for (const a of accesses) last.set(rwCellId(a), a);
      const privateTouched = [...last.values()].filter((a) => isPrivateTag(a.tag));
      expect(final.privateCells.length).toBe(privateTouched.length);
      for (const c of final.privateCells) {
        const a = last.get(rwCellId({ tag: c.tag, frame: c.frame, address: 0n, slot: BigInt(c.index) }))!;
        expect([c.finalCounter, c.finalValue]).toEqual([a.counter, a.value]);
      }
      const keys = final.privateCells.map((c) => c.tag * 2 ** 27 + c.index);
      expect(keys).toEqual([...keys].sort((x, y) => x - y));
      expect(final.publicCells.length).toBe(last.size - privateTouched.length);
      for (const c of final.publicCells) {
        const a = last.get(rwCellId(c))!;
        expect([c.initial, c.final, c.finalCounter]).toEqual([initial.get(rwCellId(c)), a.value, a.counter]);
      }
    }
  });

  it('a random history balances the rw bus with rw_cells and the public boundary', () => {
    const system = defineSystem([...RW_TEST_TABLES]);
    const keys = setup(system, TEST_CONFIG_INSECURE);
    const { accesses } = randomHistory(99, 300);
    const w = rwTestWitness(accesses);
    expect(checkWitness(keys.provingKey, w)).toEqual([]);
  });

  it('refuses inconsistent histories with RwLedgerError', () => {
    const w1 = stackWrite(0, 1, 5n);
    const w2 = stackWrite(0, 2, 6n);
    const refuse = (accesses: RwAccess[], message: string): void => {
      const ledger = new RwLedger();
      expect(() => accesses.forEach((a) => ledger.access(a))).toThrow(RwLedgerError);
      const again = new RwLedger();
      expect(() => accesses.forEach((a) => again.access(a))).toThrow(message);
    };
    refuse([w1, w2, read(w1, 3, 5n)], 'read of 5 but the cell holds 6'); // stale read
    refuse([read(w1, 1, 3n)], 'read of 3 but the cell holds 0'); // nonzero read of a never-written private cell
    refuse([w1, { ...w2, counter: 1 }], 'counter must increase strictly');
    refuse([{ ...w1, counter: 2 ** 30 }], 'counter must increase strictly');
    refuse([w1, { ...w2, prev: 4n }], 'write names previous value 4 but the cell holds 5');
    refuse([{ tag: RwTag.Storage, frame: 0, address: 1n, slot: 1n, counter: 1, isWrite: true, value: 1n }], 'write without its previous value');
    refuse([{ ...w1, value: 1n << 256n }], 'not a 256-bit word');
    expect(() => new RwLedger().access({ ...w1, address: 1n })).toThrow(RwKeyError);
    expect(() => new RwLedger().access({ ...w1, slot: 1n << 26n })).toThrow(RwKeyError);
    expect(() => new RwLedger().access({ tag: RwTag.Storage, frame: 2, address: 1n, slot: 1n, counter: 1, isWrite: false, value: 0n })).toThrow(
      'public cell must use frame 0',
    );
    // Two frames sharing a (tag, index) cannot both live in rw_cells.
    const ledger = new RwLedger();
    ledger.access(w1);
    ledger.access({ ...w2, frame: 1 });
    expect(() => ledger.finish()).toThrow('used by frames 0 and 1');
  });
});

describe('publicCellBoundary', () => {
  const cell: PublicCell = { tag: RwTag.Storage, frame: 0, address: 0x1234n, slot: MAX, initial: 7n, final: 9n, finalCounter: 12 };

  it('sends (key, 0, initial) and receives (key, finalCounter, final) per cell', () => {
    const b = publicCellBoundary([cell]);
    expect(b.map((m) => [m.bus, m.kind, m.values[RW_TUPLE.counter], m.values[RW_TUPLE.value]])).toEqual([
      ['rw', 'send', 0, 7],
      ['rw', 'receive', 12, 9],
    ]);
    expect(b[0]!.values.slice(RW_TUPLE.address, RW_TUPLE.address + 2)).toEqual([0x1234, 0]);
    expect(b[0]!.values.slice(RW_TUPLE.slot, RW_TUPLE.counter)).toEqual(new Array(16).fill(0xffff));
  });

  it('refuses repeated keys and malformed cells with RwBoundaryError', () => {
    expect(() => publicCellBoundary([cell, { ...cell, initial: 1n, final: 1n, finalCounter: 0 }])).toThrow(RwBoundaryError);
    expect(() => publicCellBoundary([cell, { ...cell, initial: 1n }])).toThrow('key appears twice');
    expect(() => publicCellBoundary([{ ...cell, tag: RwTag.Memory, address: 0n, slot: 1n }])).toThrow('private');
    expect(() => publicCellBoundary([{ ...cell, tag: RwTag.Transient }])).toThrow('transient storage starts at zero');
    expect(() => publicCellBoundary([{ ...cell, final: 1n << 256n }])).toThrow('not a 256-bit word');
    expect(() => publicCellBoundary([{ ...cell, finalCounter: 2 ** 30 }])).toThrow('final counter out of range');
    expect(() => publicCellBoundary([{ ...cell, frame: 1 }])).toThrow(RwBoundaryError);
    expect(() => publicCellBoundary([{ ...cell, address: 1n << 160n }])).toThrow('address is not 160 bits');
    // Distinct slots of the same account are distinct cells.
    expect(publicCellBoundary([cell, { ...cell, slot: 0n }])).toHaveLength(4);
  });
});
