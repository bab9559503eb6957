// Same bits for any number of workers: the chunked work of each async function, on 1, 2 and 3 workers and on the
// main-thread fallback, against the synchronous functions where the results must agree exactly.
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/internal/rng.js';
import { mutualInformationTest } from '../../src/estimators/mi-test.js';
import { ksgConditionalMutualInformation, ksgMutualInformation, ksgRanges } from '../../src/estimators/ksg.js';
import { observedRanges, taskDependencyMatrix } from '../../src/miml/dependency.js';
import { maml, reptile } from '../../src/meta/learners/index.js';
import { mlp } from '../../src/meta/models.js';
import { adam } from '../../src/meta/optimizers.js';
import { sinusoidTasks } from '../../src/meta/tasks.js';
import { fewShotTasks } from '../../src/meta/fewshot/tasks.js';
import {
  createPool,
  fitAsync,
  ksgConditionalMutualInformationAsync,
  ksgMutualInformationAsync,
  mutualInformationTestAsync,
  taskDependencyMatrixAsync,
} from '../../src/parallel/index.js';
import type { WorkerPool } from '../../src/parallel/index.js';

const pools: WorkerPool[] = [createPool({ workers: 1 }), createPool({ workers: 2 }), createPool({ workers: 3 }), createPool({ mainThread: true })];
afterAll(async () => {
  for (const p of pools) await p.close();
});

const rng = createRng(11);
const n = 300;
const xs = Float64Array.from({ length: n }, () => rng.normal());
const ys = Float64Array.from(xs, (v) => 0.4 * v + rng.normal());
const labels = Int32Array.from({ length: n }, () => rng.int(3));
const labelsY = Int32Array.from(labels, (v) => (rng.next() < 0.3 ? rng.int(3) : v));
const rows = Array.from(xs, (v, i) => [v, ys[i]]);

/** The same call on every pool; asserts every result equals the first, bit for bit. */
async function onEveryPool<T>(f: (pool: WorkerPool) => Promise<T>): Promise<T> {
  const out: T[] = [];
  for (const pool of pools) out.push(await f(pool));
  for (const r of out.slice(1)) expect(r).toStrictEqual(out[0]);
  return out[0];
}

describe('mutualInformationTestAsync gives the same bits on 1, 2, 3 workers and on the main thread', () => {
  it.each([
    ['ksg (two scalars)', xs, ys, 'ksg'],
    ['ksg (rows, 2-D x)', rows, ys, 'ksg'],
    ['plug-in (labels)', labels, labelsY, 'plugin'],
    ['mixed (labels vs samples)', labels, ys, 'mixed'],
  ] as const)('%s', async (_, x, y, estimator) => {
    const r = await onEveryPool((pool) => mutualInformationTestAsync(x, y, { permutations: 37, seed: 5, pool }));
    expect(r.estimator).toBe(estimator);
    expect(r.permutations).toBe(37);
    // The synchronous test runs the same chunks: the same result to the last bit.
    expect(r).toStrictEqual(mutualInformationTest(x, y, { permutations: 37, seed: 5 }));
    expect(r.pValue).toBeGreaterThanOrEqual(1 / 38);
    expect(r.pValue).toBeLessThanOrEqual(1);
    expect(Number.isFinite(r.nullMean) && r.nullStd > 0).toBe(true);
  }, 120_000);

  const manyX = Int32Array.from({ length: n }, () => rng.int(40));
  const manyY = Int32Array.from(manyX, (v) => (rng.next() < 0.5 ? rng.int(40) : v));
  it.each([
    ['plug-in, few categories (Patefield tables)', labels, labelsY, {}],
    ['plug-in, many categories (shuffled codes)', manyX, manyY, {}],
    ['ksg algorithm 1, noise', xs, ys, { algorithm: 1 }],
    ['ksg algorithm 1, no noise', xs, ys, { algorithm: 1, noise: false }],
    ['ksg algorithm 2, noise', xs, ys, { algorithm: 2 }],
    ['ksg algorithm 2, no noise', rows, ys, { algorithm: 2, noise: false }],
    ['mixed, noise', labels, ys, {}],
    ['mixed, no noise, labels second', ys, labels, { noise: false }],
  ] as const)('mutualInformationTest and mutualInformationTestAsync give the same bits: %s', async (_, x, y, o) => {
    for (const permutations of [1, 5, 203]) {
      const sync = mutualInformationTest(x, y, { ...o, permutations, seed: 21 });
      const r = await mutualInformationTestAsync(x, y, { ...o, permutations, seed: 21, pool: pools[1] });
      expect(r).toStrictEqual(sync);
    }
  }, 120_000);

  it('detects the dependence it should, and not the one it should not', async () => {
    const pool = pools[1];
    const dep = await mutualInformationTestAsync(xs, ys, { permutations: 99, seed: 1, pool });
    expect(dep.pValue).toBe(0.01);
    const indep = await mutualInformationTestAsync(xs, Float64Array.from({ length: n }, () => rng.normal()), { permutations: 99, seed: 1, pool });
    expect(indep.pValue).toBeGreaterThan(0.05);
    // Seeds matter: another seed draws other permutations.
    const other = await mutualInformationTestAsync(xs, ys, { permutations: 99, seed: 2, pool });
    expect(other.nullMean).not.toBe(dep.nullMean);
  }, 120_000);
});

