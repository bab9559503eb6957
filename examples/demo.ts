// The demo: information theory on a real multi-label dataset (emotions: 593 music clips, 6 emotion labels).
// Run with `npm run demo`. Each label is a binary task; we measure how much each one tells about the others.
import { readFileSync } from 'node:fs';
import {
  adjustedMutualInformationOf,
  entropyOf,
  jsDivergence,
  klDivergence,
  mutualInformationOf,
  miml,
  normalizedMutualInformationOf,
} from 'infometa';

const csv = readFileSync(new URL('./data/emotions.csv', import.meta.url), 'utf8').trim().split('\n');
const header = csv[0].split(',');
const rows = csv.slice(1).map((line) => line.split(','));
const L = 6; // the labels are the last 6 columns
const names = header.slice(-L);
const labels = names.map((_, j) => Int32Array.from(rows, (r) => Number(r[r.length - L + j])));
const short = names.map((n) => n.split('-')[0]);
const n = rows.length;

const pad = (s: string, w: number) => s.padStart(w);
function printMatrix(title: string, f: (i: number, j: number) => number, digits = 3): void {
  console.log(`\n${title}`);
  console.log(pad('', 10) + short.map((s) => pad(s, 9)).join(''));
  for (let i = 0; i < L; i++) {
    console.log(pad(short[i], 10) + short.map((_, j) => pad(f(i, j).toFixed(digits), 9)).join(''));
  }
}

console.log(`emotions: ${n} clips, ${L} binary labels (tasks)\n`);
console.log('Entropy of each label');
console.log(pad('label', 18) + pad('P(label=1)', 12) + pad('H (bits)', 10) + pad('H (nats)', 10) + pad('H Miller–Madow', 16));
for (let j = 0; j < L; j++) {
  const p1 = labels[j].reduce((a, b) => a + b, 0) / n;
  console.log(
    pad(names[j], 18) +
      pad(p1.toFixed(3), 12) +
      pad(entropyOf(labels[j], { base: 2 }).toFixed(4), 10) +
      pad(entropyOf(labels[j]).toFixed(4), 10) +
      pad(entropyOf(labels[j], { estimator: 'miller-madow' }).toFixed(4), 16),
  );
}

printMatrix('Mutual information I(label i; label j) in bits (diagonal = H)', (i, j) => mutualInformationOf(labels[i], labels[j], { base: 2 }));
printMatrix('Normalized mutual information (arithmetic mean of the entropies)', (i, j) => normalizedMutualInformationOf(labels[i], labels[j]));
printMatrix('Adjusted mutual information (corrected for chance)', (i, j) => adjustedMutualInformationOf(labels[i], labels[j]));

// KL between the labels' marginal distributions [P(0), P(1)]: how differently often each emotion is tagged.
const dist = labels.map((x) => {
  const p1 = x.reduce((a, b) => a + b, 0) / n;
  return [1 - p1, p1];
});
printMatrix('KL divergence D(label i ‖ label j) of the label distributions, bits', (i, j) => klDivergence(dist[i], dist[j], { base: 2 }), 4);
printMatrix('Jensen–Shannon divergence of the label distributions, bits', (i, j) => jsDivergence(dist[i], dist[j], { base: 2 }), 4);

// The most dependent pair: the related task a target should learn with.
let best = { i: 0, j: 1, v: -1 };
for (let i = 0; i < L; i++) for (let j = i + 1; j < L; j++) {
  const v = normalizedMutualInformationOf(labels[i], labels[j]);
  if (v > best.v) best = { i, j, v };
}
console.log(`\nMost dependent pair: ${names[best.i]} and ${names[best.j]} (NMI ${best.v.toFixed(3)})`);

// MIML end to end: for each emotion, pick its 2 most related labels on the training clips, learn the emotion together
// with them in one shared-latent model, and compare with learning it alone and with all six labels (held-out clips).
console.log('\nMIML: each label learned with its 2 most related labels (70/30 split, seed 0), held-out AUC');
console.log(pad('target', 18) + pad('related labels', 34) + pad('alone', 8) + pad('MIML', 8) + pad('all 6', 8));
const features = rows.map((r) => r.slice(0, r.length - L).map(Number));
const tasks = labels.map((x) => Array.from(x));
for (const target of names) {
  const r = miml(
    { x: features, tasks, names },
    { target, k: 2, testFraction: 0.3, seed: 0, modelOptions: { rank: 8, lambda: 0.03, epochs: 60, batchSize: 64 } },
  );
  const auc = (m: { auc: number | null } | null) => (m?.auc ?? NaN).toFixed(3);
  console.log(
    pad(target, 18) + pad(r.related.map((t) => t.name).join(', '), 34) + pad(auc(r.metrics.single), 8) + pad(auc(r.metrics.miml), 8) + pad(auc(r.metrics.all), 8),
  );
}
