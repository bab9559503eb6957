// The demo: the three layers of infometa on real data, in well under a minute. Run with `npm run demo`.
//   1. Information theory on a multi-label data set (emotions: 593 music clips, 6 emotion labels; each label is a
//      binary task): how much each label tells about the others.
//   2. MIML task selection: each emotion learned together with its most related labels.
//   3. Meta-learning: MAML on the School data (139 schools, exam scores): a model that adapts to a new school from
//      10 students, against the same model pooled over the training schools and fine-tuned the same way.
import { readFileSync } from 'node:fs';
import {
  adjustedMutualInformationOf,
  createRng,
  entropyOf,
  jsDivergence,
  klDivergence,
  linear,
  maml,
  mutualInformationOf,
  miml,
  normalizedMutualInformationOf,
} from 'infometa';
import type { Task, TaskData, TaskSampler } from 'infometa';

const started = performance.now();
const elapsed = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

const csv = readFileSync(new URL('./data/emotions.csv', import.meta.url), 'utf8').trim().split('\n');
const header = csv[0].split(',');
const rows = csv.slice(1).map((line) => line.split(','));
const L = 6; // the labels are the last 6 columns
const names = header.slice(-L);
const labels = names.map((_, j) => Int32Array.from(rows, (r) => Number(r[r.length - L + j])));
const short = names.map((n) => n.split('-')[0]);
const n = rows.length;

const pad = (s: string, w: number) => s.padStart(w);
function printMatrix(title: string, f: (i: number, j: number) => number, digits = 3): void {
  console.log(`\n${title}`);
  console.log(pad('', 10) + short.map((s) => pad(s, 9)).join(''));
  for (let i = 0; i < L; i++) {
    console.log(pad(short[i], 10) + short.map((_, j) => pad(f(i, j).toFixed(digits), 9)).join(''));
  }
}

console.log(`1. Information theory. emotions: ${n} clips, ${L} binary labels (tasks)\n`);
console.log('Entropy of each label');
console.log(pad('label', 18) + pad('P(label=1)', 12) + pad('H (bits)', 10) + pad('H (nats)', 10) + pad('H Miller–Madow', 16));
for (let j = 0; j < L; j++) {
  const p1 = labels[j].reduce((a, b) => a + b, 0) / n;
  console.log(
    pad(names[j], 18) +
      pad(p1.toFixed(3), 12) +
      pad(entropyOf(labels[j], { base: 2 }).toFixed(4), 10) +
      pad(entropyOf(labels[j]).toFixed(4), 10) +
      pad(entropyOf(labels[j], { estimator: 'miller-madow' }).toFixed(4), 16),
  );
}

printMatrix('Mutual information I(label i; label j) in bits (diagonal = H)', (i, j) => mutualInformationOf(labels[i], labels[j], { base: 2 }));
printMatrix('Normalized mutual information (arithmetic mean of the entropies)', (i, j) => normalizedMutualInformationOf(labels[i], labels[j]));
printMatrix('Adjusted mutual information (corrected for chance)', (i, j) => adjustedMutualInformationOf(labels[i], labels[j]));

// KL between the labels' marginal distributions [P(0), P(1)]: how differently often each emotion is tagged.
const dist = labels.map((x) => {
  const p1 = x.reduce((a, b) => a + b, 0) / n;
  return [1 - p1, p1];
});
printMatrix('KL divergence D(label i ‖ label j) of the label distributions, bits', (i, j) => klDivergence(dist[i], dist[j], { base: 2 }), 4);
printMatrix('Jensen–Shannon divergence of the label distributions, bits', (i, j) => jsDivergence(dist[i], dist[j], { base: 2 }), 4);

// The most dependent pair: the related task a target should learn with.
let best = { i: 0, j: 1, v: -1 };
for (let i = 0; i < L; i++) for (let j = i + 1; j < L; j++) {
  const v = normalizedMutualInformationOf(labels[i], labels[j]);
  if (v > best.v) best = { i, j, v };
}
console.log(`\nMost dependent pair: ${names[best.i]} and ${names[best.j]} (NMI ${best.v.toFixed(3)})`);

// MIML end to end: for each emotion, pick its 2 most related labels on the training clips, learn the emotion together
// with them in one shared-latent model, and compare with learning it alone and with all six labels (held-out clips).
const t2 = performance.now();
console.log('\n2. MIML task selection: each label learned with its 2 most related labels (70/30 split, seed 0), held-out AUC');
console.log(pad('target', 18) + pad('related labels', 34) + pad('alone', 8) + pad('MIML', 8) + pad('all 6', 8));
const features = rows.map((r) => r.slice(0, r.length - L).map(Number));
const tasks = labels.map((x) => Array.from(x));
for (const target of names) {
  const r = miml(
    { x: features, tasks, names },
    { target, k: 2, testFraction: 0.3, seed: 0, modelOptions: { rank: 8, lambda: 0.03, epochs: 60, batchSize: 64 } },
  );
  const auc = (m: { auc: number | null } | null) => (m?.auc ?? NaN).toFixed(3);
  console.log(
    pad(target, 18) + pad(r.related.map((t) => t.name).join(', '), 34) + pad(auc(r.metrics.single), 8) + pad(auc(r.metrics.miml), 8) + pad(auc(r.metrics.all), 8),
  );
}
console.log(`(${elapsed(t2)})`);

