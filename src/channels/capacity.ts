// Channel capacity C = max_p I(X;Y) of a discrete memoryless channel by the Blahut–Arimoto algorithm, polished by
// Newton's method on the support it finds, with the certified bounds that decide when to stop.
import { IterationMonitor, ITERATIVE_OPTIONS, parseIterative, type ConvergenceReport, type IterativeOptions } from '../internal/iterative.js';
import { solveSpd } from '../internal/spd.js';
import { checkBoolean, checkOptions, logBase } from '../internal/validate.js';
import type { Table, Table2D } from '../core/table.js';
import { toChannel } from './channel.js';

/** Options of {@link channelCapacity}. */
export interface CapacityOptions extends IterativeOptions {
  /** Logarithm base of the capacity and bounds: `Math.E` (default, nats), 2 (bits), …. */
  base?: number;
  /** `true`: each row of non-negative weights is rescaled to a distribution. Default `false`. */
  normalize?: boolean;
}

const CAPACITY_OPTIONS: readonly string[] = ['base', 'normalize', ...ITERATIVE_OPTIONS];

/** Result of {@link channelCapacity}. */
export interface CapacityResult {
  /** The capacity: the mutual information of the returned input, a lower bound within `convergence.achieved`. */
  capacity: number;
  /** A capacity-achieving input distribution p(x). */
  input: Float64Array;
  /** The output distribution q(y) it induces (unique for every capacity-achieving input). */
  output: Float64Array;
  /** Certified lower bound I(p; W) on C. */
  lowerBound: number;
  /** Certified upper bound max_x D(W(·|x) ‖ q) on C. */
  upperBound: number;
  /** How it ended: `achieved` = upperBound − lowerBound in nats. */
  convergence: ConvergenceReport;
}

/** Largest candidate set handed to Newton's method (its step costs s²·|Y| + s³). */
const MAX_POLISH = 400;

/** The state of an input distribution: q = pW, D_x = D(W_x ‖ q), I = Σ p D (lower bound), max D (upper bound). */
interface Evaluation {
  lower: number;
  upper: number;
}

/**
 * Capacity C = max_p I(X;Y) of a discrete memoryless channel W[x][y] = p(y | x) (Blahut 1972, Arimoto 1972), with the
 * input distribution that achieves it.
 *
 * Blahut–Arimoto iterations p(x) ← p(x) exp D(W(·|x) ‖ q) / Z, q = pW, bracket the capacity at every step between
 * I(p; W) and max_x D(W(·|x) ‖ q) (the KKT conditions), and stop when the bracket is narrower than `tolerance`. Plain
 * Blahut–Arimoto closes the bracket slowly (sub-linearly) when many inputs have optimal probability 0, so every few
 * dozen iterations the inputs that still carry mass are handed to Newton's method on the simplex (the Hessian of I is
 * −W diag(1/q) Wᵀ), with an active set for the inputs that leave the support and the KKT check against every input;
 * the bracket, not the method, certifies the result.
 *
 * Units: nats unless `base` says otherwise. Cost: O(|X|·|Y|) per iteration plus O(s²·|Y| + s³) per Newton step on a
 * support of s inputs; memory O(|X|·|Y| + s²).
 *
 * @param channel - the channel matrix, one row per input x (a distribution over outputs): rows as `number[][]`, an
 *   ml-matrix `Matrix`, or a 2-D {@link Table}
 * @param options - `tolerance` (on upper − lower bound, nats; default 1e-12), `maxIterations` (default 100000),
 *   `strict`, `signal`, `onProgress`, `base`, `normalize`
 * @returns `{ capacity, input, output, lowerBound, upperBound, convergence }`
 * @throws InfometaError `INVALID_DISTRIBUTION` for a row that is not a distribution (unless `normalize`) or negative
 *   entries; `SHAPE_MISMATCH` for ragged rows; `NON_FINITE`; `EMPTY_INPUT`; `INVALID_OPTION` for a bad tolerance,
 *   maxIterations, base, signal or onProgress; `NOT_CONVERGED` when the bracket is still wider than `tolerance` after
 *   `maxIterations` (unless `strict: false`); `ABORTED` when the signal fires
 * @example
 * ```ts
 * import { channelCapacity } from 'infometa';
 * // Binary symmetric channel with crossover 0.1: C = 1 − H₂(0.1) = 0.531 bits, uniform input.
 * const bsc = channelCapacity([[0.9, 0.1], [0.1, 0.9]], { base: 2 });
 * console.log(bsc.capacity.toFixed(6), Array.from(bsc.input)); // 0.531004 [ 0.5, 0.5 ]
 * // Binary erasure channel with erasure 0.25 (outputs 0, e, 1): C = 1 − 0.25.
 * console.log(channelCapacity([[0.75, 0.25, 0], [0, 0.25, 0.75]], { base: 2 }).capacity.toFixed(6)); // 0.750000
 * ```
 */
