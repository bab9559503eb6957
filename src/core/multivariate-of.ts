// Multivariate measures and local (pointwise) values of discrete samples given as label columns, reading the
// measure records: the generic `informationOf` / `localInformationOf` and one named function per measure.
import { fail, fmt } from '../internal/errors.js';
import { checkChoice, checkOptions, isNumericArray, logBase, optionNames } from '../internal/validate.js';
import { ESTIMATORS, entropyFromCounts, type EntropyEstimator } from './estimators.js';
import { NMI_AVERAGES, type NmiAverage } from './joint.js';
import { factorize, type Labels } from './labels.js';
import { lookupMeasure, type InformationMeasure, type MeasureName } from './measures.js';
import { pairValue } from './pairs.js';
import type { SampleOptions } from './samples.js';
import { forEachTermCounts, localValues, statesOfSamples, weightedMean } from './states.js';
import { checkVariableCount, clampToRange, columnTerms, denseList, logIn } from './terms.js';

/**
 * The variables of a multivariate measure of samples: one label array per variable, or, for a variable made of
 * several columns taken jointly, an array of label arrays. All of the same length n.
 */
export type LabelVariables = readonly (Labels | readonly Labels[])[];

/** Options of the multivariate measures of labels. */
export interface MultivariateSampleOptions extends SampleOptions {
  /** Labels to condition on: one label array, or several taken jointly. Every entropy H(S) becomes H(S | Z). */
  given?: Labels | readonly Labels[];
  /** Normalizer of `nmi` / `ami` (`arithmetic` default); other measures take none. */
  average?: NmiAverage;
}

/** Options of the local (pointwise) values. */
export interface LocalOptions {
  /** Logarithm base: `Math.E` (default, nats), 2 (bits), …. */
  base?: number;
  /** Labels to condition on: one label array, or several taken jointly. */
  given?: Labels | readonly Labels[];
}

const SAMPLE_OPTIONS = optionNames<MultivariateSampleOptions>()('base', 'estimator', 'given', 'average');
const LOCAL_OPTIONS = optionNames<LocalOptions>()('base', 'given');

/** True for an array whose first element is itself an array of labels (a group of columns). */
function isGroup(v: unknown): v is readonly unknown[] {
  return Array.isArray(v) && v.length > 0 && (Array.isArray(v[0]) || isNumericArray(v[0]));
}

/**
 * Codes 0 … k−1 of one label column, in sorted order of the values (as `factorize`). Int32Array labels (and the
 * small integer typed arrays, copied into one) get a monomorphic fast path; when they already are the codes
 * 0 … k−1 with every value present, the array itself is returned (and only ever read).
 */
function codesOf(fn: string, name: string, x: unknown): { codes: Int32Array; k: number } {
  let a: Int32Array | null = null;
  if (x instanceof Int32Array) a = x;
  else if (x instanceof Uint8Array || x instanceof Int8Array || x instanceof Uint16Array || x instanceof Int16Array || x instanceof Uint8ClampedArray) a = Int32Array.from(x);
  if (a !== null && a.length > 0) {
    const fast = int32Codes(a);
    if (fast !== null) return fast;
  }
  const c = factorize(fn, name, x);
  return { codes: c.codes, k: c.k };
}

