import type { Spec } from './embedding.js';
import { embeddingParam, parseSetup, RATE_OPTIONS, STORAGE_OPTIONS } from './options.js';
import type { DynamicsEstimator, EntropyRateOptions, StorageOptions } from './options.js';
import { finish, Pool, prepareMeasure } from './prepare.js';
import type { LocalValues } from './prepare.js';
import { toVariable } from './series.js';
import type { SeriesInput } from './series.js';

/** The measures of one series' own dynamics, as specs over its history (k samples spaced by tau). */
const SPECS = {
  /** AIS = I(X⁽ᵏ⁾ₜ; Xₜ₊₁). */
  ais: (k: number, tau: number): Spec => ({ x: [{ v: 0, k, tau, latest: 0 }], y: [{ v: 0, k: 1, tau: 1, latest: 1 }], z: [] }),
  /** PI = I(X⁽ᵏ⁾ₜ; X⁽ᵏ⁺⁾ₜ₊₁), the future block Xₜ₊₁, Xₜ₊₁₊τ, … */
  pi: (k: number, tau: number): Spec => ({ x: [{ v: 0, k, tau, latest: 0 }], y: [{ v: 0, k, tau, latest: 1 + (k - 1) * tau }], z: [] }),
  /** Entropy rate H(Xₜ₊₁ | X⁽ᵏ⁾ₜ). */
  rate: (k: number, tau: number): Spec => ({ x: [], y: [{ v: 0, k: 1, tau: 1, latest: 1 }], z: [{ v: 0, k, tau, latest: 0 }] }),
};

const STORAGE_ESTIMATORS = ['ksg', 'discrete', 'gaussian'] as const;
const RATE_ESTIMATORS = ['kl', 'discrete', 'gaussian'] as const;

function run(fn: string, series: unknown, options: unknown, measure: keyof typeof SPECS, local: boolean): number | LocalValues {
  const rate = measure === 'rate';
  const setup = parseSetup(fn, options, rate ? RATE_ESTIMATORS : STORAGE_ESTIMATORS, (rate ? 'kl' : 'ksg') as DynamicsEstimator, rate ? RATE_OPTIONS : STORAGE_OPTIONS);
  const o = (options ?? {}) as Record<string, unknown>;
  const k = embeddingParam(fn, 'k', o.k);
  const tau = embeddingParam(fn, 'tau', o.tau);
  const pool = new Pool(setup, [toVariable(fn, 'series', series)]);
  const p = prepareMeasure(pool, SPECS[measure](k, tau), rate ? 'ce' : 'cmi', `k = ${k}, tau = ${tau}`);
  return finish(p, setup.lnBase, local);
}

/** The spec of active information storage with history k, tau (for embedding selection). */
export function aisSpec(k: number, tau: number): Spec {
  return SPECS.ais(k, tau);
}

/**
 * Active information storage (Lizier, Prokopenko & Zomaya 2012): how much of a series' next value its own past
 * predicts, A = I(X⁽ᵏ⁾ₜ ; Xₜ₊₁) with X⁽ᵏ⁾ₜ = (Xₜ, Xₜ₋τ, …, Xₜ₋₍ₖ₋₁₎τ). With noise off, the KSG estimate equals JIDT's
 * `ActiveInfoStorageCalculatorKraskov` (a KSG mutual information of the embedding vectors, columns standardised
 * unless `normalize: false`), the discrete one `ActiveInformationCalculatorDiscrete`. Trials are pooled.
 *
 * Units: nats unless `base` says otherwise. Cost: KSG O(n log n) in low dimension; discrete O(n + states).
 *
 * @param series - the series, or a list of trials
 * @param options - `estimator` (`'ksg'` default, `'discrete'`, `'gaussian'`), `k` (history length, default 1),
 *   `tau` (spacing, default 1), `neighbours` (default 4), `algorithm`, `noise`, `seed`, `normalize`, `base`
 * @returns the active information storage in nats (or `base` units); with `'gaussian'`, Infinity for a series whose
 *   next value is an exact linear function of its past
 * @throws InfometaError as {@link transferEntropy} for the series and options (k, tau integers ≥ 1)
 * @example
 * ```ts
 * import { activeInformationStorage } from 'infometa';
 * const x = Array.from({ length: 401 }, (_, t) => [0, 0, 1, 1][t % 4]);
 * // a period-4 pattern: one past sample says nothing about the next, two determine it (1 bit)
 * console.log(activeInformationStorage(x, { estimator: 'discrete', k: 1, base: 2 })); // 0
 * console.log(activeInformationStorage(x, { estimator: 'discrete', k: 2, base: 2 }).toFixed(4)); // 1.0000
 * ```
 */
export function activeInformationStorage(series: SeriesInput, options?: StorageOptions): number {
  return run('activeInformationStorage', series, options, 'ais', false) as number;
}

/**
 * Local active information storage: ln p(xₜ₊₁ | x⁽ᵏ⁾ₜ) / p(xₜ₊₁) per embedded observation, averaging to
 * {@link activeInformationStorage}. Same options and errors.
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link activeInformationStorage}.
 *
 * @param series - the series, or a list of trials
 * @param options - as {@link activeInformationStorage}
 * @returns `{ average, values, trial, time }`
 * @throws InfometaError as {@link activeInformationStorage}
 * @example
 * ```ts
 * import { activeInformationStorageLocal } from 'infometa';
 * const r = activeInformationStorageLocal([0, 0, 1, 1, 0, 0, 1, 1, 0, 0], { estimator: 'discrete', k: 2, base: 2 });
 * console.log(r.average, r.values.join(' ')); // 1 1 1 1 1 1 1 1 1
 * ```
 */
