import { fail } from '../internal/errors.js';
import { factorize } from '../core/labels.js';
import type { Labels } from '../core/labels.js';
import { Acc, parseKnn } from './common.js';
import { argsortF64 } from '../internal/argsort.js';
import { KdTree } from './kdtree.js';
import { radiusCounter } from './radius-counter.js';
import { kthDistanceSorted } from './sorted-line.js';
import { psiInt } from './ksg.js';
import { KNN_MI_OPTIONS } from './options.js';
import type { KnnMiOptions } from './options.js';
import { checkKVsN, checkSameRows, isConstant, joinColumns, nextDown, toColumns } from './samples.js';
import type { Samples } from './samples.js';

/**
 * Ross (2014) estimator on factorized codes (0 … kc−1) and noised row-major continuous data (n × d). Samples whose
 * label occurs once are ignored, as in scikit-learn. Returns NaN only when no label occurs twice (callers check).
 */
export function mixedCore(codes: Int32Array, kc: number, data: Float64Array, n: number, d: number, k: number): number {
  const labelCount = new Int32Array(kc);
  for (let i = 0; i < n; i++) labelCount[codes[i]]++;
  // Group the rows of each label (counting sort by code).
  const offsets = new Int32Array(kc + 1);
  for (let c = 0; c < kc; c++) offsets[c + 1] = offsets[c] + labelCount[c];
  const order = new Int32Array(n);
  const fillPos = offsets.slice(0, kc);
  for (let i = 0; i < n; i++) order[fillPos[codes[i]]++] = i;
  const radius = new Float64Array(n);
  const kAll = new Int32Array(n);
  const dist = new Float64Array(k);
  const pos = new Int32Array(k);
  let m = 0;
  let maxCount = 0;
  for (let c = 0; c < kc; c++) if (labelCount[c] > maxCount) maxCount = labelCount[c];
  const buf = new Float64Array(maxCount * d);
  const sorted = new Float64Array(d === 1 ? maxCount : 0);
  const kth = new Float64Array(d === 1 ? maxCount : 0);
  for (let c = 0; c < kc; c++) {
    const cnt = labelCount[c];
    if (cnt < 2) continue;
    m += cnt;
    const kk = Math.min(k, cnt - 1);
    const o = offsets[c];
    for (let t = 0; t < cnt; t++) {
      const b = order[o + t] * d;
      for (let j = 0; j < d; j++) buf[t * d + j] = data[b + j];
    }
    if (d === 1) {
      // 1-D: sort the class once and walk outwards from each point.
      const ord = argsortF64(buf, cnt);
      for (let t = 0; t < cnt; t++) sorted[t] = buf[ord[t]];
      kthDistanceSorted(sorted, cnt, kk, kth);
      for (let t = 0; t < cnt; t++) {
        const row = order[o + ord[t]];
        radius[row] = nextDown(kth[t]);
        kAll[row] = kk;
      }
    } else {
      const tree = new KdTree(buf, cnt, d);
      for (let p = 0; p < cnt; p++) {
        tree.knnSelf(p, kk, dist, pos);
        const row = order[o + tree.idx[p]];
        radius[row] = nextDown(dist[kk - 1]);
        kAll[row] = kk;
      }
    }
  }
  if (m === 0) return NaN;
  // Counting over the samples whose label occurs at least twice. In 1-D they are visited in sorted order, so the
  // sorted line needs no second sort and consecutive counts touch nearby memory.
  const kept = new Int32Array(m);
  const sub = new Float64Array(m * d);
  const visit = d === 1 ? argsortF64(data, n) : null;
  let t = 0;
  for (let u = 0; u < n; u++) {
    const i = visit !== null ? visit[u] : u;
    if (labelCount[codes[i]] < 2) continue;
    kept[t] = i;
    for (let j = 0; j < d; j++) sub[t * d + j] = data[i * d + j];
    t++;
  }
  let identity: Int32Array | undefined;
  if (d === 1) {
    identity = new Int32Array(m);
    for (let u = 0; u < m; u++) identity[u] = u;
  }
  const counter = radiusCounter(sub, m, d, 0, d, identity);
  const subRadius = new Float64Array(m);
  for (let s = 0; s < m; s++) subRadius[s] = radius[kept[s]];
  const mAll = new Int32Array(m);
  counter.countAll(subRadius, mAll);
  const acc = new Acc();
  for (let s = 0; s < m; s++) {
    const i = kept[s];
    acc.add(psiInt(kAll[i]) - psiInt(labelCount[codes[i]]) - psiInt(mAll[s]));
  }
  return psiInt(m) + acc.value / m;
}

