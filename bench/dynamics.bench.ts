// Speed of infometa/dynamics against JIDT, measured in the same run (issue 14).
// Run: JIDT_CLASSPATH=/path/to/jidt/classes npx tsx bench/dynamics.bench.ts [--quick] [--rounds R]
// (on the shared machine: flock /work/bench.lock npx tsx bench/dynamics.bench.ts). Without JIDT_CLASSPATH the JIDT
// columns are skipped with a message.
//
// Inputs are seeded and written as raw little-endian files that both sides read (bench/peers/JidtTeBench.java, compiled
// against $JIDT_CLASSPATH into a temporary directory). Both sides run one thread (JIDT: NUM_THREADS=1), noise off, so
// the values must agree to rounding; each cell is the median over `rounds` timed runs after a warm-up, in CPU time of
// the measuring thread / process (the 2 cores are shared, so wall clock mostly measures the other jobs; it is shown too).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../src/internal/rng.js';
import {
  activeInformationStorage,
  conditionalTransferEntropy,
  entropyRate,
  predictiveInformation,
  transferEntropy,
  transferEntropyTest,
} from '../src/dynamics/index.js';
import { machine, median, ms, numArg, scratchDir, table, time, writeBin } from './harness.js';

const quick = process.argv.includes('--quick');
const rounds = numArg('--rounds', quick ? 3 : 5);
const jidt = process.env.JIDT_CLASSPATH;
const { dir, cleanup } = scratchDir('infometa-dyn-bench-');
const m = machine();
console.log(`# infometa/dynamics vs JIDT — ${m.cpu}, ${m.cores} cores, Node ${m.node}, load average ${m.load} at start`);

let classes: string | null = null;
if (jidt === undefined || jidt === '') console.log('JIDT_CLASSPATH is not set: JIDT is skipped (point it at JIDT\'s compiled classes to compare).');
else {
  classes = join(dir, 'classes');
  execFileSync('javac', ['-cp', jidt, '-d', classes, join(import.meta.dirname, 'peers', 'JidtTeBench.java')]);
}

