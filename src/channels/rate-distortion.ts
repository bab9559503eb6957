// The rate–distortion function R(D) of a discrete memoryless source by the Blahut–Arimoto algorithm (Blahut 1972),
// one point per slope β, with Blahut's certified bracket of the rate, and by bisection on β for a target distortion.
import { fail, fmt } from '../internal/errors.js';
import { IterationMonitor, ITERATIVE_OPTIONS, parseIterative, type ConvergenceReport, type IterativeOptions } from '../internal/iterative.js';
import { checkBoolean, checkOptions, logBase, toFiniteVector } from '../internal/validate.js';
import { checkDistribution } from '../core/distribution.js';
import type { Table, Table2D } from '../core/table.js';
import { toMatrix } from './channel.js';

/** Options of {@link rateDistortion}. */
export interface RateDistortionOptions extends IterativeOptions {
  /**
   * The slope parameter β ≥ 0: the point of the curve where dR/dD = −β (in nats per unit of distortion), i.e. the
   * encoder minimizing I(X; X̂) + β E[d]. Give `beta` or `distortion`, not both. β = 0 is the point (D_max, 0).
   */
  beta?: number;
  /** A target distortion D: β is found by bisection so that E[d] = D (to `tolerance`). */
  distortion?: number;
  /** Logarithm base of the rate: `Math.E` (default, nats), 2 (bits), …. */
  base?: number;
  /** `true`: the source weights are rescaled to a distribution. Default `false`. */
  normalize?: boolean;
}

const RD_OPTIONS: readonly string[] = ['beta', 'distortion', 'base', 'normalize', ...ITERATIVE_OPTIONS];
const RD_CURVE_OPTIONS: readonly string[] = ['betas', 'base', 'normalize', ...ITERATIVE_OPTIONS];

/** One point of the rate–distortion curve. */
export interface RateDistortionPoint {
  /** The slope parameter of the point (dR/dD = −β, nats per unit of distortion). */
  beta: number;
  /** The rate I(X; X̂) of the encoder, an upper bound on R(D) within `convergence.achieved` of it. */
  rate: number;
  /** Certified lower bound on R(distortion) (Blahut's bound). */
  lowerBound: number;
  /** The expected distortion E[d(X, X̂)] of the encoder. */
  distortion: number;
  /** The encoder q(x̂ | x), row-major |X| × |X̂|. */
  encoder: Float64Array;
  /** The reproduction distribution q(x̂). */
  output: Float64Array;
  /** How it ended: `achieved` = rate − lowerBound in nats. */
  convergence: ConvergenceReport;
}

interface Problem {
  p: Float64Array;
  d: Float64Array;
  X: number;
  Xh: number;
  lnb: number;
}

function prepare(fn: string, source: unknown, distortion: unknown, o: { base?: number; normalize?: boolean } | undefined): Problem {
  const lnb = logBase(fn, o?.base);
  const normalize = checkBoolean(fn, 'normalize', o?.normalize, false);
  const P0 = toFiniteVector(fn, 'source', source);
  const { data, a } = checkDistribution(fn, 'source', P0, normalize);
  const p = Float64Array.from(data, (v) => v * a);
  const m = toMatrix(fn, 'distortion', distortion);
  if (m.rows !== p.length) fail('SHAPE_MISMATCH', fn, `distortion must have one row per source symbol: ${p.length} rows (got ${m.rows} × ${m.cols})`);
  for (let i = 0; i < m.data.length; i++) {
    if (m.data[i] < 0) fail('INVALID_ARGUMENT', fn, `distortion must be non-negative (got ${fmt(m.data[i])} at row ${Math.floor(i / m.cols)}, column ${i % m.cols})`);
  }
  return { p, d: m.data, X: p.length, Xh: m.cols, lnb };
}