export function channelCapacity(channel: Table2D | Table, options?: CapacityOptions): CapacityResult {
  const fn = 'channelCapacity';
  checkOptions(fn, options, CAPACITY_OPTIONS);
  const lnb = logBase(fn, options?.base);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const o = parseIterative(fn, options, 1e-12, 100000);
  const { data: W, rows: X, cols: Y } = toChannel(fn, 'channel', channel, normalize);
  const monitor = new IterationMonitor(fn, o, 'upper − lower bound on the capacity, nats');

  // Σ_y W ln W per input, once.
  const c0 = new Float64Array(X);
  for (let x = 0; x < X; x++) {
    let s = 0;
    const r = x * Y;
    for (let y = 0; y < Y; y++) {
      const w = W[r + y];
      if (w > 0) s += w * Math.log(w);
    }
    c0[x] = s;
  }
  const p = new Float64Array(X).fill(1 / X);
  const q = new Float64Array(Y);
  const lq = new Float64Array(Y);
  const D = new Float64Array(X);

  /** q = pW (over the inputs with mass, or `only`), D for every input (or `only`), and the bracket. */
  const evaluate = (only?: Int32Array): Evaluation => {
    q.fill(0);
    for (let x = 0; x < X; x++) {
      const px = p[x];
      if (px === 0) continue;
      const r = x * Y;
      for (let y = 0; y < Y; y++) q[y] += px * W[r + y];
    }
    for (let y = 0; y < Y; y++) lq[y] = q[y] > 0 ? Math.log(q[y]) : 0;
    let lower = 0;
    let upper = -Infinity;
    const n = only ? only.length : X;
    for (let i = 0; i < n; i++) {
      const x = only ? only[i] : i;
      const r = x * Y;
      let s = 0;
      let outside = false;
      for (let y = 0; y < Y; y++) {
        const w = W[r + y];
        if (w > 0) {
          if (q[y] > 0) s += w * lq[y];
          else outside = true;
        }
      }
      // An input reaching an output no used input reaches is worth infinitely much: it must get mass.
      D[x] = outside ? Infinity : c0[x] - s;
      lower += p[x] * (outside ? 0 : D[x]);
      if (D[x] > upper) upper = D[x];
    }
    return { lower: Math.max(0, lower), upper };
  };

  let it = 0;
  let ev = evaluate();
  let gap = ev.upper - ev.lower;
  let sinceNewton = 0;
  let polished = false;
  // Blahut–Arimoto iterations between polishes, and how far below the top of the bracket a candidate's D may lie
  // (in units of the bracket): both widen after a polish that does not help.
  let interval = 20;
  let kappa = 0.25;
  const saved = new Float64Array(X);
  while (gap > o.tolerance && it < o.maxIterations) {
    monitor.step(it, gap);
    if (Number.isFinite(gap) && (sinceNewton >= interval || polished)) {
      // Candidates: after Blahut–Arimoto, the inputs whose D is at least lower + κ (upper − lower) (inputs of
      // optimal mass have D = C ≥ lower); after a polish, its support and every input that violates D ≤ I.
      const S: number[] = [];
      for (let x = 0; x < X; x++) {
        if (polished ? p[x] > 0 || D[x] > ev.lower : D[x] >= ev.lower + kappa * (ev.upper - ev.lower)) S.push(x);
      }
      sinceNewton = 0;
      if (S.length <= MAX_POLISH) {
        const before = gap;
        saved.set(p);
        it += Math.max(1, newtonPolish(W, Y, c0, p, Int32Array.from(S), o.maxIterations - it));
        ev = evaluate();
        gap = ev.upper - ev.lower;
        // Polish again, from the new support plus the inputs that violate the KKT condition, while that narrows the
        // bracket; otherwise back to the iterate from before this polish, with every input given a trace of mass (the
        // multiplicative update cannot revive an input at 0), polishing less often.
        polished = gap < before;
        if (!polished && gap > o.tolerance) {
          for (let x = 0; x < X; x++) p[x] = saved[x] * (1 - 1e-9) + 1e-9 / X;
          ev = evaluate();
          gap = ev.upper - ev.lower;
          // Retry soon with more candidates; once they include inputs far below the mean, polish less often.
          kappa -= 0.5;
          if (kappa >= -1.25) interval = Math.max(5, interval);
          else interval *= 2;
        }
        continue;
      }
      polished = false;
      interval *= 2;
      kappa = Math.min(kappa + 0.25, 0.25);
    }
    // Blahut–Arimoto step: p(x) ← p(x) exp(D_x − max D) / Z (an input reaching an output no used input reaches has
    // D = ∞ and gets mass back).
    const mx = ev.upper;
    let z = 0;
    for (let x = 0; x < X; x++) {
      if (D[x] === Infinity) p[x] = Math.max(p[x], 1 / X);
      else if (mx !== Infinity) p[x] *= Math.exp(D[x] - mx);
      z += p[x];
    }
    for (let x = 0; x < X; x++) p[x] /= z;
    it++;
    sinceNewton++;
    ev = evaluate();
    gap = ev.upper - ev.lower;
  }
  const convergence = monitor.finish(it, gap);
  return {
    capacity: ev.lower / lnb,
    input: Float64Array.from(p),
    output: Float64Array.from(q),
    lowerBound: ev.lower / lnb,
    upperBound: ev.upper / lnb,
    convergence,
  };
}

