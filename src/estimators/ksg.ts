import { digamma } from '../internal/special.js';
import { Acc, parseKnn } from './common.js';
import { KdTree } from './kdtree.js';
import { radiusCounter } from './radius-counter.js';
import type { RadiusCounter } from './radius-counter.js';
import { KNN_MI_OPTIONS, KSG_OPTIONS } from './options.js';
import type { KnnMiOptions, KsgOptions } from './options.js';
import { checkKVsN, checkSameRows, isConstant, joinColumns, nextDown, toColumns } from './samples.js';
import type { Columns, Samples } from './samples.js';
import { fail, fmt } from '../internal/errors.js';

const PSI_TABLE = 4096;
const psiTable = new Float64Array(PSI_TABLE);
for (let m = 1; m < PSI_TABLE; m++) psiTable[m] = digamma(m);

/** ψ(m) for an integer m ≥ 1, tabulated for small m. */
export function psiInt(m: number): number {
  return m < PSI_TABLE ? psiTable[m] : digamma(m);
}

/** Points per range of the KSG sums, at least: below it, one range (the plain compensated sum over all points). */
const KSG_RANGE = 1024;

/** Ranges the KSG sums are cut into, at most: enough to balance 16 workers. */
const KSG_RANGES = 64;

/**
 * The fixed cut of the N per-point KSG terms into min(64, ⌈N / 1024⌉) contiguous ranges of tree positions, as
 * [start, end) pairs in order. Each range is summed on its own and the range sums are added in this order, by the
 * synchronous estimators and by workers alike: the cut depends on N only, so every split gives the same bits.
 */
export function ksgRanges(n: number): [number, number][] {
  const c = Math.max(1, Math.min(KSG_RANGES, Math.ceil(n / KSG_RANGE)));
  const out: [number, number][] = [];
  for (let i = 0; i < c; i++) out.push([Math.floor((i * n) / c), Math.floor(((i + 1) * n) / c)]);
  return out;
}

/** The sum of the range sums of {@link ksgRanges}, in their order (compensated). */
export function sumRanges(sums: ArrayLike<number>): number {
  const acc = new Acc();
  for (let i = 0; i < sums.length; i++) acc.add(sums[i]);
  return acc.value;
}

/** The per-point terms of a KSG estimate over a set of points, computed by range and summed in the fixed cut. */
export interface KsgTerms {
  readonly n: number;
  /** Computes the neighbour radii and marginal counts of tree positions [from, to). */
  fill(from: number, to: number): void;
  /** Compensated sum of the per-point terms of positions [from, to) (after `fill` covered them). */
  sum(from: number, to: number): number;
  /** The estimate in nats from the sum of all the per-point terms. */
  finish(total: number): number;
}

/** Computes every term at once and sums them in the fixed ranges: what the synchronous estimators do. */
export function ksgEstimate(t: KsgTerms): number {
  t.fill(0, t.n);
  return t.finish(sumRanges(ksgRanges(t.n).map(([a, b]) => t.sum(a, b))));
}

/** The KSG MI estimate (nats) from the sum of its N per-point terms: ψ(N) + ψ(k) (− 1/k for algorithm 2) − sum / N. */
export function ksgMiFinish(total: number, n: number, k: number, algorithm: 1 | 2): number {
  return algorithm === 1 ? digamma(n) + psiInt(k) - total / n : digamma(n) + psiInt(k) - 1 / k - total / n;
}

/** The KSG CMI estimate (nats) from the sum of its N per-point terms: ψ(k) − sum / N. */
export function ksgCmiFinish(total: number, n: number, k: number): number {
  return psiInt(k) - total / n;
}

/** Marginal counts of positions [from, to): all at once (the structure's fast order), or point by point. */
function countRange(c: RadiusCounter, radius: Float64Array, out: Int32Array, from: number, to: number): void {
  if (from === 0 && to === out.length) c.countAll(radius, out);
  else for (let i = from; i < to; i++) out[i] = c.count(i, radius[i]);
}