describe('taskDependencyMatrixAsync', () => {
  const tasks = Array.from({ length: 7 }, (_, t) => Int32Array.from({ length: 200 }, (_, i) => (t < 5 ? ((i * (t + 1)) >> 3) & 1 : (i * 7 + t) % 3)));
  tasks[1] = tasks[0].slice();
  it.each(['mi', 'nmi', 'conditional-entropy', 'ami', 'vi'] as const)('%s: values and p-values equal the synchronous ones, on every pool', async (measure) => {
    const r = await onEveryPool((pool) => taskDependencyMatrixAsync(tasks, { measure, permutations: 30, seed: 4, pool }));
    const sync = taskDependencyMatrix(tasks, { measure, permutations: 30, seed: 4 });
    expect(r.values).toStrictEqual(sync.values);
    // The synchronous matrix runs the same chunks of rounds: the same p-values to the bit.
    expect(r.pValues).toStrictEqual(sync.pValues);
    expect(r.names).toEqual(sync.names);
    const p = r.pValues as Float64Array;
    expect(p.length).toBe(49);
    for (const v of p) expect(v >= 1 / 31 && v <= 1).toBe(true);
    // Task 1 copies task 0: no permutation reaches their dependence.
    expect(p[1]).toBe(1 / 31);
  }, 120_000);
  it('the observed pairs are cut into ranges of rows covering the triangle once, near-equal in pairs', () => {
    for (const [T, parts] of [[1, 4], [7, 8], [7, 3], [200, 8], [201, 64], [5, 1]] as const) {
      const r = observedRanges(T, parts);
      expect(r.length).toBeLessThanOrEqual(parts);
      expect(r[0][0]).toBe(0);
      expect(r[r.length - 1][1]).toBe(T);
      for (let c = 1; c < r.length; c++) expect(r[c][0]).toBe(r[c - 1][1]);
      for (const [a, b] of r) expect(b).toBeGreaterThan(a);
      if (T >= 100) {
        const pairs = r.map(([a, b]) => ((b - a) * (2 * T - a - b + 1)) / 2);
        expect(Math.max(...pairs)).toBeLessThanOrEqual((T * (T + 1)) / 2 / r.length + T);
      }
    }
  });
  it('a call on many tasks: every pair observed once, the synchronous values (each worker builds its engine once)', async () => {
    const rng = createRng(5);
    const many = Array.from({ length: 41 }, () => Int32Array.from({ length: 60 }, () => rng.int(3)));
    const sync = taskDependencyMatrix(many, { permutations: 5, seed: 2 });
    const r = await onEveryPool((pool) => taskDependencyMatrixAsync(many, { permutations: 5, seed: 2, pool }));
    expect(r.values).toStrictEqual(sync.values);
    expect(r.pValues).toStrictEqual(sync.pValues);
  }, 60_000);
  it('without permutations: the synchronous matrix', async () => {
    const r = await taskDependencyMatrixAsync(tasks, { base: 2, pool: pools[1] });
    expect(r.toJSON()).toEqual(taskDependencyMatrix(tasks, { base: 2 }).toJSON());
  }, 60_000);
});

