// The information bottleneck (Tishby, Pereira & Bialek 1999) by its self-consistent iterations: a stochastic encoder
// q(t|x) that trades complexity I(X;T) against relevance I(T;Y), for one β or along a curve of β.
import { fail, fmt } from '../internal/errors.js';
import { IterationMonitor, ITERATIVE_OPTIONS, parseIterative, type ConvergenceReport, type IterativeOptions } from '../internal/iterative.js';
import { checkSeed, createRng, type Rng } from '../internal/rng.js';
import { checkInteger, checkOptions, logBase } from '../internal/validate.js';
import { checkDistribution } from '../core/distribution.js';
import type { Table, Table2D } from '../core/table.js';
import { toMatrix } from './channel.js';

/** Options of {@link informationBottleneck}. */
export interface BottleneckOptions extends IterativeOptions {
  /** The trade-off β ≥ 0: the encoder minimizes I(X;T) − β I(T;Y). Required. */
  beta: number;
  /** Number of clusters |T| (an integer ≥ 1). Default |X|. */
  cardinality?: number;
  /** Seed of the random initial encoder (see `createRng`), an integer. Default 0. */
  seed?: number;
  /** Logarithm base of I(X;T) and I(T;Y): `Math.E` (default, nats), 2 (bits), …. */
  base?: number;
  /** `true`: the joint weights are rescaled to a distribution. Default `false`. */
  normalize?: boolean;
}

/** A solution of the information bottleneck. */
export interface BottleneckResult {
  /** The β it was solved for. */
  beta: number;
  /** The complexity I(X;T). */
  complexity: number;
  /** The relevance I(T;Y) (≤ I(X;Y), ≤ I(X;T)). */
  relevance: number;
  /** The IB Lagrangian I(X;T) − β I(T;Y) (in the same unit). */
  lagrangian: number;
  /** The encoder q(t | x), row-major |X| × |T|. */
  encoder: Float64Array;
  /** The cluster distribution q(t). */
  clusters: Float64Array;
  /** The decoder q(y | t), row-major |T| × |Y| (rows of unused clusters are the marginal p(y)). */
  decoder: Float64Array;
  /** How it ended: `achieved` = the largest change of q(t|x) in the last iteration. */
  convergence: ConvergenceReport;
}

interface Joint {
  pxy: Float64Array;
  X: number;
  Y: number;
  px: Float64Array;
  py: Float64Array;
  /** p(y|x), row-major. */
  pyx: Float64Array;
  /** −H(Y | X = x). */
  negH: Float64Array;
}

function prepareJoint(fn: string, pxy: unknown, normalize: boolean): Joint {
  const m = toMatrix(fn, 'pxy', pxy);
  const { data, a } = checkDistribution(fn, 'pxy', m.data, normalize);
  const X = m.rows;
  const Y = m.cols;
  const p = Float64Array.from(data, (v) => v * a);
  const px = new Float64Array(X);
  const py = new Float64Array(Y);
  for (let x = 0; x < X; x++) {
    for (let y = 0; y < Y; y++) {
      px[x] += p[x * Y + y];
      py[y] += p[x * Y + y];
    }
  }
  const pyx = new Float64Array(X * Y);
  const negH = new Float64Array(X);
  for (let x = 0; x < X; x++) {
    for (let y = 0; y < Y; y++) {
      const v = px[x] > 0 ? p[x * Y + y] / px[x] : 0;
      pyx[x * Y + y] = v;
      if (v > 0) negH[x] += v * Math.log(v);
    }
  }
  return { pxy: p, X, Y, px, py, pyx, negH };
}

