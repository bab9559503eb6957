import { CHUNKS, planChunks } from '../internal/chunks.js';
import type { Chunk } from '../internal/chunks.js';
import { fail, fmt } from '../internal/errors.js';
import { longRunning, progressEvery } from '../internal/long-running.js';
import { checkChoice, checkInteger, checkOptions, logBase, optionNames } from '../internal/validate.js';
import { ESTIMATORS, entropyFromCounts } from '../core/estimators.js';
import type { EntropyEstimator } from '../core/estimators.js';
import type { NmiAverage } from '../core/joint.js';
import { lookupMeasure, MEASURE_NAMES } from '../core/measures.js';
import type { InformationMeasure, PairForm, PairTable } from '../core/measures.js';
import { andPopcount, countPairs4, gather, permuteBits } from './kernels.js';
import { DependencyMatrix, MEASURES } from './matrix.js';
import type { DependencyMeasure } from './matrix.js';
import { createRng } from '../internal/rng.js';
import type { Rng } from '../internal/rng.js';
import { checkNames, prepareTasks, taskCodes } from './tasks.js';
import type { PreparedTasks, TaskLabels } from './tasks.js';

/** Progress of the permutations of {@link taskDependencyMatrix}, reported as plain data. */
export interface TaskDependencyProgress {
  /** Permutation rounds done so far. */
  completed: number;
  /** Total number of permutation rounds. */
  total: number;
}

/** Options of {@link taskDependencyMatrix}. */
export interface TaskDependencyOptions {
  /** Task names, unique, one per task. Default `task0`, `task1`, …. */
  names?: readonly string[];
  /** `mi` (default), `nmi`, `ami`, `conditional-entropy` or `vi`; see {@link DependencyMeasure}. */
  measure?: DependencyMeasure;
  /**
   * Entropy estimator of the core (`plugin` default, `miller-madow`, `grassberger`, `shrinkage`, `chao-shen`), as
   * in `mutualInformationOf`. Not available for `ami`, which is defined for plug-in estimates only.
   */
  estimator?: EntropyEstimator;
  /** Normalizer of `nmi` (`arithmetic` default, `geometric`, `min`, `max`, `joint`) or `ami` (the first four). */
  average?: NmiAverage;
  /** Logarithm base of `mi`, `conditional-entropy` and `vi` values: `Math.E` (default, nats), 2 (bits), …. */
  base?: number;
  /** Number of permutation rounds m for p-values (an integer ≥ 1). Default: no p-values. */
  permutations?: number;
  /** Seed of the permutations (see `createRng`). Default 0. */
  seed?: number;
  /** Stops the work: when it fires, an `InfometaError` with code `'ABORTED'` is thrown before the next row of the matrix or the next permutation round. */
  signal?: AbortSignal;
  /** Called with `{ completed, total }` about every 1% of the permutation rounds and once at the end. */
  onProgress?: (progress: TaskDependencyProgress) => void;
}

const TASK_DEPENDENCY_OPTIONS = optionNames<TaskDependencyOptions>()(
  'names', 'measure', 'estimator', 'average', 'base', 'permutations', 'seed', 'signal', 'onProgress',
);

/** Scratch and per-task state of one computation. */
export interface Engine {
  prep: PreparedTasks;
  bin: boolean[];
  W: number;
  /** Packed bits of the binary tasks (task t at t·W), as given. */
  bits: Uint32Array;
  /** True when some task has more than 2 categories: then `codes` holds every task's codes. */
  anyMulti: boolean;
  /** Codes of every task when `anyMulti`, else empty arrays (binary pairs only need the bits). */
  codes: Int32Array[];
  ones: Float64Array;
  tab: Float64Array;
  itab: Int32Array;
  /** Writes the statistic of (row i, column j) into out[0] and of (row j, column i) into out[1] from `tab`. */
  evalPair: (i: number, j: number, out: Float64Array) => void;
  /** The same for a pair whose table is not dense (see `isDense`): the core's sparse sample functions on the codes. */
  evalLarge: (i: number, codesJ: Int32Array, out: Float64Array) => void;
}

