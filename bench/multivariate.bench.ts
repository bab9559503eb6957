// Benchmarks of issue 15 against their peers, measured in the same run:
//  1. TC / DTC / O-information of 20 discrete variables over 10⁶ samples (target < 1 s), beside JIDT's
//     MultiInformation/DualTotalCorrelation/OInfo CalculatorDiscrete.
//  2. KSG O-information of 5 variables, n = 10⁴, k = 4, noise off (target ≥ 2× faster than JIDT on one thread),
//     beside JIDT's OInfoCalculatorKraskov (NUM_THREADS=1, NORMALISE=false, NOISE_LEVEL_TO_ADD=0).
//  3. Blahut–Arimoto capacity of a 1000 × 1000 channel to a bracket of 1e-9 (target < 1 s), beside the textbook
//     Blahut–Arimoto iteration in numpy (bench/peers/ba_peer.py).
// Run: flock /work/bench.lock npx tsx bench/multivariate.bench.ts [--quick] [--reps N]
// JIDT: set JIDT_CLASSPATH to a JIDT build; bench/peers/MvJidtBench.java is compiled against it into a temporary
// directory. Without it the JIDT columns say so and the rows still time infometa.
// Times are process CPU time (our side: process.cpuUsage; JIDT: the calling thread's CPU time; numpy:
// time.process_time), median of the timed runs after a warm-up; wall-clock ratios are printed beside them.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { channelCapacity } from '../src/channels/index.js';
import { dualTotalCorrelationOf, oInformationOf, totalCorrelationOf } from '../src/core/index.js';
import { createRng } from '../src/internal/rng.js';
import { ksgOInformation } from '../src/estimators/index.js';
import { machine, median, numArg, ONE_THREAD_ENV, PYTHON, scratchDir, table, time, writeBin } from './harness.js';

const quick = process.argv.includes('--quick');
const reps = numArg('--reps', quick ? 3 : 5);
const { dir, cleanup } = scratchDir('infometa-mv-bench-');
const m = machine();
console.log(`machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, load average ${m.load}`);

