// Core (issue 2) benchmark: entropy vs scipy.stats.entropy, mutualInformationOf vs sklearn mutual_info_score,
// adjustedMutualInformationOf vs sklearn adjusted_mutual_info_score, on identical seeded inputs written to raw
// files that both sides read. Ours and the peer alternate in rounds, so that load from other processes on the
// machine hits both alike; each cell is the median over all rounds.
//
//   npx tsx bench/core.bench.ts                # everything
//   npx tsx bench/core.bench.ts entropy mi     # a subset: entropy | kernel | mi | memory | ami
//   ROUNDS=5 npx tsx bench/core.bench.ts       # more rounds (default 3)
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adjustedMutualInformationOf, createRng, entropy, mutualInformationOf } from '../src/index.js';
import { dxlogx } from '../src/kernels/entropy.js';
import {
  bytes,
  machine,
  median,
  memoryDelta,
  ms,
  peerVersions,
  runPeer,
  scratchDir,
  table,
  time,
  writeBin,
} from './harness.js';

const PEER = fileURLToPath(new URL('./peers/core_peer.py', import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const only = process.argv.slice(2);
const wants = (part: string): boolean => only.length === 0 || only.includes(part);

type Kind = 'entropy' | 'mi' | 'ami';

interface Case {
  kind: Kind;
  label: string;
  size: string;
  files: string[];
  repeats: number;
  ours: () => number;
  target?: number;
}

interface PeerReply {
  versions: Record<string, string>;
  results: { kind: Kind; n: number; samples_ms: number[]; cpu_ms: number[]; value: number }[];
}

const { dir, cleanup } = scratchDir('infometa-core-bench-');
const rng = createRng(20261121);

/** A probability vector of length n: cubed uniforms (so values span several decades), normalized. */
function distribution(n: number): Float64Array {
  const p = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    p[i] = u * u * u + 1e-300;
    s += p[i];
  }
  for (let i = 0; i < n; i++) p[i] /= s;
  return p;
}

/** Two dependent label vectors with kx × ky categories: y copies x (mod ky) with probability `keep`. */
function labels(n: number, kx: number, ky: number, keep: number): [Int32Array, Int32Array] {
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.int(kx);
    y[i] = rng.next() < keep ? x[i] % ky : rng.int(ky);
  }
  return [x, y];
}

/** 1e5 → "10⁵". */
function sci(n: number): string {
  const e = Math.round(Math.log10(n));
  return 10 ** e === n ? `10${String(e).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)])}` : String(n);
}

const cases: Case[] = [];

if (wants('entropy')) {
  for (const [n, repeats] of [
    [1e5, 40],
    [1e6, 15],
    [1e7, 5],
  ] as const) {
    const p = distribution(n);
    const f = join(dir, `p${n}.bin`);
    writeBin(f, p);
    cases.push({
      kind: 'entropy',
      label: 'entropy(p)',
      size: `n = ${sci(n)}`,
      files: [f],
      repeats,
      ours: () => entropy(p),
      target: n === 1e7 ? 2 : undefined,
    });
  }
}

if (wants('mi')) {
  for (const [n, repeats] of [
    [1e5, 20],
    [1e6, 7],
  ] as const) {
    const [x, y] = labels(n, 10, 10, 0.3);
    const fx = join(dir, `mx${n}.bin`);
    const fy = join(dir, `my${n}.bin`);
    writeBin(fx, x);
    writeBin(fy, y);
    cases.push({
      kind: 'mi',
      label: 'mutualInformationOf(x, y)',
      size: `n = ${sci(n)}, 10×10`,
      files: [fx, fy],
      repeats,
      ours: () => mutualInformationOf(x, y),
      target: n === 1e6 ? 50 : undefined,
    });
  }
}

if (wants('ami')) {
  for (const [n, k, repeats] of [
    [2000, 30, 15],
    [20000, 300, 5],
    [50000, 500, 3],
  ] as const) {
    const [x, y] = labels(n, k, k, 0.5);
    const fx = join(dir, `ax${n}.bin`);
    const fy = join(dir, `ay${n}.bin`);
    writeBin(fx, x);
    writeBin(fy, y);
    cases.push({
      kind: 'ami',
      label: 'adjustedMutualInformationOf(x, y)',
      size: `n = ${n}, ${k}×${k}`,
      files: [fx, fy],
      repeats,
      ours: () => adjustedMutualInformationOf(x, y),
      target: n === 20000 && k === 300 ? 5 : undefined,
    });
  }
}

const m = machine();
console.log(`# infometa core benchmark`);
console.log(`CPU: ${m.cpu} (${m.cores} cores, shared with other jobs; load average at start ${m.load})`);
console.log(`Node ${m.node}; peer: ${JSON.stringify(peerVersions(PEER))}; rounds: ${ROUNDS}\n`);

