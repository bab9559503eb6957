import { fail, fmt } from '../internal/errors.js';
import { checkChoice, checkOptions, isNumericArray, logBase, optionNames, toFiniteVector } from '../internal/validate.js';
import { logRatio } from '../kernels/logratio.js';
import { expectedMutualInformation } from './ami.js';
import { ESTIMATORS, entropyFromCounts, type EntropyEstimator } from './estimators.js';
import { NMI_AVERAGES, nmiFromParts, nmiNormalizer, type NmiAverage } from './joint.js';
import { combineCodes, factorize, jointCounts, scanLabels, type Codes, type JointCounts, type Labels } from './labels.js';
import { toTable, type Table, type Table2D } from './table.js';

/** Options of the functions that estimate from samples or counts. */
export interface SampleOptions {
  /** Logarithm base: `Math.E` (default, nats), 2 (bits), any finite number > 0 and ≠ 1. */
  base?: number;
  /**
   * Entropy estimator: `plugin` (default, maximum likelihood), `miller-madow` (+ (m−1)/2n), `grassberger`
   * (Grassberger 2003), `shrinkage` (James–Stein towards uniform, Hausser & Strimmer 2009) or `chao-shen`
   * (coverage-adjusted Horvitz–Thompson, Chao & Shen 2003). Mutual information under an estimator is
   * H(X) + H(Y) − H(X,Y) with each term estimated, and so may be slightly negative for non-plug-in estimators.
   */
  estimator?: EntropyEstimator;
}

/** Options of {@link normalizedMutualInformationOf}. */
export interface NmiSampleOptions extends SampleOptions {
  /** Normalizer of I(X;Y): `arithmetic` (default), `geometric`, `min`, `max` or `joint` (H(X,Y)). */
  average?: NmiAverage;
}

/** Options of {@link adjustedMutualInformationOf}. */
export interface AmiOptions {
  /** Normalizer: `arithmetic` (default, as scikit-learn), `geometric`, `min` or `max`. */
  average?: 'arithmetic' | 'geometric' | 'min' | 'max';
}

/** Result of {@link contingency}. */
export interface ContingencyResult {
  /** Counts, shape [number of x categories, number of y categories]. */
  table: Table;
  /** Category value of each row, sorted. */
  xValues: (number | string)[];
  /** Category value of each column, sorted. */
  yValues: (number | string)[];
}

const SAMPLE_OPTIONS = optionNames<SampleOptions>()('base', 'estimator');
const NMI_SAMPLE_OPTIONS = optionNames<NmiSampleOptions>()('base', 'estimator', 'average');
const AMI_OPTIONS = optionNames<AmiOptions>()('average');

function opts(fn: string, options: SampleOptions | undefined, names: readonly string[] = SAMPLE_OPTIONS): { lnb: number; est: EntropyEstimator } {
  checkOptions(fn, options, names);
  return { lnb: logBase(fn, options?.base), est: checkChoice(fn, 'estimator', options?.estimator, ESTIMATORS, 'plugin') };
}

/** Counts of one label array: the non-zero counts, densely when the integer range is small. */
function labelCounts(fn: string, name: string, x: unknown): { counts: Float64Array; n: number } {
  const scan = scanLabels(fn, name, x);
  const n = (x as ArrayLike<unknown>).length;
  if (scan.kind === 'int' && scan.max - scan.min < Math.max(1 << 16, 2 * n)) {
    const a = x as ArrayLike<number>;
    const full = new Float64Array(scan.max - scan.min + 1);
    const mn = scan.min;
    for (let i = 0; i < n; i++) full[a[i] - mn] += 1;
    let k = 0;
    for (let v = 0; v < full.length; v++) if (full[v] > 0) full[k++] = full[v];
    return { counts: full.subarray(0, k), n };
  }
  const c = factorize(fn, name, x);
  return { counts: codeCounts(c), n };
}

function codeCounts(c: Codes): Float64Array {
  const counts = new Float64Array(c.k);
  const codes = c.codes;
  for (let i = 0; i < codes.length; i++) counts[codes[i]] += 1;
  return counts;
}

/** Plug-in I in nats of sparse joint counts: (1/n) Σ c ln(c·n / (r·s)). */
function pluginMi(j: JointCounts): number {
  const { cellI, cellJ, cellC, rowSums, colSums, n } = j;
  let s = 0;
  let comp = 0;
  for (let t = 0; t < cellC.length; t++) {
    const c = cellC[t];
    const term = c * logRatio(c, n, rowSums[cellI[t]], colSums[cellJ[t]]);
    const u = s + term;
    if (Math.abs(s) >= Math.abs(term)) comp += s - u + term;
    else comp += term - u + s;
    s = u;
  }
  return Math.max(0, (s + comp) / n);
}

