import { fail, fmt } from '../internal/errors.js';
import { createRng, shuffleInt32 } from '../internal/rng.js';
import type { Rng } from '../internal/rng.js';
import { checkAborted, checkChoice, checkInteger } from '../internal/validate.js';
import { longRunning, LONG_RUNNING_OPTIONS } from '../internal/long-running.js';
import type { LongRunningOptions } from '../internal/long-running.js';
import type { Rows } from './embedding.js';

/**
 * Surrogate tests of the dynamics measures, as chunked work: surrogate r of a test belongs to chunk
 * ⌊r / SURROGATE_CHUNK⌋, and every chunk draws from its own generator, seeded from (seed, stream, chunk) alone. A
 * chunk can therefore be computed anywhere (this file's synchronous loop, or a worker) and the results, written
 * into their slots and tallied in order, are the same bits. `stream` identifies the test (for a transfer entropy,
 * derived from the source's and target's samples, so a pair gets the same surrogates whether it is tested alone or
 * inside a matrix).
 */

/** Surrogates per chunk. Part of the definition of the results: changing it changes every p-value's bits. */
export const SURROGATE_CHUNK = 64;

/**
 * How a surrogate source is made, keeping the target's past and next values (and any conditionals) intact:
 * `'shuffle'` permutes the source's embedded past vectors over all observations (JIDT's surrogates), destroying its
 * temporal relation to the target; `'circular'` rotates them within each trial by a random shift of at least
 * `minShift` steps, which also keeps the source's own autocorrelation (a more conservative null for smooth series).
 */
export type SurrogateMethod = 'shuffle' | 'circular';

/** Progress of a surrogate computation, reported as plain data. */
export interface SurrogateProgress {
  /** Surrogates evaluated so far (over all pairs for a matrix). */
  completed: number;
  /** Total number of surrogates. */
  total: number;
}

/** Options of the surrogate tests: how many, how they are made, and the long-running controls. */
export interface SurrogateOptions {
  /** Number of surrogates m, an integer ≥ 1. */
  surrogates?: number;
  /** `'shuffle'` (default) or `'circular'`. */
  surrogate?: SurrogateMethod;
  /** For `'circular'`: the smallest shift, an integer ≥ 1 (default: a tenth of the shortest trial's observations, at least 1). */
  minShift?: number;
  /** Seed of the surrogates (and of the tie-breaking noise), an integer; the same seed always gives the same p-values. Default 0. */
  seed?: number;
  /** Stops the computation: when it fires, the call throws an `InfometaError` with code `'ABORTED'`. */
  signal?: AbortSignal;
  /** Called with `{ completed, total }` after every chunk of surrogates. */
  onProgress?: (progress: SurrogateProgress) => void;
}

/** Validated surrogate options. */
export interface SurrogatePlan {
  readonly m: number;
  readonly method: SurrogateMethod;
  readonly minShift: number | undefined;
  readonly seed: number;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((p: SurrogateProgress) => void) | undefined;
}

/** Names of the surrogate options, for the callers' option checks. */
export const SURROGATE_OPTIONS: readonly string[] = ['surrogates', 'surrogate', 'minShift', ...LONG_RUNNING_OPTIONS];

/** Validates the surrogate options (m defaults to `dflt`); the caller checks the option names. */
export function parseSurrogates(fn: string, options: unknown, dflt: number): SurrogatePlan {
  const o = (options ?? {}) as Record<string, unknown>;
  const m = checkInteger(fn, 'surrogates', o.surrogates, dflt, 1);
  const method = checkChoice(fn, 'surrogate', o.surrogate, ['shuffle', 'circular'] as const, 'shuffle');
  const minShift = o.minShift === undefined ? undefined : checkInteger(fn, 'minShift', o.minShift, 1, 1);
  // seed, signal and onProgress through the library's one check (an already-fired signal stops here).
  const lr = longRunning<SurrogateProgress>(fn, o as LongRunningOptions<SurrogateProgress>);
  return { m, method, minShift, seed: lr.seed, signal: lr.signal, onProgress: lr.onProgress };
}

/** The generator of one chunk: a function of (seed, stream, chunk) only. */
export function chunkRng(seed: number, stream: number, chunk: number): Rng {
  let h = Math.imul(stream ^ 0x2545f491, 0x9e3779b1) ^ Math.imul(chunk + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35);
  const lo = ((seed >>> 0) ^ (h >>> 0)) >>> 0;
  return createRng(Math.floor(seed / 4294967296) * 4294967296 + lo);
}

