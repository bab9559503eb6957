// The task dependency matrix and its permutation p-values, in chunks across the pool's workers.
import { longRunning } from '../internal/long-running.js';
import { checkInteger } from '../internal/validate.js';
import type { Counts } from '../miml/dependency.js';
import { checkMeasureOptions, dependencyChunks, dependencyValues, observedRanges, placeObservedRows } from '../miml/dependency.js';
import type { TaskDependencyOptions, TaskDependencyProgress } from '../miml/dependency.js';
import { DependencyMatrix } from '../miml/matrix.js';
import { checkNames, prepareTasks } from '../miml/tasks.js';
import type { TaskLabels } from '../miml/tasks.js';
import { chunkProgress, poolOf } from './common.js';
import type { PoolOption } from './common.js';
import { dependencyJob } from './jobs/dependency.js';
import type { DependencyChunk, DependencyShared } from './jobs/dependency.js';

/** Options of {@link taskDependencyMatrixAsync}: those of `taskDependencyMatrix`, plus `pool`. */
export interface TaskDependencyAsyncOptions extends TaskDependencyOptions, PoolOption {}

/** Names the data of a call for the workers' engine cache (see jobs/dependency.ts). */
let tokens = 0;

const OPTIONS: readonly string[] = ['names', 'measure', 'estimator', 'average', 'base', 'permutations', 'seed', 'signal', 'onProgress', 'pool'];

/**
 * `taskDependencyMatrix` off the calling thread, its permutation rounds across the pool's workers: the same
 * values to the last bit, and p-values by the same rule ((b + 1) / (m + 1), every pair of a round sharing its
 * permutation).
 *
 * Determinism: the m rounds are cut into min(64, m) chunks whatever the number of workers; chunk c starts from the
 * identity permutation and draws its rounds from its own stream, seeded by the c-th draw of `createRng(seed)`; the
 * counts are added in chunk order. So 1, 2 or 16 workers (or the main-thread fallback) give bit-identical
 * p-values; they are other draws of the same permutation null than the synchronous function's, not the same numbers.
 *
 * Cancellation: the promise rejects with `ABORTED` as soon as `signal` fires. Progress: `{ completed, total }`
 * rounds, once per chunk.
 *
 * Cost: as `taskDependencyMatrix`, the observed pairs (in 4 ranges of rows per worker) and the rounds divided among
 * the workers; plus two copies of the packed tasks to each worker (one per phase; the engine is built once).
 *
 * @param tasks - one label array per task, or an n × T label matrix (as `taskDependencyMatrix`)
 * @param options - those of `taskDependencyMatrix` and `pool`
 * @returns a promise of the T × T matrix (with `pValues` when `permutations` was given)
 * @throws InfometaError (as a rejection) as `taskDependencyMatrix`, plus `INVALID_OPTION` for a bad `pool`;
 *   `ABORTED` when the signal fires (at once for one already fired); `POOL_CLOSED`; `WORKER_FAILED`
 * @example
 * ```ts
 * import { createPool, taskDependencyMatrixAsync } from 'infometa/parallel';
 * const pool = createPool({ workers: 2 });
 * const a = [0, 0, 1, 1, 0, 1, 0, 1];
 * const dep = await taskDependencyMatrixAsync([a, a.slice(), [0, 1, 0, 1, 0, 1, 1, 0]], { base: 2, permutations: 99, pool });
 * console.log(dep.values[1], dep.pValues?.[1]); // 1 0.03
 * await pool.close();
 * ```
 */
export async function taskDependencyMatrixAsync(tasks: TaskLabels, options?: TaskDependencyAsyncOptions): Promise<DependencyMatrix> {
  const fn = 'taskDependencyMatrixAsync';
  const { measure, est, average, lnb, unitless, record } = checkMeasureOptions(fn, options, OPTIONS);
  const o = options ?? {};
  const pool = poolOf(fn, o.pool);
  const m = o.permutations === undefined ? 0 : checkInteger(fn, 'permutations', o.permutations, 0, 1);
  const run = longRunning<TaskDependencyProgress>(fn, o);
  const prep = prepareTasks(fn, tasks);
  const { T } = prep;
  const names = checkNames(fn, o.names, T);
  const shared: DependencyShared = { prep, measure, est, average, lnb: unitless ? 1 : lnb, token: ++tokens };

  // The observed statistics, rows of pairs across the workers (a pair's statistic is its own: every cut gives the same
  // bits); each worker builds the engine once for both phases.
  const first = pool.context('dependency', shared, dependencyJob);
  const ranges = observedRanges(T, pool.mainThread ? T : 4 * pool.workers);
  const obs = new Float64Array(T * T);
  try {
    const parts = (await pool.run(fn, first, ranges.map((r): DependencyChunk => ({ seed: 0, count: 0, observed: r })), { signal: run.signal })) as Float64Array[];
    parts.forEach((vals, c) => placeObservedRows(obs, T, ranges[c][0], vals));
  } finally {
    pool.release(first);
  }
  // As the synchronous function: the record says what the diagonal shows (H(Tᵢ) for `mi`).
  const values = dependencyValues(obs, prep, record, est, lnb);
  const base = unitless ? Math.E : (o.base ?? Math.E);
  if (m === 0) return new DependencyMatrix(names, values, { measure, base });

  const plan = dependencyChunks(m, run.rng());
  const ctx = pool.context('dependency', { ...shared, obs }, dependencyJob);
  let counts: Counts[];
  try {
    counts = (await pool.run(fn, ctx, plan.map((c): DependencyChunk => ({ seed: c.seed, count: c.count })), {
      signal: run.signal,
      onChunk: chunkProgress(plan.map((c) => c.count), m, run.onProgress),
    })) as Counts[];
  } finally {
    pool.release(ctx);
  }
  const pValues = new Float64Array(T * T);
  for (const c of counts) for (let p = 0; p < T * T; p++) pValues[p] += c[p];
  for (let p = 0; p < T * T; p++) pValues[p] = (pValues[p] + 1) / (m + 1);
  return new DependencyMatrix(names, values, { measure, base, pValues, permutations: m, seed: run.seed });
}
