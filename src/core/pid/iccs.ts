// I_ccs, the redundancy of Ince (2017), as dit computes it: the maximum-entropy distribution q that keeps the joint
// distribution of the sources and each source–target pair, then the q-average of the local co-information c(e) over
// the events whose local source–target informations i(aᵢ; t) and i(a₁…a_m; t) all have the sign of c(e).
// The maximum-entropy distribution is the log-linear one q(x) ∝ exp(Σ_c λ_c(x_c)) whose marginals match; it is
// fitted by Newton's method on the convex dual log Z(λ) − Σ λ·P, with the cells that a zero target marginal rules out
// removed first. Newton rather than iterative proportional fitting: when the constraints force a cell to 0 without a
// zero marginal saying so (AND: q(1,1,0)), IPF approaches it like 1/k, Newton geometrically. Internal.
import { checkAborted } from '../../internal/validate.js';
import { marginal, miLastAxis, type Dense } from './dist.js';
import { solveSpd } from '../../internal/spd.js';

/** What one I_ccs evaluation reports. */
export interface CcsResult {
  /** I_ccs in nats. */
  value: number;
  /** Newton steps used by the maximum-entropy fit. */
  iterations: number;
  /** Largest deviation of a fitted marginal from its target at the end (the tolerance reached). */
  achieved: number;
}

/** Local values closer to 0 than this (nats) count as 0 when comparing signs (dit: np.isclose). */
const SIGN_TOL = 1e-9;
const sign = (v: number): number => (v > SIGN_TOL ? 1 : v < -SIGN_TOL ? -1 : 0);

/** For each cell of `shape`, its index in the marginal over the axes `keep`. */
function indexMap(shape: readonly number[], keep: readonly number[]): Int32Array {
  let size = 1;
  for (const k of shape) size *= k;
  const out = new Int32Array(size);
  const d = shape.length;
  const idx = new Int32Array(d);
  for (let i = 0; i < size; i++) {
    let o = 0;
    for (const a of keep) o = o * shape[a] + idx[a];
    out[i] = o;
    for (let j = d - 1; j >= 0; j--) {
      if (++idx[j] < shape[j]) break;
      idx[j] = 0;
    }
  }
  return out;
}

/** The maximum-entropy fit: q over the cells of `t`'s shape, with the marginals `targets` on the axes `constraints`. */
function maxEnt(
  shape: readonly number[],
  constraints: readonly (readonly number[])[],
  targets: readonly Float64Array[],
  tolerance: number,
  maxIterations: number,
  signal: AbortSignal | undefined,
  fn: string,
): { q: Float64Array; iterations: number; achieved: number } {
  let size = 1;
  for (const k of shape) size *= k;
  const maps = constraints.map((keep) => indexMap(shape, keep));
  // One feature per constraint cell with positive target; the cells every constraint allows.
  const featOf = targets.map((tc) => {
    const f = new Int32Array(tc.length).fill(-1);
    return f;
  });
  let F = 0;
  targets.forEach((tc, c) => {
    for (let j = 0; j < tc.length; j++) if (tc[j] > 0) featOf[c][j] = F++;
  });
  const target = new Float64Array(F);
  targets.forEach((tc, c) => {
    for (let j = 0; j < tc.length; j++) if (featOf[c][j] >= 0) target[featOf[c][j]] = tc[j];
  });
  const C = constraints.length;
  const cells: number[] = [];
  for (let x = 0; x < size; x++) {
    let ok = true;
    for (let c = 0; c < C && ok; c++) ok = featOf[c][maps[c][x]] >= 0;
    if (ok) cells.push(x);
  }
  const X = cells.length;
  const feats = new Int32Array(X * C);
  for (let i = 0; i < X; i++) for (let c = 0; c < C; c++) feats[i * C + c] = featOf[c][maps[c][cells[i]]];
  const lambda = new Float64Array(F);
  const theta = new Float64Array(X);
  const qx = new Float64Array(X);
  const qf = new Float64Array(F);
  const grad = new Float64Array(F);
  const H = new Float64Array(F * F);
  // The dual L(λ) = log Σ_x exp θ(x) − λ·P and q = softmax θ at λ.
  const evaluate = (lam: Float64Array): number => {
    let mx = -Infinity;
    for (let i = 0; i < X; i++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += lam[feats[i * C + c]];
      theta[i] = s;
      if (s > mx) mx = s;
    }
    let z = 0;
    for (let i = 0; i < X; i++) z += Math.exp(theta[i] - mx);
    for (let i = 0; i < X; i++) qx[i] = Math.exp(theta[i] - mx) / z;
    let dot = 0;
    for (let f = 0; f < F; f++) dot += lam[f] * target[f];
    return mx + Math.log(z) - dot;
  };
  let L = evaluate(lambda);
  let it = 0;
  let achieved = Infinity;
  const trial = new Float64Array(F);
  for (;;) {
    qf.fill(0);
    for (let i = 0; i < X; i++) for (let c = 0; c < C; c++) qf[feats[i * C + c]] += qx[i];
    achieved = 0;
    for (let f = 0; f < F; f++) {
      grad[f] = qf[f] - target[f];
      achieved = Math.max(achieved, Math.abs(grad[f]));
    }
    if (achieved <= tolerance || it >= maxIterations) break;
    if ((it & 15) === 0) checkAborted(fn, signal);
    it++;
    // Hessian: the covariance of the features under q.
    H.fill(0);
    for (let i = 0; i < X; i++) {
      const w = qx[i];
      for (let a = 0; a < C; a++) {
        const fa = feats[i * C + a];
        for (let b = 0; b < C; b++) H[fa * F + feats[i * C + b]] += w;
      }
    }
    for (let a = 0; a < F; a++) for (let b = 0; b < F; b++) H[a * F + b] -= qf[a] * qf[b];
    // The features are redundant (the constraints share lower marginals): a small ridge keeps H invertible.
    for (let a = 0; a < F; a++) H[a * F + a] += 1e-12;
    const step = new Float64Array(F);
    for (let f = 0; f < F; f++) step[f] = -grad[f];
    solveSpd(H, step, F);
    let slope = 0;
    for (let f = 0; f < F; f++) slope += grad[f] * step[f];
    // Backtracking (Armijo) on the dual, which stays O(1) in size.
    let s = 1;
    let accepted = false;
    for (let k = 0; k < 40; k++) {
      for (let f = 0; f < F; f++) trial[f] = lambda[f] + s * step[f];
      const Lt = evaluate(trial);
      // Armijo, or (near the optimum, where the decrease is below the rounding of L) no increase beyond rounding.
      if (Lt <= L + 1e-4 * s * slope || Lt <= L + 4 * Number.EPSILON * (1 + Math.abs(L))) {
        lambda.set(trial);
        L = Lt;
        accepted = true;
        break;
      }
      s *= 0.5;
    }
    if (!accepted) {
      evaluate(lambda);
      break;
    }
  }
  const q = new Float64Array(size);
  for (let i = 0; i < X; i++) q[cells[i]] = qx[i];
  return { q, iterations: it, achieved };
}

