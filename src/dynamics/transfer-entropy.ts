import { fail, fmt } from '../internal/errors.js';
import type { Segment, Spec } from './embedding.js';
import { CTE_OPTIONS, embeddingParam, parseSetup, perConditional, TE_OPTIONS } from './options.js';
import type { ConditionalTransferEntropyOptions, Setup, TransferEntropyOptions } from './options.js';
import { finish, Pool, prepareMeasure } from './prepare.js';
import type { LocalValues, Prepared } from './prepare.js';
import { checkAligned, toVariable } from './series.js';
import type { SeriesInput, Variable } from './series.js';

/** Validated embedding of a transfer entropy. */
export interface TeEmbedding {
  readonly k: number;
  readonly kTau: number;
  readonly l: number;
  readonly lTau: number;
  readonly delay: number;
  readonly cond: readonly { k: number; tau: number; delay: number }[];
}

/** Validates k, kTau, l, lTau, delay (and the conditionals' embeddings). */
export function parseTeEmbedding(fn: string, options: unknown, conditionals = 0): TeEmbedding {
  const o = (options ?? {}) as Record<string, unknown>;
  const ck = perConditional(fn, 'conditionalK', o.conditionalK, conditionals);
  const ct = perConditional(fn, 'conditionalTau', o.conditionalTau, conditionals);
  const cd = perConditional(fn, 'conditionalDelay', o.conditionalDelay, conditionals);
  return {
    k: embeddingParam(fn, 'k', o.k),
    kTau: embeddingParam(fn, 'kTau', o.kTau),
    l: embeddingParam(fn, 'l', o.l),
    lTau: embeddingParam(fn, 'lTau', o.lTau),
    delay: embeddingParam(fn, 'delay', o.delay),
    cond: ck.map((k, i) => ({ k, tau: ct[i], delay: cd[i] })),
  };
}

/** Text of an embedding, for error messages. */
export function describeTe(e: TeEmbedding): string {
  const c = e.cond.map((x, i) => `, conditional ${i}: k = ${x.k}, tau = ${x.tau}, delay = ${x.delay}`).join('');
  return `k = ${e.k}, kTau = ${e.kTau}, l = ${e.l}, lTau = ${e.lTau}, delay = ${e.delay}${c}`;
}

/**
 * The spec of TE(source → target | conditionals) = I(source past; target next | target past, conditionals' pasts):
 * source samples x[t+1−delay], x[t+1−delay−lTau], …; the target's next y[t+1]; its past y[t], y[t−kTau], …;
 * conditional c: c[t+1−delay_c], c[t+1−delay_c−tau_c], … (JIDT's embedding).
 */
export function teSpec(e: TeEmbedding, source: number, target: number, conditionals: readonly number[]): Spec {
  const z: Segment[] = [{ v: target, k: e.k, tau: e.kTau, latest: 0 }];
  conditionals.forEach((v, i) => z.push({ v, k: e.cond[i].k, tau: e.cond[i].tau, latest: 1 - e.cond[i].delay }));
  return {
    x: [{ v: source, k: e.l, tau: e.lTau, latest: 1 - e.delay }],
    y: [{ v: target, k: 1, tau: 1, latest: 1 }],
    z,
  };
}

const TE_ESTIMATORS = ['ksg', 'discrete', 'gaussian', 'mixed'] as const;
const CTE_ESTIMATORS = ['ksg', 'discrete', 'gaussian'] as const;

/** Validated inputs of a transfer entropy, prepared for evaluation (and for surrogates of the source). */
export interface PreparedTe {
  readonly setup: Setup;
  readonly pool: Pool;
  readonly prepared: Prepared;
}

/**
 * Validated inputs of TE(source → target | conditionals), before anything is computed: variable 0 is the source,
 * 1 the target, 2 … the conditionals.
 */
export interface ParsedTe {
  readonly setup: Setup;
  readonly emb: TeEmbedding;
  readonly vars: readonly Variable[];
}

