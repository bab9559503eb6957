import { Acc } from '../estimators/common.js';
import { KdTree } from '../estimators/kdtree.js';
import { psiInt } from '../estimators/ksg.js';
import { nextDown } from '../estimators/samples.js';
import { BoxTree } from './boxtree.js';
import { countRectangles, SortedAxis } from './rankcount.js';

/**
 * The KSG (Kraskov–Stögbauer–Grassberger) estimator of the conditional mutual information I(X; Y | Z) between
 * embedded blocks, max-norm, as JIDT's `ConditionalMutualInfoCalculatorMultiVariateKraskov1/2` (Frenzel & Pompe
 * 2007 for algorithm 1; the algorithm-2 form with per-variable radii and 1/n terms), reducing to the MI estimators
 * when Z is empty. Internal: inputs are validated, standardised and noised by the caller.
 *
 * The structures that depend only on Y and Z (the "target side" of a transfer entropy: its next value and past)
 * are built once in a {@link KsgTarget} and reused for every source and every surrogate: the sorted axis (or box
 * tree) of Z and the counting structure of (Y, Z). Per source only the joint k-d tree and the (X, Z) counts are new;
 * for a scalar source its sorted axis is carried through a surrogate permutation without sorting.
 */

/** Row-major block of embedded columns. */
export interface Block {
  readonly data: Float64Array;
  readonly cols: number;
}

/** Counts, with the point itself, inside per-block radii (per row; radii are row-aligned). */
interface Space {
  count(radii: readonly Float64Array[], out: Int32Array): void;
}

/** A space of one or two blocks: sorted axis, rank rectangles of two axes, or a box tree. */
function makeSpace(blocks: readonly Block[], n: number, axes: readonly (SortedAxis | null)[]): Space {
  if (blocks.length === 1 && axes[0] !== null) {
    const A = axes[0];
    return { count: (r, out) => A.countAll(r[0], out) };
  }
  if (blocks.length === 2 && axes[0] !== null && axes[1] !== null) {
    const A = axes[0];
    const B = axes[1];
    return { count: (r, out) => countRectangles(A, B, r[0], r[1], out) };
  }
  let d = 0;
  for (const b of blocks) d += b.cols;
  const data = new Float64Array(n * d);
  let off = 0;
  for (const b of blocks) {
    const m = b.cols;
    for (let i = 0; i < n; i++) for (let c = 0; c < m; c++) data[i * d + off + c] = b.data[i * m + c];
    off += m;
  }
  const tree = new BoxTree(data, n, d);
  const rad = new Float64Array(n * d);
  return {
    count: (r, out) => {
      let o = 0;
      for (let b = 0; b < blocks.length; b++) {
        const m = blocks[b].cols;
        const rb = r[b];
        for (let i = 0; i < n; i++) for (let c = 0; c < m; c++) rad[i * d + o + c] = rb[i];
        o += m;
      }
      tree.countAll(rad, out);
    },
  };
}

function axisOf(b: Block, n: number): SortedAxis | null {
  return b.cols === 1 ? SortedAxis.of(b.data, n) : null;
}

/** The Y- and Z-only structures of I(X; Y | Z), built once and shared by every X evaluated against them. */
export class KsgTarget {
  readonly n: number;
  readonly y: Block;
  readonly z: Block | null;
  /** Sorted axis of a scalar Z, else null. */
  readonly zAxis: SortedAxis | null;
  private readonly zSpace: Space | null;
  private readonly yzSpace: Space;

  constructor(y: Block, z: Block | null, n: number) {
    this.n = n;
    this.y = y;
    this.z = z;
    const yAxis = axisOf(y, n);
    this.zAxis = z === null ? null : axisOf(z, n);
    this.zSpace = z === null ? null : makeSpace([z], n, [this.zAxis]);
    this.yzSpace = z === null ? makeSpace([y], n, [yAxis]) : makeSpace([y, z], n, [yAxis, this.zAxis]);
  }

