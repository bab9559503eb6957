// The permutation test of mutual information, in chunks across the pool's workers: the chunks, their statistics and
// their tally are the synchronous test's (estimators/mi-test.ts, mi-test-state.ts), run on the pool.
import { planChunks } from '../internal/chunks.js';
import { longRunning } from '../internal/long-running.js';
import { checkInteger, checkOptions } from '../internal/validate.js';
import type { Labels } from '../core/labels.js';
import { observedTally, prepareMiTest } from '../estimators/mi-test.js';
import type { MutualInformationTestOptions, MutualInformationTestResult } from '../estimators/mi-test.js';
import type { PermutationProgress } from '../estimators/permutation-test.js';
import type { Samples } from '../estimators/samples.js';
import { chunkProgress, poolOf } from './common.js';
import type { PoolOption } from './common.js';
import { miTestJob } from './jobs/mi-test.js';
import type { MiTestChunk } from './jobs/mi-test.js';

/** Options of {@link mutualInformationTestAsync}: those of `mutualInformationTest`, plus `pool`. */
export type MutualInformationTestAsyncOptions = MutualInformationTestOptions & PoolOption;

const OPTIONS: readonly string[] = ['kind', 'permutations', 'seed', 'signal', 'onProgress', 'k', 'noise', 'base', 'algorithm', 'clip', 'pool'];

/**
 * The permutation test of `mutualInformationTest`, off the calling thread and across the pool's workers: the
 * same estimators (plug-in MI of labels, KSG, Ross's mixed estimator), the same noise and the same statistic, and a
 * p-value (b + 1) / (m + 1) with the same tolerance.
 *
 * Determinism: the m permutations are cut into min(64, ⌈m / 4⌉) chunks whatever the number of workers; chunk c starts
 * from the data as given and draws its shuffles from its own stream, seeded by the c-th draw of the test's stream
 * (after the noise). The statistics are combined in chunk order, so 1, 2 or 16 workers (or the main-thread fallback)
 * give bit-identical results, and the same bits as the synchronous `mutualInformationTest` with the same options
 * (which runs the same chunks in order on the calling thread).
 *
 * Cancellation: the returned promise rejects with `ABORTED` as soon as `signal` fires (the workers computing this
 * call are stopped and restarted on demand). Progress: `{ completed, total }` permutations, once per chunk.
 *
 * Cost: as the synchronous test, divided among the workers; plus a one-off copy of the prepared sample to each
 * worker.
 *
 * @param x - labels or continuous samples
 * @param y - labels or continuous samples, as many rows as x
 * @param options - those of `mutualInformationTest` (`kind`, `permutations`, `seed`, `signal`, `onProgress`, `k`,
 *   `algorithm`, `noise`, `clip`, `base`) and `pool`
 * @returns a promise of `{ statistic, pValue, nullMean, nullStd, permutations, estimator }`
 * @throws InfometaError (as a rejection) as `mutualInformationTest` for bad data or options, plus `INVALID_OPTION`
 *   for a `pool` that is not a WorkerPool; `ABORTED` when the signal fires (at once for one already fired);
 *   `POOL_CLOSED` for a closed pool; `WORKER_FAILED` when a worker dies during the call
 * @example
 * ```ts
 * import { createPool, mutualInformationTestAsync } from 'infometa/parallel';
 * const pool = createPool({ workers: 2 });
 * const x = Int32Array.from({ length: 200 }, (_, i) => i % 4);
 * const y = Int32Array.from(x, (v, i) => (i % 5 === 0 ? (v + 1) % 4 : v));
 * const r = await mutualInformationTestAsync(x, y, { permutations: 199, seed: 7, pool });
 * console.log(r.estimator, r.pValue); // plugin 0.005
 * await pool.close();
 * ```
 */
export async function mutualInformationTestAsync(
  x: Labels | Samples,
  y: Labels | Samples,
  options?: MutualInformationTestAsyncOptions,
): Promise<MutualInformationTestResult> {
  const fn = 'mutualInformationTestAsync';
  checkOptions(fn, options, OPTIONS);
  const o = options ?? {};
  const pool = poolOf(fn, o.pool);
  const m = checkInteger(fn, 'permutations', o.permutations, 1000, 1);
  const run = longRunning<PermutationProgress>(fn, options);
  const { shared, estimator, stream } = prepareMiTest(fn, x, y, o);
  const plan = planChunks(m, stream);
  const chunks: MiTestChunk[] = [{ seed: 0, count: 0, observed: true }, ...plan.map((c) => ({ seed: c.seed, count: c.count }))];
  const ctx = pool.context('mi-test', shared, miTestJob);
  let results: unknown[];
  try {
    results = await pool.run(fn, ctx, chunks, { signal: run.signal, onChunk: chunkProgress(chunks.map((c) => c.count), m, run.onProgress) });
  } finally {
    pool.release(ctx);
  }
  // The synchronous test's tally, over the same statistics in the same order.
  const tally = observedTally(fn, (results[0] as Float64Array)[0]);
  for (let c = 1; c < results.length; c++) for (const v of results[c] as Float64Array) tally.add(v);
  return { ...tally.result(), estimator };
}
