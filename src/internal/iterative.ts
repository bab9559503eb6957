// The options and the bookkeeping of iterative methods (Blahut–Arimoto capacity and rate–distortion, the
// information bottleneck, the BROJA convex program, the I_ccs maximum-entropy fit): a tolerance, an iteration limit,
// what to do when the limit comes first, and the report every such method returns. The signal and progress callback
// are the shared long-running ones (internal/long-running.ts).
import { fail, fmt } from './errors.js';
import { longRunning, progressEvery, type LongRunning, type LongRunningOptions } from './long-running.js';
import { checkBoolean, checkInteger, checkNumber } from './validate.js';

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
export interface IterativeOptions extends Omit<LongRunningOptions<IterationProgress>, 'seed'> {
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
}

/** The option names of {@link IterativeOptions}, for `checkOptions`. */
export const ITERATIVE_OPTIONS: readonly string[] = Object.freeze(['tolerance', 'maxIterations', 'strict', 'signal', 'onProgress']);

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
  /** What `achieved` measures, in words (for example "upper − lower bound on the capacity, nats"). */
  criterion: string;
}

/** Validated iterative options. */
export interface ParsedIterative {
  tolerance: number;
  maxIterations: number;
  strict: boolean;
  /** The shared signal / progress handling. */
  run: LongRunning<IterationProgress>;
  /** The signal, if any (for inner loops that check it themselves). */
  signal: AbortSignal | undefined;
}

/**
 * Validates the {@link IterativeOptions} of `fn` (the caller has checked the option names), with its default
 * tolerance and iteration limit; throws `ABORTED` at once when the signal has already fired.
 */
export function parseIterative(fn: string, o: IterativeOptions | undefined, tolerance: number, maxIterations: number): ParsedIterative {
  const tol = checkNumber(fn, 'tolerance', o?.tolerance, tolerance, 0);
  if (!(tol > 0)) fail('INVALID_OPTION', fn, `tolerance must be a finite number > 0 (got ${fmt(o?.tolerance)})`);
  const run = longRunning<IterationProgress>(fn, { signal: o?.signal, onProgress: o?.onProgress });
  return {
    tolerance: tol,
    maxIterations: checkInteger(fn, 'maxIterations', o?.maxIterations, maxIterations, 1),
    strict: checkBoolean(fn, 'strict', o?.strict, true),
    run,
    signal: run.signal,
  };
}

/**
 * Drives the iteration bookkeeping of a method: abort checks, progress about every 1% of the limit (and at the end),
 * and the final report, which throws `NOT_CONVERGED` in strict mode.
 */
export class IterationMonitor {
  private readonly every: number;

  constructor(
    private readonly fn: string,
    private readonly o: ParsedIterative,
    private readonly criterion: string,
  ) {
    this.every = progressEvery(o.maxIterations);
  }

  /** Call at the top of each iteration `it` (0-based) with the current gap. */
  step(it: number, gap: number): void {
    if (it > 0 && it % this.every === 0) this.o.run.report({ iteration: it, maxIterations: this.o.maxIterations, gap });
    else this.o.run.throwIfAborted();
  }

  /** The report after `iterations` iterations with final gap `achieved`; throws `NOT_CONVERGED` in strict mode. */
  finish(iterations: number, achieved: number): ConvergenceReport {
    const { tolerance, maxIterations, strict, run } = this.o;
    const converged = achieved <= tolerance;
    if (run.onProgress !== undefined) run.onProgress({ iteration: iterations, maxIterations, gap: achieved });
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
