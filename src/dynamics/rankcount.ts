import { argsortF64 } from '../internal/argsort.js';

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

  /**
   * For every sample i, the sorted positions lo[i] … hi[i] of the samples j with fl(|v_j − v_i|) ≤ radius[i]
   * (radius ≥ 0). Samples are visited in sorted order and each end is found by galloping from where the previous
   * sample's end was: consecutive neighbourhoods overlap, so the search touches memory it has just read (galloping out
   * from every sample's own rank in sample order costs a cache miss per step once n passes about 10⁵).
   */
  intervals(radius: Float64Array, lo: Int32Array, hi: Int32Array): void {
    const s = this.s;
    const order = this.order;
    const n = s.length;
    let l = 0;
    let h = 0;
    for (let t = 0; t < n; t++) {
      const i = order[t];
      const r = radius[i];
      const v = s[t];
      // Right end: the last j ≥ t with s_j − v ≤ r.
      if (h < t) h = t;
      if (h + 1 < n && s[h + 1] - v <= r) {
        let step = 1;
        while (h + step < n && s[h + step] - v <= r) {
          h += step;
          step *= 2;
        }
        let b = Math.min(h + step, n);
        while (b - h > 1) {
          const m = (h + b) >>> 1;
          if (s[m] - v <= r) h = m;
          else b = m;
        }
      } else if (s[h] - v > r) {
        // Shrink towards t (s_t − v = 0 ≤ r always holds).
        let step = 1;
        let b = h;
        while (h - step > t && s[h - step] - v > r) {
          b = h - step;
          step *= 2;
        }
        let a = Math.max(h - step, t);
        while (b - a > 1) {
          const m = (a + b) >>> 1;
          if (s[m] - v <= r) a = m;
          else b = m;
        }
        h = a;
      }
      // Left end: the first j ≤ t with v − s_j ≤ r.
      if (l > t) l = t;
      if (v - s[l] > r) {
        let step = 1;
        let a = l;
        while (a + step < t && v - s[a + step] > r) {
          a += step;
          step *= 2;
        }
        let b = Math.min(a + step, t);
        while (b - a > 1) {
          const m = (a + b) >>> 1;
          if (v - s[m] <= r) b = m;
          else a = m;
        }
        l = b;
      } else if (l > 0 && v - s[l - 1] <= r) {
        let step = 1;
        let a = l;
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
        l = a;
      }
      lo[i] = l;
      hi[i] = h;
    }
  }

  /** out[i] = number of samples j (i included) with fl(|v_j − v_i|) ≤ radius[i], for every i. */
  countAll(radius: Float64Array, out: Int32Array, scratch?: Int32Array): void {
    const n = this.s.length;
    const lo = scratch ?? new Int32Array(n);
    this.intervals(radius, lo, out);
    for (let i = 0; i < n; i++) out[i] = out[i] - lo[i] + 1;
  }
}

/** Scratch buffers of {@link countRectangles}, reusable across calls on n samples. */
export class RectangleScratch {
  readonly head: Int32Array;
  readonly fill: Int32Array;
  readonly ev: Int32Array;
  readonly bit: Int32Array;

  constructor(n: number) {
    this.head = new Int32Array(n + 1);
    this.fill = new Int32Array(n);
    this.ev = new Int32Array(2 * n);
    this.bit = new Int32Array(n + 1);
  }
}

/**
 * Exact counts in the max-norm plane of two scalar coordinates a and b, given each sample's neighbourhood on each
 * axis as a range of sorted positions (from {@link SortedAxis.intervals}): out[i] = the number of samples j whose
 * a-position is in aLo[i] … aHi[i] and whose b-position is in bLo[i] … bHi[i] (i included), that is
 * #{j : fl(|a_j − a_i|) ≤ ra_i and fl(|b_j − b_i|) ≤ rb_i}. All n rectangles are counted offline by one sweep over
 * the a-positions with a Fenwick tree over the b-positions: O(n log n), no tree search per sample. `out` may be the
 * same array as `aLo` or `aHi` (they are read before `out` is written).
 */
export function countRectangles(
  A: SortedAxis,
  aLo: Int32Array,
  aHi: Int32Array,
  B: SortedAxis,
  bLo: Int32Array,
  bHi: Int32Array,
  out: Int32Array,
  scratch: RectangleScratch = new RectangleScratch(A.rank.length),
): void {
  const n = A.rank.length;
  const { head, fill, ev, bit } = scratch;
  // Events: the rectangle of sample i adds prefix(bHi) − prefix(bLo − 1) at a-position aHi and subtracts it at
  // aLo − 1. Bucket them by a-position (counting sort), head[p] … head[p + 1] − 1.
  head.fill(0);
  for (let i = 0; i < n; i++) {
    head[aHi[i] + 1]++;
    if (aLo[i] > 0) head[aLo[i]]++;
  }
  for (let p = 0; p < n; p++) head[p + 1] += head[p];
  fill.set(head.subarray(0, n));
  for (let i = 0; i < n; i++) {
    ev[fill[aHi[i]]++] = i + 1;
    if (aLo[i] > 0) ev[fill[aLo[i] - 1]++] = -(i + 1);
  }
  out.fill(0, 0, n);
  bit.fill(0);
  const bOfA = B.rank;
  const orderA = A.order;
  for (let p = 0; p < n; p++) {
    // Insert the sample at a-position p at its b-position (1-based Fenwick index).
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
