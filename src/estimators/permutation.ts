import { fail, fmt } from '../internal/errors.js';
import { longRunning, progressEvery } from '../internal/long-running.js';
import type { LongRunning } from '../internal/long-running.js';
import type { Rng } from '../internal/rng.js';
import { checkChoice, checkInteger, checkOptions, isNumericArray, optionNames } from '../internal/validate.js';
import { factorize } from '../core/labels.js';
import type { Labels } from '../core/labels.js';
import { dmiCodes, dmiCounts } from '../kernels/contingency.js';
import { lnFactorialTable } from '../internal/special.js';
import { parseKnn } from './common.js';
import { ksgCore } from './ksg.js';
import { mixedCore } from './mixed.js';
import type { KsgOptions } from './options.js';
import { argsortF64 } from './kdtree.js';
import { checkKVsN, isConstant, joinColumns, toColumns } from './samples.js';
import type { Columns, SampleMatrix, Samples } from './samples.js';

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

const TWO32 = 4294967296;

/**
 * Fisher–Yates shuffle of a[0..n) with Lemire's multiply-and-reject bounded integers (unbiased), fast enough for
 * 10⁵-sample permutation loops.
 */
export function shuffleInt32(a: Int32Array, n: number, rng: Rng): void {
  for (let i = n - 1; i > 0; i--) {
    const s = i + 1;
    let j: number;
    if (s < 2097152) {
      let m = rng.nextUint32() * s;
      let hi = Math.floor(m / TWO32);
      let lo = m - hi * TWO32;
      if (lo < s) {
        const t = TWO32 % s;
        while (lo < t) {
          m = rng.nextUint32() * s;
          hi = Math.floor(m / TWO32);
          lo = m - hi * TWO32;
        }
      }
      j = hi;
    } else {
      j = rng.int(s);
    }
    const v = a[i];
    a[i] = a[j];
    a[j] = v;
  }
}

function isMatrix(x: unknown): x is SampleMatrix {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x && 'rows' in x && 'cols' in x;
}

/**
 * Number of samples in a permutable argument, or -1 if it is not one. A `{ data, rows, cols }` matrix is checked
 * whole (integer rows and cols, a Float64Array of rows × cols entries) before anything is allocated for it.
 */
