import { logRatio } from './logratio.js';

/**
 * Adds the N paired codes into a dense row-major count table: `counts[x[i]·ky + y[i]] += 1`.
 * Codes must lie in [0, kx) and [0, ky); the table is not cleared first.
 *
 * @returns nothing; N ≤ 0 leaves the table as is
 */
export function icount2(N: number, x: Int32Array, y: Int32Array, ky: number, counts: Float64Array): void {
  for (let i = 0; i < N; i++) counts[x[i] * ky + y[i]] += 1;
}

/**
 * Plug-in mutual information in nats of a dense kx × ky table of counts whose row and column sums are given:
 * I = (1/n) Σ c·ln(c·n / (r·s)) over the non-zero cells, one logarithm per cell so that an MI near 0 is not the
 * difference of two large sums.
 *
 * @returns I ≥ 0 up to rounding (the caller clamps); 0 for an empty table or n ≤ 0
 */
export function dmiCounts(kx: number, ky: number, counts: Float64Array, rowSums: Float64Array, colSums: Float64Array, n: number): number {
  if (!(n > 0)) return 0;
  let s = 0;
  let comp = 0;
  for (let i = 0; i < kx; i++) {
    const r = rowSums[i];
    if (r <= 0) continue;
    const base = i * ky;
    for (let j = 0; j < ky; j++) {
      const c = counts[base + j];
      if (c > 0) {
        const term = c * logRatio(c, n, r, colSums[j]);
        const t = s + term;
        if (Math.abs(s) >= Math.abs(term)) comp += s - t + term;
        else comp += term - t + s;
        s = t;
      }
    }
  }
  return (s + comp) / n;
}

/**
 * Plug-in mutual information in nats of N paired codes x ∈ [0, kx), y ∈ [0, ky). Uses `counts` (length kx·ky),
 * `rowSums` (kx) and `colSums` (ky) as scratch: they are cleared and filled here, so a permutation loop can reuse
 * them with no allocation.
 *
 * @returns I(X;Y) in nats, ≥ 0 up to rounding; 0 for N ≤ 0
 */
export function dmiCodes(
  N: number,
  x: Int32Array,
  kx: number,
  y: Int32Array,
  ky: number,
  counts: Float64Array,
  rowSums: Float64Array,
  colSums: Float64Array,
): number {
  if (N <= 0) return 0;
  counts.fill(0, 0, kx * ky);
  rowSums.fill(0, 0, kx);
  colSums.fill(0, 0, ky);
  for (let i = 0; i < N; i++) {
    const a = x[i];
    const b = y[i];
    counts[a * ky + b] += 1;
    rowSums[a] += 1;
    colSums[b] += 1;
  }
  return dmiCounts(kx, ky, counts, rowSums, colSums, N);
}
