import { checkBoolean, checkChoice, checkOptions, logBase, optionNames } from '../internal/validate.js';
import { pluginEntropy } from './estimators.js';
import { dmiCounts } from '../kernels/contingency.js';
import { logRatio } from '../kernels/logratio.js';
import { checkDistribution } from './distribution.js';
import { DISTRIBUTION_OPTIONS } from './options.js';
import type { DistributionOptions } from './options.js';
import { toTable, type Table, type Table2D } from './table.js';

/** How {@link normalizedMutualInformation} normalizes I(X;Y). */
export type NmiAverage = 'arithmetic' | 'geometric' | 'min' | 'max' | 'joint';

/** All NMI normalizers, for validation. */
export const NMI_AVERAGES: readonly NmiAverage[] = ['arithmetic', 'geometric', 'min', 'max', 'joint'];

/** Options of {@link normalizedMutualInformation}. */
export interface NmiOptions extends DistributionOptions {
  /**
   * Normalizer: `arithmetic` ½(H(X)+H(Y)) (default, as scikit-learn), `geometric` √(H(X)H(Y)), `min`, `max`, or
   * `joint` H(X,Y).
   */
  average?: NmiAverage;
}

/** The option names of {@link NmiOptions}. */
const NMI_OPTIONS = optionNames<NmiOptions>()('base', 'normalize', 'average');

interface Prepared2D {
  w: Float64Array;
  kx: number;
  ky: number;
  S: number;
  rows: Float64Array;
  cols: Float64Array;
  lnb: number;
}

function prepare2D(fn: string, pxy: unknown, options: DistributionOptions | undefined, names: readonly string[] = DISTRIBUTION_OPTIONS): Prepared2D {
  checkOptions(fn, options, names);
  const lnb = logBase(fn, options?.base);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const t = toTable(fn, 'pxy', pxy, 2);
  const { data: w, a } = checkDistribution(fn, 'pxy', t.data, normalize);
  const [kx, ky] = t.shape;
  const rows = new Float64Array(kx);
  const cols = new Float64Array(ky);
  for (let i = 0; i < kx; i++) {
    for (let j = 0; j < ky; j++) {
      const v = w[i * ky + j];
      rows[i] += v;
      cols[j] += v;
    }
  }
  return { w, kx, ky, S: 1 / a, rows, cols, lnb };
}

/** H = (1/S) Σ wᵢ ln(S/wᵢ) for weights with total S (every term ≥ 0). */
const entropyOfWeights = pluginEntropy;

/** H(X|Y) = (1/S) Σ w ln(s_j / w), X on axis 0. Every term is ≥ 0. */
function condEntropy(p: Prepared2D, transpose: boolean): number {
  const { w, kx, ky, S, rows, cols } = p;
  let s = 0;
  for (let i = 0; i < kx; i++) {
    for (let j = 0; j < ky; j++) {
      const v = w[i * ky + j];
      if (v > 0) s += v * logRatio(transpose ? rows[i] : cols[j], 1, v, 1);
    }
  }
  return Math.max(0, s / S);
}

/**
 * Joint entropy H(X, Y, …) = −Σ p log p of a joint distribution given as a table of any number of axes.
 *
 * Units: nats unless `base` says otherwise. Cost: O(cells).
 *
 * @param pxy - joint distribution: a {@link Table} (any number of axes), rows as `number[][]`, or an ml-matrix Matrix
 * @param options - `base`, `normalize`
 * @returns H ≥ 0
 * @throws InfometaError `INVALID_ARGUMENT` for a non-table; `SHAPE_MISMATCH` for ragged rows or a shape that does not
 *   match the data; `EMPTY_INPUT`; `NON_FINITE`; `INVALID_DISTRIBUTION` for negative entries, a sum other than 1
 *   (unless `normalize`) or all zeros; `INVALID_OPTION` for a bad `base`
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { jointEntropy } from 'infometa';
 * console.log(jointEntropy([[0.25, 0.25], [0.25, 0.25]], { base: 2 })); // 2
 * ```
 */
