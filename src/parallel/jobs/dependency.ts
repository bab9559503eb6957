// The permutation rounds of a task dependency matrix, chunk by chunk: the synchronous `taskDependencyMatrix`'s own
// chunk (PermutationRounds.chunk: from the identity permutation, its own seed, the rounds' direction and tolerance).
import type { EntropyEstimator } from '../../core/estimators.js';
import type { NmiAverage } from '../../core/joint.js';
import { informationMeasure } from '../../core/measures.js';
import { PermutationRounds, makeEngine, observedRows } from '../../miml/dependency.js';
import type { Counts } from '../../miml/dependency.js';
import type { Engine } from '../../miml/dependency.js';
import type { DependencyMeasure } from '../../miml/matrix.js';
import type { PreparedTasks } from '../../miml/tasks.js';
import type { Job } from '../protocol.js';

/**
 * The prepared tasks, the statistic, a token naming this data (a worker keeps the engine of the last token it saw, so
 * the observed phase and the permutation phase of one call build it once), and (for permutation chunks) the observed
 * statistics.
 */
export interface DependencyShared {
  prep: PreparedTasks;
  measure: DependencyMeasure;
  est: EntropyEstimator;
  average: NmiAverage;
  lnb: number;
  token?: number;
  /** Observed statistics (T × T), for chunks of rounds. */
  obs?: Float64Array;
}

/** One chunk: `count` rounds from stream `seed`, or (`observed`) the observed statistics of rows [i0, i1). */
export interface DependencyChunk {
  seed: number;
  count: number;
  observed?: [number, number];
}

interface State {
  s: DependencyShared;
  e: Engine;
  /** The prepared rounds (a context with `obs`). */
  rounds: PermutationRounds | undefined;
}

/** The engine of the last token this worker prepared (one call's two phases share it). */
let last: { token: number; e: Engine } | undefined;

/** The job: a chunk returns the observed statistics of its rows (see `observedRows`) or its exceedance counts (T × T). */
export const dependencyJob: Job<DependencyShared, DependencyChunk, Float64Array | Counts, State> = {
  prepare: (s) => {
    const e = s.token !== undefined && last?.token === s.token ? last.e : makeEngine(s.prep, s.measure, s.est, s.average, s.lnb);
    last = s.token === undefined ? undefined : { token: s.token, e };
    return { s, e, rounds: s.obs === undefined ? undefined : new PermutationRounds(e, s.obs, informationMeasure(s.measure)) };
  },
  run: ({ s, e, rounds }, chunk) => (chunk.observed !== undefined ? observedRows(e, s.prep.T, chunk.observed[0], chunk.observed[1]) : (rounds as PermutationRounds).chunk(chunk.seed, chunk.count)),
  // Each chunk's result is fresh: moved to the caller, not copied.
  transfer: (r) => [r.buffer as ArrayBuffer],
};
