// infometa/parallel as users get it: the built ESM and CommonJS entries start dist/parallel-worker.js beside them;
// an app bundled by esbuild (which leaves `new URL('./parallel-worker.js', import.meta.url)` as it is) works once the
// worker script is one more entry point of the same build; the browser bundle pulls in no Node module. Needs
// `npm run build` first (npm test does it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'infometa-parallel-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'parallel-worker.js'))) execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'pipe' });
}, 240_000);

const calls = (from: string): string => `
const pool = createPool({ workers: 2 });
const x = Int32Array.from({ length: 200 }, (_, i) => i % 4);
const y = Int32Array.from(x, (v, i) => (i % 5 === 0 ? (v + 1) % 4 : v));
const r = await mutualInformationTestAsync(x, y, { permutations: 199, seed: 7, pool });
const running = pool.running;
await pool.close();
console.log(${JSON.stringify(from)}, r.estimator, r.pValue, running);`;

function node(file: string): string {
  return execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }).trim();
}

describe('infometa/parallel, built', () => {
  it('runs from the ESM build, in two workers', () => {
    writeFileSync(join(dir, 'esm.mjs'), `import { createPool, mutualInformationTestAsync } from ${JSON.stringify(join(root, 'dist', 'parallel.js'))};${calls('esm')}`);
    expect(node('esm.mjs')).toBe('esm plugin 0.005 2');
  }, 60_000);

  it('runs from the CommonJS build (the worker script is the ESM one beside it)', () => {
    writeFileSync(join(dir, 'cjs.cjs'), `const { createPool, mutualInformationTestAsync } = require(${JSON.stringify(join(root, 'dist', 'parallel.cjs'))});\n(async () => {${calls('cjs')}\n})();`);
    expect(node('cjs.cjs')).toBe('cjs plugin 0.005 2');
  }, 60_000);

  it('runs from an app bundled by esbuild with the worker script as a second entry point', async () => {
    writeFileSync(join(dir, 'app.mjs'), `import { createPool, mutualInformationTestAsync } from ${JSON.stringify(join(root, 'dist', 'parallel.js'))};${calls('bundled')}`);
    const out = join(dir, 'out');
    // The bundle names the worker script next to itself: out/app.js starts out/parallel-worker.js (ESM files).
    execFileSync('mkdir', ['-p', out]);
    writeFileSync(join(out, 'package.json'), '{"type":"module"}');
    await build({
      entryPoints: { app: join(dir, 'app.mjs'), 'parallel-worker': join(root, 'dist', 'parallel-worker.js') },
      bundle: true,
      format: 'esm',
      platform: 'node',
      outdir: out,
      logLevel: 'silent',
    });
    expect(node(join(out, 'app.js'))).toBe('bundled plugin 0.005 2');
  }, 60_000);

  it('bundles for browsers without any Node module, and the worker script too', async () => {
    for (const entry of ['parallel.js', 'parallel-worker.js']) {
      const r = await build({ entryPoints: [join(root, 'dist', entry)], bundle: true, format: 'esm', platform: 'browser', write: false, metafile: true, logLevel: 'silent' });
      const inputs = Object.keys((r.metafile as Metafile).inputs);
      expect(inputs.filter((f) => /^node:|mathjs|csv-parse|@duckdb/.test(f))).toEqual([]);
      const code = r.outputFiles[0].text;
      if (entry === 'parallel.js') expect(code).toMatch(/new Worker\(new URL\("\.\/parallel-worker\.js", import\.meta\.url\), \{ type: "module" \}\)/);
    }
  }, 60_000);
});
