import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// Tests that need Node itself (a child process, the file system, esbuild): they run in the node project only.
const nodeOnly = ['test/cli/**', 'test/package/**', 'test/docs/**'];

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
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'chromium',
          include: ['test/core/**/*.test.ts', 'test/kernels/entropy.test.ts'],
          exclude: nodeOnly,
          browser: { enabled: true, headless: true, provider: chromium, instances: [{ browser: 'chromium' }], screenshotFailures: false },
        },
      },
    ],
  },
});
