// fitAsync over shared memory (Node's default) against fitAsync by messages and the synchronous fit: the same bits,
// the switch to messages for a meta-batch that cannot go through shared memory, larger inboxes for a meta-batch that
// outgrows them, the gang of chunks in the pool, and faults in the middle of a shared session.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InfometaError } from '../../src/internal/errors.js';
import { createRng } from '../../src/internal/rng.js';
import { maml, metaSgd } from '../../src/meta/learners/index.js';
import { adam, sgd } from '../../src/meta/optimizers.js';
import { mlp } from '../../src/meta/models.js';
import { fewShotTasks } from '../../src/meta/fewshot/tasks.js';
import { sinusoidTasks } from '../../src/meta/tasks.js';
import type { Task, TaskSampler } from '../../src/meta/tasks.js';
import { createPool, fitAsync, mutualInformationTestAsync } from '../../src/parallel/index.js';
import { sharedMemory, useSharedMemory } from '../../src/parallel/meta-shared.js';
import { decodeBatch, encodeBatch } from '../../src/parallel/jobs/meta-shared.js';
import { killBusyWorkerForTesting } from '../../src/parallel/pool.js';
import type { WorkerPool } from '../../src/parallel/pool.js';

const pools = [createPool({ workers: 1 }), createPool({ workers: 2 }), createPool({ workers: 3 })];
const inNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
afterAll(async () => {
  useSharedMemory(true);
  await Promise.all(pools.map((p) => p.close()));
});
afterEach(() => useSharedMemory(true));

/** Runs f on a two-worker pool of its own (for tests that kill or abort its workers), closed afterwards. */
async function withPool(f: (pool: WorkerPool) => Promise<void>): Promise<void> {
  const pool = createPool({ workers: 2 });
  try {
    await f(pool);
  } finally {
    await pool.close();
  }
}

/** A sinusoid sampler whose tasks are drawn by `shape(call)`: shots per call, or number arrays. */
function shaped(shape: (call: number) => { shots?: number; numbers?: boolean }): TaskSampler {
  const inner = sinusoidTasks();
  let calls = 0;
  return {
    inputSize: 1,
    outputSize: 1,
    sample: (rng, s, q) => {
      const o = shape(calls++);
      const t = inner.sample(rng, o.shots ?? s, o.shots ?? q);
      if (o.numbers !== true) return t;
      return { support: { x: Array.from(t.support.x), y: Array.from(t.support.y) }, query: t.query } as unknown as Task;
    },
  };
}

