// Rényi entropy and divergence of any order α ≥ 0, and Tsallis entropy. The orders 0, 1 and ∞ are limits of one
// formula, computed so that nearby orders (1 ± 1e-9, 1e6) agree with them to rounding: near α = 1 through
// log1p(Σ p·expm1((α − 1) ln p)), which does not cancel; elsewhere with the largest term factored out.
import { fail, fmt } from '../internal/errors.js';
import { checkBoolean, checkOptions, logBase, toFiniteVector } from '../internal/validate.js';
import { flog } from '../kernels/log.js';
import { checkDistribution } from './distribution.js';
import { klDivergence, entropy } from './entropy.js';
import { DISTRIBUTION_OPTIONS, type DistributionOptions } from './options.js';

/** Validates an order α ≥ 0 (Infinity allowed). */
function checkOrder(fn: string, name: string, a: unknown): number {
  if (typeof a !== 'number' || Number.isNaN(a) || a < 0) fail('INVALID_ARGUMENT', fn, `${name} must be a number ≥ 0 or Infinity (got ${fmt(a)})`);
  return a;
}

/** Orders within this distance of 1 use the expm1 form. */
const NEAR_ONE = 0.5;

/**
 * Σ pᵢ expm1(b · ln(pᵢ / qᵢ)) over pᵢ > 0 (qᵢ = 1 when q is null), compensated: Σ pᵢ^{1+b} qᵢ^{−b} − 1 without the
 * cancellation of forming the power sum and subtracting 1.
 */
function sumExpm1(P: Float64Array, Q: Float64Array | null, b: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < P.length; i++) {
    const v = P[i];
    if (v <= 0) continue;
    const term = v * Math.expm1(b * (Q === null ? flog(v) : flog(v) - flog(Q[i])));
    const t = s + term;
    if (Math.abs(s) >= Math.abs(term)) c += s - t + term;
    else c += term - t + s;
    s = t;
  }
  return s + c;
}

/** A validated distribution with its entries divided by the total (a copy unless it already sums to 1). */
function distribution(fn: string, name: string, p: unknown, normalize: boolean): Float64Array {
  const P0 = toFiniteVector(fn, name, p);
  const { data, a } = checkDistribution(fn, name, P0, normalize);
  if (a === 1) return data;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * a;
  return out;
}

/**
 * Rényi entropy of order α: H_α(p) = log(Σ pᵢ^α) / (1 − α), with its limits H₀ = log |support| (Hartley),
 * H₁ = −Σ p log p (Shannon) and H_∞ = −log max pᵢ (min-entropy). Non-increasing in α; H₂ is the collision entropy.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n). Accurate for every α: near α = 1 the sum is formed as
 * log1p(Σ pᵢ·expm1((α − 1) ln pᵢ)), so H_{1±1e-9} differs from the Shannon entropy by O(1e-9), not by rounding noise.
 *
 * @param p - probabilities (or, with `normalize`, non-negative weights)
 * @param alpha - the order α ≥ 0; `Infinity` for the min-entropy
 * @param options - `base`, `normalize`
 * @returns H_α(p) ≥ 0
 * @throws InfometaError `INVALID_ARGUMENT` for α < 0 or NaN; otherwise as {@link entropy}
 * @example
 * ```ts
 * import { renyiEntropy } from 'infometa';
 * const p = [0.5, 0.25, 0.25];
 * console.log(renyiEntropy(p, 0, { base: 2 }).toFixed(4), renyiEntropy(p, 1, { base: 2 })); // 1.5850 1.5
 * console.log(renyiEntropy(p, 2, { base: 2 }).toFixed(4), renyiEntropy(p, Infinity, { base: 2 })); // 1.4150 1
 * ```
 */