/** The smallest circular shift used for `rows` (validated against the shortest trial). */
export function circularMinShift(fn: string, plan: SurrogatePlan, rows: Rows): number {
  let shortest = Infinity;
  for (const c of rows.counts) shortest = Math.min(shortest, c);
  const s = plan.minShift ?? Math.max(1, Math.floor(shortest / 10));
  if (2 * s > shortest) {
    fail('INVALID_OPTION', fn, `minShift must be at most half the observations of the shortest trial for circular surrogates (got ${s} with ${shortest} observations)`);
  }
  return s;
}

/**
 * Fills `perm` with one surrogate's row permutation: a uniform shuffle of all rows, or a rotation of each trial's
 * rows by a shift uniform in [minShift, count − minShift].
 */
export function drawSurrogate(method: SurrogateMethod, rows: Rows, minShift: number, rng: Rng, perm: Int32Array): void {
  if (method === 'shuffle') {
    for (let i = 0; i < rows.n; i++) perm[i] = i;
    shuffleInt32(perm, rows.n, rng);
    return;
  }
  let row = 0;
  for (const c of rows.counts) {
    const s = minShift + rng.int(c - 2 * minShift + 1);
    for (let i = 0; i < c; i++) perm[row + i] = row + ((i + s) % c);
    row += c;
  }
}

/** One test's surrogate work: evaluate the statistic for a row permutation of its source. */
export interface SurrogateJob {
  /** Identifies the test's generator streams. */
  readonly stream: number;
  readonly rows: Rows;
  /** The statistic for source rows permuted by perm. */
  evaluate(perm: Int32Array): number;
}

/**
 * Computes chunk `chunk` of a job's m surrogates (surrogates chunk·SURROGATE_CHUNK … up to m − 1) into `out[0 …]`.
 * `perm` is scratch of length rows.n. Pure in (plan.seed, job.stream, chunk): the unit of work that the synchronous
 * functions run in order and a worker pool runs anywhere (see te-work.ts).
 */
export function runChunk(fn: string, job: SurrogateJob, plan: Pick<SurrogatePlan, 'm' | 'method' | 'seed' | 'signal'>, minShift: number, chunk: number, perm: Int32Array, out: Float64Array): void {
  const rng = chunkRng(plan.seed, job.stream, chunk);
  const start = chunk * SURROGATE_CHUNK;
  const end = chunkEnd(plan.m, chunk);
  for (let r = start; r < end; r++) {
    checkAborted(fn, plan.signal);
    drawSurrogate(plan.method, job.rows, minShift, rng, perm);
    const v = job.evaluate(perm);
    if (!Number.isFinite(v)) fail('INVALID_ARGUMENT', fn, `surrogate ${r + 1} gave a non-finite statistic (${fmt(v)})`);
    out[r - start] = v;
  }
}

/** Number of chunks of m surrogates. */
export function chunkCount(m: number): number {
  return Math.ceil(m / SURROGATE_CHUNK);
}

/** One past the last surrogate of chunk `chunk` of m. */
export function chunkEnd(m: number, chunk: number): number {
  return Math.min(m, (chunk + 1) * SURROGATE_CHUNK);
}

/** Summary of a statistic against its surrogates. */
export interface SurrogateTally {
  /** (b + 1) / (m + 1), b the number of surrogates ≥ the observed value (relative tolerance 100 ε). */
  pValue: number;
  /** Mean of the surrogate values (the estimator's value under the null: its bias). */
  nullMean: number;
  /** Standard deviation of the surrogate values (divisor m − 1; 0 when m = 1). */
  nullStd: number;
}

/** Tallies the surrogates in order (Welford's mean and variance). */
export function tally(observed: number, values: Float64Array): SurrogateTally {
  const m = values.length;
  const gamma = 100 * Number.EPSILON * Math.abs(observed);
  let b = 0;
  let mean = 0;
  let m2 = 0;
  for (let r = 0; r < m; r++) {
    const v = values[r];
    if (v >= observed - gamma) b++;
    const delta = v - mean;
    mean += delta / (r + 1);
    m2 += delta * (v - mean);
  }
  return { pValue: (b + 1) / (m + 1), nullMean: mean, nullStd: m > 1 ? Math.sqrt(m2 / (m - 1)) : 0 };
}
