import { checkOptions } from '../internal/validate.js';
import type { ConditionalTransferEntropyOptions, TransferEntropyOptions } from './options.js';
import type { SeriesInput } from './series.js';
import { CTE_OPTIONS, TE_OPTIONS } from './options.js';
import { parseSurrogates, SURROGATE_OPTIONS, tally } from './surrogates.js';
import type { SurrogateMethod, SurrogateOptions, SurrogatePlan, SurrogateTally } from './surrogates.js';
import { combineTe, planTeWork, runTeWork } from './te-work.js';
import type { TeWork } from './te-work.js';
import { conditionalIndices, parseConditional, parseTransferEntropy } from './transfer-entropy.js';
import type { ParsedTe } from './transfer-entropy.js';

/** Options of {@link transferEntropyTest}: the measure's options plus the surrogates'. */
export interface TransferEntropyTestOptions extends TransferEntropyOptions, SurrogateOptions {}

/** Options of {@link conditionalTransferEntropyTest}. */
export interface ConditionalTransferEntropyTestOptions extends ConditionalTransferEntropyOptions, SurrogateOptions {}

/** Result of a surrogate test of a transfer entropy (values in the units of `base`). */
export interface TransferEntropyTestResult extends SurrogateTally {
  /** The transfer entropy of the data as given. */
  statistic: number;
  /** Number of surrogates m. */
  surrogates: number;
  /** How the surrogates were made. */
  surrogate: SurrogateMethod;
}

/** Option names of {@link transferEntropyTest}. */
export const TEST_OPTIONS: readonly string[] = [...TE_OPTIONS, ...SURROGATE_OPTIONS.filter((k) => k !== 'seed')];
/** Option names of {@link conditionalTransferEntropyTest}. */
export const CTEST_OPTIONS: readonly string[] = [...CTE_OPTIONS, ...SURROGATE_OPTIONS.filter((k) => k !== 'seed')];

/** A validated surrogate test: its work (one pair, source 0 → target 1) and the long-running controls. */
export interface TeTestCall {
  readonly work: TeWork;
  readonly plan: SurrogatePlan;
}

/** Validates a transfer-entropy test (`conditionals` null) or a conditional one; nothing is computed yet. */
export function parseTeTest(fn: string, source: unknown, target: unknown, conditionals: { value: unknown } | null, options: unknown, known: readonly string[]): TeTestCall {
  checkOptions(fn, options, known);
  const plan = parseSurrogates(fn, options, 1000);
  const p: ParsedTe = conditionals === null ? parseTransferEntropy(fn, source, target, options, known) : parseConditional(fn, source, target, conditionals.value, options, known);
  return { work: planTeWork(p.setup, p.vars, p.emb, [{ source: 0, target: 1, conditionals: conditionalIndices(p) }], [[0]], plan), plan };
}

/** The test's result from its chunks' results. */
export function teTestResult({ work, plan }: TeTestCall, results: readonly Float64Array[]): TransferEntropyTestResult {
  const { observed, nulls } = combineTe(work, results);
  const lb = work.setup.lnBase;
  const t = tally(observed[0], nulls[0]);
  return { statistic: observed[0] / lb, pValue: t.pValue, nullMean: t.nullMean / lb, nullStd: t.nullStd / lb, surrogates: plan.m, surrogate: plan.method };
}

function runTest(call: TeTestCall): TransferEntropyTestResult {
  return teTestResult(call, runTeWork(call.work, call.plan.signal, call.plan.onProgress));
}

