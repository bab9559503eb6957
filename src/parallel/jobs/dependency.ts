// The permutation rounds of a task dependency matrix, chunk by chunk: the synchronous `taskDependencyMatrix`'s own
// chunk (permutationChunk: from the identity permutation, its own seed, PermutationRounds' direction and tolerance).
import type { EntropyEstimator } from '../../core/estimators.js';
import type { NmiAverage } from '../../core/joint.js';
import { informationMeasure } from '../../core/measures.js';
import { makeEngine, observedPairs, permutationChunk } from '../../miml/dependency.js';
import type { Engine } from '../../miml/dependency.js';
import type { DependencyMeasure } from '../../miml/matrix.js';
import type { PreparedTasks } from '../../miml/tasks.js';
import type { Job } from '../protocol.js';

/** The prepared tasks, the statistic, and (for permutation chunks) the observed statistics. */
export interface DependencyShared {
  prep: PreparedTasks;
  measure: DependencyMeasure;
  est: EntropyEstimator;
  average: NmiAverage;
  lnb: number;
  /** Observed statistics (T × T), for chunks of rounds. */
  obs?: Float64Array;
}

/** One chunk: `count` rounds from stream `seed`, or (`observed`) the observed statistics. */
export interface DependencyChunk {
  seed: number;
  count: number;
  observed?: boolean;
}

interface State {
  s: DependencyShared;
  e: Engine;
}

/** The job: a chunk returns the observed statistics or its exceedance counts (T × T, row-major). */
export const dependencyJob: Job<DependencyShared, DependencyChunk, Float64Array, State> = {
  prepare: (s) => ({ s, e: makeEngine(s.prep, s.measure, s.est, s.average, s.lnb) }),
  run: ({ s, e }, chunk) =>
    chunk.observed === true ? observedPairs(e, s.prep.T) : permutationChunk(e, s.obs as Float64Array, informationMeasure(s.measure), chunk.seed, chunk.count),
  // Each chunk's T × T result is fresh (320 KB for 200 tasks): moved to the caller, not copied.
  transfer: (r) => [r.buffer as ArrayBuffer],
};
