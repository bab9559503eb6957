// Few-shot regression on the ILEA School data (examples/data/school.csv) under bench/fewshot-protocol.md: each school
// a task, 80 meta-train + 20 meta-validation schools (the "100"), 39 unseen test schools, K = 10 students as the
// support set and the school's other students as the query set. Meta-validation picks the iteration (fit's
// validation) and then the number of adaptation steps; baselines: pooled ridge (no adaptation) and ridge per school
// on the 10 students. Explained variance on the 39 schools' query students, mean ± sd over 10 repetitions.
//
//   flock /work/bench.lock npx tsx bench/fewshot-school.ts [--iterations 2000]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { adam, anil, createRng, groupedTasks, linear, maml, metaSgd, mlp } from '../src/index.js';
import type { GroupTask, GroupedSampler, MetaLearner, TaskSampler } from '../src/index.js';
import { gramStats, ridgeGram } from '../src/meta/multitask/linalg.js';
import { numArg } from './harness.js';

const ITER = numArg('--iterations', 2000);
const D = 28, K = 10;
const lines = readFileSync(new URL('../examples/data/school.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
const n = lines.length;
const X = new Float64Array(n * D), Y = new Float64Array(n), G: number[] = [];
lines.forEach((l, i) => {
  const v = l.split(',').map(Number);
  G.push(v[0]);
  for (let j = 0; j < D; j++) X[i * D + j] = v[1 + j];
  Y[i] = v[1 + D];
});
const ids = createRng(12).shuffle([...new Set(G)].sort((a, b) => a - b));
const trainS = ids.slice(0, 80), valS = ids.slice(80, 100), testS = ids.slice(100);
const seen = new Set([...trainS, ...valS]);
// Standardise x1…x27 and the score with the 100 schools' students (x28, the constant, stays 1).
const mean = new Float64Array(D + 1), sd = new Float64Array(D + 1);
let m = 0;
for (let i = 0; i < n; i++) if (seen.has(G[i])) {
  m++;
  for (let j = 0; j < D; j++) mean[j] += X[i * D + j];
  mean[D] += Y[i];
}
for (let j = 0; j <= D; j++) mean[j] /= m;
for (let i = 0; i < n; i++) if (seen.has(G[i])) {
  for (let j = 0; j < D; j++) sd[j] += (X[i * D + j] - mean[j]) ** 2;
  sd[D] += (Y[i] - mean[D]) ** 2;
}
for (let j = 0; j <= D; j++) sd[j] = Math.sqrt(sd[j] / (m - 1));
const Xs = X.map((v, k) => (k % D === D - 1 ? v : (v - mean[k % D]) / sd[k % D]));
const Ys = Y.map((v) => (v - mean[D]) / sd[D]);
const sampler = (groups: number[]): GroupedSampler => groupedTasks(Xs, Ys, G, { shots: K, queryShots: 'rest', groups, kind: 'regression' });
const train = sampler(trainS), val = sampler(valS), test = sampler(testS);
// fit passes its own query size; the protocol's query set is every other student of the school.
const trainRest: TaskSampler = { inputSize: D, outputSize: 1, sample: (rng) => train.sample(rng) };
const valTasks = val.eachGroup(100);
const reps = Array.from({ length: 10 }, (_, r) => test.eachGroup(r));

/** Explained variance 1 − SSE/SST over all query students of the tasks, on the original score scale. */
function ev(tasks: readonly GroupTask[], predict: (t: GroupTask) => Float64Array): number {
  let sse = 0, s = 0, s2 = 0, cnt = 0;
  for (const t of tasks) {
    const p = predict(t);
    for (let i = 0; i < p.length; i++) {
      const y = t.query.y[i] * sd[D] + mean[D];
      sse += (y - (p[i] * sd[D] + mean[D])) ** 2;
      s += y;
      s2 += y * y;
      cnt++;
    }
  }
  return 1 - sse / (s2 - (s * s) / cnt);
}
const meanSd = (a: number[]): string => {
  const mu = a.reduce((u, v) => u + v, 0) / a.length;
  return `${mu.toFixed(4)} ± ${Math.sqrt(a.reduce((u, v) => u + (v - mu) ** 2, 0) / (a.length - 1)).toFixed(4)}`;
};
const GRID = [1e-3, 1e-2, 0.1, 1, 10, 100, 1000];
function ridgeFit(rows: Float64Array, y: Float64Array, lam: number): (x: ArrayLike<number>) => Float64Array {
  const k = y.length;
  const st = gramStats(k, D, rows, y);
  const w = ridgeGram(D, st.G, st.c, lam);
  const b = st.yMean - st.xMean.reduce((a, v, j) => a + v * w[j], 0);
  return (x) => {
    const out = new Float64Array(x.length / D);
    for (let i = 0; i < out.length; i++) {
      let s = b;
      for (let j = 0; j < D; j++) s += x[i * D + j] * w[j];
      out[i] = s;
    }
    return out;
  };
}
const rowsOf = (schools: number[]): [Float64Array, Float64Array] => {
  const set = new Set(schools);
  const idx = G.flatMap((g, i) => (set.has(g) ? [i] : []));
  return [Float64Array.from(idx.flatMap((i) => Array.from(Xs.subarray(i * D, i * D + D)))), Float64Array.from(idx, (i) => Ys[i])];
};
const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

interface Row { method: string; evs: number[]; chosen: string; seconds: number }
const rows: Row[] = [];
const report = (r: Row): void => {
  rows.push(r);
  console.log(`${r.method}: ${meanSd(r.evs)} (${r.chosen}, ${r.seconds.toFixed(1)} s)`);
};

{
  const t0 = cpu();
  const [xt, yt] = rowsOf(trainS), [xv, yv] = rowsOf(valS);
  let best = GRID[0], bestMse = Infinity;
  for (const lam of GRID) {
    const p = ridgeFit(xt, yt, lam)(xv);
    const mse = p.reduce((a, v, i) => a + (v - yv[i]) ** 2, 0);
    if (mse < bestMse) [bestMse, best] = [mse, lam];
  }
  const [xa, ya] = rowsOf([...trainS, ...valS]);
  const f = ridgeFit(xa, ya, best);
  report({ method: 'pooled ridge (100 schools, no adaptation)', evs: reps.map((ts) => ev(ts, (t) => f(t.query.x))), chosen: `λ = ${best}`, seconds: cpu() - t0 });
}
{
  const t0 = cpu();
  const per = (lam: number) => (t: GroupTask): Float64Array => ridgeFit(Float64Array.from(t.support.x), Float64Array.from(t.support.y), lam)(t.query.x);
  let best = GRID[0], bestEv = -Infinity;
  for (const lam of GRID) {
    const e = ev(valTasks, per(lam));
    if (e > bestEv) [bestEv, best] = [e, lam];
  }
  report({ method: 'ridge per school (its 10 students)', evs: reps.map((ts) => ev(ts, per(best))), chosen: `λ = ${best}`, seconds: cpu() - t0 });
}

const STEPS = [0, 1, 2, 5, 10, 20];
function meta(name: string, l: MetaLearner): void {
  const t0 = cpu();
  const fit = l.fit(trainRest, { iterations: ITER, metaBatchSize: 10, seed: 1, outerOptimizer: adam({ lr: 1e-3 }), validation: { tasks: valTasks, every: 100 } });
  const at = (steps: number) => (t: GroupTask): Float64Array => l.model.apply(l.adapt(l.params, t.support, { steps }), t.query.x);
  let best = 0, bestEv = -Infinity;
  for (const s of STEPS) {
    const e = ev(valTasks, at(s));
    if (e > bestEv) [bestEv, best] = [e, s];
  }
  report({ method: name, evs: reps.map((ts) => ev(ts, at(best))), chosen: `iteration ${fit.validation?.bestIteration}, ${best} steps`, seconds: cpu() - t0 });
}
const lin = (): ReturnType<typeof linear> => linear({ inputSize: D, outputSize: 1 });
const net = (): ReturnType<typeof mlp> => mlp({ sizes: [D, 32, 1] });
meta('MAML, linear', maml({ model: lin(), innerLr: 0.01, innerSteps: 5, seed: 0 }));
meta('Meta-SGD, linear', metaSgd({ model: lin(), innerLr: 0.01, innerSteps: 5, seed: 0 }));
meta('MAML, MLP 28-32-1', maml({ model: net(), innerLr: 0.01, innerSteps: 5, seed: 0 }));
meta('first-order MAML, MLP 28-32-1', maml({ model: net(), innerLr: 0.01, innerSteps: 5, firstOrder: true, seed: 0 }));
meta('ANIL, MLP 28-32-1', anil({ model: net(), innerLr: 0.01, innerSteps: 5, seed: 0 }));

const pooled = rows[0].evs;
for (const r of rows.slice(2)) {
  const d = r.evs.map((v, i) => v - pooled[i]);
  console.log(`${r.method} − pooled ridge, paired over the 10 draws: ${meanSd(d)} (min ${Math.min(...d).toFixed(4)})`);
}
console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log('');
console.log('| method | explained variance, 39 unseen schools (mean ± sd, 10 draws of K = 10) | chosen on the 20 validation schools | CPU s |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.method} | ${meanSd(r.evs)} | ${r.chosen} | ${r.seconds.toFixed(1)} |`);