/** Largest dense pair table held in scratch; pairs of tasks with more categories go through the core's sparse path. */
const DENSE_CELLS = 1 << 20;

/** Whether the ki × kj table of a pair is counted densely: small enough to hold, and not much larger than n. */
function isDense(ki: number, kj: number, n: number): boolean {
  const cells = ki * kj;
  return cells <= DENSE_CELLS && cells <= Math.max(4096, 4 * n);
}

/**
 * The statistic of task i (rows, as given) against task j (columns) taken from `bitsJ` at `offJ` (binary pairs) or
 * `codesJ` (others), into out[0] for (i, j) and out[1] for (j, i).
 */
/**
 * The fixed chunks of a dependency matrix's m permutation rounds (the synchronous and the async function run the
 * same ones): min(64, m) chunks, one or more whole rounds each. A round computes all T(T − 1)/2 pair statistics,
 * heavy enough for a chunk of its own, and smaller chunks balance the workers better (100 rounds in 25 chunks left
 * one of two workers a chunk behind: 13 against 12).
 */
export function dependencyChunks(m: number, rng: Rng): Chunk[] {
  return planChunks(m, rng, CHUNKS, 1);
}

export function pairStat(e: Engine, i: number, j: number, bitsJ: Uint32Array, offJ: number, codesJ: Int32Array, out: Float64Array): void {
  if (!isDense(e.prep.k[i], e.prep.k[j], e.prep.n)) {
    e.evalLarge(i, codesJ, out);
    return;
  }
  fillTable(e, i, j, bitsJ, offJ, codesJ);
  e.evalPair(i, j, out);
}

/**
 * Fills `e.tab` (compact ki × kj, row-major) with the contingency table of task i (rows, as given) against task j
 * (columns) taken from `bitsJ` at `offJ` (binary pairs) or `codesJ` (others).
 */
function fillTable(e: Engine, i: number, j: number, bitsJ: Uint32Array, offJ: number, codesJ: Int32Array): void {
  const { prep, tab } = e;
  const ki = prep.k[i];
  const kj = prep.k[j];
  const n = prep.n;
  if (e.bin[i] && e.bin[j]) {
    const n11 = andPopcount(e.W, e.bits, i * e.W, bitsJ, offJ);
    const a1 = e.ones[i];
    const b1 = e.ones[j];
    // Cell (a, b) sits at a·kj + b; a task with one category only has code 0 (and no ones).
    tab[0] = n - a1 - b1 + n11;
    if (kj === 2) tab[1] = b1 - n11;
    if (ki === 2) {
      tab[kj] = a1 - n11;
      if (kj === 2) tab[3] = n11;
    }
    return;
  }
  const cells = ki * kj;
  const it = e.itab;
  it.fill(0, 0, 4 * cells);
  countPairs4(n, e.codes[i], codesJ, kj, cells, it);
  for (let c = 0; c < cells; c++) tab[c] = it[c] + it[cells + c] + it[2 * cells + c] + it[3 * cells + c];
}

/**
 * The state and pair statistic of one computation: each pair's statistic comes from the measure's record (its
 * two-variable count kernel, `InformationMeasure.pair`), evaluated on the pair's contingency table; constants that
 * depend on a pair's margins only (AMI's expected MI) are computed once and reused by every permutation. `lnb` is the
 * natural log of the base, applied to the measures with a unit only. `allDense` makes every pair go through
 * `evalPair` on a table in `tab` (for callers that hold the pair tables themselves: sufficient statistics).
 */
