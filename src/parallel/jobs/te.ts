// Transfer-entropy chunks (observed values of a group of pairs, or one surrogate chunk of a pair): the synchronous
// functions' own chunk code (dynamics/te-work.ts), run against a worker-local state.
import { TeWorkState } from '../../dynamics/te-work.js';
import type { TeChunk, TeWork } from '../../dynamics/te-work.js';
import type { Job } from '../protocol.js';

/** The job: the validated work is shared once per worker; each chunk returns its values. */
export const teJob: Job<TeWork, TeChunk, Float64Array, TeWorkState> = {
  prepare: (work) => new TeWorkState(work),
  run: (state, chunk) => state.run(chunk),
};
