// Meta-training with the tasks of each meta-batch spread over the pool's workers.
import { InfometaError, fail, fmt } from '../internal/errors.js';
import { longRunning } from '../internal/long-running.js';
import { MetaLearner } from '../meta/learners/base.js';
import { fitLoop, planFit } from '../meta/learners/fit-loop.js';
import type { FitOptions, FitResult } from '../meta/learners/types.js';
import type { TaskSampler } from '../meta/tasks.js';
import { poolOf, renamed } from './common.js';
import type { PoolOption } from './common.js';
import { metaJob } from './jobs/meta.js';
import type { MetaChunk, MetaResult, MetaShared } from './jobs/meta.js';

/** Options of {@link fitAsync}: those of `MetaLearner.fit`, plus `pool`. */
export interface FitAsyncOptions extends FitOptions, PoolOption {}

/**
 * `learner.fit(sampler, options)` with the tasks of each meta-batch spread over the pool's workers: the main thread
 * samples the tasks (from the seeded sampler, in order), each worker computes the meta-gradients of the tasks it is
 * given (one task per chunk, the learner rebuilt from its JSON), and the main thread adds them in task order with
 * weight 1 / metaBatchSize, adds the regularization penalty and takes the outer step. The order of the sum never
 * depends on the workers, so 1, 2 or 16 workers give bit-identical parameters; for MAML, first-order MAML, ANIL and
 * Reptile they are also those of the synchronous `fit` (Meta-SGD's learned rates may differ in the last bits).
 *
 * Signal: a signal that has already fired rejects at once with `ABORTED`; one that fires during training stops it
 * at once, the unfinished meta-batch discarded, and resolves as `fit` does (`aborted: true`, the parameters as after
 * the last completed step, or the best validated ones). Progress as `fit` (every `progressEvery` iterations).
 *
 * The learner's model must be one that `modelFromJSON` rebuilds in a fresh worker (the built-in models and
 * `sequential`/`multiHead` of built-in layers); a model registered with `registerModel` exists only in the thread
 * that registered it, so use the pool's `mainThread` mode or the synchronous `fit` for it.
 *
 * Cost: as `fit`, the task meta-gradients divided among the workers; per iteration, a copy of the meta-parameters
 * and the tasks to the workers (one message per worker), and the task gradients moved back.
 *
 * @param learner - a MetaLearner (`maml`, `metaSgd`, `reptile`, `anil`); its `params` are trained in place
 * @param sampler - the task distribution
 * @param options - those of `fit` (`iterations`, `metaBatchSize`, `shots`, `queryShots`, `outerOptimizer`, `seed`,
 *   `signal`, `onProgress`, `progressEvery`, `validation`) and `pool`
 * @returns a promise of `fit`'s result
 * @throws InfometaError (as a rejection) as `fit`, named `fitAsync`; `INVALID_ARGUMENT` for a learner that is not a
 *   MetaLearner; `ABORTED` for a signal already fired; `POOL_CLOSED`; `WORKER_FAILED` when a worker dies
 * @example
 * ```ts
 * import { maml, mlp, sinusoidTasks } from 'infometa';
 * import { createPool, fitAsync } from 'infometa/parallel';
 * const pool = createPool({ workers: 2 });
 * const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01 });
 * const res = await fitAsync(learner, sinusoidTasks(), { iterations: 5, metaBatchSize: 4, seed: 1, pool });
 * console.log(res.iterations, res.aborted); // 5 false
 * await pool.close();
 * ```
 */
export async function fitAsync(learner: MetaLearner, sampler: TaskSampler, options: FitAsyncOptions): Promise<FitResult> {
  const fn = 'fitAsync';
  if (!(learner instanceof MetaLearner)) fail('INVALID_ARGUMENT', fn, `learner must be a MetaLearner (got ${fmt(learner)})`);
  if (options === null || typeof options !== 'object') fail('INVALID_OPTION', fn, 'options with iterations are required');
  const { pool: poolOpt, ...fitOptions } = options;
  const pool = poolOf(fn, poolOpt);
  const run = longRunning(fn, { signal: options.signal, onProgress: options.onProgress });
  // fit's own checks and loop (learners/fit-loop.ts); only the meta-gradient of each batch is computed here.
  const plan = planFit(learner, fn, sampler, fitOptions);
  const meta = learner.checkMeta(fn, learner.params);
  const g = new Float64Array(meta.length);
  const batch = plan.batch;
  const w = 1 / batch;
  // The tasks of a meta-batch in one group per worker (consecutive, near-equal): a message per worker and iteration
  // rather than one per task. The sum below is in task order, so the grouping never changes a bit of the result. On
  // the main-thread fallback, one task per group, so the page gets a turn between tasks.
  const nGroups = pool.mainThread ? batch : Math.min(batch, pool.workers);
  const groups = Array.from({ length: nGroups }, (_, k): [number, number] => [Math.floor((k * batch) / nGroups), Math.floor(((k + 1) * batch) / nGroups)]);

  const json = learner.toJSON();
  delete json.regularization;
  const ctx = pool.context('meta', { learner: json } satisfies MetaShared, metaJob);
  try {
    const loop = fitLoop(learner, plan, sampler, meta, g);
    for (let r = loop.next(); ; ) {
      if (r.done === true) return r.value;
      const { it, tasks } = r.value;
      let results: MetaResult[];
      try {
        results = (await pool.run(fn, ctx, groups.map(([a, b]): MetaChunk => ({ meta, tasks: tasks.slice(a, b) })), { signal: run.signal })) as MetaResult[];
      } catch (e) {
        if (e instanceof InfometaError && e.code === 'ABORTED') {
          r = loop.next(null);
          continue;
        }
        if (e instanceof InfometaError && e.code === 'DIVERGED') fail('DIVERGED', fn, `the loss or its gradient became non-finite at iteration ${it} (${e.message}); lower the learning rates`);
        throw renamed(e, `${learner.kind}.metaGradient`, fn);
      }
      // The synchronous meta-gradient's sum: out += (1 / batch) · g_t, in task order (whatever the grouping).
      g.fill(0);
      let total = 0;
      for (const { grads, losses } of results) {
        for (let t = 0; t < losses.length; t++) {
          for (let i = 0, o = t * g.length; i < g.length; i++) g[i] += w * grads[o + i];
          total += losses[t];
        }
      }
      const l = total / batch;
      let ok = l - l === 0;
      for (let i = 0; ok && i < g.length; i++) ok = g[i] - g[i] === 0;
      if (!ok) fail('DIVERGED', fn, `the loss or its gradient became non-finite at iteration ${it} (mean loss ${fmt(l)}); lower the learning rates`);
      r = loop.next(l);
    }
  } finally {
    pool.release(ctx);
  }
}