export function renyiEntropy(p: Float64Array | readonly number[], alpha: number, options?: DistributionOptions): number {
  const fn = 'renyiEntropy';
  checkOptions(fn, options, DISTRIBUTION_OPTIONS);
  const lnb = logBase(fn, options?.base);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const a = checkOrder(fn, 'alpha', alpha);
  const P = distribution(fn, 'p', p, normalize);
  const n = P.length;
  if (a === 1) return entropy(P, { base: options?.base });
  let max = 0;
  let support = 0;
  for (let i = 0; i < n; i++) {
    if (P[i] > 0) support++;
    if (P[i] > max) max = P[i];
  }
  let h: number;
  if (a === 0) h = flog(support);
  else if (a === Infinity) h = -flog(max);
  else if (Math.abs(a - 1) <= NEAR_ONE) {
    // Σ pᵢ^α − 1 = Σ pᵢ (pᵢ^{α−1} − 1), each term formed by expm1: no cancellation as α → 1.
    h = Math.log1p(sumExpm1(P, null, a - 1)) / (1 - a);
  } else {
    // log Σ pᵢ^α = α ln max + log Σ (pᵢ/max)^α: no overflow or underflow of the sum for any α.
    let s = 0;
    for (let i = 0; i < n; i++) if (P[i] > 0) s += Math.pow(P[i] / max, a);
    h = (a * flog(max) + flog(s)) / (1 - a);
  }
  return Math.max(0, h) / lnb;
}

/**
 * Rényi divergence of order α: D_α(p‖q) = log(Σ pᵢ^α qᵢ^{1−α}) / (α − 1), with its limits D₀ = −log q(supp p),
 * D₁ = the Kullback–Leibler divergence and D_∞ = log max_{pᵢ>0} pᵢ/qᵢ. Non-decreasing in α.
 *
 * Units: nats unless `base` says otherwise. Cost: O(n). `Infinity` for α ≥ 1 when some pᵢ > 0 = qᵢ, and for any α
 * when p and q have disjoint supports. Near α = 1 formed through log1p/expm1 as {@link renyiEntropy}.
 *
 * @param p - the distribution the expectation is taken under
 * @param q - the reference distribution, same length
 * @param alpha - the order α ≥ 0; `Infinity` for the max-divergence
 * @param options - `base`, `normalize` (each argument separately)
 * @returns D_α(p‖q) ≥ 0, or `Infinity`
 * @throws InfometaError `INVALID_ARGUMENT` for α < 0 or NaN; `SHAPE_MISMATCH` for different lengths; otherwise as
 *   {@link klDivergence}
 * @example
 * ```ts
 * import { renyiDivergence, klDivergence } from 'infometa';
 * const p = [0.5, 0.5], q = [0.9, 0.1];
 * console.log(renyiDivergence(p, q, 1) === klDivergence(p, q), renyiDivergence(p, q, 0.5).toFixed(4)); // true 0.2231
 * console.log(renyiDivergence(p, q, Infinity).toFixed(4)); // 1.6094
 * ```
 */
