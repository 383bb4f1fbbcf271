/**
 * Test AIR: the Fibonacci sequence mod p in two columns. Row r holds (F_r, F_{r+1}) starting from
 * public (a0, b0); the public `result` is b on the last row.
 */
import { add } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { schema } from '../air/schema.ts';
import { defineTable } from '../air/table.ts';

/** Columns of the Fibonacci table. */
export const FIB_COLUMNS = schema({ a: 1, b: 1 });

/** The Fibonacci table. */
export const fibonacciTable = defineTable({
  name: 'fibonacci',
  columns: FIB_COLUMNS,
  publicInputs: ['a0', 'b0', 'result'],
  constraints(b) {
    const c = b.cols;
    const a = b.main(c.a);
    const bb = b.main(c.b);
    b.first('a_starts_at_a0', a.sub(b.public('a0')));
    b.first('b_starts_at_b0', bb.sub(b.public('b0')));
    b.transition('a_next_is_b', b.next(c.a).sub(bb));
    b.transition('b_next_is_sum', b.next(c.b).sub(a.add(bb)));
    b.last('b_ends_at_result', bb.sub(b.public('result')));
  },
});

/** Generate the trace of 2^logN rows; returns it with the public inputs [a0, b0, result]. */
export function fibonacciTrace(logN: number, a0 = 0, b0 = 1): { trace: RowMajorMatrix; publics: number[] } {
  const n = 1 << logN;
  const m = RowMajorMatrix.zeros(n, FIB_COLUMNS.width);
  let a = a0;
  let b = b0;
  for (let r = 0; r < n; r++) {
    const row = m.row(r);
    row[FIB_COLUMNS.a] = a;
    row[FIB_COLUMNS.b] = b;
    const s = add(a, b);
    a = b;
    b = s;
  }
  return { trace: m, publics: [a0, b0, m.get(n - 1, FIB_COLUMNS.b)] };
}
