// The build of a balanced k-d tree in arrays, shared by the estimators' KdTree and the transfer-entropy BoxTree: a
// complete binary tree (node i has children 2i+1 and 2i+2), median splits along the widest dimension, exact bounds.
import { selectRows } from '../internal/select.js';

/** The arrays of a tree of `nodes` nodes over n points in d dimensions, leaves from `firstLeaf` on. */
export interface TreeArrays {
  readonly n: number;
  readonly d: number;
  readonly nodes: number;
  readonly firstLeaf: number;
  /** Points in tree order (row-major n × d), partitioned in place by the build. */
  readonly pts: Float64Array;
  /** idx[t] = input row at tree position t. */
  readonly idx: Int32Array;
  /** Node t's points are the tree positions start[t] … end[t] − 1. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Node t's exact bounds: lo[t·d + j] … hi[t·d + j] in dimension j. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/** Levels of a tree with at most about `leafSize` points per leaf: 1 + ⌊log₂ max(1, (n − 1) / leafSize)⌋. */
export function treeLevels(n: number, leafSize: number): number {
  return 1 + Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)));
}

/**
 * Builds the tree on the points already copied into `t.pts`: top-down, each internal node is split at its middle
 * position by quickselect along its dimension of largest spread (estimated from every `spreadStep`-th point, or from
 * about 33 evenly spaced points when `sampled`; the choice only shapes the tree), then exact bounds bottom-up: leaves
 * from their points, internal nodes from their children, so that a pruning decision on a box uses the same
 * floating-point differences as the per-point test and never disagrees with it. Resets `idx` to the identity first.
 */
export function buildTree(t: TreeArrays, sampled: boolean): void {
  const { n, d, pts, idx, start, end, lo, hi, firstLeaf, nodes } = t;
  for (let i = 0; i < n; i++) idx[i] = i;
  start[0] = 0;
  end[0] = n;
  for (let node = 0; node < firstLeaf; node++) {
    const s = start[node];
    const e = end[node];
    let dim = 0;
    if (d > 1) {
      const step = sampled ? Math.max(1, Math.floor((e - s) / 32)) : 1;
      let w = -1;
      for (let j = 0; j < d; j++) {
        let a = Infinity;
        let b = -Infinity;
        for (let p = s; p < e; p += step) {
          const v = pts[p * d + j];
          if (v < a) a = v;
          if (v > b) b = v;
        }
        if (b - a > w) {
          w = b - a;
          dim = j;
        }
      }
    }
    const mid = s + ((e - s) >> 1);
    selectRows(pts, idx, d, dim, s, e - 1, mid);
    const l = 2 * node + 1;
    start[l] = s;
    end[l] = mid;
    start[l + 1] = mid;
    end[l + 1] = e;
  }
  for (let node = firstLeaf; node < nodes; node++) {
    const nb = node * d;
    for (let j = 0; j < d; j++) {
      let a = Infinity;
      let b = -Infinity;
      for (let p = start[node]; p < end[node]; p++) {
        const v = pts[p * d + j];
        if (v < a) a = v;
        if (v > b) b = v;
      }
      lo[nb + j] = a;
      hi[nb + j] = b;
    }
  }
  for (let node = firstLeaf - 1; node >= 0; node--) {
    const nb = node * d;
    const lb = (2 * node + 1) * d;
    const rb = lb + d;
    for (let j = 0; j < d; j++) {
      lo[nb + j] = Math.min(lo[lb + j], lo[rb + j]);
      hi[nb + j] = Math.max(hi[lb + j], hi[rb + j]);
    }
  }
}

/** leafOf[p] = the leaf holding tree position p. */
export function fillLeafOf(t: TreeArrays, leafOf: Int32Array): void {
  for (let node = t.firstLeaf; node < t.nodes; node++) for (let p = t.start[node]; p < t.end[node]; p++) leafOf[p] = node;
}
