import { fail, fmt } from '../internal/errors.js';
import { dsumkbn } from '../kernels/sum.js';

/**
 * Tolerance on |Σp − 1| for a vector of length n: proportional to its length, as the rounding error of summing
 * n probabilities computed in double precision is.
 */
export function sumTolerance(n: number): number {
  return Math.max(1e-10, n * 1e-13);
}

/**
 * Checks that finite `p` is a probability distribution (or, with `normalize`, non-negative weights with a positive
 * total) and returns the factor 1 / Σp that turns it into an exact one.
 */
export function checkDistribution(fn: string, name: string, p: Float64Array, normalize: boolean): number {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    if (p[i] < 0) fail('INVALID_DISTRIBUTION', fn, `${name} must be non-negative (got ${fmt(p[i])} at index ${i})`);
  }
  const s = dsumkbn(n, p, 1, 0);
  if (normalize) {
    if (!(s > 0)) fail('INVALID_DISTRIBUTION', fn, `${name} has all-zero weights (length ${n}); nothing to normalize`);
    if (!Number.isFinite(s)) fail('INVALID_DISTRIBUTION', fn, `${name} sums to ${fmt(s)}; weights overflow`);
    return 1 / s;
  }
  if (s === 0) fail('INVALID_DISTRIBUTION', fn, `${name} is all zeros (length ${n}); a distribution must sum to 1`);
  if (Math.abs(s - 1) > sumTolerance(n)) {
    fail('INVALID_DISTRIBUTION', fn, `${name} must sum to 1 (got ${fmt(s)} at length ${n}); pass { normalize: true } to rescale`);
  }
  // Within tolerance: rescale exactly, as scipy does, so that rounding in the caller's sum does not leak in.
  return 1 / s;
}
