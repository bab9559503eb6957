// Bad input and faults: the pool's options, a closed pool, signals (already fired, fired by a timer during the work),
// a worker killed in the middle of a call, errors raised in a worker; and the pool's life cycle (lazy start, idle
// close, progress).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/internal/rng.js';
import { maml } from '../../src/meta/learners/index.js';
import { mlp } from '../../src/meta/models.js';
import { sinusoidTasks } from '../../src/meta/tasks.js';
import { createPool, fitAsync, ksgMutualInformationAsync, mutualInformationTestAsync, taskDependencyMatrixAsync } from '../../src/parallel/index.js';
import { killBusyWorkerForTesting } from '../../src/parallel/pool.js';
import { rejects } from '../helpers/parallel.js';

/** Kills a worker while it computes a chunk of the running call (polls until one is busy). */
async function killBusy(pool: WorkerPool): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (killBusyWorkerForTesting(pool)) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('no worker became busy');
}
import type { WorkerPool } from '../../src/parallel/index.js';

const rng = createRng(3);
const n = 3000;
const xs = Float64Array.from({ length: n }, () => rng.normal());
const ys = Float64Array.from(xs, (v) => v + rng.normal());
const tasks = Array.from({ length: 40 }, () => Int32Array.from({ length: 4000 }, () => rng.int(2)));

let pool: WorkerPool;
beforeAll(async () => {
  pool = createPool({ workers: 2 });
  // Warm: both workers started (starting one from the TypeScript sources takes a while).
  await mutualInformationTestAsync(xs, ys, { permutations: 8, pool });
}, 60_000);
afterAll(() => pool.close());

describe('createPool', () => {
  it.each([0, -1, 1.5, NaN, Infinity, '2', null])('rejects workers = %s', (w) => {
    expect(() => createPool({ workers: w as number })).toThrow(/^createPool: workers must be a positive integer/);
  });
  it('rejects a bad idleTimeout, mainThread or unknown option', () => {
    expect(() => createPool({ idleTimeout: -1 })).toThrow(/createPool: idleTimeout/);
    expect(() => createPool({ mainThread: 'yes' as unknown as boolean })).toThrow(/createPool: mainThread must be a boolean/);
    expect(() => createPool({ worker: 2 } as never)).toThrow(/createPool: unknown option "worker"/);
  });
  it('defaults to one worker per core and starts nothing until the first call', () => {
    const p = createPool();
    expect(p.workers).toBeGreaterThanOrEqual(1);
    expect(p.running).toBe(0);
  });
  it('rejects options that are not a plain object, as the synchronous estimators do', async () => {
    for (const bad of [[], new Map(), 3]) {
      const e = await rejects(ksgMutualInformationAsync(xs, ys, bad as object), 'INVALID_ARGUMENT', 'ksgMutualInformationAsync');
      expect(e.message).toMatch(/options must be an object/);
    }
  });
  it('rejects a pool option that is not a pool', async () => {
    await rejects(mutualInformationTestAsync(xs, ys, { pool: {} as WorkerPool }), 'INVALID_OPTION', 'mutualInformationTestAsync');
  });
});

describe('a closed pool', () => {
  it('rejects every call with POOL_CLOSED naming the function', async () => {
    const p = createPool({ workers: 1 });
    await p.close();
    expect(p.closed).toBe(true);
    await rejects(mutualInformationTestAsync(xs, ys, { permutations: 5, pool: p }), 'POOL_CLOSED', 'mutualInformationTestAsync');
    await rejects(taskDependencyMatrixAsync(tasks, { pool: p }), 'POOL_CLOSED', 'taskDependencyMatrixAsync');
    await rejects(ksgMutualInformationAsync(xs, ys, { pool: p }), 'POOL_CLOSED', 'ksgMutualInformationAsync');
    await p.close(); // twice is fine
  });
  it('rejects the calls it was running when closed', async () => {
    const p = createPool({ workers: 1 });
    const running = mutualInformationTestAsync(xs, ys, { permutations: 500, pool: p });
    await new Promise((r) => setTimeout(r, 50));
    void p.close();
    await rejects(running, 'POOL_CLOSED', 'mutualInformationTestAsync');
  });
});