/**
 * Mutual information I(L;X) between a discrete variable L (labels) and a continuous, possibly multivariate,
 * variable X, by the nearest-neighbour estimator of Ross (2014), as scikit-learn's `mutual_info_classif`:
 * for each sample i, d_i is the distance to the k-th nearest sample with the same label (k reduced to
 * N_{L_i} − 1 for small classes), m_i the number of samples of any label strictly closer than d_i (i included),
 * and Î = ψ(N) + ⟨ψ(k)⟩ − ⟨ψ(N_{L_i})⟩ − ⟨ψ(m_i)⟩. Samples whose label occurs only once are dropped (N counts the
 * rest). Distances are max-norm (|·| in 1-D, where this equals scikit-learn's Euclidean). With noise off it
 * reproduces scikit-learn's `_compute_mi_cd` to rounding.
 *
 * The raw estimate can be slightly negative near 0 and is returned as is (`clip: true` gives max(0, Î), as
 * scikit-learn). A constant x gives exactly 0.
 *
 * Units: nats unless `base` says otherwise. Cost: O(N log N) typical for low-dimensional x.
 *
 * @param labels - discrete labels: integer typed arrays, integer `number[]`, or `string[]`
 * @param x - continuous samples (rows, `{ data, rows, cols }`, or 1-D), one row per label
 * @param options - `k` (default 3), `noise`, `seed`, `base`, `clip`
 * @returns Î(L;X) in nats (or `base` units)
 * @throws InfometaError `INVALID_LABELS` for non-integer numeric labels, mixed types, or labels that each occur
 *   once; `SHAPE_MISMATCH` when labels and x have different lengths; otherwise as {@link ksgMutualInformation}
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { mixedMutualInformation, createRng } from 'infometa';
 * const rng = createRng(3);
 * const labels: number[] = [], x: number[] = [];
 * for (let i = 0; i < 2000; i++) {
 *   const c = i % 2;
 *   labels.push(c);
 *   x.push(3 * c + rng.normal());
 * }
 * // true value h(½N(0,1) + ½N(3,1)) − ½ ln(2πe) = 0.527 (numerical integration)
 * console.log(mixedMutualInformation(labels, x).toFixed(2)); // 0.53
 * ```
 */
export function mixedMutualInformation(labels: Labels, x: Samples, options?: KnnMiOptions): number {
  const fn = 'mixedMutualInformation';
  const o = parseKnn(fn, options, KNN_MI_OPTIONS);
  const L = factorize(fn, 'labels', labels);
  const X = toColumns(fn, 'x', x);
  const n = checkSameRows(fn, ['labels', 'x'], [{ data: X.data, rows: L.codes.length, cols: 1, owned: false }, X]);
  checkKVsN(fn, o.k, n);
  if (isConstant(X) || L.k === 1) return 0;
  const J = joinColumns([X], o.noise, o.rng);
  let mi = mixedCore(L.codes, L.k, J.data, n, X.cols, o.k);
  if (Number.isNaN(mi)) fail('INVALID_LABELS', fn, `every label occurs once (${n} samples, ${L.k} labels); at least one label needs 2 samples`);
  if (o.clip && mi < 0) mi = 0;
  return mi / o.lnBase;
}
