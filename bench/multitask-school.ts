// School (ILEA, 139 schools): shared-latent and GO-MTL dictionary models against ridge per school and one pooled
// ridge. 75/25 split within each school, 10 seeds; every hyper-parameter is chosen on a validation split carved out
// of the training part (80/20 within each school), never on the test part.
// Run: npx tsx bench/multitask-school.ts [seeds=10] > out.md
import { readFileSync } from 'node:fs';
import { SharedDictionaryModel, SharedLatentModel } from '../src/index.js';
import type { MultiTaskData } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { gramStats, ridgeGram } from '../src/meta/multitask/linalg.js';

const SEEDS = Number(process.argv[2] ?? 10);
const csv = readFileSync(new URL('../examples/data/school.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
const D = 28;
const bySchool = new Map<number, { x: number[][]; y: number[] }>();
for (const line of csv) {
  const v = line.split(',').map(Number);
  const s = v[0];
  if (!bySchool.has(s)) bySchool.set(s, { x: [], y: [] });
  bySchool.get(s)!.x.push(v.slice(1, 1 + D));
  bySchool.get(s)!.y.push(v[1 + D]);
}
const schools = [...bySchool.keys()].sort((a, b) => a - b);

interface Part {
  x: number[][];
  y: number[];
}
type Split = { train: Part; test: Part }[];

function split(parts: Part[], frac: number, seed: number): Split {
  const rng = createRng(seed);
  return parts.map((p) => {
    const idx = rng.shuffle(Int32Array.from({ length: p.y.length }, (_, i) => i));
    const nTr = Math.max(1, Math.min(p.y.length - 1, Math.round(frac * p.y.length)));
    const pick = (a: Int32Array): Part => ({ x: Array.from(a, (i) => p.x[i]), y: Array.from(a, (i) => p.y[i]) });
    return { train: pick(idx.subarray(0, nTr)), test: pick(idx.subarray(nTr)) };
  });
}

type Predictor = (t: number, x: number[][]) => Float64Array;
type Method = { name: string; grid: Record<string, number>[]; fit: (train: Part[], hp: Record<string, number>) => Predictor };

function scaler(train: Part[]): (x: number[]) => number[] {
  const mean = new Float64Array(D), sd = new Float64Array(D);
  let N = 0;
  for (const p of train) for (const r of p.x) { N++; for (let j = 0; j < D; j++) mean[j] += r[j]; }
  for (let j = 0; j < D; j++) mean[j] /= N;
  for (const p of train) for (const r of p.x) for (let j = 0; j < D; j++) sd[j] += (r[j] - mean[j]) ** 2;
  for (let j = 0; j < D; j++) sd[j] = Math.sqrt(sd[j] / N) || 1;
  return (r) => r.map((v, j) => (j === D - 1 ? v : (v - mean[j]) / sd[j]));
}

function ridgeFit(x: number[][], y: number[], alpha: number): (r: number[]) => number {
  const st = gramStats(y.length, D, Float64Array.from(x.flat()), Float64Array.from(y));
  const w = ridgeGram(D, st.G, st.c, alpha);
  let b = st.yMean;
  for (let j = 0; j < D; j++) b -= st.xMean[j] * w[j];
  return (r) => r.reduce((s, v, j) => s + v * w[j], b);
}

const lambdas = [1e-3, 1e-2, 0.1, 1, 10, 100, 1000];
const methods: Method[] = [
  {
    name: 'ridge per school',
    grid: lambdas.map((l) => ({ l })),
    fit: (train, hp) => {
      const sc = scaler(train);
      const f = train.map((p) => ridgeFit(p.x.map(sc), p.y, hp.l));
      return (t, x) => Float64Array.from(x, (r) => f[t](sc(r)));
    },
  },
  {
    name: 'pooled ridge',
    grid: lambdas.map((l) => ({ l })),
    fit: (train, hp) => {
      const sc = scaler(train);
      const f = ridgeFit(train.flatMap((p) => p.x.map(sc)), train.flatMap((p) => p.y), hp.l);
      return (_t, x) => Float64Array.from(x, (r) => f(sc(r)));
    },
  },
  {
    name: 'SharedLatentModel (linear, ALS)',
    grid: [1, 2, 3, 5, 8].flatMap((rank) => [1e-3, 1e-2, 0.1, 1].map((lambda) => ({ rank, lambda }))),
    fit: (train, hp) => {
      const m = new SharedLatentModel({ rank: hp.rank, lambda: hp.lambda, lambdaShared: hp.lambda });
      m.fit(train.map((p, t): MultiTaskData => ({ name: `s${t}`, x: p.x, y: p.y })));
      return (t, x) => m.predict(t, x);
    },
  },
  {
    name: 'SharedDictionaryModel (GO-MTL)',
    // Only the product of the code and dictionary penalties matters up to rescaling L → cL, S → S/c, so one λ is tuned.
    grid: [1, 2, 3, 5, 8].flatMap((k) => [1e-3, 1e-2, 0.1, 1].map((lambda) => ({ k, lambda, ls: lambda }))),
    fit: (train, hp) => {
      const m = new SharedDictionaryModel({ k: hp.k, lambda: hp.lambda, lambdaShared: hp.ls });
      m.fit(train.map((p, t): MultiTaskData => ({ name: `s${t}`, x: p.x, y: p.y })));
      return (t, x) => m.predict(t, x);
    },
  },
];

function evaluate(pred: Predictor, test: Part[]): { mse: number; ev: number } {
  let se = 0, n = 0, sy = 0, syy = 0;
  test.forEach((p, t) => {
    if (p.y.length === 0) return;
    const yh = pred(t, p.x);
    p.y.forEach((y, i) => { se += (y - yh[i]) ** 2; n++; sy += y; syy += y * y; });
  });
  const mse = se / n;
  const v = syy / n - (sy / n) ** 2;
  return { mse, ev: 1 - mse / v };
}

const parts: Part[] = schools.map((s) => bySchool.get(s)!);
const results = new Map<string, { ev: number[]; rmse: number[]; chosen: string[]; ms: number[] }>();
for (const m of methods) results.set(m.name, { ev: [], rmse: [], chosen: [], ms: [] });
for (let seed = 0; seed < SEEDS; seed++) {
  const outer = split(parts, 0.75, 1000 + seed);
  const train = outer.map((s) => s.train);
  const test = outer.map((s) => s.test);
  const inner = split(train, 0.8, 2000 + seed);
  const innerTrain = inner.map((s) => s.train);
  const innerVal = inner.map((s) => s.test);
  for (const m of methods) {
    const t0 = performance.now();
    let best = m.grid[0], bestMse = Infinity;
    for (const hp of m.grid) {
      const mse = evaluate(m.fit(innerTrain, hp), innerVal).mse;
      if (mse < bestMse) { bestMse = mse; best = hp; }
    }
    const r = evaluate(m.fit(train, best), test);
    const res = results.get(m.name)!;
    res.ev.push(r.ev);
    res.rmse.push(Math.sqrt(r.mse));
    res.chosen.push(JSON.stringify(best));
    res.ms.push(performance.now() - t0);
    console.error(`seed ${seed} ${m.name}: EV ${r.ev.toFixed(4)} RMSE ${Math.sqrt(r.mse).toFixed(4)} ${JSON.stringify(best)}`);
  }
}

const ms = (a: number[]): string => {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, a.length - 1));
  return `${mean.toFixed(4)} ± ${sd.toFixed(4)}`;
};
console.log(`School: 139 schools, 15362 students, 75/25 split within each school, ${SEEDS} seeds (mean ± sd over seeds).`);
console.log('Explained variance = 1 − MSE/Var(y_test) on the pooled test set. Hyper-parameters chosen per seed on an 80/20');
console.log('validation split of the training part only.\n');
console.log('| model | explained variance | RMSE | hyper-parameters chosen (per seed) | time per seed incl. tuning |');
console.log('|---|---|---|---|---|');
for (const m of methods) {
  const r = results.get(m.name)!;
  const counts = new Map<string, number>();
  for (const c of r.chosen) counts.set(c, (counts.get(c) ?? 0) + 1);
  const chosen = [...counts].map(([c, k]) => `${c}×${k}`).join(' ');
  console.log(`| ${m.name} | ${ms(r.ev)} | ${ms(r.rmse)} | ${chosen} | ${(r.ms.reduce((s, v) => s + v, 0) / r.ms.length / 1000).toFixed(1)} s |`);
}
