// infometa/parallel bundled the way users bundle it: an app that imports it, built by esbuild, Vite and webpack 5
// with nothing but an entry and an output folder, the package resolved as `infometa` from node_modules (a link to
// this repository, whose dist/ is the published files). For each: the worker script must be in the output (the
// bundler followed the pool's `new Worker(new URL('./parallel-worker.js', import.meta.url), …)`, or, for esbuild,
// which does not, the inline copy the pool falls back to), and the bundle must run in Chromium: a two-worker pool
// that really starts two workers, whose estimates equal the synchronous functions' to the last bit. Needs
// `npm run build` first (npm test does it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { chromium } from 'playwright';
import type { Browser } from 'playwright';
import { build as vite } from 'vite';
import webpack from 'webpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../examples/browser/serve.mjs';

const root = join(__dirname, '..', '..');
const app = mkdtempSync(join(tmpdir(), 'infometa-bundlers-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// The app: one 2-worker pool; a KSG estimate split across the workers and a permutation test, each beside the
// synchronous estimate or the main-thread pool's answer (same bits expected).
const MAIN = `import { createPool, ksgMutualInformationAsync, mutualInformationTestAsync } from 'infometa/parallel';
import { ksgMutualInformation } from 'infometa';

async function run() {
  const n = 20000;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.sin(0.37 * i) + 0.1 * Math.cos(1.3 * i * i);
    y[i] = x[i] * x[i] + 0.3 * Math.sin(2.1 * i);
  }
  const pool = createPool({ workers: 2 });
  const ksg = await ksgMutualInformationAsync(x, y, { pool, seed: 5 });
  const runningAfterKsg = pool.running;
  const a = Int32Array.from({ length: 300 }, (_, i) => i % 4);
  const b = Int32Array.from(a, (v, i) => (i % 5 === 0 ? (v + 1) % 4 : v));
  const test = await mutualInformationTestAsync(a, b, { permutations: 199, seed: 7, pool });
  const running = pool.running;
  await pool.close();
  const main = createPool({ mainThread: true });
  const mainTest = await mutualInformationTestAsync(a, b, { permutations: 199, seed: 7, pool: main });
  await main.close();
  return {
    mainThread: pool.mainThread,
    runningAfterKsg,
    running,
    ksg,
    ksgSync: ksgMutualInformation(x, y, { seed: 5 }),
    pValue: test.pValue,
    mainPValue: mainTest.pValue,
  };
}

run().then(
  (r) => (globalThis.__result = r),
  (e) => (globalThis.__result = { error: String(e && e.stack ? e.stack : e) }),
);
`;

const HTML = (script: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>bundled</title></head><body><script type="module" src="${script}"></script></body></html>`;

interface Built {
  out: string;
  /** The page to load, relative to `out`. */
  page: string;
  /** The app's bundle, relative to `out`. */
  entry: string;
  /** Where the workers' script comes from: a file the bundler emitted, or the inline copy (esbuild). */
  worker: 'file' | 'inline';
}

const bundlers: Record<string, (dir: string) => Promise<Built>> = {
  async esbuild(dir) {
    const out = join(dir, 'out');
    await esbuild({ entryPoints: [join(dir, 'main.js')], bundle: true, format: 'esm', outdir: out, logLevel: 'silent' });
    writeFileSync(join(out, 'index.html'), HTML('./main.js'));
    return { out, page: 'index.html', entry: 'main.js', worker: 'inline' };
  },
  async vite(dir) {
    writeFileSync(join(dir, 'index.html'), HTML('./main.js'));
    const out = join(dir, 'out');
    await vite({ root: dir, configFile: false, logLevel: 'silent', build: { outDir: out } });
    const entry = /src="\/([^"]+\.js)"/.exec(readFileSync(join(out, 'index.html'), 'utf8'))?.[1] ?? 'missing';
    return { out, page: 'index.html', entry, worker: 'file' };
  },
  async webpack(dir) {
    const out = join(dir, 'out');
    const stats = await new Promise<webpack.Stats>((done, fail) => {
      webpack({ mode: 'production', context: dir, entry: './main.js', output: { path: out } }, (e, s) => (e || s === undefined ? fail(e ?? new Error('no stats')) : done(s)));
    });
    if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
    writeFileSync(join(out, 'index.html'), HTML('./main.js'));
    return { out, page: 'index.html', entry: 'main.js', worker: 'file' };
  },
};

let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'parallel-worker.js'))) execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'pipe' });
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(root, join(app, 'node_modules', 'infometa'), 'dir');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

describe.each(Object.keys(bundlers))('an app bundled by %s with no configuration', (name) => {
  let built: Built;
  const dir = join(app, name);

  beforeAll(async () => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.js'), MAIN);
    built = await bundlers[name](dir);
  }, 60_000);

  it('runs in Chromium on two real workers, started from the worker script it emitted, with the synchronous bits', async () => {
    const server = await serveStatic(built.out, 0);
    const page = await (browser as Browser).newPage();
    const errors: string[] = [];
    const workers: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('worker', (w) => workers.push(w.url()));
    try {
      await page.goto(`${server.url}${built.page}`);
      await page.waitForFunction(() => (globalThis as { __result?: unknown }).__result !== undefined, undefined, { timeout: 45_000 });
      const r = await page.evaluate(() => (globalThis as { __result?: unknown }).__result);
      expect(errors).toEqual([]);
      expect(r).toEqual(expect.objectContaining({ mainThread: false, runningAfterKsg: 2, running: 2 }));
      const { ksg, ksgSync, pValue, mainPValue } = r as Record<string, number>;
      expect(ksg).toBe(ksgSync);
      expect(ksg).toBeGreaterThan(0.5);
      expect(pValue).toBe(mainPValue);
      // Where the workers came from: a file of the output that holds the worker script (its own chunk, not the
      // app's), or for esbuild the inline copy, as an object URL.
      const blobs = workers.filter((u) => u.startsWith('blob:'));
      if (built.worker === 'inline') {
        // Tried first, the URL esbuild left as it is names no file: the pool then started the inline copy.
        expect(blobs.length).toBeGreaterThanOrEqual(2);
        for (const url of workers.filter((u) => !u.startsWith('blob:'))) expect(existsSync(join(built.out, new URL(url).pathname))).toBe(false);
      } else {
        expect(blobs).toEqual([]);
        expect(workers.length).toBeGreaterThanOrEqual(2);
      }
      for (const url of workers.filter((u) => !u.startsWith('blob:') && built.worker === 'file')) {
        expect(url.startsWith(server.url), url).toBe(true);
        const file = join(built.out, decodeURIComponent(new URL(url).pathname));
        expect(file).not.toBe(join(built.out, built.entry));
        expect(readFileSync(file, 'utf8')).toContain('infometa-parallel-ready');
      }
      if (built.worker === 'inline') expect(readFileSync(join(built.out, built.entry), 'utf8')).toContain('infometa-parallel-ready');
    } finally {
      await page.close();
      await server.close();
    }
  }, 60_000);
});
