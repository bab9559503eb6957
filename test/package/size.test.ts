// Bundle budgets: what a browser app pays for each entry point, minified and gzipped, bundled by esbuild from the
// sources with tree shaking (the package is "sideEffects": false). Also checks that the core never pulls in
// ml-matrix or mathjs.
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

async function bundle(contents: string): Promise<{ gzip: number; inputs: string[] }> {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    treeShaking: true,
  });
  const code = r.outputFiles[0].contents;
  return { gzip: gzipSync(code, { level: 9 }).length, inputs: Object.keys((r.metafile as Metafile).inputs) };
}

const budgets: [string, string, number][] = [
  // Issue 15: under 3 KB (3000 bytes). 2967 B: the entropy scan's logarithm table is built by its own small builder
  // (flog's table and its constants stay out), the centres' ln c by a series whose tail is summed in doubles, and the
  // option-name suggestions by a one-row Levenshtein distance.
  ["import { entropy } from 'infometa'", "import { entropy } from './src/index.ts'; export { entropy };", 3000],
  // 12 KB until the mergeable counters (JointCounter and its one- and two-column forms: 3.4 KB) joined the core; then
  // the multivariate measures and their records, local values, Rényi / Tsallis, the f-divergences and the partial
  // information decomposition (issue 15: about 9 KB). Every function is tree-shaken on its own, so an app pays for
  // the measures it imports, not for the entry.
  ['infometa/core', "export * from './src/core/index.ts';", 30 * 1024],
  ['infometa/channels', "export * from './src/channels/index.ts';", 10 * 1024],
  // 25 KB until task dependency from sufficient statistics (TaskCounter, which hands out ContingencyCounters, the
  // count SQL and its reader: 8.8 KB) joined MIML.
  ['infometa/miml', "export * from './src/miml/index.ts';", 30 * 1024],
  ['infometa/dynamics', "export * from './src/dynamics/index.ts';", 24 * 1024],
  // 120 KB until the multivariate measures, channels (issue 15) and dynamics (issue 14) both joined it (122.9 KB);
  // then the few-shot learners (issue 12) and the meta layer's input checks (issue 13): 135.2 KB.
  ['infometa (everything)', "export * from './src/index.ts';", 140 * 1024],
  // The pool and the async forms; they reach the estimators, MIML and the meta-learners (the worker script, a separate
  // file, holds the same code). 48 KB until the transfer-entropy functions (the dynamics estimators: +14.6 KB) and
  // fitMultiTaskAsync (the multi-task engine and its solvers: +26.6 KB) joined it: 88 997 B. The pool imports every
  // job for its main-thread fallback, so any import from this entry carries all of them (`{ fitAsync }` alone went
  // from 43.7 KB to 79.6 KB); loading the job registry lazily in the pool would take them out of the caller's bundle.
  // fitAsync over shared memory (the workers' loop, the outer step in a worker): 94 433 B.
  ['infometa/parallel', "export * from './src/parallel/index.ts';", 96 * 1024],
  // Since each async function hands the pool its own job (the main-thread fallback runs it; the worker script keeps
  // the registry), a bundle of one function carries only that function's job: 3.6 KB for the pool alone, 17.4 KB for
  // the permutation test, 27.6 KB for fitAsync (it was 79.6 KB); 32.3 KB once fitAsync ran over shared memory (its
  // second job, the optimizers' JSON for the worker that steps).
  ["import { createPool } from 'infometa/parallel'", "export { createPool } from './src/parallel/index.ts';", 4 * 1024],
  ["import { mutualInformationTestAsync } from 'infometa/parallel'", "export { mutualInformationTestAsync } from './src/parallel/index.ts';", 20 * 1024],
  ["import { fitAsync } from 'infometa/parallel'", "export { fitAsync } from './src/parallel/index.ts';", 36 * 1024],
];

describe('bundle budgets (min + gzip)', () => {
  it.each(budgets)('%s', async (_, contents, limit) => {
    const { gzip } = await bundle(contents);
    expect(gzip, `${gzip} bytes`).toBeLessThanOrEqual(limit);
  });
  it('neither ml-matrix nor mathjs reaches the core entry', async () => {
    const { inputs } = await bundle("export * from './src/core/index.ts';");
    expect(inputs.filter((f) => /ml-matrix|mathjs/.test(f))).toEqual([]);
  });
  it('neither mathjs, csv-parse nor DuckDB reaches any browser bundle (they serve the CLI and infometa/duckdb)', async () => {
    for (const entry of ['./src/index.ts', './src/parallel/index.ts', './src/parallel/parallel-worker.ts']) {
      const { inputs } = await bundle(`export * from '${entry}';`);
      expect(inputs.filter((f) => /mathjs|csv-parse|@duckdb|papaparse/.test(f))).toEqual([]);
    }
  });
  it('neither ml-matrix nor mathjs reaches the dynamics entry', async () => {
    const { inputs } = await bundle("export * from './src/dynamics/index.ts';");
    expect(inputs.filter((f) => /ml-matrix|mathjs/.test(f))).toEqual([]);
  });
});
