/**
 * Stable machine-readable codes carried by every {@link InfometaError}.
 *
 * - `INVALID_ARGUMENT`: an argument has the wrong type or an impossible value.
 * - `INVALID_DISTRIBUTION`: a negative entry, a sum other than 1, or all-zero weights.
 * - `NON_FINITE`: NaN or ±Infinity where finite numbers are required.
 * - `EMPTY_INPUT`: an array, table or sample with no elements.
 * - `SHAPE_MISMATCH`: lengths or shapes that do not agree.
 * - `INVALID_LABELS`: labels that are not integers or strings.
 * - `INVALID_OPTION`: an unknown or out-of-range option (`base`, `estimator`, `average`, `k`, …).
 * - `NOT_POSITIVE_DEFINITE`: a covariance that is not symmetric positive definite.
 * - `INVALID_JSON`: `fromJSON` of the wrong kind or version.
 * - `ABORTED`: long-running work stopped by an `AbortSignal`.
 * - `DIVERGED`: training produced a NaN or infinite loss.
 * - `NOT_CONVERGED`: an iterative method (Blahut–Arimoto, the information bottleneck, a convex program) stopped at
 *   `maxIterations` before reaching its `tolerance`; the message gives the tolerance it did reach.
 * - `QUERY_FAILED`: a database query (DuckDB) failed; the message names the SQL's first line and the database's reason.
 * - `WORKER_FAILED`: a worker of a `WorkerPool` died or could not start while running the call (the pool stays usable).
 * - `POOL_CLOSED`: a `WorkerPool` was used after `close()`.
 */
export type InfometaErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_DISTRIBUTION'
  | 'NON_FINITE'
  | 'EMPTY_INPUT'
  | 'SHAPE_MISMATCH'
  | 'INVALID_LABELS'
  | 'INVALID_OPTION'
  | 'NOT_POSITIVE_DEFINITE'
  | 'INVALID_JSON'
  | 'ABORTED'
  | 'DIVERGED'
  | 'NOT_CONVERGED'
  | 'QUERY_FAILED'
  | 'WORKER_FAILED'
  | 'POOL_CLOSED';

/**
 * The one error class thrown by infometa. The message starts with the function name and names the argument and
 * the offending value; `code` is stable across versions and safe to branch on.
 *
 * @example
 * ```ts
 * import { entropy, InfometaError } from 'infometa';
 * try {
 *   entropy([0.5, 0.6]);
 * } catch (e) {
 *   if (e instanceof InfometaError) console.log(e.code); // INVALID_DISTRIBUTION
 * }
 * ```
 */
export class InfometaError extends Error {
  /** Stable machine-readable reason, see {@link InfometaErrorCode}. */
  readonly code: InfometaErrorCode;

  /**
   * Creates an error; infometa's own functions build these, users normally only catch them.
   *
   * @param code - stable reason code
   * @param message - human-readable message, starting with the function name
   */
  constructor(code: InfometaErrorCode, message: string) {
    // Never throws itself, whatever it is given (a symbol or an object without a string form becomes its fmt).
    super(typeof message === 'string' ? message : fmt(message));
    this.name = 'InfometaError';
    this.code = code;
  }
}

/** Formats a value for an error message: short, unambiguous, never throws. */
export function fmt(value: unknown): string {
  const t = typeof value;
  if (t === 'string') {
    const v = value as string;
    return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  }
  if (t === 'bigint') return `${value}n (a BigInt; pass a number)`;
  if (t === 'function') return 'a function';
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  if (t === 'object' && value !== null) {
    let name = 'Object';
    try {
      name = (value as { constructor: { name: string } }).constructor.name || name;
    } catch {
      // no constructor, or a hostile getter: the generic name will do
    }
    return `object ${name}`;
  }
  // numbers (NaN, ±Infinity, -0 as 0), booleans, symbols, null, undefined
  return String(value);
}

/** Formats entry i of an array for a message, saying so when it is an empty slot of a sparse array. */
export function fmtAt(a: ArrayLike<unknown>, i: number): string {
  if (Array.isArray(a) && !(i in a)) return 'an empty slot (a hole in the array)';
  return fmt(a[i]);
}

/** Throws an {@link InfometaError}. Typed `never` so callers can use it in expressions. */
export function fail(code: InfometaErrorCode, fn: string, message: string): never {
  throw new InfometaError(code, `${fn}: ${message}`);
}