export function jointEntropy(pxy: Table2D | Table, options?: DistributionOptions): number {
  const fn = 'jointEntropy';
  checkOptions(fn, options, DISTRIBUTION_OPTIONS);
  const lnb = logBase(fn, options?.base);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const ndim = typeof pxy === 'object' && pxy !== null && 'shape' in pxy && Array.isArray(pxy.shape) ? pxy.shape.length : 2;
  const t = toTable(fn, 'pxy', pxy, Math.max(1, ndim));
  const { data, a } = checkDistribution(fn, 'pxy', t.data, normalize);
  return entropyOfWeights(data, 1 / a) / lnb;
}

/**
 * Conditional entropy H(X|Y) = −Σ p(x,y) log(p(x,y)/p(y)) = H(X,Y) − H(Y), with X on axis 0 (rows) and Y on axis 1.
 *
 * Units: nats unless `base` says otherwise. Cost: O(cells).
 *
 * @param pxy - 2-D joint distribution, X on rows
 * @param options - `base`, `normalize`
 * @returns 0 ≤ H(X|Y) ≤ H(X)
 * @throws InfometaError as {@link jointEntropy}; `SHAPE_MISMATCH` for a table that is not 2-D
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { conditionalEntropy } from 'infometa';
 * console.log(conditionalEntropy([[0.25, 0.25], [0.5, 0]], { base: 2 }).toFixed(4)); // 0.6887
 * ```
 */
export function conditionalEntropy(pxy: Table2D, options?: DistributionOptions): number {
  const p = prepare2D('conditionalEntropy', pxy, options);
  return condEntropy(p, false) / p.lnb;
}

/**
 * Mutual information I(X;Y) = Σ p(x,y) log(p(x,y) / (p(x)p(y))), one logarithm per cell so that a value near 0 is
 * accurate, clamped at 0 against rounding.
 *
 * Units: nats unless `base` says otherwise. Cost: O(cells).
 *
 * @param pxy - 2-D joint distribution, X on rows, Y on columns
 * @param options - `base`, `normalize`
 * @returns 0 ≤ I(X;Y) ≤ min(H(X), H(Y))
 * @throws InfometaError as {@link conditionalEntropy}
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { mutualInformation } from 'infometa';
 * console.log(mutualInformation([[0.5, 0], [0, 0.5]], { base: 2 })); // 1
 * ```
 */
export function mutualInformation(pxy: Table2D, options?: DistributionOptions): number {
  const p = prepare2D('mutualInformation', pxy, options);
  return Math.max(0, dmiCounts(p.kx, p.ky, p.w, p.rows, p.cols, p.S)) / p.lnb;
}

/**
 * Conditional mutual information I(X;Y|Z) = Σ p(x,y,z) log(p(z) p(x,y,z) / (p(x,z) p(y,z))) of a 3-D table with
 * axes (x, y, z), clamped at 0 against rounding.
 *
 * Units: nats unless `base` says otherwise. Cost: O(cells).
 *
 * @param pxyz - 3-D joint distribution made with `table(data, [nx, ny, nz])`
 * @param options - `base`, `normalize`
 * @returns I(X;Y|Z) ≥ 0
 * @throws InfometaError as {@link jointEntropy}; `SHAPE_MISMATCH` for a table that is not 3-D
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { table, conditionalMutualInformation } from 'infometa';
 * // X = Y = Z, a fair bit: knowing Z leaves nothing for X to tell about Y.
 * const p = table([0.5, 0, 0, 0, 0, 0, 0, 0.5], [2, 2, 2]);
 * console.log(conditionalMutualInformation(p)); // 0
 * ```
 */
export function conditionalMutualInformation(pxyz: Table, options?: DistributionOptions): number {
  const fn = 'conditionalMutualInformation';
  checkOptions(fn, options, DISTRIBUTION_OPTIONS);
  const lnb = logBase(fn, options?.base);
  const normalize = checkBoolean(fn, 'normalize', options?.normalize, false);
  const t = toTable(fn, 'pxyz', pxyz, 3);
  const { data: w, a } = checkDistribution(fn, 'pxyz', t.data, normalize);
  const [nx, ny, nz] = t.shape;
  const pxz = new Float64Array(nx * nz);
  const pyz = new Float64Array(ny * nz);
  const pz = new Float64Array(nz);
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      const base = (x * ny + y) * nz;
      for (let z = 0; z < nz; z++) {
        const v = w[base + z];
        pxz[x * nz + z] += v;
        pyz[y * nz + z] += v;
        pz[z] += v;
      }
    }
  }
  let s = 0;
  let comp = 0;
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      const base = (x * ny + y) * nz;
      for (let z = 0; z < nz; z++) {
        const v = w[base + z];
        if (v > 0) {
          const term = v * logRatio(pz[z], v, pxz[x * nz + z], pyz[y * nz + z]);
          const tt = s + term;
          if (Math.abs(s) >= Math.abs(term)) comp += s - tt + term;
          else comp += term - tt + s;
          s = tt;
        }
      }
    }
  }
  return Math.max(0, (s + comp) * a) / lnb;
}

