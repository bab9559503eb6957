// The generic permutation test of independence (any statistic, synchronous), the types every permutation test
// shares, and the tally of a null distribution that all of them use.
import { fail, fmt } from '../internal/errors.js';
import { longRunning, progressEvery } from '../internal/long-running.js';
import { shuffleInt32 } from '../internal/rng.js';
import { checkInteger, checkOptions, isNumericArray, optionNames } from '../internal/validate.js';
import type { SampleMatrix } from './samples.js';

/** Progress of a permutation test, reported as plain data. */
export interface PermutationProgress {
  /** Permutations evaluated so far. */
  completed: number;
  /** Total number of permutations. */
  total: number;
}

/** Options of {@link permutationTest}. */
export interface PermutationOptions {
  /** Number of random permutations m, an integer ≥ 1. Default 1000. */
  permutations?: number;
  /** Seed of the permutation generator (see `createRng`). Default 0. */
  seed?: number;
  /** Stops the test: when it fires, the test throws an `InfometaError` with code `'ABORTED'` before the next permutation. */
  signal?: AbortSignal;
  /** Called with `{ completed, total }` about every 1% of the permutations and once at the end. */
  onProgress?: (progress: PermutationProgress) => void;
}

/** Result of a permutation test. */
export interface PermutationResult {
  /** The statistic on the data as given. */
  statistic: number;
  /**
   * One-sided p-value (b + 1) / (m + 1), b being the number of permutations whose statistic is ≥ the observed one
   * (with a relative tolerance of 100 ε for rounding). Never 0, so it is a valid p-value for any m.
   */
  pValue: number;
  /** Mean of the statistic over the permutations (the estimator's value under independence: its bias). */
  nullMean: number;
  /** Standard deviation (divisor m − 1; 0 when m = 1) of the statistic over the permutations. */
  nullStd: number;
  /** Number of permutations m. */
  permutations: number;
}

/**
 * What {@link permutationTest} can permute: an array of rows or labels, a typed array (one value per sample), or a
 * row-major {@link SampleMatrix}.
 */
export type Permutable = readonly unknown[] | Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | SampleMatrix;

function isMatrix(x: unknown): x is SampleMatrix {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x && 'rows' in x && 'cols' in x;
}

/**
 * Number of samples in a permutable argument, or -1 if it is not one. A `{ data, rows, cols }` matrix is checked
 * whole (integer rows and cols, a Float64Array of rows × cols entries) before anything is allocated for it.
 */
export function rowCount(fn: string, name: string, x: unknown): number {
  if (Array.isArray(x) || isNumericArray(x)) return (x as ArrayLike<unknown>).length;
  if (!isMatrix(x)) return -1;
  const { rows, cols, data } = x as { rows: unknown; cols: unknown; data: unknown };
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) fail('INVALID_ARGUMENT', fn, `${name}.rows must be a non-negative integer (got ${fmt(rows)})`);
  if (typeof cols !== 'number' || !Number.isSafeInteger(cols) || cols < 1) fail('INVALID_ARGUMENT', fn, `${name}.cols must be a positive integer (got ${fmt(cols)})`);
  if (!(data instanceof Float64Array) || data.length !== rows * cols) {
    fail('SHAPE_MISMATCH', fn, `${name}.data must be a Float64Array of length rows × cols = ${rows * cols} (got ${fmt(data)})`);
  }
  return rows;
}

const PERMUTATION_OPTIONS = optionNames<PermutationOptions>()('permutations', 'seed', 'signal', 'onProgress');

/**
 * The null distribution of a permutation test, tallied one permuted statistic at a time in a fixed order: the count
 * b of statistics ≥ the observed one (within 100 ε relative, so that a tie in exact arithmetic counts) and Welford's
 * running mean and variance. Every permutation test (the generic one, the mutual-information test sync and async)
 * tallies through this, so the same statistics in the same order give the same bits.
 */
export class NullTally {
  private readonly threshold: number;
  private b = 0;
  private r = 0;
  private mean = 0;
  private m2 = 0;

  /** @param observed - the statistic on the data as given (finite) */
  constructor(readonly observed: number) {
    this.threshold = observed - 100 * Number.EPSILON * Math.abs(observed);
  }

  /** Adds one permuted statistic (finite). */
  add(v: number): void {
    if (v >= this.threshold) this.b++;
    const r = ++this.r;
    const delta = v - this.mean;
    this.mean += delta / r;
    this.m2 += delta * (v - this.mean);
  }

  /** The result over the m = (statistics added) permutations. */
  result(): PermutationResult {
    const m = this.r;
    return { statistic: this.observed, pValue: (this.b + 1) / (m + 1), nullMean: this.mean, nullStd: m > 1 ? Math.sqrt(this.m2 / (m - 1)) : 0, permutations: m };
  }
}

/** Throws unless the statistic `v` (of permutation `r`, 0 for the data as given) is finite. */
export function checkStatistic(fn: string, v: number, r: number): void {
  if (!Number.isFinite(v)) fail('INVALID_ARGUMENT', fn, `the statistic must return a finite number (got ${fmt(v)} on ${r === 0 ? 'the data as given' : `permutation ${r}`})`);
}

