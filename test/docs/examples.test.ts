// Every `@example` in the API docs and every ```ts block in README.md and docs/*.md is executed here, and each
// `console.log(...); // expected` line must print exactly what its comment says. No example can rot.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format } from 'node:util';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';

const root = join(__dirname, '..', '..');

interface Example {
  where: string;
  code: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function docExamples(): Example[] {
  const found: Example[] = [];
  for (const file of walk(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const re = /@example\s*\n((?:\s*\*.*\n)*?)\s*\*\/|@example\s*\n((?:\s*\*.*\n)*?)\s*\*\s*@/g;
    for (const m of text.matchAll(re)) {
      const body = (m[1] ?? m[2] ?? '')
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n');
      const code = /```(?:ts|typescript|js)\n([\s\S]*?)```/.exec(body);
      if (code) found.push({ where: `${relative(root, file)}:${text.slice(0, m.index).split('\n').length}`, code: code[1] });
    }
  }
  return found;
}

function markdownExamples(): Example[] {
  const files = [join(root, 'README.md')];
  try {
    for (const f of readdirSync(join(root, 'docs'))) if (f.endsWith('.md') && f !== 'benchmarks.md') files.push(join(root, 'docs', f));
  } catch {
    // no docs folder yet
  }
  const found: Example[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
      if (m[1].includes('// not run')) continue;
      found.push({ where: `${relative(root, file)}:${text.slice(0, m.index).split('\n').length}`, code: m[1] });
    }
  }
  return found;
}

async function run(ex: Example): Promise<{ logs: string[]; expected: (string | null)[] }> {
  const expected: (string | null)[] = [];
  for (const line of ex.code.split('\n')) {
    if (!line.includes('console.log(')) continue;
    const c = /\);\s*\/\/ (.*)$/.exec(line);
    expected.push(c ? c[1].trim() : null);
  }
  // Imports from the package become reads from the library object; the rest is compiled from TypeScript.
  // `infometa/duckdb` and its optional peer `@duckdb/node-api` are Node-only entries of their own.
  let src = ex.code.replace(/import\s*\{([^}]*)\}\s*from\s*'infometa\/duckdb';?/g, 'const {$1} = __duckdbLib;');
  src = src.replace(/import\s*\{([^}]*)\}\s*from\s*'@duckdb\/node-api';?/g, 'const {$1} = __duckdb;');
  // `infometa/parallel` is an entry of its own (it carries the worker script).
  src = src.replace(/import\s*\{([^}]*)\}\s*from\s*'infometa\/parallel';?/g, 'const {$1} = __parallel;');
  src = src.replace(/import\s*(type\s*)?\{([^}]*)\}\s*from\s*'infometa(?:\/[a-z]+)?';?/g, (_, type: string | undefined, names: string) =>
    type ? '' : `const {${names.replace(/\btype\s+\w+\s*,?/g, '')}} = __lib;`,
  );
  src = src.replace(/import\s*\{([^}]*)\}\s*from\s*'ml-matrix';?/g, 'const {$1} = __mlMatrix;');
  // Node's file system, for the examples that load a CSV shipped in examples/data (paths relative to the repository).
  src = src.replace(/import\s*\{([^}]*)\}\s*from\s*'node:fs';?/g, 'const {$1} = __fs;');
  const js = transformSync(src, { loader: 'ts', format: 'esm' }).code; // esm: examples may await at top level
  const logs: string[] = [];
  const fakeConsole = { log: (...args: unknown[]) => logs.push(format(...args)) };
  const mlMatrix = await import('ml-matrix');
  const duck = /__duckdb/.test(src) ? [await import('../../src/duckdb/index.js'), await import('@duckdb/node-api')] : [undefined, undefined];
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  const fs = /__fs/.test(src) ? await import('node:fs') : undefined;
  const parallel = /__parallel/.test(src) ? await import('../../src/parallel/index.js') : undefined;
  await new AsyncFunction('__lib', '__mlMatrix', '__duckdbLib', '__duckdb', '__fs', '__parallel', 'console', js)(lib, mlMatrix, duck[0], duck[1], fs, parallel, fakeConsole);
  return { logs, expected };
}

const all = [...docExamples(), ...markdownExamples()];

describe('documentation examples run and print what they claim', () => {
  it('finds the examples', () => {
    expect(all.length).toBeGreaterThan(20);
  });
  it.each(all.map((e) => [e.where, e] as const))('%s', async (_, ex) => {
    const { logs, expected } = await run(ex);
    expect(logs.length, 'number of console.log calls').toBe(expected.length);
    expected.forEach((e, i) => {
      if (e !== null) expect(logs[i], `console.log #${i + 1}`).toBe(e);
    });
  });
});
