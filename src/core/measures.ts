// Every information measure is declared once, here, as a record: its entropy expression (for the Shannon measures,
// read by the table functions, the label functions, the local values and the KSG estimator), its two-variable count
// kernel (read by the task-dependency matrix and the permutation tests) and the facts the callers need (how many
// variables, symmetric or not, unit, sign, which direction means "more dependent").
import { fail, fmt } from '../internal/errors.js';
import { logRatio } from '../kernels/logratio.js';
import { dmiCounts } from '../kernels/contingency.js';
import { expectedMutualInformation } from './ami.js';
import { entropyFromCounts, type EntropyEstimator } from './estimators.js';
import { NMI_AVERAGES, nmiFromParts, nmiNormalizer, type NmiAverage } from './joint.js';
import { adjustedMutualInformationOf, conditionalEntropyOf, mutualInformationOf, normalizedMutualInformationOf } from './samples.js';

/** The names of the information measures (see {@link informationMeasure}). */
export type MeasureName =
  | 'entropy'
  | 'joint-entropy'
  | 'mi'
  | 'conditional-entropy'
  | 'vi'
  | 'nmi'
  | 'ami'
  | 'total-correlation'
  | 'dual-total-correlation'
  | 'o-information'
  | 's-information'
  | 'co-information'
  | 'interaction-information';

/** One term of a Shannon measure: `coef` · H(X_v for v in `vars`), variables numbered from 0. */
export interface EntropyTerm {
  /** The coefficient. */
  readonly coef: number;
  /** The variables whose joint entropy the term takes (sorted, no repeats). */
  readonly vars: readonly number[];
}

/**
 * A contingency table of two discrete variables and what the two-variable kernels need from it: counts (or
 * weights) row-major with x on the rows, its margins, their total, and the marginal entropies under the estimator.
 */
export interface PairTable {
  /** Number of rows (categories of x). */
  kx: number;
  /** Number of columns (categories of y). */
  ky: number;
  /** Total count n (or weight). */
  n: number;
  /** kx × ky counts, row-major. */
  table: Float64Array;
  /** Row sums (length ≥ kx). */
  rows: Float64Array;
  /** Column sums (length ≥ ky). */
  cols: Float64Array;
  /** H(X) in nats under `estimator`. */
  hx: number;
  /** H(Y) in nats under `estimator`. */
  hy: number;
  /** The entropy estimator. */
  estimator: EntropyEstimator;
  /** The normalizer of `nmi` / `ami`. */
  average: NmiAverage;
}

/** The two-variable form of a measure, computed from a contingency table (task dependency, permutation tests). */
export interface PairForm {
  /** Whether entropy estimators other than `plugin` are defined for it. */
  readonly estimators: boolean;
  /** Whether it is defined on a table of probabilities (weights) as well as on counts (AMI needs counts). */
  readonly weights: boolean;
  /** The `average` normalizers it accepts, or `null` when it takes none. */
  readonly averages: readonly NmiAverage[] | null;
  /** What a dependency matrix shows on its diagonal: H(X) (`entropy`) or the statistic of a variable with itself. */
  readonly diagonal: 'entropy' | 'statistic';
  /**
   * Constants of a pair that depend on its margins only (kept across permutations, which keep the margins), or
   * `null` when there are none.
   */
  margins(t: PairTable): Float64Array | null;
  /** Writes the value of (x, y) into out[0] and of (y, x) into out[1]: nats for an information unit. */
  evaluate(t: PairTable, margins: Float64Array | null, out: Float64Array): void;
  /** The same values from two factorized label arrays of any number of categories (counted sparsely). */
  labels(x: Int32Array, y: Int32Array, estimator: EntropyEstimator, average: NmiAverage, out: Float64Array): void;
}

