// fitAsync over shared memory: every worker of the pool runs one long chunk that computes its group of each
// meta-batch, waits for the others (a barrier on an Int32Array), then adds its slice of the parameters over all the
// tasks, in task order. The outer step is taken by the first worker (when the optimizer is a built-in one and there
// is no validation) or by the calling thread. No message per iteration: the meta-parameters, the tasks and the
// gradients stay where they are.
import { TASK_KINDS } from '../../meta/losses.js';
import type { TaskKind } from '../../meta/losses.js';
import { addPenalty, projectMaxNorm } from '../../meta/learners/regularization.js';
import type { ResolvedRegularization } from '../../meta/learners/types.js';
import { optimizerFromJSON, setOptimizerState } from '../../meta/optimizers.js';
import type { OptimizerJSON } from '../../meta/optimizers.js';
import { buildTask } from '../../meta/task-plans.js';
import type { TaskPlan } from '../../meta/task-plans.js';
import type { Task } from '../../meta/tasks.js';
import { toWire } from '../protocol.js';
import type { Job, WireError } from '../protocol.js';
import { metaJob, packPlans, packTasks, unpackPlans, unpackTasks } from './meta.js';
import type { MetaShared } from './meta.js';

/** Indices into the control words (an Int32Array on a SharedArrayBuffer). Meta-batches posted by the calling thread. */
export const GEN = 0;
/** Workers that have computed their group, over all meta-batches (the first barrier). */
const ARRIVE = 1;
/** Workers that have added their slice, over all meta-batches (the second barrier). */
const REDUCED = 2;
/** Meta-batches complete (summed, and stepped when the workers step): written by the first worker. */
export const DONE = 3;
/** Non-zero: leave the loop (set by the calling thread, or by a worker that leaves on an error). */
export const STOP = 4;
/** Non-zero: a worker met an error in its group; every worker leaves after the first barrier. */
const ERROR = 5;
/**
 * Steps taken (when the workers step): what the other workers wait for before computing the next meta-batch. DONE,
 * which the calling thread waits for, holds the same count but is notified later (see the job).
 */
const STEPPED = 6;
const CONTROL_WORDS = 8;
/** The control words a waiting thread may sleep on: all are notified on a stop. */
const WAKE = [GEN, ARRIVE, REDUCED, DONE, STEPPED];

/**
 * The shared arrays of a call: the meta-parameters (P; two buffers when the workers step, iteration k reading
 * meta[(k − 1) & 1] and stepping into the other), each task's gradient (B × P), each task's loss (B), the summed
 * gradient (P) and each meta-batch's summed loss (a ring of 4); and of one run of the workers over it (a session): the
 * control words and two inboxes for the meta-batches (the workers read one while the calling thread writes the next).
 */
export interface SharedBuffers {
  meta: [SharedArrayBuffer, SharedArrayBuffer];
  /** The optimizer's state vectors when the workers step, two buffers each as the meta-parameters. */
  state: [SharedArrayBuffer, SharedArrayBuffer][];
  grads: SharedArrayBuffer;
  losses: SharedArrayBuffer;
  g: SharedArrayBuffer;
  totals: SharedArrayBuffer;
  ctl: SharedArrayBuffer;
  inbox: [SharedArrayBuffer, SharedArrayBuffer];
}

/**
 * What the first worker needs to take the outer step: the optimizer's hyper-parameters (its JSON), the steps it had
 * taken before this session (its state is in the shared buffers) and the penalty.
 */
export interface OuterStep {
  optimizer: OptimizerJSON;
  t0: number;
  regularization: ResolvedRegularization;
}

/**
 * One worker's part: its rank among `workers`, its tasks [a, b) of every meta-batch of `batch` tasks; `step` when the
 * workers take the outer step (given to every worker; the first one takes it).
 */
export interface SharedChunk {
  buffers: SharedBuffers;
  rank: number;
  workers: number;
  a: number;
  b: number;
  batch: number;
  step?: OuterStep;
}

/**
 * How a worker left its loop: an error of its group (or of the outer step) at meta-batch `at`; (first worker, when
 * stepping) the meta-batch at which the loss or the summed gradient was not finite. The meta-batches completed are
 * ctl[DONE].
 */
export interface SharedResult {
  error?: WireError;
  at?: number;
  diverged?: { at: number; loss: number };
}

/** The control words and two inboxes of `inboxBytes` each (rounded up to 8), for a session. */
export function sessionBuffers(inboxBytes: number): Pick<SharedBuffers, 'ctl' | 'inbox'> {
  const bytes = 8 * Math.ceil(inboxBytes / 8);
  return { ctl: new SharedArrayBuffer(4 * CONTROL_WORDS), inbox: [new SharedArrayBuffer(bytes), new SharedArrayBuffer(bytes)] };
}

// An inbox: Int32 words [mode, T, length, 0], then (plans) the packed plans as Int32, or (tasks) T kind codes and,
// from the next multiple of 8 bytes, the packed tasks as Float64.
const PLANS = 1;
const TASKS = 2;
const HEAD = 4;

