import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const libraries = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  estimators: 'src/estimators/index.ts',
  channels: 'src/channels/index.ts',
  miml: 'src/miml/index.ts',
  meta: 'src/meta/index.ts',
  duckdb: 'src/duckdb/index.ts',
  dynamics: 'src/dynamics/index.ts',
  parallel: 'src/parallel/index.ts',
};

// The inline copy of the worker script (src/parallel/worker-source.ts) for bundlers that do not follow the pool's
// `new URL('./parallel-worker.js', import.meta.url)` (esbuild): the worker bundled into one minified ES module, as a
// string. The ESM build only: the CommonJS one runs in Node, where the file beside it is always there.
const inlineWorker: Plugin = {
  name: 'inline-worker',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]parallel[\\/]worker-source\.ts$/ }, async () => {
      if (b.initialOptions.format !== 'esm') return { contents: 'export const WORKER_SOURCE = undefined;', loader: 'js' };
      const r = await build({
        entryPoints: ['src/parallel/parallel-worker.ts'],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
      });
      return { contents: `export const WORKER_SOURCE = ${JSON.stringify(r.outputFiles[0].text)};`, loader: 'js' };
    });
  },
};

export default defineConfig({
  // The command line is one more entry; it gets no type declarations.
  // The pool's worker script is an entry of its own, emitted beside the entry that starts it (dist/parallel-worker.js):
  // `new URL('./parallel-worker.js', import.meta.url)` finds it in Node, and Vite and webpack 5 bundle it from there.
  entry: { ...libraries, cli: 'src/cli/main.ts', 'parallel-worker': 'src/parallel/parallel-worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: libraries },
  clean: true,
  sourcemap: true,
  treeshake: true,
  target: 'es2022',
  // import.meta.url in the CommonJS build (the pool finds its worker script with it): tsup's shim from __filename.
  shims: true,
  esbuildPlugins: [inlineWorker],
});
