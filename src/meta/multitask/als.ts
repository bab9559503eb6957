// Alternating least squares for the multi-task engine (linear trunk, regression tasks): head steps (ridge or lasso in
// Gram form) and shared steps until the objective stalls, the GO-MTL initialisation, and storing the fitted map and
// heads into the engine.
import { fail, fmt } from '../../internal/errors.js';
import { createRng } from '../../internal/rng.js';
import { checkAborted } from '../../internal/validate.js';
import type { PreparedTask } from './data.js';
import type { Engine, HeadInfo, MultiTaskFitOptions, MultiTaskFitResult } from './engine.js';
import { congruence, gramStats, lassoCd, lassoFista, ridgeGram, sharedStep, tmatvec, topLeftSingular } from './linalg.js';
import type { GramStats } from './linalg.js';

/** Fits the shared map and every head by ALS from the GO-MTL initialisation, and stores them into `e`. */
export function fitAls(e: Engine, fn: string, tasks: PreparedTask[], seed: number, options: MultiTaskFitOptions | undefined): MultiTaskFitResult {
  const d = e.d, r = e.cfg.width, T = tasks.length;
  const stats = tasks.map((t) => gramStats(t.n, d, t.X, t.y));
  const w = Float64Array.from(tasks, (t) => t.weight / t.n);
  // Initialisation: top-r left singular vectors of the single-task ridge weights (GO-MTL), padded with seeded
  // random directions when r exceeds the number of tasks.
  const Wst = new Float64Array(d * T);
  for (let t = 0; t < T; t++) {
    const wt = ridgeGram(d, stats[t].G, stats[t].c, e.cfg.initLambda * tasks[t].n);
    // Columns scaled by √ωₜ: a task of weight 0 does not steer the initial subspace either.
    const sw = Math.sqrt(tasks[t].weight);
    for (let j = 0; j < d; j++) Wst[j * T + t] = sw * wt[j];
  }
  const { U } = topLeftSingular(d, T, Wst, r);
  if (r > T) {
    const rng = createRng(seed);
    for (let j = 0; j < d; j++) for (let c = T; c < r; c++) U[j * r + c] = rng.normal() / Math.sqrt(d);
  }
  const codes = tasks.map(() => new Float64Array(r));
  const out = alsLoop(e, fn, stats, w, U, codes, tasks.map((_, i) => e.heads[i]), e.cfg.lambdaShared, null, options, true);
  storeAls(e, out.U, codes, stats);
  return out.result;
}

/** Head (code) step for one task: ridge or lasso on Z = X·U in Gram form. */
export function headStep(e: Engine, st: GramStats, weight: number, U: Float64Array, h: HeadInfo, code: Float64Array): void {
  const r = e.cfg.width;
  const A = congruence(st.d, r, st.G, U);
  const b = tmatvec(st.d, r, U, st.c);
  for (let i = 0; i < A.length; i++) A[i] *= weight;
  for (let i = 0; i < r; i++) b[i] *= weight;
  const lam = e.headLambda(h);
  if (e.headPenalty(h) === 'l2') {
    for (let i = 0; i < r; i++) A[i * r + i] += lam + 1e-12;
    code.set(ridgeGram(r, A, b, 0));
  } else if (e.cfg.codeSolver === 'cd') {
    lassoCd(r, A, b, lam / 2, code, 1e-10, 10000);
  } else {
    lassoFista(r, A, b, lam / 2, code, 1e-10, 20000);
  }
}

