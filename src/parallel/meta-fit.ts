// Meta-training with the tasks of each meta-batch spread over the pool's workers.
import { InfometaError, fail, fmt } from '../internal/errors.js';
import { longRunning } from '../internal/long-running.js';
import { MetaLearner } from '../meta/learners/base.js';
import { fitLoop, planFit } from '../meta/learners/fit-loop.js';
import type { FitOptions, FitResult } from '../meta/learners/types.js';
import type { Task, TaskSampler } from '../meta/tasks.js';
import { plannerOf } from '../meta/task-plans.js';
import type { TaskPlan } from '../meta/task-plans.js';
import type { Rng } from '../internal/rng.js';
import { poolOf, renamed } from './common.js';
import type { PoolOption } from './common.js';
import { metaJob, packPlans, packTasks } from './jobs/meta.js';
import type { MetaChunk, MetaResult, MetaShared } from './jobs/meta.js';

/** Options of {@link fitAsync}: those of `MetaLearner.fit`, plus `pool`. */
export interface FitAsyncOptions extends FitOptions, PoolOption {}

/**
 * `learner.fit(sampler, options)` with the tasks of each meta-batch spread over the pool's workers: the main thread
 * samples the tasks (from the seeded sampler, in order; for `fewShotTasks` only which rows each task takes, the
 * workers building the episodes from their copy of the rows), each worker computes the meta-gradients of the tasks
 * it is given (one group of consecutive tasks per worker, the learner rebuilt from its JSON), and the main thread
 * adds them in task order with weight 1 / metaBatchSize, adds the regularization penalty and takes the outer step. The order of the sum never
 * depends on the workers, so 1, 2 or 16 workers give bit-identical parameters; for MAML, first-order MAML, ANIL and
 * Reptile they are also those of the synchronous `fit` (Meta-SGD's learned rates may differ in the last bits).
 *
 * Signal: a signal that has already fired rejects at once with `ABORTED`; one that fires during training stops it
 * at once, the unfinished meta-batch discarded, and resolves as `fit` does (`aborted: true`, the parameters as after
 * the last completed step, or the best validated ones). Progress as `fit` (every `progressEvery` iterations).
 *
 * The learner's model must be one that `modelFromJSON` rebuilds in a fresh worker: the built-in models and
 * `sequential`/`multiHead` of built-in layers as they are; a model of your own once the pool's `setup` module
 * registers it in each worker (`createPool({ setup })`; without it the call rejects with `INVALID_ARGUMENT` naming the
 * kind).
 *
 * Cost: as `fit`, the task meta-gradients divided among the workers; per iteration, a copy of the meta-parameters
 * and the tasks to the workers (one message per worker), and the task gradients moved back. The main thread draws
 * the next meta-batch and adds the arrived gradients while the workers compute, so what stays serial per iteration
 * is the outer step and the sum of the last group to arrive.
 *
 * @param learner - a MetaLearner (`maml`, `metaSgd`, `reptile`, `anil`); its `params` are trained in place
 * @param sampler - the task distribution
 * @param options - those of `fit` (`iterations`, `metaBatchSize`, `shots`, `queryShots`, `outerOptimizer`, `seed`,
 *   `signal`, `onProgress`, `progressEvery`, `validation`) and `pool`
 * @returns a promise of `fit`'s result
 * @throws InfometaError (as a rejection) as `fit`, named `fitAsync`; `INVALID_ARGUMENT` for a learner that is not a
 *   MetaLearner, or whose model kind the workers do not know; `ABORTED` for a signal already fired; `POOL_CLOSED`;
 *   `WORKER_FAILED` when a worker dies
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
  // A built-in sampler with data (fewShotTasks): the calling thread draws which rows each task takes, and the
  // workers, holding a copy of the data, build the tasks. Any other sampler: its tasks are drawn here and sent.
  const planner = pool.mainThread ? undefined : plannerOf(sampler);
  const shared: MetaShared = planner === undefined ? { learner: json } : { learner: json, source: planner.source };
  const ctx = pool.context('meta', shared, metaJob);
  const { shots, queryShots } = plan;
  // A group's tasks packed into one buffer that is moved to its worker (a structured clone of 150 small arrays per
  // meta-batch cost the main thread up to 3 ms); on the main-thread fallback, the tasks as they are.
  const chunksOf = (items: (Task | TaskPlan)[]): MetaChunk[] =>
    groups.map(([a, b]): MetaChunk => {
      const some = items.slice(a, b);
      if (planner !== undefined) return { meta, plans: packPlans(some as TaskPlan[]) };
      const tasks = some as Task[];
      return { meta, tasks: (pool.mainThread ? null : packTasks(tasks)) ?? tasks };
    });
  // Each group's last gradient buffer and its copy of the meta-parameters, moved back to its worker with the
  // group's next chunk (on the main-thread fallback, the chunks read the meta-parameters themselves).
  const spares: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(nGroups);
  const metas: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(nGroups);
  let next: { tasks: (Task | TaskPlan)[]; chunks: MetaChunk[] } | null = null;
  try {
    const sample = planner === undefined ? (rng: Rng): Task | TaskPlan => sampler.sample(rng, shots, queryShots) : (rng: Rng): Task | TaskPlan => planner.plan(rng, shots, queryShots);
    const loop = fitLoop(learner, plan, sample, meta, g);
    for (let r = loop.next(); ; ) {
      if (r.done === true) return r.value;
      const { it, tasks, prefetch } = r.value;
      // The synchronous meta-gradient's sum: g += (1 / batch) · g_t, in task order whatever the grouping. Each group
      // is added as soon as it and every group before it have arrived, while the later groups are still computing.
      g.fill(0);
      let total = 0;
      const arrived: (MetaResult | undefined)[] = new Array<MetaResult | undefined>(nGroups);
      let summed = 0;
      const onChunk = (i: number, res: unknown): void => {
        arrived[i] = res as MetaResult;
        for (let c = arrived[summed]; c !== undefined; c = summed < nGroups ? arrived[summed] : undefined) {
          spares[summed] = c.grads;
          metas[summed] = c.meta;
          arrived[summed++] = undefined;
          total = addGroup(g, w, c, total);
        }
      };
      const chunks = next !== null && next.tasks === tasks ? next.chunks : chunksOf(tasks);
      chunks.forEach((c, k) => {
        c.spare = spares[k];
        spares[k] = undefined;
        if (!pool.mainThread) {
          c.meta = metas[k] ?? new Float64Array(meta.length);
          c.meta.set(meta);
          metas[k] = undefined;
        }
      });
      const done = pool.run(fn, ctx, chunks, { signal: run.signal, onChunk });
      // The chunks are posted; the next meta-batch is drawn (and packed) while the workers compute this one.
      const ahead = prefetch();
      next = ahead === null ? null : { tasks: ahead, chunks: chunksOf(ahead) };
      try {
        await done;
      } catch (e) {
        if (e instanceof InfometaError && e.code === 'ABORTED') {
          r = loop.next(null);
          continue;
        }
        if (e instanceof InfometaError && e.code === 'DIVERGED') fail('DIVERGED', fn, `the loss or its gradient became non-finite at iteration ${it} (${e.message}); lower the learning rates`);
        throw renamed(e, `${learner.kind}.metaGradient`, fn);
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

/** g += w · (each task gradient of the group, in task order); returns `total` plus the group's losses, in order. */
function addGroup(g: Float64Array, w: number, { grads, losses }: MetaResult, total: number): number {
  const P = g.length;
  for (let t = 0; t < losses.length; t++) {
    for (let j = 0, o = t * P; j < P; j++) g[j] += w * grads[o + j];
    total += losses[t];
  }
  return total;
}