// --- JIDT ----------------------------------------------------------------------------------------------------
const jidt = process.env.JIDT_CLASSPATH;
let jidtNote = '';
if (!jidt) jidtNote = 'JIDT_CLASSPATH is unset: JIDT skipped';
else {
  try {
    execFileSync('javac', ['-nowarn', '-cp', jidt, '-d', dir, join(import.meta.dirname, 'peers', 'MvJidtBench.java')], { stdio: 'pipe' });
  } catch (e) {
    jidtNote = `JIDT skipped: javac failed (${String(e).slice(0, 120)})`;
  }
}
interface JidtRun {
  cpu: number[];
  wall: number[];
  value: number;
  java: string;
}
function runJidt(mode: string, file: string, n: number, d: number, param: number, r: number): JidtRun | null {
  if (!jidt || jidtNote) return null;
  const out = spawnSync('java', ['-Xmx4g', '-cp', `${jidt}:${dir}`, 'MvJidtBench', mode, file, String(n), String(d), String(param), String(r)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error(`MvJidtBench ${mode} failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as JidtRun;
}

const fmtMs = (s: number): string => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`);
const rows: string[][] = [];

// --- 1. discrete TC / DTC / O of 20 variables, 10⁶ samples ------------------------------------------------
{
  const n = quick ? 200_000 : 1_000_000;
  const d = 20;
  const rng = createRng(1515);
  // Binary variables: noisy copies of a shared bit (redundancy) and some parity bits (synergy).
  const cols: Int32Array[] = Array.from({ length: d }, () => new Int32Array(n));
  for (let i = 0; i < n; i++) {
    const shared = rng.next() < 0.5 ? 1 : 0;
    for (let j = 0; j < d; j++) {
      if (j % 5 === 4) cols[j][i] = cols[j - 1][i] ^ cols[j - 2][i];
      else cols[j][i] = rng.next() < 0.7 ? shared : rng.next() < 0.5 ? 1 : 0;
    }
  }
  const rowMajor = new Int32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rowMajor[i * d + j] = cols[j][i];
  const file = join(dir, 'discrete.i32');
  writeBin(file, rowMajor);
  const bits = { base: 2 };
  for (const [name, mode, f] of [
    ['totalCorrelationOf', 'tc', () => totalCorrelationOf(cols, bits)],
    ['dualTotalCorrelationOf', 'dtc', () => dualTotalCorrelationOf(cols, bits)],
    ['oInformationOf', 'o', () => oInformationOf(cols, bits)],
  ] as const) {
    const ours = time(f, reps, 1);
    const value = f();
    const peer = runJidt(mode, file, n, d, 2, reps);
    const oc = median(ours.cpu) / 1000;
    const ow = median(ours.wall) / 1000;
    rows.push([
      `${name}, 20 binary variables (peer: JIDT ${mode === 'tc' ? 'MultiInformation' : mode === 'dtc' ? 'DualTotalCorrelation' : 'OInfo'}CalculatorDiscrete)`,
      `n = ${n.toExponential(0)}`,
      fmtMs(oc),
      peer ? fmtMs(median(peer.cpu)) : '—',
      peer ? `${(median(peer.cpu) / oc).toFixed(1)}×` : jidtNote,
      peer ? `${(median(peer.wall) / ow).toFixed(1)}×` : '—',
      peer ? `${value.toFixed(12)} / ${peer.value.toFixed(12)} bits (Δ ${Math.abs(value - peer.value).toExponential(1)})` : `${value.toFixed(12)} bits`,
      `< 1 s: ${oc < 1 ? 'met' : 'NOT met'}`,
    ]);
  }
}

// --- 2. KSG O-information, 5 variables, n = 10⁴ -----------------------------------------------------------
{
  const n = 10_000;
  const d = 5;
  const k = 4;
  const rng = createRng(515);
  const vars = Array.from({ length: d }, () => new Float64Array(n));
  const rowMajor = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const f = rng.normal();
    for (let j = 0; j < d; j++) {
      const v = 0.8 * f + rng.normal() + (j === d - 1 ? 0.5 * vars[0][i] * vars[1][i] : 0);
      vars[j][i] = v;
      rowMajor[i * d + j] = v;
    }
  }
  const file = join(dir, 'ksg.f64');
  writeBin(file, rowMajor);
  const f = (): number => ksgOInformation(vars, { k, noise: false });
  const ours = time(f, reps, 1);
  const value = f();
  const peer = runJidt('ksg-o', file, n, d, k, reps);
  const oc = median(ours.cpu) / 1000;
  const ow = median(ours.wall) / 1000;
  const ratio = peer ? median(peer.cpu) / oc : NaN;
  rows.push([
    `ksgOInformation, 5 variables, k = 4, noise off (peer: JIDT OInfoCalculatorKraskov, 1 thread)`,
    `n = 1e4`,
    fmtMs(oc),
    peer ? fmtMs(median(peer.cpu)) : '—',
    peer ? `${ratio.toFixed(1)}×` : jidtNote,
    peer ? `${(median(peer.wall) / ow).toFixed(1)}×` : '—',
    peer ? `${value.toFixed(12)} / ${peer.value.toFixed(12)} nats (Δ ${Math.abs(value - peer.value).toExponential(1)})` : `${value.toFixed(12)} nats`,
    peer ? `≥ 2× JIDT: ${ratio >= 2 ? 'met' : 'NOT met'}` : '—',
  ]);
}

// --- 3. Blahut–Arimoto, 1000 × 1000 channel to 1e-9 -------------------------------------------------------
{
  const X = 1000;
  const Y = 1000;
  const rng = createRng(1000);
  const W = new Float64Array(X * Y);
  for (let x = 0; x < X; x++) {
    let s = 0;
    for (let y = 0; y < Y; y++) s += W[x * Y + y] = -Math.log(1 - rng.next());
    for (let y = 0; y < Y; y++) W[x * Y + y] /= s;
  }
  const file = join(dir, 'channel.f64');
  writeBin(file, W);
  const channel = { data: W, shape: [X, Y] };
  const f = () => channelCapacity(channel, { tolerance: 1e-9 });
  const ours = time(() => f().capacity, reps, 1);
  const res = f();
  const oc = median(ours.cpu) / 1000;
  const ow = median(ours.wall) / 1000;
  const maxIter = quick ? 300 : 2000;
  const py = spawnSync(PYTHON, [join(import.meta.dirname, 'peers', 'ba_peer.py')], {
    input: JSON.stringify({ path: file, X, Y, tol: 1e-9, maxIter }),
    encoding: 'utf8',
    env: ONE_THREAD_ENV,
  });
  if (py.status !== 0) throw new Error(`ba_peer.py failed: ${py.stderr}`);
  const peer = JSON.parse(py.stdout) as { cpu: number; wall: number; iterations: number; gap: number; capacity: number; numpy: string };
  const reached = peer.gap <= 1e-9;
  rows.push([
    `channelCapacity, random channel (rows −ln U, normalized), tolerance 1e-9 (peer: Blahut–Arimoto in numpy ${peer.numpy}, 1 thread)`,
    '1000 × 1000',
    fmtMs(oc),
    fmtMs(peer.cpu),
    reached ? `${(peer.cpu / oc).toFixed(1)}×` : `peer stopped at ${peer.iterations} iterations with bracket ${peer.gap.toExponential(1)}: > ${(peer.cpu / oc).toFixed(1)}×`,
    `${(peer.wall / ow).toFixed(1)}×`,
    `${res.capacity.toFixed(12)} nats (bracket ${(res.upperBound - res.lowerBound).toExponential(1)}, ${res.convergence.iterations} iterations) / ${peer.capacity.toFixed(12)}`,
    `< 1 s: ${oc < 1 ? 'met' : 'NOT met'}`,
  ]);
}

table(['benchmark', 'size', 'infometa (CPU, median)', 'peer (CPU, median)', 'peer / infometa (CPU)', 'same, wall', 'values (ours / peer)', 'target'], rows);
console.log(`\nload average at the end: ${machine().load}`);
cleanup();
