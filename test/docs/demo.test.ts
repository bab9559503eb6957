// `npm run demo`, one of the README's two commands: it runs from the sources (no build) and shows the three layers.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

describe('npm run demo', () => {
  it('shows the information-theory tables, MIML task selection and MAML on School, with nothing on stderr', { timeout: 180_000 }, () => {
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'examples/demo.ts'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1. Information theory. emotions: 593 clips, 6 binary labels (tasks)');
    expect(r.stdout).toContain('2. MIML task selection');
    expect(r.stdout).toContain('3. Meta-learning: MAML on School. 88 training schools, 37 held-out schools');
    expect(r.stdout).toMatch(/MAML, meta-trained 600 iterations\s+5 steps\s+0\.\d{4}\s+0\.\d{4}/);
  });
});