/**
 * The KSG MI terms on validated, already noised joint data [x | y] (n × (dx + dy), row-major): the search
 * structures are built once, the terms computed for any range of points. For two scalars, `orders` may give the
 * rows' sort orders by x and by y (a permutation loop knows them).
 */
export class KsgMiTerms implements KsgTerms {
  readonly n: number;
  private readonly d: number;
  private readonly tree: KdTree;
  private readonly cx: RadiusCounter;
  private readonly cy: RadiusCounter;
  private readonly dist: Float64Array;
  private readonly pos: Int32Array;
  private readonly rx: Float64Array;
  private readonly ry: Float64Array;
  private readonly nx: Int32Array;
  private readonly ny: Int32Array;

  constructor(
    joint: Float64Array,
    n: number,
    private readonly dx: number,
    dy: number,
    private readonly k: number,
    private readonly algorithm: 1 | 2,
    orders?: readonly [Int32Array, Int32Array],
  ) {
    const d = dx + dy;
    this.n = n;
    this.d = d;
    this.tree = new KdTree(joint, n, d, 8, orders);
    // Everything works in tree order (rows of tree.pts): consecutive rows are spatially close, so the marginal
    // counts of consecutive points touch nearby memory. For two scalars the tree's presorted build already has both
    // coordinate orders.
    const pts = this.tree.pts;
    const sorted = this.tree.sortedPos;
    this.cx = radiusCounter(pts, n, d, 0, dx, sorted !== null ? sorted[0] : undefined);
    this.cy = radiusCounter(pts, n, d, dx, dy, sorted !== null ? sorted[1] : undefined);
    this.dist = new Float64Array(k);
    this.pos = new Int32Array(k);
    this.rx = new Float64Array(n);
    this.ry = algorithm === 1 ? this.rx : new Float64Array(n);
    this.nx = new Int32Array(n);
    this.ny = new Int32Array(n);
  }

  fill(from: number, to: number): void {
    const { tree, d, dx, k, dist, pos, rx, ry } = this;
    const pts = tree.pts;
    if (this.algorithm === 1) {
      // Strictly inside the k-th neighbour's distance: ≤ nextafter(ε, 0), as scikit-learn.
      if (d === 2) tree.kthDistances2(k, rx, from, to);
      else {
        for (let p = from; p < to; p++) {
          tree.knnSelf(p, k, dist, pos);
          rx[p] = dist[k - 1];
        }
      }
      for (let p = from; p < to; p++) rx[p] = nextDown(rx[p]);
    } else {
      for (let p = from; p < to; p++) {
        tree.knnSelf(p, k, dist, pos);
        const qb = p * d;
        let ex = 0;
        let ey = 0;
        for (let t = 0; t < k; t++) {
          const b = pos[t] * d;
          for (let j = 0; j < dx; j++) {
            const a = Math.abs(pts[b + j] - pts[qb + j]);
            if (a > ex) ex = a;
          }
          for (let j = dx; j < d; j++) {
            const a = Math.abs(pts[b + j] - pts[qb + j]);
            if (a > ey) ey = a;
          }
        }
        rx[p] = ex;
        ry[p] = ey;
      }
    }
    countRange(this.cx, rx, this.nx, from, to);
    countRange(this.cy, ry, this.ny, from, to);
  }

  sum(from: number, to: number): number {
    const { nx, ny } = this;
    const acc = new Acc();
    if (this.algorithm === 1) for (let i = from; i < to; i++) acc.add(psiInt(nx[i]) + psiInt(ny[i]));
    // Counts ≤ the marginal radii, the point itself excluded: n_x ≥ k always.
    else for (let i = from; i < to; i++) acc.add(psiInt(nx[i] - 1) + psiInt(ny[i] - 1));
    return acc.value;
  }

