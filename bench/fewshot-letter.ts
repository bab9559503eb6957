// Few-shot classification of UCI Letter Recognition (examples/data/letter.csv) under the protocol declared in
// bench/fewshot-protocol.md: meta-train on A–P, meta-validate on Q–U, meta-test 5-way 1-shot and 5-shot on V–Z
// (600 fixed test episodes, the same for every method), accuracy ± 95% interval. Methods: protoNet, matchingNet,
// MAML, first-order MAML, nearest centroid on the standardised raw features, a pretrained 16-class classifier with a
// fine-tuned head, and a PyTorch ProtoNet (bench/peers/protonet_letter.py) trained from the same initial parameters
// on the same episodes.
//
//   flock /work/bench.lock npx tsx bench/fewshot-letter.ts [--shots 1,5] [--no-peer]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { adam, anil, createRng, maml, matchingNet, mlp, protoNet } from '../src/index.js';
import type { Episode, MetaLearner, MetricLearner } from '../src/index.js';
import { ONE_THREAD_ENV, PYTHON, scratchDir } from './harness.js';
import { TRAIN, loadLetter, plain, replay, samplers } from './fewshot-data.js';

void anil;
const shotList = (process.argv.includes('--shots') ? process.argv[process.argv.indexOf('--shots') + 1] : '1,5').split(',').map(Number);
const withPeer = !process.argv.includes('--no-peer');
const ITER = 3000, EVERY = 250, MAML_ITER = 1000, MAML_EVERY = 100;
const sizes = [16, 64, 64];
const data = loadLetter();
const d = data.d;

interface Row { method: string; acc: Float64Array; note: string; seconds: number }
const stat = (a: Float64Array): [number, number] => {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
  return [m, (1.96 * sd) / Math.sqrt(a.length)];
};
const pct = (a: Float64Array): string => {
  const [m, h] = stat(a);
  return `${(100 * m).toFixed(2)} ± ${(100 * h).toFixed(2)}`;
};
const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const argmaxRows = (p: Float64Array, C: number): Int32Array => {
  const out = new Int32Array(p.length / C);
  for (let i = 0; i < out.length; i++) {
    let b = 0;
    for (let c = 1; c < C; c++) if (p[i * C + c] > p[i * C + b]) b = c;
    out[i] = b;
  }
  return out;
};
const accOf = (pred: Int32Array, y: ArrayLike<number>): number => {
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === y[i]) ok++;
  return ok / pred.length;
};

/** Nearest centroid on the (standardised) raw features: protoNet with the identity as encoder. */
function centroid(eps: readonly Episode[]): Float64Array {
  return Float64Array.from(eps, (e) => {
    const ways = 5, ns = e.support.y.length, nq = e.query.y.length;
    const mu = new Float64Array(ways * d), cnt = new Float64Array(ways);
    for (let i = 0; i < ns; i++) {
      const c = e.support.y[i];
      cnt[c]++;
      for (let j = 0; j < d; j++) mu[c * d + j] += e.support.x[i * d + j];
    }
    const pred = new Int32Array(nq);
    for (let i = 0; i < nq; i++) {
      let best = Infinity;
      for (let c = 0; c < ways; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (e.query.x[i * d + j] - mu[c * d + j] / cnt[c]) ** 2;
        if (s < best) {
          best = s;
          pred[i] = c;
        }
      }
    }
    return accOf(pred, e.query.y);
  });
}

/** Pretrained 16-class classifier (16-64-64-16), trained once on all meta-train rows. */
function pretrain(): Float64Array {
  const model = mlp({ sizes: [16, 64, 64, 16] });
  const p = model.init(0, 'pytorch');
  const fp = model.fastPath('softmaxCrossEntropy');
  if (fp === undefined) throw new Error('no fast path');
  const code = new Map(TRAIN.map((c, i) => [c, i] as const));
  const rows = data.y.flatMap((c, i) => (code.has(c) ? [i] : []));
  const B = 128;
  const ws = new Float64Array(fp.workspace(B).ws), g = new Float64Array(p.length);
  const xb = new Float64Array(B * d), yb = new Float64Array(B);
  const opt = adam({ lr: 1e-3 });
  const rng = createRng(0);
  for (let step = 0; step < 3000; step++) {
    for (let i = 0; i < B; i++) {
      const r = rows[rng.int(rows.length)];
      xb.set(data.x.subarray(r * d, r * d + d), i * d);
      yb[i] = code.get(data.y[r]) as number;
    }
    fp.valueGrad(p, xb, yb, ws, g);
    opt.step(p, g);
  }
  return p;
}

