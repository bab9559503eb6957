// The permutation rounds of a task dependency matrix, chunk by chunk: each chunk starts from the identity
// permutation, draws its rounds from its own seed, and counts them with the synchronous `taskDependencyMatrix`'s
// PermutationRounds (its direction and tolerance included).
import { createRng } from '../../internal/rng.js';
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
}

/** Counts, per entry, the rounds of the chunk whose statistic is at least as extreme as the observed one. */
function rounds({ s, e }: State, chunk: DependencyChunk): Float64Array {
  const r = new PermutationRounds(e, s.obs as Float64Array, informationMeasure(s.measure));
  const rng = createRng(chunk.seed);
  for (let i = 0; i < chunk.count; i++) r.round(rng);
  return r.exceed;
}

/** The job: a chunk returns the observed statistics or its exceedance counts (T × T, row-major). */
export const dependencyJob: Job<DependencyShared, DependencyChunk, Float64Array, State> = {
  prepare: (s) => ({ s, e: makeEngine(s.prep, s.measure, s.est, s.average, s.lnb) }),
  run: (state, chunk) => (chunk.observed === true ? observedPairs(state.e, state.s.prep.T) : rounds(state, chunk)),
};
