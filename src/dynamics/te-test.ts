import { checkOptions } from '../internal/validate.js';
import type { ConditionalTransferEntropyOptions, TransferEntropyOptions } from './options.js';
import type { Pool } from './prepare.js';
import type { SeriesInput } from './series.js';
import { CTE_OPTIONS, TE_OPTIONS } from './options.js';
import { circularMinShift, parseSurrogates, runJobs, SURROGATE_OPTIONS, tally } from './surrogates.js';
import type { SurrogateMethod, SurrogateOptions, SurrogatePlan, SurrogateTally } from './surrogates.js';
import { prepareConditional, prepareTransferEntropy } from './transfer-entropy.js';
import type { PreparedTe } from './transfer-entropy.js';

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

const TEST_OPTIONS = [...TE_OPTIONS, ...SURROGATE_OPTIONS.filter((k) => k !== 'seed')];
const CTEST_OPTIONS = [...CTE_OPTIONS, ...SURROGATE_OPTIONS.filter((k) => k !== 'seed')];

/** The surrogate stream of a (source, target) pair: a function of their samples only. */
export function pairStream(pool: Pool, source: number, target: number): number {
  return (Math.imul(pool.fingerprint(source), 0x27d4eb2d) ^ pool.fingerprint(target)) >>> 0;
}

/** Runs the surrogate test of a prepared transfer entropy. */
export function testPrepared(fn: string, te: PreparedTe, plan: SurrogatePlan): TransferEntropyTestResult {
  const { prepared, setup, pool } = te;
  const lb = setup.lnBase;
  const observed = prepared.value(null, null);
  const minShift = plan.method === 'circular' ? circularMinShift(fn, plan, prepared.rows) : 0;
  const job = { stream: pairStream(pool, 0, 1), rows: prepared.rows, evaluate: (perm: Int32Array) => prepared.value(perm, null) };
  const [values] = runJobs(fn, [job], plan, [minShift]);
  const t = tally(observed, values);
  return { statistic: observed / lb, pValue: t.pValue, nullMean: t.nullMean / lb, nullStd: t.nullStd / lb, surrogates: plan.m, surrogate: plan.method };
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
  checkOptions(fn, options, TEST_OPTIONS);
  const plan = parseSurrogates(fn, options, 1000);
  return testPrepared(fn, prepareTransferEntropy(fn, source, target, options, TEST_OPTIONS), plan);
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
  checkOptions(fn, options, CTEST_OPTIONS);
  const plan = parseSurrogates(fn, options, 1000);
  return testPrepared(fn, prepareConditional(fn, source, target, conditionals, options, CTEST_OPTIONS), plan);
}