export function renyiDivergence(p: Float64Array | readonly number[], q: Float64Array | readonly number[], alpha: number, options?: DistributionOptions): number {
  const fn = 'renyiDivergence';
  checkOptions(fn, options, DISTRIBUTION_OPTIONS);
  const lnb = logBase(fn, options?.base);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const a = checkOrder(fn, 'alpha', alpha);
  const P = distribution(fn, 'p', p, normalize);
  const Q = distribution(fn, 'q', q, normalize);
  if (P.length !== Q.length) fail('SHAPE_MISMATCH', fn, `p and q must have the same length (got ${P.length} and ${Q.length})`);
  const n = P.length;
  if (a === 1) return klDivergence(P, Q, { base: options?.base });
  let outside = false; // some pᵢ > 0 = qᵢ
  let overlap = false; // some pᵢ > 0 < qᵢ
  for (let i = 0; i < n; i++) {
    if (P[i] > 0) {
      if (Q[i] > 0) overlap = true;
      else outside = true;
    }
  }
  if (!overlap || (outside && a > 1)) return Infinity;
  let d: number;
  if (a === 0) {
    let s = 0;
    for (let i = 0; i < n; i++) if (P[i] > 0) s += Q[i];
    d = -flog(Math.min(1, s));
  } else if (a === Infinity) {
    let m = -Infinity;
    for (let i = 0; i < n; i++) if (P[i] > 0) m = Math.max(m, flog(P[i]) - flog(Q[i]));
    d = m;
  } else if (Math.abs(a - 1) <= NEAR_ONE && !outside) {
    // Σ pᵢ^α qᵢ^{1−α} − 1 = Σ pᵢ expm1((α − 1) ln(pᵢ/qᵢ)) over the common support (Σ p = 1 there).
    d = Math.log1p(sumExpm1(P, Q, a - 1)) / (a - 1);
  } else {
    // log Σ exp(α ln pᵢ + (1 − α) ln qᵢ), with the largest exponent factored out.
    let m = -Infinity;
    for (let i = 0; i < n; i++) if (P[i] > 0 && Q[i] > 0) m = Math.max(m, a * flog(P[i]) + (1 - a) * flog(Q[i]));
    let s = 0;
    for (let i = 0; i < n; i++) if (P[i] > 0 && Q[i] > 0) s += Math.exp(a * flog(P[i]) + (1 - a) * flog(Q[i]) - m);
    d = (m + flog(s)) / (a - 1);
  }
  return Math.max(0, d) / lnb;
}

/** Options of {@link tsallisEntropy}. */
export interface TsallisOptions {
  /** `true`: non-negative weights are rescaled to sum to 1, as scipy does. Default `false`. */
  normalize?: boolean;
}

/**
 * Tsallis entropy of index q ≥ 0: S_q(p) = (1 − Σ pᵢ^q) / (q − 1), the Shannon entropy in nats at q = 1 (its limit).
 * S₀ = |support| − 1, S₂ = 1 − Σ pᵢ² (the Gini–Simpson index). Not additive; not a logarithm, so it takes no `base`.
 *
 * Units: dimensionless (nats at q = 1). Cost: O(n). Near q = 1 formed as −Σ pᵢ expm1((q − 1) ln pᵢ) / (q − 1).
 *
 * @param p - probabilities (or, with `normalize`, non-negative weights)
 * @param q - the entropic index q ≥ 0 (`Infinity` gives 0)
 * @param options - `normalize`
 * @returns S_q(p) ≥ 0
 * @throws InfometaError `INVALID_ARGUMENT` for q < 0 or NaN; otherwise as {@link entropy}
 * @example
 * ```ts
 * import { tsallisEntropy } from 'infometa';
 * const p = [0.5, 0.25, 0.25];
 * console.log(tsallisEntropy(p, 2), tsallisEntropy(p, 1).toFixed(4), tsallisEntropy(p, 0)); // 0.625 1.0397 2
 * ```
 */
export function tsallisEntropy(p: Float64Array | readonly number[], q: number, options?: TsallisOptions): number {
  const fn = 'tsallisEntropy';
  checkOptions(fn, options, ['normalize']);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const a = checkOrder(fn, 'q', q);
  const P = distribution(fn, 'p', p, normalize);
  const n = P.length;
  if (a === 1) return entropy(P);
  if (a === Infinity) return 0;
  let s = 0;
  let c = 0;
  const near = Math.abs(a - 1) <= NEAR_ONE;
  for (let i = 0; i < n; i++) {
    const v = P[i];
    if (v <= 0) continue;
    // near 1: pᵢ (pᵢ^{q−1} − 1) by expm1; elsewhere pᵢ^q − pᵢ.
    const term = near ? v * Math.expm1((a - 1) * flog(v)) : Math.pow(v, a) - v;
    const t = s + term;
    if (Math.abs(s) >= Math.abs(term)) c += s - t + term;
    else c += term - t + s;
    s = t;
  }
  return Math.max(0, -(s + c) / (a - 1));
}
