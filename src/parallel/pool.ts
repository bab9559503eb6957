// The worker pool: workers started lazily (up to `workers`), chunks handed out in order to whichever worker is free,
// results kept by chunk index so the caller combines them in a fixed order. Calls are queued first come, first
// served. A worker that dies fails the call it was running and is replaced by the next call; the pool closes its
// workers when idle, or for good with close().
import { InfometaError, fail, fmt } from '../internal/errors.js';
import { erase, toWire } from './protocol.js';
import type { AnyJob, FromWorker, Job, WireError } from './protocol.js';
import { canStartWorkers, coreCount } from './platform.js';
import { spawnWorker } from './spawn.js';
import type { WorkerHandle } from './spawn.js';

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** Number of workers, a positive integer. Default: the number of cores. */
  workers?: number;
  /** Milliseconds without work after which the workers are stopped (restarted on the next call). Default 10 000. */
  idleTimeout?: number;
  /**
   * Run every chunk on the calling thread (between macrotasks) instead of in workers: the same results, no
   * parallelism. Default: only where workers cannot be started.
   */
  mainThread?: boolean;
  /**
   * A module every worker imports once, before its first chunk (a URL, or a string a dynamic `import()` in the
   * worker accepts): register your custom models there with `registerModel`, so that `fitAsync` can rebuild a
   * learner built on them. In Node, `new URL('./models.js', import.meta.url)`; in a browser, the URL of a module the
   * page can load (a bundler does not follow it). Not used on the main-thread fallback, where the page's own
   * registrations apply.
   */
  setup?: string | URL;
}

/** How a call is run: the function name for messages, a signal, and a callback per finished chunk. */
export interface RunOptions {
  signal?: AbortSignal;
  onChunk?: (index: number, result: unknown) => void;
  /** Progress a job sends while a chunk runs. */
  onNote?: (index: number, note: unknown) => void;
  /**
   * Chunks that run at the same time and wait for one another (through shared memory): each goes to a worker of its
   * own that holds nothing else, never two to one worker. At most `workers` chunks; not on the main-thread fallback.
   */
  gang?: boolean;
}

interface Context {
  id: number;
  job: string;
  /** The job itself, for the main-thread fallback (workers look it up by name). */
  impl: AnyJob;
  shared: unknown;
  /** Main-thread mode: the prepared state. */
  state?: unknown;
}

interface Call {
  id: number;
  fn: string;
  ctx: Context;
  chunks: readonly unknown[];
  next: number;
  results: unknown[];
  remaining: number;
  settled: boolean;
  opts: RunOptions;
  resolve(r: unknown[]): void;
  reject(e: unknown): void;
}

interface Slot {
  handle: WorkerHandle | null;
  starting: boolean;
  /** The call whose chunks this worker holds (all of one call), or null when it holds none. */
  call: Call | null;
  /** The chunks sent to this worker and not yet answered, in the order it computes them. */
  inflight: number[];
  /** Contexts this worker has been sent. */
  known: Set<number>;
}

let ids = 0;

/**
 * Chunks a worker holds at once: one computing and one waiting in its message queue, so that it starts the next
 * chunk without waiting for the main thread to answer the last one (a round trip of tens to hundreds of microseconds,
 * which is most of a small chunk).
 */
const DEPTH = 2;

function checkPositiveInteger(fn: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) fail('INVALID_OPTION', fn, `${name} must be a positive integer (got ${fmt(v)})`);
  return v;
}

/**
 * Lets other tasks (timers, clicks, an abort) run before the next chunk on the main thread: a new macrotask, by
 * setImmediate in Node and a MessageChannel message in browsers (setTimeout(0) is clamped to 1 ms in Node and to 4 ms
 * in nested browser timers, which made a meta-batch of 25 small chunks 2.7 times slower than the chunks themselves).
 */
function yieldTask(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') return new Promise((r) => (g.setImmediate as (f: () => void) => void)(r));
  if (typeof g.MessageChannel === 'function') {
    return new Promise((r) => {
      const ch = new (g.MessageChannel as typeof MessageChannel)();
      ch.port1.onmessage = () => {
        ch.port1.close();
        r();
      };
      ch.port2.postMessage(0);
    });
  }
  return new Promise((r) => setTimeout(r, 0));
}

/**
 * A pool of workers (worker_threads in Node, Web Workers in browsers) that runs infometa's long computations off the
 * calling thread and across cores. Create one with {@link createPool}; the async functions of `infometa/parallel`
 * take it as `pool` (or use a shared default pool).
 */
