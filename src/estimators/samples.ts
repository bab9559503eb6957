import { fail, fmt } from '../internal/errors.js';
import { isMatrixObject, readMatrix } from '../internal/matrix.js';
import type { MathJsMatrixLike, MatrixLike } from '../internal/matrix.js';
import { isNumericArray } from '../internal/validate.js';
import type { Rng } from '../internal/rng.js';
import { maxAbs, rescaleExponent, scaleByPow2 } from '../internal/scale.js';

/**
 * Continuous samples stored row-major in one Float64Array: row i, column j is `data[i * cols + j]`.
 * `data.length` must equal `rows * cols`.
 */
export interface SampleMatrix {
  /** Entries in row-major order. */
  readonly data: Float64Array;
  /** Number of samples (rows). */
  readonly rows: number;
  /** Number of dimensions (columns). */
  readonly cols: number;
}

/**
 * What the continuous estimators accept as samples: rows as `number[][]`, a row-major {@link SampleMatrix}, an
 * ml-matrix or mathjs `Matrix` (one row per sample), or a 1-D `Float64Array | number[]`, which is one column (n
 * samples of a scalar variable).
 */
export type Samples = readonly (readonly number[])[] | SampleMatrix | MatrixLike | MathJsMatrixLike | Float64Array | readonly number[];

/** Validated samples: row-major finite data, never aliased with a caller's array when `owned` is true. */
export interface Columns {
  data: Float64Array;
  rows: number;
  cols: number;
  /** True when `data` is a private copy that may be written to. */
  owned: boolean;
}

function isSampleMatrix(x: unknown): x is SampleMatrix {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x && 'rows' in x && 'cols' in x;
}

/**
 * Validates samples in any accepted form and returns them row-major. A SampleMatrix's data is used as is (never
 * written to); everything else is copied. Throws for NaN/Infinity (naming row and column), ragged rows, empty input.
 */
