// Multivariate measures of an N-dimensional joint distribution (a Table): the generic `information(measure, p)` and
// one named function per measure, all reading the measure records.
import { fail, fmt } from '../internal/errors.js';
import { checkBoolean, checkChoice, checkOptions, logBase, optionNames } from '../internal/validate.js';
import { checkDistribution } from './distribution.js';
import { NMI_AVERAGES, type NmiAverage } from './joint.js';
import { lookupMeasure, type InformationMeasure, type MeasureName } from './measures.js';
import type { DistributionOptions } from './options.js';
import { pairValue } from './pairs.js';
import { localValues, statesOfTable, weightedMean } from './states.js';
import { toTable, type Table, type Table2D } from './table.js';
import { checkVariableCount, clampToRange, columnTerms, denseList, logIn } from './terms.js';

/** Options of the multivariate measures of a joint table. */
export interface MultivariateOptions extends DistributionOptions {
  /**
   * The variables, each an axis of the table or a list of axes taken jointly (lists may overlap, as dit's `rvs`).
   * Default: every axis not in `given`, each its own variable.
   */
  variables?: readonly (number | readonly number[])[];
  /** Axes to condition on (dit's `crvs`): every entropy H(S) becomes H(S | Z). Default none. */
  given?: readonly number[];
  /** Normalizer of `nmi` (`arithmetic` default, `geometric`, `min`, `max`, `joint`); other measures take none. */
  average?: NmiAverage;
}

const MULTIVARIATE_OPTIONS = optionNames<MultivariateOptions>()('base', 'normalize', 'variables', 'given', 'average');

function checkAxis(fn: string, name: string, v: unknown, ndim: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= ndim) {
    fail('INVALID_OPTION', fn, `${name} must be an axis of the table, an integer in [0, ${ndim - 1}] (got ${fmt(v)})`);
  }
  return v;
}

/** Validates `variables` and `given` against a table of `ndim` axes. */
function parseAxes(fn: string, o: MultivariateOptions | undefined, ndim: number): { vars: number[][]; given: number[] } {
  const g: unknown = o?.given;
  let given: number[] = [];
  if (g !== undefined) {
    if (!Array.isArray(g)) fail('INVALID_OPTION', fn, `given must be an array of axes (got ${fmt(g)})`);
    given = denseList(fn, 'given', g, 65536).map((v, i) => checkAxis(fn, `given[${i}]`, v, ndim));
  }
  const vs: unknown = o?.variables;
  if (vs === undefined) {
    const vars: number[][] = [];
    for (let a = 0; a < ndim; a++) if (!given.includes(a)) vars.push([a]);
    return { vars, given };
  }
  if (!Array.isArray(vs)) fail('INVALID_OPTION', fn, `variables must be an array of axes or of lists of axes (got ${fmt(vs)})`);
  const vars = denseList(fn, 'variables', vs, 65536).map((v: unknown, i) => {
    if (typeof v === 'number') return [checkAxis(fn, `variables[${i}]`, v, ndim)];
    if (!Array.isArray(v) || v.length === 0) fail('INVALID_OPTION', fn, `variables[${i}] must be an axis or a non-empty list of axes (got ${fmt(v)})`);
    return [...new Set(denseList(fn, `variables[${i}]`, v, 65536).map((a: unknown, j) => checkAxis(fn, `variables[${i}][${j}]`, a, ndim)))];
  });
  return { vars, given };
}

/**
 * Any declared information measure (see {@link informationMeasure}) of a joint distribution given as an
 * N-dimensional table: `total-correlation`, `dual-total-correlation`, `o-information`, `s-information`,
 * `co-information`, `interaction-information`, `mi`, `conditional-entropy`, `vi`, `entropy`, `joint-entropy`, and
 * `nmi`. Each variable is an axis or a set of axes (`variables`); `given` conditions every entropy on other axes.
 *
 * A Shannon measure Σ c_S H(S) is evaluated cell by cell as Σ_x p(x) · (−Σ c_S log p(x_S)) over the non-zero cells,
 * so that marginals are looked up, never re-summed per term.
 *
 * Units: nats unless `base` says otherwise (`nmi` is unitless). Cost: O(cells + nnz · Σ|S|), nnz being the number of
 * non-zero cells (expected; hashing), and 2^d terms for the co-information of d variables.
 *
 * @param measure - the measure's name
 * @param p - joint distribution: a {@link Table} of any number of axes (or rows / a Matrix for two)
 * @param options - `variables`, `given`, `base`, `normalize`, `average` (nmi)
 * @returns the value
 * @throws InfometaError `INVALID_OPTION` for an unknown measure, a bad axis in `variables` or `given`, `given` with a
 *   measure that is not a sum of entropies, `average` with a measure other than `nmi`, or a bad `base`;
 *   `INVALID_ARGUMENT` for fewer (or more) variables than the measure takes; otherwise as {@link jointEntropy}
 *   (`INVALID_DISTRIBUTION` for a table that does not sum to 1 unless `normalize`, negative entries, …)
 * @example
 * ```ts
 * import { table, information } from 'infometa';
 * // Z = X xor Y with fair bits: pairwise independent, jointly dependent.
 * const xor = table([0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], [2, 2, 2]);
 * console.log(information('co-information', xor, { base: 2 })); // -1
 * console.log(information('mi', xor, { variables: [0, 1], given: [2], base: 2 })); // 1
 * ```
 */
