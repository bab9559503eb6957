// The multi-task models' fit off the calling thread: the whole fit in one worker (see docs/parallel.md for why it
// is not split across workers), the fitted state adopted by the caller's model.
import { fail, fmt } from '../internal/errors.js';
import { longRunning } from '../internal/long-running.js';
import { SharedDictionaryModel } from '../meta/multitask/dictionary.js';
import { Engine } from '../meta/multitask/engine.js';
import type { MultiTaskFitOptions, MultiTaskFitResult, MultiTaskProgress } from '../meta/multitask/engine.js';
import { SharedLatentModel } from '../meta/multitask/latent.js';
import type { MultiTaskData } from '../meta/multitask/data.js';
import { poolOf } from './common.js';
import type { PoolOption } from './common.js';
import { multiTaskJob } from './jobs/multitask.js';
import type { MultiTaskFitted, MultiTaskShared } from './jobs/multitask.js';

/** Options of {@link fitMultiTaskAsync}: those of the models' `fit` (`seed`, `signal`, `onProgress`), plus `pool`. */
export interface MultiTaskFitAsyncOptions extends MultiTaskFitOptions, PoolOption {}

const OPTIONS: readonly string[] = ['seed', 'signal', 'onProgress', 'pool'];

/**
 * `model.fit(tasks, options)` of a {@link SharedLatentModel} or {@link SharedDictionaryModel} off the calling
 * thread: the whole fit runs in one worker of the pool, from the model's configuration and the seed, and the model
 * takes the fitted state when it finishes: the same parameters, to the last bit, as the synchronous `fit`, on any
 * number of workers or the main-thread fallback.
 *
 * Not split across workers: a sweep of the closed-form solver (ALS) is T small r × r head solves and one dr × dr
 * solve for the shared map, too little work per task for a message round per sweep, and Adam differentiates the
 * summed loss of all tasks in one graph, whose gradient bits a per-task split would change. So a fit keeps one core
 * busy and leaves the caller's thread free; several fits (several models, or a grid of settings) use several cores.
 *
 * Like `fit`, it is a transaction: the model changes only when the fit succeeds. Cancellation: the promise rejects
 * with `ABORTED` as soon as `signal` fires (the worker is stopped; the model is left as it was). Progress: `fit`'s,
 * sweep by sweep or epoch by epoch as the worker computes them (at most one message per 50 ms, the first at once),
 * then once more when the fit has finished.
 *
 * Cost: as `fit`, on one worker; plus a copy of the tasks to it and of the fitted parameters back.
 *
 * @param model - a SharedLatentModel or SharedDictionaryModel (fitted in place when the promise resolves)
 * @param tasks - the tasks, as for `fit`
 * @param options - `seed`, `signal`, `onProgress`, `pool`
 * @returns a promise of `fit`'s summary `{ solver, iterations, objective }`
 * @throws InfometaError (as a rejection, before any work) as `fit`, named for this function; `INVALID_ARGUMENT` for
 *   a model that is not one of the two; `INVALID_OPTION` for a bad `pool`; `ABORTED` when the signal fires;
 *   `POOL_CLOSED`; `WORKER_FAILED` when the worker dies; `DIVERGED` as `fit`
 * @example
 * ```ts
 * import { SharedLatentModel } from 'infometa';
 * import { createPool, fitMultiTaskAsync } from 'infometa/parallel';
 * const pool = createPool({ workers: 1 });
 * const x = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [2, 0, 1], [0, 2, 1]];
 * const tasks = [
 *   { name: 'a', x, y: x.map((r) => 2 * (r[0] + r[1])) },
 *   { name: 'b', x, y: x.map((r) => -(r[0] + r[1]) + 1) },
 * ];
 * const model = new SharedLatentModel({ rank: 1, lambda: 0, lambdaShared: 0 });
 * const res = await fitMultiTaskAsync(model, tasks, { pool });
 * console.log(res.solver, Array.from(model.predict('b', [[1, 1, 5]]), (v) => v.toFixed(6))); // als [ '-1.000000' ]
 * await pool.close();
 * ```
 */
export async function fitMultiTaskAsync(model: SharedLatentModel | SharedDictionaryModel, tasks: readonly MultiTaskData[], options?: MultiTaskFitAsyncOptions): Promise<MultiTaskFitResult> {
  const fn = 'fitMultiTaskAsync';
  const latent = model instanceof SharedLatentModel;
  if (!latent && !(model instanceof SharedDictionaryModel)) fail('INVALID_ARGUMENT', fn, `model must be a SharedLatentModel or a SharedDictionaryModel (got ${fmt(model)})`);
  const engine = model.engine;
  // Every check of fit, named for this function, before anything is sent.
  const { solver, total } = engine.checkFit(fn, tasks, options, OPTIONS);
  const lr = longRunning<MultiTaskProgress>(fn, options);
  const pool = poolOf(fn, options?.pool);
  const kind = latent ? 'infometa.SharedLatentModel' : 'infometa.SharedDictionaryModel';
  // The fields fit reads, and nothing else: whatever else a task object carries need not survive a structured clone.
  const data = tasks.map((t): MultiTaskData => {
    const { name, x, y, type, classes, weight, lambda, penalty } = t;
    return { name, x, y, type, classes, weight, lambda, penalty };
  });
  const shared: MultiTaskShared = { cfg: engine.cfg, widthName: engine.widthName, kind, fn, tasks: data, seed: lr.seed };
  const ctx = pool.context('multitask', shared, multiTaskJob);
  let fitted: MultiTaskFitted;
  try {
    // The fit's own progress, sweep by sweep or epoch by epoch (at most one message per 50 ms from a worker).
    const onNote = lr.onProgress === undefined ? undefined : (_: number, p: unknown): void => (lr.onProgress as (p: MultiTaskProgress) => void)(p as MultiTaskProgress);
    [fitted] = (await pool.run(fn, ctx, [null], { signal: lr.signal, onNote })) as MultiTaskFitted[];
  } finally {
    pool.release(ctx);
  }
  engine.adopt(Engine.fromJSON(fn, fitted.json, kind));
  const r = fitted.result;
  lr.onProgress?.({ solver, iteration: r.iterations, total, objective: r.objective });
  return r;
}