export class WorkerPool {
  /** Number of workers the pool starts at most. */
  readonly workers: number;
  /** True when chunks run on the calling thread (no workers). */
  readonly mainThread: boolean;
  /** Idle time in ms after which the workers are stopped. */
  readonly idleTimeout: number;
  /** The module every worker imports before its first chunk (see {@link PoolOptions.setup}), as a string. */
  readonly setup: string | undefined;
  private readonly slots: Slot[] = [];
  private readonly queue: Call[] = [];
  private isClosed = false;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Creates a pool; prefer {@link createPool}.
   *
   * @param options - `workers`, `idleTimeout`, `mainThread`
   */
  constructor(options?: PoolOptions) {
    const fn = 'createPool';
    if (options !== undefined && (options === null || typeof options !== 'object')) fail('INVALID_OPTION', fn, `options must be an object (got ${fmt(options)})`);
    for (const key of Object.keys(options ?? {})) {
      if (!['workers', 'idleTimeout', 'mainThread', 'setup'].includes(key)) fail('INVALID_OPTION', fn, `unknown option ${fmt(key)}; expected workers, idleTimeout, mainThread or setup`);
    }
    this.workers = checkPositiveInteger(fn, 'workers', options?.workers, coreCount());
    const idle = options?.idleTimeout ?? 10_000;
    if (typeof idle !== 'number' || !(idle >= 0) || !Number.isFinite(idle)) fail('INVALID_OPTION', fn, `idleTimeout must be a finite number of ms ≥ 0 (got ${fmt(idle)})`);
    this.idleTimeout = idle;
    const mt = options?.mainThread;
    if (mt !== undefined && typeof mt !== 'boolean') fail('INVALID_OPTION', fn, `mainThread must be a boolean (got ${fmt(mt)})`);
    this.mainThread = mt ?? !canStartWorkers();
    const setup: unknown = options?.setup;
    const isUrl = typeof URL === 'function' && setup instanceof URL;
    if (setup !== undefined && !isUrl && (typeof setup !== 'string' || setup.length === 0)) fail('INVALID_OPTION', fn, `setup must be a URL or a non-empty string (got ${fmt(setup)})`);
    this.setup = setup === undefined ? undefined : isUrl ? (setup as URL).href : (setup as string);
    for (let i = 0; i < this.workers; i++) this.slots.push({ handle: null, starting: false, call: null, inflight: [], known: new Set() });
  }

  /** Whether {@link WorkerPool.close} has been called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Number of workers running now (0 before the first call and after an idle close). */
  get running(): number {
    return this.slots.filter((s) => s.handle !== null).length;
  }

