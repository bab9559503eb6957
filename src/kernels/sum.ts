/**
 * Kahan–Babuška–Neumaier compensated sum of `x[offset + i*stride]`, i = 0 … N−1.
 *
 * @returns the sum; ±Infinity when it overflows (never the NaN that adding the compensation ∞ − ∞ would give);
 *   0 for N ≤ 0
 */
export function dsumkbn(N: number, x: Float64Array, stride: number, offset: number): number {
  let s = 0;
  let c = 0;
  let ix = offset;
  for (let i = 0; i < N; i++) {
    const v = x[ix];
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
    else c += v - t + s;
    s = t;
    ix += stride;
  }
  // Once the running sum has overflowed, the compensation is ±Infinity or NaN: the sum itself is the answer.
  return Number.isFinite(s) ? s + c : s;
}
