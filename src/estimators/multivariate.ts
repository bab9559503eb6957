// KSG estimates of the multivariate Shannon measures (total correlation, dual total correlation, O- and
// S-information, co-information, conditional MI, …) from continuous samples. Each measure is read from its record:
// its Shannon form Σ c_S H(S) is estimated with one joint k-nearest-neighbour radius per sample, shared by every
// marginal space (Kraskov et al. 2004, algorithm 1, generalised as JIDT's multivariate calculators are).
import { fail, fmt } from '../internal/errors.js';
import { digamma } from '../internal/special.js';
import { lookupMeasure, type InformationMeasure, type MeasureName } from '../core/measures.js';
import { checkVariableCount, columnTerms, denseList } from '../core/terms.js';
import type { ColumnTerm } from '../core/states.js';
import { Acc, parseKnn } from './common.js';
import { KdTree } from './kdtree.js';
import { radiusCounter } from './radius-counter.js';
import { psiInt } from './ksg.js';
import { KNN_OPTIONS, type KnnOptions } from './options.js';
import { checkKVsN, joinColumns, nextDown, toColumns } from './samples.js';
import type { Columns, Samples } from './samples.js';

/** Options of the multivariate KSG estimators. */
export interface KsgMultivariateOptions extends KnnOptions {
  /** Samples to condition on (same row count): every entropy H(S) becomes H(S | Z), as in Frenzel–Pompe CMI. */
  given?: Samples;
}

/** The option names of {@link KsgMultivariateOptions}. */
const KSG_MULTIVARIATE_OPTIONS: readonly string[] = [...KNN_OPTIONS, 'given'];

/** The measures whose Shannon form has balanced dimensions, so that the kNN volume terms cancel. */
function checkBalanced(fn: string, measure: InformationMeasure, terms: readonly { coef: number; cols: number[] }[], dims: readonly number[]): void {
  let s = 0;
  for (const t of terms) for (const c of t.cols) s += t.coef * dims[c];
  if (measure.terms === null || s !== 0) {
    fail('INVALID_OPTION', fn, `${measure.name} has no KSG estimator (its entropy terms do not cancel the neighbourhood volumes); use klEntropy or a discrete estimator`);
  }
}

interface Prepared {
  /** The local estimates (nats), one per sample, in the samples' order. */
  local: Float64Array;
  n: number;
  /** ln(base) of the requested unit. */
  lnBase: number;
}

/**
 * The KSG core: for every sample, ε = its max-norm distance to the k-th nearest other sample in the space of all
 * columns; each term's space S counts the other samples strictly within ε, n_S, and the local estimate is
 * Σ_S c_S (ψ(N) − ψ(n_S + 1)), with ψ(k) in place of ψ(n_S + 1) for the full space.
 */
function ksgLocal(fn: string, measure: InformationMeasure, variables: unknown, options: KsgMultivariateOptions | undefined): Prepared {
  const o = parseKnn(fn, options, KSG_MULTIVARIATE_OPTIONS);
  if (!Array.isArray(variables)) fail('INVALID_ARGUMENT', fn, `variables must be an array of samples, one per variable (got ${fmt(variables)})`);
  checkVariableCount(fn, measure, variables.length);
  const sets: Columns[] = denseList(fn, 'variables', variables, 65536).map((v: unknown, i) => toColumns(fn, `variables[${i}]`, v));
  const given = options?.given;
  if (given !== undefined) sets.push(toColumns(fn, 'given', given));
  const n = sets[0].rows;
  for (let i = 1; i < sets.length; i++) {
    if (sets[i].rows !== n) {
      const name = i === variables.length ? 'given' : `variables[${i}]`;
      fail('SHAPE_MISMATCH', fn, `variables[0] and ${name} must have the same number of samples (got ${n} and ${sets[i].rows})`);
    }
  }
  checkKVsN(fn, o.k, n);
  const { terms, D } = ksgTerms(
    fn,
    measure,
    sets.slice(0, variables.length).map((c) => c.cols),
    given !== undefined ? sets[sets.length - 1].cols : 0,
  );
  const joint = joinColumns(sets, o.noise, o.rng);
  return { local: ksgLocalJoined(terms, joint.data, n, D, o.k), n, lnBase: o.lnBase };
}

