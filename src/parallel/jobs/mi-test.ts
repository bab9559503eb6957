// The permutations of a mutual-information test, chunk by chunk, on a worker: the synchronous test's own chunk
// (estimators/mi-test-state.ts), so a chunk's statistics are the same bits wherever it runs.
import { miTestState } from '../../estimators/mi-test-state.js';
import type { MiTestShared, MiTestState } from '../../estimators/mi-test-state.js';
import type { Job } from '../protocol.js';

export type { MiTestShared } from '../../estimators/mi-test-state.js';

/** One chunk: `count` permutations from stream `seed`; or (`observed`) the statistic on the data as given. */
export interface MiTestChunk {
  seed: number;
  count: number;
  observed?: boolean;
}

/** The job: each chunk returns its statistics, in order (one value for `observed`). */
export const miTestJob: Job<MiTestShared, MiTestChunk, Float64Array, MiTestState> = {
  prepare: miTestState,
  run: (state, chunk) => {
    if (chunk.observed === true) return Float64Array.of(state.observed());
    const out = new Float64Array(chunk.count);
    state.start(chunk.seed);
    for (let r = 0; r < chunk.count; r++) out[r] = state.next();
    return out;
  },
};
