// The 2-D special case of the k-d tree (the joint space of two scalars, the hot case of the KSG estimators): a build
// from two presorted lists with no selection, and the k-th neighbour search with all its state in locals.
import { argsortF64 } from '../internal/argsort.js';
import type { KdTree } from './kdtree.js';

/**
 * k-d tree build for d = 2 from two presorted lists (radix argsorts by x and by y): every node's points occupy the
 * same range of both lists, each list sorted by its coordinate, so a node's exact bounds are its lists' end values
 * and its median split along the wider dimension is the middle of that list; the other list is split by a stable
 * partition. O(n) per level with no selection. The leaves' points, in x order, give the tree order.
 */
export function build2(
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
 * out[p] = distance from the point at tree position p to its k-th nearest other point, for every p: the search of
 * `KdTree.knnSelf` (own leaf first, then climb: at each ancestor search the sibling subtree, depth first, nearer child
 * first, unless the k-th-neighbour ball already lies inside the ancestor's box) written out for d = 2 with all state
 * in locals: the KSG joint space of two scalars is the hot case. Requires d = 2 and 1 ≤ k ≤ n − 1. Only the
 * positions [from, to).
 */
export function kthDistances2(tree: KdTree, k: number, out: Float64Array, from: number, to: number): void {
  const pts = tree.pts;
  const lo = tree.lo;
  const hi = tree.hi;
  const start = tree.start;
  const end = tree.end;
  const leafOf = tree.leafOf;
  const firstLeaf = tree.firstLeaf;
  const stackN = tree.stackN;
  const stackD = tree.stackD;
  const dist = new Float64Array(k);
  const k1 = k - 1;
  for (let p = from; p < to; p++) {
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

/** Max-norm distance from (q0, q1) to the 2-D box at offset b of lo/hi (0 inside): plain comparisons, no Math.max. */
export function box2(lo: Float64Array, hi: Float64Array, b: number, q0: number, q1: number): number {
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
