// fitAsync's meta-batches over shared memory: the calling thread's side of jobs/meta-shared.ts.
import { InfometaError } from '../internal/errors.js';
import { setOptimizerState, stateCount, stateVectors } from '../meta/optimizers.js';
import type { Optimizer } from '../meta/optimizers.js';
import type { ResolvedRegularization } from '../meta/learners/types.js';
import type { TaskPlan } from '../meta/task-plans.js';
import type { Task } from '../meta/tasks.js';
import { DONE, GEN, STOP, encodeBatch, metaSharedJob, sessionBuffers, stopAll } from './jobs/meta-shared.js';
import type { OuterStep, SharedBuffers, SharedChunk, SharedResult } from './jobs/meta-shared.js';
import type { MetaShared } from './jobs/meta.js';
import { fromWire } from './pool.js';
import type { WorkerPool } from './pool.js';

let enabled = true;

/** @internal Turns the shared-memory path off (or back on) for this thread: the tests of the message path. */
export function useSharedMemory(on: boolean): void {
  enabled = on;
}

type WaitAsync = (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<unknown> | string };

/**
 * Whether fitAsync can run over shared memory on this pool: workers, SharedArrayBuffer (in a browser, only on a
 * cross-origin-isolated page) and Atomics.waitAsync (the calling thread waits without blocking).
 */
export function sharedMemory(pool: WorkerPool): boolean {
  const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  return enabled && !pool.mainThread && typeof g.SharedArrayBuffer === 'function' && g.crossOriginIsolated !== false && typeof (Atomics as { waitAsync?: unknown }).waitAsync === 'function';
}

/** The loss or the summed gradient of a meta-batch was not finite (the caller words the error as for its own check). */
export class Diverged {
  constructor(readonly loss: number) {}
}

/** The outer step in the workers: the caller's optimizer (a built-in one) and the learner's penalty. */
export interface WorkerStep {
  opt: Optimizer;
  regularization: ResolvedRegularization;
}

interface Session {
  ctl: Int32Array;
  inbox: [SharedArrayBuffer, SharedArrayBuffer];
  /** The meta-batch last written into each inbox. */
  written: [unknown, unknown];
  /** Meta-batches posted (ctl[GEN]) and taken by the calling thread's loop, in this session. */
  posted: number;
  taken: number;
  /** The workers' chunks: their results once they have left the loop, or the error that ended the call. */
  done: Promise<SharedResult[] | { failure: unknown }>;
  /** Stops the workers at once (the pool terminates them): an abort whose workers do not leave within 50 ms. */
  kill: AbortController;
}

/** How the workers' loop ended when it ended on its own (abort, error): the meta-batches complete, and why. */
interface Over {
  complete: number;
  error: unknown;
}

/**
 * The meta-batches of one fitAsync call over shared memory. A session is one chunk per group, run at once (a gang)
 * and looping until stopped; a meta-batch larger than the inboxes starts a new session with larger ones. With `step`,
 * the first worker takes the outer step and the workers go on to the next meta-batch, drawn ahead by the calling
 * thread, without waiting for it; the parameters and the optimizer's state are double-buffered, so that those of the
 * last complete step are whole whatever happens.
 */
export class SharedPath {
  /** The loop's meta-parameters (the calling thread steps them when the workers do not) and gradient. */
  readonly meta: Float64Array;
  readonly g: Float64Array;
  private readonly metas: Float64Array[];
  private readonly state: Float64Array[][];
  private readonly fixed: Omit<SharedBuffers, 'ctl' | 'inbox'>;
  private readonly totals: Float64Array;
  private readonly ctx: ReturnType<WorkerPool['context']>;
  private session: Session | null = null;
  private over: Over | null = null;
  private released = false;
  private readonly key: string;
  /** Whether every session so far ended with all its workers out of the loop (then the arrays can be reused). */
  private clean = true;
  /** Steps the optimizer had taken before the current session. */
  private t0 = 0;
  private readonly onAbort = (): void => {
    if (this.session !== null) stopAll(this.session.ctl);
  };

