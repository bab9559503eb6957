// fitMultiTaskAsync: the synchronous fit to the last bit (ALS and Adam, both models) on 1, 2, 3 workers and the
// main thread; bad input rejected as fit rejects it, before any work; a signal stops it and leaves the model as it was.
import { afterAll, describe, expect, it } from 'vitest';
import { InfometaError } from '../../src/internal/errors.js';
import { createRng } from '../../src/internal/rng.js';
import { SharedDictionaryModel } from '../../src/meta/multitask/dictionary.js';
import { SharedLatentModel } from '../../src/meta/multitask/latent.js';
import type { MultiTaskData } from '../../src/meta/multitask/data.js';
import { createPool, fitMultiTaskAsync } from '../../src/parallel/index.js';
import type { WorkerPool } from '../../src/parallel/index.js';
import { rejects } from '../helpers/parallel.js';

const pools: WorkerPool[] = [createPool({ workers: 1 }), createPool({ workers: 2 }), createPool({ workers: 3 }), createPool({ mainThread: true })];
afterAll(async () => {
  for (const p of pools) await p.close();
});

const rng = createRng(5);
const d = 6;
const u = Array.from({ length: d }, () => rng.normal());
function task(name: string, n: number, scale: number, kind: 'regression' | 'binary'): MultiTaskData {
  const x = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
  const y = x.map((r) => {
    const v = scale * r.reduce((s, xi, j) => s + xi * u[j], 0) + 0.1 * rng.normal();
    return kind === 'binary' ? (v > 0 ? 1 : 0) : v;
  });
  return { name, x, y, type: kind };
}
const regression = [task('a', 40, 1, 'regression'), task('b', 30, -2, 'regression'), task('c', 25, 0.5, 'regression')];
const mixed = [task('r', 40, 1, 'regression'), task('s', 40, 1, 'binary')];

describe('fitMultiTaskAsync gives the synchronous fit, bit for bit, on every pool', () => {
  it.each([
    ['shared latent, ALS', () => new SharedLatentModel({ rank: 2, lambda: 0.01 }), regression],
    ['shared latent, Adam (binary task, MLP trunk)', () => new SharedLatentModel({ rank: 2, trunk: { hidden: [8] }, epochs: 30 }), mixed],
    ['shared dictionary (lasso codes)', () => new SharedDictionaryModel({ k: 2, lambda: 0.05, iterations: 30 }), regression],
  ] as const)('%s', async (_, make, tasks) => {
    const sync = make();
    const want = sync.fit(tasks, { seed: 3 });
    for (const pool of pools) {
      const m = make();
      const seen: unknown[] = [];
      const res = await fitMultiTaskAsync(m, tasks, { seed: 3, pool, onProgress: (p) => seen.push(p) });
      expect(res).toStrictEqual(want);
      expect(m.toJSON()).toStrictEqual(sync.toJSON());
      // Sweep by sweep (epoch by epoch) as the fit runs: every one on the main thread, the first and then at most one
      // per 50 ms from a worker; then the final one.
      const its = (seen as { iteration: number; solver: string }[]).map((p) => p.iteration);
      expect(its.length).toBeGreaterThanOrEqual(2);
      expect(its[0]).toBeLessThan(want.iterations);
      for (let i = 1; i < its.length; i++) expect(its[i]).toBeGreaterThanOrEqual(its[i - 1]);
      expect((seen as { solver: string }[]).every((p) => p.solver === want.solver)).toBe(true);
      expect(seen[seen.length - 1]).toMatchObject({ solver: want.solver, iteration: want.iterations, objective: want.objective });
    }
  }, 120_000);
});

describe('bad input, signals and a closed pool', () => {
  it.each([
    ['rank above the features', () => new SharedLatentModel({ rank: 9 }), regression, {}],
    ['no tasks', () => new SharedLatentModel({ rank: 1 }), [], {}],
    ['a NaN target', () => new SharedLatentModel({ rank: 1 }), [{ x: [[1], [2]], y: [1, NaN] }], {}],
    ['ALS with a binary task', () => new SharedLatentModel({ rank: 1, solver: 'als' }), mixed, {}],
    ['an unknown option', () => new SharedLatentModel({ rank: 1 }), regression, { sed: 1 }],
    ['a bad seed', () => new SharedLatentModel({ rank: 1 }), regression, { seed: 1.5 }],
  ] as const)('%s: fit\'s error, named for the async function, before any worker starts', async (_, make, tasks, opts) => {
    const pool = createPool({ workers: 1 });
    let want: InfometaError | undefined;
    try {
      make().fit(tasks as never, opts as never);
    } catch (e) {
      want = e as InfometaError;
    }
    expect(want).toBeInstanceOf(InfometaError);
    const err = await rejects(fitMultiTaskAsync(make(), tasks as never, { ...opts, pool } as never), (want as InfometaError).code, 'fitMultiTaskAsync');
    const text = (e: Error): string => e.message.replace(/^[\w.]+: /, '').replace(', pool', '');
    expect(text(err)).toBe(text(want as InfometaError));
    expect(pool.running).toBe(0);
    await pool.close();
  });

  it('rejects a model of another kind, a bad pool, a closed pool and an already-fired signal', async () => {
    await rejects(fitMultiTaskAsync({} as SharedLatentModel, regression), 'INVALID_ARGUMENT', 'fitMultiTaskAsync');
    await rejects(fitMultiTaskAsync(new SharedLatentModel({ rank: 1 }), regression, { pool: 3 as never }), 'INVALID_OPTION', 'fitMultiTaskAsync');
    const closed = createPool({ workers: 1 });
    await closed.close();
    await rejects(fitMultiTaskAsync(new SharedLatentModel({ rank: 1 }), regression, { pool: closed }), 'POOL_CLOSED', 'fitMultiTaskAsync');
    await rejects(fitMultiTaskAsync(new SharedLatentModel({ rank: 1 }), regression, { signal: AbortSignal.abort(), pool: pools[1] }), 'ABORTED', 'fitMultiTaskAsync');
  });

  it('a signal during the fit rejects within 50 ms and leaves the model unfitted; the next call works', async () => {
    const big = Array.from({ length: 4 }, (_, t) => task(`t${t}`, 400, t + 1, 'regression'));
    const m = new SharedLatentModel({ rank: 2, trunk: { hidden: [64, 64] }, epochs: 1_000_000 });
    const before = m.toJSON();
    const signal = AbortSignal.timeout(300);
    let fired = 0;
    signal.addEventListener('abort', () => (fired = performance.now()));
    await rejects(fitMultiTaskAsync(m, big, { signal, pool: pools[1] }), 'ABORTED', 'fitMultiTaskAsync');
    expect(performance.now() - fired).toBeLessThan(50);
    expect(m.toJSON()).toStrictEqual(before);
    const res = await fitMultiTaskAsync(new SharedLatentModel({ rank: 1 }), regression, { pool: pools[1] });
    expect(Number.isFinite(res.objective)).toBe(true);
  }, 60_000);
});
