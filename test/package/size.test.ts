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
  // 3.5 KiB: rejecting unknown option names with the closest valid one, and float32-aware sum checks (issue 13),
  // cost about 550 bytes over the first 3 KiB.
  ["import { entropy } from 'infometa'", "import { entropy } from './src/index.ts'; export { entropy };", 3.5 * 1024],
  // 12 KB until the mergeable counters (JointCounter and its one- and two-column forms: 3.4 KB) joined the core.
  ['infometa/core', "export * from './src/core/index.ts';", 16 * 1024],
  // 25 KB until task dependency from sufficient statistics (TaskCounter, which hands out ContingencyCounters, the
  // count SQL and its reader: 8.8 KB) joined MIML.
  ['infometa/miml', "export * from './src/miml/index.ts';", 30 * 1024],
  ['infometa (everything)', "export * from './src/index.ts';", 120 * 1024],
  // The pool and the async forms; they reach the estimators, MIML and the meta-learners (the worker script, a separate
  // file, holds the same code).
  ['infometa/parallel', "export * from './src/parallel/index.ts';", 48 * 1024],
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
});
