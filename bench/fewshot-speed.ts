// Speed of one protoNet training episode (5-way 5-shot, 15 queries per class = 100 rows, encoder 16-64-64 ReLU,
// float64): encoder forward over support and query rows, prototype loss, gradient, Adam step. infometa vs PyTorch
// (bench/peers/protonet_speed.py, single-threaded) on the same 200 letter episodes from the same initial parameters,
// measured in the same run, rounds alternating.
//
//   flock /work/bench.lock npx tsx bench/fewshot-speed.ts [--rounds 3] [--reps 5]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { adam, createRng, mlp, protoNet } from '../src/index.js';
import { ONE_THREAD_ENV, PYTHON, median, numArg, scratchDir } from './harness.js';
import { loadLetter, plain, replay, samplers } from './fewshot-data.js';

const rounds = numArg('--rounds', 3);
const reps = numArg('--reps', 5);
const E = 200;
const sizes = [16, 64, 64];
const s = samplers(loadLetter(), 5);
const rng = createRng(99);
const episodes = Array.from({ length: E }, () => s.train.sample(rng));
const init = mlp({ sizes }).init(0, 'pytorch');
const { dir, cleanup } = scratchDir('fewshot-speed');
const file = `${dir}/episodes.json`;
writeFileSync(file, JSON.stringify({ sizes, ways: 5, reps, params: Array.from(init), episodes: episodes.map(plain) }));

function ours(): [number, number] {
  const net = protoNet({ encoder: mlp({ sizes }), params: init });
  const outerOptimizer = adam({ lr: 1e-3 });
  const sampler = replay(s.train, episodes);
  net.fit(sampler, { iterations: E, outerOptimizer }); // warm-up
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    net.fit(sampler, { iterations: E, outerOptimizer });
    const dc = process.cpuUsage(c0);
    cpu.push((dc.user + dc.system) / 1000 / E);
    wall.push((performance.now() - t0) / E);
  }
  return [median(wall), median(cpu)];
}

interface Peer { torch: string; wall_ms: number; cpu_ms: number }
const mine: [number, number][] = [], theirs: Peer[] = [];
for (let r = 0; r < rounds; r++) {
  mine.push(ours());
  theirs.push(JSON.parse(execFileSync(PYTHON, ['bench/peers/protonet_speed.py', file], { encoding: 'utf8', env: ONE_THREAD_ENV }).trim().split('\n').pop() as string) as Peer);
}
cleanup();
const best = (a: number[]): number => Math.min(...a);
const w = best(mine.map((m) => m[0])), c = best(mine.map((m) => m[1]));
const tw = best(theirs.map((p) => p.wall_ms)), tc = best(theirs.map((p) => p.cpu_ms));
console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log(`node ${process.version}, torch ${theirs[0].torch} (1 thread); ${rounds} rounds × ${reps} reps × ${E} episodes; best round's median per episode`);
console.log('');
console.log('| one protoNet training episode (5-way 5-shot, 15 queries, 16-64-64) | clock | infometa (ms) | PyTorch (ms) | PyTorch ÷ infometa |');
console.log('| --- | --- | --- | --- | --- |');
console.log(`| forward + loss + gradient + Adam step | CPU time | ${c.toFixed(3)} | ${tc.toFixed(3)} | **${(tc / c).toFixed(2)}×** |`);
console.log(`| forward + loss + gradient + Adam step | wall | ${w.toFixed(3)} | ${tw.toFixed(3)} | ${(tw / w).toFixed(2)}× |`);
