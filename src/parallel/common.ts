// What every async function of infometa/parallel does the same way: resolve the pool, report progress in units as
// chunks finish, and rename errors raised by a synchronous function run in a worker after the async one.
import { InfometaError, fail, fmt } from '../internal/errors.js';
import { WorkerPool, defaultPool } from './pool.js';

/** The option every async function takes besides its synchronous form's options. */
export interface PoolOption {
  /** The pool to run on. Default: a shared pool with one worker per core, started on first use. */
  pool?: WorkerPool;
}

/** The `pool` option, or the shared default pool. */
export function poolOf(fn: string, pool: unknown): WorkerPool {
  if (pool === undefined) return defaultPool();
  // instanceof alone passes an object forged with Object.create(WorkerPool.prototype), which has no workers.
  if (!(pool instanceof WorkerPool) || !Number.isSafeInteger(pool.workers) || typeof pool.mainThread !== 'boolean') {
    fail('INVALID_OPTION', fn, `pool must be a WorkerPool from createPool() (got ${fmt(pool)})`);
  }
  return pool;
}

/** The options without `pool` (and without the non-cloneable `signal` and `onProgress`), for a worker. */
export function cloneable(options: object | undefined): Record<string, unknown> {
  const o: Record<string, unknown> = { ...(options ?? {}) };
  delete o.pool;
  delete o.signal;
  delete o.onProgress;
  return o;
}

/**
 * An `onChunk` that reports `{ completed, total }` in units: `sizes[i]` units per chunk i (chunks of size 0, such as
 * the observed statistic, report nothing).
 */
export function chunkProgress(sizes: readonly number[], total: number, onProgress: ((p: { completed: number; total: number }) => void) | undefined): ((i: number) => void) | undefined {
  if (onProgress === undefined) return undefined;
  let completed = 0;
  return (i) => {
    if (sizes[i] === 0) return;
    completed += sizes[i];
    onProgress({ completed, total });
  };
}

/** Re-raises an error of synchronous function `inner` run in a worker as one of the async function `fn`. */
export function renamed(e: unknown, inner: string, fn: string): unknown {
  if (e instanceof InfometaError && e.message.startsWith(`${inner}:`)) return new InfometaError(e.code, `${fn}:${e.message.slice(inner.length + 1)}`);
  return e;
}
