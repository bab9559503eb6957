// The messages between a pool and its workers, and the job interface both sides run. Plain data only: everything
// crosses a structured clone.

/**
 * A kind of chunked work. `prepare` turns the call's shared data into a worker-local state (once per worker and
 * context); `run` computes one chunk from it. Both are pure functions of their inputs, so a chunk gives the same bits
 * in any worker, or on the main thread.
 */
export interface Job<S, C, R, State> {
  prepare(shared: S): State;
  /** `progress` sends plain data to the caller while the chunk runs (throttled to one message per 50 ms in a worker). */
  run(state: State, chunk: C, progress: (p: unknown) => void): R;
  /** The buffers of a result that are the worker's to give away (fresh, not part of its state): moved, not copied. */
  transfer?(result: R): ArrayBuffer[];
  /** The buffers of a chunk that the caller gives away (made for this chunk only): moved to the worker, not copied. */
  transferChunk?(chunk: C): ArrayBuffer[];
}

/** A job with its types erased, as the registry holds it. */
export interface AnyJob {
  prepare(shared: unknown): unknown;
  run(state: unknown, chunk: unknown, progress: (p: unknown) => void): unknown;
  transfer?(result: unknown): ArrayBuffer[];
  transferChunk?(chunk: unknown): ArrayBuffer[];
}

/** Erases a job's types for the registry. */
export function erase<S, C, R, State>(job: Job<S, C, R, State>): AnyJob {
  return job as unknown as AnyJob;
}

/** Main thread → worker. */
export type ToWorker =
  | { t: 'setup'; url: string }
  | { t: 'ctx'; ctx: number; job: string; shared: unknown }
  | { t: 'run'; ctx: number; call: number; i: number; chunk: unknown }
  | { t: 'drop'; ctx: number };

/** An error as it crosses back: the code of an InfometaError (if it was one) and its message. */
export interface WireError {
  code?: string;
  message: string;
}

/** Worker → main thread. */
export type FromWorker =
  | { t: 'progress'; call: number; i: number; p: unknown }
  | { t: 'done'; call: number; i: number; result: unknown }
  | { t: 'fail'; call: number; i: number; error: WireError };

/** The wire form of anything thrown. */
export function toWire(e: unknown): WireError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? { code, message: e.message } : { message: `${e.name}: ${e.message}` };
  }
  return { message: String(e) };
}

/** What a browser worker posts once it listens: until then, the pool may still start it from another copy. */
export const READY = 'infometa-parallel-ready';