/** The column terms of `measure` for variables of the given column widths (and `given` of width `givenWidth`). */
export function ksgTerms(fn: string, measure: InformationMeasure, widths: readonly number[], givenWidth: number): { terms: ColumnTerm[]; groups: number[][]; D: number } {
  const groups: number[][] = [];
  let D = 0;
  for (const w of [...widths, ...(givenWidth > 0 ? [givenWidth] : [])]) {
    groups.push(Array.from({ length: w }, (_, j) => D + j));
    D += w;
  }
  const terms = columnTerms(measure, groups.slice(0, widths.length), givenWidth > 0 ? groups[groups.length - 1] : []);
  checkBalanced(fn, measure, terms, new Array<number>(D).fill(1));
  return { terms, groups, D };
}

/**
 * The local KSG values (nats, in the samples' order) of column terms on joined, already noised data (n × D,
 * row-major): the shared core of the estimators and of the permutation test.
 */
export function ksgLocalJoined(terms: readonly ColumnTerm[], data: Float64Array, n: number, D: number, k: number): Float64Array {
  const tree = new KdTree(data, n, D);
  // Tree order (rows of tree.pts) for locality; results go back to the sample order through tree.idx.
  const P = tree.pts;
  const radius = new Float64Array(n);
  if (D === 2) tree.kthDistances2(k, radius);
  else {
    const dist = new Float64Array(k);
    const pos = new Int32Array(k);
    for (let p = 0; p < n; p++) {
      tree.knnSelf(p, k, dist, pos);
      radius[p] = dist[k - 1];
    }
  }
  for (let p = 0; p < n; p++) radius[p] = nextDown(radius[p]);
  const psiN = digamma(n);
  const psiK = psiInt(k);
  const acc = new Float64Array(n);
  const counts = new Int32Array(n);
  for (const t of terms) {
    const c = t.coef;
    if (t.cols.length === D) {
      for (let p = 0; p < n; p++) acc[p] += c * (psiN - psiK);
      continue;
    }
    // The term's columns as one contiguous block of a row-major matrix (copied unless they already are one).
    const contiguous = t.cols.every((col, j) => col === t.cols[0] + j);
    const counter = contiguous ? radiusCounter(P, n, D, t.cols[0], t.cols.length) : radiusCounter(gather(P, n, D, t.cols), n, t.cols.length, 0, t.cols.length);
    counter.countAll(radius, counts);
    for (let p = 0; p < n; p++) acc[p] += c * (psiN - psiInt(counts[p]));
  }
  const local = new Float64Array(n);
  for (let p = 0; p < n; p++) local[tree.idx[p]] = acc[p];
  return local;
}

/** Rows of columns `cols` of a row-major n × D matrix, as a new row-major n × |cols| matrix. */
function gather(P: Float64Array, n: number, D: number, cols: readonly number[]): Float64Array {
  const m = cols.length;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = P[i * D + cols[j]];
  return out;
}

function ksgValue(fn: string, measure: InformationMeasure, variables: unknown, options: KsgMultivariateOptions | undefined): number {
  const { local, n, lnBase } = ksgLocal(fn, measure, variables, options);
  const acc = new Acc();
  for (let i = 0; i < n; i++) acc.add(local[i]);
  return acc.value / n / lnBase;
}

/**
 * KSG estimate of any information measure whose Shannon form Σ c_S H(S) has balanced dimensions (Σ c_S dim S = 0,
 * so the neighbourhood volumes cancel): `total-correlation`, `dual-total-correlation`, `o-information`,
 * `s-information`, `co-information`, `interaction-information`, `mi` (and, with `given`, their conditional forms:
 * `mi` given Z is the Frenzel–Pompe CMI). Each variable may be multivariate.
 *
 * With ε_t the max-norm distance from sample t to its k-th nearest neighbour in the joint space of all the variables
 * (and Z), and n_S(t) the number of other samples strictly within ε_t in the space of S, the estimate is
 * ⟨Σ_S c_S (ψ(N) − ψ(n_S + 1))⟩ with ψ(k) for the joint space (KSG algorithm 1). For scalar variables this is exactly
 * what JIDT's MultiInfoCalculatorKraskov1, DualTotalCorrelationCalculatorKraskov, OInfoCalculatorKraskov and
 * SInfoCalculatorKraskov compute; with `noise: false` the values agree with theirs (NORMALISE=false,
 * NOISE_LEVEL_TO_ADD=0) to 1e-9. JIDT's default k is 4; ours is 3, as for the other KSG estimators.
 *
 * Distances are taken on the coordinates as given: standardize variables on very different scales first.
 *
 * Units: nats unless `base` says otherwise. Cost: O(N log N) per term space in low dimension (a k-d tree per
 * multivariate term, sorted arrays for 1-D ones); the co-information has 2^d − 1 terms.
 *
 * @param measure - the measure's name
 * @param variables - one sample set per variable (`number[]` / `Float64Array` for a scalar, rows or
 *   `{ data, rows, cols }` for a vector), all with N rows
 * @param options - `k` (default 3), `noise` (default 1e-10 relative, `false` for none), `seed`, `base`, `given`
 * @returns the estimate (raw: it may be slightly negative for a non-negative measure near 0)
 * @throws InfometaError `INVALID_OPTION` for an unknown measure or one without a KSG form (entropy, vi, nmi, …), k
 *   not a positive integer or k ≥ N, a bad noise, seed or base; `INVALID_ARGUMENT` for fewer variables than the
 *   measure takes or a non-array; `SHAPE_MISMATCH` for variables with different row counts; `NON_FINITE`;
 *   `EMPTY_INPUT`
 * @example
 * ```ts
 * import { ksgInformation, createRng } from 'infometa';
 * const rng = createRng(3);
 * const x: number[] = [], y: number[] = [], z: number[] = [];
 * for (let i = 0; i < 2000; i++) {
 *   const a = rng.normal(), b = rng.normal();
 *   x.push(a); y.push(b); z.push(a + b + 0.3 * rng.normal());
 * }
 * // z needs both parents: synergy-dominated, negative O-information
 * console.log(ksgInformation('o-information', [x, y, z]) < -0.3); // true
 * ```
 */
