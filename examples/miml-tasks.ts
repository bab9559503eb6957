// MIML on two multi-label data sets: which labels (tasks) inform which, how significant, which to learn together.
// Run: npx tsup && npx tsx examples/miml-tasks.ts   (writes SVG heatmaps into examples/out/)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyHeatmapSVG, groupTasks, mutualInformationOf, selectRelatedTasks, taskDependencyFromPredictions, taskDependencyMatrix } from 'infometa';
import { loadMultiLabel } from './data/load.js';

const out = join(dirname(fileURLToPath(import.meta.url)), 'out');
mkdirSync(out, { recursive: true });

for (const [file, labels] of [['emotions.csv', 6], ['yeast.csv', 14]] as const) {
  const data = loadMultiLabel(file, labels);
  const t0 = performance.now();
  const dep = taskDependencyMatrix(data.labels, { names: data.labelNames, permutations: 1000, seed: 7, base: 2 });
  const ms = performance.now() - t0;
  console.log(`\n${file}: ${labels} tasks × ${data.labels[0].length} instances, MI matrix + 1000 permutations in ${ms.toFixed(0)} ms`);

  const target = data.labelNames[0];
  console.log(`tasks most informative about ${target} (bits, p-value):`);
  for (const r of selectRelatedTasks(dep, target, { k: 3, maxPValue: 0.01 })) {
    console.log(`  ${r.name.padEnd(18)} ${r.score.toFixed(4)}  p=${r.pValue?.toFixed(4)}`);
  }
  const mrmr = selectRelatedTasks(dep, target, { k: 3, strategy: 'mrmr' }).map((r) => r.name);
  console.log(`mRMR choice for ${target}: ${mrmr.join(', ')}`);

  const nmi = taskDependencyMatrix(data.labels, { names: data.labelNames, measure: 'nmi' });
  const groups = groupTasks(nmi, { groups: labels > 6 ? 4 : 3 });
  console.log('task groups (average-linkage on NMI):', groups.names.map((g) => `[${g.join(', ')}]`).join(' '));

  const name = file.replace('.csv', '');
  writeFileSync(join(out, `${name}-mi.svg`), dependencyHeatmapSVG(dep, { title: `${name}: mutual information between labels (bits)` }));
  const ce = taskDependencyMatrix(data.labels, { names: data.labelNames, measure: 'conditional-entropy', base: 2, permutations: 200, seed: 7 });
  writeFileSync(join(out, `${name}-conditional-entropy.svg`), dependencyHeatmapSVG(ce));
  console.log(`wrote examples/out/${name}-mi.svg and ${name}-conditional-entropy.svg`);
}

// Tasks that do not share labelled instances: task A is labelled on the first half of emotions only, task B on the
// second half only. A soft 15-nearest-neighbour model of each predicts p(label | x) on every clip; the MI of the soft
// joint of the two models' predictions estimates how the tasks depend, without any clip labelled for both.
{
  const data = loadMultiLabel('emotions.csv', 6);
  const X = standardize(data.features);
  const n = X.length;
  const half = Math.floor(n / 2);
  const [a, b] = [2, 5]; // relaxing-calm and angry-aggresive
  const predict = (train: number[], labels: number[]): number[][] =>
    X.map((x) => {
      const near = train
        .map((i) => ({ i, d: X[i].reduce((s, v, f) => s + (v - x[f]) ** 2, 0) }))
        .sort((p, q) => p.d - q.d)
        .slice(0, 15);
      const p1 = near.reduce((s, { i }) => s + labels[i], 0) / near.length;
      return [1 - p1, p1];
    });
  const idx = Array.from({ length: n }, (_, i) => i);
  const pa = predict(idx.slice(0, half), data.labels[a]);
  const pb = predict(idx.slice(half), data.labels[b]);
  const soft = taskDependencyFromPredictions(pa, pb, { base: 2 });
  const hard = mutualInformationOf(data.labels[a], data.labels[b], { base: 2 });
  console.log(`\n${data.labelNames[a]} vs ${data.labelNames[b]} from disjointly labelled halves:`);
  console.log(`  soft MI of 15-NN predictions ${soft.toFixed(4)} bits (MI of the true labels on all clips: ${hard.toFixed(4)} bits)`);
}

function standardize(rows: number[][]): number[][] {
  const d = rows[0].length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of rows) r.forEach((v, f) => (mean[f] += v / rows.length));
  for (const r of rows) r.forEach((v, f) => (sd[f] += (v - mean[f]) ** 2 / rows.length));
  return rows.map((r) => r.map((v, f) => (v - mean[f]) / (Math.sqrt(sd[f]) || 1)));
}
