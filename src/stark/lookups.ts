/**
 * Reusable preprocessed lookup tables. Their contents are fixed columns committed once in the
 * verifying key; the only witness column is how many times each row is looked up.
 *
 * - `rangeTable(bits)`: receives [v] on bus `range<bits>` for every v in [0, 2^bits).
 * - `byteOpTable(bits)`: receives [op, a, b, a∘b] on bus `byteop<bits>` for op ∈ {AND, OR, XOR}
 *   and every a, b in [0, 2^bits) (bits = 8 is the byte table: 65536 rows).
 * Users send on those buses (`b.send(rangeBus(16), [limb])`) and build the multiplicity trace with
 * `rangeMultiplicities` / `ByteOpCounter`.
 */
import { RowMajorMatrix } from '../field/matrix.ts';
import { schema, type Schema } from './air/schema.ts';
import { defineTable, type TableSpec } from './air/table.ts';
import { AirDefinitionError, WitnessShapeError } from './errors.ts';

/** Bus name of the range table of `bits`. */
export function rangeBus(bits: number): string {
  return `range${bits}`;
}

const RANGE_MAIN = schema({ mult: 1 });
const RANGE_PREP = schema({ value: 1 });

/** Main-column schema of range tables. */
export type RangeMainSchema = typeof RANGE_MAIN;

/** The range-check table for [0, 2^bits), 1 <= bits <= 20; table name `range<bits>`. */
export function rangeTable(bits: number): TableSpec<{ mult: 1 }, { value: 1 }> {
  if (!Number.isInteger(bits) || bits < 1 || bits > 20) throw new AirDefinitionError('rangeTable: bits must be in [1, 20]');
  const height = 1 << bits;
  return defineTable({
    name: `range${bits}`,
    columns: RANGE_MAIN,
    preprocessed: {
      columns: RANGE_PREP,
      height,
      generate: () => Uint32Array.from({ length: height }, (_, i) => i),
    },
    constraints(b) {
      b.receive(rangeBus(bits), [b.prep(RANGE_PREP.value)], b.main(RANGE_MAIN.mult));
    },
  });
}

/** The multiplicity trace of `rangeTable(bits)` for the given looked-up values. */
export function rangeMultiplicities(bits: number, lookups: Iterable<number>): RowMajorMatrix {
  const height = 1 << bits;
  const m = new Uint32Array(height);
  for (const v of lookups) {
    if (!Number.isInteger(v) || v < 0 || v >= height) {
      throw new WitnessShapeError(`range${bits}: value ${v} is out of range`);
    }
    m[v]! += 1;
  }
  return new RowMajorMatrix(m, 1);
}

/** Byte-operation codes used as the first tuple component on a byte-op bus. */
export const ByteOp = { And: 0, Or: 1, Xor: 2 } as const;
/** A byte-operation code. */
export type ByteOp = (typeof ByteOp)[keyof typeof ByteOp];

const BYTEOP_MAIN = schema({ multAnd: 1, multOr: 1, multXor: 1 });
const BYTEOP_PREP = schema({ a: 1, b: 1, and: 1, or: 1, xor: 1 });

/** Bus name of the byte-op table of `bits`. */
export function byteOpBus(bits: number): string {
  return `byteop${bits}`;
}

/** Preprocessed schema of byte-op tables (row a·2^bits + b holds a, b, a&b, a|b, a^b). */
export const BYTEOP_PREP_SCHEMA: Schema<{ a: 1; b: 1; and: 1; or: 1; xor: 1 }> = BYTEOP_PREP;

/** The bitwise-operation lookup table over [0, 2^bits)², 1 <= bits <= 8; table name `byteop<bits>`. */
export function byteOpTable(bits = 8): TableSpec<{ multAnd: 1; multOr: 1; multXor: 1 }, { a: 1; b: 1; and: 1; or: 1; xor: 1 }> {
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new AirDefinitionError('byteOpTable: bits must be in [1, 8]');
  const side = 1 << bits;
  const height = side * side;
  return defineTable({
    name: `byteop${bits}`,
    columns: BYTEOP_MAIN,
    preprocessed: {
      columns: BYTEOP_PREP,
      height,
      generate: () => {
        const v = new Uint32Array(height * BYTEOP_PREP.width);
        for (let a = 0; a < side; a++) {
          for (let b = 0; b < side; b++) {
            const o = (a * side + b) * BYTEOP_PREP.width;
            v[o + BYTEOP_PREP.a] = a;
            v[o + BYTEOP_PREP.b] = b;
            v[o + BYTEOP_PREP.and] = a & b;
            v[o + BYTEOP_PREP.or] = a | b;
            v[o + BYTEOP_PREP.xor] = a ^ b;
          }
        }
        return v;
      },
    },
    constraints(b) {
      const p = (c: number) => b.prep(c);
      const bus = byteOpBus(bits);
      const a = p(BYTEOP_PREP.a);
      const bb = p(BYTEOP_PREP.b);
      b.receive(bus, [ByteOp.And, a, bb, p(BYTEOP_PREP.and)], b.main(BYTEOP_MAIN.multAnd));
      b.receive(bus, [ByteOp.Or, a, bb, p(BYTEOP_PREP.or)], b.main(BYTEOP_MAIN.multOr));
      b.receive(bus, [ByteOp.Xor, a, bb, p(BYTEOP_PREP.xor)], b.main(BYTEOP_MAIN.multXor));
    },
  });
}

/** Counts byte-op lookups and produces the multiplicity trace of `byteOpTable(bits)`. */
export class ByteOpCounter {
  private readonly counts: Uint32Array;
  private readonly side: number;
  constructor(readonly bits = 8) {
    this.side = 1 << bits;
    this.counts = new Uint32Array(this.side * this.side * 3);
  }
  /** Record one lookup of `op` on (a, b); returns the result a∘b (what the sender must use). */
  record(op: ByteOp, a: number, b: number): number {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= this.side || b >= this.side) {
      throw new WitnessShapeError(`byteop${this.bits}: operands (${a}, ${b}) out of range`);
    }
    this.counts[(a * this.side + b) * 3 + op]! += 1;
    return op === ByteOp.And ? a & b : op === ByteOp.Or ? a | b : a ^ b;
  }
  /** The main trace (columns multAnd, multOr, multXor). */
  trace(): RowMajorMatrix {
    return new RowMajorMatrix(Uint32Array.from(this.counts), 3);
  }
}