/** Frozen body (the pretrained network's second hidden layer, after ReLU) + a fresh 5-way softmax head fitted on the support set. */
function fineTuneEval(p: Float64Array, eps: readonly Episode[]): Float64Array {
  const body = mlp({ sizes });
  const bp = p.slice(0, body.numParams);
  const H = 64, C = 5;
  const embed = (x: ArrayLike<number>): Float64Array => body.apply(bp, Float64Array.from(x)).map((v) => Math.max(0, v));
  return Float64Array.from(eps, (e) => {
    const zs = embed(e.support.x), zq = embed(e.query.x);
    const ns = e.support.y.length;
    const W = new Float64Array(H * C), b = new Float64Array(C), gW = new Float64Array(H * C), gb = new Float64Array(C), pr = new Float64Array(C);
    for (let step = 0; step < 100; step++) {
      gW.fill(0);
      gb.fill(0);
      for (let i = 0; i < ns; i++) {
        let mx = -Infinity;
        for (let c = 0; c < C; c++) {
          let s = b[c];
          for (let h = 0; h < H; h++) s += zs[i * H + h] * W[h * C + c];
          pr[c] = s;
          mx = Math.max(mx, s);
        }
        let z = 0;
        for (let c = 0; c < C; c++) z += pr[c] = Math.exp(pr[c] - mx);
        for (let c = 0; c < C; c++) {
          const gc = (pr[c] / z - (c === e.support.y[i] ? 1 : 0)) / ns;
          gb[c] += gc;
          for (let h = 0; h < H; h++) gW[h * C + c] += gc * zs[i * H + h];
        }
      }
      for (let k = 0; k < W.length; k++) W[k] -= 0.5 * gW[k];
      for (let c = 0; c < C; c++) b[c] -= 0.5 * gb[c];
    }
    const nq = e.query.y.length, logits = new Float64Array(nq * C);
    for (let i = 0; i < nq; i++) for (let c = 0; c < C; c++) {
      let s = b[c];
      for (let h = 0; h < H; h++) s += zq[i * H + h] * W[h * C + c];
      logits[i * C + c] = s;
    }
    return accOf(argmaxRows(logits, C), e.query.y);
  });
}

function mamlAcc(l: MetaLearner, eps: readonly Episode[], steps: number): Float64Array {
  return Float64Array.from(eps, (e) => {
    const fast = l.adapt(l.params, e.support, { steps });
    return accOf(argmaxRows(l.model.apply(fast, e.query.x), 5), e.query.y);
  });
}

const pretrained = (() => {
  const t0 = cpu();
  const p = pretrain();
  return { p, seconds: cpu() - t0 };
})();

