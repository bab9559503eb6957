/**
 * A k-d tree under the max-norm (Chebyshev distance) for the kNN estimators. Internal: not exported.
 *
 * Layout follows scikit-learn's `KDTree`: a complete binary tree stored in arrays (node i has children 2i+1 and
 * 2i+2), each node splitting its index range at the middle along its widest dimension, so the tree is balanced
 * whatever the data (ties and duplicates included). Node bounds are the exact min/max of the node's points, so the
 * box distances used for pruning are computed with the same floating-point operations as point distances and a
 * pruning decision never disagrees with the per-point test. Points are stored in tree order for locality.
 *
 * Cost: build O(n d log n); a kNN or radius-count query is O(log n + k) typical in low dimension.
 */
export class KdTree {
  /** Number of points. */
  readonly n: number;
  /** Dimension. */
  readonly d: number;
  /** Points in tree order, row-major n × d. */
  readonly pts: Float64Array;
  /** idx[p] = original row of the point at tree position p. */
  readonly idx: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly firstLeaf: number;
  // Query state (kNN): sorted ascending distances and tree positions of the current best k.
  private kk = 0;
  private bestD: Float64Array = new Float64Array(0);
  private bestP: Int32Array = new Int32Array(0);
  private qOff = 0;
  private qSrc: Float64Array;
  private self = -1;

  /**
   * @param data - row-major n × d coordinates (not modified, not retained)
   * @param n - number of points (≥ 1)
   * @param d - dimension (≥ 1)
   * @param leafSize - maximum points per leaf
   */
  constructor(data: Float64Array, n: number, d: number, leafSize = 12) {
    this.n = n;
    this.d = d;
    const nLevels = 1 + Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)));
    const nNodes = 2 ** nLevels - 1;
    this.firstLeaf = (nNodes - 1) >> 1;
    const start = new Int32Array(nNodes);
    const end = new Int32Array(nNodes);
    const lo = new Float64Array(nNodes * d);
    const hi = new Float64Array(nNodes * d);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    start[0] = 0;
    end[0] = n;
    for (let node = 0; node < nNodes; node++) {
      const s = start[node];
      const e = end[node];
      // Bounds of the node's points.
      const nb = node * d;
      for (let j = 0; j < d; j++) {
        lo[nb + j] = Infinity;
        hi[nb + j] = -Infinity;
      }
      for (let t = s; t < e; t++) {
        const b = idx[t] * d;
        for (let j = 0; j < d; j++) {
          const v = data[b + j];
          if (v < lo[nb + j]) lo[nb + j] = v;
          if (v > hi[nb + j]) hi[nb + j] = v;
        }
      }
      if (node < this.firstLeaf) {
        let dim = 0;
        let w = -1;
        for (let j = 0; j < d; j++) {
          const s2 = hi[nb + j] - lo[nb + j];
          if (s2 > w) {
            w = s2;
            dim = j;
          }
        }
        const mid = s + ((e - s) >> 1);
        select(idx, data, d, dim, s, e - 1, mid);
        const l = 2 * node + 1;
        start[l] = s;
        end[l] = mid;
        start[l + 1] = mid;
        end[l + 1] = e;
      }
    }
    const pts = new Float64Array(n * d);
    for (let p = 0; p < n; p++) {
      const b = idx[p] * d;
      for (let j = 0; j < d; j++) pts[p * d + j] = data[b + j];
    }
    this.pts = pts;
    this.idx = idx;
    this.start = start;
    this.end = end;
    this.lo = lo;
    this.hi = hi;
    this.qSrc = pts;
  }

  /**
   * Finds the k nearest neighbours of the point at tree position `p`, excluding that position itself (duplicates of
   * the point are neighbours at distance 0). After the call, `dist[0..k)` holds their max-norm distances in
   * ascending order and `pos[0..k)` their tree positions. Requires 1 ≤ k ≤ n − 1.
   */
  knnSelf(p: number, k: number, dist: Float64Array, pos: Int32Array): void {
    this.kk = k;
    this.bestD = dist;
    this.bestP = pos;
    for (let i = 0; i < k; i++) {
      dist[i] = Infinity;
      pos[i] = -1;
    }
    this.qSrc = this.pts;
    this.qOff = p * this.d;
    this.self = p;
    this.knn(0);
  }

  private knn(node: number): void {
    const d = this.d;
    const q = this.qSrc;
    const qo = this.qOff;
    if (node >= this.firstLeaf) {
      const pts = this.pts;
      const dist = this.bestD;
      const pos = this.bestP;
      const k1 = this.kk - 1;
      const e = this.end[node];
      let kth = dist[k1];
      for (let t = this.start[node]; t < e; t++) {
        if (t === this.self) continue;
        const b = t * d;
        let m = 0;
        for (let j = 0; j < d; j++) {
          const a = Math.abs(pts[b + j] - q[qo + j]);
          if (a > m) m = a;
        }
        if (m < kth) {
          let i = k1;
          while (i > 0 && dist[i - 1] > m) {
            dist[i] = dist[i - 1];
            pos[i] = pos[i - 1];
            i--;
          }
          dist[i] = m;
          pos[i] = t;
          kth = dist[k1];
        }
      }
      return;
    }
    const l = 2 * node + 1;
    const dl = this.boxMin(l, q, qo);
    const dr = this.boxMin(l + 1, q, qo);
    if (dl <= dr) {
      if (dl < this.bestD[this.kk - 1]) this.knn(l);
      if (dr < this.bestD[this.kk - 1]) this.knn(l + 1);
    } else {
      if (dr < this.bestD[this.kk - 1]) this.knn(l + 1);
      if (dl < this.bestD[this.kk - 1]) this.knn(l);
    }
  }

  private boxMin(node: number, q: Float64Array, qo: number): number {
    const d = this.d;
    const nb = node * d;
    let m = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      const a = this.lo[nb + j] - v;
      if (a > m) m = a;
      const b = v - this.hi[nb + j];
      if (b > m) m = b;
    }
    return m;
  }

  private boxMax(node: number, q: Float64Array, qo: number): number {
    const d = this.d;
    const nb = node * d;
    let m = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      const a = Math.abs(v - this.lo[nb + j]);
      if (a > m) m = a;
      const b = Math.abs(v - this.hi[nb + j]);
      if (b > m) m = b;
    }
    return m;
  }

  /**
   * Counts the points (the query point itself included if it is in the tree) whose max-norm distance to the point
   * `q[qo .. qo + d)` is ≤ r.
   */
  countWithin(q: Float64Array, qo: number, r: number): number {
    return this.count(0, q, qo, r);
  }

  private count(node: number, q: Float64Array, qo: number, r: number): number {
    if (this.boxMin(node, q, qo) > r) return 0;
    if (this.boxMax(node, q, qo) <= r) return this.end[node] - this.start[node];
    if (node >= this.firstLeaf) {
      const d = this.d;
      const pts = this.pts;
      const e = this.end[node];
      let c = 0;
      for (let t = this.start[node]; t < e; t++) {
        const b = t * d;
        let m = 0;
        for (let j = 0; j < d; j++) {
          const a = Math.abs(pts[b + j] - q[qo + j]);
          if (a > m) m = a;
        }
        if (m <= r) c++;
      }
      return c;
    }
    const l = 2 * node + 1;
    return this.count(l, q, qo, r) + this.count(l + 1, q, qo, r);
  }
}

