// The f-divergence family D_f(p‖q) = Σ qᵢ f(pᵢ/qᵢ), each member declared once as a record: its generator f, the
// limits that define the cells where q or p is zero, an exact per-cell form, its unit and its range.
import { fail, fmt } from '../internal/errors.js';
import { checkBoolean, checkOptions, logBase, toFiniteVector } from '../internal/validate.js';
import { flog } from '../kernels/log.js';
import { checkDistribution } from './distribution.js';
import { DISTRIBUTION_OPTIONS, type DistributionOptions } from './options.js';

/** The named members of the f-divergence family. */
export type FDivergenceName = 'kl' | 'reverse-kl' | 'js' | 'squared-hellinger' | 'total-variation' | 'chi-squared' | 'neyman-chi-squared';

/**
 * A generator of an f-divergence: a convex f on (0, ∞) with f(1) = 0, and the limit of f(t)/t as t → ∞ (the
 * weight of mass p puts where q has none: `Infinity` for KL and χ², finite for bounded divergences). f(0) is taken
 * as the limit f(0⁺), which `f(0)` must return.
 */
export interface FGenerator {
  /** f(t) for t ≥ 0 (t = 0 meaning the limit at 0⁺). */
  f(t: number): number;
  /** lim_{t→∞} f(t)/t, possibly `Infinity`. */
  slopeAtInfinity: number;
}

interface FRecord extends FGenerator {
  readonly name: FDivergenceName;
  /** `information`: nats, rescaled by `base`; `unitless` otherwise. */
  readonly unit: 'information' | 'unitless';
  /** Largest value (Infinity if unbounded). */
  readonly max: number;
  /** The exact contribution of a cell with p, q > 0 (more accurate than q·f(p/q)). */
  cell(p: number, q: number): number;
}

const xlogx = (t: number): number => (t > 0 ? t * flog(t) : 0);

/** Every member, declared once. */
const F_RECORDS: readonly FRecord[] = [
  {
    name: 'kl',
    unit: 'information',
    max: Infinity,
    f: (t) => xlogx(t),
    slopeAtInfinity: Infinity,
    cell: (p, q) => p * (flog(p) - flog(q)),
  },
  {
    name: 'reverse-kl',
    unit: 'information',
    max: Infinity,
    f: (t) => (t > 0 ? -flog(t) : Infinity),
    slopeAtInfinity: 0,
    cell: (p, q) => q * (flog(q) - flog(p)),
  },
  {
    // f(t) = ½ [t ln t − (1 + t) ln((1 + t)/2)]: the Jensen–Shannon divergence, at most ln 2.
    name: 'js',
    unit: 'information',
    max: Math.LN2,
    f: (t) => 0.5 * (xlogx(t) - (1 + t) * flog((1 + t) / 2)),
    slopeAtInfinity: Math.LN2 / 2,
    cell: (p, q) => {
      const m = 0.5 * (p + q);
      return 0.5 * (p * (flog(p) - flog(m)) + q * (flog(q) - flog(m)));
    },
  },
  {
    // H²(p, q) = ½ Σ (√p − √q)² = 1 − Σ √(pq), in [0, 1]; the Hellinger distance is its square root.
    name: 'squared-hellinger',
    unit: 'unitless',
    max: 1,
    f: (t) => 0.5 * (Math.sqrt(t) - 1) ** 2,
    slopeAtInfinity: 0.5,
    cell: (p, q) => 0.5 * (Math.sqrt(p) - Math.sqrt(q)) ** 2,
  },
  {
    name: 'total-variation',
    unit: 'unitless',
    max: 1,
    f: (t) => 0.5 * Math.abs(t - 1),
    slopeAtInfinity: 0.5,
    cell: (p, q) => 0.5 * Math.abs(p - q),
  },
  {
    // Pearson: Σ (p − q)² / q.
    name: 'chi-squared',
    unit: 'unitless',
    max: Infinity,
    f: (t) => (t - 1) ** 2,
    slopeAtInfinity: Infinity,
    cell: (p, q) => ((p - q) * (p - q)) / q,
  },
  {
    // Neyman: Σ (p − q)² / p.
    name: 'neyman-chi-squared',
    unit: 'unitless',
    max: Infinity,
    f: (t) => (t > 0 ? (t - 1) ** 2 / t : Infinity),
    slopeAtInfinity: 1,
    cell: (p, q) => ((p - q) * (p - q)) / p,
  },
];

const NAMES = F_RECORDS.map((r) => r.name);
const record = (name: FDivergenceName): FRecord => F_RECORDS.find((r) => r.name === name) as FRecord;

