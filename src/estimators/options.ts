import { optionNames } from '../internal/validate.js';

/** Options shared by the k-nearest-neighbour estimators ({@link ksgMutualInformation}, {@link klEntropy}, …). */
export interface KnnOptions {
  /** Number of neighbours, a positive integer less than the number of samples. Default 3 (as scikit-learn). */
  k?: number;
  /**
   * Tie-breaking noise: each column j gets `noise · sd_j · N(0, 1)` added to a private copy of the data, sd_j being
   * the column's standard deviation (constant columns get none), a level in [0, 1]. Default `1e-10`; `0` or `false`
   * turns it off, which is what to use to reproduce scikit-learn's `_compute_mi_cc` exactly. Ties (repeated values)
   * otherwise make neighbour distances 0 and bias the estimate.
   */
  noise?: number | false;
  /** Seed of the noise generator (see `createRng`), an integer; the same seed always gives the same result. Default 0. */
  seed?: number;
  /** Logarithm base of the result: `Math.E` (default, nats), 2 (bits), any finite number > 0 and ≠ 1. */
  base?: number;
}

/** Options of the mutual-information kNN estimators. */
export interface KsgOptions extends KnnOptions {
  /**
   * Kraskov–Stögbauer–Grassberger algorithm: `1` (default; counts strictly inside the joint k-th-neighbour
   * radius, as scikit-learn and JIDT's default) or `2` (per-marginal radii, counts ≤ the radius; lower bias,
   * higher variance in high dimension).
   */
  algorithm?: 1 | 2;
  /**
   * `false` (default): return the raw estimate, which can be slightly negative when the true value is near 0 — the
   * estimator is unbiased-ish around 0, so clipping would bias averages and null distributions upward. `true`:
   * return max(0, estimate), as scikit-learn does.
   */
  clip?: boolean;
}

/** Options of {@link ksgConditionalMutualInformation} and {@link mixedMutualInformation}. */
export interface KnnMiOptions extends KnnOptions {
  /** `true` clips negative estimates to 0 (scikit-learn's behaviour); default `false` returns them as they are. */
  clip?: boolean;
}

/** The option names of {@link KnnOptions}. */
export const KNN_OPTIONS = optionNames<KnnOptions>()('k', 'noise', 'seed', 'base');
/** The option names of {@link KsgOptions}. */
export const KSG_OPTIONS = optionNames<KsgOptions>()('k', 'noise', 'seed', 'base', 'algorithm', 'clip');
/** The option names of {@link KnnMiOptions}. */
export const KNN_MI_OPTIONS = optionNames<KnnMiOptions>()('k', 'noise', 'seed', 'base', 'clip');