  finish(total: number): number {
    return ksgMiFinish(total, this.n, this.k, this.algorithm);
  }
}

/**
 * KSG core on validated, already noised joint data [x | y] (n × (dx + dy), row-major). Returns the raw estimate in
 * nats. For two scalars, `orders` may give the rows' sort orders by x and by y (a permutation loop knows them).
 */
export function ksgCore(
  joint: Float64Array,
  n: number,
  dx: number,
  dy: number,
  k: number,
  algorithm: 1 | 2,
  orders?: readonly [Int32Array, Int32Array],
): number {
  return ksgEstimate(new KsgMiTerms(joint, n, dx, dy, k, algorithm, orders));
}

/**
 * The Frenzel–Pompe CMI terms on validated, already noised joint data laid out [x | z | y] (n × (dx + dz + dy)).
 */
export class KsgCmiTerms implements KsgTerms {
  readonly n: number;
  private readonly tree: KdTree;
  private readonly cxz: RadiusCounter;
  private readonly cz: RadiusCounter;
  private readonly cyz: RadiusCounter;
  private readonly dist: Float64Array;
  private readonly pos: Int32Array;
  private readonly radius: Float64Array;
  private readonly nxz: Int32Array;
  private readonly nyz: Int32Array;
  private readonly nz: Int32Array;

  constructor(J: Float64Array, n: number, dx: number, dy: number, dz: number, private readonly k: number) {
    const d = dx + dy + dz;
    const dyz = dy + dz;
    this.n = n;
    this.tree = new KdTree(J, n, d);
    // Work in tree order (see KsgMiTerms); yz is gathered from the tree-ordered rows.
    const P = this.tree.pts;
    const yz = new Float64Array(n * dyz);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dy; j++) yz[i * dyz + j] = P[i * d + dx + dz + j];
      for (let j = 0; j < dz; j++) yz[i * dyz + dy + j] = P[i * d + dx + j];
    }
    this.cxz = radiusCounter(P, n, d, 0, dx + dz);
    this.cz = radiusCounter(P, n, d, dx, dz);
    this.cyz = radiusCounter(yz, n, dyz, 0, dyz);
    this.dist = new Float64Array(k);
    this.pos = new Int32Array(k);
    this.radius = new Float64Array(n);
    this.nxz = new Int32Array(n);
    this.nyz = new Int32Array(n);
    this.nz = new Int32Array(n);
  }

  fill(from: number, to: number): void {
    const { tree, k, dist, pos, radius } = this;
    for (let p = from; p < to; p++) {
      tree.knnSelf(p, k, dist, pos);
      radius[p] = nextDown(dist[k - 1]);
    }
    countRange(this.cxz, radius, this.nxz, from, to);
    countRange(this.cyz, radius, this.nyz, from, to);
    countRange(this.cz, radius, this.nz, from, to);
  }

  sum(from: number, to: number): number {
    const { nxz, nyz, nz } = this;
    const acc = new Acc();
    for (let i = from; i < to; i++) acc.add(psiInt(nxz[i]) + psiInt(nyz[i]) - psiInt(nz[i]));
    return acc.value;
  }

  finish(total: number): number {
    return ksgCmiFinish(total, this.n, this.k);
  }
}

function prepareXY(fn: string, x: unknown, y: unknown): { X: Columns; Y: Columns; n: number } {
  const X = toColumns(fn, 'x', x);
  const Y = toColumns(fn, 'y', y);
  const n = checkSameRows(fn, ['x', 'y'], [X, Y]);
  return { X, Y, n };
}

