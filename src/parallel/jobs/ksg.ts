// The per-point terms of a KSG estimate, range by range: each worker builds the search structures once from the
// noised joint sample (the context), then computes and sums the terms of the ranges of points it is sent. The ranges
// are the fixed cut of the synchronous estimators (ksgRanges), so their sums, added in order, give the same bits.
import { KsgCmiTerms, KsgMiTerms } from '../../estimators/ksg.js';
import type { KsgInput, KsgTerms } from '../../estimators/ksg.js';
import type { Job } from '../protocol.js';

/** The noised joint sample ([x | y] for MI, [x | z | y] for CMI) and the estimator's settings. */
export type KsgShared = Pick<KsgInput, 'n' | 'dx' | 'dy' | 'dz' | 'k' | 'algorithm'> & { kind: 'mi' | 'cmi'; joint: Float64Array };

/** The job: a chunk is a range [start, end) of tree positions; its result, the compensated sum of their terms. */
export const ksgJob: Job<KsgShared, readonly [number, number], number, KsgTerms> = {
  prepare: (s) => (s.kind === 'mi' ? new KsgMiTerms(s.joint, s.n, s.dx, s.dy, s.k, s.algorithm) : new KsgCmiTerms(s.joint, s.n, s.dx, s.dy, s.dz, s.k)),
  run: (terms, [from, to]) => {
    terms.fill(from, to);
    return terms.sum(from, to);
  },
};