function miOfJoint(j: JointCounts, est: EntropyEstimator): number {
  if (est === 'plugin') return pluginMi(j);
  return (
    entropyFromCounts(j.rowSums, j.n, j.kx, est) + entropyFromCounts(j.colSums, j.n, j.ky, est) - entropyFromCounts(j.cellC, j.n, j.kx * j.ky, est)
  );
}

/**
 * Entropy H(X) of discrete samples, estimated from their category counts.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n) for integer labels in a compact range, O(n + k log k) otherwise.
 *
 * @param x - labels: an integer typed array, integer `number[]`, or `string[]`
 * @param options - `estimator` (default `plugin`), `base`
 * @returns the estimate of H(X) (≥ 0 for every estimator here)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-array; `EMPTY_INPUT`; `INVALID_LABELS` for non-integer numbers
 *   or mixed types; `NON_FINITE` for NaN or ±Infinity labels; `INVALID_OPTION` for an unknown `estimator` or bad `base`
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { entropyOf } from 'infometa';
 * console.log(entropyOf(['a', 'b', 'a', 'b'], { base: 2 })); // 1
 * console.log(entropyOf([0, 0, 1, 2], { estimator: 'miller-madow' }).toFixed(4)); // 1.2897
 * ```
 */
export function entropyOf(x: Labels, options?: SampleOptions): number {
  const fn = 'entropyOf';
  const { lnb, est } = opts(fn, options);
  const { counts, n } = labelCounts(fn, 'x', x);
  return entropyFromCounts(counts, n, counts.length, est) / lnb;
}

/**
 * Joint entropy H(X, Y) of paired discrete samples.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n).
 *
 * @param x - first labels
 * @param y - second labels, same length
 * @param options - `estimator`, `base`
 * @returns the estimate of H(X, Y)
 * @throws InfometaError as {@link entropyOf}; `SHAPE_MISMATCH` for different lengths
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { jointEntropyOf } from 'infometa';
 * console.log(jointEntropyOf([0, 0, 1, 1], [0, 1, 0, 1], { base: 2 })); // 2
 * ```
 */
export function jointEntropyOf(x: Labels, y: Labels, options?: SampleOptions): number {
  const fn = 'jointEntropyOf';
  const { lnb, est } = opts(fn, options);
  const j = jointCounts(fn, x, y);
  return entropyFromCounts(j.cellC, j.n, j.kx * j.ky, est) / lnb;
}

/**
 * Conditional entropy H(X|Y) = H(X,Y) − H(Y) of paired discrete samples.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n).
 *
 * @param x - labels whose uncertainty is measured
 * @param y - conditioning labels, same length
 * @param options - `estimator`, `base`
 * @returns the estimate of H(X|Y) (≥ 0 for the plug-in estimator)
 * @throws InfometaError as {@link jointEntropyOf}
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { conditionalEntropyOf } from 'infometa';
 * console.log(conditionalEntropyOf([0, 1, 0, 1], [0, 0, 1, 1], { base: 2 })); // 1
 * ```
 */
export function conditionalEntropyOf(x: Labels, y: Labels, options?: SampleOptions): number {
  const fn = 'conditionalEntropyOf';
  const { lnb, est } = opts(fn, options);
  const j = jointCounts(fn, x, y);
  if (est === 'plugin') {
    // (1/n) Σ c ln(s_j / c): every term ≥ 0, no cancellation.
    let s = 0;
    for (let t = 0; t < j.cellC.length; t++) s += j.cellC[t] * logRatio(j.colSums[j.cellJ[t]], 1, j.cellC[t], 1);
    return Math.max(0, s / j.n) / lnb;
  }
  return (entropyFromCounts(j.cellC, j.n, j.kx * j.ky, est) - entropyFromCounts(j.colSums, j.n, j.ky, est)) / lnb;
}

/**
 * Mutual information I(X;Y) of paired discrete samples, from their contingency table. With the default plug-in
 * estimator this equals scikit-learn's `mutual_info_score` (which is in nats).
 *
 * Units: nats unless `base` says otherwise. Cost: O(n); memory O(categories) for integer labels in a compact range.
 *
 * @param x - first labels
 * @param y - second labels, same length
 * @param options - `estimator`, `base`
 * @returns the estimate of I(X;Y) (≥ 0 for the plug-in estimator)
 * @throws InfometaError as {@link jointEntropyOf}
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { mutualInformationOf } from 'infometa';
 * console.log(mutualInformationOf(['a', 'a', 'b', 'b'], [1, 1, 2, 2], { base: 2 })); // 1
 * ```
 */