function int32Codes(x: Int32Array): { codes: Int32Array; k: number } | null {
  const n = x.length;
  let min = x[0];
  let max = x[0];
  for (let i = 1; i < n; i++) {
    const v = x[i];
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  const range = max - min + 1;
  if (range > Math.max(1 << 16, 2 * n)) return null;
  const lut = new Int32Array(range);
  for (let i = 0; i < n; i++) lut[x[i] - min] = 1;
  let k = 0;
  for (let v = 0; v < range; v++) if (lut[v] !== 0) lut[v] = k++;
  if (min === 0 && k === range) return { codes: x, k };
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = lut[x[i] - min];
  return { codes, k };
}

/** Factorized label columns of the variables and of `given`. */
export interface LabelColumns {
  /** One code array per column. */
  codes: Int32Array[];
  /** Number of categories of each column. */
  card: number[];
  /** The columns of each variable. */
  vars: number[][];
  /** The columns conditioned on. */
  given: number[];
  /** Number of samples. */
  n: number;
}

/** Validates and factorizes the variables (each a label array or an array of them) and `given`. */
export function labelColumns(fn: string, variables: unknown, givenArg: unknown): LabelColumns {
  if (!Array.isArray(variables)) fail('INVALID_ARGUMENT', fn, `variables must be an array of label arrays (got ${fmt(variables)})`);
  denseList(fn, 'variables', variables, 65536);
  const codes: Int32Array[] = [];
  const card: number[] = [];
  const names: string[] = [];
  const addColumn = (name: string, x: unknown): number => {
    const c = codesOf(fn, name, x);
    if (codes.length > 0 && c.codes.length !== codes[0].length) {
      fail('SHAPE_MISMATCH', fn, `${names[0]} and ${name} must have the same length (got ${codes[0].length} and ${c.codes.length})`);
    }
    codes.push(c.codes);
    card.push(c.k);
    names.push(name);
    return codes.length - 1;
  };
  const vars = variables.map((v: unknown, i) => {
    if (isGroup(v)) return denseList(fn, `variables[${i}]`, v, 65536).map((col, j) => addColumn(`variables[${i}][${j}]`, col));
    return [addColumn(`variables[${i}]`, v)];
  });
  let given: number[] = [];
  if (givenArg !== undefined) {
    if (isGroup(givenArg)) given = denseList(fn, 'given', givenArg, 65536).map((col, j) => addColumn(`given[${j}]`, col));
    else given = [addColumn('given', givenArg)];
  }
  return { codes, card, vars, given, n: codes.length > 0 ? codes[0].length : 0 };
}

/** Validated options of a sample measure. */
export interface SampleSettings {
  estimator: EntropyEstimator;
  average: NmiAverage;
  base: number | undefined;
  lnb: number;
}

/** Validates the options of `measure` on labels with `hasGiven` conditioning columns. */
export function sampleSettings(fn: string, measure: InformationMeasure, options: MultivariateSampleOptions | undefined, hasGiven: boolean): SampleSettings {
  const lnb = logBase(fn, options?.base);
  const est: EntropyEstimator = checkChoice(fn, 'estimator', options?.estimator, ESTIMATORS, 'plugin');
  let average: NmiAverage = 'arithmetic';
  if (measure.terms === null) {
    const pair = measure.pair;
    if (pair === null) fail('INVALID_ARGUMENT', fn, `${measure.name} cannot be computed from labels`);
    if (hasGiven) fail('INVALID_OPTION', fn, `given is not defined for ${measure.name} (not a sum of entropies)`);
    if (!pair.estimators && est !== 'plugin') fail('INVALID_OPTION', fn, `estimator ${fmt(est)} is not available for ${measure.name} (defined for plug-in estimates only)`);
    average = checkChoice(fn, 'average', options?.average, pair.averages ?? NMI_AVERAGES, 'arithmetic');
  } else if (options?.average !== undefined) {
    fail('INVALID_OPTION', fn, `average applies to nmi and ami only (got ${fmt(options.average)} with ${measure.name})`);
  }
  return { estimator: est, average, base: options?.base, lnb };
}

/** The value of `measure` on factorized columns (the columns may be permuted copies), in the requested unit. */
export function valueOfColumns(fn: string, measure: InformationMeasure, c: LabelColumns, o: SampleSettings): number {
  const st = statesOfSamples(c.codes, c.card, c.n, false);
  const scale = measure.unit === 'unitless' ? 1 : o.lnb;
  if (measure.terms === null) return clampToRange(measure, pairValue(fn, measure, st, c.vars[0], c.vars[1], o.estimator, o.average)) / scale;
  const terms = columnTerms(measure, c.vars, c.given);
  if (o.estimator === 'plugin') return clampToRange(measure, weightedMean(st, localValues(st, terms, logIn(o.base))));
  let v = 0;
  forEachTermCounts(st, terms, (coef, counts, cells) => {
    v += coef * entropyFromCounts(counts, c.n, cells, o.estimator);
  });
  return v / scale;
}

function sampleValue(fn: string, measure: InformationMeasure, variables: unknown, options: MultivariateSampleOptions | undefined): number {
  checkOptions(fn, options, SAMPLE_OPTIONS);
  if (Array.isArray(variables)) checkVariableCount(fn, measure, variables.length);
  const c = labelColumns(fn, variables, options?.given);
  return valueOfColumns(fn, measure, c, sampleSettings(fn, measure, options, c.given.length > 0));
}

function localOf(fn: string, measure: InformationMeasure, variables: unknown, options: LocalOptions | undefined): Float64Array {
  checkOptions(fn, options, LOCAL_OPTIONS);
  logBase(fn, options?.base);
  if (measure.terms === null) fail('INVALID_OPTION', fn, `${measure.name} has no local form (it is not a sum of entropies)`);
  if (Array.isArray(variables)) checkVariableCount(fn, measure, variables.length);
  const c = labelColumns(fn, variables, options?.given);
  const st = statesOfSamples(c.codes, c.card, c.n, true);
  const local = localValues(st, columnTerms(measure, c.vars, c.given), logIn(options?.base));
  const stateOf = st.stateOf as Int32Array;
  const out = new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) out[i] = local[stateOf[i]];
  return out;
}

