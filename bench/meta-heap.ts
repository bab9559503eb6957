// Heap use of a MAML training loop: 10 000 meta-iterations of exact second-order MAML (25 sinusoid tasks, K = 10,
// one inner step, 1-40-40-1 ReLU, Adam), with the heap measured after a forced GC every 1000 iterations.
//
//   node --expose-gc --import tsx bench/meta-heap.ts [--iterations 10000] [--every 1000] [--first-order]
//
// Prints heapUsed after gc at each checkpoint and the growth per iteration between the first checkpoint (after
// warm-up) and the last.
import { adam, maml, mlp, sinusoidTasks } from '../src/index.js';
import { numArg } from './harness.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
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
