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
import type { WorkerPool } from './pool.js';
import { Diverged, SharedPath, sharedMemory } from './meta-shared.js';
import { isBuiltinOptimizer } from '../meta/optimizers.js';
import type { PoolOption } from './common.js';
import { metaJob, packPlans, packTasks } from './jobs/meta.js';
import type { MetaChunk, MetaResult, MetaShared } from './jobs/meta.js';

/** Options of {@link fitAsync}: those of `MetaLearner.fit`, plus `pool`. */
export interface FitAsyncOptions extends FitOptions, PoolOption {}

/**
 * `learner.fit(sampler, options)` with the tasks of each meta-batch spread over the pool's workers: the calling
 * thread draws the tasks (from the seeded sampler, in order; for `fewShotTasks` only which rows each task takes, the
 * workers building the episodes from their copy of the rows), each worker computes the meta-gradients of one group of
 * consecutive tasks (the learner rebuilt from its JSON), and the gradients are added in task order with weight
 * 1 / metaBatchSize, then the penalty and the outer step as in `fit`. The order of the sum never depends on the
 * workers, so 1, 2 or 16 workers give bit-identical parameters; for MAML, first-order MAML, ANIL and Reptile they are
 * also those of the synchronous `fit` (Meta-SGD's learned rates may differ in the last bits).
 *
 * Where the platform has shared memory (Node; a cross-origin-isolated page) the workers loop over the meta-batches on
 * `SharedArrayBuffer`s, meeting at barriers, each adding a slice of the summed gradient; with an `sgd` or `adam` outer
 * optimizer and no `validation` the first worker takes the outer step and the workers go on without waiting for the
 * calling thread, and the optimizer afterwards holds the state `fit` would leave. Elsewhere, one message per worker
 * and iteration. Both give the same bits (see docs/parallel.md).
 *
 * Signal: a signal that has already fired rejects at once with `ABORTED`; one that fires during training stops it
 * (over shared memory, between two task gradients), and resolves as `fit` does (`aborted: true`, the parameters as
 * after the last completed step, or the best validated ones; every step the workers completed is counted). Progress
 * as `fit` (every `progressEvery` iterations).
 *
 * The learner's model must be one that `modelFromJSON` rebuilds in a fresh worker: the built-in models and
 * `sequential`/`multiHead` of built-in layers as they are; a model of your own once the pool's `setup` module
 * registers it in each worker (`createPool({ setup })`; without it the call rejects with `INVALID_ARGUMENT` naming the
 * kind).
 *
 * Cost: as `fit`, the task meta-gradients divided among the workers. Over shared memory, per meta-batch: building
 * the tasks, two barriers and a 1/workers slice of the sum in each worker, the outer step in one; the calling thread
 * draws the next meta-batch. By messages: a copy of the meta-parameters and the tasks to each worker, the task
 * gradients moved back and added on the calling thread, which also takes the step.
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
  const params = learner.checkMeta(fn, learner.params);
  const batch = plan.batch;
  // The tasks of a meta-batch in one group per worker (consecutive, near-equal). The sum is in task order, so the
  // grouping never changes a bit of the result. On the main-thread fallback, one task per group, so the page gets a
  // turn between tasks.
  const nGroups = pool.mainThread ? batch : Math.min(batch, pool.workers);
  const groups = Array.from({ length: nGroups }, (_, k): [number, number] => [Math.floor((k * batch) / nGroups), Math.floor(((k + 1) * batch) / nGroups)]);

  const json = learner.toJSON();
  delete json.regularization;
  // A built-in sampler with data (fewShotTasks): the calling thread draws which rows each task takes, and the
  // workers, holding a copy of the data, build the tasks. Any other sampler: its tasks are drawn here and sent.
  const planner = pool.mainThread ? undefined : plannerOf(sampler);
  const shared: MetaShared = planner === undefined ? { learner: json } : { learner: json, source: planner.source };
  const { shots, queryShots } = plan;
  const sample = planner === undefined ? (rng: Rng): Task | TaskPlan => sampler.sample(rng, shots, queryShots) : (rng: Rng): Task | TaskPlan => planner.plan(rng, shots, queryShots);
  // Over shared memory where the platform has it (Node; a cross-origin-isolated page): the loop's meta-parameters
  // and gradient live in SharedArrayBuffers that the workers read and write in place. Else by messages.
  // There, when the outer optimizer is a built-in one and there is no validation, the first worker takes the outer
  // step and the workers go on without waiting for this thread (which then only draws the meta-batches).
  const usable = sharedMemory(pool);
  const step = usable && plan.val === undefined && isBuiltinOptimizer(plan.opt) ? { opt: plan.opt, regularization: learner.regularization } : undefined;
  const mem = usable ? new SharedPath(pool, fn, shared, params.length, groups, batch, planner !== undefined, run.signal, step) : null;
  const meta = mem?.meta ?? params;
  const g = mem?.g ?? new Float64Array(meta.length);
  if (mem !== null) meta.set(params);
  const messages = new MessagePath(pool, fn, shared, meta, g, groups, batch, planner !== undefined, run.signal);
  let viaMessages = mem === null;
  // When the workers step, the loop does not watch the signal itself: the meta-batches they completed before it fired
  // are taken first, so that the result counts the steps the parameters have.
  const control = { outerStep: step === undefined };
  try {
    const loop = fitLoop(learner, step === undefined ? plan : { ...plan, signal: undefined }, sample, meta, g, control);
    for (let r = loop.next(); ; ) {
      if (r.done === true) return r.value;
      const { it, tasks, prefetch } = r.value;
      let total: number | null = null;
      try {
        if (!viaMessages) {
          total = await (mem as SharedPath).compute(tasks, prefetch);
          // A meta-batch that cannot go through shared memory: this one and the rest of the call go by messages
          // (the outer step back on this thread).
          if (total === null) {
            viaMessages = true;
            await (mem as SharedPath).release();
            control.outerStep = true;
          }
        }
        total ??= await messages.compute(tasks, prefetch);
      } catch (e) {
        if (e instanceof InfometaError && e.code === 'ABORTED') {
          r = loop.next(null);
          continue;
        }
        if (e instanceof Diverged) fail('DIVERGED', fn, `the loss or its gradient became non-finite at iteration ${it} (mean loss ${fmt(e.loss)}); lower the learning rates`);
        if (e instanceof InfometaError && e.code === 'DIVERGED') fail('DIVERGED', fn, `the loss or its gradient became non-finite at iteration ${it} (${e.message}); lower the learning rates`);
        throw renamed(e, `${learner.kind}.metaGradient`, fn);
      }
      const l = total / batch;
      // (The workers that step check the meta-batch themselves; g may already hold the next one's sum.)
      if (control.outerStep) {
        let ok = l - l === 0;
        for (let i = 0; ok && i < g.length; i++) ok = g[i] - g[i] === 0;
        if (!ok) fail('DIVERGED', fn, `the loss or its gradient became non-finite at iteration ${it} (mean loss ${fmt(l)}); lower the learning rates`);
      }
      r = loop.next(l);
    }
  } finally {
    messages.release();
    if (mem !== null) {
      await mem.release();
      // As after `fit`: the parameters of the last completed step (or the best validated ones).
      params.set(meta);
    }
  }
}

/**
 * The meta-batches by messages: per meta-batch, one chunk per group (a copy of the meta-parameters and the group's
 * tasks, packed into one moved buffer, or the plans of a built-in sampler) and the task gradients moved back, added
 * in task order as they arrive.
 */
