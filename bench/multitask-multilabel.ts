// emotions and yeast, a fixed 70/30 split per seed, 5 seeds: macro-F1 and macro-AUC of (a) binary relevance
// (an L2 logistic regression per label), (b) one SharedLatentModel over all labels, (c) MIML: each label learned with
// its k most related labels (dependency matrix of the training labels). Every hyper-parameter (λ of (a), the model
// configuration of (b) and (c), per label for (c)) is chosen on a 80/20 validation split of the training part.
// Run: npx tsx bench/multitask-multilabel.ts emotions|yeast [seeds=5]
import { loadMultiLabel } from '../examples/data/load.js';
import { SharedLatentModel, miml } from '../src/index.js';
import type { MimlModelOptions } from '../src/index.js';
import { fitLogistic, predictLogistic } from '../src/meta/multitask/logistic.js';
import { f1Of, rocAuc } from '../src/meta/multitask/metrics.js';
import { splitIndices } from '../src/meta/multitask/miml.js';

const which = process.argv[2] ?? 'emotions';
const SEEDS = Number(process.argv[3] ?? 5);
const SEED0 = Number(process.argv[4] ?? 0);
const EPOCHS = Number(process.env.EPOCHS ?? 100);
const RW = Number(process.env.RW ?? 1);
const BATCH = Number(process.env.BATCH ?? 64);
const L = which === 'yeast' ? 14 : 6;
const K = which === 'yeast' ? 3 : 2;
// Candidate numbers of related labels for (c), chosen per label on validation (default: K only).
const KS = (process.env.KS ?? `${K}`).split(',').map(Number);
const ds = loadMultiLabel(`${which}.csv`, L);
const n = ds.features.length, d = ds.features[0].length;
const names = ds.labelNames;

const LAMBDAS = (process.env.LAMBDAS ?? '1e-2,3e-2,1e-1').split(',').map(Number);
const configs: MimlModelOptions[] = LAMBDAS.flatMap((lambda) => [
  { rank: 8, trunk: 'linear', lambda },
  { rank: 8, trunk: { hidden: [32], activation: 'relu' }, lambda },
]).map((c): MimlModelOptions => ({ ...c, epochs: EPOCHS, batchSize: BATCH, lr: 0.01 }) as MimlModelOptions);
const cfgName = (c: MimlModelOptions): string => `${c.trunk === 'linear' ? 'linear' : 'mlp32'}/λ=${c.lambda}`;

type Rows = number[][];
const sub = (idx: ArrayLike<number>): Rows => Array.from(idx, (i) => ds.features[i]);
const lab = (t: number, idx: ArrayLike<number>): number[] => Array.from(idx, (i) => ds.labels[t][i]);
const flat = (rows: Rows): Float64Array => Float64Array.from(rows.flat());

function macro(probs: Float64Array[], idx: ArrayLike<number>): { f1: number; auc: number } {
  let f1 = 0, auc = 0, na = 0;
  for (let t = 0; t < L; t++) {
    const y = lab(t, idx);
    f1 += f1Of(y, Array.from(probs[t], (p) => (p >= 0.5 ? 1 : 0)));
    const a = rocAuc(y, probs[t]);
    if (a !== null) { auc += a; na++; }
  }
  return { f1: f1 / L, auc: auc / na };
}

function meanSd(a: number[]): string {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, a.length - 1));
  return `${m.toFixed(4)} ± ${sd.toFixed(4)}`;
}

