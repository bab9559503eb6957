import { fail, fmt } from '../internal/errors.js';
import { checkSeed } from '../internal/rng.js';
import { checkBoolean, checkChoice, checkInteger, checkNumber, checkOptions, logBase, optionNames } from '../internal/validate.js';

/**
 * Estimators of the dynamics measures:
 * - `'ksg'`: Kraskov–Stögbauer–Grassberger kNN estimator (algorithms 1 and 2, max-norm) of the measure as a
 *   (conditional) mutual information between embedding vectors, as JIDT's `…CalculatorKraskov`;
 * - `'discrete'`: plug-in counts of integer series (any alphabet), as JIDT's `…CalculatorDiscrete`;
 * - `'gaussian'`: linear-Gaussian closed form (transfer entropy = Granger causality / 2), as JIDT's
 *   `…CalculatorGaussian`;
 * - `'mixed'`: one discrete and one continuous side of a transfer entropy (Ross's kNN estimator through the chain rule);
 * - `'kl'`: Kozachenko–Leonenko kNN entropies, for the entropy rate of a continuous series.
 */
export type DynamicsEstimator = 'ksg' | 'discrete' | 'gaussian' | 'mixed' | 'kl';

/** Options of the kNN estimators of the dynamics measures. */
export interface KnnDynamicsOptions {
  /** Number of nearest neighbours K, an integer ≥ 1 below the number of embedded samples. Default 4 (JIDT's). */
  neighbours?: number;
  /** KSG algorithm: `1` (default, JIDT's default) or `2`. */
  algorithm?: 1 | 2;
  /**
   * Tie-breaking noise of the kNN estimators (`'ksg'`, `'mixed'`, `'kl'`), in [0, 1]: each series gets `noise · sd · N(0, 1)`
   * added to a private copy (sd: the series' standard deviation). Default `1e-8`, JIDT's `NOISE_LEVEL_TO_ADD` for
   * standardised data; `0` or `false` turns it off, which is how the tests reproduce JIDT to 1e-9. Repeated values
   * otherwise tie at distance 0. The discrete and Gaussian estimators use the samples as they are.
   */
  noise?: number | false;
  /** Seed of the noise (see `createRng`), an integer; the same seed always gives the same result. Default 0. */
  seed?: number;
  /**
   * `true` (default, JIDT's `NORMALISE`): standardise every embedded column (mean 0, sample standard deviation 1)
   * before the kNN search, so series on different scales weigh alike in the max-norm; `false`: use the values as
   * they are.
   */
  normalize?: boolean;
}

/** Options shared by every dynamics measure. */
export interface DynamicsOptions extends KnnDynamicsOptions {
  /** Logarithm base of the result: `Math.E` (default, nats), 2 (bits), any finite number > 0 and ≠ 1. */
  base?: number;
}

/** Options of {@link transferEntropy} and {@link transferEntropyLocal}. */
export interface TransferEntropyOptions extends DynamicsOptions {
  /** `'ksg'` (default), `'discrete'`, `'gaussian'` or `'mixed'`. */
  estimator?: 'ksg' | 'discrete' | 'gaussian' | 'mixed';
  /** Target history length k ≥ 1 (default 1). */
  k?: number;
  /** Spacing of the target history samples (default 1). */
  kTau?: number;
  /** Source history length l ≥ 1 (default 1). */
  l?: number;
  /** Spacing of the source history samples (default 1). */
  lTau?: number;
  /** Source–target delay u ≥ 1 (default 1): the latest source sample is u steps before the target's next value. */
  delay?: number;
  /**
   * For `'mixed'`: which side is discrete (integer symbols). Default: the one of source and target whose samples are
   * all non-negative integers, when exactly one is.
   */
  discrete?: 'source' | 'target';
}

/** Options of {@link conditionalTransferEntropy}. */
export interface ConditionalTransferEntropyOptions extends Omit<TransferEntropyOptions, 'estimator' | 'discrete'> {
  /** `'ksg'` (default), `'discrete'` or `'gaussian'`. */
  estimator?: 'ksg' | 'discrete' | 'gaussian';
  /** History length of each conditional series (one number for all, or one per conditional); default 1. */
  conditionalK?: number | readonly number[];
  /** Spacing of each conditional's history samples; default 1. */
  conditionalTau?: number | readonly number[];
  /** Delay of each conditional to the target's next value; default 1. */
  conditionalDelay?: number | readonly number[];
}