/** An information measure, declared once as data. */
export interface InformationMeasure {
  /** Its name, as accepted by the functions that take a measure. */
  readonly name: MeasureName;
  /** A short description with its definition. */
  readonly title: string;
  /** Fewest variables it is defined for. */
  readonly minVariables: number;
  /**
   * Most variables it takes: 2 for the pairwise measures, 20 for co-/interaction information (2^d terms), 1024 for
   * the measures with d² terms (DTC, O-, S-information), 65 536 otherwise.
   */
  readonly maxVariables: number;
  /** True when reordering its variables never changes it. */
  readonly symmetric: boolean;
  /** `information`: nats, rescaled by `base`; `unitless`: a ratio, `base` has no effect. */
  readonly unit: 'information' | 'unitless';
  /** The values it takes: `non-negative`, `signed`, `unit-interval` ([0, 1]) or `at-most-one` (≤ 1, as AMI). */
  readonly range: 'non-negative' | 'signed' | 'unit-interval' | 'at-most-one';
  /**
   * Which values mean more dependence, for tests and task selection: `higher`, `lower` (conditional entropy,
   * variation of information) or `two-sided` (signed measures: either sign departs from independence).
   */
  readonly dependence: 'higher' | 'lower' | 'two-sided';
  /**
   * The Shannon form Σ coef · H(subset) for d variables, or `null` for a measure that is not a sum of entropies
   * (`nmi`, `ami`). Conditioning on Z replaces every H(S) by H(S | Z) = H(S ∪ Z) − H(Z).
   */
  readonly terms: ((d: number) => readonly EntropyTerm[]) | null;
  /** The two-variable count kernel, or `null` when the measure is not a dependency of two variables. */
  readonly pair: PairForm | null;
}

const range = (d: number): number[] => Array.from({ length: d }, (_, i) => i);
const without = (d: number, i: number): number[] => range(d).filter((v) => v !== i);

/** Σ H(Xᵢ) − H(X₀…X_{d−1}). */
function tcTerms(d: number): EntropyTerm[] {
  return [...range(d).map((i) => ({ coef: 1, vars: [i] })), { coef: -1, vars: range(d) }];
}

/** Σ H(X₋ᵢ) − (d − 1) H(X), X₋ᵢ being every variable but Xᵢ. */
function dtcTerms(d: number): EntropyTerm[] {
  return [...range(d).map((i) => ({ coef: 1, vars: without(d, i) })), { coef: -(d - 1), vars: range(d) }];
}

/** Σ_{S ≠ ∅} (−1)^{|S|+1} H(S): the inclusion–exclusion sum of the co-information. */
function coinfoTerms(d: number): EntropyTerm[] {
  const out: EntropyTerm[] = [];
  for (let mask = 1; mask < 1 << d; mask++) {
    const vars = range(d).filter((v) => (mask >> v) & 1);
    out.push({ coef: vars.length % 2 === 1 ? 1 : -1, vars });
  }
  return out;
}

