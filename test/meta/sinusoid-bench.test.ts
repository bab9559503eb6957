import { expect, it } from 'vitest';
import { evaluateCheckpoint, runSinusoid, table } from '../../bench/meta-sinusoid.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Smoke run of the sinusoid benchmark protocol with a handful of iterations (no timing assertions).
it('the sinusoid benchmark runs every learner end to end and checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meta-sin-'));
  const rows = (['maml', 'fomaml', 'metasgd', 'reptile', 'anil', 'pretrained'] as const).map((learner) =>
    runSinusoid({ learner, iterations: 3, evalTasks: 8, checkpoint: join(dir, `${learner}.json`), checkpointEvery: 2 }),
  );
  for (const r of rows) {
    expect(Object.keys(r.mse).length).toBe(6);
    for (const [mean, ci] of Object.values(r.mse)) {
      expect(mean === Infinity || (mean > 0 && ci > 0)).toBe(true);
    }
  }
  const again = evaluateCheckpoint(join(dir, 'maml.json'), 8);
  expect(again.iterations).toBe(3);
  expect(again.mse).toEqual(rows[0].mse);
  expect(table(rows).split('\n').length).toBe(8);
});