export function ksgInformation(measure: MeasureName, variables: readonly Samples[], options?: KsgMultivariateOptions): number {
  const fn = 'ksgInformation';
  return ksgValue(fn, lookupMeasure(fn, measure), variables, options);
}

/**
 * Local (per-sample) KSG values of a measure (see {@link ksgInformation}): Σ_S c_S (ψ(N) − ψ(n_S(t) + 1)) at each
 * sample t, whose mean is the estimate. As JIDT's `computeLocalOfPreviousObservations`.
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link ksgInformation}.
 *
 * @param measure - the measure's name
 * @param variables - one sample set per variable, all with N rows
 * @param options - as {@link ksgInformation}
 * @returns a Float64Array of N local values
 * @throws InfometaError as {@link ksgInformation}
 * @example
 * ```ts
 * import { ksgLocalInformation, ksgInformation } from 'infometa';
 * const x = [0.1, 0.5, 0.9, 1.4, 2.2, 2.5, 3.1, 3.3], y = [0.2, 0.4, 1.1, 1.2, 2.0, 2.9, 3.0, 3.6];
 * const local = ksgLocalInformation('mi', [x, y], { k: 2, noise: false });
 * const mean = local.reduce((s, v) => s + v, 0) / local.length;
 * console.log(Math.abs(mean - ksgInformation('mi', [x, y], { k: 2, noise: false })) < 1e-15); // true
 * ```
 */
export function ksgLocalInformation(measure: MeasureName, variables: readonly Samples[], options?: KsgMultivariateOptions): Float64Array {
  const fn = 'ksgLocalInformation';
  const { local, n, lnBase } = ksgLocal(fn, lookupMeasure(fn, measure), variables, options);
  if (lnBase !== 1) for (let i = 0; i < n; i++) local[i] /= lnBase;
  return local;
}

/**
 * KSG estimate of the total correlation TC = Σᵢ H(Xᵢ) − H(X) of continuous variables:
 * ψ(k) + (d − 1) ψ(N) − ⟨Σᵢ ψ(nᵢ + 1)⟩ (Kraskov et al. 2004, algorithm 1; JIDT's MultiInfoCalculatorKraskov1).
 * See {@link ksgInformation}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(N log N · d) typical.
 *
 * @param variables - one sample set per variable, all with N rows
 * @param options - `k`, `noise`, `seed`, `base`, `given`
 * @returns the TC estimate
 * @throws InfometaError as {@link ksgInformation}
 * @example
 * ```ts
 * import { ksgTotalCorrelation, gaussianMutualInformation, createRng } from 'infometa';
 * const rng = createRng(4);
 * const x: number[] = [], y: number[] = [];
 * for (let i = 0; i < 4000; i++) { const a = rng.normal(); x.push(a); y.push(0.8 * a + 0.6 * rng.normal()); }
 * // two variables: TC = I(X;Y) = −½ ln(1 − 0.8²) = 0.5108
 * console.log(ksgTotalCorrelation([x, y]).toFixed(2), gaussianMutualInformation([[1, 0.8], [0.8, 1]], 1).toFixed(2)); // 0.48 0.51
 * ```
 */
export function ksgTotalCorrelation(variables: readonly Samples[], options?: KsgMultivariateOptions): number {
  const fn = 'ksgTotalCorrelation';
  return ksgValue(fn, lookupMeasure(fn, 'total-correlation'), variables, options);
}