const res = { br: { f1: [] as number[], auc: [] as number[] }, all: { f1: [] as number[], auc: [] as number[] }, miml: { f1: [] as number[], auc: [] as number[] } };
const chosen: string[] = [];
const t0 = performance.now();
for (let seed = SEED0; seed < SEED0 + SEEDS; seed++) {
  const split = splitIndices(n, Math.round(0.3 * n), seed);
  const inner = splitIndices(split.train.length, Math.round(0.2 * split.train.length), 100 + seed);
  const innerTr = Array.from(inner.train, (i) => split.train[i]);
  const innerVa = Array.from(inner.test, (i) => split.train[i]);
  const Xtr = sub(split.train), Xte = sub(split.test);

  // (a) binary relevance: logistic regression per label, λ per label by validation AUC.
  const brProbs: Float64Array[] = [];
  const brLam: number[] = [];
  for (let t = 0; t < L; t++) {
    let best = 1e-3, bestAuc = -1;
    for (const lam of [1e-4, 1e-3, 1e-2, 1e-1, 1]) {
      const f = fitLogistic(innerTr.length, d, flat(sub(innerTr)), lab(t, innerTr), lam);
      const a = rocAuc(lab(t, innerVa), predictLogistic(f, innerVa.length, d, flat(sub(innerVa)))) ?? 0;
      if (a > bestAuc) { bestAuc = a; best = lam; }
    }
    brLam.push(best);
    brProbs.push(predictLogistic(fitLogistic(Xtr.length, d, flat(Xtr), lab(t, split.train), best), Xte.length, d, flat(Xte)));
  }
  const br = macro(brProbs, split.test);
  res.br.f1.push(br.f1); res.br.auc.push(br.auc);

  // (b) one shared-latent model over all labels, configuration by validation macro-AUC.
  const fitAll = (rows: Rows, idx: ArrayLike<number>, c: MimlModelOptions): SharedLatentModel => {
    const m = new SharedLatentModel({ ...c, rank: c.rank ?? 8, solver: 'adam' });
    m.fit(names.map((name, t) => ({ name, x: rows, y: lab(t, idx), type: 'binary' as const })), { seed });
    return m;
  };
  let bestAll = configs[0], bestAllAuc = -1;
  const XinTr = sub(innerTr), XinVa = sub(innerVa);
  for (const c of configs) {
    const m = fitAll(XinTr, innerTr, c);
    const a = macro(names.map((nm) => m.predict(nm, XinVa)), innerVa).auc;
    if (a > bestAllAuc) { bestAllAuc = a; bestAll = c; }
  }
  const mAll = fitAll(Xtr, split.train, bestAll);
  const all = macro(names.map((nm) => mAll.predict(nm, Xte)), split.test);
  res.all.f1.push(all.f1); res.all.auc.push(all.auc);

  // (c) MIML per label: the configuration per label by validation AUC of that label (miml on the training part),
  // then miml on the full data with the seed's split.
  const trainSet = { x: Xtr, tasks: names.map((_, t) => lab(t, split.train)), names };
  const full = { x: ds.features, tasks: ds.labels, names };
  const mimlProbs: Float64Array[] = [];
  const picks: string[] = [];
  for (let t = 0; t < L; t++) {
    let best = configs[0], bestK = KS[0], bestAuc = -1;
    for (const k of KS) {
      for (const c of configs) {
        const r = miml(trainSet, { target: t, k, modelOptions: c, testFraction: 0.2, seed: 100 + seed, baselines: false, relatedWeight: RW });
        const a = r.metrics.miml.auc ?? 0;
        if (a > bestAuc) { bestAuc = a; best = c; bestK = k; }
      }
    }
    picks.push(KS.length > 1 ? `${cfgName(best)}/k=${bestK}` : cfgName(best));
    const r = miml(full, { target: t, k: bestK, modelOptions: best, testFraction: 0.3, seed, baselines: false, relatedWeight: RW });
    if (r.split.test.length !== split.test.length || r.split.test.some((v, i) => v !== split.test[i])) throw new Error('split mismatch');
    mimlProbs.push(r.model.predict(names[t], Xte));
  }
  const mm = macro(mimlProbs, split.test);
  res.miml.f1.push(mm.f1); res.miml.auc.push(mm.auc);
  chosen.push(`seed ${seed}: (a) λ ${brLam.join(', ')}; (b) ${cfgName(bestAll)}; (c) ${picks.join(', ')}`);
  console.error(chosen[chosen.length - 1]);
  console.error(`seed ${seed}: BR F1 ${br.f1.toFixed(4)} AUC ${br.auc.toFixed(4)} | all F1 ${all.f1.toFixed(4)} AUC ${all.auc.toFixed(4)} | MIML F1 ${mm.f1.toFixed(4)} AUC ${mm.auc.toFixed(4)}  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
console.log(`${which}: ${n} instances, ${d} features, ${L} labels; 70/30 split, ${SEEDS} seeds (mean ± sd); MIML k = ${KS.join(' or ')} related labels (per label on validation); models: Adam, ${EPOCHS} epochs, batch ${BATCH}, configurations {linear, MLP [32]} × λ ∈ {${LAMBDAS.join(", ")}}, rank 8.\n`);
console.log('| method | macro-F1 | macro-AUC |');
console.log('|---|---|---|');
console.log(`| (a) binary relevance (L2 logistic regression per label) | ${meanSd(res.br.f1)} | ${meanSd(res.br.auc)} |`);
console.log(`| (b) one SharedLatentModel over all ${L} labels | ${meanSd(res.all.f1)} | ${meanSd(res.all.auc)} |`);
console.log(`| (c) MIML: each label with its ${KS.join(' or ')} most related labels | ${meanSd(res.miml.f1)} | ${meanSd(res.miml.auc)} |`);
console.log(`\nConfigurations chosen on validation:\n${chosen.map((c) => `- ${c}`).join('\n')}`);
console.log(`\nTotal time ${((performance.now() - t0) / 1000).toFixed(0)} s (2 shared cores, other jobs running).`);
