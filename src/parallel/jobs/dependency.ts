// The permutation rounds of a task dependency matrix, chunk by chunk: the synchronous `taskDependencyMatrix`'s own
// chunk (PermutationRounds.chunk: from the identity permutation, its own seed, the rounds' direction and tolerance).
import type { EntropyEstimator } from '../../core/estimators.js';
import type { NmiAverage } from '../../core/joint.js';
import { informationMeasure } from '../../core/measures.js';
import { PermutationRounds, makeEngine, observedPairs } from '../../miml/dependency.js';
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
  /** The prepared rounds (a context with `obs`). */
  rounds: PermutationRounds | undefined;
}

/** The job: a chunk returns the observed statistics or its exceedance counts (T × T, row-major). */
export const dependencyJob: Job<DependencyShared, DependencyChunk, Float64Array, State> = {
  prepare: (s) => {
    const e = makeEngine(s.prep, s.measure, s.est, s.average, s.lnb);
    return { s, e, rounds: s.obs === undefined ? undefined : new PermutationRounds(e, s.obs, informationMeasure(s.measure)) };
  },
  run: ({ s, e, rounds }, chunk) => (chunk.observed === true ? observedPairs(e, s.prep.T) : (rounds as PermutationRounds).chunk(chunk.seed, chunk.count)),
  // Each chunk's T × T result is fresh (320 KB for 200 tasks): moved to the caller, not copied.
  transfer: (r) => [r.buffer as ArrayBuffer],
};