/** I(X;T) and I(T;Y) in nats of an encoder, with q(t) and q(y|t) filled. */
function measures(j: Joint, enc: Float64Array, T: number, qt: Float64Array, qyt: Float64Array): { ixt: number; ity: number } {
  const { X, Y, px, py, pxy } = j;
  qt.fill(0);
  qyt.fill(0);
  for (let x = 0; x < X; x++) {
    for (let t = 0; t < T; t++) {
      const w = px[x] * enc[x * T + t];
      if (w === 0) continue;
      qt[t] += w;
      for (let y = 0; y < Y; y++) qyt[t * Y + y] += enc[x * T + t] * pxy[x * Y + y];
    }
  }
  for (let t = 0; t < T; t++) {
    for (let y = 0; y < Y; y++) qyt[t * Y + y] = qt[t] > 0 ? qyt[t * Y + y] / qt[t] : py[y];
  }
  let ixt = 0;
  for (let x = 0; x < X; x++) {
    for (let t = 0; t < T; t++) {
      const e = enc[x * T + t];
      if (e > 0 && px[x] > 0) ixt += px[x] * e * Math.log(e / qt[t]);
    }
  }
  let ity = 0;
  for (let t = 0; t < T; t++) {
    if (!(qt[t] > 0)) continue;
    for (let y = 0; y < Y; y++) {
      const v = qyt[t * Y + y];
      if (v > 0) ity += qt[t] * v * Math.log(v / py[y]);
    }
  }
  return { ixt: Math.max(0, ixt), ity: Math.max(0, ity) };
}

/** Self-consistent IB iterations from `enc` (updated in place). */
function iterate(j: Joint, beta: number, T: number, enc: Float64Array, monitor: IterationMonitor, maxIterations: number, tolerance: number): { it: number; change: number } {
  const { X, Y, pyx, negH } = j;
  const qt = new Float64Array(T);
  const qyt = new Float64Array(T * Y);
  const lq = new Float64Array(T * Y);
  const next = new Float64Array(X * T);
  const logit = new Float64Array(T);
  let it = 0;
  let change = Infinity;
  while (it < maxIterations) {
    measures(j, enc, T, qt, qyt);
    for (let i = 0; i < T * Y; i++) lq[i] = qyt[i] > 0 ? Math.log(qyt[i]) : -Infinity;
    change = 0;
    for (let x = 0; x < X; x++) {
      // q(t|x) ∝ q(t) exp(−β KL(p(y|x) ‖ q(y|t))), KL = −H(Y|x) − Σ_y p(y|x) ln q(y|t).
      let mx = -Infinity;
      for (let t = 0; t < T; t++) {
        if (!(qt[t] > 0)) {
          logit[t] = -Infinity;
          continue;
        }
        let cross = 0;
        let inf = false;
        for (let y = 0; y < Y; y++) {
          const v = pyx[x * Y + y];
          if (v > 0) {
            if (lq[t * Y + y] === -Infinity) inf = true;
            else cross += v * lq[t * Y + y];
          }
        }
        const kl = inf ? Infinity : negH[x] - cross;
        logit[t] = beta === 0 ? Math.log(qt[t]) : inf ? -Infinity : Math.log(qt[t]) - beta * kl;
        if (logit[t] > mx) mx = logit[t];
      }
      let z = 0;
      for (let t = 0; t < T; t++) {
        const e = logit[t] === -Infinity ? 0 : Math.exp(logit[t] - mx);
        next[x * T + t] = e;
        z += e;
      }
      for (let t = 0; t < T; t++) {
        const v = next[x * T + t] / z;
        next[x * T + t] = v;
        change = Math.max(change, Math.abs(v - enc[x * T + t]));
      }
    }
    enc.set(next);
    it++;
    if (change <= tolerance) break;
    monitor.step(it, change);
  }
  return { it, change };
}

function randomEncoder(X: number, T: number, rng: Rng): Float64Array {
  const enc = new Float64Array(X * T);
  for (let x = 0; x < X; x++) {
    let z = 0;
    for (let t = 0; t < T; t++) z += enc[x * T + t] = 0.5 + rng.next();
    for (let t = 0; t < T; t++) enc[x * T + t] /= z;
  }
  return enc;
}

function finish(j: Joint, beta: number, T: number, enc: Float64Array, lnb: number, convergence: ConvergenceReport): BottleneckResult {
  const qt = new Float64Array(T);
  const qyt = new Float64Array(T * j.Y);
  const { ixt, ity } = measures(j, enc, T, qt, qyt);
  return {
    beta,
    complexity: ixt / lnb,
    relevance: ity / lnb,
    lagrangian: (ixt - beta * ity) / lnb,
    encoder: Float64Array.from(enc),
    clusters: qt,
    decoder: qyt,
    convergence,
  };
}

const BOTTLENECK_OPTIONS: readonly string[] = ['beta', 'cardinality', 'seed', 'base', 'normalize', ...ITERATIVE_OPTIONS];
const BOTTLENECK_CURVE_OPTIONS: readonly string[] = ['betas', 'cardinality', 'seed', 'base', 'normalize', ...ITERATIVE_OPTIONS];

