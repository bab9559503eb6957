import { argsortF64 } from '../estimators/kdtree.js';

/**
 * One coordinate of a sample sorted once, for exact max-norm neighbourhoods: the set of samples j with
 * fl(|v_j − v_i|) ≤ r is a contiguous range of sorted positions (floating-point subtraction is monotone), found by
 * galloping out from i's rank. Internal to the KSG estimators of transfer entropy.
 */
export class SortedAxis {
  /** Values in ascending order. */
  readonly s: Float64Array;
  /** rank[i] = sorted position of sample i. */
  readonly rank: Int32Array;
  /** order[t] = sample at sorted position t. */
  readonly order: Int32Array;

  private constructor(s: Float64Array, rank: Int32Array, order: Int32Array) {
    this.s = s;
    this.rank = rank;
    this.order = order;
  }

  /** Sorts `values[offset + i·stride]`, i < n (radix argsort, stable). */
  static of(values: Float64Array, n: number, stride = 1, offset = 0): SortedAxis {
    const order = argsortF64(values, n, stride, offset);
    const s = new Float64Array(n);
    const rank = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      const i = order[t];
      s[t] = values[offset + i * stride];
      rank[i] = t;
    }
    return new SortedAxis(s, rank, order);
  }

  /**
   * The axis of the permuted sample w_i = v_{perm[i]}: the same sorted values, with ranks and order carried through
   * the permutation in O(n), without sorting. `inv` is scratch of length n.
   */
  permuted(perm: Int32Array, inv: Int32Array): SortedAxis {
    const n = perm.length;
    const rank = new Int32Array(n);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      inv[perm[i]] = i;
      rank[i] = this.rank[perm[i]];
    }
    for (let t = 0; t < n; t++) order[t] = inv[this.order[t]];
    return new SortedAxis(this.s, rank, order);
  }

  /** Last sorted position j ≥ t with s_j − s_t ≤ r (r ≥ 0). */
  right(t: number, r: number): number {
    const s = this.s;
    const n = s.length;
    const v = s[t];
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
    return a;
  }

  /** First sorted position j ≤ t with s_t − s_j ≤ r (r ≥ 0). */
  left(t: number, r: number): number {
    const s = this.s;
    const v = s[t];
    let a = t;
    let step = 1;
    while (a - step >= 0 && v - s[a - step] <= r) {
      a -= step;
      step *= 2;
    }
    let b = Math.max(a - step, -1);
    while (a - b > 1) {
      const m = (a + b) >> 1;
      if (v - s[m] <= r) a = m;
      else b = m;
    }
    return a;
  }

  /** out[i] = number of samples j (i included) with fl(|v_j − v_i|) ≤ radius[i], for every i. */
  countAll(radius: Float64Array, out: Int32Array): void {
    const rank = this.rank;
    for (let i = 0; i < rank.length; i++) {
      const t = rank[i];
      out[i] = this.right(t, radius[i]) - this.left(t, radius[i]) + 1;
    }
  }
}

/**
 * Exact counts in the max-norm plane of two scalar coordinates a and b with a radius per coordinate and per sample:
 * out[i] = #{j : fl(|a_j − a_i|) ≤ ra[i] and fl(|b_j − b_i|) ≤ rb[i]} (i included). Each neighbourhood is a
 * rectangle of ranks (the galloped ranges of the two axes), and all n rectangles are counted offline by one sweep
 * over the a-ranks with a Fenwick tree over the b-ranks: O(n log n), no tree search per sample.
 */
export function countRectangles(A: SortedAxis, B: SortedAxis, ra: Float64Array, rb: Float64Array, out: Int32Array): void {
  const n = A.rank.length;
  const bLo = new Int32Array(n);
  const bHi = new Int32Array(n);
  // Events: the rectangle of sample i adds prefix(bHi) − prefix(bLo − 1) at a-position aHi and subtracts it at
  // aLo − 1. Bucket them by a-position (counting sort), head[p] … head[p + 1] − 1.
  const head = new Int32Array(n + 1);
  const aLo = new Int32Array(n);
  const aHi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ta = A.rank[i];
    const tb = B.rank[i];
    const lo = A.left(ta, ra[i]);
    const hi = A.right(ta, ra[i]);
    aLo[i] = lo;
    aHi[i] = hi;
    bLo[i] = B.left(tb, rb[i]);
    bHi[i] = B.right(tb, rb[i]);
    head[hi + 1]++;
    if (lo > 0) head[lo]++;
  }
  for (let p = 0; p < n; p++) head[p + 1] += head[p];
  const fill = head.slice(0, n);
  const ev = new Int32Array(head[n]);
  for (let i = 0; i < n; i++) {
    ev[fill[aHi[i]]++] = i + 1;
    if (aLo[i] > 0) ev[fill[aLo[i] - 1]++] = -(i + 1);
  }
  out.fill(0, 0, n);
  const bit = new Int32Array(n + 1);
  const bOfA = B.rank;
  const orderA = A.order;
  for (let p = 0; p < n; p++) {
    // Insert the sample at a-position p at its b-rank (1-based Fenwick index).
    for (let q = bOfA[orderA[p]] + 1; q <= n; q += q & -q) bit[q]++;
    for (let e = head[p]; e < head[p + 1]; e++) {
      const code = ev[e];
      const i = code > 0 ? code - 1 : -code - 1;
      let c = 0;
      for (let q = bHi[i] + 1; q > 0; q -= q & -q) c += bit[q];
      for (let q = bLo[i]; q > 0; q -= q & -q) c -= bit[q];
      out[i] += code > 0 ? c : -c;
    }
  }
}