  /**
   * Stops every worker and refuses further calls (`POOL_CLOSED`); calls still running reject with `POOL_CLOSED`.
   * Calling it again does nothing.
   *
   * @returns a promise that resolves once the workers are stopped
   */
  close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.isClosed = true;
    for (const c of [...this.queue]) this.settle(c, new InfometaError('POOL_CLOSED', `${c.fn}: the pool was closed while the call was running`));
    this.stopWorkers();
    return Promise.resolve();
  }

  /**
   * @internal A context: shared data prepared once per worker, for one or several runs of the job named `job` (the
   * name the worker script's registry knows it by; `impl` is the same job, run here on the main-thread fallback).
   */
  context<S, C, R, T>(job: string, shared: S, impl: Job<S, C, R, T>): Context {
    return { id: ++ids, job, impl: erase(impl), shared };
  }

  /** @internal Tells the workers to forget a context. */
  release(ctx: Context): void {
    for (const s of this.slots) {
      if (s.handle !== null && s.known.delete(ctx.id)) s.handle.post({ t: 'drop', ctx: ctx.id });
    }
  }

  /** @internal Runs `chunks` of `ctx`'s job; resolves with their results in chunk order. */
  run(fn: string, ctx: Context, chunks: readonly unknown[], opts: RunOptions = {}): Promise<unknown[]> {
    if (this.isClosed) return Promise.reject(new InfometaError('POOL_CLOSED', `${fn}: the pool is closed; create a new one with createPool()`));
    if (opts.gang === true && (this.mainThread || chunks.length > this.workers)) return Promise.reject(new InfometaError('INVALID_ARGUMENT', `${fn}: a gang of ${chunks.length} chunks needs as many workers (the pool has ${this.mainThread ? 'none' : this.workers})`));
    if (opts.signal?.aborted === true) return Promise.reject(new InfometaError('ABORTED', `${fn}: aborted by signal`));
    return new Promise<unknown[]>((resolve, reject) => {
      const call: Call = { id: ++ids, fn, ctx, chunks, next: 0, results: new Array<unknown>(chunks.length), remaining: chunks.length, settled: false, opts, resolve, reject };
      if (chunks.length === 0) {
        resolve([]);
        return;
      }
      const signal = opts.signal;
      if (signal !== undefined) {
        const onAbort = (): void => this.settle(call, new InfometaError('ABORTED', `${fn}: aborted by signal`), true);
        signal.addEventListener('abort', onAbort, { once: true });
        const done = call.resolve;
        const failed = call.reject;
        call.resolve = (r) => {
          signal.removeEventListener('abort', onAbort);
          done(r);
        };
        call.reject = (e) => {
          signal.removeEventListener('abort', onAbort);
          failed(e);
        };
      }
      this.queue.push(call);
      if (this.idleTimer !== null) {
        clearTimeout(this.idleTimer);
        this.idleTimer = null;
      }
      if (this.mainThread) void this.runHere(call);
      else this.pump();
    });
  }

  /** Main-thread mode: the chunks one after the other, a macrotask between them. */
  private async runHere(call: Call): Promise<void> {
    const job = call.ctx.impl;
    // As from a worker: the job's own InfometaError as it is, anything else it throws as WORKER_FAILED; an error of
    // the caller's onChunk (its onProgress) as it is.
    const compute = <T>(f: () => T): T => {
      try {
        return f();
      } catch (e) {
        throw e instanceof InfometaError ? e : fromWire(call.fn, toWire(e));
      }
    };
    try {
      if (call.ctx.state === undefined) call.ctx.state = compute(() => job.prepare(call.ctx.shared));
      for (let i = 0; i < call.chunks.length; i++) {
        await yieldTask();
        if (call.settled) return;
        const r = compute(() => job.run(call.ctx.state, call.chunks[i], (p) => call.opts.onNote?.(i, p)));
        call.results[i] = r;
        call.opts.onChunk?.(i, r);
      }
      this.settle(call, null);
    } catch (e) {
      this.settle(call, e);
    }
  }

  /**
   * Hands the next pending chunks to the workers, starting workers as needed: first one chunk to each worker without
   * any, then a second to each running worker, from the call it already holds (a worker's chunks are always of one
   * call, so stopping a call never loses another call's chunk).
   */
  private pump(): void {
    for (let depth = 1; depth <= DEPTH; depth++) {
      for (const slot of this.slots) {
        if (slot.starting || slot.inflight.length >= depth || (slot.handle === null && depth > 1)) continue;
        const call = slot.call ?? this.queue.find((c) => c.next < c.chunks.length);
        if (call === undefined || call.settled || call.next >= call.chunks.length) continue;
        // A gang's chunks wait for one another: one per worker, and only to a worker that holds nothing else.
        if (call.opts.gang === true && slot.inflight.length > 0) continue;
        const i = call.next++;
        slot.call = call;
        slot.inflight.push(i);
        if (slot.handle !== null) this.send(slot, i);
        else this.start(slot);
      }
    }
    this.scheduleIdle();
  }

  private start(slot: Slot): void {
    slot.starting = true;
    let handle: WorkerHandle | null = null;
    spawnWorker({
      message: (m) => {
        if (slot.handle === handle) this.onMessage(slot, m);
      },
      dead: (reason) => {
        if (slot.handle === handle) this.onDead(slot, reason);
      },
    }).then(
      (h) => {
        handle = h;
        slot.starting = false;
        if (this.isClosed) {
          h.terminate();
          return;
        }
        slot.handle = h;
        slot.known.clear();
        if (this.setup !== undefined) h.post({ t: 'setup', url: this.setup });
        if (slot.call !== null && !slot.call.settled) this.send(slot, slot.inflight[0]);
        else {
          slot.call = null;
          slot.inflight = [];
          this.pump();
        }
      },
      (e: unknown) => {
        slot.starting = false;
        const call = slot.call;
        slot.call = null;
        slot.inflight = [];
        if (call !== null) this.settle(call, new InfometaError('WORKER_FAILED', `${call.fn}: a worker could not be started (${e instanceof Error ? e.message : String(e)})`));
      },
    );
  }

  private send(slot: Slot, i: number): void {
    const call = slot.call as Call;
    const h = slot.handle as WorkerHandle;
    h.ref(true);
    if (!slot.known.has(call.ctx.id)) {
      h.post({ t: 'ctx', ctx: call.ctx.id, job: call.ctx.job, shared: call.ctx.shared });
      slot.known.add(call.ctx.id);
    }
    const chunk = call.chunks[i];
    h.post({ t: 'run', ctx: call.ctx.id, call: call.id, i, chunk }, call.ctx.impl.transferChunk?.(chunk));
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    const call = slot.call;
    if (m.t === 'progress') {
      if (call !== null && call.id === m.call && !call.settled) {
        try {
          call.opts.onNote?.(m.i, m.p);
        } catch (e) {
          this.settle(call, e, true);
        }
      }
      return;
    }
    // A worker answers its chunks in the order it was sent them.
    slot.inflight.shift();
    if (slot.inflight.length === 0) slot.call = null;
    if (call !== null && call.id === m.call && !call.settled) {
      if (m.t === 'fail') this.settle(call, fromWire(call.fn, m.error));
      else {
        call.results[m.i] = m.result;
        call.remaining--;
        try {
          call.opts.onChunk?.(m.i, m.result);
        } catch (e) {
          this.settle(call, e);
        }
        if (call.remaining === 0) this.settle(call, null);
      }
    }
    this.pump();
  }

  private onDead(slot: Slot, reason: string): void {
    const call = slot.call;
    const index = slot.inflight[0];
    slot.handle = null;
    slot.call = null;
    slot.inflight = [];
    slot.known.clear();
    if (call !== null) {
      this.settle(call, new InfometaError('WORKER_FAILED', `${call.fn}: a worker stopped while computing chunk ${index} of ${call.chunks.length} (${reason}); the next call starts a new one`));
    }
    this.pump();
  }

  /** Resolves (error null) or rejects a call once; with `stop`, stops the workers still computing its chunks. */
  private settle(call: Call, error: unknown, stop = false): void {
    if (call.settled) return;
    call.settled = true;
    const q = this.queue.indexOf(call);
    if (q >= 0) this.queue.splice(q, 1);
    if (stop) {
      for (const s of this.slots) {
        if (s.call === call) {
          s.handle?.terminate();
          s.handle = null;
          s.call = null;
          s.inflight = [];
          s.known.clear();
        }
      }
    }
    if (error === null) call.resolve(call.results);
    else call.reject(error);
    if (!this.mainThread) this.pump();
  }

  /** With no work left: unref the workers (Node) and stop them after `idleTimeout`. */
  private scheduleIdle(): void {
    if (this.queue.length > 0 || this.slots.some((s) => s.call !== null || s.starting) || this.isClosed) return;
    for (const s of this.slots) s.handle?.ref(false);
    if (this.idleTimer !== null || this.running === 0) return;
    const t = setTimeout(() => {
      this.idleTimer = null;
      if (this.queue.length === 0 && this.slots.every((s) => s.call === null)) this.stopWorkers();
    }, this.idleTimeout);
    (t as { unref?: () => void }).unref?.();
    this.idleTimer = t;
  }

  private stopWorkers(): void {
    if (this.idleTimer !== null) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    for (const s of this.slots) {
      s.handle?.terminate();
      s.handle = null;
      s.call = null;
      s.inflight = [];
      s.known.clear();
    }
  }
}

