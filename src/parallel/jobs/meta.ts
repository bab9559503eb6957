// One task's meta-gradient at given meta-parameters, for a learner rebuilt from its JSON in the worker (its
// regularization removed: the pool's caller adds the penalty once, to the summed gradient).
import { MetaLearner } from '../../meta/learners/base.js';
import type { LearnerJSON } from '../../meta/learners/types.js';
import type { Task } from '../../meta/tasks.js';
import type { Job } from '../protocol.js';

/** The learner, as JSON without regularization. */
export interface MetaShared {
  learner: LearnerJSON;
}

/** One task of a meta-batch at meta-parameters `meta`. */
export interface MetaChunk {
  meta: Float64Array;
  task: Task;
}

/** The task's own (unscaled) meta-gradient and its post-adaptation query loss. */
export interface MetaResult {
  grad: Float64Array;
  loss: number;
}

/** The job: `metaGradient([task], meta)` of the rebuilt learner. */
export const metaJob: Job<MetaShared, MetaChunk, MetaResult, MetaLearner> = {
  prepare: (s) => MetaLearner.fromJSON(s.learner),
  run: (learner, { meta, task }) => {
    const r = learner.metaGradient([task], meta);
    return { grad: r.grad, loss: r.loss };
  },
};