/** The ALS objective: Σₜ ωₜ‖yₜ − XₜUsₜ‖² (Gram form) + head penalties + λ_shared‖U − prior‖². */
function objective(e: Engine, stats: GramStats[], w: Float64Array, U: Float64Array, codes: Float64Array[], heads: HeadInfo[], lambdaShared: number, prior: Float64Array | null): number {
  const d = e.d, r = e.cfg.width;
  let obj = 0;
  for (let t = 0; t < stats.length; t++) {
    const s = codes[t];
    const u = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let acc = 0;
      for (let c = 0; c < r; c++) acc += U[j * r + c] * s[c];
      u[j] = acc;
    }
    const st = stats[t];
    let quad = 0, lin = 0;
    for (let j = 0; j < d; j++) {
      lin += u[j] * st.c[j];
      let g = 0;
      for (let l = 0; l < d; l++) g += st.G[j * d + l] * u[l];
      quad += u[j] * g;
    }
    obj += w[t] * (st.yy - 2 * lin + quad);
    const lam = e.headLambda(heads[t]);
    let pen = 0;
    for (let c = 0; c < r; c++) pen += e.headPenalty(heads[t]) === 'l2' ? s[c] * s[c] : Math.abs(s[c]);
    obj += lam * pen;
  }
  let sh = 0;
  for (let i = 0; i < U.length; i++) {
    const dev = U[i] - (prior === null ? 0 : prior[i]);
    sh += dev * dev;
  }
  return obj + lambdaShared * sh;
}

/** Sweeps of head steps and (with updateShared) shared steps until the objective stalls; returns U and the summary. */
export function alsLoop(
  e: Engine,
  fn: string,
  stats: GramStats[],
  w: Float64Array,
  U0: Float64Array,
  codes: Float64Array[],
  heads: HeadInfo[],
  lambdaShared: number,
  prior: Float64Array | null,
  options: MultiTaskFitOptions | undefined,
  updateShared: boolean,
): { U: Float64Array; result: MultiTaskFitResult } {
  const d = e.d, r = e.cfg.width;
  let U = U0;
  let prev = Infinity;
  let obj = Infinity;
  let it = 0;
  const total = updateShared ? e.cfg.iterations : 1;
  // A tiny ridge keeps the shared system definite when lambdaShared = 0.
  let jitter = 0;
  for (const st of stats) for (let j = 0; j < d; j++) jitter += st.G[j * d + j];
  jitter = Math.max(1e-300, (1e-12 * jitter) / (stats.length * d));
  while (it < total) {
    checkAborted(fn, options?.signal);
    it++;
    for (let t = 0; t < stats.length; t++) headStep(e, stats[t], w[t], U, heads[t], codes[t]);
    if (updateShared) U = sharedStep(d, r, stats, codes, w, lambdaShared + jitter, prior);
    obj = objective(e, stats, w, U, codes, heads, lambdaShared, prior);
    if (!Number.isFinite(obj)) fail('DIVERGED', fn, `the objective became ${fmt(obj)} at sweep ${it}`);
    options?.onProgress?.({ solver: 'als', iteration: it, total, objective: obj });
    if (prev - obj <= e.cfg.tol * Math.abs(obj)) break;
    prev = obj;
  }
  // Final head step so the heads are optimal for the final shared matrix.
  if (updateShared) for (let t = 0; t < stats.length; t++) headStep(e, stats[t], w[t], U, heads[t], codes[t]);
  return { U, result: { solver: 'als', iterations: it, objective: objective(e, stats, w, U, codes, heads, lambdaShared, prior) } };
}

/** Writes U into the trunk and (wₜ, bₜ) into the heads, with bₜ = ȳₜ − x̄ₜᵀUwₜ. */
export function storeAls(e: Engine, U: Float64Array, codes: Float64Array[], stats: GramStats[], only?: number[]): void {
  const d = e.d, r = e.cfg.width;
  e.shared = new Float64Array(d * r + r);
  e.shared.set(U);
  const idx = only ?? codes.map((_, i) => i);
  if (only === undefined) e.headParams = new Array<Float64Array>(codes.length);
  for (let q = 0; q < idx.length; q++) {
    const s = codes[q];
    const st = stats[q];
    const hp = new Float64Array(r + 1);
    hp.set(s);
    let b = st.yMean;
    for (let j = 0; j < d; j++) {
      let u = 0;
      for (let c = 0; c < r; c++) u += U[j * r + c] * s[c];
      b -= st.xMean[j] * u;
    }
    hp[r] = b;
    e.headParams[idx[q]] = hp;
  }
}