function prepare(fn: string, p: unknown, q: unknown, options: DistributionOptions | undefined): { P: Float64Array; Q: Float64Array; a: number; b: number; lnb: number } {
  checkOptions(fn, options, DISTRIBUTION_OPTIONS);
  const lnb = logBase(fn, options?.base);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const P0 = toFiniteVector(fn, 'p', p);
  const Q0 = toFiniteVector(fn, 'q', q);
  if (P0.length !== Q0.length) fail('SHAPE_MISMATCH', fn, `p and q must have the same length (got ${P0.length} and ${Q0.length})`);
  const cp = checkDistribution(fn, 'p', P0, normalize);
  const cq = checkDistribution(fn, 'q', Q0, normalize);
  return { P: cp.data, Q: cq.data, a: cp.a, b: cq.a, lnb };
}

/** D_f of validated inputs (entries scaled by a and b), compensated. */
function evaluate(fn: string, rec: FRecord | (FGenerator & { cell: null }), P: Float64Array, Q: Float64Array, a: number, b: number): number {
  const f0 = rec.f(0);
  let s = 0;
  let c = 0;
  for (let i = 0; i < P.length; i++) {
    const p = P[i] * a;
    const q = Q[i] * b;
    let term: number;
    if (p === 0 && q === 0) continue;
    if (q === 0) term = rec.slopeAtInfinity === Infinity ? Infinity : p * rec.slopeAtInfinity;
    else if (p === 0) term = q * f0;
    else term = rec.cell !== null ? rec.cell(p, q) : q * rec.f(p / q);
    if (term === Infinity) return Infinity;
    if (Number.isNaN(term) || term === -Infinity) fail('INVALID_ARGUMENT', fn, `f returned ${fmt(term)} at index ${i} (p = ${fmt(p)}, q = ${fmt(q)}); f must be finite on (0, ∞)`);
    const t = s + term;
    if (Math.abs(s) >= Math.abs(term)) c += s - t + term;
    else c += term - t + s;
    s = t;
  }
  return s + c;
}

/**
 * An f-divergence D_f(p‖q) = Σ_{qᵢ>0} qᵢ f(pᵢ/qᵢ) + f′(∞) · p(q = 0) (Csiszár 1963; Ali & Silvey 1966), by name or
 * for your own generator. The named members, each with its exact per-cell formula:
 * - `kl`: f(t) = t ln t, the Kullback–Leibler divergence (equals {@link klDivergence}); `reverse-kl`: D(q‖p).
 * - `js`: the Jensen–Shannon divergence (equals {@link jsDivergence}), at most ln 2.
 * - `squared-hellinger`: H² = ½ Σ (√pᵢ − √qᵢ)² = 1 − Σ √(pᵢqᵢ), in [0, 1] (f(t) = ½(√t − 1)²).
 * - `total-variation`: ½ Σ |pᵢ − qᵢ|, in [0, 1] (f(t) = ½|t − 1|).
 * - `chi-squared`: Pearson's Σ (pᵢ − qᵢ)²/qᵢ (f(t) = (t − 1)²); `neyman-chi-squared`: Σ (pᵢ − qᵢ)²/pᵢ.
 *
 * Units: nats for `kl`, `reverse-kl`, `js` and custom generators, rescaled by `base`; the others are unitless (`base`
 * has no effect). Cost: O(n). `Infinity` where the divergence is (mass of p outside q's support with an unbounded
 * f′(∞)).
 *
 * @param p - first distribution
 * @param q - second distribution, same length
 * @param f - a member's name, or `{ f, slopeAtInfinity }` for a convex f with f(1) = 0
 * @param options - `base`, `normalize` (each argument separately)
 * @returns D_f(p‖q) ≥ 0, or `Infinity`
 * @throws InfometaError `INVALID_OPTION` for an unknown name or a generator that is not `{ f: function,
 *   slopeAtInfinity: number ≥ 0 }` or has f(1) ≠ 0; `INVALID_ARGUMENT` when a generator returns NaN or −Infinity;
 *   otherwise as {@link klDivergence}
 * @example
 * ```ts
 * import { fDivergence } from 'infometa';
 * const p = [0.5, 0.5, 0], q = [0.25, 0.25, 0.5];
 * console.log(fDivergence(p, q, 'total-variation'), fDivergence(p, q, 'chi-squared')); // 0.5 1
 * console.log(fDivergence(p, q, 'kl', { base: 2 }), fDivergence(q, p, 'kl')); // 1 Infinity
 * // your own generator: f(t) = (t − 1)² / 2 is half the χ² divergence
 * console.log(fDivergence(p, q, { f: (t) => (t - 1) ** 2 / 2, slopeAtInfinity: Infinity })); // 0.5
 * ```
 */
