import { fail, fmt } from './errors.js';
import { checkSeed, createRng } from './rng.js';
import type { Rng } from './rng.js';

/**
 * The options every long-running function takes (permutation tests, dependency matrices, training loops): one
 * definition and one check, here, so that they mean the same thing everywhere.
 */
export interface LongRunningOptions<P> {
  /** Seed of the function's random stream (see `createRng`): an integer. Default 0. */
  seed?: number;
  /** Stops the work: when it has fired, the function throws an `InfometaError` with code `'ABORTED'`. */
  signal?: AbortSignal;
  /** Called with plain progress data as the work advances. */
  onProgress?: (progress: P) => void;
}

/** The names of {@link LongRunningOptions}, for `checkOptions`. */
export const LONG_RUNNING_OPTIONS: readonly string[] = Object.freeze(['seed', 'signal', 'onProgress']);

/** Validated long-running options and the two things a loop does with them. */
export interface LongRunning<P> {
  /** The validated seed (the default when none was given). */
  readonly seed: number;
  /** The signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** The progress callback, if any. */
  readonly onProgress: ((progress: P) => void) | undefined;
  /** Throws `ABORTED`, naming the function, when the signal has fired. */
  throwIfAborted(): void;
  /** Calls `onProgress` (when there is one) with `progress`, then checks the signal. */
  report(progress: P): void;
  /** A new generator seeded with {@link LongRunning.seed}. */
  rng(): Rng;
}

/** True for an AbortSignal, or anything shaped like one (a boolean `aborted`): polyfills and other realms pass. */
function isSignal(x: unknown): x is AbortSignal {
  return typeof x === 'object' && x !== null && typeof (x as { aborted?: unknown }).aborted === 'boolean';
}

/**
 * Validates `seed`, `signal` and `onProgress` of `options` (the caller has already checked that `options` is an
 * object and that its names are known) and throws `ABORTED` at once when the signal has already fired.
 *
 * @param fn - the public function's name, for the messages
 * @param options - the caller's options object (or undefined)
 * @param defaultSeed - seed when none is given
 */
export function longRunning<P>(fn: string, options: LongRunningOptions<P> | undefined, defaultSeed = 0): LongRunning<P> {
  const seed = checkSeed(fn, 'seed', options?.seed, defaultSeed);
  const signal: unknown = options?.signal;
  if (signal !== undefined && !isSignal(signal)) fail('INVALID_OPTION', fn, `signal must be an AbortSignal (got ${fmt(signal)})`);
  const onProgress: unknown = options?.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') fail('INVALID_OPTION', fn, `onProgress must be a function (got ${fmt(onProgress)})`);
  const sig = signal as AbortSignal | undefined;
  const cb = onProgress as ((progress: P) => void) | undefined;
  const throwIfAborted = (): void => {
    if (sig !== undefined && sig.aborted) fail('ABORTED', fn, 'aborted by signal');
  };
  throwIfAborted();
  return {
    seed,
    signal: sig,
    onProgress: cb,
    throwIfAborted,
    report(progress: P): void {
      if (cb !== undefined) cb(progress);
      throwIfAborted();
    },
    rng: () => createRng(seed),
  };
}

/** Every how many of `total` steps to report progress: about every 1%, and at least every step for short runs. */
export function progressEvery(total: number): number {
  return Math.max(1, Math.floor(total / 100));
}