/** Blahut–Arimoto at slope −β from the reproduction distribution q (updated in place). */
function solve(pr: Problem, beta: number, q: Float64Array, monitor: IterationMonitor, maxIterations: number, tolerance: number): { point: Omit<RateDistortionPoint, 'convergence'>; it: number; gap: number } {
  const { p, d, X, Xh } = pr;
  const r = new Float64Array(X * Xh);
  const c = new Float64Array(Xh);
  const lam = new Float64Array(X);
  let it = 0;
  let gap = Infinity;
  let rate = 0;
  let dist = 0;
  const lq = new Float64Array(Xh);
  for (;;) {
    for (let j = 0; j < Xh; j++) lq[j] = q[j] > 0 ? Math.log(q[j]) : -Infinity;
    // r(x, x̂) = q(x̂) e^{−β d} / Σ_x̂' q(x̂') e^{−β d'} = Q(x̂ | x), in the log domain with a per-row shift.
    c.fill(0);
    let sumLogLam = 0;
    dist = 0;
    for (let x = 0; x < X; x++) {
      const row = x * Xh;
      let m = -Infinity;
      for (let j = 0; j < Xh; j++) m = Math.max(m, lq[j] - beta * d[row + j]);
      let z = 0;
      for (let j = 0; j < Xh; j++) {
        const e = Math.exp(lq[j] - beta * d[row + j] - m);
        r[row + j] = e;
        z += e;
      }
      // ln λ(x) = −ln Σ q e^{−βd} = −(m + ln z).
      lam[x] = -(m + Math.log(z));
      sumLogLam += p[x] * lam[x];
      for (let j = 0; j < Xh; j++) {
        r[row + j] /= z;
        dist += p[x] * r[row + j] * d[row + j];
      }
    }
    // c(x̂) = Σ_x p(x) λ(x) e^{−β d(x, x̂)} = Σ_x p(x) Q(x̂|x) / q(x̂); the new reproduction distribution is q·c.
    for (let x = 0; x < X; x++) {
      const row = x * Xh;
      for (let j = 0; j < Xh; j++) c[j] += p[x] * Math.exp(lam[x] - beta * d[row + j]);
    }
    let maxLogC = -Infinity;
    let meanLogC = 0;
    for (let j = 0; j < Xh; j++) {
      const lc = Math.log(c[j]);
      if (lc > maxLogC) maxLogC = lc;
      const qn = q[j] * c[j];
      if (qn > 0) meanLogC += qn * lc;
    }
    // Blahut: rate of the encoder I = Σ p ln λ − βD − Σ q' ln c, lower bound on R(D) = Σ p ln λ − βD − max ln c.
    rate = Math.max(0, sumLogLam - beta * dist - meanLogC);
    gap = Math.max(0, maxLogC - meanLogC);
    if (gap <= tolerance || it >= maxIterations) break;
    monitor.step(it, gap);
    let z = 0;
    for (let j = 0; j < Xh; j++) {
      q[j] *= c[j];
      z += q[j];
    }
    for (let j = 0; j < Xh; j++) q[j] /= z;
    it++;
  }
  const output = new Float64Array(Xh);
  for (let x = 0; x < X; x++) for (let j = 0; j < Xh; j++) output[j] += p[x] * r[x * Xh + j];
  return { point: { beta, rate, lowerBound: Math.max(0, rate - gap), distortion: dist, encoder: r, output }, it, gap };
}

function checkBeta(fn: string, beta: unknown): number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0) fail('INVALID_OPTION', fn, `beta must be a finite number ≥ 0 (got ${fmt(beta)})`);
  return beta;
}

/** The rate-0 point: the single reproduction symbol of least expected distortion. */
function zeroRate(pr: Problem, conv: ConvergenceReport): RateDistortionPoint {
  const { p, d, X, Xh } = pr;
  let best = 0;
  let bestD = Infinity;
  for (let j = 0; j < Xh; j++) {
    let s = 0;
    for (let x = 0; x < X; x++) s += p[x] * d[x * Xh + j];
    if (s < bestD) {
      bestD = s;
      best = j;
    }
  }
  const encoder = new Float64Array(X * Xh);
  for (let x = 0; x < X; x++) encoder[x * Xh + best] = 1;
  const output = new Float64Array(Xh);
  output[best] = 1;
  return { beta: 0, rate: 0, lowerBound: 0, distortion: bestD, encoder, output, convergence: conv };
}

