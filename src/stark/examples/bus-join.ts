/**
 * Test AIR: two tables of different heights joined by a bus, plus a public boundary message.
 * `squares` (the producer) holds pairs (x, x² + 1) and offers each with a multiplicity column;
 * `requests` (the consumer, taller) receives the pairs it uses on its active rows. The statement
 * also receives one pair on the bus (a boundary message), so the producer must offer it once more.
 */
import { add, mul } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { schema } from '../air/schema.ts';
import { defineTable } from '../air/table.ts';
import type { BoundaryMessage } from '../witness.ts';

/** Bus name joining the two tables. */
export const SQUARES_BUS = 'squares';

/** Producer columns. */
export const SQUARES_COLUMNS = schema({ x: 1, y: 1, mult: 1 });
/** Consumer columns. */
export const REQUESTS_COLUMNS = schema({ x: 1, y: 1, active: 1 });

/** Producer: y = x² + 1 on every row, x counts up from 0; sends (x, y) with multiplicity `mult`. */
export const squaresTable = defineTable({
  name: 'squares',
  columns: SQUARES_COLUMNS,
  constraints(b) {
    const c = b.cols;
    const x = b.main(c.x);
    b.assertEq('y_is_x_squared_plus_one', b.main(c.y), x.mul(x).add(1));
    b.first('x_starts_at_zero', x);
    b.transition('x_counts_up', b.next(c.x).sub(x).sub(1));
    b.send(SQUARES_BUS, [x, b.main(c.y)], b.main(c.mult));
  },
});

/** Consumer: receives (x, y) on active rows; `active` is boolean. */
export const requestsTable = defineTable({
  name: 'requests',
  columns: REQUESTS_COLUMNS,
  constraints(b) {
    const c = b.cols;
    const active = b.main(c.active);
    b.assertBool('active_is_bool', active);
    b.receive(SQUARES_BUS, [b.main(c.x), b.main(c.y)], active);
  },
});

/**
 * Traces: the producer covers x in [0, 2^logProducer); the consumer requests `xs` (padded with
 * inactive rows to 2^logConsumer); the statement receives (boundaryX, boundaryX² + 1).
 */
export function busJoinTraces(
  logProducer: number,
  logConsumer: number,
  xs: readonly number[],
  boundaryX: number,
): { squares: RowMajorMatrix; requests: RowMajorMatrix; boundary: BoundaryMessage[] } {
  const np = 1 << logProducer;
  const nc = 1 << logConsumer;
  const sq = RowMajorMatrix.zeros(np, SQUARES_COLUMNS.width);
  const f = (x: number) => add(mul(x, x), 1);
  for (let x = 0; x < np; x++) {
    const row = sq.row(x);
    row[SQUARES_COLUMNS.x] = x;
    row[SQUARES_COLUMNS.y] = f(x);
  }
  const rq = RowMajorMatrix.zeros(nc, REQUESTS_COLUMNS.width);
  xs.forEach((x, r) => {
    const row = rq.row(r);
    row[REQUESTS_COLUMNS.x] = x;
    row[REQUESTS_COLUMNS.y] = f(x);
    row[REQUESTS_COLUMNS.active] = 1;
    sq.row(x)[SQUARES_COLUMNS.mult]! += 1;
  });
  sq.row(boundaryX)[SQUARES_COLUMNS.mult]! += 1;
  return {
    squares: sq,
    requests: rq,
    boundary: [{ bus: SQUARES_BUS, kind: 'receive', values: [boundaryX, f(boundaryX)] }],
  };
}
