// Task dependency from sufficient statistics: the pairwise contingency tables (or, for binary tasks, n, the positives
// and the co-occurrence matrix) that a database, a Spark job or a streamed file produces, without the rows. The
// statistic of every pair is the one `taskDependencyMatrix` computes (its engine, on tables we fill).
import type { EntropyEstimator } from '../core/estimators.js';
import { entropyFromCounts } from '../core/estimators.js';
import type { NmiAverage } from '../core/joint.js';
import { fail, fmt } from '../internal/errors.js';
import { isMatrixObject, readMatrix } from '../internal/matrix.js';
import type { MathJsMatrixLike, MatrixLike } from '../internal/matrix.js';
import { isNumericArray, optionNames } from '../internal/validate.js';
import { checkMeasureOptions, makeEngine } from './dependency.js';
import { DependencyMatrix } from './matrix.js';
import type { DependencyMeasure } from './matrix.js';
import { TaskCounter } from './task-counter.js';
import { checkNames } from './tasks.js';
import type { PreparedTasks } from './tasks.js';

/** Options of {@link taskDependencyFromCounts} and {@link taskDependencyFromCooccurrence}. */
export interface SufficientDependencyOptions {
  /** `mi` (default), `nmi`, `ami`, `conditional-entropy` or `vi`; see {@link DependencyMeasure}. */
  measure?: DependencyMeasure;
  /** Entropy estimator (`plugin` default, `miller-madow`, `grassberger`, `shrinkage`, `chao-shen`); not with `ami`. */
  estimator?: EntropyEstimator;
  /** Normalizer of `nmi` (`arithmetic` default, `geometric`, `min`, `max`, `joint`) or `ami` (the first four). */
  average?: NmiAverage;
  /** Logarithm base of `mi`, `conditional-entropy` and `vi`: `Math.E` (default, nats), 2 (bits), …. */
  base?: number;
}

const SUFFICIENT_OPTIONS = optionNames<SufficientDependencyOptions>()('measure', 'estimator', 'average', 'base');

/**
 * Binary-task sufficient statistics: the number of instances n, each task's number of positives (labels equal to 1)
 * and the T × T co-occurrence matrix C with Cᵢⱼ = the number of instances positive for both tasks i and j (its
 * diagonal is the positives): what `SELECT COUNT(*), SUM(a), SUM(a * b), …` or a Spark `crossJoin` produces.
 */
export interface CooccurrenceStats {
  /** Number of instances n. */
  n: number;
  /** Positives of each task, T of them. */
  positives: Float64Array | readonly number[];
  /** T × T co-occurrence counts: rows as `number[][]`, T² row-major numbers, or an ml-matrix or mathjs `Matrix`. */
  cooccurrence: readonly (readonly number[])[] | Float64Array | readonly number[] | MatrixLike | MathJsMatrixLike;
  /** Task names, unique, one per task. Default `task0`, `task1`, …. */
  names?: readonly string[];
}

/**
 * The task-dependency matrix from a {@link TaskCounter}: the same values as `taskDependencyMatrix` on the raw labels
 * (to rounding: the same statistic on the same contingency tables), for every measure and estimator, from counts
 * that may have been gathered in chunks, merged from shards, or read from SQL (`taskCountsFromRows`). Permutation
 * p-values need the rows and are not available here.
 *
 * Units: nats for `mi`, `conditional-entropy` and `vi` unless `base` says otherwise; `nmi` and `ami` are unitless.
 * Cost: O(Σᵢ≤ⱼ kᵢ kⱼ) (plus `ami`'s expected MI per pair), independent of n.
 *
 * @param counts - the sufficient statistics, T ≥ 2 tasks, at least one instance
 * @param options - `measure`, `estimator`, `average`, `base`
 * @returns the T × T {@link DependencyMatrix}, named after the counter's tasks
 * @throws InfometaError `INVALID_ARGUMENT` for something other than a TaskCounter; `EMPTY_INPUT` for a counter with
 *   no instances; `INVALID_OPTION` as `taskDependencyMatrix`
 * @example
 * ```ts
 * import { TaskCounter, taskDependencyFromCounts } from 'infometa';
 * const counter = new TaskCounter(['rain', 'umbrella']);
 * counter.add([['wet', 'dry', 'wet', 'dry'], [1, 0, 1, 0]]);
 * console.log(taskDependencyFromCounts(counter, { base: 2 }).get('rain', 'umbrella')); // 1
 * ```
 */