/** The NMI normalizer of H(X), H(Y) (and H(X,Y) for `joint`). */
export function nmiNormalizer(average: NmiAverage, hx: number, hy: number, hxy: number): number {
  switch (average) {
    case 'arithmetic':
      return 0.5 * (hx + hy);
    case 'geometric':
      return Math.sqrt(hx * hy);
    case 'min':
      return Math.min(hx, hy);
    case 'max':
      return Math.max(hx, hy);
    case 'joint':
      return hxy;
  }
}

/** NMI from its parts, with scikit-learn's conventions for the degenerate cases. */
export function nmiFromParts(mi: number, hx: number, hy: number, hxy: number, average: NmiAverage, bothConstant: boolean): number {
  if (bothConstant) return 1;
  if (mi <= 0) return 0;
  const d = nmiNormalizer(average, hx, hy, hxy);
  if (!(d > 0)) return 0;
  return Math.min(1, Math.max(0, mi / d));
}

/**
 * Normalized mutual information NMI = I(X;Y) / A(H(X), H(Y)), where the normalizer A is chosen by `average`
 * (`arithmetic` by default, as scikit-learn; `geometric`, `min`, `max`, or `joint` = H(X,Y)).
 *
 * Unitless, in [0, 1]. As scikit-learn: 1 when both variables are constant (a single row and column carry all the
 * mass), 0 when I = 0 otherwise. Cost: O(cells).
 *
 * @param pxy - 2-D joint distribution
 * @param options - `average`, `normalize` (`base` is accepted and has no effect on a ratio)
 * @returns NMI in [0, 1]
 * @throws InfometaError as {@link mutualInformation}; `INVALID_OPTION` for an unknown `average`
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { normalizedMutualInformation } from 'infometa';
 * const p = [[0.4, 0.1], [0.1, 0.4]];
 * console.log(normalizedMutualInformation(p).toFixed(4)); // 0.2781
 * ```
 */
export function normalizedMutualInformation(pxy: Table2D, options?: NmiOptions): number {
  const fn = 'normalizedMutualInformation';
  const p = prepare2D(fn, pxy, options, NMI_OPTIONS);
  const average = checkChoice(fn, 'average', options?.average, NMI_AVERAGES, 'arithmetic');
  const hx = entropyOfWeights(p.rows, p.S);
  const hy = entropyOfWeights(p.cols, p.S);
  const mi = Math.max(0, dmiCounts(p.kx, p.ky, p.w, p.rows, p.cols, p.S));
  const hxy = average === 'joint' ? entropyOfWeights(p.w, p.S) : 0;
  let nzr = 0;
  let nzc = 0;
  for (let i = 0; i < p.kx; i++) if (p.rows[i] > 0) nzr++;
  for (let j = 0; j < p.ky; j++) if (p.cols[j] > 0) nzc++;
  return nmiFromParts(mi, hx, hy, hxy, average, nzr === 1 && nzc === 1);
}

/**
 * Variation of information VI(X;Y) = H(X|Y) + H(Y|X) = H(X,Y) − I(X;Y), a metric on partitions.
 *
 * Units: nats unless `base` says otherwise. Cost: O(cells).
 *
 * @param pxy - 2-D joint distribution
 * @param options - `base`, `normalize`
 * @returns VI ≥ 0, 0 iff X and Y determine each other
 * @throws InfometaError as {@link mutualInformation}
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { variationOfInformation } from 'infometa';
 * console.log(variationOfInformation([[0.25, 0.25], [0.25, 0.25]], { base: 2 })); // 2
 * ```
 */
export function variationOfInformation(pxy: Table2D, options?: DistributionOptions): number {
  const p = prepare2D('variationOfInformation', pxy, options);
  return (condEntropy(p, false) + condEntropy(p, true)) / p.lnb;
}
