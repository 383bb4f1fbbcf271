import { describe, expect, it } from 'vitest';
import { MatrixShapeError, RowMajorMatrix } from './matrix.ts';

describe('RowMajorMatrix', () => {
  it('exposes rows as views and elements by (row, column)', () => {
    const m = new RowMajorMatrix(Uint32Array.of(1, 2, 3, 4, 5, 6), 3);
    expect(m.height).toBe(2);
    expect(m.width).toBe(3);
    expect(Array.from(m.row(1))).toEqual([4, 5, 6]);
    expect(m.get(0, 2)).toBe(3);
    expect(Array.from(m.column(1))).toEqual([2, 5]);
    m.row(0)[0] = 9;
    expect(m.values[0]).toBe(9);
  });

  it('builds zero matrices', () => {
    const z = RowMajorMatrix.zeros(4, 2);
    expect(z.height).toBe(4);
    expect(z.values.length).toBe(8);
    expect(z.values.every((v) => v === 0)).toBe(true);
  });

  it('rejects inconsistent shapes and out-of-range indices', () => {
    expect(() => new RowMajorMatrix(new Uint32Array(5), 2)).toThrow(MatrixShapeError);
    expect(() => new RowMajorMatrix(new Uint32Array(4), 0)).toThrow(MatrixShapeError);
    const m = RowMajorMatrix.zeros(2, 2);
    expect(() => m.row(2)).toThrow(MatrixShapeError);
    expect(() => m.get(0, 2)).toThrow(MatrixShapeError);
  });
});