export function mutualInformationOf(x: Labels, y: Labels, options?: SampleOptions): number {
  const fn = 'mutualInformationOf';
  const { lnb, est } = opts(fn, options);
  return miOfJoint(jointCounts(fn, x, y), est) / lnb;
}

/**
 * Conditional mutual information I(X;Y|Z) = H(X,Z) + H(Y,Z) − H(X,Y,Z) − H(Z) of three paired label arrays.
 * The plug-in value is computed per cell as (1/n) Σ c_xyz ln(c_xyz c_z / (c_xz c_yz)) and clamped at 0.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n) plus factorization.
 *
 * @param x - first labels
 * @param y - second labels
 * @param z - conditioning labels (all three the same length)
 * @param options - `estimator`, `base`
 * @returns the estimate of I(X;Y|Z)
 * @throws InfometaError as {@link jointEntropyOf}
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { conditionalMutualInformationOf } from 'infometa';
 * // Y = X xor Z: X alone says nothing about Y, but given Z it says everything.
 * const x = [0, 0, 1, 1], z = [0, 1, 0, 1], y = [0, 1, 1, 0];
 * console.log(conditionalMutualInformationOf(x, y, z, { base: 2 })); // 1
 * ```
 */
export function conditionalMutualInformationOf(x: Labels, y: Labels, z: Labels, options?: SampleOptions): number {
  const fn = 'conditionalMutualInformationOf';
  const { lnb, est } = opts(fn, options);
  const cx = factorize(fn, 'x', x);
  const cy = factorize(fn, 'y', y);
  const cz = factorize(fn, 'z', z);
  const n = cx.codes.length;
  if (cy.codes.length !== n || cz.codes.length !== n) {
    fail('SHAPE_MISMATCH', fn, `x, y and z must have the same length (got ${n}, ${cy.codes.length} and ${cz.codes.length})`);
  }
  const cxz = combineCodes(cx, cz, n);
  const cyz = combineCodes(cy, cz, n);
  const cxyz = combineCodes(cxz, cy, n);
  const nxz = codeCounts(cxz);
  const nyz = codeCounts(cyz);
  const nz = codeCounts(cz);
  const nxyz = codeCounts(cxyz);
  if (est === 'plugin') {
    const seen = new Uint8Array(cxyz.k);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = cxyz.codes[i];
      if (seen[c]) continue;
      seen[c] = 1;
      const v = nxyz[c];
      s += v * logRatio(v, nz[cz.codes[i]], nxz[cxz.codes[i]], nyz[cyz.codes[i]]);
    }
    return Math.max(0, s / n) / lnb;
  }
  const h = (c: Float64Array, K: number): number => entropyFromCounts(c, n, K, est);
  return (h(nxz, cx.k * cz.k) + h(nyz, cy.k * cz.k) - h(nxyz, cx.k * cy.k * cz.k) - h(nz, cz.k)) / lnb;
}

/**
 * Normalized mutual information of paired labels: I(X;Y) / A(H(X), H(Y)), with scikit-learn's conventions
 * (`normalized_mutual_info_score`): 1 when both labelings are constant, 0 when I = 0 otherwise.
 *
 * Unitless, in [0, 1] (non-plug-in estimates are clamped to it). Cost: O(n).
 *
 * @param x - first labels
 * @param y - second labels, same length
 * @param options - `average` (`arithmetic` default, `geometric`, `min`, `max`, `joint`), `estimator`
 * @returns NMI in [0, 1]
 * @throws InfometaError as {@link jointEntropyOf}; `INVALID_OPTION` for an unknown `average`
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { normalizedMutualInformationOf } from 'infometa';
 * console.log(normalizedMutualInformationOf([0, 0, 1, 1], [1, 1, 0, 0])); // 1
 * ```
 */
export function normalizedMutualInformationOf(x: Labels, y: Labels, options?: NmiSampleOptions): number {
  const fn = 'normalizedMutualInformationOf';
  const { est } = opts(fn, options, NMI_SAMPLE_OPTIONS);
  const average = checkChoice(fn, 'average', options?.average, NMI_AVERAGES, 'arithmetic');
  const j = jointCounts(fn, x, y);
  const hx = entropyFromCounts(j.rowSums, j.n, j.kx, est);
  const hy = entropyFromCounts(j.colSums, j.n, j.ky, est);
  const hxy = entropyFromCounts(j.cellC, j.n, j.kx * j.ky, est);
  const mi = est === 'plugin' ? pluginMi(j) : hx + hy - hxy;
  return nmiFromParts(mi, hx, hy, hxy, average, j.kx === 1 && j.ky === 1);
}

