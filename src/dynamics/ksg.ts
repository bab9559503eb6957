import { Acc } from '../estimators/common.js';
import { psiInt } from '../estimators/ksg.js';
import { nextDown } from '../estimators/samples.js';
import { BoxTree } from './boxtree.js';
import { SortedLine } from '../estimators/sorted-line.js';
import { countRectangles, RectangleScratch } from './rankcount.js';

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

/** A box tree over the concatenated columns of some blocks, counting with one radius per block and row. */
class BlockBoxes {
  private readonly tree: BoxTree;
  private readonly widths: number[];
  private readonly d: number;
  private rad: Float64Array | null = null;

  constructor(blocks: readonly Block[], n: number) {
    this.widths = blocks.map((b) => b.cols);
    let d = 0;
    for (const w of this.widths) d += w;
    this.d = d;
    const data = new Float64Array(n * d);
    let off = 0;
    for (const b of blocks) {
      const m = b.cols;
      for (let i = 0; i < n; i++) for (let c = 0; c < m; c++) data[i * d + off + c] = b.data[i * m + c];
      off += m;
    }
    this.tree = new BoxTree(data, n, d);
  }

  count(radii: readonly Float64Array[], n: number, out: Int32Array): void {
    const d = this.d;
    const rad = this.rad ?? (this.rad = new Float64Array(n * d));
    let o = 0;
    this.widths.forEach((m, b) => {
      const rb = radii[b];
      for (let i = 0; i < n; i++) for (let c = 0; c < m; c++) rad[i * d + o + c] = rb[i];
      o += m;
    });
    this.tree.countAll(rad, out);
  }
}

function axisOf(b: Block, n: number): SortedLine | null {
  return b.cols === 1 ? SortedLine.of(b.data, n) : null;
}

/** Buffers of one evaluation, kept by the target for the next (surrogates evaluate hundreds of times). */
class Workspace {
  readonly rx: Float64Array;
  readonly ry: Float64Array;
  readonly rz: Float64Array;
  readonly kth: Float64Array;
  readonly zero: Uint8Array;
  readonly nxz: Int32Array;
  readonly nyz: Int32Array;
  readonly nz: Int32Array;
  readonly lo: Int32Array;
  readonly zLo: Int32Array;
  readonly zHi: Int32Array;
  readonly rect: RectangleScratch;
  J: Float64Array;
  joint: BoxTree | null = null;
  nbr: Int32Array | null = null;

  constructor(n: number, d: number) {
    this.rx = new Float64Array(n);
    this.ry = new Float64Array(n);
    this.rz = new Float64Array(n);
    this.kth = new Float64Array(n);
    this.zero = new Uint8Array(n);
    this.nxz = new Int32Array(n);
    this.nyz = new Int32Array(n);
    this.nz = new Int32Array(n);
    this.lo = new Int32Array(n);
    this.zLo = new Int32Array(n);
    this.zHi = new Int32Array(n);
    this.rect = new RectangleScratch(n);
    this.J = new Float64Array(n * d);
  }
}

/** The Y- and Z-only structures of I(X; Y | Z), built once and shared by every X evaluated against them. */
export class KsgTarget {
  readonly n: number;
  readonly y: Block;
  readonly z: Block | null;
  /** Sorted axes of a scalar Y and Z, else null. */
  private readonly yAxis: SortedLine | null;
  readonly zAxis: SortedLine | null;
  /** Box trees for multivariate spaces: Z alone, and (Y, Z) (or Y alone without Z) when not two scalars. */
  private readonly zBoxes: BlockBoxes | null;
  private readonly yzBoxes: BlockBoxes | null;
  private ws: Workspace | null = null;

  constructor(y: Block, z: Block | null, n: number) {
    this.n = n;
    this.y = y;
    this.z = z;
    this.yAxis = axisOf(y, n);
    this.zAxis = z === null ? null : axisOf(z, n);
    this.zBoxes = z !== null && this.zAxis === null ? new BlockBoxes([z], n) : null;
    const scalarPlane = this.yAxis !== null && (z === null || this.zAxis !== null);
    this.yzBoxes = scalarPlane ? null : new BlockBoxes(z === null ? [y] : [y, z], n);
  }