/**
 * I_ccs (nats) of the coalesced table with axes (A₁, …, A_m, T). `tolerance` bounds the marginal error of the
 * maximum-entropy fit; at most `maxIterations` Newton steps.
 */
export function iCcs(t: Dense, tolerance: number, maxIterations: number, signal: AbortSignal | undefined, fn: string): CcsResult {
  const m = t.shape.length - 1;
  if (m === 1) return { value: miLastAxis(t), iterations: 0, achieved: 0 };
  const size = t.data.length;
  const all = Array.from({ length: m }, (_, i) => i);
  // The constraints: the sources jointly, and each source with the target.
  const constraints = [all, ...all.map((i) => [i, m])];
  const targets = constraints.map((keep) => marginal(t, keep).data);
  const { q, iterations: it, achieved } = maxEnt(t.shape, constraints, targets, tolerance, maxIterations, signal, fn);
  const qd: Dense = { data: q, shape: t.shape };
  // Log-marginals of every non-empty subset of the m + 1 variables, looked up per cell.
  const vars = m + 1;
  const logOf = (keep: number[]): Float64Array => {
    const mar = marginal(qd, keep).data;
    const map = indexMap(t.shape, keep);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = Math.log(mar[map[i]]);
    return out;
  };
  const coinfo = new Float64Array(size);
  const logs = new Map<string, Float64Array>();
  for (let mask = 1; mask < 1 << vars; mask++) {
    const keep: number[] = [];
    for (let v = 0; v < vars; v++) if ((mask >> v) & 1) keep.push(v);
    const l = logOf(keep);
    logs.set(keep.join(','), l);
    const s = keep.length % 2 === 0 ? 1 : -1;
    for (let i = 0; i < size; i++) if (q[i] > 0) coinfo[i] += s * l[i];
  }
  const lt = logs.get(String(m)) as Float64Array;
  const la = logs.get(all.join(',')) as Float64Array;
  const lat = logs.get([...all, m].join(',')) as Float64Array;
  let value = 0;
  for (let i = 0; i < size; i++) {
    if (!(q[i] > 0)) continue;
    const c = sign(coinfo[i]);
    if (c !== sign(lat[i] - la[i] - lt[i])) continue;
    let agree = true;
    for (let s = 0; s < m && agree; s++) {
      const l2 = logs.get(`${s},${m}`) as Float64Array;
      const l1 = logs.get(String(s)) as Float64Array;
      agree = sign(l2[i] - l1[i] - lt[i]) === c;
    }
    if (agree) value += q[i] * coinfo[i];
  }
  return { value, iterations: it, achieved };
}