/**
 * Adjusted mutual information AMI = (I − E[I]) / (A(H(X), H(Y)) − E[I]), corrected for chance with the exact
 * expected MI under the permutation (hypergeometric) model, as scikit-learn's `adjusted_mutual_info_score`
 * (including its conventions: 1 when both labelings are constant; the denominator kept at least machine epsilon in
 * magnitude). Plug-in estimates only: the expectation is defined for them.
 *
 * Unitless: 1 for identical partitions, about 0 for independent ones, can be negative.
 * Cost: O(n) plus O(distinct(a)·distinct(b)·spread) for E[I], where a and b are the category sizes.
 *
 * @param x - first labels
 * @param y - second labels, same length
 * @param options - `average` (`arithmetic` default, `geometric`, `min`, `max`)
 * @returns AMI ≤ 1
 * @throws InfometaError as {@link jointEntropyOf}; `INVALID_OPTION` for an unknown `average`
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { adjustedMutualInformationOf } from 'infometa';
 * console.log(adjustedMutualInformationOf([0, 0, 1, 1, 2, 2], [1, 1, 0, 0, 2, 2])); // 1
 * ```
 */
export function adjustedMutualInformationOf(x: Labels, y: Labels, options?: AmiOptions): number {
  const fn = 'adjustedMutualInformationOf';
  checkOptions(fn, options, AMI_OPTIONS);
  const average = checkChoice(fn, 'average', options?.average, ['arithmetic', 'geometric', 'min', 'max'] as const, 'arithmetic');
  const j = jointCounts(fn, x, y);
  if (j.kx === 1 && j.ky === 1) return 1;
  const mi = pluginMi(j);
  const emi = expectedMutualInformation(j.rowSums, j.colSums, j.n);
  const hx = entropyFromCounts(j.rowSums, j.n, j.kx, 'plugin');
  const hy = entropyFromCounts(j.colSums, j.n, j.ky, 'plugin');
  let d = nmiNormalizer(average, hx, hy, 0) - emi;
  const eps = Number.EPSILON;
  d = d < 0 ? Math.min(d, -eps) : Math.max(d, eps);
  return (mi - emi) / d;
}

/**
 * Contingency table of paired labels: counts of each (x, y) category pair, rows in sorted order of x's categories
 * and columns in sorted order of y's.
 *
 * Cost: O(n) plus O(kx·ky) for the table.
 *
 * @param x - row labels
 * @param y - column labels, same length
 * @returns the counts table and the category values of each axis
 * @throws InfometaError as {@link jointEntropyOf}; `INVALID_ARGUMENT` when kx·ky exceeds 2²⁶ cells (use the
 *   sample functions, which count sparsely)
 * @example
 * ```ts
 * import { contingency } from 'infometa';
 * const { table, xValues, yValues } = contingency(['a', 'b', 'a'], [1, 1, 2]);
 * console.log(xValues, yValues, Array.from(table.data)); // [ 'a', 'b' ] [ 1, 2 ] [ 1, 1, 1, 0 ]
 * ```
 */
export function contingency(x: Labels, y: Labels): ContingencyResult {
  const fn = 'contingency';
  const j = jointCounts(fn, x, y);
  let data = j.dense;
  if (!data) {
    if (j.kx * j.ky > 1 << 26) fail('INVALID_ARGUMENT', fn, `${j.kx} × ${j.ky} categories are too many for a dense table`);
    data = new Float64Array(j.kx * j.ky);
    for (let t = 0; t < j.cellC.length; t++) data[j.cellI[t] * j.ky + j.cellJ[t]] = j.cellC[t];
  }
  return { table: { data, shape: [j.kx, j.ky] }, xValues: j.xValues, yValues: j.yValues };
}

/**
 * Validates counts (non-negative; integers unless plug-in) and returns them with their total n. When the total
 * overflows (counts near Number.MAX_VALUE), the counts are rescaled by a power of two into a copy (exact) and the
 * estimator becomes the plug-in one: at such counts every bias correction here is below double precision
 * ((m − 1)/2n, the digamma terms, the shrinkage weight and the coverage all vanish), so this is the value each
 * estimator has, computed without overflow.
 */