// 3. MAML on School: each school is a task (predict a student's exam score from 27 features). Meta-train on 70% of
// the schools with at least 40 students; on each held-out school, adapt on 10 students and score the rest.
const t3 = performance.now();
const school = readFileSync(new URL('./data/school.csv', import.meta.url), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const D = 27; // x1 … x27; x28 is a constant bias column, which the model's bias replaces
const bySchool = new Map<number, number[][]>();
for (const r of school) {
  const list = bySchool.get(r[0]) ?? [];
  list.push(r);
  bySchool.set(r[0], list);
}
const ids = [...bySchool.keys()].filter((id) => (bySchool.get(id) as number[][]).length >= 40);
createRng(0).shuffle(ids);
const trainIds = ids.slice(0, Math.round(0.7 * ids.length));
const testIds = ids.slice(trainIds.length);
const trainRows = trainIds.flatMap((id) => bySchool.get(id) as number[][]);
// Standardize features and score with the training schools' statistics.
const mu = new Float64Array(D + 1);
const sd = new Float64Array(D + 1);
for (let j = 0; j <= D; j++) {
  const col = trainRows.map((r) => r[j < D ? 1 + j : 29]);
  mu[j] = col.reduce((a, b) => a + b, 0) / col.length;
  sd[j] = Math.sqrt(col.reduce((a, b) => a + (b - mu[j]) ** 2, 0) / col.length) || 1;
}
const toData = (rs: number[][]): TaskData => ({
  x: Float64Array.from(rs.flatMap((r) => Array.from({ length: D }, (_, j) => (r[1 + j] - mu[j]) / sd[j]))),
  y: Float64Array.from(rs, (r) => (r[29] - mu[D]) / sd[D]),
});
/** The rows in an order drawn from the generator. */
function shuffled(rng: ReturnType<typeof createRng>, rs: number[][]): number[][] {
  const order = Int32Array.from(rs, (_, i) => i);
  rng.shuffle(order);
  return Array.from(order, (i) => rs[i]);
}
const schools: TaskSampler = {
  inputSize: D,
  outputSize: 1,
  sample(rng, shots, queryShots) {
    const students = shuffled(rng, bySchool.get(trainIds[Math.floor(rng.uniform(0, trainIds.length))]) as number[][]);
    return { support: toData(students.slice(0, shots)), query: toData(students.slice(shots, shots + queryShots)) };
  },
};
const K = 10;
const STEPS = 5;
const model = linear({ inputSize: D, outputSize: 1 });
const learner = maml({ model, innerLr: 0.01, innerSteps: STEPS, seed: 1 });
learner.fit(schools, { iterations: 600, metaBatchSize: 10, shots: K, queryShots: 30, seed: 2 });
// Baseline: the same model trained on all training students pooled (full-batch gradient descent to convergence).
const pooled = learner.adapt(model.init(1), toData(trainRows), { steps: 300 });
const tests: Task[] = testIds.map((id, i) => {
  const students = shuffled(createRng(100 + i), bySchool.get(id) as number[][]);
  return { support: toData(students.slice(0, K)), query: toData(students.slice(K)) };
});
/** Mean over held-out schools of the query MSE (standardized score) and explained variance, after `steps` steps. */
function score(init: Float64Array, steps: number): [string, string] {
  let mse = 0;
  let ev = 0;
  for (const t of tests) {
    const p = steps > 0 ? learner.adapt(init, t.support, { steps }) : init;
    const pred = model.apply(p, t.query.x);
    const y = t.query.y as Float64Array;
    const m = y.reduce((a, b) => a + b, 0) / y.length;
    const v = y.reduce((a, b) => a + (b - m) ** 2, 0) / y.length;
    const e = pred.reduce((a, b, i) => a + (b - y[i]) ** 2, 0) / y.length;
    mse += e;
    ev += 1 - e / v;
  }
  return [(mse / tests.length).toFixed(4), (ev / tests.length).toFixed(4)];
}
console.log(`\n3. Meta-learning: MAML on School. ${trainIds.length} training schools, ${testIds.length} held-out schools; a linear model adapts`);
console.log(`   with ${STEPS} gradient steps on ${K} students of a new school and is scored on its other students (standardized score)`);
console.log('initialisation'.padEnd(44) + pad('adaptation', 14) + pad('query MSE', 12) + pad('explained var.', 16));
const rowsOut: [string, string, Float64Array, number][] = [
  ['random (learning from the 10 students only)', `${STEPS} steps`, model.init(1), STEPS],
  ['pooled over the training schools', 'none', pooled, 0],
  ['pooled over the training schools', `${STEPS} steps`, pooled, STEPS],
  ['MAML, meta-trained 600 iterations', 'none', learner.params, 0],
  ['MAML, meta-trained 600 iterations', `${STEPS} steps`, learner.params, STEPS],
];
for (const [what, adapt, init, steps] of rowsOut) {
  const [mse, ev] = score(init, steps);
  console.log(what.padEnd(44) + pad(adapt, 14) + pad(mse, 12) + pad(ev, 16));
}
console.log('Both learned starting points beat learning from 10 students alone; after 5 steps MAML and the fine-tuned pooled');
console.log('model do equally well here: linear models of schools that differ mostly in their level.');
console.log(`(${elapsed(t3)}; the whole demo ${elapsed(started)})`);
