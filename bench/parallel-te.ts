// The transfer-entropy async functions and fitMultiTaskAsync: the synchronous call, one worker and two workers in the
// same run (best of alternating rounds), the ratio two workers ÷ one, and `uptime` before and after (a ratio of two
// workers on a 2-core machine only means something when the machine is otherwise quiet). Also checks, on every
// round, that the async results equal the synchronous ones (the bits the tests promise).
//
//   flock /work/bench.lock npx tsx bench/parallel-te.ts            (full sizes, a few minutes)
//   flock /work/bench.lock npx tsx bench/parallel-te.ts --quick    (a tenth of the surrogates)
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { cpus } from 'node:os';
import { createRng } from '../src/internal/rng.js';
import { transferEntropyTest } from '../src/dynamics/te-test.js';
import { transferEntropyMatrix } from '../src/dynamics/te-matrix.js';
import { SharedLatentModel } from '../src/meta/multitask/latent.js';
import { createPool, fitMultiTaskAsync, transferEntropyMatrixAsync, transferEntropyTestAsync } from '../src/parallel/index.js';
import type { WorkerPool } from '../src/parallel/index.js';
import { numArg } from './harness.js';

const quick = process.argv.includes('--quick');
const rounds = numArg('--rounds', 2);
const scale = quick ? 0.1 : 1;
const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}${quick ? ' (--quick)' : ''}`);
console.log(`uptime before: ${uptime()}\n`);

// Workers kept warm between rounds (the default idle timeout, 10 s, is shorter than a round: restarting them would be
// timed too).
const one = createPool({ workers: 1, idleTimeout: 600_000 });
const two = createPool({ workers: 2, idleTimeout: 600_000 });

async function wall<T>(f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

const rows: string[] = [];
async function measure<T>(name: string, sync: () => T, onPool: (pool: WorkerPool) => Promise<T>, same: (a: T, b: T) => boolean): Promise<void> {
  await onPool(one);
  await onPool(two);
  const s: number[] = [], a: number[] = [], b: number[] = [];
  let equal = true;
  for (let r = 0; r < rounds; r++) {
    const ws = await wall(sync);
    const w1 = await wall(() => onPool(one));
    const w2 = await wall(() => onPool(two));
    equal &&= same(ws.value, w1.value) && same(ws.value, w2.value);
    s.push(ws.ms);
    a.push(w1.ms);
    b.push(w2.ms);
  }
  const [ts, t1, t2] = [Math.min(...s), Math.min(...a), Math.min(...b)];
  rows.push(`| ${name} | ${(ts / 1000).toFixed(2)} | ${(t1 / 1000).toFixed(2)} | ${(t2 / 1000).toFixed(2)} | ${(t1 / t2).toFixed(2)}× | ${equal ? 'yes' : 'NO'} |`);
  console.log(`  done: ${name}`);
}

const rng = createRng(1);
const n = 2000;
const x = Array.from({ length: n }, () => rng.normal());
const y = x.map((_, t) => (t > 0 ? 0.5 * x[t - 1] : 0) + rng.normal());
const z = y.map((_, t) => (t > 0 ? 0.5 * y[t - 1] : 0) + rng.normal());
const w = Array.from({ length: n }, () => rng.normal());

const m = Math.max(64, Math.round(1000 * scale));
await measure(`transferEntropyTest, KSG, n = ${n}, ${m} surrogates`, () => transferEntropyTest(x, y, { surrogates: m, seed: 1 }), (pool) => transferEntropyTestAsync(x, y, { surrogates: m, seed: 1, pool }), isDeepStrictEqual);
const mm = Math.max(64, Math.round(200 * scale));
await measure(
  `transferEntropyMatrix, KSG, 4 series × ${n}, ${mm} surrogates per pair`,
  () => transferEntropyMatrix([x, y, z, w], undefined, { surrogates: mm, seed: 1 }).toJSON(),
  async (pool) => (await transferEntropyMatrixAsync([x, y, z, w], undefined, { surrogates: mm, seed: 1, pool })).toJSON(),
  isDeepStrictEqual,
);
// A multi-task fit runs whole in one worker: the two-worker column shows it does not speed up (nor should it).
const d = 20;
const tasks = Array.from({ length: 8 }, (_, t) => {
  const xs = Array.from({ length: 500 }, () => Array.from({ length: d }, () => rng.normal()));
  return { name: `t${t}`, x: xs, y: xs.map((r) => r[0] * (t + 1) + r[1] + 0.1 * rng.normal()) };
});
await measure(
  'SharedLatentModel.fit, rank 3, MLP trunk [32], 8 tasks × 500 × 20, 200 epochs',
  () => {
    const mdl = new SharedLatentModel({ rank: 3, trunk: { hidden: [32] }, epochs: 200 });
    mdl.fit(tasks, { seed: 1 });
    return mdl.toJSON();
  },
  async (pool) => {
    const mdl = new SharedLatentModel({ rank: 3, trunk: { hidden: [32] }, epochs: 200 });
    await fitMultiTaskAsync(mdl, tasks, { seed: 1, pool });
    return mdl.toJSON();
  },
  isDeepStrictEqual,
);

console.log('\n| workload | synchronous (s) | 1 worker (s) | 2 workers (s) | 2 workers ÷ 1 | same bits as sync |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
console.log(`\nuptime after: ${uptime()}`);
await one.close();
await two.close();
