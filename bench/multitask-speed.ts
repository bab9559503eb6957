// Speed of one full-batch Adam epoch of SharedLatentModel (MLP trunk d → hidden (ReLU) → r, one binary head per
// task, summed mean cross-entropies plus L2 penalties, float64), infometa vs PyTorch (bench/peers/multitask_speed.py)
// measured in the same run. Rounds alternate between the two so both see the same machine load; each number is the
// median over rounds of the median ms per epoch.
//   npx tsx bench/multitask-speed.ts [--rounds 3] [--epochs 30]
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { SharedLatentModel } from '../src/index.js';
import type { MultiTaskProgress } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { ONE_THREAD_ENV, PYTHON, median, numArg } from './harness.js';

const rounds = numArg('--rounds', 3);
const epochs = numArg('--epochs', 30);

const sizes = [
  { label: 'emotions-sized', n: 415, d: 72, tasks: 6 },
  { label: 'yeast-sized', n: 1692, d: 103, tasks: 14 },
];
const hidden = 32, rank = 8;
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0].toFixed(1)} (shared with other jobs); PyTorch 1 thread.\n`);
console.log('| size | infometa ms/epoch (wall, cpu) | PyTorch ms/epoch (wall, cpu) | PyTorch ÷ infometa (wall, cpu) |');
console.log('|---|---|---|---|');
for (const s of sizes) {
  const rng = createRng(0);
  const x = Array.from({ length: s.n }, () => Float64Array.from({ length: s.d }, () => rng.normal()));
  const tasks = Array.from({ length: s.tasks }, (_, t) => ({ name: `t${t}`, x, y: x.map(() => (rng.next() < 0.3 ? 1 : 0)), type: 'binary' as const }));
  const ours: { wall: number; cpu: number }[] = [], peer: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const wall: number[] = [], cpu: number[] = [];
    let t0 = performance.now(), c0 = process.cpuUsage();
    const m = new SharedLatentModel({ rank, trunk: { hidden: [hidden], activation: 'relu' }, lambda: 1e-3, epochs: epochs + 5, lr: 0.01 });
    m.fit(tasks, {
      onProgress: (p: MultiTaskProgress) => {
        const dc = process.cpuUsage(c0);
        if (p.iteration > 5) {
          wall.push(performance.now() - t0);
          cpu.push((dc.user + dc.system) / 1000);
        }
        t0 = performance.now();
        c0 = process.cpuUsage();
      },
    });
    ours.push({ wall: median(wall), cpu: median(cpu) });
    const out = execFileSync(PYTHON, ['bench/peers/multitask_speed.py', '--n', `${s.n}`, '--d', `${s.d}`, '--tasks', `${s.tasks}`, '--hidden', `${hidden}`, '--rank', `${rank}`, '--epochs', `${epochs}`, '--threads', '1'], { encoding: 'utf8', env: ONE_THREAD_ENV });
    const j = JSON.parse(out) as { wall_ms: number; cpu_ms: number };
    peer.push({ wall: j.wall_ms, cpu: j.cpu_ms });
  }
  const ow = median(ours.map((o) => o.wall)), oc = median(ours.map((o) => o.cpu));
  const pw = median(peer.map((o) => o.wall)), pc = median(peer.map((o) => o.cpu));
  console.log(`| ${s.label}: n = ${s.n}, d = ${s.d}, ${s.tasks} tasks, trunk ${s.d}-${hidden}-${rank} | ${ow.toFixed(2)}, ${oc.toFixed(2)} | ${pw.toFixed(2)}, ${pc.toFixed(2)} | ${(pw / ow).toFixed(2)}×, ${(pc / oc).toFixed(2)}× |`);
}