export function makeEngine(prep: PreparedTasks, measure: DependencyMeasure, est: EntropyEstimator, average: NmiAverage, lnb: number, allDense = false): Engine {
  const rec = lookupMeasure('makeEngine', measure, MEASURES);
  const { T, n, k, counts } = prep;
  const pair = rec.pair as PairForm;
  const bin = k.map((v) => v <= 2);
  const W = prep.W;
  const bits = prep.bits;
  const ones = new Float64Array(T);
  for (let t = 0; t < T; t++) if (k[t] === 2) ones[t] = counts[t][1];
  const anyMulti = k.some((v) => v > 2);
  const empty = new Int32Array(0);
  const codes = Array.from({ length: T }, (_, t) => (anyMulti ? taskCodes(prep, t) : empty));
  let cellsMax = 1;
  for (let i = 0; i < T; i++) for (let j = i; j < T; j++) if (allDense || isDense(k[i], k[j], n)) cellsMax = Math.max(cellsMax, k[i] * k[j]);
  const tab = new Float64Array(cellsMax);
  const itab = new Int32Array(4 * cellsMax);
  // Marginal entropies (nats) under the estimator: the permutations keep the marginals, so these never change.
  const H = new Float64Array(T);
  for (let t = 0; t < T; t++) H[t] = entropyFromCounts(counts[t], n, k[t], est);
  const ctx: PairTable = { kx: 1, ky: 1, n, table: tab, rows: counts[0], cols: counts[0], hx: 0, hy: 0, estimator: est, average };
  const bind = (i: number, j: number): void => {
    ctx.kx = k[i];
    ctx.ky = k[j];
    ctx.rows = counts[i];
    ctx.cols = counts[j];
    ctx.hx = H[i];
    ctx.hy = H[j];
  };
  const margins: (Float64Array | null)[] = new Array<Float64Array | null>(T * T).fill(null);
  for (let i = 0; i < T; i++) {
    for (let j = i; j < T; j++) {
      if (!allDense && !isDense(k[i], k[j], n)) continue; // evaluated from the labels by the record's sparse form
      bind(i, j);
      margins[i * T + j] = pair.margins(ctx);
    }
  }
  const scale = rec.unit === 'information' ? lnb : 1;
  const evalPair: Engine['evalPair'] = (i, j, out) => {
    bind(i, j);
    pair.evaluate(ctx, margins[i <= j ? i * T + j : j * T + i], out);
    out[0] /= scale;
    out[1] /= scale;
  };
  const evalLarge: Engine['evalLarge'] = (i, y, out) => {
    pair.labels(codes[i], y, est, average, out);
    out[0] /= scale;
    out[1] /= scale;
  };
  return { prep, bin, W, bits, anyMulti, codes, ones, tab, itab, evalPair, evalLarge };
}

/**
 * @internal Observed statistics of every pair: entry (i, j) is task i against task j as given (T × T, row-major).
 * `beforeRow` runs before each row (an abort check).
 */
export function observedPairs(e: Engine, T: number, beforeRow?: () => void): Float64Array {
  const obs = new Float64Array(T * T);
  placeObservedRows(obs, T, 0, observedRows(e, T, 0, T, beforeRow));
  return obs;
}

/**
 * @internal The observed statistics of rows i0 ≤ i < i1 of the upper triangle: for each i, each j ≥ i in order, the
 * statistics of (i, j) and of (j, i). A pair's statistic depends on that pair only, so rows computed apart (in
 * different workers) are the same bits.
 */
export function observedRows(e: Engine, T: number, i0: number, i1: number, beforeRow?: () => void): Float64Array {
  const out = new Float64Array(2);
  let n = 0;
  for (let i = i0; i < i1; i++) n += 2 * (T - i);
  const vals = new Float64Array(n);
  for (let i = i0, o = 0; i < i1; i++) {
    beforeRow?.();
    for (let j = i; j < T; j++, o += 2) {
      pairStat(e, i, j, e.bits, j * e.W, e.codes[j], out);
      vals[o] = out[0];
      vals[o + 1] = out[1];
    }
  }
  return vals;
}

/** @internal Writes the values of {@link observedRows} (rows from i0) into the T × T matrix `obs`. */
export function placeObservedRows(obs: Float64Array, T: number, i0: number, vals: Float64Array): void {
  for (let i = i0, o = 0; o < vals.length; i++) {
    for (let j = i; j < T; j++, o += 2) {
      obs[i * T + j] = vals[o];
      obs[j * T + i] = vals[o + 1];
    }
  }
}

/**
 * @internal The rows of the upper triangle cut into at most `parts` ranges [i0, i1) of near-equal numbers of pairs
 * (row i has T − i), for the observed statistics across workers.
 */