export function taskDependencyFromCounts(counts: TaskCounter, options?: SufficientDependencyOptions): DependencyMatrix {
  const fn = 'taskDependencyFromCounts';
  if (!(counts instanceof TaskCounter)) fail('INVALID_ARGUMENT', fn, `counts must be a TaskCounter (got ${fmt(counts)})`);
  const opts = checkMeasureOptions(fn, options, SUFFICIENT_OPTIONS);
  if (counts.n === 0) fail('EMPTY_INPUT', fn, 'counts has no instances');
  const n = counts.n;
  const { ranks } = counts.categoryOrder();
  // Sorted category order, as `taskDependencyMatrix` factorizes: codes of the counter are in order of first sight.
  const order = ranks.map((r) => {
    const inv = new Int32Array(r.length);
    for (let u = 0; u < r.length; u++) inv[r[u]] = u;
    return inv;
  });
  const k = order.map((o) => o.length);
  const taskCounts = order.map((o, t) => Float64Array.from(o, (u) => counts.count(t, u)));
  const fill = (i: number, j: number, tab: Float64Array): void => {
    const oi = order[i];
    const oj = order[j];
    const kj = oj.length;
    for (let a = 0; a < oi.length; a++) for (let b = 0; b < kj; b++) tab[a * kj + b] = counts.cell(i, j, oi[a], oj[b]);
  };
  return fromTables(counts.names, n, k, taskCounts, fill, opts, options?.base ?? Math.E);
}

/**
 * The task-dependency matrix of binary tasks from their sufficient statistics: n, each task's positives and the
 * pairwise co-occurrence matrix (`SELECT SUM(a * b)` for every pair, or XᵀX of the 0/1 label matrix). The same
 * values as `taskDependencyMatrix` on the raw 0/1 labels, for every measure and estimator: each pair's 2 × 2 table is
 * [[n − aᵢ − aⱼ + Cᵢⱼ, aⱼ − Cᵢⱼ], [aᵢ − Cᵢⱼ, Cᵢⱼ]]. A task with no positives, or only positives, is constant.
 *
 * Units: as {@link taskDependencyFromCounts}. Cost: O(T²).
 *
 * @param stats - `{ n, positives, cooccurrence, names? }`
 * @param options - `measure`, `estimator`, `average`, `base`
 * @returns the T × T {@link DependencyMatrix}
 * @throws InfometaError `INVALID_ARGUMENT` for counts that are not non-negative integers, positives above n, a
 *   co-occurrence matrix that is not symmetric, whose diagonal is not the positives, or whose entries are impossible
 *   (Cᵢⱼ > min(aᵢ, aⱼ) or aᵢ + aⱼ − Cᵢⱼ > n); `SHAPE_MISMATCH` for shapes that do not agree; `INVALID_OPTION` as
 *   `taskDependencyMatrix` or for bad names
 * @example
 * ```ts
 * import { taskDependencyFromCooccurrence } from 'infometa';
 * // 8 instances; task a is positive 4 times, b 4 times (always with a), c 4 times (twice with a).
 * const dep = taskDependencyFromCooccurrence({
 *   n: 8,
 *   positives: [4, 4, 4],
 *   cooccurrence: [[4, 4, 2], [4, 4, 2], [2, 2, 4]],
 *   names: ['a', 'b', 'c'],
 * }, { base: 2 });
 * console.log(dep.get('a', 'b'), dep.get('a', 'c')); // 1 0
 * ```
 */
export function taskDependencyFromCooccurrence(stats: CooccurrenceStats, options?: SufficientDependencyOptions): DependencyMatrix {
  const fn = 'taskDependencyFromCooccurrence';
  if (typeof stats !== 'object' || stats === null) fail('INVALID_ARGUMENT', fn, `stats must be an object { n, positives, cooccurrence } (got ${fmt(stats)})`);
  const opts = checkMeasureOptions(fn, options, SUFFICIENT_OPTIONS);
  const { n, pos, co, T } = checkCooccurrence(fn, stats);
  const names = checkNames(fn, stats.names, T);
  // A task's categories, as factorize sees them: {0, 1}, or just {0} (no positives) or {1} (all positive).
  const k = Array.from(pos, (a) => (a === 0 || a === n ? 1 : 2));
  const taskCounts = k.map((kt, t) => (kt === 2 ? Float64Array.of(n - pos[t], pos[t]) : Float64Array.of(n)));
  const fill = (i: number, j: number, tab: Float64Array): void => {
    // A constant task has one code, 0, and no "ones" (as the bit-packed path counts it).
    const a = k[i] === 2 ? pos[i] : 0;
    const b = k[j] === 2 ? pos[j] : 0;
    const c = k[i] === 2 && k[j] === 2 ? co[i * T + j] : 0;
    tab[0] = n - a - b + c;
    if (k[j] === 2) tab[1] = b - c;
    if (k[i] === 2) tab[k[j]] = a - c;
    if (k[i] === 2 && k[j] === 2) tab[3] = c;
  };
  return fromTables(names, n, k, taskCounts, fill, opts, options?.base ?? Math.E);
}