describe('fitAsync over shared memory', () => {
  it('is the path Node takes, with the same bits as by messages and as fit, on 1, 2 and 3 workers', async () => {
    // In Node; in Chromium (a page that is not cross-origin isolated) every test here runs by messages.
    expect(sharedMemory(pools[1])).toBe(inNode);
    expect(sharedMemory(createPool({ mainThread: true }))).toBe(false);
    const make = () => maml({ model: mlp({ sizes: [1, 16, 16, 1] }), innerLr: 0.01, seed: 2, regularization: { l2: 1e-3 } });
    const opts = { iterations: 6, metaBatchSize: 7, shots: 4, seed: 11 };
    const sync = make();
    const want = sync.fit(sinusoidTasks(), opts);
    for (const on of [true, false]) {
      useSharedMemory(on);
      for (const pool of pools) {
        const learner = make();
        expect(await fitAsync(learner, sinusoidTasks(), { ...opts, pool })).toStrictEqual(want);
        expect(learner.params).toStrictEqual(sync.params);
      }
    }
  }, 120_000);

  it('Meta-SGD and fewShotTasks (plans in the inbox, tasks built in the workers)', async () => {
    const rng = createRng(8);
    const x = Float64Array.from({ length: 10 * 12 * 5 }, () => rng.normal());
    const y = Array.from({ length: 120 }, (_, i) => i % 10);
    const sampler = fewShotTasks(x, y, { ways: 3, shots: 2, queryShots: 2 });
    const make = () => metaSgd({ model: mlp({ sizes: [5, 8, 3] }), innerLr: 0.1, loss: 'softmaxCrossEntropy', seed: 3 });
    const opts = { iterations: 4, metaBatchSize: 5, shots: 2, queryShots: 2, seed: 2 };
    const results = [];
    for (const pool of pools) {
      const learner = make();
      results.push([await fitAsync(learner, sampler, { ...opts, pool }), learner.params]);
    }
    useSharedMemory(false);
    const learner = make();
    results.push([await fitAsync(learner, sampler, { ...opts, pool: pools[1] }), learner.params]);
    for (const r of results) expect(r).toStrictEqual(results[0]);
  }, 120_000);

  it('a meta-batch that cannot go through shared memory (number arrays) goes by messages from there on: the same bits', async () => {
    const make = () => maml({ model: mlp({ sizes: [1, 8, 1] }), innerLr: 0.01, seed: 5 });
    const opts = { iterations: 5, metaBatchSize: 4, shots: 3, seed: 7 };
    // Tasks of number arrays from the 9th draw (iteration 2) on.
    const sync = make();
    const want = sync.fit(shaped((c) => ({ numbers: c >= 8 })), opts);
    for (const pool of pools) {
      const learner = make();
      expect(await fitAsync(learner, shaped((c) => ({ numbers: c >= 8 })), { ...opts, pool })).toStrictEqual(want);
      expect(learner.params).toStrictEqual(sync.params);
    }
  }, 120_000);

  it('a meta-batch larger than the inboxes restarts the workers with larger ones: the same bits', async () => {
    const make = () => maml({ model: mlp({ sizes: [1, 8, 1] }), innerLr: 0.01, seed: 5 });
    const opts = { iterations: 4, metaBatchSize: 3, shots: 2, seed: 1 };
    // 2-shot tasks for two iterations, then 400-shot tasks (about 20 KB per task against inboxes sized for 64 KB).
    const shape = (c: number) => ({ shots: c < 6 ? 2 : 400 });
    const sync = make();
    const want = sync.fit(shaped(shape), opts);
    for (const pool of pools) {
      const learner = make();
      expect(await fitAsync(learner, shaped(shape), { ...opts, pool })).toStrictEqual(want);
      expect(learner.params).toStrictEqual(sync.params);
    }
  }, 120_000);

  it('a worker error (a bad task) rejects as fit throws; a killed worker rejects with WORKER_FAILED; the pool goes on', async () => {
    await withPool(async (pool) => {
      const make = () => maml({ model: mlp({ sizes: [1, 8, 1] }), innerLr: 0.01, seed: 5 });
      const bad = shaped(() => ({}));
      const inner = bad.sample;
      let n = 0;
      bad.sample = (r, s, q) => {
        const t = inner(r, s, q);
        // The 7th task (iteration 1, in the second worker's group): a NaN label.
        return ++n === 7 ? { ...t, query: { x: t.query.x, y: Float64Array.from(t.query.y, () => NaN) } } : t;
      };
      const opts = { iterations: 3, metaBatchSize: 4, shots: 3, seed: 2 };
      let syncError: unknown;
      try {
        make().fit(bad, opts);
      } catch (e) {
        syncError = e;
      }
      expect(syncError).toBeInstanceOf(InfometaError);
      n = 0;
      const learner = make();
      const err = await fitAsync(learner, bad, { ...opts, pool }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(InfometaError);
      expect((err as InfometaError).code).toBe((syncError as InfometaError).code);
      expect((err as Error).message).toBe((syncError as Error).message.replace(/^maml\.fit/, 'fitAsync'));
      expect((err as Error).message).toMatch(/tasks\[2\]/);

      // Over shared memory, killed once the gang of this call runs (the last call's workers may still be leaving
      // their loop before that). By messages, faults.test.ts kills a worker in the middle of a meta-batch.
      if (!sharedMemory(pool)) return;
      let killedOne = false;
      const onProgress = (): void => {
        if (!killedOne) killedOne = killBusyWorkerForTesting(pool);
      };
      const call = fitAsync(make(), sinusoidTasks(), { iterations: 1_000_000, metaBatchSize: 8, pool, progressEvery: 3, onProgress });
      const killed = await call.then(() => null, (e: unknown) => e);
      expect((killed as InfometaError).code).toBe('WORKER_FAILED');
      expect((killed as Error).message).toMatch(/^fitAsync: /);
      const res = await fitAsync(make(), sinusoidTasks(), { iterations: 3, metaBatchSize: 4, pool });
      expect(res.iterations).toBe(3);
      expect(await mutualInformationTestAsync([0, 1, 0, 1], [0, 1, 1, 0], { permutations: 9, pool })).toHaveProperty('pValue');
    });
  }, 120_000);

  it('an abort during training resolves as fit does (aborted: true), and the pool runs the next call', async () => {
    await withPool(async (pool) => {
      const ac = new AbortController();
      const learner = maml({ model: mlp({ sizes: [1, 32, 1] }), innerLr: 0.01, seed: 1 });
      let seen = 0;
      const res = await fitAsync(learner, sinusoidTasks(), {
        iterations: 1_000_000,
        metaBatchSize: 8,
        pool,
        progressEvery: 1,
        onProgress: (p) => {
          seen = p.iteration;
          if (p.iteration === 20) ac.abort();
        },
        signal: ac.signal,
      });
      expect(res.aborted).toBe(true);
      // The workers may have completed a meta-batch more than the calling thread had taken: it is counted, reported
      // and in the parameters, which are those of fit with as many iterations.
      expect(res.iterations).toBe(seen);
      expect(res.iterations === 20 || res.iterations === 21).toBe(true);
      const ref = maml({ model: mlp({ sizes: [1, 32, 1] }), innerLr: 0.01, seed: 1 });
      expect(res.losses).toStrictEqual(ref.fit(sinusoidTasks(), { iterations: res.iterations, metaBatchSize: 8 }).losses);
      expect(learner.params).toStrictEqual(ref.params);
      expect((await fitAsync(maml({ model: mlp({ sizes: [1, 8, 1] }) }), sinusoidTasks(), { iterations: 2, metaBatchSize: 2, pool })).iterations).toBe(2);
    });
  }, 120_000);

  it('an abort while the gang waits for workers busy with another call resolves within 50 ms of waiting, unchanged', async () => {
    await withPool(async (pool) => {
      const rng = createRng(2);
      const x = Float64Array.from({ length: 20_000 }, () => rng.normal());
      const busy = mutualInformationTestAsync(x, x.map((v) => v + rng.normal()), { permutations: 200, pool });
      const learner = maml({ model: mlp({ sizes: [1, 8, 1] }), innerLr: 0.01, seed: 1 });
      const before = learner.params.slice();
      const ac = new AbortController();
      const call = fitAsync(learner, sinusoidTasks(), { iterations: 100, metaBatchSize: 4, pool, signal: ac.signal });
      await new Promise((r) => setTimeout(r, 30));
      const t0 = performance.now();
      ac.abort();
      const res = await call;
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(res.aborted).toBe(true);
      expect(res.iterations).toBe(0);
      expect(learner.params).toStrictEqual(before);
      await busy;
    });
  }, 120_000);

  it('two trainings on one pool at once: each waits for a full gang of workers, each gives its own bits', async () => {
    const make = (seed: number) => maml({ model: mlp({ sizes: [1, 8, 1] }), innerLr: 0.01, seed });
    const opts = { iterations: 5, metaBatchSize: 6, shots: 3 };
    const want = [1, 2].map((s) => {
      const l = make(s);
      return [l.fit(sinusoidTasks(), { ...opts, seed: s }), l.params];
    });
    const got = await Promise.all(
      [1, 2].map(async (s) => {
        const l = make(s);
        return [await fitAsync(l, sinusoidTasks(), { ...opts, seed: s, pool: pools[1] }), l.params];
      }),
    );
    expect(got).toStrictEqual(want);
  }, 120_000);
});

describe('what a worker keeps between calls', () => {
  it('the learner (same architecture and settings) and the shared arrays: each call still gives its own bits', async () => {
    // The same model and sizes with another inner rate, another regularization, another seed: a worker reuses its
    // learner only for identical settings, and the arrays kept from a call are reset for the next.
    const makers = [
      () => maml({ model: mlp({ sizes: [1, 10, 1] }), innerLr: 0.01, seed: 1 }),
      () => maml({ model: mlp({ sizes: [1, 10, 1] }), innerLr: 0.05, seed: 1 }),
      () => maml({ model: mlp({ sizes: [1, 10, 1] }), innerLr: 0.05, seed: 1, regularization: { l2: 0.01 } }),
      () => maml({ model: mlp({ sizes: [1, 10, 1] }), innerLr: 0.05, seed: 9 }),
      () => maml({ model: mlp({ sizes: [1, 10, 1] }), innerLr: 0.05, seed: 9, firstOrder: true }),
    ];
    const opts = { iterations: 3, metaBatchSize: 4, shots: 3, seed: 2 };
    for (const make of [...makers, ...makers]) {
      const sync = make();
      const opt = adam({ lr: 0.02 });
      const want = sync.fit(sinusoidTasks(), { ...opts, outerOptimizer: opt });
      const learner = make();
      const aOpt = adam({ lr: 0.02 });
      expect(await fitAsync(learner, sinusoidTasks(), { ...opts, outerOptimizer: aOpt, pool: pools[1] })).toStrictEqual(want);
      expect(learner.params).toStrictEqual(sync.params);
      expect(aOpt.toJSON()).toStrictEqual(opt.toJSON());
    }
  }, 120_000);
});

describe('the outer step in the workers', () => {
  it.each([
    ['adam', () => adam({ lr: 0.01 })],
    ['sgd with Nesterov momentum and weight decay', () => sgd({ lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
    ['plain sgd', () => sgd({ lr: 0.1 })],
  ])('%s: the parameters and the optimizer state of fit, to the last bit (also when the optimizer had taken steps)', async (_, makeOpt) => {
    const make = () => maml({ model: mlp({ sizes: [1, 12, 1] }), innerLr: 0.02, seed: 3, regularization: { l2: 1e-3, l1: 1e-4, maxNorm: 2 } });
    const opts = { iterations: 7, metaBatchSize: 5, shots: 4, seed: 6 };
    const sOpt = makeOpt();
    const sync = make();
    const want = [sync.fit(sinusoidTasks(), { ...opts, outerOptimizer: sOpt }), sync.fit(sinusoidTasks(), { ...opts, seed: 7, outerOptimizer: sOpt })];
    for (const pool of pools) {
      const aOpt = makeOpt();
      const learner = make();
      const got = [await fitAsync(learner, sinusoidTasks(), { ...opts, outerOptimizer: aOpt, pool }), await fitAsync(learner, sinusoidTasks(), { ...opts, seed: 7, outerOptimizer: aOpt, pool })];
      expect(got).toStrictEqual(want);
      expect(learner.params).toStrictEqual(sync.params);
      expect(aOpt.toJSON()).toStrictEqual(sOpt.toJSON());
    }
  }, 120_000);

  it('an optimizer step that fails in a worker fails as in fit: the same error, the parameters and state of the step before', async () => {
    const make = () => maml({ model: mlp({ sizes: [1, 8, 1] }), innerLr: 0.01, seed: 2 });
    const opts = { iterations: 6, metaBatchSize: 4, shots: 3, seed: 1 };
    // A learning rate so large that the first step would leave float64.
    const sOpt = sgd({ lr: 1.5e308 });
    const sync = make();
    const syncErr = (() => {
      try {
        sync.fit(sinusoidTasks(), { ...opts, outerOptimizer: sOpt });
      } catch (e) {
        return e as InfometaError;
      }
      return null;
    })();
    expect(syncErr?.code).toBe('NON_FINITE');
    for (const on of [true, false]) {
      useSharedMemory(on);
      const aOpt = sgd({ lr: 1.5e308 });
      const learner = make();
      const err = await fitAsync(learner, sinusoidTasks(), { ...opts, outerOptimizer: aOpt, pool: pools[1] }).then(() => null, (e: unknown) => e as InfometaError);
      expect(err?.code).toBe('NON_FINITE');
      expect(err?.message).toBe(syncErr?.message);
      expect(learner.params).toStrictEqual(sync.params);
      expect(aOpt.toJSON()).toStrictEqual(sOpt.toJSON());
    }
  }, 120_000);

  it('a loss that becomes non-finite: the same DIVERGED error and parameters as by messages', async () => {
    const make = () => maml({ model: mlp({ sizes: [1, 8, 1] }), innerLr: 1e154, seed: 2 });
    const opts = { iterations: 4, metaBatchSize: 4, shots: 3, seed: 1 };
    const out: unknown[] = [];
    for (const on of [true, false]) {
      useSharedMemory(on);
      const learner = make();
      const err = await fitAsync(learner, sinusoidTasks(), { ...opts, pool: pools[1] }).then(() => null, (e: unknown) => e as InfometaError);
      expect(err?.code).toBe('DIVERGED');
      out.push([err?.message, learner.params]);
    }
    expect(out[0]).toStrictEqual(out[1]);
    expect(String((out[0] as string[])[0])).toMatch(/^fitAsync: the loss or its gradient became non-finite at iteration 0 /);
  }, 120_000);
});

describe('the inbox', () => {
  it.skipIf(typeof SharedArrayBuffer !== 'function')('round-trips tasks with their kinds; refuses number arrays and unknown kinds; reports the bytes it lacks', () => {
    const rng = createRng(3);
    const s = sinusoidTasks();
    const tasks: Task[] = [s.sample(rng, 3, 2), { ...s.sample(rng, 2, 2), kind: 'regression' }];
    const box = new SharedArrayBuffer(4096);
    expect(encodeBatch(box, tasks, false)).toBe(0);
    const back = decodeBatch(box, 0, 2, undefined);
    expect(back[0]).toStrictEqual({ support: tasks[0].support, query: tasks[0].query });
    expect(back[1].kind).toBe('regression');
    expect(Array.from(back[1].query.y)).toStrictEqual(Array.from(tasks[1].query.y));
    expect(decodeBatch(box, 1, 2, undefined)).toHaveLength(1);
    expect(encodeBatch(box, [{ ...tasks[0], support: { x: [1], y: [2] } } as unknown as Task], false)).toBe(-1);
    expect(encodeBatch(box, [{ ...tasks[0], kind: 'nope' } as unknown as Task], false)).toBe(-1);
    expect(encodeBatch(new SharedArrayBuffer(64), tasks, false)).toBeGreaterThan(64);
  });

  it('the pool refuses a gang larger than its workers, or on the main thread', async () => {
    const ctx = pools[0].context('meta-shared', {}, { prepare: () => 0, run: () => 0 });
    await expect(pools[0].run('f', ctx, [1, 2], { gang: true })).rejects.toThrow(/gang of 2 chunks needs as many workers/);
    const here = createPool({ mainThread: true });
    await expect(here.run('f', ctx, [1], { gang: true })).rejects.toThrow(/has none/);
  });
});
