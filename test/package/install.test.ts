// Packs the package as npm would publish it, installs the tarball into a fresh project, and uses it the three ways
// users do: ESM, CommonJS, and a type-checked TypeScript file. Needs `npm run build` first (npm test does it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const app = mkdtempSync(join(tmpdir(), 'infometa-install-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'index.js'))) execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'pipe' });
  execFileSync(npm, ['pack', '--pack-destination', app, '--silent'], { cwd: root, stdio: 'pipe' });
  const tgz = readdirSync(app).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error('npm pack produced no tarball');
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tgz}`], { cwd: app, stdio: 'pipe' });
}, 240_000);

function node(file: string): string {
  return execFileSync(process.execPath, [file], { cwd: app, encoding: 'utf8' }).trim();
}

describe('the packed tarball, installed in a fresh project', () => {
  it('imports from ESM, every entry point', () => {
    writeFileSync(
      join(app, 'esm.mjs'),
      `import { entropy, mutualInformationOf } from 'infometa';
import * as core from 'infometa/core';
import * as est from 'infometa/estimators';
import * as channels from 'infometa/channels';
import * as miml from 'infometa/miml';
import * as meta from 'infometa/meta';
import * as dyn from 'infometa/dynamics';
console.log(entropy([0.5, 0.5], { base: 2 }), mutualInformationOf([0, 1, 0, 1], [0, 1, 0, 1], { base: 2 }), typeof core.entropy, Object.keys(est).length > 0 && typeof channels.channelCapacity === 'function', Object.keys(miml).length > 0, Object.keys(meta).length >= 0, dyn.transferEntropy([0, 1, 1, 0, 1, 0, 0, 1], [0, 0, 1, 1, 0, 1, 0, 0], { estimator: 'discrete', base: 2 }).toFixed(3));`,
    );
    expect(node('esm.mjs')).toBe('1 1 function true true true 0.965');
  });
  it('has the DuckDB entry, whose peer dependency is optional (not installed unless asked for)', () => {
    writeFileSync(join(app, 'duck.mjs'), `import * as duck from 'infometa/duckdb'; console.log(Object.keys(duck).sort().join(' '));`);
    expect(node('duck.mjs')).toBe('fromDuckDB queryDuckDB taskCountsFromDuckDB');
    expect(existsSync(join(app, 'node_modules', '@duckdb'))).toBe(false);
  });
  it('runs infometa/parallel on two workers from the installed package, from ESM and from CommonJS', () => {
    const body = `const pool = createPool({ workers: 2 });
const x = Int32Array.from({ length: 200 }, (_, i) => i % 4);
const r = await mutualInformationTestAsync(x, x, { permutations: 99, seed: 1, pool });
console.log(r.pValue, pool.running);
await pool.close();`;
    writeFileSync(join(app, 'par.mjs'), `import { createPool, mutualInformationTestAsync } from 'infometa/parallel';\n${body}`);
    writeFileSync(join(app, 'par.cjs'), `const { createPool, mutualInformationTestAsync } = require('infometa/parallel');\n(async () => {\n${body}\n})();`);
    expect(node('par.mjs')).toBe('0.01 2');
    expect(node('par.cjs')).toBe('0.01 2');
  });
  it('requires from CommonJS', () => {
    writeFileSync(join(app, 'cjs.cjs'), `const { entropy } = require('infometa'); const core = require('infometa/core'); const dyn = require('infometa/dynamics'); console.log(entropy([1, 1], { normalize: true, base: 2 }), typeof core.klDivergence, typeof dyn.transferEntropyMatrix);`);
    expect(node('cjs.cjs')).toBe('1 function function');
  });
  it('type-checks a TypeScript file against the shipped declarations', () => {
    writeFileSync(
      join(app, 'use.ts'),
      `import { entropy, table, mutualInformation, InfometaError, type Table } from 'infometa';
const t: Table = table([0.25, 0.25, 0.25, 0.25], [2, 2]);
const h: number = entropy([0.5, 0.5]);
const i: number = mutualInformation(t);
const e: InfometaError | undefined = undefined;
export { h, i, e };
// @ts-expect-error base must be a number
entropy([1], { base: '2' });
`,
    );
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', noEmit: true, skipLibCheck: false, types: [] }, files: ['use.ts'] }));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', app], { cwd: app, encoding: 'utf8' });
  });
  it('installs the command line', () => {
    const out = execFileSync(process.execPath, [join(app, 'node_modules', 'infometa', 'dist', 'cli.js'), 'entropy', '--probs', '1,1'], { encoding: 'utf8' });
    expect(out.trim()).toBe('0.693147');
    expect(existsSync(join(app, 'node_modules', '.bin', 'infometa'))).toBe(true);
  });
});
