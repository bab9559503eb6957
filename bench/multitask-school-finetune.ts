// Meta-knowledge reuse on School: learn the shared part on 119 schools, then add 20 unseen schools with fineTune
// (frozen shared part: only each new school's head is fitted, in closed form) from m = 5, 10 or all of 75% of their
// students; evaluate on the other 25%. Baselines: ridge per new school and one pooled ridge (old schools + the new
// schools' training students). Hyper-parameters are fixed to the values the validation split chose most often in
// bench/multitask-school.ts (rank 1, λ = 0.01; ridge λ = 10 per school, λ = 1 pooled). 5 seeds.
// Run: npx tsx bench/multitask-school-finetune.ts
import { readFileSync } from 'node:fs';
import { SharedLatentModel } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { gramStats, ridgeGram } from '../src/meta/multitask/linalg.js';

const D = 28;
const csv = readFileSync(new URL('../examples/data/school.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
const schools = new Map<number, { x: number[][]; y: number[] }>();
for (const line of csv) {
  const v = line.split(',').map(Number);
  if (!schools.has(v[0])) schools.set(v[0], { x: [], y: [] });
  schools.get(v[0])!.x.push(v.slice(1, 1 + D));
  schools.get(v[0])!.y.push(v[1 + D]);
}
const ids = [...schools.keys()].sort((a, b) => a - b);

function scaler(rows: number[][]): (r: number[]) => number[] {
  const mean = new Float64Array(D), sd = new Float64Array(D);
  for (const r of rows) for (let j = 0; j < D; j++) mean[j] += r[j] / rows.length;
  for (const r of rows) for (let j = 0; j < D; j++) sd[j] += (r[j] - mean[j]) ** 2 / rows.length;
  return (r) => r.map((v, j) => (j === D - 1 ? v : (v - mean[j]) / (Math.sqrt(sd[j]) || 1)));
}
function ridge(x: number[][], y: number[], alpha: number): (r: number[]) => number {
  const st = gramStats(y.length, D, Float64Array.from(x.flat()), Float64Array.from(y));
  const w = ridgeGram(D, st.G, st.c, alpha);
  const b = st.yMean - st.xMean.reduce((a, v, j) => a + v * w[j], 0);
  return (r) => r.reduce((s, v, j) => s + v * w[j], b);
}
const meanSd = (a: number[]): string => {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, a.length - 1));
  return `${m.toFixed(4)} ± ${sd.toFixed(4)}`;
};

const sizes = [5, 10, Infinity];
const res = new Map<string, number[]>();
const add = (k: string, v: number): void => void (res.get(k) ?? res.set(k, []).get(k)!).push(v);
for (let seed = 0; seed < 5; seed++) {
  const rng = createRng(3000 + seed);
  const order = rng.shuffle(ids.slice());
  const fresh = order.slice(0, 20), old = order.slice(20);
  const model = new SharedLatentModel({ rank: 1, lambda: 0.01, lambdaShared: 0.01 });
  model.fit(old.map((s) => ({ name: `s${s}`, ...schools.get(s)! })));
  const splits = fresh.map((s) => {
    const p = schools.get(s)!;
    const idx = rng.shuffle(Int32Array.from({ length: p.y.length }, (_, i) => i));
    const nTr = Math.round(0.75 * p.y.length);
    return { s, tr: Array.from(idx.subarray(0, nTr)), te: Array.from(idx.subarray(nTr)) };
  });
  for (const m of sizes) {
    const preds: Record<string, number[]> = { fineTune: [], 'ridge per school': [], 'pooled ridge': [] };
    const ys: number[] = [];
    const oldRows = old.flatMap((s) => schools.get(s)!.x), oldY = old.flatMap((s) => schools.get(s)!.y);
    const newTr = splits.map(({ s, tr }) => tr.slice(0, Math.min(m, tr.length)).map((i) => [schools.get(s)!.x[i], schools.get(s)!.y[i]] as const));
    const sc = scaler([...oldRows, ...newTr.flat().map((e) => e[0])]);
    const pooled = ridge([...oldRows, ...newTr.flat().map((e) => e[0])].map(sc), [...oldY, ...newTr.flat().map((e) => e[1] as number)], 1);
    splits.forEach(({ s, te }, q) => {
      const p = schools.get(s)!;
      const trX = newTr[q].map((e) => e[0] as number[]), trY = newTr[q].map((e) => e[1] as number);
      model.fineTune(`new${s}`, { x: trX, y: trY });
      const single = ridge(trX.map(sc), trY, 10);
      const xt = te.map((i) => p.x[i]);
      const ft = model.predict(`new${s}`, xt);
      te.forEach((i, k) => {
        ys.push(p.y[i]);
        preds.fineTune.push(ft[k]);
        preds['ridge per school'].push(single(sc(p.x[i])));
        preds['pooled ridge'].push(pooled(sc(p.x[i])));
      });
    });
    const my = ys.reduce((a, v) => a + v, 0) / ys.length;
    const vy = ys.reduce((a, v) => a + (v - my) ** 2, 0) / ys.length;
    for (const [k, p] of Object.entries(preds)) add(`${k}|${m}`, 1 - p.reduce((a, v, i) => a + (v - ys[i]) ** 2, 0) / ys.length / vy);
  }
  console.error(`seed ${seed} done`);
}
console.log('School, 20 unseen schools per seed (5 seeds), shared part learned on the other 119; explained variance on the unseen schools\' held-out 25%.\n');
console.log('| new school\'s training students | fineTune (frozen shared part) | ridge per school | pooled ridge |');
console.log('|---|---|---|---|');
for (const m of sizes) console.log(`| ${Number.isFinite(m) ? m : 'all (75%)'} | ${meanSd(res.get(`fineTune|${m}`)!)} | ${meanSd(res.get(`ridge per school|${m}`)!)} | ${meanSd(res.get(`pooled ridge|${m}`)!)} |`);
