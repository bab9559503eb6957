import { argsortF64 } from '../internal/argsort.js';
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
  /** leafOf[p] = the leaf node holding tree position p. */
  private readonly leafOf: Int32Array;
  /** DFS stack for queries: node ids and their box distances (depth ≤ 2 per level). */
  private readonly stackN: Int32Array;
  private readonly stackD: Float64Array;
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
    const nLevels = 1 + Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)));
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
      idx = new Int32Array(n);
      pts = buildGeneral(data, n, d, nNodes, this.firstLeaf, start, end, lo, hi, idx);
      this.sortedPos = null;
    }
    this.pts = pts;
    this.idx = idx;
    this.start = start;
    this.end = end;
    this.lo = lo;
    this.hi = hi;
    const leafOf = new Int32Array(n);
    for (let node = this.firstLeaf; node < nNodes; node++) for (let t = start[node]; t < end[node]; t++) leafOf[t] = node;
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
   * out[p] = distance from the point at tree position p to its k-th nearest other point, for every p: the same
   * search as {@link KdTree.knnSelf}, written out for d = 2 with all state in locals (the KSG joint space of two
   * scalars is the hot case). Requires d = 2 and 1 ≤ k ≤ n − 1.
   */
  kthDistances2(k: number, out: Float64Array): void {
    const n = this.n;
    const pts = this.pts;
    const lo = this.lo;
    const hi = this.hi;
    const start = this.start;
    const end = this.end;
    const leafOf = this.leafOf;
    const firstLeaf = this.firstLeaf;
    const stackN = this.stackN;
    const stackD = this.stackD;
    const dist = new Float64Array(k);
    const k1 = k - 1;
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < k; i++) dist[i] = Infinity;
      const q0 = pts[2 * p];
      const q1 = pts[2 * p + 1];
      let kth = Infinity;
      let node = leafOf[p];
      // Own leaf first, then climb: at each ancestor search the sibling subtree (depth first, nearer child first)
      // unless the k-th-neighbour ball already lies inside the ancestor's box.
      stackN[0] = node;
      stackD[0] = 0;
      let sp = 1;
      for (;;) {
        while (sp > 0) {
          sp--;
          const m = stackN[sp];
          if (stackD[sp] >= kth) continue;
          if (m >= firstLeaf) {
            const e = end[m];
            for (let t = start[m]; t < e; t++) {
              if (t === p) continue;
              let dd = Math.abs(pts[2 * t] - q0);
              const d1 = Math.abs(pts[2 * t + 1] - q1);
              if (d1 > dd) dd = d1;
              if (dd < kth) {
                let i = k1;
                while (i > 0 && dist[i - 1] > dd) {
                  dist[i] = dist[i - 1];
                  i--;
                }
                dist[i] = dd;
                kth = dist[k1];
              }
            }
            continue;
          }
          const l = 2 * m + 1;
          const a = 2 * l;
          const dl = box2(lo, hi, a, q0, q1);
          const dr = box2(lo, hi, a + 2, q0, q1);
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
        if (node === 0) break;
        const b = 2 * node;
        if (q0 - lo[b] >= kth && hi[b] - q0 >= kth && q1 - lo[b + 1] >= kth && hi[b + 1] - q1 >= kth) break;
        const sib = node & 1 ? node + 1 : node - 1;
        const c = 2 * sib;
        const dsib = box2(lo, hi, c, q0, q1);
        node = (node - 1) >> 1;
        if (dsib < kth) {
          stackN[0] = sib;
          stackD[0] = dsib;
          sp = 1;
        }
      }
      out[p] = kth;
    }
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

/**
 * General k-d tree build (any d): quickselect median splits along the widest dimension (estimated from a sample of
 * the node), then exact bounds bottom-up. Fills start/end/lo/hi and idx; returns the points in tree order.
 */
