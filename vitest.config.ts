import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// Tests that need Node itself (a child process, the file system, esbuild, a browser of their own): they run in the
// node project only. Everything else runs twice: in Node and in headless Chromium.
const nodeOnly = [
  'test/cli/**',
  'test/package/**',
  'test/docs/**',
  'test/browser-example/**',
  'test/meta/sinusoid-bench.test.ts',
  'test/autodiff/wasm-source.test.ts',
  'test/duckdb/**',
  // The fuzz suite watches its cases from a worker thread (a hang is reported, not waited for): Node only. The code it
  // exercises is the same in Chromium, where every other test runs too.
  'test/fuzz/**',
];

// Debian's Chromium, started the way this closed network needs (no sandbox as root, no background networking).
const chromium = playwright({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  },
});

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // Line coverage of the library, measured on the node project (`npm run test:unit` passes --coverage there).
    // src/cli is exercised through the built binary in a child process (test/cli), which v8 coverage cannot see.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/cli/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90 },
    },
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'chromium',
          include: ['test/**/*.test.ts'],
          exclude: nodeOnly,
          browser: { enabled: true, headless: true, provider: chromium, instances: [{ browser: 'chromium' }], screenshotFailures: false },
        },
      },
    ],
  },
});