/** @internal An error as it came back from a worker, as an InfometaError (its own code, or WORKER_FAILED naming `fn`). */
export function fromWire(fn: string, e: WireError): InfometaError {
  if (e.code !== undefined) return new InfometaError(e.code as InfometaError['code'], e.message);
  return new InfometaError('WORKER_FAILED', `${fn}: the computation failed in a worker (${e.message})`);
}

/**
 * Creates a pool of workers for the async functions of `infometa/parallel`. Nothing starts until the first call;
 * workers stop after `idleTimeout` ms without work (and do not keep a Node process alive while idle) and start again
 * on demand. Results never depend on the number of workers.
 *
 * Cost: starting a worker takes tens of milliseconds (once per worker until it idles out); a call on a warm pool
 * adds well under a millisecond.
 *
 * @param options - `workers` (default: the number of cores), `idleTimeout` (ms, default 10 000), `mainThread`
 *   (run on the calling thread; the default where workers are unavailable), `setup` (a module each worker imports
 *   first, e.g. one that registers custom models)
 * @returns the pool
 * @throws InfometaError `INVALID_OPTION` for `workers` that is not a positive integer, a negative or non-finite
 *   `idleTimeout`, a non-boolean `mainThread`, a `setup` that is neither a URL nor a non-empty string, or an unknown
 *   option name
 * @example
 * ```ts
 * import { createPool } from 'infometa/parallel';
 * const pool = createPool({ workers: 2 });
 * console.log(pool.workers, pool.running); // 2 0
 * await pool.close();
 * ```
 */
export function createPool(options?: PoolOptions): WorkerPool {
  return new WorkerPool(options);
}

let shared: WorkerPool | null = null;

/** @internal The pool used when a call passes none: one per thread, started on first use, as many workers as cores. */
export function defaultPool(): WorkerPool {
  if (shared === null || shared.closed) shared = new WorkerPool();
  return shared;
}

/**
 * @internal Testing: kills a worker that is computing a chunk right now, abruptly, as a crash would (its call rejects
 * with WORKER_FAILED). Returns false when no worker is busy.
 */
export function killBusyWorkerForTesting(pool: WorkerPool): boolean {
  const slot = (pool as unknown as { slots: Slot[] }).slots.find((s) => s.call !== null && s.handle !== null);
  if (slot === undefined) return false;
  (slot.handle as WorkerHandle).kill();
  return true;
}
