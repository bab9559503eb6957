// A permutation test of (conditional) independence for any declared information measure: the statistic, its
// direction (which values mean dependence) and its estimator all come from the measure's record.
import { fail, fmt } from '../internal/errors.js';
import { longRunning, progressEvery } from '../internal/long-running.js';
import { shuffleInt32 } from '../internal/rng.js';
import type { Rng } from '../internal/rng.js';
import { checkChoice, checkInteger, checkOptions, isNumericArray, optionNames } from '../internal/validate.js';
import type { EntropyEstimator } from '../core/estimators.js';
import type { NmiAverage } from '../core/joint.js';
import type { Labels } from '../core/labels.js';
import { lookupMeasure, type MeasureName } from '../core/measures.js';
import { labelColumns, sampleSettings, valueOfColumns, type LabelColumns } from '../core/multivariate-of.js';
import { groupKeys } from '../core/states.js';
import { checkVariableCount, denseList } from '../core/terms.js';
import { parseKnn } from './common.js';
import { KNN_OPTIONS } from './options.js';
import { ksgLocalJoined, ksgTerms } from './multivariate.js';
import type { PermutationProgress, PermutationResult } from './permutation-test.js';
import { checkKVsN, joinColumns, toColumns } from './samples.js';
import type { Samples } from './samples.js';

/** Options of {@link informationTest}. */
export interface InformationTestOptions {
  /** `'auto'` (default): discrete when every variable is labels (`string[]`, integer arrays), continuous (KSG) when none is. */
  kind?: 'auto' | 'discrete' | 'continuous';
  /** Discrete labels to condition on: the permutations then shuffle within each of their categories. */
  given?: Labels | readonly Labels[];
  /** Number of permutations m (an integer ≥ 1). Default 1000. */
  permutations?: number;
  /** Seed of the permutations (and of the KSG noise). Default 0. */
  seed?: number;
  /** Stops the test with an `ABORTED` error before the next permutation. */
  signal?: AbortSignal;
  /** Called with `{ completed, total }` about every 1% of the permutations and once at the end. */
  onProgress?: (progress: PermutationProgress) => void;
  /** Discrete: the entropy estimator (default `plugin`). */
  estimator?: EntropyEstimator;
  /** Discrete: the normalizer of `nmi` / `ami`. */
  average?: NmiAverage;
  /** Continuous: neighbours of the KSG estimator (default 3). */
  k?: number;
  /** Continuous: tie-breaking noise (default 1e-10 relative; `false` for none), drawn once for all permutations. */
  noise?: number | false;
  /** Logarithm base of the statistic. */
  base?: number;
}

/** Result of {@link informationTest}. */
export interface InformationTestResult extends PermutationResult {
  /** The measure tested. */
  measure: MeasureName;
  /** `'plugin'` (or another entropy estimator) for labels, `'ksg'` for continuous samples. */
  estimator: EntropyEstimator | 'ksg';
  /**
   * Which permuted values count against independence, from the measure's record: `greater` (≥ the observed value),
   * `less` (≤: conditional entropy, variation of information) or `two-sided` (at least as far from the null mean:
   * O-information, co-information).
   */
  alternative: 'greater' | 'less' | 'two-sided';
}

const INFORMATION_TEST_OPTIONS = optionNames<InformationTestOptions>()(
  'kind', 'given', 'permutations', 'seed', 'signal', 'onProgress', 'estimator', 'average', 'k', 'noise', 'base',
);

const INT_ARRAYS = [Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];

/** Labels: a string array, an integer typed array, or a number array of integers. */
function isLabels(v: unknown): boolean {
  if (INT_ARRAYS.some((C) => v instanceof C)) return true;
  if (!Array.isArray(v) || v.length === 0) return false;
  if (typeof v[0] === 'string') return true;
  return v.every((e) => typeof e === 'number' && Number.isInteger(e));
}

/** A variable given as several label columns. */
function isGroup(v: unknown): v is readonly unknown[] {
  return Array.isArray(v) && v.length > 0 && (Array.isArray(v[0]) || isNumericArray(v[0])) && !Array.isArray((v[0] as unknown[])[0]);
}

