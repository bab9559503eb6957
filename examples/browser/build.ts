// Bundles the browser example with esbuild, importing infometa the way an app that installed it would: 'infometa',
// 'infometa/miml' and 'infometa/meta' resolve through the package.json "exports" to the built dist/ (run `npx tsup`
// first), never to src/.
//
//   npx tsup && npx tsx examples/browser/build.ts     then   node examples/browser/serve.mjs
import { build } from 'esbuild';
import type { Metafile, Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

/** What {@link buildBrowserExample} produced. */
export interface BrowserBuild {
  /** The folder to serve (examples/browser). */
  root: string;
  /** Output folder (examples/browser/dist). */
  outdir: string;
  /** Bytes of each output file, by path relative to `outdir`. */
  sizes: Record<string, number>;
  /** Package files of infometa that went into the bundles, relative to the repository root (all under dist/). */
  packageInputs: string[];
}

/**
 * esbuild does not resolve a package's own name from inside the package (Node's "self-reference"), so resolve the
 * infometa specifiers from a scratch folder whose node_modules/infometa links to this repository: esbuild then reads
 * package.json "exports" exactly as it would for an installed copy.
 */
function installedInfometa(scratch: string): Plugin {
  return {
    name: 'infometa-as-installed',
    setup(b) {
      b.onResolve({ filter: /^infometa(\/.*)?$/ }, async (args) => {
        if (args.resolveDir === scratch) return undefined; // the lookup below: esbuild's own resolver
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: scratch });
        if (r.errors.length > 0) return { errors: r.errors };
        if (!r.path.startsWith(join(root, 'dist') + sep)) {
          return { errors: [{ text: `${args.path} resolved to ${r.path}, not to the built dist/; run npx tsup first` }] };
        }
        return { path: r.path, sideEffects: r.sideEffects };
      });
    },
  };
}

/**
 * Builds examples/browser/dist: main.js (the page), worker.js (its training Web Worker), parallel-worker.js
 * (infometa's pool workers), their source maps and a copy of the emotions sample. Throws when the package has not been built.
 */
export async function buildBrowserExample(options: { minify?: boolean } = {}): Promise<BrowserBuild> {
  for (const f of ['index.js', 'miml.js', 'meta.js', 'parallel.js', 'parallel-worker.js']) {
    if (!existsSync(join(root, 'dist', f))) throw new Error(`dist/${f} is missing: build the package first (npx tsup)`);
  }
  const outdir = join(here, 'dist');
  const scratch = await mkdtemp(join(tmpdir(), 'infometa-browser-'));
  try {
    await mkdir(join(scratch, 'node_modules'));
    await symlink(root, join(scratch, 'node_modules', 'infometa'), 'dir');
    await rm(outdir, { recursive: true, force: true });
    const result = await build({
      // infometa/parallel starts `new URL('./parallel-worker.js', import.meta.url)` beside the bundle that imports it;
      // esbuild leaves that URL as it is, so the package's worker script is one more entry point of the build.
      entryPoints: { main: join(here, 'main.ts'), worker: join(here, 'worker.ts'), 'parallel-worker': join(root, 'dist', 'parallel-worker.js') },
      outdir,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: options.minify ?? true,
      sourcemap: true,
      metafile: true,
      absWorkingDir: root,
      // The repository's tsconfig maps 'infometa' to src/ for type checking; a user's app has no such mapping.
      tsconfigRaw: { compilerOptions: { target: 'es2022' } },
      plugins: [installedInfometa(scratch)],
      logLevel: 'warning',
      // tsup's ESM chunks import each other bare (`import './chunk-….js'`); with "sideEffects": false esbuild drops
      // those imports, which is right (the chunks only define things), but warns about each one.
      logOverride: { 'ignored-bare-import': 'silent' },
      // The repository's `eslint .` ignores only the top-level dist/; keep it off these generated bundles.
      banner: { js: '/* eslint-disable */' },
    });
    await copyFile(join(root, 'examples', 'data', 'emotions.csv'), join(outdir, 'emotions.csv'));
    return { root: here, outdir, sizes: sizes(result.metafile, outdir), packageInputs: packageInputs(result.metafile) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function sizes(meta: Metafile, outdir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [file, info] of Object.entries(meta.outputs)) out[relative(outdir, resolve(root, file))] = info.bytes;
  return out;
}

function packageInputs(meta: Metafile): string[] {
  return Object.keys(meta.inputs)
    .map((f) => relative(root, resolve(root, f)).split(sep).join('/'))
    .filter((f) => f.startsWith('dist/') || f.startsWith('src/'));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const b = await buildBrowserExample();
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  for (const [f, n] of Object.entries(b.sizes)) if (!f.endsWith('.map')) console.log(`  ${relative(root, join(b.outdir, f))}  ${kb(n)}`);
  console.log(`built in ${(performance.now() - t0).toFixed(0)} ms; serve ${relative(root, b.root) || '.'} (node examples/browser/serve.mjs)`);
}