/** Validates binary-task statistics; co is T × T row-major. */
function checkCooccurrence(fn: string, stats: CooccurrenceStats): { n: number; pos: Float64Array; co: Float64Array; T: number } {
  const n: unknown = stats.n;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) fail('INVALID_ARGUMENT', fn, `stats.n must be a positive integer (got ${fmt(n)})`);
  const p: unknown = stats.positives;
  if (!isNumericArray(p)) fail('INVALID_ARGUMENT', fn, `stats.positives must be an array of counts (got ${fmt(p)})`);
  const T = p.length;
  if (T < 2) fail('INVALID_ARGUMENT', fn, `stats.positives must hold at least 2 tasks (got ${T})`);
  const pos = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const v: unknown = p[t];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > n) fail('INVALID_ARGUMENT', fn, `stats.positives[${t}] must be an integer in [0, n = ${n}] (got ${fmt(v)})`);
    pos[t] = v;
  }
  const raw: unknown = stats.cooccurrence;
  let co: Float64Array;
  if (isMatrixObject(raw)) {
    const m = readMatrix(fn, 'stats.cooccurrence', raw);
    if (m.rows !== T || m.cols !== T) fail('SHAPE_MISMATCH', fn, `stats.cooccurrence must be ${T} × ${T} for ${T} tasks (got ${m.rows} × ${m.cols})`);
    co = m.data;
  } else if (Array.isArray(raw) && raw.length > 0 && Array.isArray(raw[0])) {
    if (raw.length !== T) fail('SHAPE_MISMATCH', fn, `stats.cooccurrence must have ${T} rows for ${T} tasks (got ${raw.length})`);
    co = new Float64Array(T * T);
    for (let i = 0; i < T; i++) {
      const row: unknown = raw[i];
      if (!isNumericArray(row) || row.length !== T) fail('SHAPE_MISMATCH', fn, `stats.cooccurrence[${i}] must hold ${T} counts (got ${fmt(row)})`);
      for (let j = 0; j < T; j++) co[i * T + j] = row[j] as number;
    }
  } else if (isNumericArray(raw)) {
    if (raw.length !== T * T) fail('SHAPE_MISMATCH', fn, `stats.cooccurrence must hold T × T = ${T * T} counts for ${T} tasks (got ${raw.length})`);
    co = Float64Array.from(raw as ArrayLike<number>);
  } else {
    return fail('INVALID_ARGUMENT', fn, `stats.cooccurrence must be a T × T matrix of counts (got ${fmt(raw)})`);
  }
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      const v = co[i * T + j];
      const at = `stats.cooccurrence[${i}][${j}]`;
      if (!Number.isSafeInteger(v) || v < 0) fail('INVALID_ARGUMENT', fn, `${at} must be a non-negative integer count (got ${fmt(v)})`);
      if (i === j && v !== pos[i]) fail('INVALID_ARGUMENT', fn, `${at} must equal stats.positives[${i}] = ${pos[i]}, the diagonal being each task's positives (got ${v})`);
      if (v !== co[j * T + i]) fail('INVALID_ARGUMENT', fn, `stats.cooccurrence must be symmetric (${at} = ${v} but [${j}][${i}] = ${co[j * T + i]})`);
      if (v > Math.min(pos[i], pos[j])) fail('INVALID_ARGUMENT', fn, `${at} = ${v} exceeds the positives of the two tasks (${pos[i]} and ${pos[j]})`);
      if (pos[i] + pos[j] - v > n) fail('INVALID_ARGUMENT', fn, `${at} = ${v} is impossible: tasks ${i} and ${j} would cover ${pos[i] + pos[j] - v} > n = ${n} instances`);
    }
  }
  return { n, pos, co, T };
}

/**
 * The dependency matrix from each pair's table: `fill(i, j, tab)` writes the kᵢ × kⱼ counts of pair i < j (sorted
 * category order, row-major) into `tab`; the diagonal pairs are each task's counts.
 */
function fromTables(
  names: readonly string[],
  n: number,
  k: number[],
  counts: Float64Array[],
  fill: (i: number, j: number, tab: Float64Array) => void,
  opts: ReturnType<typeof checkMeasureOptions>,
  base: number,
): DependencyMatrix {
  const { measure, est, average, lnb, unitless } = opts;
  const T = k.length;
  const empty = new Int32Array(0);
  const prep: PreparedTasks = { T, n, W: 0, codes: new Array<Int32Array>(T).fill(empty), k, counts, bits: new Uint32Array(0) };
  const e = makeEngine(prep, measure, est, average, unitless ? 1 : lnb, true);
  const out = new Float64Array(2);
  const values = new Float64Array(T * T);
  for (let i = 0; i < T; i++) {
    for (let j = i; j < T; j++) {
      if (i === j) {
        const ki = k[i];
        e.tab.fill(0, 0, ki * ki);
        for (let a = 0; a < ki; a++) e.tab[a * ki + a] = counts[i][a];
      } else fill(i, j, e.tab);
      e.evalPair(i, j, out);
      values[i * T + j] = out[0];
      values[j * T + i] = out[1];
    }
  }
  if (measure === 'mi') for (let t = 0; t < T; t++) values[t * T + t] = entropyFromCounts(counts[t], n, k[t], est) / lnb;
  return new DependencyMatrix(names, values, { measure, base: unitless ? Math.E : base });
}