/**
 * Any declared information measure (see {@link informationMeasure}) of discrete samples: each variable a label
 * array (or several taken jointly), optionally conditioned on `given`. The plug-in value equals the table function
 * {@link information} on the empirical distribution; other estimators estimate each entropy term (as
 * `mutualInformationOf` does), so they may come out slightly negative for a non-negative measure.
 *
 * Units: nats unless `base` says otherwise (`nmi` and `ami` are unitless). Cost: O(n · columns) expected (the
 * samples are hashed into their distinct joint states once; each entropy term then groups the states).
 *
 * @param measure - the measure's name
 * @param variables - one label array per variable (integer typed arrays, integer `number[]` or `string[]`), or an
 *   array of label arrays for a variable made of several columns; all of length n
 * @param options - `given`, `estimator` (default `plugin`), `base`, `average` (nmi, ami)
 * @returns the estimate
 * @throws InfometaError `INVALID_ARGUMENT` for fewer (or more) variables than the measure takes or a non-array;
 *   `SHAPE_MISMATCH` for columns of different lengths; `EMPTY_INPUT`; `INVALID_LABELS` / `NON_FINITE` for bad labels;
 *   `INVALID_OPTION` for an unknown measure or estimator, an estimator with `ami`, `given` or `average` where they
 *   do not apply, or a bad `base`
 * @example
 * ```ts
 * import { informationOf } from 'infometa';
 * const x = [0, 0, 1, 1], y = [0, 1, 0, 1];
 * const z = x.map((v, i) => v ^ y[i]);
 * console.log(informationOf('total-correlation', [x, y, z], { base: 2 })); // 1
 * console.log(informationOf('mi', [x, y], { given: z, base: 2 })); // 1
 * ```
 */
export function informationOf(measure: MeasureName, variables: LabelVariables, options?: MultivariateSampleOptions): number {
  const fn = 'informationOf';
  return sampleValue(fn, lookupMeasure(fn, measure), variables, options);
}

/**
 * Total correlation TC = Σᵢ H(Xᵢ) − H(X₀, …, X_{d−1}) of discrete samples (plug-in by default), optionally
 * conditioned on `given`. See {@link totalCorrelation}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n d).
 *
 * @param variables - one label array per variable (or an array of label arrays taken jointly), all of length n
 * @param options - `given`, `estimator`, `base`
 * @returns the estimate of TC (≥ 0 for plug-in)
 * @throws InfometaError as {@link informationOf}
 * @example
 * ```ts
 * import { totalCorrelationOf } from 'infometa';
 * const a = ['x', 'y', 'x', 'y'];
 * console.log(totalCorrelationOf([a, a, a], { base: 2 })); // 2
 * ```
 */
export function totalCorrelationOf(variables: LabelVariables, options?: MultivariateSampleOptions): number {
  const fn = 'totalCorrelationOf';
  return sampleValue(fn, lookupMeasure(fn, 'total-correlation'), variables, options);
}

/**
 * Dual total correlation DTC = Σᵢ H(X₋ᵢ) − (d − 1) H(X) of discrete samples. See {@link dualTotalCorrelation}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n d + K d²), K being the number of distinct joint states.
 *
 * @param variables - one label array per variable (or an array of label arrays taken jointly), all of length n
 * @param options - `given`, `estimator`, `base`
 * @returns the estimate of DTC
 * @throws InfometaError as {@link informationOf}
 * @example
 * ```ts
 * import { dualTotalCorrelationOf } from 'infometa';
 * const a = ['x', 'y', 'x', 'y'];
 * console.log(dualTotalCorrelationOf([a, a, a], { base: 2 })); // 1
 * ```
 */
