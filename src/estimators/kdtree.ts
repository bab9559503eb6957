import { buildTree, fillLeafOf, treeLevels } from './kdtree-build.js';
import { box2, build2, kthDistances2 } from './kdtree2.js';
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
 *
 * The build is kdtree-build.ts (shared with the transfer-entropy BoxTree); the 2-D case, built from two presorted
 * lists and searched with its state in locals, is kdtree2.ts.
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
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly firstLeaf: number;
  /** leafOf[p] = the leaf node holding tree position p. */
  readonly leafOf: Int32Array;
  /** DFS stack for queries: node ids and their box distances (depth ≤ 2 per level). */
  readonly stackN: Int32Array;
  readonly stackD: Float64Array;
  /**
   * For d = 2 only: sortedPos[j][t] = the tree position of the point with the t-th smallest coordinate j (stable),
   * the by-product of the presorted build; `null` otherwise.
   */
  readonly sortedPos: Int32Array[] | null;

  /**
   * @param data - row-major n × d coordinates (not modified, not retained)
   * @param n - number of points (≥ 1)
   * @param d - dimension (≥ 1)
   * @param leafSize - maximum points per leaf
   * @param orders - for d = 2, optional stable-or-not sort orders of the rows by each coordinate (not modified), to
   *   skip the two argsorts of the build
   */
  constructor(data: Float64Array, n: number, d: number, leafSize = 8, orders?: readonly [Int32Array, Int32Array]) {
    this.n = n;
    this.d = d;
    const nLevels = treeLevels(n, leafSize);
    const nNodes = 2 ** nLevels - 1;
    this.firstLeaf = (nNodes - 1) >> 1;
    const start = new Int32Array(nNodes);
    const end = new Int32Array(nNodes);
    const lo = new Float64Array(nNodes * d);
    const hi = new Float64Array(nNodes * d);
    let pts: Float64Array;
    let idx: Int32Array;
    if (d === 2 && n >= 2) {
      const b = build2(data, n, nNodes, this.firstLeaf, start, end, lo, hi, orders);
      pts = b.pts;
      idx = b.idx;
      this.sortedPos = b.sortedPos;
    } else {
      // Points are partitioned in place in a private copy, so every pass reads contiguous memory; the widest
      // dimension of a node is estimated from at most 33 of its points (the choice only affects speed, not results).
      idx = new Int32Array(n);
      pts = data.slice(0, n * d);
      buildTree({ n, d, nodes: nNodes, firstLeaf: this.firstLeaf, pts, idx, start, end, lo, hi }, true);
      this.sortedPos = null;
    }
    this.pts = pts;
    this.idx = idx;
    this.start = start;
    this.end = end;
    this.lo = lo;
    this.hi = hi;
    const leafOf = new Int32Array(n);
    fillLeafOf({ n, d, nodes: nNodes, firstLeaf: this.firstLeaf, pts, idx, start, end, lo, hi }, leafOf);
    this.leafOf = leafOf;
    this.stackN = new Int32Array(2 * nLevels + 2);
    this.stackD = new Float64Array(2 * nLevels + 2);
  }

  /**
   * Finds the k nearest neighbours of the point at tree position `p`, excluding that position itself (duplicates of
   * the point are neighbours at distance 0). After the call, `dist[0..k)` holds their max-norm distances in
   * ascending order and `pos[0..k)` their tree positions. Requires 1 ≤ k ≤ n − 1.
   */
  knnSelf(p: number, k: number, dist: Float64Array, pos: Int32Array): void {
    for (let i = 0; i < k; i++) {
      dist[i] = Infinity;
      pos[i] = -1;
    }
    const q = this.pts;
    const qo = p * this.d;
    // Start from the point's own leaf and climb: at each ancestor, search the sibling subtree if it can hold a
    // closer point, and stop as soon as the k-th-neighbour ball lies inside the ancestor's box (every point outside
    // it is then at least that far, by the median splits along the way).
    let node = this.leafOf[p];
    this.scanLeaf(node, p, k, dist, pos);
    while (node > 0) {
      if (this.ballInside(node, q, qo, dist[k - 1])) return;
      const sib = node & 1 ? node + 1 : node - 1;
      if (this.boxMin(sib, q, qo) < dist[k - 1]) this.searchDown(sib, p, k, dist, pos);
      node = (node - 1) >> 1;
    }
  }

  /**
   * out[p] = distance from the point at tree position p to its k-th nearest other point, for every p: the search of
   * {@link KdTree.knnSelf} written out for d = 2 (see kdtree2.ts). Requires d = 2 and 1 ≤ k ≤ n − 1. With `from`
   * and `to`, only positions [from, to).
   */
  kthDistances2(k: number, out: Float64Array, from = 0, to = this.n): void {
    kthDistances2(this, k, out, from, to);
  }

  /** True when fl(q_j − lo_j) ≥ r and fl(hi_j − q_j) ≥ r in every dimension. */
  private ballInside(node: number, q: Float64Array, qo: number, r: number): boolean {
    const d = this.d;
    const nb = node * d;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      if (v - this.lo[nb + j] < r || this.hi[nb + j] - v < r) return false;
    }
    return true;
  }

  /** Depth-first kNN search of the subtree at `root`, nearer child first, pruning by box distance. */
  private searchDown(root: number, p: number, k: number, dist: Float64Array, pos: Int32Array): void {
    const q = this.pts;
    const qo = p * this.d;
    const stackN = this.stackN;
    const stackD = this.stackD;
    const firstLeaf = this.firstLeaf;
    stackN[0] = root;
    stackD[0] = 0;
    let sp = 1;
    while (sp > 0) {
      sp--;
      const node = stackN[sp];
      if (stackD[sp] >= dist[k - 1]) continue;
      if (node >= firstLeaf) {
        this.scanLeaf(node, p, k, dist, pos);
        continue;
      }
      const l = 2 * node + 1;
      let dl: number;
      let dr: number;
      if (this.d === 2) {
        // Inline box distances for the common 2-D joint space.
        const lo = this.lo;
        const hi = this.hi;
        const q0 = q[qo];
        const q1 = q[qo + 1];
        const a = 2 * l;
        dl = box2(lo, hi, a, q0, q1);
        dr = box2(lo, hi, a + 2, q0, q1);
      } else {
        dl = this.boxMin(l, q, qo);
        dr = this.boxMin(l + 1, q, qo);
      }
      const kth = dist[k - 1];
      // Push the farther child first so the nearer one is searched first.
      if (dl <= dr) {
        if (dr < kth) {
          stackN[sp] = l + 1;
          stackD[sp++] = dr;
        }
        if (dl < kth) {
          stackN[sp] = l;
          stackD[sp++] = dl;
        }
      } else {
        if (dl < kth) {
          stackN[sp] = l;
          stackD[sp++] = dl;
        }
        if (dr < kth) {
          stackN[sp] = l + 1;
          stackD[sp++] = dr;
        }
      }
    }
  }

  private scanLeaf(node: number, self: number, k: number, dist: Float64Array, pos: Int32Array): void {
    const d = this.d;
    const pts = this.pts;
    const qo = self * d;
    const k1 = k - 1;
    const e = this.end[node];
    let kth = dist[k1];
    const q0 = pts[qo];
    const q1 = d > 1 ? pts[qo + 1] : 0;
    for (let t = this.start[node]; t < e; t++) {
      if (t === self) continue;
      const b = t * d;
      let m = Math.abs(pts[b] - q0);
      if (d === 2) {
        const a = Math.abs(pts[b + 1] - q1);
        if (a > m) m = a;
      } else {
        for (let j = 1; j < d; j++) {
          const a = Math.abs(pts[b + j] - pts[qo + j]);
          if (a > m) m = a;
        }
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
   * out[p] = number of tree points within max-norm distance ≤ radius[p] of the tree point at position p (itself
   * included), for every p; `radius` and `out` are indexed by tree position. Each count starts at the point's own
   * leaf and climbs to the first ancestor whose box holds the ball strictly inside (every point outside it is then
   * farther than the radius, by the median splits along the way), then counts down from there: for the small radii
   * of kNN estimators that skips most of the tree.
   */
  countAllSelf(radius: Float64Array, out: Int32Array): void {
    const d = this.d;
    const pts = this.pts;
    const lo = this.lo;
    const hi = this.hi;
    const start = this.start;
    const end = this.end;
    const firstLeaf = this.firstLeaf;
    const stack = this.stackN;
    const q = new Float64Array(d);
    for (let p = 0; p < this.n; p++) {
      const r = radius[p];
      const qo = p * d;
      for (let j = 0; j < d; j++) q[j] = pts[qo + j];
      let top = this.leafOf[p];
      while (top > 0) {
        const nb = top * d;
        let j = 0;
        while (j < d && q[j] - lo[nb + j] > r && hi[nb + j] - q[j] > r) j++;
        if (j === d) break;
        top = (top - 1) >> 1;
      }
      let c = 0;
      stack[0] = top;
      let sp = 1;
      while (sp > 0) {
        const node = stack[--sp];
        const nb = node * d;
        // Skip a box farther than r in some coordinate; take a box within r everywhere whole.
        let whole = true;
        let j = 0;
        for (; j < d; j++) {
          const v = q[j];
          const a = lo[nb + j] - v;
          const b = v - hi[nb + j];
          if (a > r || b > r) break;
          if (whole && (-a > r || -b > r)) whole = false;
        }
        if (j < d) continue;
        if (whole) {
          c += end[node] - start[node];
          continue;
        }
        if (node >= firstLeaf) {
          const e = end[node];
          for (let t = start[node]; t < e; t++) {
            const b = t * d;
            let i = 0;
            while (i < d && Math.abs(pts[b + i] - q[i]) <= r) i++;
            if (i === d) c++;
          }
          continue;
        }
        stack[sp++] = 2 * node + 1;
        stack[sp++] = 2 * node + 2;
      }
      out[p] = c;
    }
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