describe('ksgMutualInformationAsync', () => {
  it('is the synchronous estimate to the last bit', async () => {
    const v = await onEveryPool((pool) => ksgMutualInformationAsync(rows, ys, { k: 4, seed: 3, pool }));
    expect(v).toBe(ksgMutualInformation(rows, ys, { k: 4, seed: 3 }));
  }, 60_000);

  // Large enough for several ranges of points (one per 1024), so the workers share the terms.
  const big = 5000;
  const r2 = createRng(17);
  const bx = Float64Array.from({ length: big }, () => r2.normal());
  const by = Float64Array.from(bx, (v) => Math.sin(2 * v) + 0.5 * r2.normal());
  const bz = Float64Array.from(bx, (v) => v + 0.3 * r2.normal());
  const bRows = Array.from(bx, (v, i) => [v, bz[i]]);
  const bz2 = Array.from(bz, (v, i) => [v, by[(i * 7) % big]]);

  it.each([
    ['two scalars (algorithm 1)', bx, by, { k: 3, seed: 1 }],
    ['two scalars (algorithm 2)', bx, by, { k: 5, algorithm: 2 as const, seed: 2 }],
    ['2-D x, 1-D y (a tree for the marginal counts)', bRows, by, { k: 4, seed: 3 }],
  ])('split into ranges of points: %s, the synchronous bits on 1, 2, 3 workers and the main thread', async (_, x, y, opts) => {
    expect(ksgRanges(big).length).toBe(5);
    const done: number[] = [];
    const v = await onEveryPool((pool) => ksgMutualInformationAsync(x, y, { ...opts, pool, onProgress: ({ completed, total }) => done.push(completed / total) }));
    expect(v).toBe(ksgMutualInformation(x, y, opts));
    expect(v).toBeGreaterThan(0.3);
    // Progress by range, ending at every point on each pool.
    expect(done.filter((f) => f === 1).length).toBe(pools.length);
    // The two-worker pool ran both workers on it.
    expect(pools[1].running).toBe(2);
  }, 120_000);

  it('ksgConditionalMutualInformationAsync: split into ranges, the synchronous bits (1-D and 2-D z)', async () => {
    for (const z of [bz, bz2]) {
      const v = await onEveryPool((pool) => ksgConditionalMutualInformationAsync(bx, by, z, { k: 4, seed: 6, pool }));
      expect(v).toBe(ksgConditionalMutualInformation(bx, by, z, { k: 4, seed: 6 }));
      expect(Number.isFinite(v)).toBe(true);
    }
  }, 120_000);

  it('a constant variable gives 0 without any work, as the synchronous estimators', async () => {
    const c = new Float64Array(big).fill(2);
    expect(await ksgMutualInformationAsync(bx, c, { pool: pools[1] })).toBe(0);
    expect(await ksgConditionalMutualInformationAsync(c, by, bz, { pool: pools[1] })).toBe(0);
  });
});

