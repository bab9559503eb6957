import { buildTree, fillLeafOf, treeLevels } from '../estimators/kdtree-build.js';

/**
 * A k-d tree over n points in d dimensions for the KSG estimators of transfer entropy: it counts the points inside an
 * axis-aligned box around each of its own points, with a radius per dimension (count(i) = #{j : fl(|p_jc − p_ic|) ≤
 * r_c for every dimension c}, i included: algorithm 2 gives each variable of a space its own radius), and finds every
 * point's k nearest other points under the max-norm. It can be rebuilt on new points of the same size without
 * allocating, which is what a surrogate loop does hundreds of times. Internal.
 *
 * Balanced median splits along the widest dimension, exact node bounds (so boxes nest and a decision on a box uses
 * the same rounded differences as the per-point test: a node is skipped when fl(lo_c − q_c) > r_c or
 * fl(q_c − hi_c) > r_c in some dimension and counted whole when fl(q_c − lo_c) ≤ r_c and fl(hi_c − q_c) ≤ r_c in every
 * one). Cost: build O(n d log n); a count O(log n + boundary) and a kNN search O(log n + k) typical in low dimension.
 */
export class BoxTree {
  private readonly n: number;
  private readonly d: number;
  /** Points in tree order. */
  private readonly pts: Float64Array;
  /** idx[t] = input row at tree position t; posOf[i] = tree position of input row i. */
  private readonly idx: Int32Array;
  private readonly posOf: Int32Array;
  /** leafOf[t] = the leaf holding tree position t. */
  private readonly leafOf: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly nodes: number;
  private readonly firstLeaf: number;
  private readonly stack: Int32Array;
  private readonly stackD: Float64Array;

  /**
   * @param data - row-major n × d points (not modified, not retained); `null` to build later with {@link rebuild}
   */
  constructor(data: Float64Array | null, n: number, d: number, leafSize = 8) {
    this.n = n;
    this.d = d;
    const levels = treeLevels(n, leafSize);
    this.nodes = 2 ** levels - 1;
    this.firstLeaf = (this.nodes - 1) >> 1;
    this.start = new Int32Array(this.nodes);
    this.end = new Int32Array(this.nodes);
    this.lo = new Float64Array(this.nodes * d);
    this.hi = new Float64Array(this.nodes * d);
    this.pts = new Float64Array(n * d);
    this.idx = new Int32Array(n);
    this.posOf = new Int32Array(n);
    this.leafOf = new Int32Array(n);
    this.stack = new Int32Array(2 * levels + 2);
    this.stackD = new Float64Array(2 * levels + 2);
    if (data !== null) this.rebuild(data);
  }

  /** Rebuilds the tree on new points (row-major n × d, not modified), reusing every buffer. */
  rebuild(data: Float64Array): void {
    const { n, d, start, end, lo, hi, pts, idx, firstLeaf, nodes } = this;
    pts.set(data.subarray(0, n * d));
    // The spread of every node is measured on all its points (not sampled): the tree's shape decides which of tied
    // neighbours knnAll meets first, and the estimators' results must not change with it.
    const t = { n, d, nodes, firstLeaf, pts, idx, start, end, lo, hi };
    buildTree(t, false);
    fillLeafOf(t, this.leafOf);
    for (let p = 0; p < n; p++) this.posOf[idx[p]] = p;
  }

