// The meta-training loop, written once for MetaLearner.fit and for infometa/parallel's fitAsync: the option checks,
// the seeded task sampling, the penalty, the outer step, the max-norm projection, progress, validation and early
// stopping. Only the meta-gradient of each batch is the driver's: computed in place (fit) or summed from the workers'
// task gradients (fitAsync), into the same buffer, in the same task order.
import { fail, fmt } from '../../internal/errors.js';
import { createRng } from '../../internal/rng.js';
import type { Rng } from '../../internal/rng.js';
import { checkInteger, checkNumber, checkOptions, optionNames } from '../../internal/validate.js';
import { adam } from '../optimizers.js';
import type { Optimizer } from '../optimizers.js';
import { MAX_SHOTS } from '../tasks.js';
import type { Task, TaskSampler } from '../tasks.js';
import type { MetaLearner } from './base.js';
import { addPenalty, projectMaxNorm } from './regularization.js';
import type { FitOptions, FitProgress, FitResult } from './types.js';
import { Validation } from './validation.js';

const FIT_OPTIONS = optionNames<FitOptions>()('iterations', 'metaBatchSize', 'shots', 'queryShots', 'outerOptimizer', 'seed', 'signal', 'onProgress', 'progressEvery', 'validation');

/** A checked `fit` call: its options resolved, its validation set prepared. */
export interface FitPlan {
  iterations: number;
  batch: number;
  shots: number;
  queryShots: number;
  seed: number;
  every: number;
  opt: Optimizer;
  val: Validation | undefined;
  signal: AbortSignal | undefined;
  onProgress: ((p: FitProgress) => void) | undefined;
}

/** Checks `fit`'s sampler and options for `learner`, naming `fn` in every error. */
export function planFit(learner: MetaLearner, fn: string, sampler: TaskSampler, options: FitOptions): FitPlan {
  checkOptions(fn, options, FIT_OPTIONS);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options with iterations are required');
  const iterations = checkInteger(fn, 'iterations', options.iterations, NaN, 0);
  if (Number.isNaN(iterations)) fail('INVALID_OPTION', fn, 'iterations is required');
  const batch = checkInteger(fn, 'metaBatchSize', options.metaBatchSize, 25, 1);
  const shots = checkInteger(fn, 'shots', options.shots, 10, 1, MAX_SHOTS);
  const queryShots = checkInteger(fn, 'queryShots', options.queryShots, shots, 1, MAX_SHOTS);
  const seed = checkNumber(fn, 'seed', options.seed, 0);
  const every = checkInteger(fn, 'progressEvery', options.progressEvery, 100, 1);
  if (sampler === null || typeof sampler !== 'object' || typeof sampler.sample !== 'function') fail('INVALID_ARGUMENT', fn, `sampler must be a TaskSampler (got ${fmt(sampler)})`);
  const m = learner.model;
  if (sampler.inputSize !== m.inputSize || (m.kinds === undefined && sampler.outputSize !== m.outputSize)) {
    fail('SHAPE_MISMATCH', fn, `sampler produces ${sampler.inputSize}→${sampler.outputSize} tasks but the model is ${m.inputSize}→${m.outputSize}`);
  }
  const opt = options.outerOptimizer ?? adam({ lr: 1e-3 });
  if (opt === null || typeof opt !== 'object' || typeof opt.step !== 'function') fail('INVALID_OPTION', fn, `outerOptimizer must be an Optimizer (got ${fmt(opt)})`);
  const sig: unknown = options.signal;
  if (sig !== undefined && (sig === null || typeof sig !== 'object' || typeof (sig as { aborted?: unknown }).aborted !== 'boolean')) fail('INVALID_OPTION', fn, `signal must be an AbortSignal (got ${fmt(sig)})`);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') fail('INVALID_OPTION', fn, `onProgress must be a function (got ${fmt(options.onProgress)})`);
  const val = options.validation === undefined ? undefined : new Validation(learner, fn, options.validation);
  return { iterations, batch, shots, queryShots, seed, every, opt, val, signal: options.signal, onProgress: options.onProgress };
}

