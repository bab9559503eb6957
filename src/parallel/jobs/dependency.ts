// The permutation rounds of a task dependency matrix, chunk by chunk: each chunk starts from the identity
// permutation, draws its rounds from its own seed, and counts, per entry, the rounds at least as extreme as the
// observed statistic (the synchronous `taskDependencyMatrix`'s rule, tolerance included).
import { createRng } from '../../internal/rng.js';
import type { EntropyEstimator } from '../../core/estimators.js';
import type { NmiAverage } from '../../core/joint.js';
import { makeEngine, pairStat } from '../../miml/dependency.js';
import type { Engine } from '../../miml/dependency.js';
import { gather, permuteBits } from '../../miml/kernels.js';
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

/** Observed statistics of every pair: entry (i, j) of task i against task j as given. */
function observed({ s, e }: State): Float64Array {
  const T = s.prep.T;
  const out = new Float64Array(2);
  const obs = new Float64Array(T * T);
  for (let i = 0; i < T; i++) {
    for (let j = i; j < T; j++) {
      pairStat(e, i, j, e.bits, j * e.W, e.codes[j], out);
      obs[i * T + j] = out[0];
      obs[j * T + i] = out[1];
    }
  }
  return obs;
}

/** Counts, per entry, the rounds of the chunk whose statistic is at least as extreme as the observed one. */
function rounds({ s, e }: State, chunk: DependencyChunk): Float64Array {
  const { T, n } = s.prep;
  const obs = s.obs as Float64Array;
  const greater = s.measure !== 'conditional-entropy';
  const tol = new Float64Array(T * T);
  for (let p = 0; p < T * T; p++) tol[p] = (greater ? -100 : 100) * Number.EPSILON * Math.abs(obs[p]);
  const exceed = new Float64Array(T * T);
  const rng = createRng(chunk.seed);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const pbits = new Uint32Array(e.W);
  const pcodes = new Int32Array(e.anyMulti ? n : 0);
  const out = new Float64Array(2);
  for (let r = 0; r < chunk.count; r++) {
    rng.shuffle(perm);
    for (let j = 0; j < T; j++) {
      if (e.bin[j]) permuteBits(n, e.bits, j * e.W, perm, pbits, 0);
      if (e.anyMulti) gather(n, e.codes[j], perm, pcodes);
      for (let i = 0; i <= j; i++) {
        pairStat(e, i, j, pbits, 0, pcodes, out);
        const pij = i * T + j;
        const pji = j * T + i;
        if (greater ? out[0] >= obs[pij] + tol[pij] : out[0] <= obs[pij] + tol[pij]) exceed[pij]++;
        if (i !== j && (greater ? out[1] >= obs[pji] + tol[pji] : out[1] <= obs[pji] + tol[pji])) exceed[pji]++;
      }
    }
  }
  return exceed;
}

/** The job: a chunk returns the observed statistics or its exceedance counts (T × T, row-major). */
export const dependencyJob: Job<DependencyShared, DependencyChunk, Float64Array, State> = {
  prepare: (s) => ({ s, e: makeEngine(s.prep, s.measure, s.est, s.average, s.lnb) }),
  run: (state, chunk) => (chunk.observed === true ? observed(state) : rounds(state, chunk)),
};