/** Options of {@link activeInformationStorage} and {@link predictiveInformation}. */
export interface StorageOptions extends DynamicsOptions {
  /** `'ksg'` (default), `'discrete'` or `'gaussian'`. */
  estimator?: 'ksg' | 'discrete' | 'gaussian';
  /** History (and, for predictive information, future) length k ≥ 1 (default 1). */
  k?: number;
  /** Spacing of the history samples (default 1). */
  tau?: number;
}

/** Options of {@link entropyRate}. */
export interface EntropyRateOptions extends DynamicsOptions {
  /** `'kl'` (default: Kozachenko–Leonenko for continuous series), `'discrete'` or `'gaussian'`. */
  estimator?: 'kl' | 'discrete' | 'gaussian';
  /** History length k ≥ 1 (default 1). */
  k?: number;
  /** Spacing of the history samples (default 1). */
  tau?: number;
}

/** Validated options shared by the dynamics measures. */
export interface Setup {
  readonly fn: string;
  readonly estimator: DynamicsEstimator;
  readonly lnBase: number;
  readonly neighbours: number;
  readonly algorithm: 1 | 2;
  readonly noise: number;
  readonly seed: number;
  readonly normalize: boolean;
  readonly discreteSide: 'source' | 'target' | undefined;
}

/** Option names of {@link transferEntropy}. */
export const TE_OPTIONS = optionNames<TransferEntropyOptions>()('estimator', 'k', 'kTau', 'l', 'lTau', 'delay', 'discrete', 'neighbours', 'algorithm', 'noise', 'seed', 'normalize', 'base');
/** Option names of {@link conditionalTransferEntropy}. */
export const CTE_OPTIONS = optionNames<ConditionalTransferEntropyOptions>()(
  'estimator',
  'k',
  'kTau',
  'l',
  'lTau',
  'delay',
  'conditionalK',
  'conditionalTau',
  'conditionalDelay',
  'neighbours',
  'algorithm',
  'noise',
  'seed',
  'normalize',
  'base',
);
/** Option names of {@link activeInformationStorage} and {@link predictiveInformation}. */
export const STORAGE_OPTIONS = optionNames<StorageOptions>()('estimator', 'k', 'tau', 'neighbours', 'algorithm', 'noise', 'seed', 'normalize', 'base');
/** Option names of {@link entropyRate}. */
export const RATE_OPTIONS = optionNames<EntropyRateOptions>()('estimator', 'k', 'tau', 'neighbours', 'algorithm', 'noise', 'seed', 'normalize', 'base');

/** Validates the estimator and the options every measure shares; `known` lists the function's option names. */
export function parseSetup(fn: string, options: unknown, estimators: readonly DynamicsEstimator[], dflt: DynamicsEstimator, known: readonly string[]): Setup {
  checkOptions(fn, options, known);
  const o = (options ?? {}) as Record<string, unknown>;
  const estimator = checkChoice(fn, 'estimator', o.estimator, estimators, dflt);
  const neighbours = checkInteger(fn, 'neighbours', o.neighbours, 4, 1);
  const alg = o.algorithm;
  if (alg !== undefined && alg !== 1 && alg !== 2) fail('INVALID_OPTION', fn, `algorithm must be 1 or 2 (got ${fmt(alg)})`);
  const noise = o.noise === false ? 0 : checkNumber(fn, 'noise', o.noise, 1e-8, 0, 1);
  const seed = checkSeed(fn, 'seed', o.seed, 0);
  const side = o.discrete;
  if (side !== undefined && side !== 'source' && side !== 'target') fail('INVALID_OPTION', fn, `discrete must be 'source' or 'target' (got ${fmt(side)})`);
  return {
    fn,
    estimator,
    lnBase: logBase(fn, o.base),
    neighbours,
    algorithm: (alg ?? 1) as 1 | 2,
    noise,
    seed,
    normalize: checkBoolean(fn, 'normalize', o.normalize, true),
    discreteSide: side as 'source' | 'target' | undefined,
  };
}

/** An embedding parameter: an integer ≥ 1 (k, tau, l, delay, …). */
export function embeddingParam(fn: string, name: string, value: unknown): number {
  return checkInteger(fn, name, value, 1, 1);
}

/** A per-conditional embedding parameter: one integer ≥ 1 for all, or an array with one per conditional. */
export function perConditional(fn: string, name: string, value: unknown, count: number): number[] {
  if (Array.isArray(value)) {
    if (value.length !== count) fail('SHAPE_MISMATCH', fn, `${name} must have one entry per conditional series (got ${value.length} for ${count})`);
    return value.map((v, i) => checkInteger(fn, `${name}[${i}]`, v, 1, 1));
  }
  const v = embeddingParam(fn, name, value);
  return Array.from({ length: count }, () => v);
}
