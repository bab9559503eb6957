import { digamma } from '../internal/special.js';
import { maxAbs, rescaleExponent } from '../internal/scale.js';
import { Acc, parseKnn } from './common.js';
import { argsortF64 } from '../internal/argsort.js';
import { KdTree } from './kdtree.js';
import { kthDistanceSorted } from './sorted-line.js';
import { psiInt } from './ksg.js';
import { KNN_OPTIONS } from './options.js';
import type { KnnOptions } from './options.js';
import { checkKVsN, joinColumns, toColumns } from './samples.js';
import type { Samples } from './samples.js';

/**
 * Kozachenko–Leonenko k-nearest-neighbour estimate of the differential entropy h(X) of a continuous, possibly
 * multivariate, variable, with the max-norm (as in Kraskov et al. 2004, eq. 20, and NPEET):
 * ĥ = ψ(N) − ψ(k) + d·ln 2 + (d/N) Σᵢ ln rᵢ, where rᵢ is the distance from sample i to its k-th nearest neighbour
 * and 2^d the volume of the unit max-norm ball. Differential entropy can be negative.
 *
 * If more than k samples coincide (with noise off, or a constant column, which gets no noise), some rᵢ = 0 and
 * the result is −Infinity: the distribution has an atom, whose differential entropy is −∞.
 *
 * Units: nats unless `base` says otherwise. Cost: O(N log N) typical for low dimension (1-D: a radix sort and
 * O(N k) neighbour walks; otherwise a k-d tree).
 *
 * @param x - samples (rows, `{ data, rows, cols }`, or 1-D)
 * @param options - `k` (default 3), `noise` (default 1e-10 relative), `seed`, `base`
 * @returns ĥ(X) in nats (or `base` units); −Infinity for data with an atom of more than k samples
 * @throws InfometaError `INVALID_ARGUMENT` for a non-array; `EMPTY_INPUT` for no samples; `NON_FINITE` for NaN or
 *   ±Infinity; `SHAPE_MISMATCH` for rows of unequal length; `INVALID_OPTION` for k not a positive integer or
 *   k ≥ N, a negative noise, a bad seed or base
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { klEntropy, createRng } from 'infometa';
 * const rng = createRng(4);
 * const x = Float64Array.from({ length: 5000 }, () => rng.normal());
 * // h(N(0, 1)) = ½ ln(2πe) = 1.4189; at n = 5000 single estimates scatter by about ±0.016
 * console.log(klEntropy(x).toFixed(2)); // 1.40
 * ```
 */
export function klEntropy(x: Samples, options?: KnnOptions): number {
  const fn = 'klEntropy';
  const o = parseKnn(fn, options, KNN_OPTIONS);
  const X = toColumns(fn, 'x', x);
  const n = X.rows;
  checkKVsN(fn, o.k, n);
  const d = X.cols;
  // The joined copy holds the data times 2^e (e ≠ 0 only for extreme magnitudes): every radius is 2^e times the
  // true one, so ln r = ln r′ − e·ln 2.
  const joined = o.noise > 0 || rescaleExponent(maxAbs(X.data), 960) !== 0 ? joinColumns([X], o.noise, o.rng) : null;
  const J = joined !== null ? joined.data : X.data;
  const shift = joined !== null ? -d * joined.log2Scale * Math.LN2 : 0;
  const acc = new Acc();
  if (d === 1) {
    const order = argsortF64(J, n);
    const sorted = new Float64Array(n);
    for (let t = 0; t < n; t++) sorted[t] = J[order[t]];
    const kth = new Float64Array(n);
    kthDistanceSorted(sorted, n, o.k, kth);
    for (let t = 0; t < n; t++) {
      if (kth[t] === 0) return -Infinity;
      acc.add(Math.log(kth[t]));
    }
  } else if (d === 2) {
    const kth = new Float64Array(n);
    new KdTree(J, n, d).kthDistances2(o.k, kth);
    for (let p = 0; p < n; p++) {
      if (kth[p] === 0) return -Infinity;
      acc.add(Math.log(kth[p]));
    }
  } else {
    const tree = new KdTree(J, n, d);
    const dist = new Float64Array(o.k);
    const pos = new Int32Array(o.k);
    for (let p = 0; p < n; p++) {
      tree.knnSelf(p, o.k, dist, pos);
      const r = dist[o.k - 1];
      if (r === 0) return -Infinity;
      acc.add(Math.log(r));
    }
  }
  return (digamma(n) - psiInt(o.k) + d * Math.LN2 + (d * acc.value) / n + shift) / o.lnBase;
}