/**
 * Tests whether a transfer entropy is significant against surrogates that keep the target's history intact: the
 * source's embedded past vectors are shuffled over the observations (`surrogate: 'shuffle'`, default, as JIDT's
 * `computeSignificance`) or rotated within each trial (`'circular'`), m times, the transfer entropy recomputed each
 * time with the same estimator, noise and embedding, and the one-sided p-value (b + 1) / (m + 1) returned, b being
 * the number of surrogates at least as large as the observed value (Phipson & Smyth 2010: never 0, exact).
 *
 * With the KSG estimator every surrogate reuses the target-only structures (the sorted axis or box tree of the
 * target's past and the counting structure of its next value with its past); only the joint k-d tree and the
 * source–target-past counts are rebuilt, and a scalar source's sorted order is carried through the permutation
 * without sorting. Surrogates run in seeded chunks, so the p-value depends only on the data, the options and `seed`.
 *
 * Units: `statistic`, `nullMean`, `nullStd` in nats unless `base` says otherwise. Cost: (m + 1) estimates.
 *
 * @param source - the source series, or a list of trials
 * @param target - the target series, or a list of trials
 * @param options - everything {@link transferEntropy} takes, plus `surrogates` (default 1000), `surrogate`,
 *   `minShift`, `seed`, `signal`, `onProgress`
 * @returns `{ statistic, pValue, nullMean, nullStd, surrogates, surrogate }`
 * @throws InfometaError as {@link transferEntropy}; `INVALID_OPTION` for surrogates < 1, an unknown surrogate
 *   method, a minShift above half the shortest trial, a bad signal or onProgress; `ABORTED` when the signal fires
 * @example
 * ```ts
 * import { transferEntropyTest, createRng } from 'infometa';
 * const rng = createRng(9);
 * const x: number[] = [], y: number[] = [0];
 * for (let t = 0; t < 500; t++) x.push(rng.normal());
 * for (let t = 1; t < 500; t++) y.push(0.6 * x[t - 1] + rng.normal());
 * const r = transferEntropyTest(x, y, { surrogates: 99, seed: 1 });
 * console.log(r.pValue, r.statistic > r.nullMean); // 0.01 true
 * console.log(transferEntropyTest(y, x, { surrogates: 99, seed: 1 }).pValue > 0.05); // true
 * ```
 */
export function transferEntropyTest(source: SeriesInput, target: SeriesInput, options?: TransferEntropyTestOptions): TransferEntropyTestResult {
  const fn = 'transferEntropyTest';
  return runTest(parseTeTest(fn, source, target, null, options, TEST_OPTIONS));
}

/**
 * Surrogate test of a conditional transfer entropy: as {@link transferEntropyTest}, the source's past shuffled (or
 * rotated) while the target's past and next values and the conditionals stay as they are, so the null keeps every
 * relation of the target with the conditioning series.
 *
 * Units: as {@link transferEntropyTest}. Cost: (m + 1) conditional transfer entropies.
 *
 * @param source - the source series, or a list of trials
 * @param target - the target series, or a list of trials
 * @param conditionals - one series (or list of trials) per conditional variable
 * @param options - everything {@link conditionalTransferEntropy} takes, plus the surrogate options
 * @returns `{ statistic, pValue, nullMean, nullStd, surrogates, surrogate }`
 * @throws InfometaError as {@link conditionalTransferEntropy} and {@link transferEntropyTest}
 * @example
 * ```ts
 * import { conditionalTransferEntropyTest, createRng } from 'infometa';
 * const rng = createRng(4);
 * const z: number[] = [], x: number[] = [0], y: number[] = [0, 0];
 * for (let t = 0; t < 600; t++) z.push(rng.normal());
 * for (let t = 1; t < 600; t++) x.push(z[t - 1] + 0.5 * rng.normal());
 * for (let t = 2; t < 600; t++) y.push(z[t - 2] + 0.5 * rng.normal());
 * const r = conditionalTransferEntropyTest(x, y, [z], { conditionalDelay: 2, surrogates: 99, seed: 2 });
 * console.log(r.pValue > 0.05); // true
 * ```
 */
export function conditionalTransferEntropyTest(
  source: SeriesInput,
  target: SeriesInput,
  conditionals: readonly SeriesInput[],
  options?: ConditionalTransferEntropyTestOptions,
): TransferEntropyTestResult {
  const fn = 'conditionalTransferEntropyTest';
  return runTest(parseTeTest(fn, source, target, { value: conditionals }, options, CTEST_OPTIONS));
}
