import { fail, fmt } from '../internal/errors.js';
import type { Rng } from '../internal/rng.js';
import { checkInteger, checkOptions, optionNames } from '../internal/validate.js';
import type { TaskKind } from './losses.js';

const SINUSOID_OPTIONS = optionNames<SinusoidOptions>()('amplitude', 'phase', 'input');

/** A labelled sample of one task: inputs `x` (n×inputSize, row-major) and targets `y` (n×outputSize, or n labels). */
export interface TaskData {
  /** Inputs, row-major, n·inputSize values. */
  x: Float64Array | readonly number[];
  /** Targets, row-major, n·outputSize values (n integer labels for softmax cross-entropy). */
  y: Float64Array | readonly number[];
}

/** One few-shot task: a support set to adapt on and a query set to evaluate the adapted model on. */
export interface Task {
  /** Data the learner adapts on (K shots). */
  support: TaskData;
  /** Held-out data of the same task that the adapted parameters are scored on. */
  query: TaskData;
  /**
   * What the task predicts, which picks its loss (and, for a multi-head model, its head): e.g. `'regression'` or
   * `'classification'`. Default: the learner's `loss`. Required in a stream of mixed kinds.
   */
  kind?: TaskKind;
}

/**
 * A distribution over tasks. `sample` draws one task using only the generator it is given, so sampling is
 * reproducible from a seed.
 */
export interface TaskSampler {
  /** Number of input features of every task. */
  readonly inputSize: number;
  /** Number of targets per sample (1 for scalar regression). */
  readonly outputSize: number;
  /**
   * Draws a task with `shots` support samples and `queryShots` query samples (the built-in samplers throw
   * `INVALID_OPTION` for counts that are not integers in [1, 2²⁴] and `INVALID_ARGUMENT` for a non-generator rng).
   *
   * @param rng - the seeded generator to draw from
   * @param shots - support-set size K
   * @param queryShots - query-set size
   */
  sample(rng: Rng, shots: number, queryShots: number): Task;
}

/** Options of {@link sinusoidTasks}; defaults are the cbfinn/maml protocol. */
export interface SinusoidOptions {
  /** Amplitude range [lo, hi] of A (default [0.1, 5]). */
  amplitude?: readonly [number, number];
  /** Phase range [lo, hi] of φ (default [0, π]). */
  phase?: readonly [number, number];
  /** Input range [lo, hi] of x (default [−5, 5]). */
  input?: readonly [number, number];
}

/** The parameters of one sinusoid task. */
export interface SinusoidParams {
  /** Amplitude A. */
  amplitude: number;
  /** Phase φ (radians). */
  phase: number;
}

/** A sinusoid task sampler that also exposes the amplitude and phase of the last task it drew. */
export interface SinusoidSampler extends TaskSampler {
  /** Amplitude A and phase φ of the most recently sampled task. */
  readonly last: SinusoidParams;
}

/** The most samples a set of a sampled task may have (2²⁴: a 128 MiB array). */
export const MAX_SHOTS = 2 ** 24;

function range(fn: string, name: string, r: unknown, dflt: [number, number]): [number, number] {
  if (r === undefined) return dflt;
  if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(r[0] <= r[1])) {
    fail('INVALID_OPTION', fn, `${name} must be a finite range [lo, hi] with lo ≤ hi (got ${fmt(r)})`);
  }
  return [r[0], r[1]];
}

/**
 * The sinusoid regression tasks of MAML (Finn et al. 2017) and Meta-SGD: y = A·sin(x − φ) with A ~ U[0.1, 5],
 * φ ~ U[0, π] and every x ~ U[−5, 5], drawn in that order (A, φ, support x's, query x's).
 *
 * Cost: O(shots + queryShots) per task.
 *
 * @param options - ranges of amplitude, phase and input
 * @returns a {@link SinusoidSampler} with inputSize = outputSize = 1
 * @throws InfometaError `INVALID_OPTION` for a malformed range
 * @example
 * ```ts
 * import { sinusoidTasks, createRng } from 'infometa';
 * const task = sinusoidTasks().sample(createRng(1), 10, 10);
 * console.log(task.support.x.length, task.query.y.length); // 10 10
 * ```
 */
export function sinusoidTasks(options?: SinusoidOptions): SinusoidSampler {
  const fn = 'sinusoidTasks';
  checkOptions(fn, options, SINUSOID_OPTIONS);
  const [a0, a1] = range(fn, 'amplitude', options?.amplitude, [0.1, 5]);
  const [p0, p1] = range(fn, 'phase', options?.phase, [0, Math.PI]);
  const [x0, x1] = range(fn, 'input', options?.input, [-5, 5]);
  const last: SinusoidParams = { amplitude: 0, phase: 0 };
  const draw = (rng: Rng, n: number, A: number, ph: number): { x: Float64Array; y: Float64Array } => {
    const x = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = rng.uniform(x0, x1);
      y[i] = A * Math.sin(x[i] - ph);
    }
    return { x, y };
  };
  return {
    inputSize: 1,
    outputSize: 1,
    last,
    sample(rng: Rng, shots: number, queryShots: number): Task {
      const f = 'sinusoidTasks.sample';
      if (rng === null || typeof rng !== 'object' || typeof (rng as Partial<Rng>).uniform !== 'function') fail('INVALID_ARGUMENT', f, `rng must be a generator from createRng (got ${fmt(rng)})`);
      checkInteger(f, 'shots', shots, NaN, 1, MAX_SHOTS);
      checkInteger(f, 'queryShots', queryShots, NaN, 1, MAX_SHOTS);
      if (shots === undefined || queryShots === undefined) fail('INVALID_ARGUMENT', f, 'shots and queryShots are required');
      const A = rng.uniform(a0, a1);
      const ph = rng.uniform(p0, p1);
      last.amplitude = A;
      last.phase = ph;
      return { support: draw(rng, shots, A, ph), query: draw(rng, queryShots, A, ph) };
    },
  };
}