const oursWall = cases.map(() => [] as number[]);
const oursCpu = cases.map(() => [] as number[]);
const peerWall = cases.map(() => [] as number[]);
const peerCpu = cases.map(() => [] as number[]);
const oursValue = cases.map(() => NaN);
const peerValue = cases.map(() => NaN);

for (let round = 0; round < ROUNDS; round++) {
  cases.forEach((c, i) => {
    const t = time(c.ours, c.repeats, round === 0 ? 3 : 1);
    oursWall[i].push(...t.wall);
    oursCpu[i].push(...t.cpu);
    oursValue[i] = c.ours();
  });
  if (cases.length > 0) {
    const reply = runPeer<PeerReply>(PEER, {
      tasks: cases.map((c) => ({ kind: c.kind, files: c.files, repeats: c.repeats, warmup: 1 })),
    });
    reply.results.forEach((r, i) => {
      peerWall[i].push(...r.samples_ms);
      peerCpu[i].push(...r.cpu_ms);
      peerValue[i] = r.value;
    });
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
}

if (cases.length > 0) {
  const peerName: Record<Kind, string> = {
    entropy: 'scipy.stats.entropy',
    mi: 'sklearn mutual_info_score',
    ami: 'sklearn adjusted_mutual_info_score',
  };
  const rows = cases.map((c, i) => {
    const oc = median(oursCpu[i]);
    const pc = median(peerCpu[i]);
    const ow = median(oursWall[i]);
    const pw = median(peerWall[i]);
    const ratio = pc / oc;
    const agree = Math.abs(oursValue[i] - peerValue[i]) / Math.max(Math.abs(peerValue[i]), 1e-300);
    const check = c.target === undefined ? '' : `≥ ${c.target}×: ${ratio >= c.target ? 'met' : 'NOT met'}`;
    return [c.label, c.size, ms(oc), ms(pc), `${ratio.toFixed(2)}×`, `${ms(ow)} / ${ms(pw)} (${(pw / ow).toFixed(2)}×)`, agree.toExponential(1), check];
  });
  console.log('Median per call over all rounds (ms). CPU = process CPU time; ratio = peer / ours (> 1: infometa faster).');
  console.log(`Peers: ${[...new Set(cases.map((c) => peerName[c.kind]))].join(', ')}.\n`);
  table(['measure', 'size', 'ours CPU', 'peer CPU', 'ratio (CPU)', 'wall: ours / peer (ratio)', '|Δ| rel.', 'target (CPU ratio)'], rows);
}

if (wants('kernel')) {
  // The log kernel on its own: compensated Σ p ln p with flog (dxlogx) vs the same loop over Math.log, on an array
  // that stays in cache (10⁵) and on one that streams from memory (10⁷).
  const withMathLog = (q: Float64Array): number => {
    let s = 0;
    let c = 0;
    for (let i = 0; i < q.length; i++) {
      const v = q[i];
      if (v > 0) {
        const term = v * Math.log(v);
        const t = s + term;
        if (Math.abs(s) >= Math.abs(term)) c += s - t + term;
        else c += term - t + s;
        s = t;
      }
    }
    return s + c;
  };
  const rows: string[][] = [];
  for (const [n, repeats] of [
    [1e5, 50],
    [1e7, 5],
  ] as const) {
    const p = distribution(n);
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      a.push(...time(() => dxlogx(n, p, 1, 0), repeats, round === 0 ? 3 : 1).cpu);
      b.push(...time(() => withMathLog(p), repeats, round === 0 ? 3 : 1).cpu);
    }
    const ns = (v: number): string => ((v * 1e6) / n).toFixed(2);
    rows.push(['dxlogx', sci(n), `${ms(median(a))} (${ns(median(a))} ns/elem)`, `${ms(median(b))} (${ns(median(b))} ns/elem)`, `${(median(b) / median(a)).toFixed(2)}×`]);
  }
  console.log('\nThe log kernel alone: compensated Σ p ln p (median CPU ms).\n');
  table(['loop', 'n', 'flog (ms)', 'Math.log (ms)', 'ratio'], rows);
}

if (wants('memory')) {
  // MI from 10⁶ / 10⁵ labels: memory beyond the inputs should be O(categories) (+ the factorized codes at most).
  const rows: string[][] = [];
  for (const n of [1e5, 1e6]) {
    const [x, y] = labels(n, 10, 10, 0.3);
    const d = memoryDelta(() => mutualInformationOf(x, y), 5);
    const inputs = x.byteLength + y.byteLength;
    rows.push([`n = ${sci(n)}, 10×10`, bytes(inputs), bytes(d.allocated), (d.allocated / n).toFixed(2), bytes(d.retained)]);
  }
  console.log('\nMemory of mutualInformationOf beyond its inputs (heap + ArrayBuffers, median of 5 runs).\n');
  table(['size', 'inputs', 'allocated by the call', 'bytes / label', 'retained after gc'], rows);
}

cleanup();
console.log(`\nload average at end ${machine().load}`);
