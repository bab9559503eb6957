// MIML on two multi-label data sets: which labels (tasks) inform which, how significant, which to learn together.
// Run: npx tsup && npx tsx examples/miml-tasks.ts   (writes SVG heatmaps into examples/out/)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyHeatmapSVG, groupTasks, selectRelatedTasks, taskDependencyMatrix } from 'infometa';
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
