// Benchmarks of the estimators (issue 3) against scikit-learn / scipy, measured in the same run.
// Run: npx tsx bench/estimators.bench.ts [--quick]
// Our side and the peer time the same seeded data (written to a temp dir as raw little-endian arrays), best of
// `reps` runs after one warm-up. The table reports CPU time of each process (the machine is shared, so wall
// clock mostly measures the other jobs); the wall-clock ratio is printed beside it. The peer is bench/peers/estimators_peer.py under /usr/bin/python3.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src/internal/rng.js';
import { readFileSync } from 'node:fs';
import { gaussianMutualInformationOf, klEntropy, ksgMutualInformation, mixedMutualInformation, mutualInformationTest } from '../src/estimators/index.js';

const quick = process.argv.includes('--quick');
const dir = mkdtempSync(join(tmpdir(), 'infometa-est-bench-'));

function write(name: string, a: Float64Array | Int32Array): string {
  const p = join(dir, name);
  writeFileSync(p, Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  return p;
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Best CPU time (process.cpuUsage, seconds) and best wall time over `reps` runs after one warm-up. */
function bestOf(reps: number, f: () => number): { seconds: number; wall: number; value: number } {
  f();
  let best = Infinity;
  let bestWall = Infinity;
  let value = NaN;
  for (let r = 0; r < reps; r++) {
    const w = performance.now();
    const t = cpuNow();
    value = f();
    best = Math.min(best, cpuNow() - t);
    bestWall = Math.min(bestWall, (performance.now() - w) / 1000);
  }
  return { seconds: best, wall: bestWall, value };
}

interface Case {
  name: string;
  kind: 'ksg' | 'mixed' | 'kl' | 'perm';
  size: number;
  reps: number;
  k?: number;
  x?: string;
  y?: string;
  labels?: string;
  permutations?: number;
  peerPermutations?: number;
  ours: () => number;
}

const cases: Case[] = [];
const ksgSizes = quick ? [1000, 10000] : [1000, 10000, 100000];
for (const n of ksgSizes) {
  const rng = createRng(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    x[i] = a;
    y[i] = 0.6 * a + 0.8 * rng.normal();
  }
  cases.push({
    name: `ksgMutualInformation k=3, 1-D x and y, noise off`,
    kind: 'ksg',
    size: n,
    reps: n >= 100000 ? 9 : 15,
    x: write(`ksg_x_${n}.f64`, x),
    y: write(`ksg_y_${n}.f64`, y),
    ours: () => ksgMutualInformation(x, y, { noise: false, clip: true }),
  });
}
{
  const n = 10000;
  const rng = createRng(77);
  const labels = new Int32Array(n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.int(4);
    x[i] = labels[i] + rng.normal();
  }
  cases.push({
    name: 'mixedMutualInformation k=3, 4 classes, noise off',
    kind: 'mixed',
    size: n,
    reps: 7,
    x: write('mixed_x.f64', x),
    labels: write('mixed_l.i32', labels),
    ours: () => mixedMutualInformation(labels, x, { noise: false, clip: true }),
  });
}
for (const n of quick ? [10000] : [10000, 100000]) {
  const rng = createRng(n + 1);
  const x = Float64Array.from({ length: n }, () => rng.normal());
  cases.push({
    name: 'klEntropy k=3, 1-D, noise off',
    kind: 'kl',
    size: n,
    reps: n >= 100000 ? 3 : 7,
    x: write(`kl_x_${n}.f64`, x),
    ours: () => klEntropy(x, { noise: false }),
  });
}
{
  const n = 100000;
  const rng = createRng(99);
  const x = Int32Array.from({ length: n }, () => rng.int(10));
  const y = Int32Array.from(x, (v) => (rng.next() < 0.5 ? rng.int(10) : v));
  const m = 1000;
  cases.push({
    name: `mutualInformationTest discrete (10×10 labels), ${m} permutations`,
    kind: 'perm',
    size: n,
    reps: 3,
    x: write('perm_x.i32', x),
    y: write('perm_y.i32', y),
    permutations: m,
    peerPermutations: quick ? 10 : 30,
    ours: () => mutualInformationTest(x, y, { permutations: m, seed: 1 }).nullMean,
  });
}

const ours = cases.map((c) => bestOf(c.reps, c.ours));
const manifest = {
  cases: cases.map(({ name, kind, size, reps, k, x, y, labels, permutations, peerPermutations }) => ({
    name: `${name} n=${size}`,
    kind,
    reps,
    k: k ?? 3,
    x,
    y,
    labels,
    permutations,
    peerPermutations,
  })),
};
const manifestPath = join(dir, 'manifest.json');
writeFileSync(manifestPath, JSON.stringify(manifest));
const peerOut = execFileSync('/usr/bin/python3', [join(import.meta.dirname, 'peers', 'estimators_peer.py'), manifestPath], { encoding: 'utf8' });
const peer = (JSON.parse(peerOut) as { results: { name: string; seconds: number; wall: number; value: number; note: string }[] }).results;
rmSync(dir, { recursive: true, force: true });

const fmtT = (s: number): string => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`);
const rows: string[] = [];
rows.push('| benchmark | n | infometa (CPU) | peer (CPU) | peer / infometa (CPU) | same, wall clock | values (ours, peer) |');
rows.push('|---|---:|---:|---:|---:|---:|---|');
cases.forEach((c, i) => {
  const p = peer[i];
  const peerName = c.kind === 'ksg' ? 'sklearn _compute_mi_cc' : c.kind === 'mixed' ? 'sklearn _compute_mi_cd' : c.kind === 'kl' ? p.note : p.note;
  const valueNote = c.kind === 'perm' ? `null mean ${ours[i].value.toFixed(6)} vs ${p.value.toFixed(6)}` : `${ours[i].value.toFixed(12)}, ${p.value.toFixed(12)}`;
  rows.push(`| ${c.name} (peer: ${peerName}) | ${c.size} | ${fmtT(ours[i].seconds)} | ${fmtT(p.seconds)} | ${(p.seconds / ours[i].seconds).toFixed(1)}× | ${(p.wall / ours[i].wall).toFixed(1)}× | ${valueNote} |`);
});
const ksgIdx = cases.map((c, i) => (c.kind === 'ksg' ? i : -1)).filter((i) => i >= 0);
const t4 = ksgIdx.find((i) => cases[i].size === 10000);
const t5 = ksgIdx.find((i) => cases[i].size === 100000);
process.stdout.write(rows.join('\n') + '\n');
process.stdout.write(`\nload average at the end: ${loadavg().map((v) => v.toFixed(1)).join(', ')} on ${cpus().length} cores\n`);
if (t4 !== undefined && t5 !== undefined) {
  process.stdout.write(
    `\nKSG scaling, CPU time: t(n=1e5) / t(n=1e4) = ${(ours[t5].seconds / ours[t4].seconds).toFixed(1)} (infometa), ${(peer[t5].seconds / peer[t4].seconds).toFixed(1)} (sklearn)\n`,
  );
}

// Accuracy (not timed): agreement with the scikit-learn fixtures, and bias on known distributions.
interface Fixture {
  cases: { k: number; x: number[]; y?: number[]; labels?: number[]; raw: number; sklearn: number }[];
}
const fixture = (name: string): Fixture => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', name), 'utf8')) as Fixture;
let maxCc = 0;
for (const c of fixture('est_ksg.json').cases) {
  maxCc = Math.max(maxCc, Math.abs(ksgMutualInformation(c.x, c.y ?? [], { k: c.k, noise: false, clip: true }) - c.sklearn));
}
let maxCd = 0;
for (const c of fixture('est_mixed.json').cases) {
  maxCd = Math.max(maxCd, Math.abs(mixedMutualInformation(c.labels ?? [], c.x, { k: c.k, noise: false, clip: true }) - c.sklearn));
}
const acc: string[] = [];
acc.push('\n| accuracy check | result |');
acc.push('|---|---|');
acc.push(`| KSG-1 (noise off, clip) vs sklearn \`_compute_mi_cc\`, ${fixture('est_ksg.json').cases.length} fixture cases | max abs diff ${maxCc.toExponential(1)} |`);
acc.push(`| mixed (noise off, clip) vs sklearn \`_compute_mi_cd\`, ${fixture('est_mixed.json').cases.length} fixture cases | max abs diff ${maxCd.toExponential(1)} |`);
for (const rho of [0, 0.3, 0.6, 0.9, 0.99]) {
  const truth = -0.5 * Math.log(1 - rho * rho);
  let k = 0;
  let g = 0;
  for (let seed = 0; seed < 20; seed++) {
    const rng = createRng(seed);
    const x = new Float64Array(2000);
    const y = new Float64Array(2000);
    for (let i = 0; i < 2000; i++) {
      const a = rng.normal();
      const b = rng.normal();
      x[i] = a;
      y[i] = rho * a + Math.sqrt(1 - rho * rho) * b;
    }
    k += ksgMutualInformation(x, y, { seed });
    g += gaussianMutualInformationOf(x, y);
  }
  acc.push(`| ρ = ${rho}, n = 2000, mean of 20 seeds − truth (${truth.toFixed(4)}) | KSG ${(k / 20 - truth).toFixed(4)}, Gaussian ${(g / 20 - truth).toFixed(4)} |`);
}
const draws: [string, (r: ReturnType<typeof createRng>) => number, number][] = [
  ['N(0, 1)', (r) => r.normal(), 0.5 * Math.log(2 * Math.PI * Math.E)],
  ['Exp(1)', (r) => -Math.log(1 - r.next()), 1],
  ['U(0, 2)', (r) => 2 * r.next(), Math.LN2],
];
for (const [name, draw, truth] of draws) {
  const r0 = createRng(0);
  const one = klEntropy(Float64Array.from({ length: 5000 }, () => draw(r0))) - truth;
  acc.push(`| klEntropy ${name}, n = 5000, seed 0 − truth (${truth.toFixed(4)}) | ${one.toFixed(4)} |`);
}
process.stdout.write(acc.join('\n') + '\n');