export function dualTotalCorrelationOf(variables: LabelVariables, options?: MultivariateSampleOptions): number {
  const fn = 'dualTotalCorrelationOf';
  return sampleValue(fn, lookupMeasure(fn, 'dual-total-correlation'), variables, options);
}

/**
 * O-information Ω = TC − DTC of discrete samples (positive: redundancy-dominated, negative: synergy-dominated).
 * See {@link oInformation}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n d + K d²).
 *
 * @param variables - one label array per variable (or an array of label arrays taken jointly), all of length n
 * @param options - `given`, `estimator`, `base`
 * @returns the estimate of Ω
 * @throws InfometaError as {@link informationOf}
 * @example
 * ```ts
 * import { oInformationOf } from 'infometa';
 * const x = [0, 0, 1, 1], y = [0, 1, 0, 1];
 * console.log(oInformationOf([x, y, x.map((v, i) => v ^ y[i])], { base: 2 })); // -1
 * ```
 */
export function oInformationOf(variables: LabelVariables, options?: MultivariateSampleOptions): number {
  const fn = 'oInformationOf';
  return sampleValue(fn, lookupMeasure(fn, 'o-information'), variables, options);
}

/**
 * S-information Σ = TC + DTC of discrete samples. See {@link sInformation}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n d + K d²).
 *
 * @param variables - one label array per variable (or an array of label arrays taken jointly), all of length n
 * @param options - `given`, `estimator`, `base`
 * @returns the estimate of Σ
 * @throws InfometaError as {@link informationOf}
 * @example
 * ```ts
 * import { sInformationOf } from 'infometa';
 * const x = [0, 0, 1, 1], y = [0, 1, 0, 1];
 * console.log(sInformationOf([x, y, x.map((v, i) => v ^ y[i])], { base: 2 })); // 3
 * ```
 */
export function sInformationOf(variables: LabelVariables, options?: MultivariateSampleOptions): number {
  const fn = 'sInformationOf';
  return sampleValue(fn, lookupMeasure(fn, 's-information'), variables, options);
}

/**
 * Co-information of discrete samples, dit's sign convention (I(X;Y;Z) = I(X;Y) − I(X;Y|Z)). See
 * {@link coInformation}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n d + K d 2^d); at most 20 variables.
 *
 * @param variables - one label array per variable (or an array of label arrays taken jointly), all of length n
 * @param options - `given`, `estimator`, `base`
 * @returns the estimate of the co-information
 * @throws InfometaError as {@link informationOf}
 * @example
 * ```ts
 * import { coInformationOf } from 'infometa';
 * const x = [0, 0, 1, 1], y = [0, 1, 0, 1];
 * console.log(coInformationOf([x, y, x.map((v, i) => v ^ y[i])], { base: 2 })); // -1
 * ```
 */
export function coInformationOf(variables: LabelVariables, options?: MultivariateSampleOptions): number {
  const fn = 'coInformationOf';
  return sampleValue(fn, lookupMeasure(fn, 'co-information'), variables, options);
}

/**
 * Interaction information of discrete samples, (−1)^d × co-information (dit's convention). See
 * {@link interactionInformation}.
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link coInformationOf}.
 *
 * @param variables - one label array per variable (or an array of label arrays taken jointly), all of length n
 * @param options - `given`, `estimator`, `base`
 * @returns the estimate of the interaction information
 * @throws InfometaError as {@link informationOf}
 * @example
 * ```ts
 * import { interactionInformationOf } from 'infometa';
 * const x = [0, 0, 1, 1], y = [0, 1, 0, 1];
 * console.log(interactionInformationOf([x, y, x.map((v, i) => v ^ y[i])], { base: 2 })); // 1
 * ```
 */
export function interactionInformationOf(variables: LabelVariables, options?: MultivariateSampleOptions): number {
  const fn = 'interactionInformationOf';
  return sampleValue(fn, lookupMeasure(fn, 'interaction-information'), variables, options);
}

