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

/** A 2-D matrix read into row-major numbers. */
export interface DenseMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

function isMlMatrix(x: unknown): x is MatrixLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as MatrixLike).rows === 'number' &&
    typeof (x as MatrixLike).columns === 'number' &&
    typeof (x as MatrixLike).get === 'function'
  );
}

function isMathJsMatrix(x: unknown): x is MathJsMatrixLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as { isMatrix?: unknown }).isMatrix === true &&
    typeof (x as MathJsMatrixLike).size === 'function' &&
    typeof (x as MathJsMatrixLike).toArray === 'function'
  );
}

/** True for an ml-matrix `Matrix` or a mathjs `Matrix` (anything {@link readMatrix} reads). */
export function isMatrixObject(x: unknown): x is MatrixLike | MathJsMatrixLike {
  return isMlMatrix(x) || isMathJsMatrix(x);
}

function checkDim(fn: string, name: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail('INVALID_ARGUMENT', fn, `${name} has ${what} = ${fmt(v)}, not a non-negative integer`);
  return v;
}

/**
 * Reads an ml-matrix `Matrix` or a 2-D mathjs `Matrix` into row-major numbers (a copy). Entries must be numbers:
 * a mathjs matrix of BigNumbers, Fractions or Complex values is refused with a hint to convert it. Finiteness is
 * left to the caller, which knows what the entries mean.
 *
 * @returns the matrix, or `undefined` when `x` is neither kind of matrix object
 */
export function readMatrix(fn: string, name: string, x: unknown): DenseMatrix | undefined {
  if (isMathJsMatrix(x)) {
    const size = x.size();
    if (!Array.isArray(size) || size.length !== 2) {
      fail('SHAPE_MISMATCH', fn, `${name} must be a 2-D matrix (got a mathjs matrix of size [${Array.isArray(size) ? size.join(', ') : fmt(size)}])`);
    }
    const rows = checkDim(fn, name, 'rows', size[0]);
    const cols = checkDim(fn, name, 'columns', size[1]);
    const nested = x.toArray() as unknown[][];
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
  if (isMlMatrix(x)) {
    const rows = checkDim(fn, name, 'rows', x.rows);
    const cols = checkDim(fn, name, 'columns', x.columns);
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v: unknown = x.get(i, j);
        if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}.get(${i}, ${j}) must be a number (got ${fmt(v)})`);
        data[i * cols + j] = v;
      }
    }
    return { data, rows, cols };
  }
  return undefined;
}