function buildGeneral(
  data: Float64Array,
  n: number,
  d: number,
  nNodes: number,
  firstLeaf: number,
  start: Int32Array,
  end: Int32Array,
  lo: Float64Array,
  hi: Float64Array,
  idx: Int32Array,
): Float64Array {
  for (let i = 0; i < n; i++) idx[i] = i;
  // Points are partitioned in place in a private copy, so every pass reads contiguous memory.
  const pts = data.slice(0, n * d);
  start[0] = 0;
  end[0] = n;
  // Top-down: split each internal node at its median along the dimension of largest spread, the spread being
  // estimated from at most 33 evenly spaced points of the node (the choice only affects speed, not results).
  for (let node = 0; node < firstLeaf; node++) {
    const s = start[node];
    const e = end[node];
    let dim = 0;
    if (d > 1) {
      const stepT = Math.max(1, Math.floor((e - s) / 32));
      let w = -1;
      for (let j = 0; j < d; j++) {
        let a = Infinity;
        let b = -Infinity;
        for (let t = s; t < e; t += stepT) {
          const v = pts[t * d + j];
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
    select(pts, idx, d, dim, s, e - 1, mid);
    const l = 2 * node + 1;
    start[l] = s;
    end[l] = mid;
    start[l + 1] = mid;
    end[l + 1] = e;
  }
  // Bottom-up exact bounds: leaves from their points, internal nodes from their children. Pruning decisions then
  // use the same floating-point differences as point distances and never disagree with them.
  for (let node = firstLeaf; node < nNodes; node++) {
    const nb = node * d;
    for (let j = 0; j < d; j++) {
      let a = Infinity;
      let b = -Infinity;
      for (let t = start[node]; t < end[node]; t++) {
        const v = pts[t * d + j];
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
  return pts;
}

/**
 * k-d tree build for d = 2 from two presorted lists (radix argsorts by x and by y): every node's points occupy the
 * same range of both lists, each list sorted by its coordinate, so a node's exact bounds are its lists' end values
 * and its median split along the wider dimension is the middle of that list; the other list is split by a stable
 * partition. O(n) per level with no selection. The leaves' points, in x order, give the tree order.
 */
function build2(
  data: Float64Array,
  n: number,
  nNodes: number,
  firstLeaf: number,
  start: Int32Array,
  end: Int32Array,
  lo: Float64Array,
  hi: Float64Array,
  orders?: readonly [Int32Array, Int32Array],
): { pts: Float64Array; idx: Int32Array; sortedPos: Int32Array[] } {
  const LX = orders !== undefined ? orders[0].slice() : argsortF64(data, n, 2, 0);
  const LY = orders !== undefined ? orders[1].slice() : argsortF64(data, n, 2, 1);
  const ox = LX.slice();
  const oy = LY.slice();
  const side = new Uint8Array(n);
  const tmp = new Int32Array(n);
  start[0] = 0;
  end[0] = n;
  for (let node = 0; node < nNodes; node++) {
    const s = start[node];
    const e = end[node];
    const nb = 2 * node;
    lo[nb] = data[2 * LX[s]];
    hi[nb] = data[2 * LX[e - 1]];
    lo[nb + 1] = data[2 * LY[s] + 1];
    hi[nb + 1] = data[2 * LY[e - 1] + 1];
    if (node >= firstLeaf) continue;
    const byY = hi[nb + 1] - lo[nb + 1] > hi[nb] - lo[nb];
    const A = byY ? LY : LX;
    const B = byY ? LX : LY;
    const mid = s + ((e - s) >> 1);
    for (let t = s; t < mid; t++) side[A[t]] = 0;
    for (let t = mid; t < e; t++) side[A[t]] = 1;
    let li = s;
    let ri = mid;
    for (let t = s; t < e; t++) {
      const id = B[t];
      if (side[id] === 0) tmp[li++] = id;
      else tmp[ri++] = id;
    }
    for (let t = s; t < e; t++) B[t] = tmp[t];
    const l = 2 * node + 1;
    start[l] = s;
    end[l] = mid;
    start[l + 1] = mid;
    end[l + 1] = e;
  }
  const idx = LX;
  const pts = new Float64Array(2 * n);
  const posOf = tmp;
  for (let t = 0; t < n; t++) {
    const i = idx[t];
    pts[2 * t] = data[2 * i];
    pts[2 * t + 1] = data[2 * i + 1];
    posOf[i] = t;
  }
  for (let t = 0; t < n; t++) {
    ox[t] = posOf[ox[t]];
    oy[t] = posOf[oy[t]];
  }
  return { pts, idx, sortedPos: [ox, oy] };
}

/**
 * Quickselect (Hoare partition, median-of-three pivot) of the rows lo..hi of the row-major n × d array `pts` (with
 * their ids in `idx`, moved alongside) by column `dim`, so that row kth holds the kth smallest key, smaller-or-equal
 * keys before it and greater-or-equal after. Linear on average; equal keys split evenly (no quadratic case for ties).
 */
function select(pts: Float64Array, idx: Int32Array, d: number, dim: number, left: number, right: number, kth: number): void {
  while (right > left) {
    const mid = (left + right) >> 1;
    const a = pts[left * d + dim];
    const b = pts[mid * d + dim];
    const c = pts[right * d + dim];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (pts[i * d + dim] < pivot) i++;
      while (pts[j * d + dim] > pivot) j--;
      if (i <= j) {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        const bi = i * d;
        const bj = j * d;
        for (let m = 0; m < d; m++) {
          const v = pts[bi + m];
          pts[bi + m] = pts[bj + m];
          pts[bj + m] = v;
        }
        i++;
        j--;
      }
    }
    if (kth <= j) right = j;
    else if (kth >= i) left = i;
    else return;
  }
}

/** Max-norm distance from (q0, q1) to the 2-D box at offset b of lo/hi (0 inside): plain comparisons, no Math.max. */
function box2(lo: Float64Array, hi: Float64Array, b: number, q0: number, q1: number): number {
  let m = 0;
  let t = lo[b] - q0;
  if (t > m) m = t;
  t = q0 - hi[b];
  if (t > m) m = t;
  t = lo[b + 1] - q1;
  if (t > m) m = t;
  t = q1 - hi[b + 1];
  if (t > m) m = t;
  return m;
}

/**
 * A 1-D sample sorted once, for radius counts around its own points: the set of j with |v − s_j| ≤ r is
 * contiguous in sorted order (floating-point subtraction is monotone), so a count gallops outwards from the
 * point's rank in O(log count).
 */
export class SortedLine {
  /** The values in ascending order. */
  readonly s: Float64Array;
  /** rank[i] = position of sample i in `s`. */
  readonly rank: Int32Array;
  /** order[t] = sample at position t of `s`. */
  readonly order: Int32Array;

  /**
   * @param values - the sample (not modified), read at offset + i·stride
   * @param order - optional stable sort order of the sample, if already known
   */
  constructor(values: Float64Array, n: number, stride = 1, offset = 0, order: Int32Array = argsortF64(values, n, stride, offset)) {
    const s = new Float64Array(n);
    const rank = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      const i = order[t];
      s[t] = values[offset + i * stride];
      rank[i] = t;
    }
    this.s = s;
    this.rank = rank;
    this.order = order;
  }

  /**
   * out[i] = number of samples within distance ≤ radius[i] of sample i (i included), for every i. Rows are visited
   * in their own order: when that order is spatially coherent (tree order), consecutive gallops touch nearby memory.
   */
  countAll(radius: Float64Array, out: Int32Array): void {
    const rank = this.rank;
    for (let i = 0; i < rank.length; i++) out[i] = this.countAt(rank[i], radius[i]);
  }

  /** Number of values s_j with |s_i − s_j| ≤ r around sample i itself (i included). */
  countAround(i: number, r: number): number {
    return this.countAt(this.rank[i], r);
  }

  /** Number of values within distance ≤ r of the value at sorted position t (itself included). */
  countAt(t: number, r: number): number {
    const s = this.s;
    const n = s.length;
    const v = s[t];
    // Right end: last j ≥ t with s_j − v ≤ r, by galloping then bisection.
    let a = t;
    let step = 1;
    while (a + step < n && s[a + step] - v <= r) {
      a += step;
      step *= 2;
    }
    let b = Math.min(a + step, n);
    while (b - a > 1) {
      const m = (a + b) >>> 1;
      if (s[m] - v <= r) a = m;
      else b = m;
    }
    const right = a;
    // Left end: first j ≤ t with v − s_j ≤ r.
    a = t;
    step = 1;
    while (a - step >= 0 && v - s[a - step] <= r) {
      a -= step;
      step *= 2;
    }
    b = Math.max(a - step, -1);
    while (a - b > 1) {
      const m = (a + b) >> 1;
      if (v - s[m] <= r) a = m;
      else b = m;
    }
    return right - a + 1;
  }
}

/**
 * k-th nearest-neighbour distances in 1-D from sorted values: out[t] = the k-th smallest |s_t − s_j| over j ≠ t,
 * found by expanding two pointers k steps from t (O(n k), the same differences a tree query computes).
 * Requires 1 ≤ k ≤ n − 1.
 */
export function kthDistanceSorted(s: Float64Array, n: number, k: number, out: Float64Array): void {
  for (let t = 0; t < n; t++) {
    const v = s[t];
    let l = t - 1;
    let r = t + 1;
    let dd = 0;
    for (let step = 0; step < k; step++) {
      const dl = l >= 0 ? v - s[l] : Infinity;
      const dr = r < n ? s[r] - v : Infinity;
      if (dl <= dr) {
        dd = dl;
        l--;
      } else {
        dd = dr;
        r++;
      }
    }
    out[t] = dd;
  }
}

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
    const line = new SortedLine(data, n, cols, from, order);
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