describe('signals', () => {
  it('a signal already fired rejects at once, before any work', async () => {
    const signal = AbortSignal.abort();
    const t0 = performance.now();
    await rejects(mutualInformationTestAsync(xs, ys, { signal, pool }), 'ABORTED', 'mutualInformationTestAsync');
    await rejects(taskDependencyMatrixAsync(tasks, { permutations: 10, signal, pool }), 'ABORTED', 'taskDependencyMatrixAsync');
    await rejects(ksgMutualInformationAsync(xs, ys, { signal, pool }), 'ABORTED', 'ksgMutualInformationAsync');
    const learner = maml({ model: mlp({ sizes: [1, 8, 1] }) });
    await rejects(fitAsync(learner, sinusoidTasks(), { iterations: 5, signal, pool }), 'ABORTED', 'fitAsync');
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it.each([
    ['mutualInformationTestAsync', (signal: AbortSignal) => mutualInformationTestAsync(xs, ys, { permutations: 100_000, signal, pool })],
    ['taskDependencyMatrixAsync', (signal: AbortSignal) => taskDependencyMatrixAsync(tasks, { permutations: 100_000, signal, pool })],
  ] as const)('%s: AbortSignal.timeout stops it within 50 ms of firing, and the next call works', async (fn, call) => {
    const signal = AbortSignal.timeout(300);
    let fired = 0;
    signal.addEventListener('abort', () => (fired = performance.now()));
    const err = await rejects(call(signal), 'ABORTED', fn);
    const late = performance.now() - fired;
    expect(fired).toBeGreaterThan(0);
    expect(late, `rejected ${late.toFixed(1)} ms after the signal fired`).toBeLessThan(50);
    expect(err.message).toContain('aborted');
    const r = await mutualInformationTestAsync(xs.subarray(0, 200), ys.subarray(0, 200), { permutations: 20, pool });
    expect(r.permutations).toBe(20);
  }, 60_000);

  it('fitAsync stops at once when the signal fires during training (aborted: true, parameters of the last step)', async () => {
    const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01 });
    const signal = AbortSignal.timeout(400);
    let fired = 0;
    signal.addEventListener('abort', () => (fired = performance.now()));
    const res = await fitAsync(learner, sinusoidTasks(), { iterations: 1_000_000, metaBatchSize: 8, signal, pool });
    expect(performance.now() - fired).toBeLessThan(50);
    expect(res.aborted).toBe(true);
    expect(res.iterations).toBe(res.losses.length);
    for (const v of learner.params) expect(Number.isFinite(v)).toBe(true);
  }, 60_000);
});

describe('a worker killed in the middle of a call', () => {
  it('rejects the call with WORKER_FAILED naming the function; the pool starts a new worker for the next call', async () => {
    const call = mutualInformationTestAsync(xs, ys, { permutations: 2000, pool });
    await new Promise((r) => setTimeout(r, 100));
    await killBusy(pool);
    const err = await rejects(call, 'WORKER_FAILED', 'mutualInformationTestAsync');
    expect(err.message).toMatch(/a worker stopped while computing chunk \d+/);
    const r = await mutualInformationTestAsync(xs.subarray(0, 300), ys.subarray(0, 300), { permutations: 16, seed: 1, pool });
    const again = await mutualInformationTestAsync(xs.subarray(0, 300), ys.subarray(0, 300), { permutations: 16, seed: 1, pool: createPool({ mainThread: true }) });
    expect(r).toStrictEqual(again);
  }, 120_000);
  it('fitAsync too', async () => {
    const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01 });
    const call = fitAsync(learner, sinusoidTasks(), { iterations: 100_000, metaBatchSize: 8, pool });
    await new Promise((r) => setTimeout(r, 100));
    await killBusy(pool);
    await rejects(call, 'WORKER_FAILED', 'fitAsync');
    const res = await fitAsync(maml({ model: mlp({ sizes: [1, 8, 1] }) }), sinusoidTasks(), { iterations: 2, metaBatchSize: 2, pool });
    expect(res.iterations).toBe(2);
  }, 120_000);
});

