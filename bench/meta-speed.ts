// Speed of one MAML meta-iteration (meta-gradient over 25 sinusoid tasks, K = 10 support + 10 query points, one inner
// step, 1-40-40-1 ReLU, float64), infometa vs PyTorch measured in the same run.
//
//   npx tsx bench/meta-speed.ts [--rounds 3] [--iters 60] [--threads 1]
//
// PyTorch (bench/peers/maml_speed.py) is timed two ways: the standard per-task loop with
// torch.autograd.grad(create_graph=True), and a batched variant (all 25 tasks in one baddbmm graph). Rounds alternate
// between infometa and PyTorch so both see the same machine load; each number is the best round's median time per
// meta-iteration (the machine is shared: interference from other jobs only ever adds time).
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { createRng, maml, mlp, sinusoidTasks } from '../src/index.js';
import type { Task } from '../src/index.js';
import { ONE_THREAD_ENV, PYTHON, median, numArg } from './harness.js';

const rounds = numArg('--rounds', 3);
const iters = numArg('--iters', 60);
const threads = numArg('--threads', 1);

const model = mlp({ sizes: [1, 40, 40, 1], activation: 'relu' });
const sampler = sinusoidTasks();
const rng = createRng(0);
const tasks: Task[] = Array.from({ length: 25 }, () => sampler.sample(rng, 10, 10));

function ours(firstOrder: boolean): [number, number] {
  const learner = maml({ model, innerLr: 0.01, innerSteps: 1, firstOrder, seed: 0 });
  for (let i = 0; i < 10; i++) learner.metaGradient(tasks);
  const t: number[] = [], c: number[] = [];
  for (let i = 0; i < iters; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    learner.metaGradient(tasks);
    const dc = process.cpuUsage(c0);
    c.push((dc.user + dc.system) / 1000);
    t.push(performance.now() - t0);
  }
  return [median(t), median(c)];
}

interface Peer {
  threads: number;
  torch: string;
  loop_so_ms: number;
  loop_fo_ms: number;
  batched_so_ms: number;
  batched_fo_ms: number;
  loop_so_cpu_ms: number;
  loop_fo_cpu_ms: number;
  batched_so_cpu_ms: number;
  batched_fo_cpu_ms: number;
}

function peer(th: number): Peer {
  const out = execFileSync(PYTHON, ['bench/peers/maml_speed.py', '--threads', String(th), '--reps', String(Math.max(10, Math.round(iters / 2)))], { encoding: 'utf8', env: th === 1 ? ONE_THREAD_ENV : process.env });
  return JSON.parse(out.trim().split('\n').pop() as string) as Peer;
}

const so: [number, number][] = [], fo: [number, number][] = [];
const peers: Peer[] = [];
for (let r = 0; r < rounds; r++) {
  so.push(ours(false));
  fo.push(ours(true));
  peers.push(peer(threads));
}
// Best round (minimum over rounds of each round's median): the machine is shared, and interference only adds time.
const p = (k: keyof Peer): number => Math.min(...peers.map((x) => x[k] as number));
const m = (v: [number, number][], i: number): number => Math.min(...v.map((x) => x[i]));
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, torch ${peers[0].torch} with ${peers[0].threads} thread(s); ${rounds} alternating rounds × ${iters} iterations`);
console.log('| meta-iteration (25 tasks, K=10, 1 step, 1-40-40-1) | clock | infometa (ms) | PyTorch loop (ms) | ratio | PyTorch batched (ms) | ratio |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [name, v, k] of [['second-order MAML', so, 'so'], ['first-order MAML', fo, 'fo']] as const) {
  for (const [clock, i, suffix] of [['CPU time', 1, '_cpu_ms'], ['wall', 0, '_ms']] as const) {
    const o = m(v, i);
    const l = p(`loop_${k}${suffix}` as keyof Peer);
    const b = p(`batched_${k}${suffix}` as keyof Peer);
    console.log(`| ${name} | ${clock} | ${o.toFixed(2)} | ${l.toFixed(2)} | ${(l / o).toFixed(2)}× | ${b.toFixed(2)} | ${(b / o).toFixed(2)}× |`);
  }
}