/**
 * Projected Newton (Bertsekas 1982) for max I(p) over the simplex restricted to the candidate inputs S. Each step
 * fixes at 0 the candidates that sit at 0 with a gradient below the multiplier, takes the Newton direction on the
 * others under Σ d = 0 (the Hessian of I is −W diag(1/q) Wᵀ), and moves along the projection p ← max(0, p + t d) / Σ,
 * halving t until I increases. Works in place on p (0 outside S); returns the Newton steps used.
 */
function newtonPolish(W: Float64Array, Y: number, c0: Float64Array, p: Float64Array, S: Int32Array, budget: number): number {
  const n = S.length;
  const sp = new Float64Array(n);
  let tot0 = 0;
  S.forEach((x, i) => (tot0 += sp[i] = p[x]));
  if (!(tot0 > 0)) return 0;
  for (let i = 0; i < n; i++) sp[i] /= tot0;
  const q = new Float64Array(Y);
  const rq = new Float64Array(Y);
  const g = new Float64Array(n);
  /** q and g = D(W_x ‖ q) for the candidates at sp (normalized); returns I = Σ sp g. */
  const state = (v: Float64Array): number => {
    q.fill(0);
    for (let i = 0; i < n; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      const r = S[i] * Y;
      for (let y = 0; y < Y; y++) q[y] += vi * W[r + y];
    }
    for (let y = 0; y < Y; y++) rq[y] = q[y] > 0 ? Math.log(q[y]) : -Infinity;
    let I = 0;
    for (let i = 0; i < n; i++) {
      const r = S[i] * Y;
      let acc = 0;
      for (let y = 0; y < Y; y++) {
        const w = W[r + y];
        if (w > 0) acc += w * rq[y];
      }
      g[i] = c0[S[i]] - acc;
      if (v[i] > 0) I += v[i] * g[i];
    }
    return I;
  };
  let I = state(sp);
  const trial = new Float64Array(n);
  let steps = 0;
  for (; steps < Math.min(50, budget); steps++) {
    // Free inputs: mass, or at 0 with a gradient above the multiplier (they would enter).
    const F: number[] = [];
    for (let i = 0; i < n; i++) if (sp[i] > 0 || g[i] > I) F.push(i);
    const f = F.length;
    for (let y = 0; y < Y; y++) rq[y] = q[y] > 0 ? 1 / q[y] : 0;
    const M = new Float64Array(f * f);
    for (let a = 0; a < f; a++) {
      const ra = S[F[a]] * Y;
      for (let b = a; b < f; b++) {
        const rb = S[F[b]] * Y;
        let acc = 0;
        for (let y = 0; y < Y; y++) acc += W[ra + y] * W[rb + y] * rq[y];
        M[a * f + b] = acc;
        M[b * f + a] = acc;
      }
    }
    const ga = new Float64Array(f);
    F.forEach((i, a) => (ga[a] = g[i]));
    const u = ga.slice();
    solveSpd(M, u, f);
    const w = new Float64Array(f).fill(1);
    solveSpd(M, w, f);
    let su = 0;
    let sw = 0;
    for (let a = 0; a < f; a++) {
      su += u[a];
      sw += w[a];
    }
    const nu = sw !== 0 ? su / sw : 0;
    let dec = 0;
    const d = new Float64Array(f);
    for (let a = 0; a < f; a++) {
      d[a] = u[a] - nu * w[a];
      dec += d[a] * ga[a];
    }
    if (!(dec > 1e-18)) break;
    let t = 1;
    let improved = false;
    for (let k = 0; k < 30; k++) {
      trial.set(sp);
      let tot = 0;
      for (let a = 0; a < f; a++) trial[F[a]] = Math.max(0, sp[F[a]] + t * d[a]);
      for (let i = 0; i < n; i++) tot += trial[i];
      for (let i = 0; i < n; i++) trial[i] /= tot;
      const It = state(trial);
      if (It > I) {
        sp.set(trial);
        I = It;
        improved = true;
        break;
      }
      t *= 0.5;
    }
    if (!improved) {
      state(sp);
      break;
    }
  }
  p.fill(0);
  for (let i = 0; i < n; i++) p[S[i]] = sp[i];
  return steps;
}