export function observedRanges(T: number, parts: number): [number, number][] {
  const total = (T * (T + 1)) / 2;
  const out: [number, number][] = [];
  let i0 = 0;
  let seen = 0;
  for (let c = 1; c <= parts && i0 < T; c++) {
    const goal = (c * total) / parts;
    let i1 = i0;
    // The last range's goal is the total: it takes every row left.
    while (i1 < T && (seen + (T - i1) <= goal || i1 === i0)) seen += T - i1++;
    out.push([i0, i1]);
    i0 = i1;
  }
  return out;
}

/**
 * @internal The values a dependency matrix shows: the observed statistics, with H(Tᵢ) on the diagonal where the
 * measure's record says so (`mi`).
 */
export function dependencyValues(obs: Float64Array, prep: PreparedTasks, rec: InformationMeasure, est: EntropyEstimator, lnb: number): Float64Array {
  const values = Float64Array.from(obs);
  if (rec.pair?.diagonal === 'entropy') {
    const { T, n } = prep;
    for (let t = 0; t < T; t++) values[t * T + t] = entropyFromCounts(prep.counts[t], n, prep.k[t], est) / lnb;
  }
  return values;
}

/** @internal Per-entry counts of a chunk of rounds (exact integers). */
export type Counts = Uint8Array | Uint16Array | Float64Array;

/**
 * @internal The permutation rounds of a dependency test, prepared once per call (tolerances and buffers): each
 * {@link PermutationRounds.chunk} runs rounds from the identity permutation, each round shuffling that permutation
 * further (kept from round to round), permuting every task's labels by it and counting, per entry, a statistic at
 * least as extreme as the observed one in the direction the measure's record gives (within 100 ulps, so that a tie in
 * exact arithmetic counts). The synchronous and the async matrices both run it.
 */
export class PermutationRounds {
  private readonly greater: boolean;
  private readonly tol: Float64Array;
  private readonly perm: Int32Array;
  private readonly pbits: Uint32Array;
  private readonly pcodes: Int32Array;
  private readonly out = new Float64Array(2);

  constructor(
    private readonly e: Engine,
    private readonly obs: Float64Array,
    rec: InformationMeasure,
  ) {
    const TT = obs.length;
    const n = e.prep.n;
    this.greater = rec.dependence !== 'lower';
    this.tol = new Float64Array(TT);
    for (let p = 0; p < TT; p++) this.tol[p] = (this.greater ? -100 : 100) * Number.EPSILON * Math.abs(obs[p]);
    this.perm = new Int32Array(n);
    this.pbits = new Uint32Array(e.W);
    this.pcodes = new Int32Array(e.anyMulti ? n : 0);
  }

  /**
   * One chunk: `count` rounds from the identity permutation, drawn from a stream seeded by `seed`; returns the
   * per-entry counts (T × T, row-major, a fresh array) of rounds at least as extreme as observed. `beforeRound` (the
   * synchronous caller's abort check and progress) runs before each round.
   */
  chunk(seed: number, count: number, beforeRound?: () => void): Counts {
    const { perm } = this;
    for (let i = 0; i < perm.length; i++) perm[i] = i;
    // The narrowest array that holds `count`: a worker's results are moved to the caller and each is fresh memory
    // (a T × T Float64Array is 320 KB for 200 tasks; page faults on it cost more than the counting on the VM measured).
    const TT = this.obs.length;
    const exceed = count <= 0xff ? new Uint8Array(TT) : count <= 0xffff ? new Uint16Array(TT) : new Float64Array(TT);
    const rng = createRng(seed);
    for (let r = 0; r < count; r++) {
      beforeRound?.();
      this.round(rng, exceed);
    }
    return exceed;
  }

