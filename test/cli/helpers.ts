// Runs the built command line (dist/cli.js, built by `npm test` before the tests) as a user's shell would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll } from 'vitest';

export const root = join(__dirname, '..', '..');
export const cli = join(root, 'dist', 'cli.js');
export const emotions = join(root, 'examples', 'data', 'emotions.csv');

/** A fresh scratch directory, which is also the working directory of the runs of {@link cliRunner}. */
export function cliRunner(prefix: string): { dir: string; run: (args: string[], input?: string) => { code: number; out: string; err: string } } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  beforeAll(() => {
    if (!existsSync(cli)) {
      const b = spawnSync('npx', ['tsup'], { cwd: root, encoding: 'utf8' });
      if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
    }
  });
  const run = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: dir });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  };
  return { dir, run };
}
