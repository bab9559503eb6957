import { fail, fmt } from './errors.js';

/** Minimal structural view of an ml-matrix `Matrix` (checked by duck typing so the core never imports ml-matrix). */
export interface MatrixLike {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly columns: number;
  /** Entry at (row, column). */
  get(row: number, column: number): number;
}

/**
 * Largest matrix read entry by entry through `get`: 2²⁸ entries (2 GiB as doubles). Beyond it a `MatrixLike`
 * is rejected with a clear error instead of an allocation that hangs or crashes the process.
 */
export const MAX_MATRIX_ENTRIES = 2 ** 28;

/** True for anything with `get`, `rows` and `columns` (an ml-matrix `Matrix`, or a user's own): then validated. */
export function isMatrixLike(x: unknown): x is MatrixLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    !ArrayBuffer.isView(x) &&
    typeof (x as { get?: unknown }).get === 'function' &&
    'rows' in x &&
    'columns' in x
  );
}

/**
 * Validates the dimensions of a {@link MatrixLike}: non-negative integers whose product is at most `maxEntries`.
 *
 * @returns rows and columns
 */
export function matrixDims(fn: string, name: string, m: MatrixLike, maxEntries = MAX_MATRIX_ENTRIES): { rows: number; cols: number } {
  const rows: unknown = m.rows;
  const cols: unknown = m.columns;
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0) fail('INVALID_ARGUMENT', fn, `${name}.rows must be a non-negative integer (got ${fmt(rows)})`);
  if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 0) fail('INVALID_ARGUMENT', fn, `${name}.columns must be a non-negative integer (got ${fmt(cols)})`);
  if (rows * cols > maxEntries) {
    fail('INVALID_ARGUMENT', fn, `${name} is too large: ${rows} × ${cols} entries (at most ${maxEntries} are read through get)`);
  }
  return { rows, cols };
}

/**
 * Reads a {@link MatrixLike} of numbers into a row-major Float64Array: dimensions validated by {@link matrixDims},
 * every `get(i, j)` must return a number (numeric strings and BigInts are rejected, never coerced). Finiteness is
 * left to the caller, whose message names the flat index or the row and column.
 */
export function readMatrix(fn: string, name: string, m: MatrixLike, maxEntries = MAX_MATRIX_ENTRIES): { data: Float64Array; rows: number; cols: number } {
  const { rows, cols } = matrixDims(fn, name, m, maxEntries);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v: unknown = m.get(i, j);
      if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}.get(${i}, ${j}) must return a number (got ${fmt(v)})`);
      data[i * cols + j] = v;
    }
  }
  return { data, rows, cols };
}