  /** One round drawn from `rng`, counted into `exceed`. */
  private round(rng: Rng, exceed: Counts): void {
    const { e, obs, tol, perm, pbits, pcodes, out, greater } = this;
    const { n, T } = e.prep;
    rng.shuffle(perm);
    for (let j = 0; j < T; j++) {
      if (e.bin[j]) permuteBits(n, e.bits, j * e.W, perm, pbits, 0);
      if (e.anyMulti) gather(n, e.codes[j], perm, pcodes);
      for (let i = 0; i <= j; i++) {
        pairStat(e, i, j, pbits, 0, pcodes, out);
        const pij = i * T + j;
        const pji = j * T + i;
        if (greater ? out[0] >= obs[pij] + tol[pij] : out[0] <= obs[pij] + tol[pij]) exceed[pij]++;
        if (i !== j && (greater ? out[1] >= obs[pji] + tol[pji] : out[1] <= obs[pji] + tol[pji])) exceed[pji]++;
      }
    }
  }
}

/**
 * Validates the options (`known`: every option name the caller takes) and those that choose the statistic, reading
 * the measure's record: which estimators and averages its pair form takes, and whether it has a unit.
 */
export function checkMeasureOptions(
  fn: string,
  options: unknown,
  known: readonly string[],
): { measure: DependencyMeasure; est: EntropyEstimator; average: NmiAverage; lnb: number; unitless: boolean; record: InformationMeasure } {
  checkOptions(fn, options, known);
  const o = (options ?? {}) as TaskDependencyOptions;
  const record = lookupMeasure(fn, o.measure ?? 'mi', MEASURES);
  const measure = record.name as DependencyMeasure;
  const pair = record.pair as PairForm;
  const est = checkChoice(fn, 'estimator', o.estimator, ESTIMATORS, 'plugin');
  if (!pair.estimators && est !== 'plugin') fail('INVALID_OPTION', fn, `estimator ${fmt(est)} is not available for measure '${measure}' (defined for plug-in estimates only)`);
  let average: NmiAverage = 'arithmetic';
  if (pair.averages !== null) average = checkChoice(fn, 'average', o.average, pair.averages, 'arithmetic');
  else if (o.average !== undefined) {
    const withAverage = MEASURE_NAMES.filter((m) => (MEASURES as readonly string[]).includes(m) && lookupMeasure(fn, m).pair?.averages);
    fail('INVALID_OPTION', fn, `average applies to measures ${withAverage.map((m) => `'${m}'`).join(' and ')} only (got ${fmt(o.average)} with measure ${fmt(measure)})`);
  }
  return { measure, est, average, lnb: logBase(fn, o.base), unitless: record.unit === 'unitless', record };
}

