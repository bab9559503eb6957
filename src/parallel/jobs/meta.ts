// The meta-gradients of a group of tasks at given meta-parameters, for a learner rebuilt from its JSON in the worker
// (its regularization removed: the pool's caller adds the penalty once, to the summed gradient).
import { InfometaError } from '../../internal/errors.js';
import { MetaLearner } from '../../meta/learners/base.js';
import type { LearnerJSON } from '../../meta/learners/types.js';
import type { TaskKind } from '../../meta/losses.js';
import { buildTask } from '../../meta/task-plans.js';
import type { PlanSource, TaskPlan } from '../../meta/task-plans.js';
import type { Task } from '../../meta/tasks.js';
import type { Job } from '../protocol.js';

/** The learner, as JSON without regularization; and the data of a built-in sampler whose tasks the worker builds. */
export interface MetaShared {
  learner: LearnerJSON;
  source?: PlanSource;
}

/**
 * Tasks whose sets are all Float64Arrays, packed for the wire into one buffer that is moved to the worker instead of
 * copied: per task the lengths of support x, support y, query x and query y, then the values, task after task.
 */
export interface PackedTasks {
  packed: Float64Array;
  kinds: (TaskKind | undefined)[];
}

/**
 * Consecutive tasks of a meta-batch at meta-parameters `meta`: as given, packed, or as the draws of the built-in
 * sampler whose data the worker holds (`plans`, packed by {@link packPlans}). `spare`: the gradient buffer of this
 * group's last result, moved back for the worker to write the next one into. To a worker, `meta` is a copy that the
 * worker moves back with its result, to be refilled for the next chunk: on the machines measured, a structured
 * clone of fresh buffers (a 69 KB parameter vector, megabytes of gradients) cost more than the arithmetic around it.
 */
export interface MetaChunk {
  meta: Float64Array;
  tasks?: Task[] | PackedTasks;
  plans?: Int32Array;
  spare?: Float64Array;
  /** The index of the chunk's first task in its meta-batch (for the messages of errors). */
  first?: number;
}

interface MetaState {
  learner: MetaLearner;
  source?: PlanSource;
}

/**
 * Each task's own (unscaled) meta-gradient, one after the other in `grads` (task t at t·meta.length), and its
 * post-adaptation query loss. Fresh buffers, moved (not copied) back to the caller.
 */
export interface MetaResult {
  grads: Float64Array;
  losses: Float64Array;
  /** The chunk's `meta`, given back. */
  meta: Float64Array;
}

/** Task plans in one buffer: the number of tasks T, per task its support and query row counts, then the rows. */
export function packPlans(plans: readonly TaskPlan[]): Int32Array {
  const T = plans.length;
  let n = 1 + 2 * T;
  for (const p of plans) n += p.support.length + p.query.length;
  const out = new Int32Array(n);
  out[0] = T;
  for (let t = 0, o = 1 + 2 * T; t < T; t++) {
    const { support, query } = plans[t];
    out[1 + 2 * t] = support.length;
    out[2 + 2 * t] = query.length;
    out.set(support, o);
    out.set(query, o + support.length);
    o += support.length + query.length;
  }
  return out;
}

/** The plans of {@link packPlans}, as views into its buffer. */
export function unpackPlans(rows: Int32Array): TaskPlan[] {
  const T = rows[0];
  const out: TaskPlan[] = [];
  for (let t = 0, o = 1 + 2 * T; t < T; t++) {
    const s = rows[1 + 2 * t], q = rows[2 + 2 * t];
    out.push({ support: rows.subarray(o, o + s), query: rows.subarray(o + s, o + s + q) });
    o += s + q;
  }
  return out;
}

/** The four arrays of a well-formed task whose sets are Float64Arrays, or null for anything else. */
function arraysOf(task: unknown): Float64Array[] | null {
  if (task === null || typeof task !== 'object') return null;
  const { support, query, kind } = task as Partial<Task>;
  if (kind !== undefined && typeof kind !== 'string') return null;
  if (support === null || typeof support !== 'object' || query === null || typeof query !== 'object') return null;
  const out = [support.x, support.y, query.x, query.y];
  return out.every((a) => a instanceof Float64Array) ? (out as Float64Array[]) : null;
}

/**
 * The tasks packed into one fresh buffer (a copy: the caller's tasks are untouched), or null when a task is not an
 * object of four Float64Array sets with a string or absent kind: those are sent as they are, for the worker's checks
 * to report exactly as `fit`'s do.
 */
