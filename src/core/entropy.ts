import { fail } from '../internal/errors.js';
import { logBase, checkBoolean, checkOptions, toFiniteVector } from '../internal/validate.js';
import type { NumericArray } from '../internal/validate.js';
import { dentropyScan, djs, dkl, dxlogy } from '../kernels/entropy.js';
import { checkDistribution, precisionOf, sumTolerance } from './distribution.js';
import { DISTRIBUTION_OPTIONS } from './options.js';

/** Scratch for the fused entropy scan: [Σp, Σ p ln p, max]. */
const scan = new Float64Array(3);
import type { DistributionOptions } from './options.js';

function prepare(fn: string, options: DistributionOptions | undefined): { k: number; normalize: boolean } {
  checkOptions(fn, options, DISTRIBUTION_OPTIONS);
  return { k: logBase(fn, options?.base), normalize: checkBoolean(fn, 'normalize', options?.normalize, false) };
}

function pair(fn: string, p: unknown, q: unknown, normalize: boolean): { P: Float64Array; Q: Float64Array; a: number; b: number } {
  const P0 = toFiniteVector(fn, 'p', p);
  const Q0 = toFiniteVector(fn, 'q', q);
  if (P0.length !== Q0.length) fail('SHAPE_MISMATCH', fn, `p and q must have the same length (got ${P0.length} and ${Q0.length})`);
  const cp = checkDistribution(fn, 'p', P0, normalize, precisionOf(p));
  const cq = checkDistribution(fn, 'q', Q0, normalize, precisionOf(q));
  return { P: cp.data, Q: cq.data, a: cp.a, b: cq.a };
}

/**
 * Shannon entropy H(p) = −Σ pᵢ log pᵢ of a discrete distribution, with 0·log 0 = 0.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n), one validation pass and one compensated-summation pass.
 *
 * @param p - probabilities (or, with `normalize`, non-negative weights): a `number[]` or a numeric typed array; a
 *   `Float32Array` is held to a sum of 1 within float32 rounding
 * @param options - `base`, `normalize`
 * @returns H(p) ≥ 0
 * @throws InfometaError `INVALID_ARGUMENT` for a non-array or options that are not an object; `EMPTY_INPUT` for an
 *   empty array; `NON_FINITE` for NaN or ±Infinity; `INVALID_DISTRIBUTION` for a negative entry, a sum other than 1
 *   (unless `normalize`; a total that overflows is not 1 either) or all-zero weights; `INVALID_OPTION` for `base`
 *   ≤ 0 or = 1, or an unknown option name (`{ bsae: 2 }`: the message names the closest one, `base`)
 * @example
 * ```ts
 * import { entropy } from 'infometa';
 * console.log(entropy([0.5, 0.25, 0.25], { base: 2 })); // 1.5
 * console.log(entropy([1, 1, 1, 1], { normalize: true }).toFixed(4)); // 1.3863
 * ```
 */
export function entropy(p: NumericArray, options?: DistributionOptions): number {
  const fn = 'entropy';
  const { k, normalize } = prepare(fn, options);
  // A Float64Array is read once by the fused scan (validation included); anything else is converted first.
  const P = p instanceof Float64Array && p.length > 0 ? p : toFiniteVector(fn, 'p', p);
  const n = P.length;
  const eps = precisionOf(p);
  const bad = dentropyScan(n, P, 1, 0, scan);
  const S = scan[0];
  if (bad < 0 && S > 1e-280 && S < 1e280 && (normalize || Math.abs(S - 1) <= sumTolerance(n, eps))) {
    // H = −Σ (pᵢ/S) ln(pᵢ/S) = −(Σ pᵢ ln pᵢ)/S + ln S.
    return Math.max(0, -scan[1] / S + Math.log(S)) / k;
  }
  // Bad entries or an extreme total: the full checks throw the precise error or rescale the weights exactly (into a
  // total the scan accepts), and the same scan sums the rescaled weights.
  const { data, a } = checkDistribution(fn, 'p', toFiniteVector(fn, 'p', P), normalize, eps);
  dentropyScan(data.length, data, 1, 0, scan);
  return Math.max(0, -a * scan[1] - Math.log(a)) / k;
}