/** One meta-batch for the driver: its iteration and tasks (or what the driver draws in their place). */
export interface FitBatch<T = Task> {
  it: number;
  tasks: T[];
  /**
   * Draws the next meta-batch's tasks now, while this one is being computed elsewhere (fitAsync: on the workers).
   * The draws come from the same stream in the same order as when the loop draws them itself, so the tasks, and the
   * result, are the same bits; an error of the sampler is kept and thrown where the loop would have drawn them.
   * Returns the drawn tasks (the next batch's `tasks`, the same array), or null after the last batch or on an error.
   */
  prefetch(): T[] | null;
}

/**
 * The loop as a generator: it yields each meta-batch, `metaBatchSize` draws of `sample` from the loop's seeded
 * stream (fit: `sampler.sample(rng, shots, queryShots)`); the driver writes the batch's mean meta-gradient (without
 * the penalty) into `g` and resumes it with the mean query loss, or with null when the call was aborted while the
 * batch was being computed. Returns the result of `fit`. While `control.outerStep` is false the driver takes the outer
 * step itself (fitAsync's workers: the penalty, the optimizer's step and the projection, as here; no validation).
 */
export function* fitLoop<T>(learner: MetaLearner, plan: FitPlan, sample: (rng: Rng) => T, meta: Float64Array, g: Float64Array, control = { outerStep: true }): Generator<FitBatch<T>, FitResult, number | null> {
  const { iterations, batch, every, opt, val, signal, onProgress } = plan;
  const rng = createRng(plan.seed);
  const losses = new Float64Array(iterations);
  const finish = (done: number, aborted: boolean): FitResult => {
    if (val?.best !== undefined) meta.set(val.best);
    const res: FitResult = { iterations: done, aborted, losses: done === iterations ? losses : losses.slice(0, done) };
    if (val !== undefined) res.validation = val.record;
    return res;
  };
  const draw = (): T[] => {
    const tasks: T[] = [];
    for (let t = 0; t < batch; t++) tasks.push(sample(rng));
    return tasks;
  };
  // The next batch, drawn ahead by the driver (or the sampler's error while drawing it).
  const ahead: { next: { tasks: T[] } | { error: unknown } | null } = { next: null };
  val?.score(meta, 0);
  for (let it = 0; it < iterations; it++) {
    if (signal?.aborted === true) return finish(it, true);
    const a = ahead.next;
    ahead.next = null;
    if (a !== null && 'error' in a) throw a.error;
    const tasks = a === null ? draw() : a.tasks;
    const prefetch = (): T[] | null => {
      if (ahead.next === null && it + 1 < iterations) {
        try {
          ahead.next = { tasks: draw() };
        } catch (e) {
          ahead.next = { error: e };
        }
      }
      return ahead.next !== null && 'tasks' in ahead.next ? ahead.next.tasks : null;
    };
    const l = yield { it, tasks, prefetch };
    if (l === null) return finish(it, true);
    if (control.outerStep) {
      addPenalty(learner.regularization, learner.model.numParams, meta, g);
      opt.step(meta, g);
      projectMaxNorm(learner.regularization.maxNorm ?? Infinity, learner.model.blocks, meta);
    }
    losses[it] = l;
    const scored = val !== undefined && (it + 1) % val.every === 0;
    const vl = scored ? val.score(meta, it + 1) : undefined;
    if (onProgress !== undefined && ((it + 1) % every === 0 || it + 1 === iterations || scored)) {
      const p: FitProgress = { iteration: it + 1, iterations, loss: l };
      if (vl !== undefined) p.validationLoss = vl;
      if (val !== undefined) p.bestValidationLoss = val.record.bestLoss;
      onProgress(p);
    }
    if (val?.exhausted()) {
      val.record.stoppedEarly = it + 1 < iterations;
      return finish(it + 1, false);
    }
  }
  return finish(iterations, false);
}