/**
 * Quickselect (Hoare partition, median-of-three pivot) of idx[left..right] by the key data[idx[t]*d + dim], so that
 * idx[kth] holds the kth smallest key, smaller-or-equal keys before it and greater-or-equal after. Linear on
 * average, and equal keys split evenly (no quadratic case for ties).
 */
function select(idx: Int32Array, data: Float64Array, d: number, dim: number, left: number, right: number, kth: number): void {
  while (right > left) {
    const mid = (left + right) >> 1;
    const a = data[idx[left] * d + dim];
    const b = data[idx[mid] * d + dim];
    const c = data[idx[right] * d + dim];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (data[idx[i] * d + dim] < pivot) i++;
      while (data[idx[j] * d + dim] > pivot) j--;
      if (i <= j) {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        i++;
        j--;
      }
    }
    if (kth <= j) right = j;
    else if (kth >= i) left = i;
    else return;
  }
}

/**
 * Sorted copy of a 1-D sample for radius counts by binary search: the set of j with |v − s_j| ≤ r is contiguous
 * in sorted order because floating-point subtraction is monotone.
 */
export class SortedLine {
  /** The values in ascending order. */
  readonly s: Float64Array;

  /** @param values - the sample (not modified) */
  constructor(values: Float64Array, n: number, stride = 1, offset = 0) {
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = values[offset + i * stride];
    s.sort();
    this.s = s;
  }

  /** Number of values s_j with |v − s_j| ≤ r (fl arithmetic, as a tree query would compute it). */
  countWithin(v: number, r: number): number {
    const s = this.s;
    const n = s.length;
    // first j with v − s_j ≤ r
    let a = 0;
    let b = n;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (v - s[m] <= r) b = m;
      else a = m + 1;
    }
    const first = a;
    // first j with s_j − v > r
    b = n;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (s[m] - v <= r) a = m + 1;
      else b = m;
    }
    return a - first;
  }
}

/** A radius counter over one marginal space: sorted line for 1-D, k-d tree otherwise. */
export interface RadiusCounter {
  /** Count of points within max-norm distance ≤ r of row i of the source matrix (row i itself included). */
  count(i: number, r: number): number;
}

/** Builds a {@link RadiusCounter} over columns [from, from + dim) of a row-major n × cols matrix. */
export function radiusCounter(data: Float64Array, n: number, cols: number, from: number, dim: number): RadiusCounter {
  if (dim === 1) {
    const line = new SortedLine(data, n, cols, from);
    return { count: (i, r) => line.countWithin(data[i * cols + from], r) };
  }
  let sub: Float64Array;
  if (dim === cols && from === 0) sub = data;
  else {
    sub = new Float64Array(n * dim);
    for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sub[i * dim + j] = data[i * cols + from + j];
  }
  const tree = new KdTree(sub, n, dim);
  return { count: (i, r) => tree.countWithin(sub, i * dim, r) };
}
