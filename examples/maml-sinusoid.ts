// Meta-train a 1-40-40-1 network with exact second-order MAML on sinusoid regression, save it as JSON, load it back
// (as a browser would) and adapt it to a new sinusoid from 10 points.
//
//   npx tsup && npx tsx examples/maml-sinusoid.ts [iterations]
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { MetaLearner, adam, createRng, maml, mlp, sinusoidTasks } from 'infometa';

const iterations = Number(process.argv[2] ?? 2000);
const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1], activation: 'relu' }), innerLr: 0.01, innerSteps: 1, seed: 1 });
const ctl = new AbortController(); // call ctl.abort() to stop early; the parameters stay those of the last step
const t0 = performance.now();
const result = learner.fit(sinusoidTasks(), {
  iterations,
  metaBatchSize: 25,
  shots: 10,
  outerOptimizer: adam({ lr: 1e-3 }),
  seed: 7,
  signal: ctl.signal,
  progressEvery: 500,
  onProgress: ({ iteration, loss }) => console.log(`iteration ${iteration}: post-adaptation query MSE ${loss.toFixed(3)}`),
});
console.log(`${result.iterations} meta-iterations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// Save and reload: plain JSON, no class instances.
mkdirSync('examples/out', { recursive: true });
writeFileSync('examples/out/maml-sinusoid.json', JSON.stringify(learner));
const loaded = MetaLearner.fromJSON(JSON.parse(readFileSync('examples/out/maml-sinusoid.json', 'utf8')));

// A new task: y = 3·sin(x − 1), 10 support points; error on a grid before and after 10 adaptation steps.
const rng = createRng(123);
const xs = Float64Array.from({ length: 10 }, () => rng.uniform(-5, 5));
const ys = xs.map((x) => 3 * Math.sin(x - 1));
const grid = Float64Array.from({ length: 101 }, (_, i) => -5 + i / 10);
const truth = grid.map((x) => 3 * Math.sin(x - 1));
const mse = (p: Float64Array): number => p.reduce((s, v, i) => s + (v - truth[i]) ** 2, 0) / p.length;
const before = loaded.model.apply(loaded.params, grid);
const fast = loaded.adapt(loaded.params, { x: xs, y: ys }, { steps: 10 });
const after = loaded.model.apply(fast, grid);
console.log(`MSE on the new sinusoid: ${mse(before).toFixed(3)} before adaptation, ${mse(after).toFixed(3)} after 10 steps on 10 points`);
