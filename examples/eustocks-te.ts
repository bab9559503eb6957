// Transfer-entropy network of four European stock indices (DAX, SMI, CAC, FTSE; daily closes 1991–1998, R's
// EuStockMarkets): which market's past log-return tells about another's next one, with surrogate p-values corrected
// for the 12 directed tests. Run: npx tsup && npx tsx examples/eustocks-te.ts [surrogates]   (default 999)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { activeInformationStorage, selectEmbedding, transferEntropyMatrix } from 'infometa';
import type { TransferEntropyMatrix } from 'infometa';

const here = dirname(fileURLToPath(import.meta.url));
const surrogates = Number(process.argv[2] ?? 999);

// Load the closing prices and turn each index into daily log-returns r[t] = ln p[t] − ln p[t−1].
const lines = readFileSync(join(here, 'data', 'eustocks.csv'), 'utf8').trim().split(/\r?\n/);
const names = lines[0].split(',').slice(1);
const prices = names.map((_, j) => lines.slice(1).map((l) => Number(l.split(',')[j + 1])));
const returns = prices.map((p) => Float64Array.from(p.slice(1), (v, t) => Math.log(v) - Math.log(p[t])));
console.log(`${names.join(', ')}: ${returns[0].length} daily log-returns each`);

// How much of each index's next return its own past predicts, and the history length that maximises it.
for (let i = 0; i < names.length; i++) {
  const e = selectEmbedding(returns[i], { kMax: 4 });
  console.log(`  ${names[i]}: AIS (k = 1) ${activeInformationStorage(returns[i]).toFixed(4)} nats; best k by AIS: ${e.k}`);
}

function show(title: string, m: TransferEntropyMatrix, ms: number): void {
  const T = m.size;
  console.log(`\n${title} (${ms.toFixed(0)} ms): TE in nats, row = source → column = target, [p-value, BH q-value]`);
  console.log(`${''.padEnd(6)}${names.map((n) => n.padStart(24)).join('')}`);
  for (let i = 0; i < T; i++) {
    const cells = names.map((_, j) => {
      if (i === j) return '—'.padStart(24);
      const k = i * T + j;
      return `${m.values[k].toFixed(4)} [${m.pValues?.[k].toFixed(3)}, ${m.qValues?.[k].toFixed(3)}]`.padStart(24);
    });
    console.log(`${names[i].padEnd(6)}${cells.join('')}`);
  }
  const edges = m.edges({ alpha: 0.05 });
  console.log(edges.length === 0 ? 'no edge significant at q ≤ 0.05' : `significant at q ≤ 0.05: ${edges.map((e) => `${e.source}→${e.target} (${e.te.toFixed(4)}, p ${e.pValue.toFixed(3)})`).join(', ')}`);
}

for (const estimator of ['gaussian', 'ksg'] as const) {
  const t0 = performance.now();
  // k = l = 1, delay 1; KSG with 4 neighbours and JIDT's default tie-breaking noise (seeded).
  const m = transferEntropyMatrix(returns, names, { estimator, surrogates, seed: 1 });
  show(`${estimator === 'ksg' ? 'KSG' : 'Gaussian (linear)'} transfer entropy, ${surrogates} shuffled-source surrogates per pair`, m, performance.now() - t0);
}
