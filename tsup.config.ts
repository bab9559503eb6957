import { defineConfig } from 'tsup';

const libraries = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  estimators: 'src/estimators/index.ts',
  miml: 'src/miml/index.ts',
  meta: 'src/meta/index.ts',
  duckdb: 'src/duckdb/index.ts',
  dynamics: 'src/dynamics/index.ts',
};

export default defineConfig({
  // The command line is one more entry; it gets no type declarations.
  entry: { ...libraries, cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: libraries },
  clean: true,
  sourcemap: true,
  treeshake: true,
  target: 'es2022',
});
