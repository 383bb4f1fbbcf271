import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { fp4, type Fp4 } from '../../field/extension.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { schema } from '../air/schema.ts';
import { defineSystem } from '../air/system.ts';
import { defineTable } from '../air/table.ts';
import { checkTableConstraints } from '../debug-checker.ts';
import { evaluateInteractions, evaluateInteractionsReference } from '../interactions.ts';
import { rangeBus, rangeTable } from '../lookups.ts';
import { quotientEvaluations } from '../quotient.ts';
import { quotientEvaluationsReference } from '../quotient-reference.ts';
import { SeededRng } from '../testing/prng.ts';

const rng = new SeededRng(77);
const randomFp4 = (): Fp4 => fp4(rng.below(P), rng.below(P), rng.below(P), rng.below(P));
const randomMatrix = (h: number, w: number): RowMajorMatrix =>
  new RowMajorMatrix(Uint32Array.from({ length: h * w }, () => (rng.below(5) === 0 ? 0 : rng.below(P))), w);
const same = (a: Uint32Array, b: Uint32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

// Every interpreter opcode: base add/sub/mul/neg, every filter, public inputs and constants
// (uniform registers), duplicated operands (x·x), and a bus whose LogUp constraints use the
// extension opcodes (ext·ext, ext·base, base − ext, ext negation via the running sum).
const COLS = schema({ a: 1, b: 1, c: 1, m: 1 });
const opsTable = defineTable({
  name: 'ops',
  columns: COLS,
  publicInputs: ['start'],
  constraints(b) {
    const a = b.main(COLS.a);
    const bb = b.main(COLS.b);
    const c = b.main(COLS.c);
    b.first('starts', a.sub(b.public('start')));
    b.last('ends', bb.sub(7));
    b.transition('steps', b.next(COLS.a).sub(bb.mul(c)).add(a.neg()));
    b.assertZero('cubic', a.mul(a).mul(bb).sub(c.add(3)).neg().add(b.next(COLS.c)));
    b.send(rangeBus(4), [a.add(bb)], b.main(COLS.m));
    b.receive(rangeBus(4), [c.sub(1)], 1);
  },
});
const system = defineSystem([opsTable, rangeTable(4)]);
const ops = system.tables[0]!;
const range = system.tables[1]!;

describe('constraint interpreter (WebAssembly) agrees with the TypeScript program', () => {
  it('quotient accumulation on random LDE matrices, every filter and opcode, several heights', () => {
    for (const logN of [1, 2, 4, 5, 8]) {
      for (const table of [ops, range]) {
        const logB = 2;
        const N = 1 << (logN + logB);
        const ldes = {
          main: randomMatrix(N, table.mainWidth),
          prep: table.prepWidth > 0 ? randomMatrix(N, table.prepWidth) : null,
          perm: table.logup ? randomMatrix(N, 4 * table.logup.extWidth) : null,
        };
        if (table.prepWidth > 0 && logN !== 4) continue; // a preprocessed table has a fixed height
        const uniforms = {
          publics: table === ops ? [rng.below(P)] : [],
          challenges: Array.from({ length: system.numChallenges }, randomFp4),
          cumSum: randomFp4(),
        };
        const alpha = randomFp4();
        const got = quotientEvaluations(table, ldes, logN, logB, uniforms, alpha);
        const want = quotientEvaluationsReference(table, ldes, logN, logB, uniforms, alpha);
        expect(same(got, want), `${table.name} logN=${logN}`).toBe(true);
      }
    }
  });

  it('interaction columns', () => {
    for (const logN of [1, 3, 9]) {
      const trace = randomMatrix(1 << logN, ops.mainWidth);
      const publics = [rng.below(P)];
      const got = evaluateInteractions(ops, trace, null, publics);
      const want = evaluateInteractionsReference(ops, trace, null, publics);
      got.values.forEach((cols, i) => cols.forEach((col, j) => expect(same(col, want.values[i]![j]!)).toBe(true)));
      got.mult.forEach((col, i) => expect(same(col, want.mult[i]!)).toBe(true));
    }
  });

  it('the witness screen flags exactly the traces with a failing selected row', () => {
    // A valid trace for the filtered constraints only exists by construction; use a table whose
    // constraints a zero trace satisfies except where a single cell is set.
    const cols = schema({ x: 1, y: 1 });
    const t = defineSystem([
      defineTable({
        name: 'screen',
        columns: cols,
        constraints(b) {
          b.first('x0', b.main(cols.x));
          b.last('ylast', b.main(cols.y));
          b.transition('xnext', b.next(cols.x).sub(b.main(cols.y)));
          b.assertBool('ybool', b.main(cols.y));
        },
      }),
    ]).tables[0]!;
    for (const logN of [1, 3, 8]) {
      const n = 1 << logN;
      expect(checkTableConstraints(t, RowMajorMatrix.zeros(n, 2), null, [])).toEqual([]);
      for (let trial = 0; trial < 6; trial++) {
        const m = RowMajorMatrix.zeros(n, 2);
        const row = rng.below(n);
        const col = rng.below(2);
        m.row(row)[col] = 1 + rng.below(P - 1);
        const failures = checkTableConstraints(t, m, null, []);
        // x ≠ 0 at row r breaks x0 (r = 0) or xnext (r > 0); y ≠ 0 breaks xnext on row r (r < n−1) or ylast.
        expect(failures.length, `logN=${logN} row=${row} col=${col}`).toBeGreaterThan(0);
      }
    }
  });
});