/**
 * KSG estimate of the dual total correlation DTC = Σᵢ H(X₋ᵢ) − (d − 1) H(X):
 * (d − 1)(ψ(k) − ψ(N)) − ⟨Σᵢ (ψ(n₋ᵢ + 1) − ψ(N))⟩, n₋ᵢ counting in the space of every variable but Xᵢ (JIDT's
 * DualTotalCorrelationCalculatorKraskov). See {@link ksgInformation}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(N log N · d) typical (d k-d trees of dimension d − 1).
 *
 * @param variables - one sample set per variable, all with N rows
 * @param options - `k`, `noise`, `seed`, `base`, `given`
 * @returns the DTC estimate
 * @throws InfometaError as {@link ksgInformation}
 * @example
 * ```ts
 * import { ksgDualTotalCorrelation, ksgTotalCorrelation } from 'infometa';
 * const x = [0.3, 1.2, 2.2, 2.9, 4.1, 5.3, 5.8, 7.4], y = [0.1, 1.5, 1.9, 3.3, 3.9, 5.0, 6.4, 7.1];
 * // for two variables DTC = TC = I(X;Y)
 * console.log(ksgDualTotalCorrelation([x, y], { k: 2, noise: false }) === ksgTotalCorrelation([x, y], { k: 2, noise: false })); // true
 * ```
 */
export function ksgDualTotalCorrelation(variables: readonly Samples[], options?: KsgMultivariateOptions): number {
  const fn = 'ksgDualTotalCorrelation';
  return ksgValue(fn, lookupMeasure(fn, 'dual-total-correlation'), variables, options);
}

/**
 * KSG estimate of the O-information Ω = TC − DTC (redundancy > 0 > synergy): (2 − d)(ψ(k) − ψ(N)) −
 * ⟨Σᵢ (ψ(nᵢ + 1) − ψ(n₋ᵢ + 1))⟩ (JIDT's OInfoCalculatorKraskov). See {@link ksgInformation}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(N log N · d) typical.
 *
 * @param variables - one sample set per variable, all with N rows
 * @param options - `k`, `noise`, `seed`, `base`, `given`
 * @returns the Ω estimate (any sign)
 * @throws InfometaError as {@link ksgInformation}
 * @example
 * ```ts
 * import { ksgOInformation, createRng } from 'infometa';
 * const rng = createRng(5);
 * const cols: number[][] = [[], [], []];
 * for (let i = 0; i < 2000; i++) { const f = rng.normal(); for (const c of cols) c.push(f + 0.3 * rng.normal()); }
 * // three noisy copies of one signal: redundancy-dominated
 * console.log(ksgOInformation(cols) > 0.5); // true
 * ```
 */
export function ksgOInformation(variables: readonly Samples[], options?: KsgMultivariateOptions): number {
  const fn = 'ksgOInformation';
  return ksgValue(fn, lookupMeasure(fn, 'o-information'), variables, options);
}

/**
 * KSG estimate of the S-information Σ = TC + DTC: d(ψ(k) − ψ(N)) − ⟨Σᵢ (ψ(nᵢ + 1) + ψ(n₋ᵢ + 1) − 2ψ(N))⟩ (JIDT's
 * SInfoCalculatorKraskov). See {@link ksgInformation}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(N log N · d) typical.
 *
 * @param variables - one sample set per variable, all with N rows
 * @param options - `k`, `noise`, `seed`, `base`, `given`
 * @returns the Σ estimate
 * @throws InfometaError as {@link ksgInformation}
 * @example
 * ```ts
 * import { ksgSInformation, ksgTotalCorrelation, ksgDualTotalCorrelation } from 'infometa';
 * const x = [0.3, 1.2, 2.2, 2.9, 4.1, 5.3, 5.8, 7.4], y = [0.1, 1.5, 1.9, 3.3, 3.9, 5.0, 6.4, 7.1], z = [1, 0, 3, 2, 5, 4, 7, 6];
 * const o = { k: 2, noise: false as const };
 * const s = ksgSInformation([x, y, z], o), sum = ksgTotalCorrelation([x, y, z], o) + ksgDualTotalCorrelation([x, y, z], o);
 * console.log(Math.abs(s - sum) < 1e-12); // true
 * ```
 */
export function ksgSInformation(variables: readonly Samples[], options?: KsgMultivariateOptions): number {
  const fn = 'ksgSInformation';
  return ksgValue(fn, lookupMeasure(fn, 's-information'), variables, options);
}
