// Radius counts in one marginal space of a kNN estimator: a sorted line in 1-D, a k-d tree otherwise.
import { KdTree } from './kdtree.js';
import { SortedLine } from './sorted-line.js';

/** A radius counter over one marginal space: sorted line for 1-D, k-d tree otherwise. */
export interface RadiusCounter {
  /** Count of points within max-norm distance ≤ r of row i of the source matrix (row i itself included). */
  count(i: number, r: number): number;
  /** out[i] = count(i, radius[i]) for every row, computed in the structure's cache-friendly order. */
  countAll(radius: Float64Array, out: Int32Array): void;
}

/**
 * Builds a {@link RadiusCounter} over columns [from, from + dim) of a row-major n × cols matrix; for dim = 1 a known
 * sort order of that column can be passed.
 */
export function radiusCounter(data: Float64Array, n: number, cols: number, from: number, dim: number, order?: Int32Array): RadiusCounter {
  if (dim === 1) {
    const line = SortedLine.of(data, n, cols, from, order);
    return { count: (i, r) => line.countAround(i, r), countAll: (radius, out) => line.countAll(radius, out) };
  }
  let sub: Float64Array;
  if (dim === cols && from === 0) sub = data;
  else {
    sub = new Float64Array(n * dim);
    for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sub[i * dim + j] = data[i * cols + from + j];
  }
  const tree = new KdTree(sub, n, dim);
  return {
    count: (i, r) => tree.countWithin(sub, i * dim, r),
    countAll: (radius, out) => {
      // In the tree's own order, climbing from each point's leaf (see KdTree.countAllSelf).
      const idx = tree.idx;
      const r = new Float64Array(n);
      const c = new Int32Array(n);
      for (let p = 0; p < n; p++) r[p] = radius[idx[p]];
      tree.countAllSelf(r, c);
      for (let p = 0; p < n; p++) out[idx[p]] = c[p];
    },
  };
}