/**
 * Permutation test of independence for any information measure (see {@link informationMeasure}): the measure's value
 * on the data, against its values when every variable but the first is shuffled independently (which keeps each
 * variable's distribution and breaks every dependence between them). With `given`, the shuffles stay within each
 * category of the conditioning labels: a test of conditional independence, e.g. of I(X;Y|Z) = 0.
 *
 * The statistic is the measure of the record: discrete labels through the core (plug-in or another `estimator`),
 * continuous samples through {@link ksgInformation} (noise drawn once). Which permuted values count as "at least as
 * extreme" also comes from the record: ≥ for measures where higher means dependent, ≤ for `conditional-entropy` and
 * `vi`, and |value − null mean| ≥ |observed − null mean| for the signed `o-information`, `co-information` and
 * `interaction-information`. The p-value is (b + 1)/(m + 1) (Phipson & Smyth 2010), never 0.
 *
 * Units: the statistic and the null in nats unless `base` says otherwise. Cost: (m + 1) evaluations of the measure.
 *
 * @param measure - the measure's name
 * @param variables - one sample set per variable: labels (or arrays of label columns) for the discrete test, numbers
 *   or rows for the continuous one (with `kind: 'auto'` an array of integer arrays is read as label columns: pass
 *   `kind: 'continuous'` for integer-valued rows)
 * @param options - `kind`, `given` (discrete), `permutations` (default 1000), `seed`, `signal`, `onProgress`,
 *   `estimator`, `average`, `k`, `noise`, `base`
 * @returns `{ statistic, pValue, nullMean, nullStd, permutations, measure, estimator, alternative }`
 * @throws InfometaError `INVALID_OPTION` for an unknown measure or kind, a measure with no estimator for the data
 *   (no KSG form, no label form), `given` with continuous variables, permutations < 1, a bad seed, signal or
 *   onProgress; `INVALID_ARGUMENT` for variables that mix labels and continuous samples or too few variables;
 *   otherwise as {@link informationOf} or {@link ksgInformation}; `ABORTED` when the signal fires
 * @example
 * ```ts
 * import { informationTest } from 'infometa';
 * // Z = X xor Y: pairwise independent, but the three are jointly dependent (synergy).
 * const x = Array.from({ length: 200 }, (_, i) => i % 2), y = Array.from({ length: 200 }, (_, i) => (i >> 1) % 2);
 * const z = x.map((v, i) => v ^ y[i]);
 * console.log(informationTest('mi', [x, z], { permutations: 199 }).pValue > 0.05); // true
 * const t = informationTest('o-information', [x, y, z], { permutations: 199 });
 * console.log(t.statistic < 0, t.alternative, t.pValue); // true two-sided 0.005
 * ```
 */