function rowCount(fn: string, name: string, x: unknown): number {
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

interface Loop {
  m: number;
  rng: Rng;
  run: LongRunning<PermutationProgress>;
}

/** Validates the permutation count and the long-running options; `rng` (when given) continues an existing stream. */
function parseLoop(fn: string, options: PermutationOptions | undefined, rng?: Rng): Loop {
  const m = checkInteger(fn, 'permutations', options?.permutations, 1000, 1);
  const run = longRunning<PermutationProgress>(fn, options);
  return { m, rng: rng ?? run.rng(), run };
}

/**
 * Runs m permutations: `nextStatistic` draws one random permutation (from `loop.rng`) and returns the statistic on
 * it. Tallies the p-value and the null moments.
 */
function runLoop(fn: string, observed: number, loop: Loop, nextStatistic: (rng: Rng) => number): PermutationResult {
  if (!Number.isFinite(observed)) fail('INVALID_ARGUMENT', fn, `the statistic must return a finite number (got ${fmt(observed)} on the data as given)`);
  const { m, rng, run } = loop;
  const every = progressEvery(m);
  const gamma = 100 * Number.EPSILON * Math.abs(observed);
  let b = 0;
  let mean = 0;
  let m2 = 0;
  for (let r = 0; r < m; r++) {
    run.throwIfAborted();
    const v = nextStatistic(rng);
    if (!Number.isFinite(v)) fail('INVALID_ARGUMENT', fn, `the statistic must return a finite number (got ${fmt(v)} on permutation ${r + 1})`);
    if (v >= observed - gamma) b++;
    // Welford's running mean and variance.
    const delta = v - mean;
    mean += delta / (r + 1);
    m2 += delta * (v - mean);
    if ((r + 1) % every === 0 || r + 1 === m) run.report({ completed: r + 1, total: m });
  }
  return { statistic: observed, pValue: (b + 1) / (m + 1), nullMean: mean, nullStd: m > 1 ? Math.sqrt(m2 / (m - 1)) : 0, permutations: m };
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
  const loop = parseLoop(fn, options);
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
  return runLoop(fn, observed, loop, (rng) => {
    shuffleInt32(perm, n, rng);
    fill();
    return statistic(x, buf);
  });
}

/** What {@link mutualInformationTest} treats each argument as; `'auto'` decides from the argument types. */
export type MutualInformationKind = 'auto' | 'discrete' | 'continuous' | 'mixed';

/** Options of {@link mutualInformationTest}. */
export interface MutualInformationTestOptions extends PermutationOptions, Omit<KsgOptions, 'seed'> {
  /**
   * `'auto'` (default): an argument is discrete if it is a `string[]`, an integer typed array (`Int32Array`, …) or
   * a `number[]` of safe integers (|x| ≤ 2⁵³ − 1), continuous otherwise (`Float64Array`, `number[]` with fractions, rows, matrices);
   * both discrete → plug-in MI of the labels; both continuous → {@link ksgMutualInformation}; one of each →
   * {@link mixedMutualInformation}. Pass `'discrete'`, `'continuous'` or `'mixed'` to decide explicitly (for
   * `'mixed'`, the discrete argument is the one that is labels, either x or y).
   */
  kind?: MutualInformationKind;
}

/** Result of {@link mutualInformationTest}: a {@link PermutationResult} plus the estimator used. */
export interface MutualInformationTestResult extends PermutationResult {
  /** Which estimator produced the statistic: `'plugin'`, `'ksg'` or `'mixed'`. */
  estimator: 'plugin' | 'ksg' | 'mixed';
}

const INT_ARRAYS = [Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];

const MI_TEST_OPTIONS = optionNames<MutualInformationTestOptions>()(
  'kind', 'permutations', 'seed', 'signal', 'onProgress', 'k', 'noise', 'base', 'algorithm', 'clip',
);
/** What the kNN part of {@link mutualInformationTest} passes on to `parseKnn` (its own names are checked above). */
const KNN_TEST_OPTIONS: readonly string[] = ['k', 'noise', 'seed', 'base', 'clip'];

/**
 * Labels for `kind: 'auto'`: strings, an integer typed array, or numbers that are all safe integers. Huge
 * integer-valued doubles (1e150 is an integer to `Number.isInteger`) are continuous data, not category codes.
 */
export function looksDiscrete(v: unknown): boolean {
  if (INT_ARRAYS.some((C) => v instanceof C)) return true;
  if (!Array.isArray(v) || v.length === 0) return false;
  const a = v as readonly unknown[];
  if (typeof a[0] === 'string') return true;
  for (let i = 0; i < a.length; i++) {
    const e = a[i];
    if (typeof e !== 'number' || !Number.isSafeInteger(e)) return false;
  }
  return true;
}

/**
 * Tests whether two variables are independent by a permutation test on their mutual information, choosing the
 * estimator from the data: plug-in MI for two discrete label arrays, KSG for two continuous samples (noise drawn once,
 * the same for every permutation), and Ross's mixed estimator for labels against continuous samples.
 *
 * Discrete labels are factorized once. When there are few categories (kx·ky·16 ≤ N) each permutation draws its
 * contingency table directly from the multivariate hypergeometric law that a random permutation induces given the
 * margins (Patefield's algorithm, O(kx·ky·√N)); otherwise it shuffles the codes (Fisher–Yates) and recounts. Either way
 * preallocated buffers are reused: nothing is allocated per permutation.
 *
 * The statistic and the null are in nats unless `base` says otherwise; the p-value is (b + 1) / (m + 1) as in
 * {@link permutationTest}. With the kNN estimators the raw (unclipped) estimates are used unless `clip` is set.
 *
 * Cost: discrete O(N + m·kx·ky·√N) with few categories, O(m N) otherwise; continuous O(m N log N).
 *
 * @param x - labels or continuous samples
 * @param y - labels or continuous samples, as many rows as x
 * @param options - `kind`, `permutations` (default 1000), `seed`, `signal`, `onProgress`, and for the kNN estimators
 *   `k`, `algorithm`, `noise`, `clip`; `base`
 * @returns `{ statistic, pValue, nullMean, nullStd, permutations, estimator }`
 * @throws InfometaError as {@link ksgMutualInformation} or {@link mixedMutualInformation} for the data and kNN
 *   options; `INVALID_LABELS` for bad labels; `INVALID_OPTION` for an unknown kind, permutations < 1 or an unknown
 *   option name (naming the closest valid one); `ABORTED` when the signal fires (at once for one already fired)
 * @example
 * ```ts
 * import { mutualInformationTest } from 'infometa';
 * const x = Int32Array.from({ length: 200 }, (_, i) => i % 4);
 * const y = Int32Array.from(x, (v, i) => (i % 5 === 0 ? (v + 1) % 4 : v)); // y mostly copies x
 * const r = mutualInformationTest(x, y, { permutations: 199, seed: 7 });
 * console.log(r.estimator, r.pValue); // plugin 0.005
 * ```
 */
export function mutualInformationTest(
  x: Labels | Samples,
  y: Labels | Samples,
  options?: MutualInformationTestOptions,
): MutualInformationTestResult {
  const fn = 'mutualInformationTest';
  checkOptions(fn, options, MI_TEST_OPTIONS);
  const kind = checkChoice(fn, 'kind', options?.kind, ['auto', 'discrete', 'continuous', 'mixed'], 'auto');
  const dx = looksDiscrete(x);
  const dy = looksDiscrete(y);
  let resolved: 'discrete' | 'continuous' | 'mixed';
  if (kind === 'auto') resolved = dx && dy ? 'discrete' : dx || dy ? 'mixed' : 'continuous';
  else resolved = kind;
  const knn = parseKnn(fn, { k: options?.k, noise: options?.noise, seed: options?.seed, base: options?.base, clip: options?.clip }, KNN_TEST_OPTIONS);
  const alg = options?.algorithm;
  if (alg !== undefined && alg !== 1 && alg !== 2) fail('INVALID_OPTION', fn, `algorithm must be 1 or 2 (got ${fmt(alg)})`);
  // One stream: the noise (if any) is drawn first, then the permutations.
  const loop = parseLoop(fn, options, knn.rng ?? undefined);
  const lb = knn.lnBase;

  if (resolved === 'discrete') {
    const cx = factorize(fn, 'x', x);
    const cy = factorize(fn, 'y', y);
    const n = cx.codes.length;
    if (cy.codes.length !== n) fail('SHAPE_MISMATCH', fn, `x and y must have the same number of samples (got ${n} and ${cy.codes.length})`);
    return { ...discreteLoop(fn, cx.codes, cx.k, cy.codes, cy.k, n, lb, loop), estimator: 'plugin' };
  }

  if (resolved === 'mixed') {
    let labels: unknown;
    let cont: unknown;
    if (kind === 'mixed' && !dx && dy) {
      labels = y;
      cont = x;
    } else if (kind === 'mixed' && !dx && !dy) {
      fail('INVALID_ARGUMENT', fn, 'kind "mixed" needs one argument of labels (strings or integers); neither x nor y is');
    } else {
      labels = dx ? x : y;
      cont = dx ? y : x;
    }
    const L = factorize(fn, labels === x ? 'x' : 'y', labels);
    const C = toColumns(fn, cont === x ? 'x' : 'y', cont);
    const n = C.rows;
    if (L.codes.length !== n) fail('SHAPE_MISMATCH', fn, `x and y must have the same number of samples (got ${rowCount(fn, 'x', x)} and ${rowCount(fn, 'y', y)})`);
    checkKVsN(fn, knn.k, n);
    const J = joinColumns([C], knn.noise, knn.rng);
    const codes = L.codes.slice();
    const permCodes = new Int32Array(n);
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    const constant = isConstant(C) || L.k === 1;
    const stat = (c: Int32Array): number => {
      if (constant) return 0;
      let v = mixedCore(c, L.k, J.data, n, C.cols, knn.k);
      if (Number.isNaN(v)) fail('INVALID_LABELS', fn, `every label occurs once (${n} samples); at least one label needs 2 samples`);
      if (knn.clip && v < 0) v = 0;
      return v / lb;
    };
    const observed = stat(codes);
    const res = runLoop(fn, observed, loop, (rng) => {
      shuffleInt32(perm, n, rng);
      for (let i = 0; i < n; i++) permCodes[i] = codes[perm[i]];
      return stat(permCodes);
    });
    return { ...res, estimator: 'mixed' };
  }

  const X = toColumns(fn, 'x', x);
  const Y = toColumns(fn, 'y', y);
  const n = X.rows;
  if (Y.rows !== n) fail('SHAPE_MISMATCH', fn, `x and y must have the same number of samples (got ${n} and ${Y.rows})`);
  checkKVsN(fn, knn.k, n);
  return { ...continuousLoop(fn, X, Y, n, knn.k, alg ?? 1, knn.noise, knn.rng, knn.clip, lb, loop), estimator: 'ksg' };
}

function discreteLoop(fn: string, x: Int32Array, kx: number, yCodes: Int32Array, ky: number, n: number, lb: number, loop: Loop): PermutationResult {
  const cells = kx * ky;
  if (cells <= 1 << 24) {
    const counts = new Float64Array(cells);
    const rows = new Float64Array(kx);
    const cols = new Float64Array(ky);
    const observed = Math.max(0, dmiCodes(n, x, kx, yCodes, ky, counts, rows, cols)) / lb;
    if (cells * 16 <= n) {
      // Few categories: under a random permutation the contingency table follows the multivariate hypergeometric
      // law given its margins, so draw the table itself (Patefield 1981) in O(kx·ky·√n) instead of shuffling N codes.
      const sampler = new TableSampler(kx, ky, rows, cols, n);
      return runLoop(fn, observed, loop, (rng) => {
        sampler.sample(rng, counts);
        return Math.max(0, dmiCounts(kx, ky, counts, rows, cols, n)) / lb;
      });
    }
    // Otherwise shuffle the codes themselves, cumulatively: a uniform random permutation every time.
    const y = yCodes.slice();
    return runLoop(fn, observed, loop, (rng) => {
      shuffleInt32(y, n, rng);
      return Math.max(0, dmiCodes(n, x, kx, y, ky, counts, rows, cols)) / lb;
    });
  }
  // Very many categories: sparse counting by sorting cell keys (reused buffers, no allocation per permutation).
  const y = yCodes.slice();
  const keys = new Float64Array(n);
  const rowSums = new Float64Array(kx);
  const colSums = new Float64Array(ky);
  for (let i = 0; i < n; i++) {
    rowSums[x[i]]++;
    colSums[y[i]]++;
  }
  const stat = (): number => {
    for (let i = 0; i < n; i++) keys[i] = x[i] * ky + y[i];
    keys.sort();
    let s = 0;
    let i = 0;
    while (i < n) {
      const key = keys[i];
      let j = i + 1;
      while (j < n && keys[j] === key) j++;
      const c = j - i;
      const a = Math.floor(key / ky);
      const b = key - a * ky;
      s += c * Math.log((c * n) / (rowSums[a] * colSums[b]));
      i = j;
    }
    return Math.max(0, s / n) / lb;
  };
  const observed = stat();
  return runLoop(fn, observed, loop, (rng) => {
    shuffleInt32(y, n, rng);
    return stat();
  });
}

/**
 * Draws kx × ky contingency tables with fixed margins from the distribution induced by a uniformly random
 * permutation (the multivariate hypergeometric / Fisher–Freeman–Halton law), cell by cell as in Patefield's
 * algorithm AS 159: cell (i, j) given the cells before it is hypergeometric (draws = what is left of row i,
 * successes = what is left of column j, population = what is left of columns j, j+1, …). Each univariate draw is
 * exact inversion starting at the mode, O(standard deviation) steps. Preallocated: no allocation per table.
 */
export class TableSampler {
  private readonly kx: number;
  private readonly ky: number;
  private readonly rows: Float64Array;
  private readonly cols: Float64Array;
  private readonly n: number;
  private readonly lnFact: Float64Array;
  private readonly colLeft: Float64Array;

  /** Margins are copied; n is their common total. */
  constructor(kx: number, ky: number, rows: Float64Array, cols: Float64Array, n: number) {
    this.kx = kx;
    this.ky = ky;
    this.rows = rows.slice(0, kx);
    this.cols = cols.slice(0, ky);
    this.n = n;
    this.lnFact = lnFactorialTable(new Float64Array(n + 1));
    this.colLeft = new Float64Array(ky);
  }

  /** Fills out[i·ky + j] with a random table having the stored margins. */
  sample(rng: Rng, out: Float64Array): void {
    const { kx, ky, rows } = this;
    const colLeft = this.colLeft;
    colLeft.set(this.cols);
    let total = this.n;
    for (let i = 0; i < kx; i++) {
      const base = i * ky;
      if (i === kx - 1) {
        for (let j = 0; j < ky; j++) out[base + j] = colLeft[j];
        break;
      }
      let draws = rows[i];
      let pop = total;
      for (let j = 0; j < ky; j++) {
        const c = colLeft[j];
        const v = j === ky - 1 ? draws : this.hypergeometric(draws, c, pop, rng);
        out[base + j] = v;
        draws -= v;
        pop -= c;
        colLeft[j] = c - v;
      }
      total -= rows[i];
    }
  }

  /** Number of successes in `draws` draws without replacement from `pop` items of which `succ` are successes. */
  private hypergeometric(draws: number, succ: number, pop: number, rng: Rng): number {
    if (draws === 0 || succ === 0) return 0;
    if (succ === pop) return draws;
    if (draws === pop) return succ;
    const fail = pop - succ;
    const lo = Math.max(0, draws - fail);
    const hi = Math.min(draws, succ);
    if (lo === hi) return lo;
    const lf = this.lnFact;
    const mode = Math.min(hi, Math.max(lo, Math.floor(((draws + 1) * (succ + 1)) / (pop + 2))));
    const pMode = Math.exp(
      lf[succ] - lf[mode] - lf[succ - mode] + lf[fail] - lf[draws - mode] - lf[fail - draws + mode] - (lf[pop] - lf[draws] - lf[pop - draws]),
    );
    let u = rng.next();
    for (;;) {
      // Inversion over the support in the order mode, mode+1, mode−1, mode+2, …: exact for any fixed order.
      let s = pMode;
      if (u < s) return mode;
      let up = mode;
      let down = mode;
      let pUp = pMode;
      let pDown = pMode;
      while (up < hi || down > lo) {
        if (up < hi) {
          pUp *= ((succ - up) * (draws - up)) / ((up + 1) * (fail - draws + up + 1));
          up++;
          s += pUp;
          if (u < s) return up;
        }
        if (down > lo) {
          pDown *= (down * (fail - draws + down)) / ((succ - down + 1) * (draws - down + 1));
          down--;
          s += pDown;
          if (u < s) return down;
        }
      }
      // The computed probabilities summed to s < 1 by rounding: draw again within the mass actually covered.
      u = rng.next() * s;
    }
  }
}

function continuousLoop(
  fn: string,
  X: Columns,
  Y: Columns,
  n: number,
  k: number,
  alg: 1 | 2,
  noise: number,
  rng: Rng | null,
  clip: boolean,
  lb: number,
  loop: Loop,
): PermutationResult {
  const constant = isConstant(X) || isConstant(Y);
  const J = joinColumns([X, Y], noise, rng);
  const d = X.cols + Y.cols;
  const dx = X.cols;
  const src = J.data;
  const buf = new Float64Array(n * d);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const stat = (data: Float64Array): number => {
    if (constant) return 0;
    let v = ksgCore(data, n, dx, d - dx, k, alg);
    if (clip && v < 0) v = 0;
    return v / lb;
  };
  const observed = stat(src);
  // Two scalars: sort x and y once. Row i of a permuted sample is (x_i, y_perm[i]), so its x order is unchanged
  // and its y order is perm⁻¹ applied to y's order: no sorting per permutation.
  let ox: Int32Array | null = null;
  let oy: Int32Array | null = null;
  let inv: Int32Array | null = null;
  let py: Int32Array | null = null;
  if (d === 2 && !constant) {
    ox = argsortF64(src, n, 2, 0);
    oy = argsortF64(src, n, 2, 1);
    inv = new Int32Array(n);
    py = new Int32Array(n);
  }
  return runLoop(fn, observed, loop, (rng) => {
    shuffleInt32(perm, n, rng);
    for (let i = 0; i < n; i++) {
      const a = i * d;
      const b = perm[i] * d;
      for (let j = 0; j < dx; j++) buf[a + j] = src[a + j];
      for (let j = dx; j < d; j++) buf[a + j] = src[b + j];
    }
    if (ox === null || oy === null || inv === null || py === null) return stat(buf);
    for (let i = 0; i < n; i++) inv[perm[i]] = i;
    for (let t = 0; t < n; t++) py[t] = inv[oy[t]];
    let v = ksgCore(buf, n, 1, 1, k, alg, [ox, py]);
    if (clip && v < 0) v = 0;
    return v / lb;
  });
}