  /**
   * The estimate (nats) for source block x; `xAxis` is x's sorted axis when x is scalar (optional: built if
   * missing). Fills `locals` (length n) with the local values when given; their mean is the estimate.
   */
  evaluate(x: Block, neighbours: number, algorithm: 1 | 2, locals: Float64Array | null, xAxis?: SortedAxis): number {
    const n = this.n;
    const K = neighbours;
    const dx = x.cols;
    const dy = this.y.cols;
    const dz = this.z === null ? 0 : this.z.cols;
    const d = dx + dy + dz;
    const J = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let c = 0; c < dx; c++) J[o + c] = x.data[i * dx + c];
      for (let c = 0; c < dy; c++) J[o + dx + c] = this.y.data[i * dy + c];
      for (let c = 0; c < dz; c++) J[o + dx + dy + c] = (this.z as Block).data[i * dz + c];
    }
    const tree = new KdTree(J, n, d);
    const pts = tree.pts;
    const idx = tree.idx;
    const rx = new Float64Array(n);
    const ry = algorithm === 1 ? rx : new Float64Array(n);
    const rz = algorithm === 1 ? rx : new Float64Array(n);
    const zeroRadius = new Uint8Array(algorithm === 1 ? n : 0);
    if (algorithm === 1) {
      const kth = new Float64Array(n);
      if (d === 2) tree.kthDistances2(K, kth);
      else {
        const dist = new Float64Array(K);
        const pos = new Int32Array(K);
        for (let p = 0; p < n; p++) {
          tree.knnSelf(p, K, dist, pos);
          kth[p] = dist[K - 1];
        }
      }
      // Strictly inside the k-th neighbour's distance, as JIDT: ≤ the next double below it.
      for (let p = 0; p < n; p++) {
        const i = idx[p];
        rx[i] = nextDown(kth[p]);
        if (kth[p] === 0) zeroRadius[i] = 1;
      }
    } else {
      const dist = new Float64Array(K);
      const pos = new Int32Array(K);
      for (let p = 0; p < n; p++) {
        tree.knnSelf(p, K, dist, pos);
        const q = p * d;
        let ex = 0;
        let ey = 0;
        let ez = 0;
        for (let t = 0; t < K; t++) {
          const b = pos[t] * d;
          for (let c = 0; c < dx; c++) {
            const a = Math.abs(pts[b + c] - pts[q + c]);
            if (a > ex) ex = a;
          }
          for (let c = dx; c < dx + dy; c++) {
            const a = Math.abs(pts[b + c] - pts[q + c]);
            if (a > ey) ey = a;
          }
          for (let c = dx + dy; c < d; c++) {
            const a = Math.abs(pts[b + c] - pts[q + c]);
            if (a > ez) ez = a;
          }
        }
        const i = idx[p];
        rx[i] = ex;
        ry[i] = ey;
        rz[i] = ez;
      }
    }
    const nxz = new Int32Array(n);
    const nyz = new Int32Array(n);
    const nz = this.z === null ? null : new Int32Array(n);
    const ax = dx === 1 ? (xAxis ?? SortedAxis.of(x.data, n)) : null;
    if (this.z === null) {
      makeSpace([x], n, [ax]).count([rx], nxz);
      this.yzSpace.count([ry], nyz);
    } else {
      makeSpace([x, this.z], n, [ax, this.zAxis]).count([rx, rz], nxz);
      this.yzSpace.count([ry, rz], nyz);
      (this.zSpace as Space).count([rz], nz as Int32Array);
    }
    const acc = new Acc();
    const psiK = psiInt(K);
    if (algorithm === 1) {
      const base = nz === null ? psiK + psiInt(n) : psiK;
      for (let i = 0; i < n; i++) {
        let l: number;
        if (zeroRadius[i] === 1) l = nz === null ? base - 2 * psiInt(1) : base - psiInt(1);
        else l = base - psiInt(nxz[i]) - psiInt(nyz[i]) + (nz === null ? 0 : psiInt(nz[i]));
        acc.add(l);
        if (locals !== null) locals[i] = l;
      }
    } else {
      // Counts without the point itself, as JIDT; without Z, n_z is N and the 1/n terms vanish.
      const base = nz === null ? psiK - 1 / K + psiInt(n) : psiK - 2 / K;
      for (let i = 0; i < n; i++) {
        const a = nxz[i] - 1;
        const b = nyz[i] - 1;
        const l = nz === null ? base - psiInt(a) - psiInt(b) : base + psiInt(nz[i] - 1) - psiInt(a) - psiInt(b) + 1 / a + 1 / b;
        acc.add(l);
        if (locals !== null) locals[i] = l;
      }
    }
    return acc.value / n;
  }
}