/**
 * Writes a meta-batch (task plans of a built-in sampler, or tasks) into an inbox. Returns 0 when written; -1 when the
 * batch cannot go into an inbox (a task whose sets are not all Float64Arrays, or whose kind is not a task kind: those
 * are sent as they are, for the worker's checks to report as `fit`'s do); else the bytes it needs, more than the inbox
 * has.
 */
export function encodeBatch(inbox: SharedArrayBuffer, batch: readonly (Task | TaskPlan)[], plans: boolean): number {
  const head = new Int32Array(inbox);
  if (plans) {
    const packed = packPlans(batch as TaskPlan[]);
    const bytes = 4 * (HEAD + packed.length);
    if (bytes > inbox.byteLength) return bytes;
    head.set(packed, HEAD);
    head[0] = PLANS;
    head[1] = batch.length;
    head[2] = packed.length;
    return 0;
  }
  const p = packTasks(batch as Task[]);
  if (p === null) return -1;
  const T = p.kinds.length;
  const codes = p.kinds.map((k) => (k === undefined ? 0 : TASK_KINDS.indexOf(k) + 1));
  if (p.kinds.some((k, t) => k !== undefined && codes[t] === 0)) return -1;
  const at = Math.ceil((4 * (HEAD + T)) / 8);
  const bytes = 8 * (at + p.packed.length);
  if (bytes > inbox.byteLength) return bytes;
  head.set(codes, HEAD);
  new Float64Array(inbox, 8 * at, p.packed.length).set(p.packed);
  head[0] = TASKS;
  head[1] = T;
  head[2] = p.packed.length;
  return 0;
}

/**
 * Tasks a to b of the meta-batch in an inbox (plans built from `source`, into the arrays of the tasks in `reuse` when
 * given: the worker's tasks of the last meta-batch, no longer used; packed tasks as views into the inbox).
 */
export function decodeBatch(inbox: SharedArrayBuffer, a: number, b: number, source: MetaShared['source'], reuse?: Task[]): Task[] {
  const head = new Int32Array(inbox);
  const T = head[1];
  if (head[0] === PLANS) {
    const plans = unpackPlans(head.subarray(HEAD, HEAD + head[2]));
    if (source === undefined) throw new Error('fitAsync: task plans without the sampler data');
    return plans.slice(a, b).map((p, t) => buildTask(source, p, reuse?.[t]));
  }
  const kinds = Array.from(head.subarray(HEAD, HEAD + T), (c): TaskKind | undefined => (c === 0 ? undefined : TASK_KINDS[c - 1]));
  const at = Math.ceil((4 * (HEAD + T)) / 8);
  return unpackTasks({ packed: new Float64Array(inbox, 8 * at, head[2]), kinds }).slice(a, b);
}

/** Waits (in a worker) until ctl[i] ≥ target; false when told to stop before it is. */
function waitFor(ctl: Int32Array, i: number, target: number): boolean {
  for (;;) {
    // The value first: a worker that reached a barrier before a stop still passes it (and reports its own error).
    const v = Atomics.load(ctl, i);
    if (v >= target) return true;
    if (Atomics.load(ctl, STOP) !== 0) return false;
    // A bounded wait: every change is notified, the timeout only covers a stop posted between the check and the wait.
    Atomics.wait(ctl, i, v, 50);
  }
}

/** Sets STOP and wakes every thread waiting on the control words (the calling thread included). */
export function stopAll(ctl: Int32Array): void {
  Atomics.store(ctl, STOP, 1);
  for (const i of WAKE) Atomics.notify(ctl, i);
}

/**
 * g[p0, p1) = Σₜ w · grads_t[p0, p1), added in task order from 0 (the arithmetic and order of the synchronous `fit`),
 * four tasks per pass over the slice.
 */
function reduceSlice(g: Float64Array, grads: Float64Array, P: number, B: number, w: number, p0: number, p1: number): void {
  g.fill(0, p0, p1);
  let t = 0;
  for (; t + 4 <= B; t += 4) {
    const o0 = t * P, o1 = o0 + P, o2 = o1 + P, o3 = o2 + P;
    for (let j = p0; j < p1; j++) g[j] = g[j] + w * grads[o0 + j] + w * grads[o1 + j] + w * grads[o2 + j] + w * grads[o3 + j];
  }
  for (; t < B; t++) for (let j = p0, o = t * P; j < p1; j++) g[j] += w * grads[o + j];
}

/**
 * The job: the learner of {@link metaJob}, and a chunk that loops over meta-batches until told to stop. Meta-batch k
 * (posted by the calling thread in ctl[GEN]): the worker's tasks' gradients (weight 1) and losses into the shared
 * arrays, a stop checked between tasks; the first barrier; its slice of the summed gradient; the second barrier; then
 * the first worker adds the losses in task order and, when it steps, checks that the loss and gradient are finite and
 * takes the outer step as `fit` does (penalty, optimizer, max-norm projection) into the other parameter buffer, and
 * publishes ctl[DONE] = k. An error in a task stops the worker's group there; the others finish theirs (an earlier
 * task's error is the one `fit` reports), and every worker leaves after the first barrier.
 */