/** Validates TE(source → target)'s options and series. */
export function parseTransferEntropy(fn: string, source: unknown, target: unknown, options: unknown, known: readonly string[] = TE_OPTIONS): ParsedTe {
  const setup = parseSetup(fn, options, TE_ESTIMATORS, 'ksg', known);
  const emb = parseTeEmbedding(fn, options);
  const S = toVariable(fn, 'source', source);
  const T = toVariable(fn, 'target', target);
  checkAligned(fn, [S, T]);
  return { setup, emb, vars: [S, T] };
}

/** Validates TE(source → target | conditionals)'s options and series. */
export function parseConditional(fn: string, source: unknown, target: unknown, conditionals: unknown, options: unknown, known: readonly string[] = CTE_OPTIONS): ParsedTe {
  const setup = parseSetup(fn, options, CTE_ESTIMATORS, 'ksg', known);
  if (!Array.isArray(conditionals)) fail('INVALID_ARGUMENT', fn, `conditionals must be an array with one series (or list of trials) per conditional variable (got ${fmt(conditionals)})`);
  if (conditionals.length > 0 && typeof conditionals[0] === 'number') {
    fail('INVALID_ARGUMENT', fn, 'conditionals must be an array of series, one per conditional variable (got an array of numbers: wrap a single series as [series])');
  }
  const S = toVariable(fn, 'source', source);
  const T = toVariable(fn, 'target', target);
  const C: Variable[] = [];
  for (let i = 0; i < conditionals.length; i++) C.push(toVariable(fn, `conditionals[${i}]`, conditionals[i]));
  const emb = parseTeEmbedding(fn, options, conditionals.length);
  checkAligned(fn, [S, T, ...C]);
  return { setup, emb, vars: [S, T, ...C] };
}

/** The conditioning variables of a parsed transfer entropy (2, 3, …). */
export function conditionalIndices(p: ParsedTe): number[] {
  return p.vars.slice(2).map((_, i) => 2 + i);
}

function prepareParsed(p: ParsedTe): PreparedTe {
  const pool = new Pool(p.setup, p.vars);
  return { setup: p.setup, pool, prepared: prepareMeasure(pool, teSpec(p.emb, 0, 1, conditionalIndices(p)), 'cmi', describeTe(p.emb)) };
}

/** Validates and prepares TE(source → target), for the measures and the CLI. */
export function prepareTransferEntropy(fn: string, source: unknown, target: unknown, options: unknown, known: readonly string[] = TE_OPTIONS): PreparedTe {
  return prepareParsed(parseTransferEntropy(fn, source, target, options, known));
}

/** Validates and prepares TE(source → target | conditionals). */
export function prepareConditional(fn: string, source: unknown, target: unknown, conditionals: unknown, options: unknown, known: readonly string[] = CTE_OPTIONS): PreparedTe {
  return prepareParsed(parseConditional(fn, source, target, conditionals, options, known));
}