/**
 * Kraskov–Stögbauer–Grassberger (KSG) estimate of the mutual information I(X;Y) between continuous, possibly
 * multivariate, variables from paired samples, using the max-norm in the joint space.
 *
 * Algorithm 1 (default): with ε_i the distance from sample i to its k-th nearest neighbour in the joint space and
 * n_x(i), n_y(i) the numbers of other samples strictly closer than ε_i in each marginal space,
 * Î = ψ(N) + ψ(k) − ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩. Algorithm 2 uses the marginal extents ε_x(i), ε_y(i) of the k
 * neighbours and counts ≤ them: Î = ψ(N) + ψ(k) − 1/k − ⟨ψ(n_x) + ψ(n_y)⟩.
 * With noise off, algorithm 1 reproduces scikit-learn's `_compute_mi_cc` to rounding (≤ 1e-9 in the tests).
 *
 * The estimate is returned as it is, so it can be slightly negative when I ≈ 0: the estimator's error is
 * symmetric-ish around the truth there, and clipping at 0 (scikit-learn's choice, `clip: true` here) biases means
 * and permutation null distributions upward. If x or y is constant (every row identical), the result is exactly 0.
 *
 * Distances are taken on the coordinates as given, so the max-norm is dominated by the column with the largest
 * scale: standardize columns on very different scales first (scikit-learn's `mutual_info_regression` divides each
 * by its standard deviation before calling the estimator; `_compute_mi_cc`, reproduced here, does not).
 *
 * Units: nats unless `base` says otherwise. Cost: O(N log N) typical for low dimension (one k-d tree for the joint
 * kNN search, sorted arrays for 1-D marginals and k-d trees for multivariate ones); O(N d) memory.
 *
 * @param x - samples of X: `number[][]` rows, a `{ data, rows, cols }` matrix, or a 1-D array (one column)
 * @param y - samples of Y, same number of rows as x
 * @param options - `k` (default 3), `algorithm` (1 | 2), `noise` (default 1e-10 relative, `false` for none),
 *   `seed`, `base`, `clip`
 * @returns Î(X;Y) in nats (or `base` units)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-array; `EMPTY_INPUT` for no samples; `NON_FINITE` for NaN or
 *   ±Infinity (naming row and column); `SHAPE_MISMATCH` for rows of unequal length or x and y with different row
 *   counts; `INVALID_OPTION` for k not a positive integer, k ≥ N (fewer than k + 1 samples), an algorithm other
 *   than 1 or 2, a negative noise, a bad seed or base
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { ksgMutualInformation, createRng } from 'infometa';
 * const rng = createRng(1);
 * const x: number[] = [], y: number[] = [];
 * for (let i = 0; i < 2000; i++) {
 *   const a = rng.normal();
 *   x.push(a);
 *   y.push(0.6 * a + 0.8 * rng.normal());
 * }
 * // true value −½ ln(1 − 0.6²) = 0.2231; at n = 2000 single estimates scatter by about ±0.02
 * console.log(ksgMutualInformation(x, y).toFixed(2)); // 0.27
 * ```
 */
export function ksgMutualInformation(x: Samples, y: Samples, options?: KsgOptions): number {
  const c = ksgMiInput('ksgMutualInformation', x, y, options);
  if (c.joint === null) return 0;
  return ksgScaled(c, ksgCore(c.joint, c.n, c.dx, c.dy, c.k, c.algorithm));
}

/** A validated KSG call: the noised joint sample (null when x or y is constant: the estimate is 0) and settings. */
export interface KsgInput {
  joint: Float64Array | null;
  n: number;
  dx: number;
  dy: number;
  /** Columns of z (CMI; 0 for MI). */
  dz: number;
  k: number;
  algorithm: 1 | 2;
  clip: boolean;
  lnBase: number;
}

/** The raw estimate clipped (if asked) and in the asked base. */
export function ksgScaled(c: KsgInput, raw: number): number {
  return (c.clip && raw < 0 ? 0 : raw) / c.lnBase;
}

