// The kNN estimators off the calling thread: the synchronous function, run whole in one worker.
import { fail, fmt } from '../internal/errors.js';
import { longRunning } from '../internal/long-running.js';
import { toColumns } from '../estimators/samples.js';
import type { Samples } from '../estimators/samples.js';
import type { KnnMiOptions, KsgOptions } from '../estimators/options.js';
import { cloneable, poolOf, renamed } from './common.js';
import type { PoolOption } from './common.js';
import type { CallableName, CallShared } from './jobs/call.js';

/** Options of the async kNN estimators: the synchronous options plus `pool` and `signal`. */
export interface KnnAsyncOptions extends PoolOption {
  /** Stops the call: the promise rejects with `ABORTED` at once and the worker is stopped. */
  signal?: AbortSignal;
}

/** Samples as a `{ data, rows, cols }` matrix (validated here, so that any accepted form crosses to a worker). */
function matrixOf(fn: string, name: string, x: unknown): { data: Float64Array; rows: number; cols: number } {
  const c = toColumns(fn, name, x);
  return { data: c.data, rows: c.rows, cols: c.cols };
}

async function callInWorker(fn: string, inner: CallableName, args: unknown[], options: (KnnAsyncOptions & object) | undefined): Promise<number> {
  if (options !== undefined && (options === null || typeof options !== 'object')) fail('INVALID_ARGUMENT', fn, `options must be an object (got ${fmt(options)})`);
  const pool = poolOf(fn, options?.pool);
  const run = longRunning(fn, { signal: options?.signal });
  const ctx = pool.context('call', { fn: inner, args: [...args, cloneable(options)] } satisfies CallShared);
  try {
    const [r] = await pool.run(fn, ctx, [null], { signal: run.signal });
    return r as number;
  } catch (e) {
    throw renamed(e, inner, fn);
  } finally {
    pool.release(ctx);
  }
}

/**
 * `ksgMutualInformation` off the calling thread: the same estimate, to the last bit, computed in a worker of the
 * pool, so a page or a server stays responsive while it runs and a signal can stop it at once.
 *
 * Cost: as `ksgMutualInformation` (O(N log N) for low dimensions), on one worker; plus a copy of the samples.
 *
 * @param x - samples of X (any form `ksgMutualInformation` accepts)
 * @param y - samples of Y, as many rows as x
 * @param options - those of `ksgMutualInformation` (`k`, `algorithm`, `noise`, `seed`, `base`, `clip`), `pool`, `signal`
 * @returns a promise of the estimate (nats unless `base` says otherwise)
 * @throws InfometaError (as a rejection) as `ksgMutualInformation`, named for this function; `ABORTED` when the
 *   signal fires; `POOL_CLOSED`; `WORKER_FAILED` when the worker dies
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
  return callInWorker(fn, 'ksgMutualInformation', [matrixOf(fn, 'x', x), matrixOf(fn, 'y', y)], options);
}

/**
 * `ksgConditionalMutualInformation` off the calling thread (the same estimate, to the last bit, in a worker).
 *
 * Cost: as `ksgConditionalMutualInformation`, on one worker; plus a copy of the samples.
 *
 * @param x - samples of X
 * @param y - samples of Y
 * @param z - samples of the conditioning variable Z (all with the same number of rows)
 * @param options - those of `ksgConditionalMutualInformation`, `pool`, `signal`
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
  return callInWorker(fn, 'ksgConditionalMutualInformation', [matrixOf(fn, 'x', x), matrixOf(fn, 'y', y), matrixOf(fn, 'z', z)], options);
}
