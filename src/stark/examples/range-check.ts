/**
 * Test AIR: a range-check lookup. The `limbs` table holds 8-bit limbs and their 16-bit
 * recomposition (w = lo + 256·hi, checked by a constraint); every limb is sent on bus `range8`,
 * and the preprocessed `range8` table receives them with multiplicities.
 */
import { RowMajorMatrix } from '../../field/matrix.ts';
import { schema } from '../air/schema.ts';
import { defineTable } from '../air/table.ts';
import { rangeBus, rangeMultiplicities, rangeTable } from '../lookups.ts';

/** Columns of the limbs table. */
export const LIMB_COLUMNS = schema({ word: 1, limbs: 2 });

/** A table of 16-bit words split into two range-checked bytes. */
export const limbsTable = defineTable({
  name: 'limbs',
  columns: LIMB_COLUMNS,
  constraints(b) {
    const [lo, hi] = b.mains(b.cols.limbs);
    b.assertEq('word_is_lo_plus_256_hi', b.main(b.cols.word), lo!.add(hi!.mul(256)));
    b.send(rangeBus(8), [lo!]);
    b.send(rangeBus(8), [hi!]);
  },
});

/** The 8-bit range table the limbs are looked up in. */
export const range8Table = rangeTable(8);

/** Traces for both tables from a list of 2^logN 16-bit words. */
export function rangeCheckTraces(words: readonly number[]): { limbs: RowMajorMatrix; range8: RowMajorMatrix } {
  const m = RowMajorMatrix.zeros(words.length, LIMB_COLUMNS.width);
  const looked: number[] = [];
  words.forEach((w, r) => {
    const row = m.row(r);
    row[LIMB_COLUMNS.word] = w;
    row[LIMB_COLUMNS.limbs[0]!] = w & 0xff;
    row[LIMB_COLUMNS.limbs[1]!] = w >>> 8;
    looked.push(w & 0xff, w >>> 8);
  });
  return { limbs: m, range8: rangeMultiplicities(8, looked) };
}
