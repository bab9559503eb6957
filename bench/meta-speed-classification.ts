// Speed of one MAML meta-iteration for few-shot classification (softmax cross-entropy, the fused hot path), infometa
// vs PyTorch (bench/peers/maml_cls_speed.py) in the same run: N-way 5-shot tasks (5 support + 5 query examples per
// class, random inputs), 16 tasks, one inner step, ReLU MLPs from small to the MAML paper's Omniglot MLP
// (784-256-128-64-64-5), float64. Also infometa's general tape (the fused kernels switched off).
//
//   npx tsx bench/meta-speed-classification.ts [--rounds 3] [--iters 10]
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { createRng, maml, mlp } from '../src/index.js';
import type { Task } from '../src/index.js';
import { setFused } from '../src/meta/learners.js';
import { ONE_THREAD_ENV, PYTHON, median, numArg } from './harness.js';

const rounds = numArg('--rounds', 3);
const iters = numArg('--iters', 10);

function ours(sizes: number[], tasks: Task[], firstOrder: boolean, fused: boolean): number {
  const prev = setFused(fused);
  try {
    const learner = maml({ model: mlp({ sizes, activation: 'relu' }), innerLr: 0.4, innerSteps: 1, firstOrder, loss: 'softmaxCrossEntropy', seed: 0 });
    for (let i = 0; i < 3; i++) learner.metaGradient(tasks);
    const c: number[] = [];
    for (let i = 0; i < iters; i++) {
      const c0 = process.cpuUsage();
      learner.metaGradient(tasks);
      const dc = process.cpuUsage(c0);
      c.push((dc.user + dc.system) / 1000);
    }
    return median(c);
  } finally {
    setFused(prev);
  }
}

interface Peer { torch: string; so_cpu_ms: number; fo_cpu_ms: number }

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; PyTorch one thread (BLAS pinned); ${rounds} alternating rounds, best round's median CPU ms\n`);
console.log('| network (5-shot, 16 tasks, 1 step) | order | infometa fused (ms) | infometa tape (ms) | PyTorch loop (ms) | PyTorch ÷ infometa |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const spec of ['64-64-64-5', '256-128-64-5', '784-256-128-64-64-5']) {
  const sizes = spec.split('-').map(Number);
  const C = sizes[sizes.length - 1], d = sizes[0], k = 5 * C;
  const rng = createRng(0);
  const labels = Float64Array.from({ length: k }, (_, i) => i % C);
  const tasks: Task[] = Array.from({ length: 16 }, () => ({
    support: { x: Float64Array.from({ length: k * d }, () => rng.next()), y: labels },
    query: { x: Float64Array.from({ length: k * d }, () => rng.next()), y: labels },
  }));
  const res = { so: [] as number[], fo: [] as number[], soT: [] as number[], foT: [] as number[] };
  const peers: Peer[] = [];
  for (let r = 0; r < rounds; r++) {
    res.so.push(ours(sizes, tasks, false, true));
    res.fo.push(ours(sizes, tasks, true, true));
    res.soT.push(ours(sizes, tasks, false, false));
    res.foT.push(ours(sizes, tasks, true, false));
    const out = execFileSync(PYTHON, ['bench/peers/maml_cls_speed.py', '--sizes', spec, '--tasks', '16', '--shots', '5', '--reps', String(iters), '--threads', '1'], { encoding: 'utf8', env: ONE_THREAD_ENV });
    peers.push(JSON.parse(out.trim().split('\n').pop() as string) as Peer);
  }
  const best = (v: number[]): number => Math.min(...v);
  const pso = Math.min(...peers.map((p) => p.so_cpu_ms)), pfo = Math.min(...peers.map((p) => p.fo_cpu_ms));
  console.log(`| ${spec} | second | ${best(res.so).toFixed(2)} | ${best(res.soT).toFixed(2)} | ${pso.toFixed(2)} | ${(pso / best(res.so)).toFixed(2)}× |`);
  console.log(`| ${spec} | first | ${best(res.fo).toFixed(2)} | ${best(res.foT).toFixed(2)} | ${pfo.toFixed(2)} | ${(pfo / best(res.fo)).toFixed(2)}× |`);
}
