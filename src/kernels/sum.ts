/**
 * Kahan–Babuška–Neumaier compensated sum of `x[offset + i*stride]`, i = 0 … N−1.
 *
 * @returns the sum; 0 for N ≤ 0
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
  return s + c;
}
