import { fail } from '../internal/errors.js';
import { digamma } from '../internal/special.js';
import { Acc } from '../estimators/common.js';
import { argsortF64 } from '../internal/argsort.js';
import { KdTree } from '../estimators/kdtree.js';
import { kthDistanceSorted } from '../estimators/sorted-line.js';
import { psiInt } from '../estimators/ksg.js';
import type { Block } from './ksg.js';

/**
 * Local Kozachenko–Leonenko entropies (max-norm) of the rows of a block: h_i = ψ(n) − ψ(K) + d ln 2 + d ln ε_i, ε_i
 * being the distance from row i to its K-th nearest other row; `out[i] += sign · h_i`. Returns sign · mean h.
 * Internal to the continuous entropy rate. Throws when a distance is 0 (repeated embedded vectors).
 */
export function addKlLocals(fn: string, b: Block, n: number, K: number, sign: 1 | -1, out: Float64Array): number {
  const d = b.cols;
  const eps = new Float64Array(n);
  if (d === 1) {
    const order = argsortF64(b.data, n);
    const sorted = new Float64Array(n);
    for (let t = 0; t < n; t++) sorted[t] = b.data[order[t]];
    const kth = new Float64Array(n);
    kthDistanceSorted(sorted, n, K, kth);
    for (let t = 0; t < n; t++) eps[order[t]] = kth[t];
  } else {
    const tree = new KdTree(b.data, n, d);
    const kth = new Float64Array(n);
    if (d === 2) tree.kthDistances2(K, kth);
    else {
      const dist = new Float64Array(K);
      const pos = new Int32Array(K);
      for (let p = 0; p < n; p++) {
        tree.knnSelf(p, K, dist, pos);
        kth[p] = dist[K - 1];
      }
    }
    for (let p = 0; p < n; p++) eps[tree.idx[p]] = kth[p];
  }
  const c = digamma(n) - psiInt(K) + d * Math.LN2;
  const acc = new Acc();
  for (let i = 0; i < n; i++) {
    if (!(eps[i] > 0)) fail('INVALID_ARGUMENT', fn, `embedded vector ${i} has ${K} or more exact duplicates, so its neighbour distance is 0 and the Kozachenko–Leonenko entropy diverges; keep the default tie-breaking noise or use the discrete estimator`);
    const h = c + d * Math.log(eps[i]);
    out[i] += sign * h;
    acc.add(h);
  }
  return (sign * acc.value) / n;
}