describe('fitAsync', () => {
  it.each([
    ['maml', () => maml({ model: mlp({ sizes: [1, 16, 16, 1] }), innerLr: 0.01, seed: 2 })],
    ['first-order maml with regularization', () => maml({ model: mlp({ sizes: [1, 16, 1] }), innerLr: 0.01, firstOrder: true, seed: 2, regularization: { l2: 1e-3, maxNorm: 3 } })],
    ['reptile', () => reptile({ model: mlp({ sizes: [1, 16, 1] }), innerLr: 0.02, innerSteps: 2, seed: 2 })],
  ])('%s: the synchronous fit, to the last bit, on every pool', async (_, make) => {
    const opts = { iterations: 4, metaBatchSize: 5, shots: 5, seed: 9 };
    const sync = make();
    const want = sync.fit(sinusoidTasks(), opts);
    for (const pool of pools) {
      const learner = make();
      const res = await fitAsync(learner, sinusoidTasks(), { ...opts, pool });
      expect(res.iterations).toBe(4);
      expect(res.aborted).toBe(false);
      expect(res.losses).toStrictEqual(want.losses);
      expect(learner.params).toStrictEqual(sync.params);
    }
  }, 180_000);

  it('with validation and early stopping, the synchronous fit to the last bit (the next batch is drawn ahead)', async () => {
    const val = sinusoidTasks();
    const rng = createRng(5);
    const tasks = Array.from({ length: 3 }, () => val.sample(rng, 5, 5));
    const make = () => maml({ model: mlp({ sizes: [1, 16, 1] }), innerLr: 0.01, seed: 2 });
    // A large outer step: the validation loss rises at iteration 2 and training stops there (patience 1).
    // (An optimizer keeps its moments: a fresh one per fit.)
    const opts = () => ({ iterations: 12, metaBatchSize: 4, shots: 5, seed: 3, outerOptimizer: adam({ lr: 0.3 }), validation: { tasks, every: 2, patience: 1 } });
    const sync = make();
    const want = sync.fit(sinusoidTasks(), opts());
    expect(want.validation?.stoppedEarly).toBe(true);
    for (const pool of pools) {
      const learner = make();
      const res = await fitAsync(learner, sinusoidTasks(), { ...opts(), pool });
      expect(res).toStrictEqual(want);
      expect(learner.params).toStrictEqual(sync.params);
    }
  }, 180_000);

  it('fewShotTasks (tasks built in the workers from drawn rows): the synchronous fit to the last bit, on every pool', async () => {
    const rng = createRng(8);
    const x = Float64Array.from({ length: 12 * 20 * 6 }, () => rng.normal());
    const y = Array.from({ length: 12 * 20 }, (_, i) => `c${i % 12}`);
    const sampler = fewShotTasks(x, y, { ways: 3, shots: 2, queryShots: 3 });
    const make = () => maml({ model: mlp({ sizes: [6, 12, 3] }), innerLr: 0.3, loss: 'softmaxCrossEntropy', seed: 1 });
    const opts = { iterations: 5, metaBatchSize: 7, shots: 2, queryShots: 3, seed: 4 };
    const sync = make();
    const want = sync.fit(sampler, opts);
    for (const pool of pools) {
      const learner = make();
      expect(await fitAsync(learner, sampler, { ...opts, pool })).toStrictEqual(want);
      expect(learner.params).toStrictEqual(sync.params);
    }
    // A sampler whose sample() was replaced is sampled through it, not through the built-in draws.
    const changed = fewShotTasks(x, y, { ways: 3, shots: 2, queryShots: 3 });
    const own = changed.sample;
    changed.sample = (r, k, q) => {
      const ep = own(r, k, q);
      return { ...ep, support: { x: ep.support.x.map((v) => 2 * v), y: ep.support.y } };
    };
    const a = make();
    const b = make();
    const ra = a.fit(changed, opts);
    expect(await fitAsync(b, changed, { ...opts, pool: pools[1] })).toStrictEqual(ra);
    expect(b.params).toStrictEqual(a.params);
    expect(a.params).not.toStrictEqual(sync.params);
  }, 180_000);

  it('a sampler that throws at iteration 2 fails as fit does, after the same two steps', async () => {
    // The loop draws iteration 2's tasks while iteration 1 is computed; the error must still surface where fit's does.
    const failing = () => {
      const inner = sinusoidTasks();
      let calls = 0;
      return {
        inputSize: inner.inputSize,
        outputSize: inner.outputSize,
        sample: (r: Parameters<typeof inner.sample>[0], s: number, q: number) => {
          if (++calls > 8) throw new RangeError('sampler ran dry');
          return inner.sample(r, s, q);
        },
      };
    };
    const make = () => maml({ model: mlp({ sizes: [1, 8, 1] }), innerLr: 0.01, seed: 4 });
    const opts = { iterations: 5, metaBatchSize: 4, shots: 5, seed: 1 };
    const sync = make();
    expect(() => sync.fit(failing(), opts)).toThrow('sampler ran dry');
    for (const pool of pools) {
      const learner = make();
      await expect(fitAsync(learner, failing(), { ...opts, pool })).rejects.toThrow('sampler ran dry');
      expect(learner.params).toStrictEqual(sync.params);
    }
  }, 180_000);
});