export function activeInformationStorageLocal(series: SeriesInput, options?: StorageOptions): LocalValues {
  return run('activeInformationStorageLocal', series, options, 'ais', true) as LocalValues;
}

/**
 * Predictive information (excess entropy estimate, Bialek, Nemenman & Tishby 2001): what a series' past block says
 * about its future block of the same length, E = I(X⁽ᵏ⁾ₜ ; X⁽ᵏ⁺⁾ₜ₊₁), past (Xₜ, Xₜ₋τ, …) and future
 * (Xₜ₊₁, Xₜ₊₁₊τ, …, Xₜ₊₁₊₍ₖ₋₁₎τ), k samples each. For k = 1 it is the active information storage.
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link activeInformationStorage} in dimension 2k.
 *
 * @param series - the series, or a list of trials
 * @param options - as {@link activeInformationStorage}
 * @returns the predictive information in nats (or `base` units); Infinity as for {@link activeInformationStorage}
 * @throws InfometaError as {@link activeInformationStorage}
 * @example
 * ```ts
 * import { predictiveInformation } from 'infometa';
 * const x = Array.from({ length: 403 }, (_, t) => [0, 0, 1, 1][t % 4]);
 * // two past samples pin down the phase of the pattern: 2 bits about the next two
 * console.log(predictiveInformation(x, { estimator: 'discrete', k: 2, base: 2 })); // 2
 * ```
 */
export function predictiveInformation(series: SeriesInput, options?: StorageOptions): number {
  return run('predictiveInformation', series, options, 'pi', false) as number;
}

/**
 * Local predictive information, one value per embedded observation, averaging to {@link predictiveInformation}.
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link predictiveInformation}.
 *
 * @param series - the series, or a list of trials
 * @param options - as {@link predictiveInformation}
 * @returns `{ average, values, trial, time }` (`time` is the first future sample)
 * @throws InfometaError as {@link predictiveInformation}
 * @example
 * ```ts
 * import { predictiveInformationLocal } from 'infometa';
 * const r = predictiveInformationLocal([0, 1, 0, 1, 0, 1, 0, 1, 0], { estimator: 'discrete', base: 2 });
 * console.log(r.average, r.values.length); // 1 8
 * ```
 */
export function predictiveInformationLocal(series: SeriesInput, options?: StorageOptions): LocalValues {
  return run('predictiveInformationLocal', series, options, 'pi', true) as LocalValues;
}

/**
 * Entropy rate estimate h = H(Xₜ₊₁ | X⁽ᵏ⁾ₜ): the uncertainty about the next value left by the past k samples (it
 * decreases to the true entropy rate as k grows). `'discrete'` counts states (bits with `base: 2`), `'gaussian'` is
 * ½ ln(2πe σ²) of the linear-prediction residual, and `'kl'` (default) the difference of Kozachenko–Leonenko
 * entropies h(Xₜ₊₁, X⁽ᵏ⁾ₜ) − h(X⁽ᵏ⁾ₜ), max-norm, with `neighbours` neighbours. Differential entropy rates can be
 * negative and depend on the units of the series (`normalize`, default true, standardises each column first).
 *
 * Units: nats unless `base` says otherwise. Cost: O(n log n) for `'kl'`, O(n + states) discrete.
 *
 * @param series - the series, or a list of trials
 * @param options - `estimator` (`'kl'` default, `'discrete'`, `'gaussian'`), `k`, `tau`, `neighbours`, `noise`,
 *   `seed`, `normalize`, `base`
 * @returns the entropy rate in nats (or `base` units)
 * @throws InfometaError as {@link activeInformationStorage}; `INVALID_ARGUMENT` with `'kl'` when repeated embedded
 *   vectors make a neighbour distance 0 (keep the default noise); `NOT_POSITIVE_DEFINITE` with `'gaussian'` for a
 *   constant or perfectly predictable series
 * @example
 * ```ts
 * import { entropyRate, createRng } from 'infometa';
 * console.log(entropyRate([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1], { estimator: 'discrete', k: 2 })); // 0
 * // a biased coin, P(1) = 0.3: H = 0.881 bits per toss
 * const rng = createRng(2);
 * const coin = Array.from({ length: 4000 }, () => (rng.next() < 0.3 ? 1 : 0));
 * console.log(entropyRate(coin, { estimator: 'discrete', base: 2 }).toFixed(2)); // 0.87
 * // standard normal white noise: ½ ln(2πe) = 1.419 nats
 * const noise = Array.from({ length: 4000 }, () => rng.normal());
 * console.log(entropyRate(noise).toFixed(2)); // 1.42
 * ```
 */
export function entropyRate(series: SeriesInput, options?: EntropyRateOptions): number {
  return run('entropyRate', series, options, 'rate', false) as number;
}

/**
 * Local entropy rate −ln p(xₜ₊₁ | x⁽ᵏ⁾ₜ) per embedded observation, averaging to {@link entropyRate}.
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link entropyRate}.
 *
 * @param series - the series, or a list of trials
 * @param options - as {@link entropyRate}
 * @returns `{ average, values, trial, time }`
 * @throws InfometaError as {@link entropyRate}
 * @example
 * ```ts
 * import { entropyRateLocal } from 'infometa';
 * const r = entropyRateLocal([0, 1, 1, 0, 1, 1, 0, 1, 1], { estimator: 'discrete', base: 2 });
 * console.log(r.average.toFixed(3), r.values.length); // 0.607 8
 * ```
 */
export function entropyRateLocal(series: SeriesInput, options?: EntropyRateOptions): LocalValues {
  return run('entropyRateLocal', series, options, 'rate', true) as LocalValues;
}
