// The one matrix converter: reads the matrix objects of other libraries (ml-matrix, mathjs) by duck typing, so
// that no layer imports either library and `import { entropy }` stays small.
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
 * Minimal structural view of a mathjs `Matrix` (`math.matrix(...)`, dense or sparse), checked by duck typing so that
 * nothing in infometa imports mathjs.
 */
export interface MathJsMatrixLike {
  /** `'DenseMatrix'` or `'SparseMatrix'`. */
  readonly type: string;
  /** Storage format, `'dense'` or `'sparse'`. */
  storage(): string;
  /** Dimensions, `[rows, columns]` for a 2-D matrix. */
  size(): number[];
  /** The entries as nested arrays (a copy). */
  toArray(): unknown;
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

/** True for a mathjs `Matrix` (its prototype says `isMatrix`, and it has `size` and `toArray`). */
export function isMathJsMatrix(x: unknown): x is MathJsMatrixLike {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  try {
    const m = x as { isMatrix?: unknown; size?: unknown; toArray?: unknown };
    return m.isMatrix === true && typeof m.size === 'function' && typeof m.toArray === 'function';
  } catch {
    return false; // a hostile getter: not a matrix we can read
  }
}

/** True for an ml-matrix `Matrix` (or anything shaped like one) or a mathjs `Matrix`: what {@link readMatrix} reads. */
export function isMatrixObject(x: unknown): x is MatrixLike | MathJsMatrixLike {
  return isMathJsMatrix(x) || isMatrixLike(x);
}

function checkDims(fn: string, name: string, rows: unknown, cols: unknown, maxEntries: number, how: string): { rows: number; cols: number } {
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0) fail('INVALID_ARGUMENT', fn, `${name}.rows must be a non-negative integer (got ${fmt(rows)})`);
  if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 0) fail('INVALID_ARGUMENT', fn, `${name}.columns must be a non-negative integer (got ${fmt(cols)})`);
  if (rows * cols > maxEntries) {
    fail('INVALID_ARGUMENT', fn, `${name} is too large: ${rows} × ${cols} entries (at most ${maxEntries} are read ${how})`);
  }
  return { rows, cols };
}

/**
 * Validates the dimensions of a {@link MatrixLike}: non-negative integers whose product is at most `maxEntries`.
 *
 * @returns rows and columns
 */
export function matrixDims(fn: string, name: string, m: MatrixLike, maxEntries = MAX_MATRIX_ENTRIES): { rows: number; cols: number } {
  return checkDims(fn, name, m.rows, m.columns, maxEntries, 'through get');
}

/** Reads a 2-D mathjs matrix through `toArray`; entries must be numbers (a BigNumber or Fraction is refused). */
function readMathJs(fn: string, name: string, m: MathJsMatrixLike, maxEntries: number): { data: Float64Array; rows: number; cols: number } {
  const size: unknown = m.size();
  if (!Array.isArray(size) || size.length !== 2) {
    fail('SHAPE_MISMATCH', fn, `${name} must be a 2-D matrix (got a mathjs matrix of size [${Array.isArray(size) ? size.join(', ') : fmt(size)}])`);
  }
  const { rows, cols } = checkDims(fn, name, size[0], size[1], maxEntries, 'from a mathjs matrix');
  const nested = m.toArray() as unknown[][];
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = nested[i];
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') {
        const kind = typeof v === 'object' && v !== null ? ((v as { type?: unknown }).type ?? fmt(v)) : fmt(v);
        fail('INVALID_ARGUMENT', fn, `${name}[${i}][${j}] must be a number (got ${String(kind)}); convert a mathjs matrix with math.number(m) first`);
      }
      data[i * cols + j] = v;
    }
  }
  return { data, rows, cols };
}

/**
 * Reads a {@link MatrixLike} (an ml-matrix `Matrix`) or a 2-D mathjs `Matrix` of numbers into a row-major
 * Float64Array: dimensions validated (non-negative integers, at most `maxEntries` entries), every entry must be a
 * number (numeric strings, BigInts, mathjs BigNumbers and Fractions are rejected, never coerced). Finiteness is left
 * to the caller, whose message names the flat index or the row and column.
 */
export function readMatrix(fn: string, name: string, m: MatrixLike | MathJsMatrixLike, maxEntries = MAX_MATRIX_ENTRIES): { data: Float64Array; rows: number; cols: number } {
  if (isMathJsMatrix(m)) return readMathJs(fn, name, m, maxEntries);
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
