import { fail, fmt } from './errors.js';
import { checkAborted, checkBoolean, checkInteger, checkNumber } from './validate.js';

/** Progress of an iterative method, reported as plain data. */
export interface IterationProgress {
  /** Iterations done so far. */
  iteration: number;
  /** The iteration limit. */
  maxIterations: number;
  /** The current value of the stopping criterion (a certified gap, or the last change); compare with `tolerance`. */
  gap: number;
}

/**
 * Options of the iterative methods (Blahut–Arimoto capacity, rate–distortion, the information bottleneck, the
 * BROJA convex program, the I_ccs maximum-entropy fit).
 */
export interface IterativeOptions {
  /** Stop when the stopping criterion (each method states it) is ≤ this. A finite number > 0; defaults per method. */
  tolerance?: number;
  /** Give up after this many iterations (an integer ≥ 1); defaults per method. */
  maxIterations?: number;
  /**
   * `true` (default): a method that reaches `maxIterations` before `tolerance` throws an `InfometaError` with code
   * `'NOT_CONVERGED'` that gives the tolerance it reached. `false`: it returns its last iterate with
   * `convergence.converged === false` and the achieved tolerance, for the caller to judge.
   */
  strict?: boolean;
  /** Stops the work: when it fires, an `InfometaError` with code `'ABORTED'` is thrown before the next iteration. */
  signal?: AbortSignal;
  /** Called with `{ iteration, maxIterations, gap }` every few iterations and once at the end. */
  onProgress?: (progress: IterationProgress) => void;
}

/** How an iterative method ended: always part of its result. */
export interface ConvergenceReport {
  /** True when the stopping criterion reached the requested tolerance. */
  converged: boolean;
  /** Iterations used. */
  iterations: number;
  /** The requested tolerance. */
  tolerance: number;
  /** The value of the stopping criterion at the end: the tolerance actually achieved. */
  achieved: number;
  /** What `achieved` measures, in words (for example "upper bound − lower bound on the capacity, nats"). */
  criterion: string;
}

/** Validated iterative options. */
export interface ParsedIterative {
  tolerance: number;
  maxIterations: number;
  strict: boolean;
  signal: AbortSignal | undefined;
  onProgress: ((p: IterationProgress) => void) | undefined;
}

/** Validates a `signal` option: undefined or an object with a boolean `aborted` (an AbortSignal). */
export function checkSignal(fn: string, signal: unknown): AbortSignal | undefined {
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof (signal as AbortSignal).aborted !== 'boolean')) {
    fail('INVALID_OPTION', fn, `signal must be an AbortSignal (got ${fmt(signal)})`);
  }
  return signal as AbortSignal | undefined;
}

/** Validates an `onProgress` option: undefined or a function. */
export function checkProgress<P>(fn: string, onProgress: unknown): ((p: P) => void) | undefined {
  if (onProgress !== undefined && typeof onProgress !== 'function') fail('INVALID_OPTION', fn, `onProgress must be a function (got ${fmt(onProgress)})`);
  return onProgress as ((p: P) => void) | undefined;
}

/** Validates a `seed` option: undefined (→ 0) or a finite number. */
export function checkSeed(fn: string, seed: unknown): number {
  if (seed === undefined) return 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) fail('INVALID_OPTION', fn, `seed must be a finite number (got ${fmt(seed)})`);
  return seed;
}

/** Validates the {@link IterativeOptions} of `fn`, with its default tolerance and iteration limit. */
export function parseIterative(fn: string, o: IterativeOptions | undefined, tolerance: number, maxIterations: number): ParsedIterative {
  return {
    tolerance: checkPositive(fn, 'tolerance', o?.tolerance, tolerance),
    maxIterations: checkInteger(fn, 'maxIterations', o?.maxIterations, maxIterations, 1),
    strict: checkBoolean(fn, 'strict', o?.strict, true),
    signal: checkSignal(fn, o?.signal),
    onProgress: checkProgress<IterationProgress>(fn, o?.onProgress),
  };
}

function checkPositive(fn: string, name: string, v: unknown, dflt: number): number {
  const x = checkNumber(fn, name, v, dflt, 0);
  if (!(x > 0)) fail('INVALID_OPTION', fn, `${name} must be a finite number > 0 (got ${fmt(v)})`);
  return x;
}

/**
 * Drives the iteration bookkeeping of a method: abort checks, progress every ~1% (and at the end), and the final
 * report, which throws `NOT_CONVERGED` in strict mode.
 */
export class IterationMonitor {
  private readonly every: number;

  constructor(
    private readonly fn: string,
    private readonly o: ParsedIterative,
    private readonly criterion: string,
  ) {
    this.every = Math.max(1, Math.floor(o.maxIterations / 100));
  }

  /** Call at the top of each iteration `it` (0-based) with the current gap. */
  step(it: number, gap: number): void {
    checkAborted(this.fn, this.o.signal);
    if (this.o.onProgress !== undefined && it > 0 && it % this.every === 0) this.o.onProgress({ iteration: it, maxIterations: this.o.maxIterations, gap });
  }

  /** The report after `iterations` iterations with final gap `achieved`; throws `NOT_CONVERGED` in strict mode. */
  finish(iterations: number, achieved: number): ConvergenceReport {
    const { tolerance, maxIterations, strict, onProgress } = this.o;
    const converged = achieved <= tolerance;
    if (onProgress !== undefined) onProgress({ iteration: iterations, maxIterations, gap: achieved });
    if (!converged && strict) {
      fail(
        'NOT_CONVERGED',
        this.fn,
        `did not converge in ${iterations} iterations: ${this.criterion} is ${fmt(achieved)} > tolerance ${fmt(tolerance)}; raise maxIterations or tolerance, or pass { strict: false } to get the last iterate`,
      );
    }
    return { converged, iterations, tolerance, achieved, criterion: this.criterion };
  }
}
