// Transfer-entropy surrogate tests and matrices on the pool: the synchronous functions' chunks (dynamics/te-work.ts),
// spread over the workers and combined in the same fixed order, so the results are the synchronous ones to the bit.
import { parseTeMatrix, teMatrixResult, MATRIX_OPTIONS } from '../dynamics/te-matrix.js';
import type { TransferEntropyMatrix, TransferEntropyMatrixOptions } from '../dynamics/te-matrix.js';
import { CTEST_OPTIONS, parseTeTest, teTestResult, TEST_OPTIONS } from '../dynamics/te-test.js';
import type { ConditionalTransferEntropyTestOptions, TransferEntropyTestOptions, TransferEntropyTestResult } from '../dynamics/te-test.js';
import { teChunks, teChunkSizes } from '../dynamics/te-work.js';
import type { TeWork } from '../dynamics/te-work.js';
import type { SeriesInput } from '../dynamics/series.js';
import type { SurrogatePlan } from '../dynamics/surrogates.js';
import { chunkProgress, poolOf } from './common.js';
import type { PoolOption } from './common.js';
import { teJob } from './jobs/te.js';

/** Options of {@link transferEntropyTestAsync}: those of `transferEntropyTest`, plus `pool`. */
export interface TransferEntropyTestAsyncOptions extends TransferEntropyTestOptions, PoolOption {}

/** Options of {@link conditionalTransferEntropyTestAsync}: those of `conditionalTransferEntropyTest`, plus `pool`. */
export interface ConditionalTransferEntropyTestAsyncOptions extends ConditionalTransferEntropyTestOptions, PoolOption {}

/** Options of {@link transferEntropyMatrixAsync}: those of `transferEntropyMatrix`, plus `pool`. */
export interface TransferEntropyMatrixAsyncOptions extends TransferEntropyMatrixOptions, PoolOption {}

/** Runs the work's chunks on the pool; resolves with their results in chunk order. */
async function runOnPool(fn: string, work: TeWork, plan: SurrogatePlan, poolOpt: unknown): Promise<Float64Array[]> {
  const pool = poolOf(fn, poolOpt);
  const chunks = teChunks(work);
  const ctx = pool.context('te', work, teJob);
  try {
    return (await pool.run(fn, ctx, chunks, {
      signal: plan.signal,
      onChunk: chunkProgress(teChunkSizes(work, chunks), work.pairs.length * (work.surrogates?.m ?? 0), plan.onProgress),
    })) as Float64Array[];
  } finally {
    pool.release(ctx);
  }
}

/**
 * `transferEntropyTest` off the calling thread, its surrogates across the pool's workers: the same statistic,
 * p-value, null mean and null standard deviation as the synchronous test, to the last bit.
 *
 * Determinism: the m surrogates are cut into ⌈m / 64⌉ chunks (the synchronous test's own chunks); chunk c draws its
 * surrogates from a stream seeded by (seed, the pair's samples, c) alone, and the values are tallied in surrogate
 * order. So 1, 2 or 16 workers, the main-thread fallback and the synchronous function give bit-identical results.
 *
 * Cancellation: the promise rejects with `ABORTED` as soon as `signal` fires (at once for one already fired).
 * Progress: `{ completed, total }` surrogates, once per chunk.
 *
 * Cost: as `transferEntropyTest`, (m + 1) estimates, divided among the workers (at most ⌈m / 64⌉ + 1 at once); plus
 * a copy of the series to each worker, and each worker builds the target's structures once.
 *
 * @param source - the source series, or a list of trials
 * @param target - the target series, or a list of trials
 * @param options - those of `transferEntropyTest` (`surrogates` default 1000, `surrogate`, `minShift`, `seed`,
 *   `signal`, `onProgress`, the estimator's options) and `pool`
 * @returns a promise of `{ statistic, pValue, nullMean, nullStd, surrogates, surrogate }`
 * @throws InfometaError (as a rejection, before any estimate) as `transferEntropyTest`, named for this function,
 *   plus `INVALID_OPTION` for a bad `pool`; `ABORTED` when the signal fires; `POOL_CLOSED`; `WORKER_FAILED` when a
 *   worker dies
 * @example
 * ```ts
 * import { createRng } from 'infometa';
 * import { createPool, transferEntropyTestAsync } from 'infometa/parallel';
 * const pool = createPool({ workers: 2 });
 * const rng = createRng(9);
 * const x: number[] = [], y: number[] = [0];
 * for (let t = 0; t < 500; t++) x.push(rng.normal());
 * for (let t = 1; t < 500; t++) y.push(0.6 * x[t - 1] + rng.normal());
 * const r = await transferEntropyTestAsync(x, y, { surrogates: 99, seed: 1, pool });
 * console.log(r.pValue, r.statistic > r.nullMean); // 0.01 true
 * await pool.close();
 * ```
 */
export async function transferEntropyTestAsync(source: SeriesInput, target: SeriesInput, options?: TransferEntropyTestAsyncOptions): Promise<TransferEntropyTestResult> {
  const fn = 'transferEntropyTestAsync';
  const call = parseTeTest(fn, source, target, null, options, [...TEST_OPTIONS, 'pool']);
  return teTestResult(call, await runOnPool(fn, call.work, call.plan, options?.pool));
}