describe('errors raised in a worker, and bad input checked before any work', () => {
  it('name the async function', async () => {
    await rejects(ksgMutualInformationAsync(xs, ys, { k: n, pool }), 'INVALID_OPTION', 'ksgMutualInformationAsync');
    await rejects(ksgMutualInformationAsync(xs, ys.subarray(1), { pool }), 'SHAPE_MISMATCH', 'ksgMutualInformationAsync');
    await rejects(ksgMutualInformationAsync(xs, ys, { onProgress: 3 as never, pool }), 'INVALID_OPTION', 'ksgMutualInformationAsync');
    await rejects(ksgMutualInformationAsync(xs, ys, { algorithm: 3 as never, pool }), 'INVALID_OPTION', 'ksgMutualInformationAsync');
    await rejects(mutualInformationTestAsync(xs, [1, Number.NaN], { pool }), 'NON_FINITE', 'mutualInformationTestAsync');
    await rejects(mutualInformationTestAsync(xs, ys, { permutations: 0, pool }), 'INVALID_OPTION', 'mutualInformationTestAsync');
    await rejects(mutualInformationTestAsync(xs, ys, { permutation: 10 } as never), 'INVALID_OPTION', 'mutualInformationTestAsync');
    await rejects(taskDependencyMatrixAsync(tasks, { measure: 'x' as never, pool }), 'INVALID_OPTION', 'taskDependencyMatrixAsync');
    await rejects(taskDependencyMatrixAsync([[0, 1]], { pool }), 'INVALID_ARGUMENT', 'taskDependencyMatrixAsync');
    await rejects(fitAsync(maml({ model: mlp({ sizes: [1, 8, 1] }) }), sinusoidTasks(), { iterations: 1, metaBatchSize: 0, pool }), 'INVALID_OPTION', 'fitAsync');
    await rejects(fitAsync({} as never, sinusoidTasks(), { iterations: 1, pool }), 'INVALID_ARGUMENT', 'fitAsync');
  });
  it('leave the inputs unmodified', async () => {
    const x = xs.slice(0, 200);
    const y = ys.slice(0, 200);
    await mutualInformationTestAsync(x, y, { permutations: 10, pool });
    expect(x).toStrictEqual(xs.slice(0, 200));
    expect(y).toStrictEqual(ys.slice(0, 200));
  });
});

describe('life cycle', () => {
  it('reports progress in permutations, increasing, ending at the total', async () => {
    const seen: number[] = [];
    await mutualInformationTestAsync(xs.subarray(0, 400), ys.subarray(0, 400), { permutations: 100, pool, onProgress: (p) => {
      expect(p.total).toBe(100);
      seen.push(p.completed);
    } });
    expect(seen.length).toBe(25);
    expect(seen.at(-1)).toBe(100);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });
  it('stops its workers when idle and starts them again on demand', async () => {
    const p = createPool({ workers: 1, idleTimeout: 30 });
    await mutualInformationTestAsync([0, 1, 0, 1], [0, 1, 1, 0], { permutations: 4, pool: p });
    expect(p.running).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(p.running).toBe(0);
    const r = await mutualInformationTestAsync([0, 1, 0, 1], [0, 1, 1, 0], { permutations: 4, pool: p });
    expect(r.permutations).toBe(4);
    await p.close();
  }, 60_000);
  it('runs concurrent calls, each with its own result', async () => {
    const a = mutualInformationTestAsync(xs.subarray(0, 300), ys.subarray(0, 300), { permutations: 30, seed: 1, pool });
    const b = mutualInformationTestAsync(xs.subarray(0, 300), ys.subarray(0, 300), { permutations: 30, seed: 2, pool });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra).toStrictEqual(await mutualInformationTestAsync(xs.subarray(0, 300), ys.subarray(0, 300), { permutations: 30, seed: 1, pool }));
    expect(rb.nullMean).not.toBe(ra.nullMean);
  });
});

describe('errors of the caller', () => {
  it.each([
    ['workers', () => pool],
    ['the main thread', () => createPool({ mainThread: true })],
  ])('an onProgress that throws rejects the call with its own error (%s)', async (_, p) => {
    const boom = new Error('boom');
    await expect(mutualInformationTestAsync(xs.subarray(0, 100), ys.subarray(0, 100), { permutations: 8, pool: p(), onProgress: () => {
      throw boom;
    } })).rejects.toBe(boom);
  });
});
