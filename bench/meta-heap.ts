// Heap use of a MAML training loop: 10 000 meta-iterations of exact second-order MAML (25 sinusoid tasks, K = 10,
// one inner step, 1-40-40-1 ReLU, Adam), with the heap measured after a forced GC every 1000 iterations.
//
//   node --expose-gc --import tsx bench/meta-heap.ts [--iterations 10000] [--every 1000] [--first-order]
//
// Prints heapUsed after gc at each checkpoint and the growth per iteration between the first checkpoint (after
// warm-up) and the last.
//
//   node --expose-gc --import tsx bench/meta-heap.ts --varying-shots 1000 [--every 100]
//
// Instead: one learner, one meta-gradient per support size K = 1, 2, …, 1000 (query size K too), and the process's
// resident set size (RSS, which counts the WebAssembly workspaces that heapUsed does not) after gc every `every`
// sizes. A learner used to keep one workspace per distinct batch size for ever (GBs by K = 1000, issue 13); the RSS
// should now stay flat.
import { adam, createRng, maml, mlp, sinusoidTasks } from '../src/index.js';
import { numArg } from './harness.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const varying = numArg('--varying-shots', 0);
if (varying > 0) {
  const every = numArg('--every', 100);
  const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01, innerSteps: 1, seed: 1 });
  const sampler = sinusoidTasks();
  const rng = createRng(5);
  const mib = (b: number): string => (b / 2 ** 20).toFixed(1);
  const rss = (): number => {
    gc();
    gc();
    return process.memoryUsage().rss;
  };
  console.log(`one learner, one second-order meta-gradient per support size K = 1…${varying} (query size K), Node ${process.version}`);
  console.log('| support size K | RSS after gc (MiB) | heapUsed after gc (MiB) |');
  console.log('| --- | --- | --- |');
  const t0 = performance.now();
  for (let k = 1; k <= varying; k++) {
    learner.metaGradient([sampler.sample(rng, k, k)]);
    if (k % every === 0 || k === 1) {
      const r = rss();
      console.log(`| ${k} | ${mib(r)} | ${mib(process.memoryUsage().heapUsed)} |`);
    }
  }
  console.log(`${varying} sizes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(0);
}
const iterations = numArg('--iterations', 10000);
const every = numArg('--every', 1000);
const firstOrder = process.argv.includes('--first-order');

const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01, innerSteps: 1, firstOrder, seed: 1 });
const samples: [number, number][] = [];
const measure = (it: number): void => {
  gc();
  gc();
  samples.push([it, process.memoryUsage().heapUsed]);
};
const t0 = performance.now();
learner.fit(sinusoidTasks(), {
  iterations,
  metaBatchSize: 25,
  shots: 10,
  outerOptimizer: adam({ lr: 1e-3 }),
  seed: 3,
  progressEvery: every,
  onProgress: (p) => measure(p.iteration),
});
const seconds = (performance.now() - t0) / 1000;
console.log(`${firstOrder ? 'first' : 'second'}-order MAML, ${iterations} meta-iterations in ${seconds.toFixed(0)} s (Node ${process.version})`);
console.log('| iteration | heapUsed after gc (bytes) |');
console.log('| --- | --- |');
for (const [it, h] of samples) console.log(`| ${it} | ${h} |`);
const [i0, h0] = samples[0];
const [i1, h1] = samples[samples.length - 1];
console.log(`growth from iteration ${i0} to ${i1}: ${h1 - h0} bytes = ${((h1 - h0) / (i1 - i0)).toFixed(2)} bytes per meta-iteration`);