/**
 * Local (pointwise) values of any Shannon measure (see {@link informationMeasure}) at each sample: for Σ c_S H(S),
 * the local value at sample t is −Σ c_S log p̂(x_S(t)) with p̂ the empirical distribution, so that their mean is the
 * plug-in value of the measure (Lizier's local information). For example `mi` gives the pointwise mutual information
 * log p(x,y)/(p(x)p(y)), `entropy` the surprisal −log p(x).
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link informationOf}, plus O(n) for the output.
 *
 * @param measure - the name of a measure that is a sum of entropies (not `nmi` / `ami`)
 * @param variables - one label array per variable (or an array of label arrays taken jointly), all of length n
 * @param options - `given`, `base`
 * @returns a Float64Array of n local values
 * @throws InfometaError `INVALID_OPTION` for a measure without a local form; otherwise as {@link informationOf}
 * @example
 * ```ts
 * import { localInformationOf } from 'infometa';
 * const x = [0, 0, 1, 1], y = [0, 1, 0, 1];
 * const local = localInformationOf('co-information', [x, y, x.map((v, i) => v ^ y[i])], { base: 2 });
 * console.log(Array.from(local)); // [ -1, -1, -1, -1 ]
 * ```
 */
export function localInformationOf(measure: MeasureName, variables: LabelVariables, options?: LocalOptions): Float64Array {
  const fn = 'localInformationOf';
  return localOf(fn, lookupMeasure(fn, measure), variables, options);
}

/**
 * Local entropy (surprisal, information content) h(t) = −log p̂(x_t) of each sample; the mean is the plug-in
 * entropy {@link entropyOf}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n).
 *
 * @param x - labels
 * @param options - `given` (then −log p̂(x_t | z_t)), `base`
 * @returns a Float64Array of n local entropies (≥ 0)
 * @throws InfometaError as {@link entropyOf}
 * @example
 * ```ts
 * import { localEntropyOf } from 'infometa';
 * console.log(Array.from(localEntropyOf(['a', 'a', 'a', 'b'], { base: 2 })).map((v) => v.toFixed(3))); // [ '0.415', '0.415', '0.415', '2.000' ]
 * ```
 */
export function localEntropyOf(x: Labels, options?: LocalOptions): Float64Array {
  const fn = 'localEntropyOf';
  return localOf(fn, lookupMeasure(fn, 'entropy'), [x], options);
}

/**
 * Pointwise (local) mutual information i(t) = log p̂(x_t, y_t) / (p̂(x_t) p̂(y_t)) of each sample (with `given`,
 * the local conditional MI log p̂(x,y|z) / (p̂(x|z) p̂(y|z))); negative where the pair is rarer than under
 * independence. The mean is the plug-in {@link mutualInformationOf}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n).
 *
 * @param x - first labels
 * @param y - second labels, same length
 * @param options - `given`, `base`
 * @returns a Float64Array of n pointwise MI values (any sign)
 * @throws InfometaError as {@link mutualInformationOf}
 * @example
 * ```ts
 * import { localMutualInformationOf } from 'infometa';
 * const i = localMutualInformationOf([0, 0, 1, 1], [0, 0, 1, 0], { base: 2 });
 * console.log(Array.from(i).map((v) => v.toFixed(3))); // [ '0.415', '0.415', '1.000', '-0.585' ]
 * ```
 */
export function localMutualInformationOf(x: Labels, y: Labels, options?: LocalOptions): Float64Array {
  const fn = 'localMutualInformationOf';
  return localOf(fn, lookupMeasure(fn, 'mi'), [x, y], options);
}

/**
 * Local total correlation tc(t) = log p̂(x_t) / Πᵢ p̂(xᵢ_t) of each sample; the mean is {@link totalCorrelationOf}.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n d).
 *
 * @param variables - one label array per variable (or an array of label arrays taken jointly), all of length n
 * @param options - `given`, `base`
 * @returns a Float64Array of n local values (any sign)
 * @throws InfometaError as {@link informationOf}
 * @example
 * ```ts
 * import { localTotalCorrelationOf } from 'infometa';
 * const a = [0, 0, 1, 1];
 * console.log(Array.from(localTotalCorrelationOf([a, a], { base: 2 }))); // [ 1, 1, 1, 1 ]
 * ```
 */
export function localTotalCorrelationOf(variables: LabelVariables, options?: LocalOptions): Float64Array {
  const fn = 'localTotalCorrelationOf';
  return localOf(fn, lookupMeasure(fn, 'total-correlation'), variables, options);
}