export function information(measure: MeasureName, p: Table | Table2D, options?: MultivariateOptions): number {
  return informationOfTable('information', lookupMeasure('information', measure), p, options);
}

/** The shared body of `information` and the named table functions. */
export function informationOfTable(fn: string, measure: InformationMeasure, p: unknown, options: MultivariateOptions | undefined): number {
  checkOptions(fn, options, MULTIVARIATE_OPTIONS);
  const lnb = logBase(fn, options?.base);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const ndim = typeof p === 'object' && p !== null && 'shape' in p && Array.isArray((p as Table).shape) ? (p as Table).shape.length : 2;
  const t = toTable(fn, 'p', p, Math.max(1, ndim));
  const { data, a } = checkDistribution(fn, 'p', t.data, normalize);
  const { vars, given } = parseAxes(fn, options, t.shape.length);
  checkVariableCount(fn, measure, vars.length);
  const st = statesOfTable(data, t.shape, 1 / a);
  if (measure.terms === null) {
    if (given.length > 0) fail('INVALID_OPTION', fn, `given is not defined for ${measure.name} (not a sum of entropies)`);
    if (measure.pair === null || !measure.pair.weights) fail('INVALID_ARGUMENT', fn, `${measure.name} is defined on counts, not on a table of probabilities; use informationOf on the labels`);
    const averages = measure.pair.averages ?? [];
    const average = checkChoice(fn, 'average', options?.average, averages.length > 0 ? averages : NMI_AVERAGES, 'arithmetic');
    const v = pairValue(fn, measure, st, vars[0], vars[1], 'plugin', average);
    return clampToRange(measure, v) / (measure.unit === 'unitless' ? 1 : lnb);
  }
  if (options?.average !== undefined) fail('INVALID_OPTION', fn, `average applies to nmi only (got ${fmt(options.average)} with ${measure.name})`);
  const local = localValues(st, columnTerms(measure, vars, given), logIn(options?.base));
  return clampToRange(measure, weightedMean(st, local));
}

/**
 * Total correlation (multi-information, Watanabe 1960) TC = Σᵢ H(Xᵢ) − H(X₀, …, X_{d−1}) = D(p ‖ Πᵢ pᵢ) of a joint
 * distribution, each axis of the table a variable unless `variables` groups them; with `given` = Z, the conditional
 * TC Σᵢ H(Xᵢ|Z) − H(X|Z). Equals dit's `total_correlation` and JIDT's `MultiInformationCalculatorDiscrete`.
 *
 * Units: nats unless `base` says otherwise; TC ≥ 0, and 0 iff the variables are independent. Cost: O(cells).
 *
 * @param p - joint distribution, a {@link Table} with one axis per variable
 * @param options - `variables`, `given`, `base`, `normalize`
 * @returns TC ≥ 0
 * @throws InfometaError `INVALID_ARGUMENT` for fewer than 2 variables; otherwise as {@link information}
 * @example
 * ```ts
 * import { table, totalCorrelation } from 'infometa';
 * const xor = table([0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], [2, 2, 2]);
 * console.log(totalCorrelation(xor, { base: 2 })); // 1
 * ```
 */
export function totalCorrelation(p: Table | Table2D, options?: MultivariateOptions): number {
  return informationOfTable('totalCorrelation', lookupMeasure('totalCorrelation', 'total-correlation'), p, options);
}

/**
 * Dual total correlation (binding information, Han 1978) DTC = H(X) − Σᵢ H(Xᵢ | X₋ᵢ) = Σᵢ H(X₋ᵢ) − (d − 1) H(X),
 * X₋ᵢ being every variable but Xᵢ; with `given`, every entropy is conditioned. Equals dit's
 * `dual_total_correlation` and JIDT's `DualTotalCorrelationCalculatorDiscrete`.
 *
 * Units: nats unless `base` says otherwise; 0 ≤ DTC ≤ H(X). Cost: O(cells + nnz · d²).
 *
 * @param p - joint distribution, a {@link Table} with one axis per variable
 * @param options - `variables`, `given`, `base`, `normalize`
 * @returns DTC ≥ 0
 * @throws InfometaError `INVALID_ARGUMENT` for fewer than 2 variables; otherwise as {@link information}
 * @example
 * ```ts
 * import { table, dualTotalCorrelation } from 'infometa';
 * const xor = table([0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], [2, 2, 2]);
 * console.log(dualTotalCorrelation(xor, { base: 2 })); // 2
 * ```
 */
