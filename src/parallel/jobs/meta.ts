// The meta-gradients of a group of tasks at given meta-parameters, for a learner rebuilt from its JSON in the worker
// (its regularization removed: the pool's caller adds the penalty once, to the summed gradient).
import { MetaLearner } from '../../meta/learners/base.js';
import type { LearnerJSON } from '../../meta/learners/types.js';
import type { Task } from '../../meta/tasks.js';
import type { Job } from '../protocol.js';

/** The learner, as JSON without regularization. */
export interface MetaShared {
  learner: LearnerJSON;
}

/** Consecutive tasks of a meta-batch at meta-parameters `meta`. */
export interface MetaChunk {
  meta: Float64Array;
  tasks: Task[];
}

/**
 * Each task's own (unscaled) meta-gradient, one after the other in `grads` (task t at t·meta.length), and its
 * post-adaptation query loss. Fresh buffers, moved (not copied) back to the caller.
 */
export interface MetaResult {
  grads: Float64Array;
  losses: Float64Array;
}

/** The job: each task's meta-gradient at `meta`, for the tasks of the chunk (the rebuilt learner's `taskGradients`). */
export const metaJob: Job<MetaShared, MetaChunk, MetaResult, MetaLearner> = {
  prepare: (s) => MetaLearner.fromJSON(s.learner),
  run: (learner, { meta, tasks }) => {
    const grads = new Float64Array(tasks.length * meta.length);
    const losses = new Float64Array(tasks.length);
    learner.taskGradients('fitAsync', tasks, learner.checkMeta('fitAsync', meta), grads, losses);
    return { grads, losses };
  },
  transfer: (r) => [r.grads.buffer as ArrayBuffer, r.losses.buffer as ArrayBuffer],
};