class MessagePath {
  private ctx: ReturnType<WorkerPool['context']> | null = null;
  private readonly w: number;
  /** Each group's last gradient buffer and its copy of the meta-parameters, moved back to its worker with its next chunk. */
  private readonly spares: (Float64Array | undefined)[];
  private readonly metas: (Float64Array | undefined)[];
  private next: { tasks: (Task | TaskPlan)[]; chunks: MetaChunk[] } | null = null;

  constructor(
    private readonly pool: WorkerPool,
    private readonly fn: string,
    private readonly shared: MetaShared,
    private readonly meta: Float64Array,
    private readonly g: Float64Array,
    private readonly groups: [number, number][],
    batch: number,
    private readonly plans: boolean,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.w = 1 / batch;
    this.spares = new Array<Float64Array | undefined>(groups.length);
    this.metas = new Array<Float64Array | undefined>(groups.length);
  }

  /** A group's tasks packed into one buffer that is moved to its worker; on the main-thread fallback, as they are. */
  private chunksOf(items: (Task | TaskPlan)[]): MetaChunk[] {
    return this.groups.map(([a, b]): MetaChunk => {
      const some = items.slice(a, b);
      if (this.plans) return { meta: this.meta, plans: packPlans(some as TaskPlan[]), first: a };
      const tasks = some as Task[];
      return { meta: this.meta, tasks: (this.pool.mainThread ? null : packTasks(tasks)) ?? tasks, first: a };
    });
  }

  /** Writes the batch's mean meta-gradient into g; returns the sum of its task losses (in task order). */
  async compute(tasks: (Task | TaskPlan)[], prefetch: () => (Task | TaskPlan)[] | null): Promise<number> {
    const { pool, g, w, spares, metas, meta } = this;
    const nGroups = this.groups.length;
    this.ctx ??= pool.context('meta', this.shared, metaJob);
    // The synchronous meta-gradient's sum: g += (1 / batch) · g_t, in task order whatever the grouping. Each group is
    // added as soon as it and every group before it have arrived, while the later groups are still computing.
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
    const chunks = this.next !== null && this.next.tasks === tasks ? this.next.chunks : this.chunksOf(tasks);
    chunks.forEach((c, k) => {
      c.spare = spares[k];
      spares[k] = undefined;
      if (!pool.mainThread) {
        c.meta = metas[k] ?? new Float64Array(meta.length);
        c.meta.set(meta);
        metas[k] = undefined;
      }
    });
    const done = pool.run(this.fn, this.ctx, chunks, { signal: this.signal, onChunk });
    // The chunks are posted; the next meta-batch is drawn (and packed) while the workers compute this one.
    const ahead = prefetch();
    this.next = ahead === null ? null : { tasks: ahead, chunks: this.chunksOf(ahead) };
    await done;
    return total;
  }

  release(): void {
    if (this.ctx !== null) this.pool.release(this.ctx);
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
