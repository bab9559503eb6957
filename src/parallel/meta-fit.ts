// Meta-training with the tasks of each meta-batch spread over the pool's workers.
import { InfometaError, fail, fmt } from '../internal/errors.js';
import { longRunning } from '../internal/long-running.js';
import { createRng } from '../internal/rng.js';
import { checkInteger } from '../internal/validate.js';
import { MetaLearner } from '../meta/learners/base.js';
import { addPenalty, projectMaxNorm } from '../meta/learners/regularization.js';
import type { FitOptions, FitProgress, FitResult } from '../meta/learners/types.js';
import { Validation } from '../meta/learners/validation.js';
import { adam } from '../meta/optimizers.js';
import type { Task, TaskSampler } from '../meta/tasks.js';
import { poolOf, renamed } from './common.js';
import type { PoolOption } from './common.js';
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
  const iterations = checkInteger(fn, 'iterations', options.iterations, NaN, 0);
  if (Number.isNaN(iterations)) fail('INVALID_OPTION', fn, 'iterations is required');
  // Every other option is checked by fit itself, run for zero iterations (which touches neither the parameters, the
  // optimizer nor the sampler): the same rules and messages, named for this function.
  try {
    learner.fit(sampler, { ...fitOptions, iterations: 0, signal: undefined, onProgress: undefined, validation: undefined });
  } catch (e) {
    throw renamed(e, `${learner.kind}.fit`, fn);
  }
  const batch = options.metaBatchSize ?? 25;
  const shots = options.shots ?? 10;
  const queryShots = options.queryShots ?? shots;
  const every = options.progressEvery ?? 100;
  const opt = options.outerOptimizer ?? adam({ lr: 1e-3 });
  const val = options.validation === undefined ? undefined : new Validation(learner, fn, options.validation);

  const json = learner.toJSON();
  delete json.regularization;
  const ctx = pool.context('meta', { learner: json } satisfies MetaShared);
  const meta = learner.params;
  const P = learner.model.numParams;
  const rng = createRng(options.seed ?? 0);
  const g = new Float64Array(meta.length);
  const losses = new Float64Array(iterations);
  const w = 1 / batch;
  // The tasks of a meta-batch in one group per worker (consecutive, near-equal): a message per worker and iteration
  // rather than one per task. The sum above is in task order, so the grouping never changes a bit of the result. On
  // the main-thread fallback, one task per group, so the page gets a turn between tasks.
  const nGroups = pool.mainThread ? batch : Math.min(batch, pool.workers);
  const groups = Array.from({ length: nGroups }, (_, k): [number, number] => [Math.floor((k * batch) / nGroups), Math.floor(((k + 1) * batch) / nGroups)]);
  const finish = (done: number, aborted: boolean): FitResult => {
    if (val?.best !== undefined) meta.set(val.best);
    const res: FitResult = { iterations: done, aborted, losses: done === iterations ? losses : losses.slice(0, done) };
    if (val !== undefined) res.validation = val.record;
    return res;
  };
  try {
    val?.score(meta, 0);
    for (let it = 0; it < iterations; it++) {
      if (run.signal?.aborted === true) return finish(it, true);
      const tasks: Task[] = [];
      for (let t = 0; t < batch; t++) tasks.push(sampler.sample(rng, shots, queryShots));
      let results: MetaResult[];
      try {
        results = (await pool.run(fn, ctx, groups.map(([a, b]): MetaChunk => ({ meta, tasks: tasks.slice(a, b) })), { signal: run.signal })) as MetaResult[];
      } catch (e) {
        if (e instanceof InfometaError && e.code === 'ABORTED') return finish(it, true);
        if (e instanceof InfometaError && e.code === 'DIVERGED') fail('DIVERGED', fn, `the loss or its gradient became non-finite at iteration ${it} (${e.message}); lower the learning rates`);
        throw renamed(e, `${learner.kind}.metaGradient`, fn);
      }
      // The synchronous meta-gradient's sum: out += (1 / batch) · g_t, in task order (whatever the grouping).
      g.fill(0);
      let total = 0;
      for (const { grads, losses: lt } of results) {
        for (let t = 0; t < lt.length; t++) {
          for (let i = 0, o = t * g.length; i < g.length; i++) g[i] += w * grads[o + i];
          total += lt[t];
        }
      }
      const l = total / batch;
      let ok = l - l === 0;
      for (let i = 0; ok && i < g.length; i++) ok = g[i] - g[i] === 0;
      if (!ok) fail('DIVERGED', fn, `the loss or its gradient became non-finite at iteration ${it} (mean loss ${fmt(l)}); lower the learning rates`);
      addPenalty(learner.regularization, P, meta, g);
      opt.step(meta, g);
      projectMaxNorm(learner.regularization.maxNorm ?? Infinity, learner.model.blocks, meta);
      losses[it] = l;
      const scored = val !== undefined && (it + 1) % val.every === 0;
      const vl = scored ? val.score(meta, it + 1) : undefined;
      if (run.onProgress !== undefined && ((it + 1) % every === 0 || it + 1 === iterations || scored)) {
        const p: FitProgress = { iteration: it + 1, iterations, loss: l };
        if (vl !== undefined) p.validationLoss = vl;
        if (val !== undefined) p.bestValidationLoss = val.record.bestLoss;
        (run.onProgress as (p: FitProgress) => void)(p);
      }
      if (val?.exhausted()) {
        val.record.stoppedEarly = it + 1 < iterations;
        return finish(it + 1, false);
      }
    }
    return finish(iterations, false);
  } finally {
    pool.release(ctx);
  }
}