/**
 * Permutation test of independence for any statistic: the rows of `y` are randomly permuted m times (breaking any
 * dependence on `x` while keeping both marginals), the statistic recomputed each time, and the one-sided p-value
 * (b + 1) / (m + 1) returned, b being the number of permuted statistics ≥ the observed one (Phipson & Smyth 2010:
 * exact, never 0).
 *
 * The permuted `y` passed to `statistic` is a buffer of the same kind as `y` (array, typed array or
 * `{ data, rows, cols }`), allocated once and overwritten on every permutation (for an array of rows, it holds the
 * original row objects, reordered): the statistic must not modify it or its rows, nor keep a reference to it.
 * `x` is passed unchanged. infometa itself never mutates the inputs. When `signal` fires the test throws an
 * `InfometaError` with code `'ABORTED'` (no partial result).
 *
 * Synchronous only: the statistic is a closure of the caller's, which cannot be sent to a worker, so there is no
 * async form (`mutualInformationTestAsync` in `infometa/parallel` covers the built-in mutual-information statistic).
 * The permutations come from one stream seeded by `seed`, shuffled cumulatively on one index array.
 *
 * Cost: (m + 1) evaluations of the statistic plus O(m N) for the permutations.
 *
 * @param x - first variable, passed to the statistic as is
 * @param y - second variable, whose rows are permuted: an array (of rows, numbers or labels), a typed array, or a
 *   `{ data, rows, cols }` matrix, with as many rows as x
 * @param statistic - (x, y) → finite number, larger meaning more dependent
 * @param options - `permutations` (default 1000), `seed`, `signal`, `onProgress`
 * @returns `{ statistic, pValue, nullMean, nullStd, permutations }`
 * @throws InfometaError `INVALID_ARGUMENT` when y is not permutable, statistic is not a function or returns a
 *   non-finite value; `SHAPE_MISMATCH` when x and y have different row counts; `EMPTY_INPUT` for no rows;
 *   `INVALID_OPTION` for permutations < 1 or not an integer, a seed that is not an integer, a bad signal or
 *   onProgress, or an unknown option name (naming the closest valid one); `ABORTED` when the signal fires (at once
 *   for a signal that has already fired)
 * @example
 * ```ts
 * import { permutationTest, gaussianMutualInformationOf } from 'infometa';
 * const x = [1, 2, 3, 4, 5, 6, 7, 8];
 * const y = [1.2, 1.9, 3.1, 4.2, 4.8, 6.1, 7.2, 7.9];
 * const r = permutationTest(x, y, (a, b) => gaussianMutualInformationOf(a, b), { permutations: 999, seed: 1 });
 * // no permutation reaches the observed dependence: p = 1 / (999 + 1)
 * console.log(r.pValue); // 0.001
 * ```
 */
export function permutationTest<X, Y extends Permutable>(x: X, y: Y, statistic: (x: X, y: Y) => number, options?: PermutationOptions): PermutationResult {
  const fn = 'permutationTest';
  if (typeof statistic !== 'function') fail('INVALID_ARGUMENT', fn, `statistic must be a function (got ${fmt(statistic)})`);
  checkOptions(fn, options, PERMUTATION_OPTIONS);
  const m = checkInteger(fn, 'permutations', options?.permutations, 1000, 1);
  const run = longRunning<PermutationProgress>(fn, options);
  const rng = run.rng();
  const n = rowCount(fn, 'y', y);
  if (n < 0) fail('INVALID_ARGUMENT', fn, `y must be an array, a typed array or a { data, rows, cols } matrix (got ${fmt(y)})`);
  if (n === 0) fail('EMPTY_INPUT', fn, 'y has no rows');
  const nx = rowCount(fn, 'x', x);
  if (nx >= 0 && nx !== n) fail('SHAPE_MISMATCH', fn, `x and y must have the same number of rows (got ${nx} and ${n})`);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let buf: Y;
  let fill: () => void;
  if (isMatrix(y)) {
    const cols = y.cols;
    const src = y.data;
    const data = new Float64Array(n * cols);
    buf = { data, rows: n, cols } as unknown as Y;
    fill = () => {
      for (let i = 0; i < n; i++) {
        const s = perm[i] * cols;
        const d = i * cols;
        for (let j = 0; j < cols; j++) data[d + j] = src[s + j];
      }
    };
  } else if (Array.isArray(y)) {
    const src = y as readonly unknown[];
    const arr: unknown[] = new Array<unknown>(n);
    buf = arr as unknown as Y;
    fill = () => {
      for (let i = 0; i < n; i++) arr[i] = src[perm[i]];
    };
  } else {
    const src = y as unknown as Float64Array;
    const Ctor = src.constructor as new (n: number) => Float64Array;
    const arr = new Ctor(n);
    buf = arr as unknown as Y;
    fill = () => {
      for (let i = 0; i < n; i++) arr[i] = src[perm[i]];
    };
  }
  const observed = statistic(x, y);
  checkStatistic(fn, observed, 0);
  const tally = new NullTally(observed);
  const every = progressEvery(m);
  for (let r = 1; r <= m; r++) {
    run.throwIfAborted();
    shuffleInt32(perm, n, rng);
    fill();
    const v = statistic(x, buf);
    checkStatistic(fn, v, r);
    tally.add(v);
    if (r % every === 0 || r === m) run.report({ completed: r, total: m });
  }
  return tally.result();
}