function checkCounts(fn: string, name: string, c: Float64Array, est: EntropyEstimator): { counts: Float64Array; n: number; est: EntropyEstimator } {
  let total = 0;
  let max = 0;
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    if (v < 0) fail('INVALID_DISTRIBUTION', fn, `${name} must be non-negative counts (got ${fmt(v)} at index ${i})`);
    if (est !== 'plugin' && !Number.isInteger(v)) {
      fail('INVALID_ARGUMENT', fn, `${name} must be integer counts for the '${est}' estimator (got ${fmt(v)} at index ${i})`);
    }
    total += v;
    if (v > max) max = v;
  }
  if (!(total > 0)) fail('INVALID_DISTRIBUTION', fn, `${name} has all-zero counts (length ${c.length})`);
  if (total < 1e300) return { counts: c, n: total, est };
  const scale = 2 ** -Math.ceil(Math.log2(max));
  const counts = new Float64Array(c.length);
  let n = 0;
  for (let i = 0; i < c.length; i++) n += counts[i] = c[i] * scale;
  return { counts, n, est: 'plugin' };
}

/**
 * Entropy from category counts aggregated elsewhere (a SQL `GROUP BY`, a Spark job), with the same estimators as
 * the sample functions. Zero counts are categories that exist but were not seen (they matter to `shrinkage`).
 *
 * Units: nats unless `base` says otherwise. Cost: O(k).
 *
 * @param counts - non-negative counts (integers unless the estimator is `plugin`, where weights are allowed): an
 *   array, or a 1-D {@link Table} such as a `LabelCounter`
 * @param options - `estimator`, `base`
 * @returns the estimate of H
 * @throws InfometaError `INVALID_ARGUMENT` for a non-array or non-integer counts under a bias-corrected estimator;
 *   `EMPTY_INPUT`; `NON_FINITE`; `INVALID_DISTRIBUTION` for negative or all-zero counts; `INVALID_OPTION`
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { entropyOfCounts } from 'infometa';
 * console.log(entropyOfCounts([10, 10], { base: 2 })); // 1
 * ```
 */
export function entropyOfCounts(counts: Float64Array | readonly number[] | Table, options?: SampleOptions): number {
  const fn = 'entropyOfCounts';
  const { lnb, est } = opts(fn, options);
  const vector = isNumericArray(counts) ? toFiniteVector(fn, 'counts', counts) : toTable(fn, 'counts', counts, 1).data;
  const checked = checkCounts(fn, 'counts', vector, est);
  return entropyFromCounts(checked.counts, checked.n, checked.counts.length, checked.est) / lnb;
}

/**
 * Mutual information from a 2-D table of counts aggregated elsewhere, with the same estimators as
 * {@link mutualInformationOf} (which it equals on the contingency table of the samples).
 *
 * Units: nats unless `base` says otherwise. Cost: O(cells).
 *
 * @param counts - 2-D counts: a {@link Table}, rows as `number[][]`, or an ml-matrix Matrix
 * @param options - `estimator`, `base`
 * @returns the estimate of I(X;Y)
 * @throws InfometaError as {@link entropyOfCounts}; `SHAPE_MISMATCH` for ragged rows or a table that is not 2-D
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { mutualInformationOfCounts } from 'infometa';
 * console.log(mutualInformationOfCounts([[5, 0], [0, 5]], { base: 2 })); // 1
 * ```
 */
export function mutualInformationOfCounts(counts: Table2D, options?: SampleOptions): number {
  const fn = 'mutualInformationOfCounts';
  const opt = opts(fn, options);
  const lnb = opt.lnb;
  const t = toTable(fn, 'counts', counts, 2);
  const { counts: data, n, est } = checkCounts(fn, 'counts', t.data, opt.est);
  const [kx, ky] = t.shape;
  const rowSums = new Float64Array(kx);
  const colSums = new Float64Array(ky);
  let nnz = 0;
  for (let i = 0; i < kx; i++) {
    for (let j = 0; j < ky; j++) {
      const v = data[i * ky + j];
      rowSums[i] += v;
      colSums[j] += v;
      if (v > 0) nnz++;
    }
  }
  const cellI = new Int32Array(nnz);
  const cellJ = new Int32Array(nnz);
  const cellC = new Float64Array(nnz);
  let q = 0;
  for (let i = 0; i < kx; i++) {
    for (let j = 0; j < ky; j++) {
      const v = data[i * ky + j];
      if (v > 0) {
        cellI[q] = i;
        cellJ[q] = j;
        cellC[q++] = v;
      }
    }
  }
  const jc: JointCounts = { kx, ky, n, rowSums, colSums, cellI, cellJ, cellC, dense: data, xValues: [], yValues: [] };
  return miOfJoint(jc, est) / lnb;
}