/**
 * Transfer entropy from `source` to `target` (Schreiber 2000), the information the source's past gives about the
 * target's next value beyond what the target's own past gives:
 * TE(X → Y) = I(X⁽ˡ⁾ₜ₊₁₋ᵤ ; Yₜ₊₁ | Y⁽ᵏ⁾ₜ), with Y⁽ᵏ⁾ₜ = (Yₜ, Yₜ₋τₖ, …, Yₜ₋₍ₖ₋₁₎τₖ) the target's history of length `k` and
 * spacing `kTau`, X⁽ˡ⁾ the source's history of length `l` and spacing `lTau` ending `delay` (u) steps before the
 * target's next value. This is JIDT's embedding, and with noise off its estimators' values: `'ksg'` (algorithm 1
 * or 2: a KSG conditional mutual information of the embedding vectors, max-norm, each column standardised unless
 * `normalize: false`), `'discrete'` (plug-in counts of integer series, any alphabet), `'gaussian'` (linear-Gaussian,
 * = Granger causality / 2) and `'mixed'` (one side integers, the other continuous).
 *
 * Several trials of the same process (arrays of series, in the same order for source and target) are embedded
 * separately and pooled into one estimate. A constant source or target gives exactly 0 (it can carry or receive no
 * information); the KSG estimate can otherwise be slightly negative near 0, as it is returned unclipped.
 *
 * Units: nats unless `base` says otherwise. Cost: KSG O(n log n) in low dimension (one k-d tree for the joint kNN
 * search, exact rank-rectangle counting for scalar marginals); discrete O(n + states); Gaussian O(n d²).
 *
 * @param source - the source series, or a list of trials
 * @param target - the target series (same length), or a list of trials matching the source's
 * @param options - `estimator` (default `'ksg'`), `k`, `kTau`, `l`, `lTau`, `delay` (each default 1), `neighbours`
 *   (default 4), `algorithm` (1 | 2), `noise` (default 1e-8, `false` for none), `seed`, `normalize`, `discrete`, `base`
 * @returns TE(source → target) in nats (or `base` units); with `'gaussian'`, Infinity when the target's next value is
 *   an exact linear function of the two pasts (a perfectly predictable relation)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-array, a non-number sample, a series too short for the
 *   embedding (naming the length it needs), or a discrete state space past 2⁵³ states; `EMPTY_INPUT` for an empty
 *   series or list of trials; `NON_FINITE` for NaN or ±Infinity (naming trial and index); `SHAPE_MISMATCH` for
 *   series or trials of different lengths; `INVALID_LABELS` for negative or non-integer samples with `'discrete'`;
 *   `INVALID_OPTION` for k, kTau, l, lTau or delay not an integer ≥ 1, neighbours ≥ the number of embedded samples,
 *   an unknown estimator, a bad algorithm, noise, seed or base; `NOT_POSITIVE_DEFINITE` for a singular covariance
 *   with `'gaussian'`
 * @example
 * ```ts
 * import { transferEntropy, createRng } from 'infometa';
 * const rng = createRng(3);
 * const x: number[] = [], y: number[] = [0];
 * for (let t = 0; t < 2000; t++) x.push(rng.normal());
 * for (let t = 1; t < 2000; t++) y.push(0.8 * x[t - 1] + 0.6 * rng.normal());
 * // closed form ½ ln(1 + 0.8² / 0.6²) = 0.5108 nats
 * console.log(transferEntropy(x, y, { estimator: 'gaussian' }).toFixed(3)); // 0.495
 * console.log(transferEntropy(x, y).toFixed(3)); // 0.511
 * console.log(transferEntropy(y, x).toFixed(3)); // -0.008
 * ```
 */
export function transferEntropy(source: SeriesInput, target: SeriesInput, options?: TransferEntropyOptions): number {
  const { setup, prepared } = prepareTransferEntropy('transferEntropy', source, target, options);
  return finish(prepared, setup.lnBase, false) as number;
}

/**
 * Local (pointwise) transfer entropy: for each embedded observation, the log-ratio
 * ln p(yₜ₊₁ | y⁽ᵏ⁾ₜ, x⁽ˡ⁾) / p(yₜ₊₁ | y⁽ᵏ⁾ₜ) as the estimator sees it (Lizier 2008); their average is
 * {@link transferEntropy}. Negative local values mark steps where the source misinforms about the target. Same
 * options and errors as {@link transferEntropy}; not available for the `'mixed'` estimator.
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link transferEntropy}, plus O(n) memory.
 *
 * @param source - the source series, or a list of trials
 * @param target - the target series, or a list of trials matching the source's
 * @param options - as {@link transferEntropy}
 * @returns `{ average, values, trial, time }`: `values[i]` belongs to the target sample `time[i]` of trial `trial[i]`
 * @throws InfometaError as {@link transferEntropy}; `INVALID_OPTION` for `estimator: 'mixed'`
 * @example
 * ```ts
 * import { transferEntropyLocal } from 'infometa';
 * const x = [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1];
 * const y = [0, ...x.slice(0, -1)]; // y copies x one step later
 * const te = transferEntropyLocal(x, y, { estimator: 'discrete', base: 2 });
 * console.log(te.average.toFixed(3), te.values.length, te.time[0]); // 0.969 15 1
 * ```
 */
export function transferEntropyLocal(source: SeriesInput, target: SeriesInput, options?: TransferEntropyOptions): LocalValues {
  const { setup, prepared } = prepareTransferEntropy('transferEntropyLocal', source, target, options);
  return finish(prepared, setup.lnBase, true) as LocalValues;
}