export function packTasks(tasks: readonly Task[]): PackedTasks | null {
  const T = tasks.length;
  const all: Float64Array[] = [];
  let n = 4 * T;
  for (let t = 0; t < T; t++) {
    const a = arraysOf(tasks[t]);
    if (a === null) return null;
    for (let j = 0; j < 4; j++) {
      all.push(a[j]);
      n += a[j].length;
    }
  }
  const packed = new Float64Array(n);
  for (let i = 0, o = 4 * T; i < all.length; i++) {
    const v = all[i];
    packed[i] = v.length;
    packed.set(v, o);
    o += v.length;
  }
  const kinds = new Array<TaskKind | undefined>(T);
  for (let t = 0; t < T; t++) kinds[t] = tasks[t].kind;
  return { packed, kinds };
}

/** The tasks of a chunk: packed ones as views into the one buffer (the kinds as given). */
export function unpackTasks(tasks: Task[] | PackedTasks): Task[] {
  if (Array.isArray(tasks)) return tasks;
  const { packed, kinds } = tasks;
  let o = 4 * kinds.length;
  const view = (t: number, j: number): Float64Array => {
    const len = packed[4 * t + j];
    const v = packed.subarray(o, o + len);
    o += len;
    return v;
  };
  return kinds.map((kind, t) => {
    const support = { x: view(t, 0), y: view(t, 1) };
    const query = { x: view(t, 2), y: view(t, 3) };
    return kind === undefined ? { support, query } : { support, query, kind };
  });
}

/**
 * The last learner this worker rebuilt, by its JSON without the meta-parameters. A call's first meta-batch ran 23–25 ms
 * on a new learner and 19 ms on a kept one (13 tasks of the 64-64-64-5 benchmark; 7.5 ms warm), so a worker keeps it
 * for the next call on the same architecture and settings: each chunk passes the meta-parameters it is computed at,
 * never the learner's own.
 */
let cached: { key: string; learner: MetaLearner } | undefined;

function learnerOf(json: LearnerJSON): MetaLearner {
  const key = JSON.stringify({ ...json, params: Array.isArray(json.params) ? json.params.length : null });
  if (cached?.key === key) return cached.learner;
  const learner = MetaLearner.fromJSON(json);
  cached = { key, learner };
  return learner;
}

/** The job: each task's meta-gradient at `meta`, for the tasks of the chunk (the rebuilt learner's `taskGradients`). */
export const metaJob: Job<MetaShared, MetaChunk, MetaResult, MetaState> = {
  prepare: (s) => {
    try {
      return { learner: learnerOf(s.learner), source: s.source };
    } catch (e) {
      const kind = /unknown model kind ("[^"]*")/.exec(e instanceof Error ? e.message : '');
      if (kind === null) throw e;
      throw new InfometaError(
        'INVALID_ARGUMENT',
        `fitAsync: the pool's workers cannot rebuild the learner's model: its kind ${kind[1]} is registered only in the thread that called registerModel; pass createPool({ setup }) a module that registers it, or use a mainThread pool`,
      );
    }
  },
  run: ({ learner, source }, { meta, tasks, plans, spare, first }) => {
    const list = plans !== undefined && source !== undefined ? unpackPlans(plans).map((p) => buildTask(source, p)) : unpackTasks(tasks ?? []);
    const n = list.length * meta.length;
    const grads = spare?.length === n ? spare.fill(0) : new Float64Array(n);
    const losses = new Float64Array(list.length);
    learner.taskGradients('fitAsync', list, learner.checkMeta('fitAsync', meta), grads, losses, first);
    return { grads, losses, meta };
  },
  transfer: (r) => [r.grads.buffer as ArrayBuffer, r.losses.buffer as ArrayBuffer, r.meta.buffer as ArrayBuffer],
  transferChunk: (c) => {
    const out: ArrayBuffer[] = [c.meta.buffer as ArrayBuffer];
    if (c.plans !== undefined) out.push(c.plans.buffer as ArrayBuffer);
    if (c.tasks !== undefined && !Array.isArray(c.tasks)) out.push(c.tasks.packed.buffer as ArrayBuffer);
    if (c.spare !== undefined) out.push(c.spare.buffer as ArrayBuffer);
    return out;
  },
};
