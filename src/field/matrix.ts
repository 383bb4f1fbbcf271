/**
 * Row-major matrix of BabyBear elements over one flat Uint32Array: the trace/LDE layout shared by
 * the field, hash and STARK layers. Row r occupies values[r*width, (r+1)*width).
 */

/** Thrown when a matrix is built or indexed with an inconsistent shape. */
export class MatrixShapeError extends RangeError {
  constructor(message: string) {
    super(`matrix: ${message}`);
    this.name = 'MatrixShapeError';
  }
}

/** A dense height × width matrix stored row after row in one typed array. */
export class RowMajorMatrix {
  /** The backing storage, length height * width. */
  readonly values: Uint32Array;
  /** Number of columns (>= 1). */
  readonly width: number;

  constructor(values: Uint32Array, width: number) {
    if (!Number.isInteger(width) || width < 1) {
      throw new MatrixShapeError(`width must be a positive integer, got ${width}`);
    }
    if (values.length % width !== 0) {
      throw new MatrixShapeError(`${values.length} values do not fill rows of width ${width}`);
    }
    this.values = values;
    this.width = width;
  }

  /** Number of rows. */
  get height(): number {
    return this.values.length / this.width;
  }

  /** Row r as a subarray view (writes go through to the matrix). */
  row(r: number): Uint32Array {
    this.checkRow(r);
    return this.values.subarray(r * this.width, (r + 1) * this.width);
  }

  /** Element at row r, column c. */
  get(r: number, c: number): number {
    this.checkRow(r);
    if (!Number.isInteger(c) || c < 0 || c >= this.width) {
      throw new MatrixShapeError(`column ${c} out of range [0, ${this.width})`);
    }
    return this.values[r * this.width + c]!;
  }

  /** Column c copied out into a new array of length height. */
  column(c: number): Uint32Array {
    if (!Number.isInteger(c) || c < 0 || c >= this.width) {
      throw new MatrixShapeError(`column ${c} out of range [0, ${this.width})`);
    }
    const h = this.height;
    const w = this.width;
    const out = new Uint32Array(h);
    for (let r = 0; r < h; r++) out[r] = this.values[r * w + c]!;
    return out;
  }

  /** A height × width matrix of zeros. */
  static zeros(height: number, width: number): RowMajorMatrix {
    if (!Number.isInteger(height) || height < 0) {
      throw new MatrixShapeError(`height must be a non-negative integer, got ${height}`);
    }
    return new RowMajorMatrix(new Uint32Array(height * width), width);
  }

  private checkRow(r: number): void {
    if (!Number.isInteger(r) || r < 0 || r >= this.height) {
      throw new MatrixShapeError(`row ${r} out of range [0, ${this.height})`);
    }
  }
}