/**
 * Conditional (multivariate) transfer entropy from `source` to `target` given other series:
 * TE(X → Y | Z₁, …) = I(X⁽ˡ⁾ ; Yₜ₊₁ | Y⁽ᵏ⁾ₜ, Z₁⁽ᵏ¹⁾, …), each conditional Zᵢ embedded with its own history length
 * (`conditionalK`), spacing (`conditionalTau`) and delay to the target's next value (`conditionalDelay`), as JIDT's
 * `ConditionalTransferEntropyCalculator…`. Conditioning on a common driver removes the spurious flow it induces;
 * conditioning on a mediator removes the indirect flow through it.
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link transferEntropy} in the larger joint space.
 *
 * @param source - the source series, or a list of trials
 * @param target - the target series, or a list of trials
 * @param conditionals - one series (or list of trials) per conditional variable, each aligned with the target
 * @param options - as {@link transferEntropy} (estimators `'ksg'`, `'discrete'`, `'gaussian'`), plus
 *   `conditionalK`, `conditionalTau`, `conditionalDelay` (a number for all, or one per conditional; default 1)
 * @returns the conditional transfer entropy in nats (or `base` units); Infinity as for {@link transferEntropy}
 * @throws InfometaError as {@link transferEntropy}, for each series; `INVALID_ARGUMENT` when `conditionals` is not
 *   an array of series; `SHAPE_MISMATCH` for a per-conditional option of the wrong length
 * @example
 * ```ts
 * import { conditionalTransferEntropy, transferEntropy, createRng } from 'infometa';
 * const rng = createRng(5);
 * const z: number[] = [], x: number[] = [0], y: number[] = [0, 0];
 * for (let t = 0; t < 3000; t++) z.push(rng.normal());
 * for (let t = 1; t < 3000; t++) x.push(z[t - 1] + 0.5 * rng.normal());
 * for (let t = 2; t < 3000; t++) y.push(z[t - 2] + 0.5 * rng.normal());
 * // z drives x after 1 step and y after 2, so x's past looks informative about y until z is conditioned on
 * const g = { estimator: 'gaussian' } as const;
 * console.log(transferEntropy(x, y, g) > 0.2); // true
 * console.log(conditionalTransferEntropy(x, y, [z], { ...g, conditionalDelay: 2 }).toFixed(3)); // 0.000
 * ```
 */
export function conditionalTransferEntropy(
  source: SeriesInput,
  target: SeriesInput,
  conditionals: readonly SeriesInput[],
  options?: ConditionalTransferEntropyOptions,
): number {
  const { setup, prepared } = prepareConditional('conditionalTransferEntropy', source, target, conditionals, options);
  return finish(prepared, setup.lnBase, false) as number;
}

/**
 * Local conditional transfer entropy: one value per embedded observation, averaging to
 * {@link conditionalTransferEntropy}. Same arguments and errors.
 *
 * Units: nats unless `base` says otherwise. Cost: as {@link conditionalTransferEntropy}.
 *
 * @param source - the source series, or a list of trials
 * @param target - the target series, or a list of trials
 * @param conditionals - one series (or list of trials) per conditional variable
 * @param options - as {@link conditionalTransferEntropy}
 * @returns `{ average, values, trial, time }`
 * @throws InfometaError as {@link conditionalTransferEntropy}
 * @example
 * ```ts
 * import { conditionalTransferEntropyLocal } from 'infometa';
 * const x = [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1];
 * const y = [0, ...x.slice(0, -1)];
 * const z = x.map((_, i) => i % 2);
 * const r = conditionalTransferEntropyLocal(x, y, [z], { estimator: 'discrete', base: 2 });
 * console.log(r.values.length, r.average.toFixed(3)); // 15 0.907
 * ```
 */
export function conditionalTransferEntropyLocal(
  source: SeriesInput,
  target: SeriesInput,
  conditionals: readonly SeriesInput[],
  options?: ConditionalTransferEntropyOptions,
): LocalValues {
  const { setup, prepared } = prepareConditional('conditionalTransferEntropyLocal', source, target, conditionals, options);
  return finish(prepared, setup.lnBase, true) as LocalValues;
}