export const metaSharedJob: Job<MetaShared, SharedChunk, SharedResult, ReturnType<typeof metaJob.prepare>> = {
  prepare: (s) => metaJob.prepare(s),
  run: ({ learner, source }, { buffers, rank, workers, a, b, batch, step }) => {
    const ctl = new Int32Array(buffers.ctl);
    const metas = buffers.meta.map((m) => new Float64Array(m));
    const P = metas[0].length;
    const grads = new Float64Array(buffers.grads);
    const losses = new Float64Array(buffers.losses);
    const totals = new Float64Array(buffers.totals);
    const g = new Float64Array(buffers.g);
    const w = 1 / batch;
    const p0 = Math.floor((rank * P) / workers);
    const p1 = Math.floor(((rank + 1) * P) / workers);
    const first = rank === 0;
    const opt = first && step !== undefined ? optimizerFromJSON(step.optimizer) : undefined;
    const state = buffers.state.map((pair) => pair.map((b) => new Float64Array(b)));
    const deferred = step !== undefined && workers > 1;
    let last: Task[] | undefined;
    const leave = (res: SharedResult): SharedResult => {
      stopAll(ctl);
      return res;
    };
    for (let k = 1; ; k++) {
      if (!waitFor(ctl, GEN, k)) return {};
      const meta = metas[step === undefined ? 0 : (k - 1) & 1];
      let error: WireError | undefined;
      try {
        // The tasks are built while the first worker may still be taking step k − 1 (they do not depend on it).
        const tasks = decodeBatch(buffers.inbox[k & 1], a, b, source, last);
        last = tasks;
        if (step !== undefined && !waitFor(ctl, STEPPED, k - 1)) return {};
        learner.checkMeta('fitAsync', meta);
        for (let t = 0; t < tasks.length; t++) {
          if (Atomics.load(ctl, STOP) !== 0) return {};
          const o = (a + t) * P;
          grads.fill(0, o, o + P);
          learner.taskGradients('fitAsync', [tasks[t]], meta, grads.subarray(o, o + P), losses.subarray(a + t, a + t + 1), a + t);
        }
      } catch (e) {
        error = toWire(e);
        Atomics.store(ctl, ERROR, 1);
      }
      // The first worker to finish its group wakes the calling thread (to take the last meta-batch's loss and post
      // the one after next) while it waits for the others: on a busy machine that thread then runs on the core this
      // worker leaves idle, not on the one the next step needs.
      if (Atomics.add(ctl, ARRIVE, 1) === (k - 1) * workers && deferred) Atomics.notify(ctl, DONE);
      Atomics.notify(ctl, ARRIVE);
      if (!waitFor(ctl, ARRIVE, k * workers)) return {};
      if (Atomics.load(ctl, ERROR) !== 0) return leave(error === undefined ? {} : { error, at: k });
      reduceSlice(g, grads, P, batch, w, p0, p1);
      Atomics.add(ctl, REDUCED, 1);
      Atomics.notify(ctl, REDUCED);
      if (!first) continue;
      if (!waitFor(ctl, REDUCED, k * workers)) return {};
      let total = 0;
      for (let t = 0; t < batch; t++) total += losses[t];
      if (opt !== undefined && step !== undefined) {
        const l = total / batch;
        let ok = l - l === 0;
        for (let i = 0; ok && i < P; i++) ok = g[i] - g[i] === 0;
        if (!ok) return leave({ diverged: { at: k, loss: l } });
        if (Atomics.load(ctl, STOP) !== 0) return {};
        // Into the other buffers (the parameters and the optimizer's state after k − 1 steps stay whole until
        // ctl[DONE] says step k is complete, whatever happens to this worker in between).
        const next = metas[k & 1];
        next.set(meta);
        for (const pair of state) pair[k & 1].set(pair[(k - 1) & 1]);
        setOptimizerState(opt, step.t0 + k - 1, state.map((pair) => pair[k & 1]));
        try {
          addPenalty(step.regularization, learner.model.numParams, next, g);
          opt.step(next, g);
          projectMaxNorm(step.regularization.maxNorm ?? Infinity, learner.model.blocks, next);
        } catch (e) {
          return leave({ error: toWire(e), at: k });
        }
      }
      totals[k & 3] = total;
      if (step !== undefined) {
        Atomics.store(ctl, STEPPED, k);
        Atomics.notify(ctl, STEPPED);
      }
      Atomics.store(ctl, DONE, k);
      // The calling thread is woken at once when it steps, when this worker is alone, or when it has not yet posted
      // the next meta-batch; else at the first arrival of the next one (above).
      if (!deferred || Atomics.load(ctl, GEN) <= k) Atomics.notify(ctl, DONE);
    }
  },
};