export function informationTest(measure: MeasureName, variables: readonly (Labels | readonly Labels[] | Samples)[], options?: InformationTestOptions): InformationTestResult {
  const fn = 'informationTest';
  checkOptions(fn, options, INFORMATION_TEST_OPTIONS);
  const rec = lookupMeasure(fn, measure);
  if (!Array.isArray(variables)) fail('INVALID_ARGUMENT', fn, `variables must be an array of samples, one per variable (got ${fmt(variables)})`);
  checkVariableCount(fn, rec, variables.length);
  denseList(fn, 'variables', variables, 65536);
  const m = checkInteger(fn, 'permutations', options?.permutations, 1000, 1);
  const run = longRunning<PermutationProgress>(fn, { seed: options?.seed, signal: options?.signal, onProgress: options?.onProgress });
  const seed = run.seed;
  let kind = checkChoice(fn, 'kind', options?.kind, ['auto', 'discrete', 'continuous'] as const, 'auto');
  if (kind === 'auto') {
    const discrete = variables.map((v) => (isGroup(v) ? v.every(isLabels) : isLabels(v)));
    if (discrete.every(Boolean)) kind = 'discrete';
    else if (!discrete.some(Boolean)) kind = 'continuous';
    else fail('INVALID_ARGUMENT', fn, 'variables mix labels and continuous samples; pass kind, or bin the continuous ones');
  }
  const alternative = rec.dependence === 'lower' ? 'less' : rec.dependence === 'two-sided' ? 'two-sided' : 'greater';
  const rng = run.rng();
  let stat: (perm: readonly Int32Array[] | null) => number;
  let n: number;
  let estimator: EntropyEstimator | 'ksg';
  let strata: Int32Array[] | null = null;
  if (kind === 'discrete') {
    const c = labelColumns(fn, variables, options?.given);
    const settings = sampleSettings(fn, rec, options, c.given.length > 0);
    if (options?.k !== undefined || options?.noise !== undefined) fail('INVALID_OPTION', fn, 'k and noise apply to the continuous (KSG) test only');
    n = c.n;
    estimator = settings.estimator;
    if (c.given.length > 0) strata = strataOf(c);
    const permuted: LabelColumns = { ...c, codes: c.codes.slice() };
    const bufs = c.codes.map((col) => new Int32Array(col.length));
    stat = (perm) => {
      if (perm === null) return valueOfColumns(fn, rec, c, settings);
      for (let v = 1; v < c.vars.length; v++) {
        const p = perm[v];
        for (const col of c.vars[v]) {
          const src = c.codes[col];
          const dst = bufs[col];
          for (let i = 0; i < n; i++) dst[i] = src[p[i]];
          permuted.codes[col] = dst;
        }
      }
      return valueOfColumns(fn, rec, permuted, settings);
    };
  } else {
    if (options?.given !== undefined) fail('INVALID_OPTION', fn, 'given applies to the discrete test only (a conditional permutation of continuous data needs a local permutation scheme)');
    if (options?.estimator !== undefined || options?.average !== undefined) fail('INVALID_OPTION', fn, 'estimator and average apply to the discrete test only');
    const knn = parseKnn(fn, { k: options?.k, noise: options?.noise, seed, base: options?.base }, KNN_OPTIONS);
    const sets = variables.map((v, i) => toColumns(fn, `variables[${i}]`, v));
    n = sets[0].rows;
    sets.forEach((s, i) => {
      if (s.rows !== n) fail('SHAPE_MISMATCH', fn, `variables[0] and variables[${i}] must have the same number of samples (got ${n} and ${s.rows})`);
    });
    checkKVsN(fn, knn.k, n);
    const { terms, groups, D } = ksgTerms(fn, rec, sets.map((s) => s.cols), 0);
    // The noise is drawn once, from its own stream; the permutations come from `rng`.
    const J = joinColumns(sets, knn.noise, knn.rng).data;
    const buf = new Float64Array(n * D);
    estimator = 'ksg';
    const mean = (local: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < n; i++) s += local[i];
      return s / n / knn.lnBase;
    };
    stat = (perm) => {
      if (perm === null) return mean(ksgLocalJoined(terms, J, n, D, knn.k));
      for (let i = 0; i < n; i++) {
        for (let v = 0; v < groups.length; v++) {
          const src = (v === 0 ? i : perm[v][i]) * D;
          for (const col of groups[v]) buf[i * D + col] = J[src + col];
        }
      }
      return mean(ksgLocalJoined(terms, buf, n, D, knn.k));
    };
  }
  const observed = stat(null);
  const perms = variables.map(() => Int32Array.from({ length: n }, (_, i) => i));
  const values = new Float64Array(m);
  const every = progressEvery(m);
  let mean = 0;
  let m2 = 0;
  for (let r = 0; r < m; r++) {
    run.throwIfAborted();
    for (let v = 1; v < perms.length; v++) shuffle(perms[v], n, strata, rng);
    const val = stat(perms);
    values[r] = val;
    const delta = val - mean;
    mean += delta / (r + 1);
    m2 += delta * (val - mean);
    if ((r + 1) % every === 0 || r + 1 === m) run.report({ completed: r + 1, total: m });
  }
  let b = 0;
  const tol = 100 * Number.EPSILON * Math.max(Math.abs(observed), Math.abs(mean));
  for (let r = 0; r < m; r++) {
    const v = values[r];
    if (alternative === 'greater' ? v >= observed - tol : alternative === 'less' ? v <= observed + tol : Math.abs(v - mean) >= Math.abs(observed - mean) - tol) b++;
  }
  return {
    statistic: observed,
    pValue: (b + 1) / (m + 1),
    nullMean: mean,
    nullStd: m > 1 ? Math.sqrt(m2 / (m - 1)) : 0,
    permutations: m,
    measure: rec.name,
    estimator,
    alternative,
  };
}

/** The samples of each category of the conditioning columns. */
function strataOf(c: LabelColumns): Int32Array[] {
  const keys = new Float64Array(c.n);
  for (const col of c.given) {
    const k = c.card[col];
    const codes = c.codes[col];
    for (let i = 0; i < c.n; i++) keys[i] = keys[i] * k + codes[i];
  }
  // The key space of a few conditioning columns stays far below 2⁵³ in practice; group and list members.
  let range = 1;
  for (const col of c.given) range *= c.card[col];
  if (!(range <= Number.MAX_SAFE_INTEGER)) fail('INVALID_ARGUMENT', 'informationTest', 'given has too many joint categories to stratify (more than 2^53)');
  const groupOf = new Int32Array(c.n);
  const { G } = groupKeys(keys, c.n, range, groupOf);
  const sizes = new Int32Array(G);
  for (let i = 0; i < c.n; i++) sizes[groupOf[i]]++;
  const out = Array.from({ length: G }, (_, g) => new Int32Array(sizes[g]));
  const fill = new Int32Array(G);
  for (let i = 0; i < c.n; i++) out[groupOf[i]][fill[groupOf[i]]++] = i;
  return out;
}

/** A uniformly random permutation, within each stratum when there are strata (positions of a stratum swap among themselves). */
function shuffle(perm: Int32Array, n: number, strata: Int32Array[] | null, rng: Rng): void {
  if (strata === null) {
    shuffleInt32(perm, n, rng);
    return;
  }
  for (const s of strata) {
    // Fisher–Yates over the stratum's positions.
    for (let a = s.length - 1; a > 0; a--) {
      const b = rng.int(a + 1);
      const pa = s[a];
      const pb = s[b];
      const t = perm[pa];
      perm[pa] = perm[pb];
      perm[pb] = t;
    }
  }
}
