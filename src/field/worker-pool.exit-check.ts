/**
 * Child-process check for worker-pool.test.ts: runs an LDE on the shared pool both ways (async,
 * and the synchronous API's blocking split, which this size triggers) and then simply returns. The process must exit on its own (idle workers are unref'd); the test fails on
 * a hang (timeout) or a wrong result.
 */
import { RowMajorMatrix } from './matrix.ts';
import { cosetLde, cosetLdeParallel } from './ntt.ts';

const evals = new RowMajorMatrix(Uint32Array.from({ length: 16 * 4096 }, (_, i) => (i * 7919) % 2013265921), 16);
const parallel = await cosetLdeParallel(evals, 1, 31);
const single = cosetLde(evals, 1, 31);
const same = parallel.values.every((v, i) => v === single.values[i]);
process.stdout.write(same ? 'ok\n' : 'mismatch\n');