export function toColumns(fn: string, name: string, x: unknown): Columns {
  if (isMatrixObject(x)) {
    const { data, rows, cols } = readMatrix(fn, name, x);
    if (rows === 0 || cols === 0) fail('EMPTY_INPUT', fn, `${name} has no samples (${rows} × ${cols})`);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v - v !== 0) fail('NON_FINITE', fn, `${name} must be finite (got ${fmt(v)} at row ${Math.floor(i / cols)}, column ${i % cols})`);
    }
    return { data, rows, cols, owned: true };
  }
  if (isSampleMatrix(x)) {
    const { data, rows, cols } = x;
    if (!(data instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `${name}.data must be a Float64Array (got ${fmt(data)})`);
    if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0) fail('INVALID_ARGUMENT', fn, `${name}.rows must be a non-negative integer (got ${fmt(rows)})`);
    if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 1) fail('INVALID_ARGUMENT', fn, `${name}.cols must be a positive integer (got ${fmt(cols)})`);
    if (rows * cols !== data.length) fail('SHAPE_MISMATCH', fn, `${name} has rows × cols = ${rows} × ${cols} = ${rows * cols} but data.length = ${data.length}`);
    if (rows === 0) fail('EMPTY_INPUT', fn, `${name} has no samples`);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v - v !== 0) fail('NON_FINITE', fn, `${name} must be finite (got ${fmt(v)} at row ${Math.floor(i / cols)}, column ${i % cols})`);
    }
    return { data, rows, cols, owned: false };
  }
  if (!isNumericArray(x)) fail('INVALID_ARGUMENT', fn, `${name} must be number[][], a { data, rows, cols } matrix, or a 1-D Float64Array | number[] (got ${fmt(x)})`);
  const n = x.length;
  if (n === 0) fail('EMPTY_INPUT', fn, `${name} has no samples`);
  const first = (x as ArrayLike<unknown>)[0];
  if (Array.isArray(first)) {
    const rowsArr = x as unknown as readonly unknown[];
    const cols = first.length;
    if (cols === 0) fail('EMPTY_INPUT', fn, `${name}[0] is an empty row`);
    const data = new Float64Array(n * cols);
    for (let i = 0; i < n; i++) {
      const row = rowsArr[i];
      if (!Array.isArray(row)) fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be an array of numbers like ${name}[0] (got ${fmt(row)})`);
      if (row.length !== cols) fail('SHAPE_MISMATCH', fn, `${name} rows must all have the same length (row 0 has ${cols}, row ${i} has ${row.length})`);
      for (let j = 0; j < cols; j++) {
        const v: unknown = row[j];
        if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}[${i}][${j}] must be a number (got ${fmt(v)})`);
        if (v - v !== 0) fail('NON_FINITE', fn, `${name} must be finite (got ${fmt(v)} at row ${i}, column ${j})`);
        data[i * cols + j] = v;
      }
    }
    return { data, rows: n, cols, owned: true };
  }
  let data: Float64Array;
  let owned: boolean;
  if (x instanceof Float64Array) {
    data = x;
    owned = false;
  } else {
    data = new Float64Array(n);
    owned = true;
    for (let i = 0; i < n; i++) {
      const v: unknown = (x as ArrayLike<unknown>)[i];
      if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be a number (got ${fmt(v)})`);
      data[i] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v - v !== 0) fail('NON_FINITE', fn, `${name} must be finite (got ${fmt(v)} at row ${i})`);
  }
  return { data, rows: n, cols: 1, owned };
}

/** Throws unless all the given sample sets have the same number of rows. */
export function checkSameRows(fn: string, names: readonly string[], sets: readonly Columns[]): number {
  const n = sets[0].rows;
  for (let s = 1; s < sets.length; s++) {
    if (sets[s].rows !== n) {
      fail('SHAPE_MISMATCH', fn, `${names[0]} and ${names[s]} must have the same number of samples (got ${n} and ${sets[s].rows})`);
    }
  }
  return n;
}

/** Throws unless 1 ≤ k < n (validated as an integer option first by the caller). */
export function checkKVsN(fn: string, k: number, n: number): void {
  if (k >= n) {
    fail('INVALID_OPTION', fn, `k must be less than the number of samples (got k = ${k} with n = ${n}); need at least k + 1 = ${k + 1} samples`);
  }
}

/**
 * Population standard deviation of column j (two-pass, so a constant column gives exactly 0). A column whose
 * magnitude would overflow the squares (beyond 2^500) or lose them to underflow is rescaled by a power of two first,
 * exactly, so the result is finite and correct for any finite data.
 */
export function columnSpread(c: Columns, j: number): number {
  const { data, rows, cols } = c;
  let big = 0;
  for (let i = 0; i < rows; i++) {
    const a = Math.abs(data[i * cols + j]);
    if (a > big) big = a;
  }
  const e = rescaleExponent(big, 500);
  const at = (i: number): number => (e === 0 ? data[i * cols + j] : scaleByPow2(data[i * cols + j], e));
  let mean = 0;
  for (let i = 0; i < rows; i++) mean += at(i);
  mean /= rows;
  let ss = 0;
  for (let i = 0; i < rows; i++) {
    const d = at(i) - mean;
    ss += d * d;
  }
  const sd = Math.sqrt(ss / rows);
  return e === 0 ? sd : scaleByPow2(sd, -e);
}

/** True when every row equals the first: a constant variable, about which any other variable has zero information. */
export function isConstant(c: Columns): boolean {
  const { data, rows, cols } = c;
  for (let i = 1; i < rows; i++) {
    for (let j = 0; j < cols; j++) if (data[i * cols + j] !== data[j]) return false;
  }
  return true;
}

/** Joined samples: row-major data that is the concatenated columns times 2^log2Scale (see {@link joinColumns}). */
export interface Joined extends Columns {
  /** The data holds the samples multiplied by 2^log2Scale (0 for data of ordinary magnitude). */
  log2Scale: number;
}

/**
 * Concatenates the columns of several sample sets (same row count) into one row-major matrix, adding tie-breaking
 * noise `level · sd_j · N(0, 1)` to each column j (no noise when `level` is 0 or the column is constant).
 * The noise of each input set is drawn from `rng` in a fixed order, so results depend only on the seed.
 *
 * Data of extreme magnitude (largest |x| beyond 2^960, where differences of two samples overflow, or below 2^−960,
 * where the noise would be subnormal) is multiplied by one power of two 2^log2Scale for all columns, exactly: max-norm
 * neighbour orders, radii and counts are unchanged, so the kNN mutual-information estimators need no correction and
 * an entropy adds −d·log2Scale·ln 2.
 */
export function joinColumns(sets: readonly Columns[], level: number, rng: Rng | null): Joined {
  const n = sets[0].rows;
  let cols = 0;
  let big = 0;
  for (const s of sets) {
    cols += s.cols;
    big = Math.max(big, maxAbs(s.data, n * s.cols));
  }
  const e = rescaleExponent(big, 960);
  const data = new Float64Array(n * cols);
  let off = 0;
  for (const s of sets) {
    const sc = s.cols;
    const src = s.data;
    for (let i = 0; i < n; i++) {
      const o = i * cols + off;
      const b = i * sc;
      if (e === 0) for (let j = 0; j < sc; j++) data[o + j] = src[b + j];
      else for (let j = 0; j < sc; j++) data[o + j] = scaleByPow2(src[b + j], e);
    }
    if (level > 0 && rng !== null) {
      for (let j = 0; j < sc; j++) {
        const amp = scaleByPow2(level * columnSpread(s, j), e);
        if (amp > 0) for (let i = 0; i < n; i++) data[i * cols + off + j] += amp * rng.normal();
      }
    }
    off += sc;
  }
  return { data, rows: n, cols, owned: true, log2Scale: e };
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
/** Index of the low 32-bit word of a double in U32 (0 on little-endian platforms). */
const LO = U32[1] === 0x3ff00000 ? 0 : 1;
const HI = 1 - LO;

/** The largest double below x for finite x > 0 (numpy's `nextafter(x, 0)`); 0 for x = 0. */
export function nextDown(x: number): number {
  if (x <= 0) return 0;
  F64[0] = x;
  if (U32[LO] === 0) {
    U32[LO] = 0xffffffff;
    U32[HI] = U32[HI] - 1;
  } else {
    U32[LO] = U32[LO] - 1;
  }
  return F64[0];
}