/**
 * A point of the rate–distortion function R(D) = min I(X; X̂) subject to E[d(X, X̂)] ≤ D of a discrete memoryless
 * source p(x) with distortion d(x, x̂), by the Blahut–Arimoto algorithm, either at a slope (`beta`: the encoder
 * minimizing I + β E[d]) or at a target distortion (`distortion`: bisection on β).
 *
 * Each iteration q(x̂|x) ∝ q(x̂) e^{−β d(x,x̂)}, q(x̂) ← Σ_x p(x) q(x̂|x) brackets R at the current distortion between
 * Blahut's lower bound and the encoder's rate; it stops when the bracket max ln c − Σ q ln c is below `tolerance`.
 * For a Bernoulli(p) source with Hamming distortion R(D) = H(p) − H(D) for D ≤ min(p, 1 − p), reached at
 * β = ln((1 − D)/D).
 *
 * Units: the rate in nats unless `base` says otherwise; β in nats per unit of distortion. Cost: O(|X|·|X̂|) per
 * iteration; with `distortion`, about 60 bisection steps, each warm-started.
 *
 * @param source - p(x), a distribution (or weights with `normalize`)
 * @param distortion - d(x, x̂) ≥ 0, |X| rows (rows as `number[][]`, a Matrix, or a 2-D Table)
 * @param options - `beta` or `distortion`; `tolerance` (default 1e-12 nats), `maxIterations` (default 100000),
 *   `strict`, `signal`, `onProgress`, `base`, `normalize`
 * @returns `{ beta, rate, lowerBound, distortion, encoder, output, convergence }`
 * @throws InfometaError `INVALID_OPTION` for β < 0, NaN or infinite, both or neither of `beta` and `distortion`, a
 *   bad tolerance, maxIterations, base, signal or onProgress; `INVALID_ARGUMENT` for a target distortion below the
 *   least achievable Σ p(x) min_x̂ d(x, x̂) or negative distortions; `SHAPE_MISMATCH` for a distortion matrix
 *   without one row per source symbol; `INVALID_DISTRIBUTION` for a source that is not a distribution;
 *   `NOT_CONVERGED` (unless `strict: false`); `ABORTED`
 * @example
 * ```ts
 * import { rateDistortion } from 'infometa';
 * // Bernoulli(0.3) source, Hamming distortion, D = 0.1: R = H(0.3) − H(0.1) = 0.4123 bits.
 * const pt = rateDistortion([0.7, 0.3], [[0, 1], [1, 0]], { distortion: 0.1, base: 2 });
 * console.log(pt.rate.toFixed(4), pt.distortion.toFixed(4), pt.beta.toFixed(4)); // 0.4123 0.1000 2.1972
 * ```
 */
export function rateDistortion(source: Float64Array | readonly number[], distortion: Table2D | Table, options: RateDistortionOptions): RateDistortionPoint {
  const fn = 'rateDistortion';
  checkOptions(fn, options, RD_OPTIONS);
  const o = parseIterative(fn, options, 1e-12, 100000);
  const pr = prepare(fn, source, distortion, options);
  const hasBeta = options?.beta !== undefined;
  const hasD = options?.distortion !== undefined;
  if (hasBeta === hasD) fail('INVALID_OPTION', fn, 'give exactly one of beta (a slope) and distortion (a target)');
  const monitor = new IterationMonitor(fn, o, 'rate − Blahut lower bound, nats');
  const q = new Float64Array(pr.Xh).fill(1 / pr.Xh);
  const scale = (pt: Omit<RateDistortionPoint, 'convergence'>, conv: ConvergenceReport): RateDistortionPoint => ({
    ...pt,
    rate: pt.rate / pr.lnb,
    lowerBound: pt.lowerBound / pr.lnb,
    convergence: conv,
  });
  if (hasBeta) {
    const beta = checkBeta(fn, options.beta);
    if (beta === 0) return zeroRate(pr, monitor.finish(0, 0));
    const s = solve(pr, beta, q, monitor, o.maxIterations, o.tolerance);
    return scale(s.point, monitor.finish(s.it, s.gap));
  }
  const target = options.distortion;
  if (typeof target !== 'number' || !Number.isFinite(target)) fail('INVALID_OPTION', fn, `distortion must be a finite number (got ${fmt(target)})`);
  const { p, d, X, Xh } = pr;
  let dmin = 0;
  for (let x = 0; x < X; x++) {
    let m = Infinity;
    for (let j = 0; j < Xh; j++) m = Math.min(m, d[x * Xh + j]);
    dmin += p[x] * m;
  }
  const zero = zeroRate(pr, { converged: true, iterations: 0, tolerance: o.tolerance, achieved: 0, criterion: 'rate − Blahut lower bound, nats' });
  if (target >= zero.distortion) return { ...zero, convergence: monitor.finish(0, 0) };
  if (target < dmin - 1e-12 * Math.max(1, dmin)) fail('INVALID_ARGUMENT', fn, `distortion ${fmt(target)} is below the least achievable distortion ${fmt(dmin)} (every symbol reproduced at its nearest x̂)`);
  // Bisection on ln β: E[d] falls as β grows.
  let lo = -20;
  let hi = 20;
  let its = 0;
  let best: { point: Omit<RateDistortionPoint, 'convergence'>; gap: number } | null = null;
  for (let k = 0; k < 80; k++) {
    const mid = 0.5 * (lo + hi);
    const s = solve(pr, Math.exp(mid), q, monitor, o.maxIterations - its, o.tolerance);
    its += s.it;
    if (best === null || Math.abs(s.point.distortion - target) < Math.abs(best.point.distortion - target)) best = { point: s.point, gap: s.gap };
    if (Math.abs(s.point.distortion - target) <= 1e-13 * Math.max(1, target) || hi - lo < 1e-15) break;
    if (s.point.distortion > target) lo = mid;
    else hi = mid;
  }
  const b = best as { point: Omit<RateDistortionPoint, 'convergence'>; gap: number };
  return scale(b.point, monitor.finish(its, b.gap));
}