export function dualTotalCorrelation(p: Table | Table2D, options?: MultivariateOptions): number {
  return informationOfTable('dualTotalCorrelation', lookupMeasure('dualTotalCorrelation', 'dual-total-correlation'), p, options);
}

/**
 * O-information Ω = TC − DTC = (d − 2) H(X) + Σᵢ [H(Xᵢ) − H(X₋ᵢ)] (Rosas et al. 2019): positive when redundancy
 * dominates the dependencies, negative when synergy does; 0 for two variables. Equals dit's `o_information` and
 * JIDT's `OInfoCalculatorDiscrete`.
 *
 * Units: nats unless `base` says otherwise; signed. Cost: O(cells + nnz · d²).
 *
 * @param p - joint distribution, a {@link Table} with one axis per variable
 * @param options - `variables`, `given`, `base`, `normalize`
 * @returns Ω (any sign)
 * @throws InfometaError `INVALID_ARGUMENT` for fewer than 2 variables; otherwise as {@link information}
 * @example
 * ```ts
 * import { table, oInformation } from 'infometa';
 * const xor = table([0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], [2, 2, 2]);
 * const copies = table([0.5, 0, 0, 0, 0, 0, 0, 0.5], [2, 2, 2]); // three copies of one bit
 * console.log(oInformation(xor, { base: 2 }), oInformation(copies, { base: 2 })); // -1 1
 * ```
 */
export function oInformation(p: Table | Table2D, options?: MultivariateOptions): number {
  return informationOfTable('oInformation', lookupMeasure('oInformation', 'o-information'), p, options);
}

/**
 * S-information Σ = TC + DTC = Σᵢ I(Xᵢ; X₋ᵢ) (Rosas et al. 2019), the total dependence each variable shares with
 * the rest. Equals dit's `s_information` and JIDT's `SInfoCalculatorDiscrete`.
 *
 * Units: nats unless `base` says otherwise; ≥ 0. Cost: O(cells + nnz · d²).
 *
 * @param p - joint distribution, a {@link Table} with one axis per variable
 * @param options - `variables`, `given`, `base`, `normalize`
 * @returns Σ ≥ 0
 * @throws InfometaError `INVALID_ARGUMENT` for fewer than 2 variables; otherwise as {@link information}
 * @example
 * ```ts
 * import { table, sInformation } from 'infometa';
 * const xor = table([0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], [2, 2, 2]);
 * console.log(sInformation(xor, { base: 2 })); // 3
 * ```
 */
export function sInformation(p: Table | Table2D, options?: MultivariateOptions): number {
  return informationOfTable('sInformation', lookupMeasure('sInformation', 's-information'), p, options);
}

/**
 * Co-information (Bell 2003) I(X₀; …; X_{d−1}) = −Σ_{S ⊆ {0…d−1}, S ≠ ∅} (−1)^{|S|} H(X_S), with dit's sign
 * convention: for three variables I(X;Y;Z) = I(X;Y) − I(X;Y|Z), so the XOR triple has −1 bit and a "giant bit"
 * (copies of one bit) +1. The centre atom of the information diagram; with `given`, conditioned on Z.
 *
 * Units: nats unless `base` says otherwise; signed for d ≥ 3, I(X;Y) for d = 2. Cost: O(cells + nnz · d · 2^d);
 * at most 20 variables.
 *
 * @param p - joint distribution, a {@link Table} with one axis per variable
 * @param options - `variables`, `given`, `base`, `normalize`
 * @returns the co-information (any sign)
 * @throws InfometaError `INVALID_ARGUMENT` for fewer than 2 or more than 20 variables; otherwise as {@link information}
 * @example
 * ```ts
 * import { table, coInformation } from 'infometa';
 * const xor = table([0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], [2, 2, 2]);
 * console.log(coInformation(xor, { base: 2 })); // -1
 * ```
 */
export function coInformation(p: Table | Table2D, options?: MultivariateOptions): number {
  return informationOfTable('coInformation', lookupMeasure('coInformation', 'co-information'), p, options);
}

/**
 * Interaction information (McGill 1954) in dit's convention: (−1)^d times the {@link coInformation}, so that for
 * three variables it is I(X;Y|Z) − I(X;Y) (positive for synergy: 1 bit for XOR) and for two −I(X;Y).
 *
 * Units: nats unless `base` says otherwise; signed. Cost: as {@link coInformation}.
 *
 * @param p - joint distribution, a {@link Table} with one axis per variable
 * @param options - `variables`, `given`, `base`, `normalize`
 * @returns the interaction information (any sign)
 * @throws InfometaError as {@link coInformation}
 * @example
 * ```ts
 * import { table, interactionInformation } from 'infometa';
 * const xor = table([0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0], [2, 2, 2]);
 * console.log(interactionInformation(xor, { base: 2 })); // 1
 * ```
 */
export function interactionInformation(p: Table | Table2D, options?: MultivariateOptions): number {
  return informationOfTable('interactionInformation', lookupMeasure('interactionInformation', 'interaction-information'), p, options);
}