function common(fn: string, pxy: unknown, options: { cardinality?: number; seed?: number; base?: number; normalize?: boolean } | undefined) {
  const lnb = logBase(fn, options?.base);
  const normalize = options?.normalize;
  if (normalize !== undefined && typeof normalize !== 'boolean') fail('INVALID_OPTION', fn, `normalize must be a boolean (got ${fmt(normalize)})`);
  const j = prepareJoint(fn, pxy, normalize === true);
  const T = checkInteger(fn, 'cardinality', options?.cardinality, j.X, 1);
  const seed = checkSeed(fn, 'seed', options?.seed);
  return { lnb, j, T, seed };
}

function checkBeta(fn: string, beta: unknown, name = 'beta'): number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0) fail('INVALID_OPTION', fn, `${name} must be a finite number ≥ 0 (got ${fmt(beta)})`);
  return beta;
}

/**
 * The information bottleneck: a stochastic encoder q(t|x) of X into |T| clusters that keeps what X says about Y,
 * minimizing the Lagrangian I(X;T) − β I(T;Y) for a joint distribution p(x, y), by the self-consistent equations
 * q(t|x) ∝ q(t) exp(−β D(p(y|x) ‖ q(y|t))), q(t) = Σ_x p(x) q(t|x), q(y|t) = Σ_x p(y|x) q(x|t), iterated from a seeded
 * random encoder until the encoder changes by less than `tolerance`. The problem is not convex: the result is a
 * stationary point (compare seeds, or follow the curve with {@link informationBottleneckCurve}). At β = 0 the encoder
 * ignores x: complexity and relevance are 0.
 *
 * Units: nats unless `base` says otherwise. Cost: O(|X|·|T|·|Y|) per iteration.
 *
 * @param pxy - the joint distribution p(x, y), X on rows (rows as `number[][]`, a Matrix, or a 2-D Table)
 * @param options - `beta` (required, ≥ 0), `cardinality` (default |X|), `seed`, `tolerance` (default 1e-10),
 *   `maxIterations` (default 10000), `strict`, `signal`, `onProgress`, `base`, `normalize`
 * @returns `{ beta, complexity, relevance, lagrangian, encoder, clusters, decoder, convergence }`
 * @throws InfometaError `INVALID_OPTION` for β < 0, NaN, infinite or missing, a cardinality that is not an integer
 *   ≥ 1, a bad seed, tolerance, maxIterations, base, signal or onProgress; `INVALID_DISTRIBUTION` for a table that
 *   does not sum to 1 (unless `normalize`); `NOT_CONVERGED` (unless `strict: false`); `ABORTED`
 * @example
 * ```ts
 * import { informationBottleneck } from 'infometa';
 * // X uniform on 4 symbols; Y = X mod 2 (so pairs of X are interchangeable for predicting Y).
 * const pxy = [[0.25, 0], [0, 0.25], [0.25, 0], [0, 0.25]];
 * const ib = informationBottleneck(pxy, { beta: 20, cardinality: 2, base: 2 });
 * console.log(ib.complexity.toFixed(4), ib.relevance.toFixed(4)); // 1.0000 1.0000
 * console.log(informationBottleneck(pxy, { beta: 0, base: 2 }).relevance); // 0
 * ```
 */
export function informationBottleneck(pxy: Table2D | Table, options: BottleneckOptions): BottleneckResult {
  const fn = 'informationBottleneck';
  checkOptions(fn, options, BOTTLENECK_OPTIONS);
  if (options === undefined) fail('INVALID_ARGUMENT', fn, 'options with beta are required');
  const beta = checkBeta(fn, options.beta);
  const o = parseIterative(fn, options, 1e-10, 10000);
  const { lnb, j, T, seed } = common(fn, pxy, options);
  const monitor = new IterationMonitor(fn, o, 'largest change of the encoder q(t|x) in the last iteration');
  const enc = randomEncoder(j.X, T, createRng(seed));
  const r = iterate(j, beta, T, enc, monitor, o.maxIterations, o.tolerance);
  return finish(j, beta, T, enc, lnb, monitor.finish(r.it, r.change));
}