/** Options of {@link rateDistortionCurve}. */
export interface RateDistortionCurveOptions extends IterativeOptions {
  /** The slopes β ≥ 0 to trace (default: 32 values from 0.01 to 100, log-spaced, divided by the mean distortion). */
  betas?: readonly number[];
  /** Logarithm base of the rates. */
  base?: number;
  /** `true`: the source weights are rescaled to a distribution. */
  normalize?: boolean;
}

/**
 * The rate–distortion curve: one {@link rateDistortion} point per slope β (ascending, each warm-started from the
 * previous), from (D_max, 0) towards (D_min, R(D_min)).
 *
 * Units: as {@link rateDistortion}. Cost: the sum of the points' costs.
 *
 * @param source - p(x)
 * @param distortion - d(x, x̂), |X| rows
 * @param options - `betas`, `tolerance`, `maxIterations` (per point), `strict`, `signal`, `onProgress`, `base`,
 *   `normalize`
 * @returns the points, in order of increasing β (decreasing distortion)
 * @throws InfometaError as {@link rateDistortion}; `INVALID_OPTION` for `betas` that is not an array of finite
 *   numbers ≥ 0
 * @example
 * ```ts
 * import { rateDistortionCurve } from 'infometa';
 * const curve = rateDistortionCurve([0.5, 0.5], [[0, 1], [1, 0]], { betas: [0.5, 1, 2, 4], base: 2 });
 * // Fair bit, Hamming distortion: R(D) = 1 − H(D) with D = 1 / (1 + e^β).
 * console.log(curve.map((pt) => pt.distortion.toFixed(3)), curve.map((pt) => pt.rate.toFixed(3))); // [ '0.378', '0.269', '0.119', '0.018' ] [ '0.044', '0.160', '0.473', '0.870' ]
 * ```
 */
export function rateDistortionCurve(source: Float64Array | readonly number[], distortion: Table2D | Table, options?: RateDistortionCurveOptions): RateDistortionPoint[] {
  const fn = 'rateDistortionCurve';
  checkOptions(fn, options, RD_CURVE_OPTIONS);
  const o = parseIterative(fn, options, 1e-12, 100000);
  const pr = prepare(fn, source, distortion, options);
  let betas: number[];
  if (options?.betas === undefined) {
    let mean = 0;
    for (let i = 0; i < pr.d.length; i++) mean += pr.d[i];
    mean = mean / pr.d.length || 1;
    // Clamped to finite slopes: a (sub)normal mean distortion near 0 would put 1/mean beyond the doubles.
    betas = Array.from({ length: 32 }, (_, i) => Math.min(1e300, Math.pow(10, -2 + (4 * i) / 31) / mean));
  } else {
    if (!Array.isArray(options.betas)) fail('INVALID_OPTION', fn, `betas must be an array of numbers ≥ 0 (got ${fmt(options.betas)})`);
    betas = options.betas.map((b, i) => {
      if (typeof b !== 'number' || !Number.isFinite(b) || b < 0) fail('INVALID_OPTION', fn, `betas[${i}] must be a finite number ≥ 0 (got ${fmt(b)})`);
      return b;
    });
    betas.sort((a, b) => a - b);
  }
  const q = new Float64Array(pr.Xh).fill(1 / pr.Xh);
  return betas.map((beta) => {
    const monitor = new IterationMonitor(fn, o, 'rate − Blahut lower bound, nats');
    if (beta === 0) return zeroRate(pr, monitor.finish(0, 0));
    const s = solve(pr, beta, q, monitor, o.maxIterations, o.tolerance);
    return { ...s.point, rate: s.point.rate / pr.lnb, lowerBound: s.point.lowerBound / pr.lnb, convergence: monitor.finish(s.it, s.gap) };
  });
}