  constructor(
    private readonly pool: WorkerPool,
    private readonly fn: string,
    shared: MetaShared,
    P: number,
    private readonly groups: [number, number][],
    private readonly batch: number,
    private readonly plans: boolean,
    private readonly signal: AbortSignal | undefined,
    private readonly step: WorkerStep | undefined,
  ) {
    const sab = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);
    const pair = (bytes: number): [SharedArrayBuffer, SharedArrayBuffer] => [sab(bytes), sab(bytes)];
    const nState = step === undefined ? 0 : stateCount(step.opt);
    this.key = `${P}:${batch}:${nState}`;
    this.fixed = spare.get(this.key) ?? {
      meta: pair(8 * P),
      state: Array.from({ length: nState }, () => pair(8 * P)),
      grads: sab(8 * batch * P),
      losses: sab(8 * batch),
      g: sab(8 * P),
      totals: sab(8 * 4),
    };
    spare.delete(this.key);
    this.metas = this.fixed.meta.map((b) => new Float64Array(b));
    this.meta = this.metas[0];
    this.g = new Float64Array(this.fixed.g);
    this.totals = new Float64Array(this.fixed.totals);
    this.state = this.fixed.state.map((p) => p.map((b) => new Float64Array(b)));
    if (step !== undefined) {
      this.t0 = step.opt.t;
      const now = stateVectors(step.opt);
      this.state.forEach((p, j) => {
        if (now.length > j) p[0].set(now[j]);
        else p[0].fill(0);
      });
    }
    this.ctx = pool.context('meta-shared', shared, metaSharedJob);
    signal?.addEventListener('abort', this.onAbort);
  }

  /** Starts the workers' loop with inboxes of at least `bytes`. */
  private start(bytes: number): Session {
    const { ctl, inbox } = sessionBuffers(Math.max(1 << 16, 2 * bytes));
    const buffers: SharedBuffers = { ...this.fixed, ctl, inbox };
    const step = this.step === undefined ? undefined : ({ optimizer: this.step.opt.toJSON(), t0: this.t0, regularization: this.step.regularization } satisfies OuterStep);
    if (step !== undefined) step.optimizer.state = [];
    const chunks = this.groups.map(([a, b], rank): SharedChunk => ({ buffers, rank, workers: this.groups.length, a, b, batch: this.batch, step }));
    const s: Session = {
      ctl: new Int32Array(ctl),
      inbox,
      written: [null, null],
      posted: 0,
      taken: 0,
      kill: new AbortController(),
      done: Promise.resolve([]),
    };
    s.done = this.pool.run(this.fn, this.ctx, chunks, { gang: true, signal: s.kill.signal }).then(
        (r) => r as SharedResult[],
        (failure: unknown) => {
          stopAll(s.ctl);
          return { failure };
        },
      );
    this.session = s;
    // A signal that fired while the last session was closing (a restart with larger inboxes) found no session to stop.
    if (this.signal?.aborted === true) stopAll(s.ctl);
    return s;
  }

  /** Writes meta-batch n into its inbox and posts it (`post`), or only writes it. */
  private write(s: Session, n: number, tasks: (Task | TaskPlan)[], post: boolean): number {
    const code = encodeBatch(s.inbox[n & 1], tasks, this.plans);
    s.written[n & 1] = code === 0 ? tasks : null;
    if (code === 0 && post) this.post(s, n);
    return code;
  }

  /** Tells the workers that meta-batch n is in its inbox. */
  private post(s: Session, n: number): void {
    s.posted = n;
    Atomics.store(s.ctl, GEN, n);
    Atomics.notify(s.ctl, GEN);
  }

  /**
   * Computes a meta-batch: the sum of its task losses in task order, its mean meta-gradient in `g` (and, when the
   * workers step, the step taken); null when the batch cannot go through shared memory (see `encodeBatch`).
   * `prefetch` draws the next meta-batch, written into the other inbox while the workers compute this one (and, when
   * they step, posted at once). Throws the error of the meta-batch (`Diverged` for a non-finite loss or gradient
   * found by the workers), `ABORTED` once every meta-batch the workers completed before the signal has been taken.
   */
  async compute(tasks: (Task | TaskPlan)[], prefetch: () => (Task | TaskPlan)[] | null): Promise<number | null> {
    if (this.over === null && this.signal?.aborted === true && this.session !== null) {
      stopAll(this.session.ctl);
      await this.end();
    }
    if (this.over !== null) return this.catchUp();
    let s = this.session;
    const n = (s?.taken ?? 0) + 1;
    if (s === null || s.written[n & 1] !== tasks) {
      const code = encodeBatch(s?.inbox[n & 1] ?? new SharedArrayBuffer(0), tasks, this.plans);
      if (code < 0) return null;
      if (s === null || code > 0) {
        await this.close();
        s = this.start(code);
      }
      if (this.write(s, 1 + s.taken, tasks, true) !== 0) return null;
    } else if (s.posted < n) this.post(s, n);
    const k = ++s.taken;
    const ahead = prefetch();
    // The next meta-batch's inbox was read by the workers at meta-batch k − 1, complete: it is free.
    if (ahead !== null) this.write(s, k + 1, ahead, this.step !== undefined);
    const { ctl } = s;
    const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
    for (;;) {
      const v = Atomics.load(ctl, DONE);
      if (v >= k) break;
      if (Atomics.load(ctl, STOP) !== 0) {
        await this.end();
        return this.catchUp(k);
      }
      const r = waitAsync(ctl, DONE, v);
      if (r.async) await r.value;
    }
    return this.totals[k & 3];
  }

  /** After the loop ended on its own: the loss of meta-batch k if it completed, else why it did not. */
  private catchUp(k?: number): number {
    const over = this.over as Over;
    const n = k ?? ++(this.session as Session).taken;
    if (n <= over.complete) return this.totals[n & 3];
    throw over.error;
  }

  /**
   * Waits for the workers to leave the loop (stopped, or on an error) and records how it ended; puts the parameters
   * and the optimizer's state of the last complete step into the first buffers, for the next session or the caller.
   */
  private async end(): Promise<void> {
    const s = this.session as Session;
    // Stopped workers leave between two task gradients. One that has not started its chunk (the pool's worker busy
    // with another call) would make an abort wait for that call: after 50 ms they are terminated, which loses
    // nothing, since the parameters and the optimizer's state of the last complete step are in shared memory.
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (this.signal?.aborted === true) timer = setTimeout(() => s.kill.abort(), 50);
    const res = await s.done;
    if (timer !== undefined) clearTimeout(timer);
    const complete = Atomics.load(s.ctl, DONE);
    let error: unknown = new InfometaError('ABORTED', `${this.fn}: aborted by signal`);
    if (!Array.isArray(res)) {
      error = res.failure;
      this.clean = false;
    } else {
      // The first group's error is the one of the earliest task, which `fit` meets first.
      const bad = res.find((r) => r.error !== undefined || r.diverged !== undefined);
      if (bad?.diverged !== undefined) error = new Diverged(bad.diverged.loss);
      else if (bad?.error !== undefined) error = fromWire(this.fn, bad.error);
    }
    if (this.step !== undefined) {
      if ((complete & 1) === 1) {
        this.metas[0].set(this.metas[1]);
        for (const p of this.state) p[0].set(p[1]);
      }
      this.t0 += complete;
    }
    this.over = { complete, error };
  }

  /** Stops the workers' loop (if running) and waits for them to leave it. */
  async close(): Promise<void> {
    const s = this.session;
    if (s === null) return;
    if (this.over === null) {
      stopAll(s.ctl);
      await this.end();
      this.over = null;
    }
    this.session = null;
  }

  /**
   * Ends the call: the workers told to forget the learner; when they stepped, the caller's optimizer given the state
   * of the last complete step (the parameters of that step are in `meta`).
   */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.close();
    this.signal?.removeEventListener('abort', this.onAbort);
    this.pool.release(this.ctx);
    if (this.step !== undefined) {
      const { opt } = this.step;
      setOptimizerState(opt, this.t0, this.t0 === 0 ? [] : this.state.map((p) => p[0].slice()));
    }
    // Kept for the next call of the same shape (fresh shared memory costs page faults in every thread that touches
    // it: 6 ms for the 1.7 MB of task gradients of the benchmark's meta-batch on the VM measured), unless a worker
    // may still be running (a call that ended on a failure).
    if (this.clean) {
      if (spare.size >= 4) spare.clear();
      spare.set(this.key, this.fixed);
    }
  }
}

/** Shared arrays of finished calls, by shape, for the next call. */
const spare = new Map<string, Omit<SharedBuffers, 'ctl' | 'inbox'>>();