const results = new Map<number, Row[]>();
for (const K of shotList) {
  const s = samplers(data, K);
  const val = s.val.episodes(100, 7), test = s.test.episodes(600, 2026);
  const rng = createRng(1000 + K);
  const trainEps = Array.from({ length: ITER }, () => s.train.sample(rng));
  const init = mlp({ sizes }).init(0, 'pytorch');
  const rows: Row[] = [];
  const metric = (name: string, net: MetricLearner): void => {
    const t0 = cpu();
    const fit = net.fit(replay(s.train, trainEps), { iterations: ITER, validation: { tasks: val, every: EVERY } });
    const seconds = cpu() - t0;
    rows.push({ method: name, acc: net.score(test).accuracies, note: `best iteration ${fit.validation?.bestIteration}`, seconds });
  };
  metric('protoNet (infometa)', protoNet({ encoder: mlp({ sizes }), params: init }));
  if (withPeer) {
    const { dir, cleanup } = scratchDir('fewshot-letter');
    writeFileSync(`${dir}/ep.json`, JSON.stringify({ sizes, ways: 5, every: EVERY, params: Array.from(init), train: trainEps.map(plain), val: val.map(plain), test: test.map(plain) }));
    const out = JSON.parse(execFileSync(PYTHON, ['bench/peers/protonet_letter.py', `${dir}/ep.json`], { encoding: 'utf8', env: ONE_THREAD_ENV, maxBuffer: 1 << 26 }).trim().split('\n').pop() as string) as { torch: string; accuracies: number[]; train_s: number };
    cleanup();
    rows.push({ method: `ProtoNet (PyTorch ${out.torch}, same episodes)`, acc: Float64Array.from(out.accuracies), note: 'same validation rule', seconds: out.train_s });
  }
  metric('matchingNet (τ = 1)', matchingNet({ encoder: mlp({ sizes }), params: init }));
  for (const firstOrder of [false, true]) {
    const model = mlp({ sizes: [16, 64, 64, 5] });
    const l = maml({ model, innerLr: 0.1, innerSteps: 5, firstOrder, seed: 0, loss: 'classification' });
    const t0 = cpu();
    const fit = l.fit(s.train, { iterations: MAML_ITER, metaBatchSize: 4, shots: K, queryShots: 15, seed: K, outerOptimizer: adam({ lr: 1e-3 }), validation: { tasks: val, every: MAML_EVERY } });
    let bestSteps = 5, bestAcc = -1;
    for (const st of [5, 10, 20]) {
      const [a] = stat(mamlAcc(l, val, st));
      if (a > bestAcc) [bestAcc, bestSteps] = [a, st];
    }
    rows.push({ method: firstOrder ? 'first-order MAML' : 'MAML (second order)', acc: mamlAcc(l, test, bestSteps), note: `best iteration ${fit.validation?.bestIteration}, ${bestSteps} steps`, seconds: cpu() - t0 });
  }
  rows.push({ method: 'nearest centroid (standardised raw features)', acc: centroid(test), note: '', seconds: 0 });
  const t0 = cpu();
  rows.push({ method: 'pretrained 16-class classifier + fine-tuned head', acc: fineTuneEval(pretrained.p, test), note: '100 head steps', seconds: pretrained.seconds + cpu() - t0 });
  results.set(K, rows);
  for (const r of rows) console.log(`K=${K} ${r.method}: ${pct(r.acc)} (${r.note || '—'}, ${r.seconds.toFixed(1)} s)`);
  const proto = rows[0].acc, cen = rows.find((r) => r.method.startsWith('nearest'))?.acc as Float64Array;
  const diff = proto.map((v, i) => v - cen[i]);
  console.log(`K=${K}: protoNet − nearest centroid (paired, same episodes) = ${pct(diff)} points`);
  const peer = rows.find((r) => r.method.includes('PyTorch'));
  if (peer !== undefined) console.log(`K=${K}: protoNet − PyTorch ProtoNet (paired) = ${pct(proto.map((v, i) => v - peer.acc[i]))} points`);
}

console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log('');
console.log(`| method | ${shotList.map((k) => `5-way ${k}-shot accuracy (%)`).join(' | ')} | ${shotList.map((k) => `${k}-shot: chosen by validation`).join(' | ')} | ${shotList.map((k) => `${k}-shot: train CPU s`).join(' | ')} |`);
console.log(`| --- | ${shotList.map(() => '---').join(' | ')} | ${shotList.map(() => '---').join(' | ')} | ${shotList.map(() => '---').join(' | ')} |`);
const names = (results.get(shotList[0]) as Row[]).map((r) => r.method);
for (const name of names) {
  const per = shotList.map((k) => (results.get(k) as Row[]).find((r) => r.method === name) as Row);
  console.log(`| ${name} | ${per.map((r) => pct(r.acc)).join(' | ')} | ${per.map((r) => r.note || '—').join(' | ')} | ${per.map((r) => r.seconds.toFixed(1)).join(' | ')} |`);
}