/** Validates the arguments of `ksgMutualInformation` (errors named for `fn`) and adds the noise. */
export function ksgMiInput(fn: string, x: unknown, y: unknown, options: unknown): KsgInput {
  const o = parseKnn(fn, options, KSG_OPTIONS);
  const alg = (options as KsgOptions | undefined)?.algorithm;
  if (alg !== undefined && alg !== 1 && alg !== 2) fail('INVALID_OPTION', fn, `algorithm must be 1 or 2 (got ${fmt(alg)})`);
  const { X, Y, n } = prepareXY(fn, x, y);
  checkKVsN(fn, o.k, n);
  const joint = isConstant(X) || isConstant(Y) ? null : joinColumns([X, Y], o.noise, o.rng).data;
  return { joint, n, dx: X.cols, dy: Y.cols, dz: 0, k: o.k, algorithm: alg ?? 1, clip: o.clip, lnBase: o.lnBase };
}

/** Validates the arguments of `ksgConditionalMutualInformation` and adds the noise; the joint layout is [x | z | y]. */
export function ksgCmiInput(fn: string, x: unknown, y: unknown, z: unknown, options: unknown): KsgInput {
  const o = parseKnn(fn, options, KNN_MI_OPTIONS);
  const X = toColumns(fn, 'x', x);
  const Y = toColumns(fn, 'y', y);
  const Z = toColumns(fn, 'z', z);
  const n = checkSameRows(fn, ['x', 'y', 'z'], [X, Y, Z]);
  checkKVsN(fn, o.k, n);
  // Layout [x | z | y]: xz and z are contiguous column ranges; yz is gathered into its own matrix.
  const joint = isConstant(X) || isConstant(Y) ? null : joinColumns([X, Z, Y], o.noise, o.rng).data;
  return { joint, n, dx: X.cols, dy: Y.cols, dz: Z.cols, k: o.k, algorithm: 1, clip: o.clip, lnBase: o.lnBase };
}

/**
 * KSG-style estimate of the conditional mutual information I(X;Y|Z) (Frenzel & Pompe 2007; Vejmelka & Paluš
 * 2008), max-norm: with ε_i the distance to the k-th nearest neighbour in the joint (x, y, z) space and n_xz, n_yz,
 * n_z the numbers of other samples strictly closer than ε_i in those subspaces,
 * Î = ψ(k) − ⟨ψ(n_xz + 1) + ψ(n_yz + 1) − ψ(n_z + 1)⟩. As for {@link ksgMutualInformation}, the raw estimate may
 * be slightly negative near 0 (`clip: true` clips it); if x or y is constant the result is exactly 0.
 *
 * Units: nats unless `base` says otherwise. Cost: O(N log N) typical in low dimension.
 *
 * @param x - samples of X (rows, `{ data, rows, cols }`, or 1-D)
 * @param y - samples of Y, same row count
 * @param z - samples of the conditioning variable Z, same row count
 * @param options - `k` (default 3), `noise`, `seed`, `base`, `clip`
 * @returns Î(X;Y|Z) in nats (or `base` units)
 * @throws InfometaError as {@link ksgMutualInformation}, for each of x, y, z
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { ksgConditionalMutualInformation, createRng } from 'infometa';
 * const rng = createRng(2);
 * const x: number[] = [], y: number[] = [], z: number[] = [];
 * for (let i = 0; i < 2000; i++) {
 *   const c = rng.normal();
 *   z.push(c);
 *   x.push(c + 0.5 * rng.normal());
 *   y.push(c + 0.5 * rng.normal());
 * }
 * // X and Y are dependent only through Z: I(X;Y|Z) = 0
 * console.log(Math.abs(ksgConditionalMutualInformation(x, y, z)) < 0.03); // true
 * ```
 */
export function ksgConditionalMutualInformation(x: Samples, y: Samples, z: Samples, options?: KnnMiOptions): number {
  const c = ksgCmiInput('ksgConditionalMutualInformation', x, y, z, options);
  if (c.joint === null) return 0;
  return ksgScaled(c, ksgEstimate(new KsgCmiTerms(c.joint, c.n, c.dx, c.dy, c.dz, c.k)));
}