/**
 * Cross-entropy H(p, q) = −Σ pᵢ log qᵢ = H(p) + D(p‖q).
 *
 * Units: nats unless `base` says otherwise. Cost: O(n).
 *
 * @param p - the true distribution
 * @param q - the model distribution
 * @param options - `base`, `normalize` (applied to p and q separately)
 * @returns H(p, q) ≥ H(p); `Infinity` when some pᵢ > 0 = qᵢ
 * @throws InfometaError `SHAPE_MISMATCH` for different lengths; otherwise as {@link entropy}, for each argument
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { crossEntropy } from 'infometa';
 * console.log(crossEntropy([0.5, 0.5], [0.25, 0.75], { base: 2 }).toFixed(4)); // 1.2075
 * ```
 */
export function crossEntropy(p: NumericArray, q: NumericArray, options?: DistributionOptions): number {
  const fn = 'crossEntropy';
  const { k, normalize } = prepare(fn, options);
  const { P, Q, a, b } = pair(fn, p, q, normalize);
  const s = dxlogy(P.length, P, 1, 0, Q, 1, 0);
  if (s === -Infinity) return Infinity;
  // −Σ a pᵢ ln(b qᵢ) = −a Σ pᵢ ln qᵢ − ln b.
  return Math.max(0, -a * s - Math.log(b)) / k;
}

/**
 * Kullback–Leibler divergence D(p‖q) = Σ pᵢ log(pᵢ / qᵢ), with 0·log(0/q) = 0.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n). Matches `scipy.stats.entropy(p, q)`.
 *
 * @param p - the distribution the expectation is taken under
 * @param q - the reference distribution
 * @param options - `base`, `normalize` (applied to p and q separately)
 * @returns D(p‖q) ≥ 0, 0 iff p = q; `Infinity` when some pᵢ > 0 = qᵢ
 * @throws InfometaError `SHAPE_MISMATCH` for different lengths; otherwise as {@link entropy}, for each argument
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { klDivergence } from 'infometa';
 * console.log(klDivergence([0.5, 0.5], [0.9, 0.1]).toFixed(4)); // 0.5108
 * console.log(klDivergence([0.5, 0.5], [1, 0])); // Infinity
 * ```
 */
export function klDivergence(p: NumericArray, q: NumericArray, options?: DistributionOptions): number {
  const fn = 'klDivergence';
  const { k, normalize } = prepare(fn, options);
  const { P, Q, a, b } = pair(fn, p, q, normalize);
  const s = dkl(P.length, P, 1, 0, Q, 1, 0, a, b);
  if (s === Infinity) return Infinity;
  return Math.max(0, a * s) / k;
}

/**
 * Jensen–Shannon divergence JS(p, q) = ½ D(p‖m) + ½ D(q‖m) with m = ½(p + q): the divergence itself, not its
 * square root (scipy's `jensenshannon` returns the square root, the JS distance).
 *
 * Units: nats unless `base` says otherwise; bounded by ln 2 nats (1 bit). Symmetric. Cost: O(n).
 *
 * @param p - first distribution
 * @param q - second distribution
 * @param options - `base`, `normalize` (applied to p and q separately)
 * @returns JS(p, q) in [0, ln 2] nats; never Infinity
 * @throws InfometaError as {@link klDivergence}
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { jsDivergence } from 'infometa';
 * console.log(jsDivergence([1, 0], [0, 1], { base: 2 })); // 1
 * ```
 */
export function jsDivergence(p: NumericArray, q: NumericArray, options?: DistributionOptions): number {
  const fn = 'jsDivergence';
  const { k, normalize } = prepare(fn, options);
  const { P, Q, a, b } = pair(fn, p, q, normalize);
  const s = djs(P.length, P, 1, 0, Q, 1, 0, a, b);
  return Math.min(Math.LN2, Math.max(0, s)) / k;
}