/**
 * `conditionalTransferEntropyTest` off the calling thread, its surrogates across the pool's workers: the
 * synchronous test's results to the last bit (chunks, streams and order as {@link transferEntropyTestAsync}).
 *
 * Cost: as `conditionalTransferEntropyTest`, divided among the workers; plus a copy of the series to each worker.
 *
 * @param source - the source series, or a list of trials
 * @param target - the target series, or a list of trials
 * @param conditionals - one series (or list of trials) per conditional variable
 * @param options - those of `conditionalTransferEntropyTest` and `pool`
 * @returns a promise of `{ statistic, pValue, nullMean, nullStd, surrogates, surrogate }`
 * @throws InfometaError (as a rejection, before any estimate) as `conditionalTransferEntropyTest`, named for this
 *   function, plus `INVALID_OPTION` for a bad `pool`; `ABORTED`; `POOL_CLOSED`; `WORKER_FAILED`
 * @example
 * ```ts
 * import { createRng } from 'infometa';
 * import { conditionalTransferEntropyTestAsync, createPool } from 'infometa/parallel';
 * const pool = createPool({ workers: 2 });
 * const rng = createRng(4);
 * const z: number[] = [], x: number[] = [0], y: number[] = [0, 0];
 * for (let t = 0; t < 600; t++) z.push(rng.normal());
 * for (let t = 1; t < 600; t++) x.push(z[t - 1] + 0.5 * rng.normal());
 * for (let t = 2; t < 600; t++) y.push(z[t - 2] + 0.5 * rng.normal());
 * const r = await conditionalTransferEntropyTestAsync(x, y, [z], { conditionalDelay: 2, surrogates: 99, seed: 2, pool });
 * console.log(r.pValue > 0.05); // true
 * await pool.close();
 * ```
 */
export async function conditionalTransferEntropyTestAsync(
  source: SeriesInput,
  target: SeriesInput,
  conditionals: readonly SeriesInput[],
  options?: ConditionalTransferEntropyTestAsyncOptions,
): Promise<TransferEntropyTestResult> {
  const fn = 'conditionalTransferEntropyTestAsync';
  const call = parseTeTest(fn, source, target, { value: conditionals }, options, [...CTEST_OPTIONS, 'pool']);
  return teTestResult(call, await runOnPool(fn, call.work, call.plan, options?.pool));
}

/**
 * `transferEntropyMatrix` off the calling thread, its pairs and their surrogates across the pool's workers: the same
 * values, p-values and corrections as the synchronous matrix, to the last bit.
 *
 * The work is T observed chunks (the T − 1 sources of one target each, so that a worker builds a target's KSG
 * structures once per chunk) and, with `surrogates`, ⌈m / 64⌉ surrogate chunks per ordered pair, each seeded by
 * (seed, the pair's samples, chunk index) alone and combined in pair and surrogate order: 1, 2 or 16 workers, the
 * main-thread fallback and the synchronous function give bit-identical matrices.
 *
 * Cancellation: the promise rejects with `ABORTED` as soon as `signal` fires. Progress: `{ completed, total }`
 * surrogates over all pairs, once per chunk (none without surrogates).
 *
 * Cost: T(T − 1)(m + 1) transfer entropies, divided among the workers; plus a copy of the series to each worker.
 *
 * @param series - T ≥ 2 series (or lists of trials), all of the same length
 * @param names - optional distinct names (default `'X1'`, `'X2'`, …)
 * @param options - those of `transferEntropyMatrix` and `pool`
 * @returns a promise of the {@link TransferEntropyMatrix}
 * @throws InfometaError (as a rejection, before any estimate) as `transferEntropyMatrix`, named for this function,
 *   plus `INVALID_OPTION` for a bad `pool`; `ABORTED`; `POOL_CLOSED`; `WORKER_FAILED`
 * @example
 * ```ts
 * import { createRng } from 'infometa';
 * import { createPool, transferEntropyMatrixAsync } from 'infometa/parallel';
 * const pool = createPool({ workers: 2 });
 * const rng = createRng(8);
 * const a: number[] = [], b: number[] = [0], c: number[] = [];
 * for (let t = 0; t < 300; t++) { a.push(rng.normal()); c.push(rng.normal()); }
 * for (let t = 1; t < 300; t++) b.push(0.9 * a[t - 1] + 0.4 * rng.normal());
 * const m = await transferEntropyMatrixAsync([a, b, c], ['a', 'b', 'c'], { surrogates: 199, seed: 3, pool });
 * console.log(m.edges().map((e) => `${e.source}→${e.target}`)); // [ 'a→b' ]
 * await pool.close();
 * ```
 */
export async function transferEntropyMatrixAsync(series: readonly SeriesInput[], names?: readonly string[], options?: TransferEntropyMatrixAsyncOptions): Promise<TransferEntropyMatrix> {
  const fn = 'transferEntropyMatrixAsync';
  const call = parseTeMatrix(fn, series, names, options, [...MATRIX_OPTIONS, 'pool']);
  return teMatrixResult(call, await runOnPool(fn, call.work, call.plan, options?.pool));
}