/** Options of {@link informationBottleneckCurve}. */
export interface BottleneckCurveOptions extends IterativeOptions {
  /** The β values (default: 24 values from 0.1 to 100, log-spaced); solved in increasing order. */
  betas?: readonly number[];
  /** Number of clusters |T|. Default |X|. */
  cardinality?: number;
  /** Seed of the initial encoder and of the perturbation that restarts each β, an integer. Default 0. */
  seed?: number;
  /** Logarithm base. */
  base?: number;
  /** `true`: the joint weights are rescaled to a distribution. */
  normalize?: boolean;
}

/**
 * The information-bottleneck curve: relevance I(T;Y) against complexity I(X;T) over increasing β, each point
 * warm-started from the previous encoder with a small seeded perturbation (the encoder that ignores x is a fixed
 * point for every β, so an unperturbed warm start would never leave it). Each point is kept only if it beats a fresh
 * random start on the Lagrangian.
 *
 * Units: as {@link informationBottleneck}. Cost: about twice the sum of the points' costs.
 *
 * @param pxy - the joint distribution p(x, y), X on rows
 * @param options - `betas`, `cardinality`, `seed`, `tolerance`, `maxIterations` (per point), `strict`, `signal`,
 *   `onProgress`, `base`, `normalize`
 * @returns one {@link BottleneckResult} per β, in increasing β
 * @throws InfometaError as {@link informationBottleneck}; `INVALID_OPTION` for betas that are not finite numbers ≥ 0
 * @example
 * ```ts
 * import { informationBottleneckCurve } from 'infometa';
 * const pxy = [[0.3, 0.05], [0.05, 0.3], [0.15, 0.15]];
 * const curve = informationBottleneckCurve(pxy, { betas: [0.5, 2, 8, 32], base: 2 });
 * console.log(curve.every((pt, i) => i === 0 || pt.relevance >= curve[i - 1].relevance - 1e-9)); // true
 * ```
 */
export function informationBottleneckCurve(pxy: Table2D | Table, options?: BottleneckCurveOptions): BottleneckResult[] {
  const fn = 'informationBottleneckCurve';
  checkOptions(fn, options, BOTTLENECK_CURVE_OPTIONS);
  const o = parseIterative(fn, options, 1e-10, 10000);
  const { lnb, j, T, seed } = common(fn, pxy, options);
  let betas: number[];
  if (options?.betas === undefined) betas = Array.from({ length: 24 }, (_, i) => Math.pow(10, -1 + (3 * i) / 23));
  else {
    if (!Array.isArray(options.betas)) fail('INVALID_OPTION', fn, `betas must be an array of numbers ≥ 0 (got ${fmt(options.betas)})`);
    betas = options.betas.map((b, i) => checkBeta(fn, b, `betas[${i}]`)).sort((a, b) => a - b);
  }
  const rng = createRng(seed);
  let enc = randomEncoder(j.X, T, rng);
  const out: BottleneckResult[] = [];
  for (const beta of betas) {
    const monitor = new IterationMonitor(fn, o, 'largest change of the encoder q(t|x) in the last iteration');
    // Warm start, perturbed.
    const warm = Float64Array.from(enc);
    for (let x = 0; x < j.X; x++) {
      let z = 0;
      for (let t = 0; t < T; t++) z += warm[x * T + t] *= 1 + 0.05 * (rng.next() - 0.5);
      for (let t = 0; t < T; t++) warm[x * T + t] /= z;
    }
    const fresh = randomEncoder(j.X, T, rng);
    const rw = iterate(j, beta, T, warm, monitor, o.maxIterations, o.tolerance);
    const rf = iterate(j, beta, T, fresh, monitor, o.maxIterations, o.tolerance);
    const lw = finish(j, beta, T, warm, 1, { converged: true, iterations: 0, tolerance: 0, achieved: 0, criterion: '' }).lagrangian;
    const lf = finish(j, beta, T, fresh, 1, { converged: true, iterations: 0, tolerance: 0, achieved: 0, criterion: '' }).lagrangian;
    const useWarm = lw <= lf + 1e-12;
    enc = useWarm ? warm : fresh;
    const r = useWarm ? rw : rf;
    out.push(finish(j, beta, T, enc, lnb, monitor.finish(rw.it + rf.it, r.change)));
  }
  return out;
}
