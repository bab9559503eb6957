// The kNN estimators across workers: the noised joint sample is sent once per worker, which builds the search
// structures from it; the per-point terms are computed range by range (the synchronous estimators' fixed cut), and
// the range sums added in order on the calling thread, so any number of workers gives the synchronous bits.
import { checkOptions } from '../internal/validate.js';
import { longRunning } from '../internal/long-running.js';
import { ksgCmiFinish, ksgCmiInput, ksgMiFinish, ksgMiInput, ksgRanges, ksgScaled, sumRanges } from '../estimators/ksg.js';
import type { KsgInput } from '../estimators/ksg.js';
import type { Samples } from '../estimators/samples.js';
import type { KnnMiOptions, KsgOptions } from '../estimators/options.js';
import { chunkProgress, cloneable, poolOf } from './common.js';
import type { PoolOption } from './common.js';
import { ksgJob } from './jobs/ksg.js';
import type { KsgShared } from './jobs/ksg.js';

/** Progress of the async kNN estimators: points whose terms are computed, of all points. */
export interface KnnProgress {
  /** Points whose terms are computed so far. */
  completed: number;
  /** All points, N. */
  total: number;
}

/** Options of the async kNN estimators: the synchronous options plus `pool`, `signal` and `onProgress`. */
export interface KnnAsyncOptions extends PoolOption {
  /** Stops the call: the promise rejects with `ABORTED` at once and the workers computing it are stopped. */
  signal?: AbortSignal;
  /** Called as ranges of points finish, with `{ completed, total }` points. */
  onProgress?: (progress: KnnProgress) => void;
}

/** Validates the call's own options; then `input` validates the estimator's and prepares the sample. */
async function estimate(
  fn: string,
  kind: KsgShared['kind'],
  options: (KnnAsyncOptions & object) | undefined,
  input: (synchronousOptions: object) => KsgInput,
): Promise<number> {
  // A plain object, as the synchronous estimators require (an array or a Map would otherwise spread into one).
  checkOptions(fn, options);
  const pool = poolOf(fn, options?.pool);
  const run = longRunning<KnnProgress>(fn, { signal: options?.signal, onProgress: options?.onProgress });
  const c = input(cloneable(options));
  if (c.joint === null) return 0;
  const { joint, n, dx, dy, dz, k, algorithm } = c;
  const ranges = ksgRanges(n);
  const ctx = pool.context('ksg', { kind, joint, n, dx, dy, dz, k, algorithm } satisfies KsgShared, ksgJob);
  try {
    const sums = await pool.run(fn, ctx, ranges, { signal: run.signal, onChunk: chunkProgress(ranges.map(([a, b]) => b - a), n, run.onProgress) });
    const total = sumRanges(sums as number[]);
    return ksgScaled(c, kind === 'mi' ? ksgMiFinish(total, n, k, algorithm) : ksgCmiFinish(total, n, k));
  } finally {
    pool.release(ctx);
  }
}

/**
 * `ksgMutualInformation` off the calling thread and across the pool's workers: the same estimate, to the last bit,
 * so a page or a server stays responsive while it runs and a signal can stop it at once. The sample is validated and
 * noised here; each worker builds the k-d tree and marginal structures once, then computes the per-point terms of the
 * ranges of points it is given (min(64, ⌈N / 1024⌉) fixed ranges), and the range sums are added in order.
 *
 * Cost: O(N log N) per worker to build the search structures (each worker builds its own), plus the per-point
 * neighbour searches and counts shared among the workers; plus a copy of the samples per worker.
 *
 * @param x - samples of X (any form `ksgMutualInformation` accepts)
 * @param y - samples of Y, as many rows as x
 * @param options - those of `ksgMutualInformation` (`k`, `algorithm`, `noise`, `seed`, `base`, `clip`), `pool`,
 *   `signal`, `onProgress` (`{ completed, total }` points, once per finished range)
 * @returns a promise of the estimate (nats unless `base` says otherwise)
 * @throws InfometaError (as a rejection) as `ksgMutualInformation`, named for this function; `ABORTED` when the
 *   signal fires; `POOL_CLOSED`; `WORKER_FAILED` when a worker dies; `INVALID_OPTION` for a bad `pool`, `signal` or
 *   `onProgress`
 * @example
 * ```ts
 * import { createPool, ksgMutualInformationAsync } from 'infometa/parallel';
 * const pool = createPool({ workers: 1 });
 * const x = Array.from({ length: 500 }, (_, i) => Math.sin(i));
 * const mi = await ksgMutualInformationAsync(x, x.map((v) => 2 * v), { pool });
 * console.log(mi > 2); // true
 * await pool.close();
 * ```
 */
export async function ksgMutualInformationAsync(x: Samples, y: Samples, options?: KsgOptions & KnnAsyncOptions): Promise<number> {
  const fn = 'ksgMutualInformationAsync';
  return estimate(fn, 'mi', options, (o) => ksgMiInput(fn, x, y, o));
}

/**
 * `ksgConditionalMutualInformation` off the calling thread and across the pool's workers (the same estimate, to the
 * last bit), split by ranges of points as {@link ksgMutualInformationAsync}.
 *
 * Cost: O(N log N) per worker for its search structures, the per-point searches and counts shared among the workers;
 * plus a copy of the samples per worker.
 *
 * @param x - samples of X
 * @param y - samples of Y
 * @param z - samples of the conditioning variable Z (all with the same number of rows)
 * @param options - those of `ksgConditionalMutualInformation`, `pool`, `signal`, `onProgress` (points)
 * @returns a promise of the estimate (nats unless `base` says otherwise)
 * @throws InfometaError (as a rejection) as `ksgConditionalMutualInformation`, named for this function; `ABORTED`;
 *   `POOL_CLOSED`; `WORKER_FAILED`
 * @example
 * ```ts
 * import { createPool, ksgConditionalMutualInformationAsync } from 'infometa/parallel';
 * const pool = createPool({ workers: 1 });
 * const z = Array.from({ length: 400 }, (_, i) => Math.cos(i));
 * const x = z.map((v, i) => v + Math.sin(3 * i));
 * const cmi = await ksgConditionalMutualInformationAsync(x, x, z, { pool });
 * console.log(cmi > 1); // true
 * await pool.close();
 * ```
 */
export async function ksgConditionalMutualInformationAsync(x: Samples, y: Samples, z: Samples, options?: KnnMiOptions & KnnAsyncOptions): Promise<number> {
  const fn = 'ksgConditionalMutualInformationAsync';
  return estimate(fn, 'cmi', options, (o) => ksgCmiInput(fn, x, y, z, o));
}
