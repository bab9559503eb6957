/**
 * Exact rescaling by powers of two, for data whose magnitude would overflow (or lose precision to underflow) in
 * the sums, squares and differences of an estimator. Multiplying by 2^e changes only the exponent of a double, so
 * it is exact as long as the result stays normal: results computed on rescaled data are the rescaled results.
 */

/** 2^e for any integer e whose power is representable, built in two factors so that neither overflows. */
export function pow2(e: number): number {
  const h = Math.trunc(e / 2);
  return Math.pow(2, h) * Math.pow(2, e - h);
}

/** x · 2^e, exact when the result is a normal double (two steps, so 2^e itself never overflows or underflows). */
export function scaleByPow2(x: number, e: number): number {
  const h = Math.trunc(e / 2);
  return x * Math.pow(2, h) * Math.pow(2, e - h);
}

/**
 * The exponent e that brings a largest magnitude `max` near 1 when it lies outside [2^−limit, 2^limit], and 0
 * when it lies inside (then the data is used as given, so ordinary data keeps its bit-exact results).
 */
export function rescaleExponent(max: number, limit: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 0;
  const l = Math.log2(max);
  if (l <= limit && l >= -limit) return 0;
  return -Math.round(l);
}

/** Largest |v| over a[0..n). */
export function maxAbs(a: ArrayLike<number>, n: number = a.length): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}
