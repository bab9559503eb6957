// One learner for a stream that mixes task kinds vs two learners meta-trained on each kind alone.
//
//   npx tsx bench/meta-mixed.ts [--iterations 10000] [--eval 600] [--seed 1] [--out bench/results/meta-mixed.md]
//
// Tasks (x ~ U[−5, 5], K = 10 support, 50 query points): sinusoid regression y = A·sin(x − φ) (A ~ U[0.1, 5],
// φ ~ U[0, π]; MSE), and 2-way classification "is sin(x − φ) > 0" (φ ~ U[0, π]; softmax cross-entropy, accuracy).
// - mixed: MAML on multiHead({ body: 1-40-40 ReLU, heads: { regression: 40→1, classification: 40→2 } }), each
//   meta-batch of 25 tasks drawn half and half (each task's kind by a coin flip), each task scored by its own loss;
// - regression only: MAML on mlp 1-40-40-1, 25 regression tasks per meta-batch;
// - classification only: MAML on mlp 1-40-40-2, 25 classification tasks per meta-batch.
// The mixed learner runs twice: with the same iterations as the single-kind learners (it then sees each kind about
// half as often) and with twice as many (about as many tasks of each kind as they see). Meta-batch 25, one inner step
// of α = 0.01 in training, Adam 1e-3. Evaluation on the same held-out tasks for every learner (their own seed), after
// 1 and 10 adaptation steps: mean ± 1.96·sd/√n, and the paired difference mixed − single-kind on the same tasks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRng, linear, maml, mlp, multiHead, sequential, sinusoidTasks } from '../src/index.js';
import type { MetaLearner, Rng, Task, TaskSampler } from '../src/index.js';
import { numArg } from './harness.js';

const iterations = numArg('--iterations', 10000);
const nEval = numArg('--eval', 600);
const seed = numArg('--seed', 1);
const outIdx = process.argv.indexOf('--out');
const out = outIdx >= 0 ? process.argv[outIdx + 1] : undefined;

const sine = sinusoidTasks();
function regression(rng: Rng, k: number, q: number): Task {
  return { ...sine.sample(rng, k, q), kind: 'regression' };
}
function classification(rng: Rng, k: number, q: number): Task {
  const ph = rng.uniform(0, Math.PI);
  const set = (n: number): { x: Float64Array; y: Float64Array } => {
    const x = Float64Array.from({ length: n }, () => rng.uniform(-5, 5));
    return { x, y: x.map((v) => (Math.sin(v - ph) > 0 ? 1 : 0)) };
  };
  return { kind: 'classification', support: set(k), query: set(q) };
}
const sampler = (f: (rng: Rng, k: number, q: number) => Task, out: number): TaskSampler => ({ inputSize: 1, outputSize: out, sample: f });
const mixedStream: TaskSampler = { inputSize: 1, outputSize: 1, sample: (rng, k, q) => (rng.next() < 0.5 ? regression(rng, k, q) : classification(rng, k, q)) };

const body = sequential([{ dense: 40 }, 'relu', { dense: 40 }, 'relu'], { inputSize: 1 });
const heads = { regression: linear({ inputSize: 40, outputSize: 1 }), classification: linear({ inputSize: 40, outputSize: 2 }) };
const mixedLearner = (): MetaLearner => maml({ model: multiHead({ body, heads }), innerLr: 0.01, seed });
const learners: [string, MetaLearner, TaskSampler, number][] = [
  ['mixed (one learner, both kinds)', mixedLearner(), mixedStream, iterations],
  ['mixed, twice the iterations', mixedLearner(), mixedStream, 2 * iterations],
  ['regression only', maml({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01, seed }), sampler(regression, 1), iterations],
  ['classification only', maml({ model: mlp({ sizes: [1, 40, 40, 2] }), innerLr: 0.01, loss: 'classification', seed }), sampler(classification, 2), iterations],
];

const er = createRng(1e6 + seed);
const evalReg = Array.from({ length: nEval }, () => regression(er, 10, 50));
const evalCls = Array.from({ length: nEval }, () => classification(er, 10, 50));

function stats(v: number[]): string {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
  return `${m.toFixed(3)} ± ${((1.96 * sd) / Math.sqrt(v.length)).toFixed(3)}`;
}
const diff = (a: number[], b: number[]): number[] => a.map((v, i) => v - b[i]);

function accuracy(l: MetaLearner, t: Task, steps: number): number {
  const fast = l.adapt(l.params, t.support, { steps, kind: t.kind });
  const m = l.model as { apply(p: Float64Array, x: ArrayLike<number>, kind?: string): Float64Array };
  const z = m.apply(fast, t.query.x as Float64Array, t.kind);
  let ok = 0;
  for (let i = 0; i < t.query.y.length; i++) ok += (z[2 * i + 1] > z[2 * i] ? 1 : 0) === t.query.y[i] ? 1 : 0;
  return ok / t.query.y.length;
}

const rows: string[] = [];
/** Per-task scores of each learner: [regression 1 step, 10 steps, accuracy 1 step, 10 steps] (empty when n/a). */
const scores = new Map<string, number[][]>();
for (const [name, l, s, its] of learners) {
  const t0 = performance.now();
  l.fit(s, { iterations: its, metaBatchSize: 25, shots: 10, seed: seed + 1 });
  const sec = (performance.now() - t0) / 1000;
  const doesReg = name !== 'classification only', doesCls = name !== 'regression only';
  const v = [
    ...[1, 10].map((steps) => (doesReg ? evalReg.map((t) => l.evaluate(t, { steps })) : [])),
    ...[1, 10].map((steps) => (doesCls ? evalCls.map((t) => accuracy(l, t, steps)) : [])),
  ];
  scores.set(name, v);
  rows.push(`| ${name} | ${its} | ${sec.toFixed(0)} | ${v.map((c) => (c.length > 0 ? stats(c) : '—')).join(' | ')} |`);
  console.error(`${name}: ${sec.toFixed(1)} s`);
}
const single = [...(scores.get('regression only') as number[][]).slice(0, 2), ...(scores.get('classification only') as number[][]).slice(2)];
for (const name of ['mixed (one learner, both kinds)', 'mixed, twice the iterations']) {
  const v = scores.get(name) as number[][];
  rows.push(`| ${name} − single-kind (paired) | | | ${v.map((c, i) => stats(diff(c, single[i]))).join(' | ')} |`);
}
const table = [
  `meta-batch 25 tasks, seed ${seed}; ${nEval} held-out tasks per kind (K = 10, 50 query points); mean ± 95% CI`,
  '',
  '| learner | iterations | train (s) | regression MSE, 1 step | regression MSE, 10 steps | classification accuracy, 1 step | classification accuracy, 10 steps |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
].join('\n');
console.log(table);
if (out !== undefined) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `\`npx tsx bench/meta-mixed.ts --iterations ${iterations} --eval ${nEval} --seed ${seed}\`\n\n${table}\n`);
}