export function fDivergence(p: Float64Array | readonly number[], q: Float64Array | readonly number[], f: FDivergenceName | FGenerator, options?: DistributionOptions): number {
  const fn = 'fDivergence';
  let rec: FRecord | (FGenerator & { cell: null });
  let unit: 'information' | 'unitless' = 'information';
  let max = Infinity;
  if (typeof f === 'string') {
    const r = F_RECORDS.find((x) => x.name === f);
    if (r === undefined) fail('INVALID_OPTION', fn, `unknown f-divergence ${fmt(f)}; expected one of ${NAMES.map((c) => `'${c}'`).join(', ')}, or { f, slopeAtInfinity }`);
    rec = r;
    unit = r.unit;
    max = r.max;
  } else {
    if (typeof f !== 'object' || f === null || typeof f.f !== 'function') fail('INVALID_OPTION', fn, `f must be a name or { f: (t) => number, slopeAtInfinity } (got ${fmt(f)})`);
    const slope: unknown = f.slopeAtInfinity;
    if (typeof slope !== 'number' || Number.isNaN(slope) || slope < 0) fail('INVALID_OPTION', fn, `f.slopeAtInfinity must be a number ≥ 0 or Infinity (got ${fmt(slope)})`);
    const f1 = f.f(1);
    if (typeof f1 !== 'number' || !(Math.abs(f1) <= 1e-12)) fail('INVALID_OPTION', fn, `f must satisfy f(1) = 0 (got f(1) = ${fmt(f1)})`);
    rec = { f: (t: number) => f.f(t), slopeAtInfinity: slope, cell: null };
  }
  const { P, Q, a, b, lnb } = prepare(fn, p, q, options);
  const d = evaluate(fn, rec, P, Q, a, b);
  if (d === Infinity) return Infinity;
  return Math.min(max, Math.max(0, d)) / (unit === 'information' ? lnb : 1);
}

/**
 * Hellinger distance H(p, q) = √(½ Σ (√pᵢ − √qᵢ)²) = √(1 − Σ √(pᵢqᵢ)), a metric in [0, 1] (the square root of the
 * `squared-hellinger` f-divergence; some texts omit the ½, which multiplies this by √2).
 *
 * Unitless. Cost: O(n).
 *
 * @param p - first distribution
 * @param q - second distribution, same length
 * @param options - `normalize`
 * @returns H in [0, 1], 1 for disjoint supports
 * @throws InfometaError as {@link fDivergence}
 * @example
 * ```ts
 * import { hellingerDistance } from 'infometa';
 * console.log(hellingerDistance([1, 0], [0, 1]), hellingerDistance([0.5, 0.5], [0.5, 0.5])); // 1 0
 * ```
 */
export function hellingerDistance(p: Float64Array | readonly number[], q: Float64Array | readonly number[], options?: DistributionOptions): number {
  const fn = 'hellingerDistance';
  const { P, Q, a, b } = prepare(fn, p, q, options);
  return Math.sqrt(Math.min(1, Math.max(0, evaluate(fn, record('squared-hellinger'), P, Q, a, b))));
}

/**
 * Total variation distance TV(p, q) = ½ Σ |pᵢ − qᵢ| = max over events A of |p(A) − q(A)|, a metric in [0, 1].
 *
 * Unitless. Cost: O(n).
 *
 * @param p - first distribution
 * @param q - second distribution, same length
 * @param options - `normalize`
 * @returns TV in [0, 1]
 * @throws InfometaError as {@link fDivergence}
 * @example
 * ```ts
 * import { totalVariationDistance } from 'infometa';
 * console.log(totalVariationDistance([0.5, 0.5, 0], [0.25, 0.25, 0.5])); // 0.5
 * ```
 */
export function totalVariationDistance(p: Float64Array | readonly number[], q: Float64Array | readonly number[], options?: DistributionOptions): number {
  const fn = 'totalVariationDistance';
  const { P, Q, a, b } = prepare(fn, p, q, options);
  return Math.min(1, Math.max(0, evaluate(fn, record('total-variation'), P, Q, a, b)));
}

/**
 * Pearson's χ² divergence χ²(p‖q) = Σ (pᵢ − qᵢ)² / qᵢ = Σ pᵢ²/qᵢ − 1 (the f-divergence of f(t) = (t − 1)²), an upper
 * bound on the KL divergence: D(p‖q) ≤ ln(1 + χ²(p‖q)).
 *
 * Unitless. Cost: O(n).
 *
 * @param p - first distribution
 * @param q - the reference distribution, same length
 * @param options - `normalize`
 * @returns χ² ≥ 0; `Infinity` when some pᵢ > 0 = qᵢ
 * @throws InfometaError as {@link fDivergence}
 * @example
 * ```ts
 * import { chiSquaredDivergence } from 'infometa';
 * console.log(chiSquaredDivergence([0.5, 0.5, 0], [0.25, 0.25, 0.5])); // 1
 * ```
 */
export function chiSquaredDivergence(p: Float64Array | readonly number[], q: Float64Array | readonly number[], options?: DistributionOptions): number {
  const fn = 'chiSquaredDivergence';
  const { P, Q, a, b } = prepare(fn, p, q, options);
  const d = evaluate(fn, record('chi-squared'), P, Q, a, b);
  return d === Infinity ? Infinity : Math.max(0, d);
}