  /**
   * The estimate (nats) for source block x; `xAxis` is x's sorted axis when x is scalar (optional: built if
   * missing). Fills `locals` (length n) with the local values when given; their mean is the estimate.
   */
  evaluate(x: Block, neighbours: number, algorithm: 1 | 2, locals: Float64Array | null, xAxis?: SortedLine): number {
    const n = this.n;
    const K = neighbours;
    const dx = x.cols;
    const dy = this.y.cols;
    const z = this.z;
    const dz = z === null ? 0 : z.cols;
    const d = dx + dy + dz;
    if (this.ws === null || this.ws.J.length !== n * d) this.ws = new Workspace(n, d);
    const ws = this.ws;
    const J = ws.J;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let c = 0; c < dx; c++) J[o + c] = x.data[i * dx + c];
      for (let c = 0; c < dy; c++) J[o + dx + c] = this.y.data[i * dy + c];
      for (let c = 0; c < dz; c++) J[o + dx + dy + c] = (z as Block).data[i * dz + c];
    }
    // The joint space's kNN search: one box tree, rebuilt in place on every evaluation.
    const tree = ws.joint ?? (ws.joint = new BoxTree(null, n, d));
    tree.rebuild(J);
    const { rx, kth, zero } = ws;
    const ry = algorithm === 1 ? rx : ws.ry;
    const rz = algorithm === 1 ? rx : ws.rz;
    if (algorithm === 1) {
      tree.knnAll(K, kth, null);
      // Strictly inside the k-th neighbour's distance, as JIDT: ≤ the next double below it.
      for (let i = 0; i < n; i++) {
        rx[i] = nextDown(kth[i]);
        zero[i] = kth[i] === 0 ? 1 : 0;
      }
    } else {
      if (ws.nbr === null || ws.nbr.length !== n * K) ws.nbr = new Int32Array(n * K);
      const nbr = ws.nbr;
      tree.knnAll(K, kth, nbr);
      // Algorithm 2: each variable's radius is the largest of its own distances to the K neighbours.
      for (let i = 0; i < n; i++) {
        const q = i * d;
        let ex = 0;
        let ey = 0;
        let ez = 0;
        for (let t = 0; t < K; t++) {
          const b = nbr[i * K + t] * d;
          for (let c = 0; c < dx; c++) {
            const a = Math.abs(J[b + c] - J[q + c]);
            if (a > ex) ex = a;
          }
          for (let c = dx; c < dx + dy; c++) {
            const a = Math.abs(J[b + c] - J[q + c]);
            if (a > ey) ey = a;
          }
          for (let c = dx + dy; c < d; c++) {
            const a = Math.abs(J[b + c] - J[q + c]);
            if (a > ez) ez = a;
          }
        }
        rx[i] = ex;
        ry[i] = ey;
        rz[i] = ez;
      }
    }
    const { nxz, nyz, lo } = ws;
    const nz = z === null ? null : ws.nz;
    const ax = dx === 1 ? (xAxis ?? SortedLine.of(x.data, n)) : null;
    if (z === null) {
      // Mutual information: counts in X and in Y alone.
      if (ax !== null) ax.countAllSwept(rx, nxz, lo);
      else new BlockBoxes([x], n).count([rx], n, nxz);
      if (this.yAxis !== null) this.yAxis.countAllSwept(ry, nyz, lo);
      else (this.yzBoxes as BlockBoxes).count([ry], n, nyz);
    } else if (this.zAxis !== null) {
      // Scalar Z: its neighbourhoods are ranges of sorted positions, shared by n_z, n_xz and n_yz.
      const { zLo, zHi } = ws;
      const Z = this.zAxis;
      Z.intervals(rz, zLo, zHi);
      for (let i = 0; i < n; i++) (nz as Int32Array)[i] = zHi[i] - zLo[i] + 1;
      if (ax !== null) {
        ax.intervals(rx, lo, nxz);
        countRectangles(ax, lo, nxz, Z, zLo, zHi, nxz, ws.rect);
      } else new BlockBoxes([x, z], n).count([rx, rz], n, nxz);
      if (this.yAxis !== null) {
        this.yAxis.intervals(ry, lo, nyz);
        countRectangles(this.yAxis, lo, nyz, Z, zLo, zHi, nyz, ws.rect);
      } else (this.yzBoxes as BlockBoxes).count([ry, rz], n, nyz);
    } else {
      (this.zBoxes as BlockBoxes).count([rz], n, nz as Int32Array);
      new BlockBoxes([x, z], n).count([rx, rz], n, nxz);
      (this.yzBoxes as BlockBoxes).count([ry, rz], n, nyz);
    }
    const acc = new Acc();
    const psiK = psiInt(K);
    if (algorithm === 1) {
      const base = nz === null ? psiK + psiInt(n) : psiK;
      for (let i = 0; i < n; i++) {
        let l: number;
        if (zero[i] === 1) l = nz === null ? base - 2 * psiInt(1) : base - psiInt(1);
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
