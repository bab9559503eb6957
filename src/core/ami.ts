import { lnFactorialTable } from '../internal/special.js';

/**
 * Exact expected mutual information (nats) of two labelings with the given marginal counts under the permutation
 * (hypergeometric) model, as scikit-learn's `expected_mutual_information`:
 *
 * E[I] = Σᵢ Σⱼ Σₙ (n/N) ln(N·n / (aᵢ bⱼ)) · P(n | aᵢ, bⱼ, N), n from max(1, aᵢ+bⱼ−N) to min(aᵢ, bⱼ).
 *
 * Marginals with equal counts are grouped (so 300 × 300 categories with few distinct sizes cost few evaluations),
 * and each hypergeometric sum starts at its mode and walks both ways with the ratio recurrence
 * P(n+1)/P(n) = (a−n)(b−n) / ((n+1)(N−a−b+n+1)), stopping once terms fall below 1e−20 of the mode's.
 * Cost: O(distinct(a) · distinct(b) · spread) plus O(N) for a ln k! table.
 */
export function expectedMutualInformation(rowSums: Float64Array, colSums: Float64Array, N: number): number {
  const A = groupCounts(rowSums);
  const B = groupCounts(colSums);
  const lf = lnFactorials(N);
  const lnN = Math.log(N);
  let total = 0;
  for (let ia = 0; ia < A.values.length; ia++) {
    const a = A.values[ia];
    const lnA = Math.log(a);
    for (let ib = 0; ib < B.values.length; ib++) {
      const b = B.values[ib];
      const lo = Math.max(1, a + b - N);
      const hi = Math.min(a, b);
      if (lo > hi) continue;
      const lnAB = lnA + Math.log(b);
      const rest = N - a - b;
      let m = Math.floor(((a + 1) * (b + 1)) / (N + 2));
      if (m < lo) m = lo;
      if (m > hi) m = hi;
      const logPm = lf[a] + lf[b] + lf[N - a] + lf[N - b] - lf[N] - lf[m] - lf[a - m] - lf[b - m] - lf[rest + m];
      const Pm = Math.exp(logPm);
      const tiny = Pm * 1e-20;
      let s = 0;
      let P = Pm;
      for (let n = m; n <= hi; n++) {
        s += P * n * (lnN + Math.log(n) - lnAB);
        if (P < tiny) break;
        P *= ((a - n) * (b - n)) / ((n + 1) * (rest + n + 1));
      }
      P = Pm;
      for (let n = m - 1; n >= lo; n--) {
        P *= ((n + 1) * (rest + n + 1)) / ((a - n) * (b - n));
        s += P * n * (lnN + Math.log(n) - lnAB);
        if (P < tiny) break;
      }
      total += (s / N) * A.mult[ia] * B.mult[ib];
    }
  }
  return total;
}

let lfCache: Float64Array = new Float64Array(0);

/** ln k! for k = 0 … N, from a table kept between calls and grown on demand (a dependency matrix asks for the same N
 * once per pair). The returned array may be longer than N + 1; only the first N + 1 entries are read. */
function lnFactorials(N: number): Float64Array {
  if (lfCache.length < N + 1) lfCache = lnFactorialTable(new Float64Array(Math.max(N + 1, 2 * lfCache.length)));
  return lfCache;
}

function groupCounts(c: Float64Array): { values: number[]; mult: number[] } {
  const sorted = Float64Array.from(c).sort();
  const values: number[] = [];
  const mult: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    if (v <= 0) continue;
    if (values.length > 0 && values[values.length - 1] === v) mult[mult.length - 1]++;
    else {
      values.push(v);
      mult.push(1);
    }
  }
  return { values, mult };
}
