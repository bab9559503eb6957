import { fail, fmt, fmtAt } from '../internal/errors.js';
import { isMatrixObject, readMatrix } from '../internal/matrix.js';
import type { MathJsMatrixLike, MatrixLike } from '../internal/matrix.js';
import { isNumericArray } from '../internal/validate.js';

export type { MatrixLike, MathJsMatrixLike } from '../internal/matrix.js';

/**
 * A dense, row-major n-dimensional table of non-negative numbers: a joint distribution or a table of counts.
 * Axis 0 is the slowest-varying index. Make one with {@link table}.
 */
export interface Table {
  /** Entries in row-major order; `data.length` is the product of `shape`. */
  readonly data: Float64Array;
  /** Size of each axis. */
  readonly shape: readonly number[];
}

/**
 * What the 2-D functions accept as a joint table: a {@link Table}, rows as `number[][]`, an ml-matrix `Matrix` or a
 * mathjs `Matrix`.
 */
export type Table2D = Table | readonly (readonly number[])[] | MatrixLike | MathJsMatrixLike;

/**
 * Makes a {@link Table} from row-major data and a shape, checking that the shape matches the data.
 * The data is copied into a new Float64Array, so later changes to the argument do not leak in.
 *
 * Cost: O(n).
 *
 * @param data - entries in row-major order
 * @param shape - size of each axis: positive integers whose product is `data.length`
 * @returns the table
 * @throws InfometaError `INVALID_ARGUMENT` if data is not an array of numbers or shape is not an array of positive
 *   integers; `NON_FINITE` for a NaN or ±Infinity entry; `SHAPE_MISMATCH` if the product of shape differs from
 *   data.length; `EMPTY_INPUT` for no data
 * @example
 * ```ts
 * import { table, mutualInformation } from 'infometa';
 * const pxy = table([0.4, 0.1, 0.1, 0.4], [2, 2]);
 * console.log(mutualInformation(pxy).toFixed(4)); // 0.1927
 * ```
 */
export function table(data: Float64Array | readonly number[], shape: readonly number[]): Table {
  const fn = 'table';
  if (!isNumericArray(data)) fail('INVALID_ARGUMENT', fn, `data must be an array of numbers or a Float64Array (got ${fmt(data)})`);
  checkShape(fn, shape);
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length === 0) fail('EMPTY_INPUT', fn, 'data is empty');
  if (size !== data.length) fail('SHAPE_MISMATCH', fn, `shape [${shape.join(', ')}] holds ${size} entries but data has ${data.length}`);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const v: unknown = (data as ArrayLike<unknown>)[i];
    if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `data[${i}] must be a number (got ${fmtAt(data as ArrayLike<unknown>, i)})`);
    if (v - v !== 0) fail('NON_FINITE', fn, `data[${i}] must be finite (got ${fmt(v)})`);
    out[i] = v;
  }
  return { data: out, shape: shape.slice() };
}

function checkShape(fn: string, shape: unknown): asserts shape is readonly number[] {
  if (!Array.isArray(shape) || shape.length === 0) fail('INVALID_ARGUMENT', fn, `shape must be a non-empty array of positive integers (got ${fmt(shape)})`);
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1) fail('INVALID_ARGUMENT', fn, `shape[${i}] must be a positive integer (got ${fmt(s)})`);
  }
}

/**
 * Validates and normalizes a table argument of the expected number of dimensions. A `Table` is used without copying
 * (it is never written to); `number[][]` and matrices are copied. Entries are checked to be finite.
 */
export function toTable(fn: string, name: string, x: unknown, ndim: number): Table {
  let data: Float64Array;
  let shape: number[];
  if (isMatrixObject(x)) {
    if (ndim !== 2) fail('SHAPE_MISMATCH', fn, `${name} must be a ${ndim}-D table (got a matrix)`);
    const m = readMatrix(fn, name, x);
    if (m.rows === 0 || m.cols === 0) fail('EMPTY_INPUT', fn, `${name} is empty (${m.rows}×${m.cols})`);
    data = m.data;
    shape = [m.rows, m.cols];
  } else if (Array.isArray(x)) {
    if (ndim !== 2) fail('SHAPE_MISMATCH', fn, `${name} must be a ${ndim}-D Table made with table(data, shape) (got an array of rows)`);
    const r = x.length;
    if (r === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
    const row0: unknown = x[0];
    if (!isNumericArray(row0)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of rows (got ${fmt(row0)} at row 0)`);
    const c = row0.length;
    if (c === 0) fail('EMPTY_INPUT', fn, `${name} has empty rows`);
    data = new Float64Array(r * c);
    for (let i = 0; i < r; i++) {
      const row: unknown = x[i];
      if (!isNumericArray(row)) fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be an array of numbers (got ${fmt(row)})`);
      if (row.length !== c) fail('SHAPE_MISMATCH', fn, `${name} rows must have equal length (row 0 has ${c}, row ${i} has ${row.length})`);
      for (let j = 0; j < c; j++) {
        const v = row[j];
        if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}[${i}][${j}] must be a number (got ${fmtAt(row, j)})`);
        data[i * c + j] = v;
      }
    }
    shape = [r, c];
  } else if (typeof x === 'object' && x !== null && 'data' in x && 'shape' in x) {
    const t = x as { data: unknown; shape: unknown };
    if (!(t.data instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `${name}.data must be a Float64Array; build tables with table(data, shape) (got ${fmt(t.data)})`);
    checkShape(fn, t.shape);
    data = t.data;
    shape = (t.shape as number[]).slice();
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
    if (size !== data.length) fail('SHAPE_MISMATCH', fn, `${name}.shape [${shape.join(', ')}] holds ${size} entries but data has ${data.length}`);
    if (shape.length !== ndim) fail('SHAPE_MISMATCH', fn, `${name} must be a ${ndim}-D table (got shape [${shape.join(', ')}])`);
  } else {
    fail('INVALID_ARGUMENT', fn, `${name} must be a Table, an array of rows or a Matrix (got ${fmt(x)})`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) fail('NON_FINITE', fn, `${name} must be finite (got ${fmt(v)} at flat index ${i})`);
  }
  return { data, shape };
}
