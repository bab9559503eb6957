import { fail, fmt } from '../internal/errors.js';
import { dsumkbn } from '../kernels/sum.js';

/**
 * Tolerance on |Σp − 1| for a vector of length n whose entries carry relative precision `eps` (2⁻⁵² for doubles,
 * 2⁻²³ for a Float32Array): proportional to its length, as the rounding error of summing n probabilities is. For
 * doubles max(1e−10, n·1e−13); for float32 data (a softmax computed in single precision) max(8ε, nε/2) as well.
 */
export function sumTolerance(n: number, eps: number = Number.EPSILON): number {
  const t = Math.max(1e-10, n * 1e-13);
  return eps > Number.EPSILON ? Math.max(t, 8 * eps, (n * eps) / 2) : t;
}

/** Relative precision of the entries of an argument: float32 for a Float32Array, double otherwise. */
export function precisionOf(x: unknown): number {
  return x instanceof Float32Array ? 2 ** -23 : Number.EPSILON;
}

/** A validated distribution: the data (a rescaled copy when its total is extreme) and the factor a = 1/Σ. */
export interface CheckedDistribution {
  data: Float64Array;
  a: number;
}

/**
 * Checks that finite `p` is a probability distribution (or, with `normalize`, non-negative weights with a positive
 * total) and returns it with the factor a = 1/Σp that turns it into an exact one. Weights whose total is so small or
 * so large that 1/Σ would overflow (or whose total overflows to Infinity) are first rescaled by a power of two into a
 * copy (exact), so no result is NaN. Without `normalize`, a total that overflows fails the sum check like any other
 * total far from 1; `eps` is the precision of the caller's data (see {@link sumTolerance}).
 */
export function checkDistribution(fn: string, name: string, p: Float64Array, normalize: boolean, eps: number = Number.EPSILON): CheckedDistribution {
  const n = p.length;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = p[i];
    if (v < 0) fail('INVALID_DISTRIBUTION', fn, `${name} must be non-negative (got ${fmt(v)} at index ${i})`);
    if (v > max) max = v;
  }
  let s = dsumkbn(n, p, 1, 0);
  if (normalize) {
    if (!(max > 0)) fail('INVALID_DISTRIBUTION', fn, `${name} has all-zero weights (length ${n}); nothing to normalize`);
    if (!(s > 1e-280 && s < 1e280)) {
      // Two power-of-two factors, each representable even when max is subnormal (2^1074 alone overflows).
      const e = -Math.ceil(Math.log2(max));
      const s1 = 2 ** (e >> 1);
      const s2 = 2 ** (e - (e >> 1));
      const data = Float64Array.from(p, (v) => v * s1 * s2);
      s = dsumkbn(n, data, 1, 0);
      return { data, a: 1 / s };
    }
    return { data: p, a: 1 / s };
  }
  if (s === 0) fail('INVALID_DISTRIBUTION', fn, `${name} is all zeros (length ${n}); a distribution must sum to 1`);
  // Finite non-negative entries whose total overflows make the compensated sum NaN: that fails this check too.
  if (!(Math.abs(s - 1) <= sumTolerance(n, eps))) {
    const got = Number.isFinite(s) ? fmt(s) : 'a total that overflows';
    fail('INVALID_DISTRIBUTION', fn, `${name} must sum to 1 (got ${got} at length ${n}); pass { normalize: true } to rescale`);
  }
  // Within tolerance: rescale exactly, as scipy does, so that rounding in the caller's sum does not leak in.
  return { data: p, a: 1 / s };
}