/**
 * Pairwise dependency of tasks that share their instances (multi-label data: one task per label), as a T × T
 * {@link DependencyMatrix}, with optional permutation p-values.
 *
 * Entry (i, j) is the core's pairwise value of task i against task j: `mutualInformationOf` (`mi`, the diagonal
 * being H(Tᵢ) = `entropyOf`), `normalizedMutualInformationOf` (`nmi`), `adjustedMutualInformationOf` (`ami`),
 * `conditionalEntropyOf(Tᵢ, Tⱼ)` = H(Tᵢ | Tⱼ) (`conditional-entropy`, row = target, column = other task) or the
 * variation of information H(Tᵢ|Tⱼ) + H(Tⱼ|Tᵢ) (`vi`). Each measure is read from its record
 * (`informationMeasure(name)`): its two-variable count kernel, whether it is symmetric, its unit, and whether higher
 * or lower values mean more dependent.
 * Binary tasks are bit-packed, so the 2 × 2 table of a pair is three popcounts (n₁₁ = |a ∧ b|, n₁. = |a|, n.₁ = |b|);
 * other pairs are counted from their codes.
 *
 * P-values: for each round r = 1 … m a uniformly random permutation π_r of the instances is drawn (the m rounds are
 * cut into min(64, m) chunks of whole rounds; chunk c shuffles one index array cumulatively from the identity, with
 * `Rng.shuffle` on a stream seeded by the c-th 32-bit draw of `createRng(seed)`: the chunks `taskDependencyMatrixAsync`
 * runs, so both give the same p-values); for every pair i ≤ j the statistic of task i against
 * task j permuted by π_r is computed. The one-sided p-value is (b + 1) / (m + 1), b being the number of rounds whose
 * statistic is ≥ the observed one (≤ for `conditional-entropy` and `vi`, where lower means more dependent), with a relative
 * tolerance of 100 ε for rounding: the definition of the core's `permutationTest` (Phipson & Smyth 2010), never 0.
 * Entries (i, j) and (j, i) come from the same permuted table; all pairs of a round share π_r, so each p-value is
 * exact for its pair while the tests of different pairs are correlated. Diagonal p-values test a task against a
 * permuted copy of itself.
 *
 * Units: nats for `mi`, `conditional-entropy` and `vi` unless `base` says otherwise; `nmi` and `ami` are unitless.
 * Cost: O(T² n / 32) word operations when all tasks are binary, O(T² n) otherwise (plus O(n) per pair for `ami`'s
 * expected MI); times (m + 1) with permutations. Memory O(T n).
 *
 * @param tasks - one label array per task (integer typed arrays, integer `number[]` or `string[]`, all of length n),
 *   or an n × T label matrix (`{ data, rows, cols }` row-major, or an ml-matrix `Matrix`), one column per task
 * @param options - `names`, `measure`, `estimator`, `average`, `base`, `permutations`, `seed`, `signal`, `onProgress`
 * @returns the T × T matrix (with `pValues` when `permutations` was given)
 * @throws InfometaError `INVALID_ARGUMENT` for fewer than 2 tasks or a task that is not an array; `EMPTY_INPUT` for an
 *   empty task; `SHAPE_MISMATCH` for tasks of unequal length or names of the wrong count; `INVALID_LABELS` /
 *   `NON_FINITE` for bad labels; `INVALID_OPTION` for an unknown measure, estimator or average, an estimator with
 *   `ami`, an `average` with `mi`, `conditional-entropy` or `vi`, a bad base, permutations or seed, or names that are not
 *   unique strings; `ABORTED` when `signal` fires
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { taskDependencyMatrix } from 'infometa';
 * const a = [0, 0, 1, 1, 0, 1, 0, 1];
 * const b = [0, 0, 1, 1, 0, 1, 0, 1]; // a copy of a
 * const c = [0, 1, 0, 1, 0, 1, 1, 0]; // independent of a
 * const dep = taskDependencyMatrix([a, b, c], { names: ['a', 'b', 'c'], base: 2 });
 * console.log(dep.get('a', 'b'), dep.get('a', 'c')); // 1 0
 * ```
 */
export function taskDependencyMatrix(tasks: TaskLabels, options?: TaskDependencyOptions): DependencyMatrix {
  const fn = 'taskDependencyMatrix';
  const { measure, est, average, lnb, unitless, record: rec } = checkMeasureOptions(fn, options, TASK_DEPENDENCY_OPTIONS);
  const o = options ?? {};
  const m = o.permutations === undefined ? 0 : checkInteger(fn, 'permutations', o.permutations, 0, 1);
  const run = longRunning<TaskDependencyProgress>(fn, o);

  const prep = prepareTasks(fn, tasks);
  const { T } = prep;
  const names = checkNames(fn, o.names, T);
  const e = makeEngine(prep, measure, est, average, lnb);
  const obs = observedPairs(e, T, () => run.throwIfAborted());
  const values = dependencyValues(obs, prep, rec, est, lnb);
  const base = unitless ? Math.E : (o.base ?? Math.E);
  if (m === 0) return new DependencyMatrix(names, values, { measure, base });

  run.throwIfAborted();
  // The rounds in the fixed chunks of taskDependencyMatrixAsync, run in order here: the same p-values to the bit.
  const every = progressEvery(m);
  let done = 0;
  const exceed = new Float64Array(T * T);
  const rounds = new PermutationRounds(e, obs, rec);
  for (const chunk of dependencyChunks(m, run.rng())) {
    const counts = rounds.chunk(chunk.seed, chunk.count, () => {
      run.throwIfAborted();
      done++;
      if (done % every === 0 || done === m) run.report({ completed: done, total: m });
    });
    for (let p = 0; p < T * T; p++) exceed[p] += counts[p];
  }
  const pValues = new Float64Array(T * T);
  for (let p = 0; p < T * T; p++) pValues[p] = (exceed[p] + 1) / (m + 1);
  return new DependencyMatrix(names, values, { measure, base, pValues, permutations: m, seed: run.seed });
}
