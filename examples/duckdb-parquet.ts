// The task-dependency matrix of a Parquet file of 10 million rows × 50 binary labels, computed inside DuckDB:
// one scan sums the labels and their pairwise co-occurrences (the sufficient statistics), and only those
// 1 + 5·50 + 1225 numbers reach JavaScript; the rows are never loaded. The same SQL runs on Spark (docs/scaling.md).
//
// Needs the optional peer dependency: npm install @duckdb/node-api
// Run: npx tsup && npx tsx examples/duckdb-parquet.ts [FILE.parquet] [--rows N]
//   Without FILE it first writes examples/out/labels-1e7x50.parquet: 50 labels in 5 groups of 10 that share a
//   hidden topic (on for 30% of rows; a label is on with probability 0.6 when its topic is on, 0.05 otherwise), and one constant label.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { groupTasks, selectRelatedTasks, taskDependencyFromCounts, taskCountsSQL } from 'infometa';
import { taskCountsFromDuckDB } from 'infometa/duckdb';

const args = process.argv.slice(2);
const rowsFlag = args.indexOf('--rows');
const rows = rowsFlag >= 0 ? Number(args[rowsFlag + 1]) : 10_000_000;
const fileArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rows');
const L = 50;
const names = Array.from({ length: L }, (_, t) => `label${String(t).padStart(2, '0')}`);
const here = dirname(fileURLToPath(import.meta.url));
const file = fileArg ?? join(here, 'out', `labels-${rows === 10_000_000 ? '1e7' : rows}x${L}.parquet`);

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const seconds = (t0: number): string => ((performance.now() - t0) / 1000).toFixed(1);

if (!existsSync(file)) {
  mkdirSync(dirname(file), { recursive: true });
  const t0 = performance.now();
  // Deterministic pseudo-random numbers: DuckDB's hash of one integer, row i and salt s mixed as i·64 + s.
  // label49 is constant (always 0).
  const u = (s: number) => `hash(i * 64 + ${s}) % 1000`;
  const topic = (g: number) => `(${u(50 + g)} < 300)`;
  const cols = names.map((nm, t) =>
    t === L - 1 ? `0::TINYINT AS ${nm}` : `(${u(t)} < CASE WHEN ${topic(Math.floor(t / 10))} THEN 600 ELSE 50 END)::TINYINT AS ${nm}`,
  );
  await db.run(`COPY (SELECT ${cols.join(', ')} FROM range(${rows}) t(i)) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  console.log(`wrote ${file}: ${rows.toLocaleString('en')} rows × ${L} labels, ${(statSync(file).size / 1e6).toFixed(0)} MB, in ${seconds(t0)} s`);
}

const source = `read_parquet('${file.replace(/'/g, "''")}')`;
const sql = taskCountsSQL(source, names);
console.log(`\nthe aggregation (${sql.split('\n').length} lines; DuckDB here, the same text on Spark SQL):\n${sql.split('\n').slice(0, 4).join('\n')}\n  …`);

const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const counts = await taskCountsFromDuckDB(db, source, names);
const scan = seconds(t0);
const t1 = performance.now();
const nmi = taskDependencyFromCounts(counts, { measure: 'nmi' });
const mi = taskDependencyFromCounts(counts, { base: 2 });
const ms = (performance.now() - t1).toFixed(1);
console.log(`\n${counts.n.toLocaleString('en')} rows counted by DuckDB in ${scan} s; NMI and MI matrices (${L} × ${L}) from the counts in ${ms} ms`);
console.log(`RSS of this process: ${(rss0 / 2 ** 20).toFixed(0)} MiB before the scan, ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB after (DuckDB's buffers included)`);

for (const target of [names[0], names[25]]) {
  const related = selectRelatedTasks(mi, target, { k: 4 });
  console.log(`labels most informative about ${target}: ${related.map((r) => `${r.name} (${r.score.toFixed(4)} bits)`).join(', ')}`);
}
const groups = groupTasks(nmi, { groups: 6 });
console.log('\nlabel groups (average linkage on NMI):');
for (const g of groups.names) console.log(`  [${g.length > 10 ? `${g.slice(0, 10).join(', ')}, …` : g.join(', ')}]`);
instance.closeSync();
