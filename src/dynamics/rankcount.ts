// Exact rectangle counts in the max-norm plane of two scalar coordinates (the KSG transfer-entropy estimators), on
// two sorted lines.
import type { SortedLine } from '../estimators/sorted-line.js';

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
 * axis as a range of sorted positions (from `SortedLine.intervals`): out[i] = the number of samples j whose
 * a-position is in aLo[i] … aHi[i] and whose b-position is in bLo[i] … bHi[i] (i included), that is
 * #{j : fl(|a_j − a_i|) ≤ ra_i and fl(|b_j − b_i|) ≤ rb_i}. All n rectangles are counted offline by one sweep over
 * the a-positions with a Fenwick tree over the b-positions: O(n log n), no tree search per sample. `out` may be the
 * same array as `aLo` or `aHi` (they are read before `out` is written).
 */
export function countRectangles(
  A: SortedLine,
  aLo: Int32Array,
  aHi: Int32Array,
  B: SortedLine,
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