/** Adds term lists with coefficients a and b, merging equal variable sets. */
function combine(a: number, ta: readonly EntropyTerm[], b: number, tb: readonly EntropyTerm[]): EntropyTerm[] {
  const map = new Map<string, EntropyTerm>();
  for (const [c, list] of [[a, ta], [b, tb]] as const) {
    for (const t of list) {
      const key = t.vars.join(',');
      const prev = map.get(key);
      map.set(key, { coef: (prev?.coef ?? 0) + c * t.coef, vars: t.vars });
    }
  }
  return [...map.values()].filter((t) => t.coef !== 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Two-variable kernels.

/** H(cells) in nats under the estimator, over the kx·ky cells of the table. */
function jointH(t: PairTable): number {
  const cells = t.kx * t.ky;
  return entropyFromCounts(t.table.subarray(0, cells), t.n, cells, t.estimator);
}

function miOf(t: PairTable): number {
  return t.estimator === 'plugin' ? Math.max(0, dmiCounts(t.kx, t.ky, t.table, t.rows, t.cols, t.n)) : t.hx + t.hy - jointH(t);
}

/** Plug-in H(X|Y) and H(Y|X) as (1/n) Σ c ln(c_y / c) and (1/n) Σ c ln(c_x / c): no cancellation. */
function condPlugin(t: PairTable, out: Float64Array): void {
  const { kx, ky, table, rows, cols, n } = t;
  let sxy = 0;
  let syx = 0;
  for (let a = 0; a < kx; a++) {
    for (let b = 0; b < ky; b++) {
      const c = table[a * ky + b];
      if (c > 0) {
        sxy += c * logRatio(cols[b], 1, c, 1);
        syx += c * logRatio(rows[a], 1, c, 1);
      }
    }
  }
  out[0] = Math.max(0, sxy / n);
  out[1] = Math.max(0, syx / n);
}

const none = (): null => null;

const MI_PAIR: PairForm = {
  estimators: true,
  weights: true,
  averages: null,
  diagonal: 'entropy',
  margins: none,
  evaluate(t, _m, out) {
    out[0] = out[1] = miOf(t);
  },
  labels(x, y, estimator, _a, out) {
    out[0] = out[1] = mutualInformationOf(x, y, { estimator });
  },
};

const CE_PAIR: PairForm = {
  estimators: true,
  weights: true,
  averages: null,
  diagonal: 'statistic',
  margins: none,
  evaluate(t, _m, out) {
    if (t.estimator === 'plugin') condPlugin(t, out);
    else {
      const hxy = jointH(t);
      out[0] = hxy - t.hy;
      out[1] = hxy - t.hx;
    }
  },
  labels(x, y, estimator, _a, out) {
    out[0] = conditionalEntropyOf(x, y, { estimator });
    out[1] = conditionalEntropyOf(y, x, { estimator });
  },
};

const VI_PAIR: PairForm = {
  estimators: true,
  weights: true,
  averages: null,
  diagonal: 'statistic',
  margins: none,
  evaluate(t, m, out) {
    CE_PAIR.evaluate(t, m, out);
    out[0] = out[1] = out[0] + out[1];
  },
  labels(x, y, estimator, a, out) {
    CE_PAIR.labels(x, y, estimator, a, out);
    out[0] = out[1] = out[0] + out[1];
  },
};

const NMI_PAIR: PairForm = {
  estimators: true,
  weights: true,
  averages: NMI_AVERAGES,
  diagonal: 'statistic',
  margins: none,
  evaluate(t, _m, out) {
    const hxy = t.estimator !== 'plugin' || t.average === 'joint' ? jointH(t) : 0;
    const mi = t.estimator === 'plugin' ? Math.max(0, dmiCounts(t.kx, t.ky, t.table, t.rows, t.cols, t.n)) : t.hx + t.hy - hxy;
    out[0] = out[1] = nmiFromParts(mi, t.hx, t.hy, hxy, t.average, t.kx === 1 && t.ky === 1);
  },
  labels(x, y, estimator, average, out) {
    out[0] = out[1] = normalizedMutualInformationOf(x, y, { estimator, average });
  },
};

const AMI_AVERAGES: readonly NmiAverage[] = ['arithmetic', 'geometric', 'min', 'max'];

const AMI_PAIR: PairForm = {
  estimators: false,
  weights: false,
  averages: AMI_AVERAGES,
  diagonal: 'statistic',
  margins(t) {
    // E[I] and the denominator depend on the margins only.
    const e = expectedMutualInformation(t.rows.subarray(0, t.kx), t.cols.subarray(0, t.ky), t.n);
    let d = nmiNormalizer(t.average, t.hx, t.hy, 0) - e;
    d = d < 0 ? Math.min(d, -Number.EPSILON) : Math.max(d, Number.EPSILON);
    return Float64Array.of(e, d);
  },
  evaluate(t, m, out) {
    if (t.kx === 1 && t.ky === 1) {
      out[0] = out[1] = 1;
      return;
    }
    const mm = m ?? AMI_PAIR.margins(t) as Float64Array;
    const mi = Math.max(0, dmiCounts(t.kx, t.ky, t.table, t.rows, t.cols, t.n));
    out[0] = out[1] = (mi - mm[0]) / mm[1];
  },
  labels(x, y, _e, average, out) {
    out[0] = out[1] = adjustedMutualInformationOf(x, y, { average: average as 'arithmetic' });
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The records.

const MEASURE_LIST: readonly InformationMeasure[] = [
  {
    name: 'entropy',
    title: 'entropy H(X) = −Σ p log p (one variable; several are taken jointly)',
    minVariables: 1,
    maxVariables: 1,
    symmetric: true,
    unit: 'information',
    range: 'non-negative',
    dependence: 'higher',
    terms: () => [{ coef: 1, vars: [0] }],
    pair: null,
  },
  {
    name: 'joint-entropy',
    title: 'joint entropy H(X₀, …, X_{d−1})',
    minVariables: 1,
    maxVariables: 65536,
    symmetric: true,
    unit: 'information',
    range: 'non-negative',
    dependence: 'higher',
    terms: (d) => [{ coef: 1, vars: range(d) }],
    pair: null,
  },
  {
    name: 'mi',
    title: 'mutual information I(X;Y) = H(X) + H(Y) − H(X,Y)',
    minVariables: 2,
    maxVariables: 2,
    symmetric: true,
    unit: 'information',
    range: 'non-negative',
    dependence: 'higher',
    terms: () => tcTerms(2),
    pair: MI_PAIR,
  },
  {
    name: 'conditional-entropy',
    title: 'conditional entropy H(X|Y) = H(X,Y) − H(Y)',
    minVariables: 2,
    maxVariables: 2,
    symmetric: false,
    unit: 'information',
    range: 'non-negative',
    dependence: 'lower',
    terms: () => [
      { coef: 1, vars: [0, 1] },
      { coef: -1, vars: [1] },
    ],
    pair: CE_PAIR,
  },
  {
    name: 'vi',
    title: 'variation of information VI(X;Y) = H(X|Y) + H(Y|X) = 2H(X,Y) − H(X) − H(Y), a metric',
    minVariables: 2,
    maxVariables: 2,
    symmetric: true,
    unit: 'information',
    range: 'non-negative',
    dependence: 'lower',
    terms: () => [
      { coef: 2, vars: [0, 1] },
      { coef: -1, vars: [0] },
      { coef: -1, vars: [1] },
    ],
    pair: VI_PAIR,
  },
  {
    name: 'nmi',
    title: 'normalized mutual information I(X;Y) / A(H(X), H(Y)), in [0, 1]',
    minVariables: 2,
    maxVariables: 2,
    symmetric: true,
    unit: 'unitless',
    range: 'unit-interval',
    dependence: 'higher',
    terms: null,
    pair: NMI_PAIR,
  },
  {
    name: 'ami',
    title: 'adjusted mutual information (I − E[I]) / (A(H(X), H(Y)) − E[I]), ≤ 1',
    minVariables: 2,
    maxVariables: 2,
    symmetric: true,
    unit: 'unitless',
    range: 'at-most-one',
    dependence: 'higher',
    terms: null,
    pair: AMI_PAIR,
  },
  {
    name: 'total-correlation',
    title: 'total correlation (multi-information) TC = Σ H(Xᵢ) − H(X₀, …, X_{d−1})',
    minVariables: 2,
    maxVariables: 65536,
    symmetric: true,
    unit: 'information',
    range: 'non-negative',
    dependence: 'higher',
    terms: tcTerms,
    pair: null,
  },
  {
    name: 'dual-total-correlation',
    title: 'dual total correlation (binding information) DTC = H(X) − Σ H(Xᵢ | X₋ᵢ)',
    minVariables: 2,
    maxVariables: 1024,
    symmetric: true,
    unit: 'information',
    range: 'non-negative',
    dependence: 'higher',
    terms: dtcTerms,
    pair: null,
  },
  {
    name: 'o-information',
    title: 'O-information Ω = TC − DTC: > 0 redundancy-dominated, < 0 synergy-dominated',
    minVariables: 2,
    maxVariables: 1024,
    symmetric: true,
    unit: 'information',
    range: 'signed',
    dependence: 'two-sided',
    terms: (d) => combine(1, tcTerms(d), -1, dtcTerms(d)),
    pair: null,
  },
  {
    name: 's-information',
    title: 'S-information Σ = TC + DTC = Σ I(Xᵢ; X₋ᵢ)',
    minVariables: 2,
    maxVariables: 1024,
    symmetric: true,
    unit: 'information',
    range: 'non-negative',
    dependence: 'higher',
    terms: (d) => combine(1, tcTerms(d), 1, dtcTerms(d)),
    pair: null,
  },
  {
    name: 'co-information',
    title: 'co-information I(X₀; …; X_{d−1}) = −Σ_{S ≠ ∅} (−1)^{|S|} H(S) (dit’s sign: I(X;Y;Z) = I(X;Y) − I(X;Y|Z))',
    minVariables: 2,
    maxVariables: 20,
    symmetric: true,
    unit: 'information',
    range: 'signed',
    dependence: 'two-sided',
    terms: coinfoTerms,
    pair: null,
  },
  {
    name: 'interaction-information',
    title: 'interaction information (−1)^d × co-information (dit’s convention: I(X;Y|Z) − I(X;Y) for three)',
    minVariables: 2,
    maxVariables: 20,
    symmetric: true,
    unit: 'information',
    range: 'signed',
    dependence: 'two-sided',
    terms: (d) => combine(d % 2 === 0 ? 1 : -1, coinfoTerms(d), 0, []),
    pair: null,
  },
];

const BY_NAME = new Map<string, InformationMeasure>(MEASURE_LIST.map((m) => [m.name, m]));

/** The names of every declared measure, in declaration order. */
export const MEASURE_NAMES: readonly MeasureName[] = MEASURE_LIST.map((m) => m.name);

/** The names of the measures that have a two-variable count kernel (dependency matrices, permutation tests). */
export const PAIR_MEASURE_NAMES: readonly MeasureName[] = MEASURE_LIST.filter((m) => m.pair !== null).map((m) => m.name);

/** Looks a measure up by name; the error names `fn` and `argName` and lists the choices among `names`. */
export function lookupMeasure(fn: string, name: unknown, names: readonly MeasureName[] = MEASURE_NAMES, argName = 'measure'): InformationMeasure {
  const m = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  if (m === undefined || !names.includes(m.name)) {
    fail('INVALID_OPTION', fn, `unknown ${argName} ${fmt(name)}; expected one of ${names.map((c) => `'${c}'`).join(', ')}`);
  }
  return m;
}

/**
 * The record of an information measure: its definition, the number of variables it takes, whether it is symmetric,
 * its unit, its sign, which direction means more dependence, and its Shannon form Σ coef · H(subset) when it has one.
 * Every function that takes a `measure` reads these records, so a measure is declared in one place.
 *
 * Cost: O(1).
 *
 * @param name - one of `entropy`, `joint-entropy`, `mi`, `conditional-entropy`, `vi`, `nmi`, `ami`,
 *   `total-correlation`, `dual-total-correlation`, `o-information`, `s-information`, `co-information`,
 *   `interaction-information`
 * @returns the record (frozen)
 * @throws InfometaError `INVALID_OPTION` for an unknown name
 * @example
 * ```ts
 * import { informationMeasure } from 'infometa';
 * const o = informationMeasure('o-information');
 * console.log(o.range, o.dependence, o.minVariables); // signed two-sided 2
 * console.log(o.terms?.(3).map((t) => `${t.coef}·H(${t.vars.join('')})`).join(' ')); // 1·H(0) 1·H(1) 1·H(2) 1·H(012) -1·H(12) -1·H(02) -1·H(01)
 * ```
 */
export function informationMeasure(name: MeasureName): InformationMeasure {
  return lookupMeasure('informationMeasure', name, MEASURE_NAMES, 'name');
}

for (const m of MEASURE_LIST) Object.freeze(m);