  /**
   * out[i] = number of points inside the box around input row i whose half-width in dimension c is
   * `radius[(i · d) + c]`, for every row i.
   */
  countAll(radius: Float64Array, out: Int32Array): void {
    const { n, d, pts, lo, hi, start, end, firstLeaf, stack } = this;
    for (let i = 0; i < n; i++) {
      const qo = this.posOf[i] * d;
      const ro = i * d;
      let count = 0;
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp];
        const nb = node * d;
        let outside = false;
        let inside = true;
        for (let c = 0; c < d; c++) {
          const q = pts[qo + c];
          const r = radius[ro + c];
          if (lo[nb + c] - q > r || q - hi[nb + c] > r) {
            outside = true;
            break;
          }
          if (q - lo[nb + c] > r || hi[nb + c] - q > r) inside = false;
        }
        if (outside) continue;
        if (inside) {
          count += end[node] - start[node];
          continue;
        }
        if (node >= firstLeaf) {
          for (let t = start[node]; t < end[node]; t++) {
            const b = t * d;
            let ok = true;
            for (let c = 0; c < d; c++) {
              if (Math.abs(pts[b + c] - pts[qo + c]) > radius[ro + c]) {
                ok = false;
                break;
              }
            }
            if (ok) count++;
          }
          continue;
        }
        stack[sp++] = 2 * node + 1;
        stack[sp++] = 2 * node + 2;
      }
      out[i] = count;
    }
  }

  /** Max-norm distance from the query at pts[qo …] to the box of `node` (0 inside). */
  private boxDistance(node: number, qo: number): number {
    const { d, pts, lo, hi } = this;
    const nb = node * d;
    let m = 0;
    for (let c = 0; c < d; c++) {
      const q = pts[qo + c];
      const a = lo[nb + c] - q;
      if (a > m) m = a;
      const b = q - hi[nb + c];
      if (b > m) m = b;
    }
    return m;
  }

  /**
   * For every input row i, the max-norm distance to its K-th nearest other point, `kth[i]`, and (if `nbr` is given)
   * its K nearest other points' input rows, nearest first, in nbr[i·K … i·K + K). Ties at the K-th distance keep
   * the point met first. Requires 1 ≤ K ≤ n − 1.
   *
   * Each search starts in the point's own leaf and climbs: at every ancestor it searches the sibling subtree (depth
   * first, nearer child first) if that box is closer than the current K-th distance, and stops once the K-th
   * neighbour's ball lies inside the ancestor's box (every point outside it is then at least that far).
   */
  knnAll(K: number, kth: Float64Array, nbr: Int32Array | null): void {
    const { n, d, pts, lo, hi, start, end, firstLeaf, stack, stackD, leafOf, idx } = this;
    const dist = new Float64Array(K);
    const pos = new Int32Array(K);
    const K1 = K - 1;
    const three = d === 3;
    for (let p = 0; p < n; p++) {
      for (let t = 0; t < K; t++) {
        dist[t] = Infinity;
        pos[t] = -1;
      }
      let kd = Infinity;
      const qo = p * d;
      const q0 = pts[qo];
      const q1 = d > 1 ? pts[qo + 1] : 0;
      const q2 = d > 2 ? pts[qo + 2] : 0;
      let node = leafOf[p];
      stack[0] = node;
      stackD[0] = 0;
      let sp = 1;
      for (;;) {
        while (sp > 0) {
          sp--;
          const m = stack[sp];
          if (stackD[sp] >= kd) continue;
          if (m >= firstLeaf) {
            const e = end[m];
            for (let t = start[m]; t < e; t++) {
              if (t === p) continue;
              const b = t * d;
              let dd: number;
              if (three) {
                dd = Math.abs(pts[b] - q0);
                const a1 = Math.abs(pts[b + 1] - q1);
                if (a1 > dd) dd = a1;
                const a2 = Math.abs(pts[b + 2] - q2);
                if (a2 > dd) dd = a2;
              } else {
                dd = 0;
                for (let c = 0; c < d; c++) {
                  const a = Math.abs(pts[b + c] - pts[qo + c]);
                  if (a > dd) dd = a;
                }
              }
              if (dd < kd) {
                let i = K1;
                while (i > 0 && dist[i - 1] > dd) {
                  dist[i] = dist[i - 1];
                  pos[i] = pos[i - 1];
                  i--;
                }
                dist[i] = dd;
                pos[i] = t;
                kd = dist[K1];
              }
            }
            continue;
          }
          const l = 2 * m + 1;
          const dl = this.boxDistance(l, qo);
          const dr = this.boxDistance(l + 1, qo);
          if (dl <= dr) {
            if (dr < kd) {
              stack[sp] = l + 1;
              stackD[sp++] = dr;
            }
            if (dl < kd) {
              stack[sp] = l;
              stackD[sp++] = dl;
            }
          } else {
            if (dl < kd) {
              stack[sp] = l;
              stackD[sp++] = dl;
            }
            if (dr < kd) {
              stack[sp] = l + 1;
              stackD[sp++] = dr;
            }
          }
        }
        if (node === 0) break;
        // Stop when the K-th neighbour's ball lies inside this node's box.
        const nb = node * d;
        let inside = true;
        for (let c = 0; c < d; c++) {
          const q = pts[qo + c];
          if (q - lo[nb + c] < kd || hi[nb + c] - q < kd) {
            inside = false;
            break;
          }
        }
        if (inside) break;
        const sib = node & 1 ? node + 1 : node - 1;
        const ds = this.boxDistance(sib, qo);
        node = (node - 1) >> 1;
        if (ds < kd) {
          stack[0] = sib;
          stackD[0] = ds;
          sp = 1;
        }
      }
      const i = idx[p];
      kth[i] = kd;
      if (nbr !== null) for (let t = 0; t < K; t++) nbr[i * K + t] = idx[pos[t]];
    }
  }
}