interface PeerResult {
  value: number;
  cpu: number[];
  wall: number[];
}
function peer(args: string[]): PeerResult | null {
  if (classes === null || jidt === undefined) return null;
  const r = spawnSync('java', ['-Xmx4g', '-cp', `${jidt}:${classes}`, 'JidtTeBench', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`JIDT failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PeerResult;
}

/** Two coupled series: x AR(1) 0.3, y[t] = 0.3 y[t−1] + 0.5 x[t−1] + noise. */
function coupled(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let t = 1; t < n; t++) {
    x[t] = 0.3 * x[t - 1] + rng.normal();
    y[t] = 0.3 * y[t - 1] + 0.5 * x[t - 1] + rng.normal();
  }
  return { x, y };
}

const rows: string[][] = [];
const cpuOf: Record<string, number> = {};
const row = (what: string, n: string, ours: { cpu: number; wall: number; value: number }, p: PeerResult | null, target: string, peerScale = 1, peerNote = '') => {
  const pc = p === null ? NaN : median(p.cpu) * peerScale;
  const pw = p === null ? NaN : median(p.wall) * peerScale;
  rows.push([
    what,
    n,
    ms(ours.cpu),
    p === null ? 'skipped' : `${ms(pc)}${peerNote}`,
    p === null ? '—' : `${(pc / ours.cpu).toFixed(2)}×`,
    p === null ? `${ms(ours.wall)} / —` : `${ms(ours.wall)} / ${ms(pw)} (${(pw / ours.wall).toFixed(2)}×)`,
    p === null ? ours.value.toPrecision(10) : `${ours.value.toPrecision(10)} / ${p.value.toPrecision(10)} (Δ ${Math.abs(ours.value - p.value).toExponential(1)})`,
    target,
  ]);
};

// 1. KSG transfer entropy, k = l = 1, 4 neighbours.
for (const n of quick ? [10000] : [10000, 100000]) {
  const { x, y } = coupled(n, n);
  const fx = join(dir, `x${n}.f64`);
  const fy = join(dir, `y${n}.f64`);
  writeBin(fx, x);
  writeBin(fy, y);
  let value = 0;
  const t = time(() => (value = transferEntropy(x, y, { noise: false })), rounds, 2);
  cpuOf[`ksg${n}`] = median(t.cpu);
  const p = peer(['ksg', fx, fy, String(rounds)]);
  row('KSG TE, k = l = 1, 4 neighbours, noise off', n.toExponential(0).replace('e+', 'e'), { cpu: median(t.cpu), wall: median(t.wall), value }, p, '≥ 2× JIDT');
}

// 2. 1000 surrogates of a KSG TE at n = 1e4 (JIDT timed on fewer surrogates and scaled to 1000).
{
  const n = 10000;
  const M = quick ? 200 : 1000;
  const { x, y } = coupled(n, n);
  const fx = join(dir, `x${n}.f64`);
  const fy = join(dir, `y${n}.f64`);
  let value = 0;
  const t = time(() => (value = transferEntropyTest(x, y, { noise: false, surrogates: M, seed: 1 }).nullMean), 1, 0);
  const peerM = quick ? 5 : 20;
  const p = peer(['surrogates', fx, fy, String(peerM)]);
  row(`${M} surrogates of a KSG TE (+ the TE itself)`, '1e4', { cpu: median(t.cpu), wall: median(t.wall), value }, p, '< 60 s on one core', M / peerM, ` (${peerM} run, ×${M / peerM})`);
}

// 3. Discrete TE, 10⁷ binary samples, k = 4.
{
  const n = quick ? 1_000_000 : 10_000_000;
  const rng = createRng(7);
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  for (let t = 0; t < n; t++) x[t] = rng.nextUint32() & 1;
  for (let t = 1; t < n; t++) y[t] = (rng.nextUint32() & 7) === 0 ? 1 - x[t - 1] : x[t - 1] ^ (t > 1 ? y[t - 2] & 1 : 0);
  const fx = join(dir, 'dx.i32');
  const fy = join(dir, 'dy.i32');
  writeBin(fx, x);
  writeBin(fy, y);
  let value = 0;
  const t = time(() => (value = transferEntropy(x, y, { estimator: 'discrete', k: 4, base: 2 })), rounds, 2);
  const p = peer(['discrete', fx, fy, '4', String(rounds)]);
  row('discrete TE (bits), binary, k = 4', n.toExponential(0).replace('e+', 'e'), { cpu: median(t.cpu), wall: median(t.wall), value }, p, '< 100 ms');
}

table(['what', 'n', 'infometa CPU (ms)', 'JIDT CPU (ms)', 'JIDT / infometa', 'wall ms: ours / JIDT', 'value: ours / JIDT', 'target'], rows);
if (cpuOf.ksg100000 !== undefined) console.log(`\nKSG TE scaling, CPU: t(1e5) / t(1e4) = ${(cpuOf.ksg100000 / cpuOf.ksg10000).toFixed(1)} (target < 15)`);
console.log(`load average at the end: ${machine().load}`);
cleanup();

// Accuracy (not timed): every case of the JIDT fixture (test/fixtures/jidt_dynamics.json, written by JIDT itself).
interface FixtureCase {
  measure: string;
  estimator?: 'ksg' | 'discrete' | 'gaussian';
  series: string;
  value?: number;
  bits?: number;
  [key: string]: unknown;
}
type S = number[] | number[][];
const fx = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', 'jidt_dynamics.json'), 'utf8')) as { series: Record<string, { x: S; y?: S; z?: S }>; cases: FixtureCase[] };
const seriesOf = (name: string): S[] => {
  const m = /^(.*?)(-reverse|-x|-y)?$/.exec(name) as RegExpExecArray;
  const s = fx.series[m[1]];
  if (m[2] === '-reverse') return [s.y as S, s.x];
  if (m[2] === '-x') return [s.x];
  if (m[2] === '-y') return [s.y as S];
  return [s.x, s.y, s.z].filter((v): v is S => v !== undefined);
};
const worst = new Map<string, { n: number; max: number }>();
for (const c of fx.cases) {
  if (c.measure === 'embedding') continue;
  const s = seriesOf(c.series);
  const o = { noise: false as const, neighbours: c.neighbours as number, algorithm: c.algorithm as 1, normalize: c.normalize as boolean, base: c.bits !== undefined ? 2 : undefined };
  const te = { ...o, estimator: c.estimator as 'ksg', k: c.k as number, kTau: c.kTau as number, l: c.l as number, lTau: c.lTau as number, delay: c.delay as number };
  const own = { ...o, estimator: c.estimator as 'ksg', k: c.k as number, tau: c.tau as number };
  let v: number;
  if (c.measure === 'te') v = transferEntropy(s[0], s[1], te);
  else if (c.measure === 'cte') v = conditionalTransferEntropy(s[0], s[1], [s[2]], { ...te, conditionalK: c.conditionalK as number, conditionalTau: c.conditionalTau as number, conditionalDelay: c.conditionalDelay as number });
  else if (c.measure === 'ais') v = activeInformationStorage(s[0], own);
  else if (c.measure === 'pi') v = predictiveInformation(s[0], own);
  else v = entropyRate(s[0], { ...own, estimator: 'discrete' });
  const key = `${c.measure} ${c.estimator}${c.algorithm ? ` alg ${String(c.algorithm)}` : ''}`;
  const w = worst.get(key) ?? { n: 0, max: 0 };
  w.n++;
  w.max = Math.max(w.max, Math.abs(v - ((c.value ?? c.bits) as number)));
  worst.set(key, w);
}
console.log('');
table(['JIDT fixture (noise off)', 'cases', 'max |ours − JIDT|'], [...worst].map(([k, w]) => [k, String(w.n), w.max.toExponential(1)]));
