// The permutation test of mutual information: the estimator chosen from the data (plug-in, KSG or mixed), the
// sample prepared once, and the permutations run as a fixed plan of chunks (see mi-test-state.ts), the same plan the
// async form runs on the worker pool.
import { planChunks } from '../internal/chunks.js';
import { fail, fmt } from '../internal/errors.js';
import { longRunning, progressEvery } from '../internal/long-running.js';
import { createRng } from '../internal/rng.js';
import type { Rng } from '../internal/rng.js';
import { checkChoice, checkInteger, checkOptions, optionNames } from '../internal/validate.js';
import { factorize } from '../core/labels.js';
import type { Labels } from '../core/labels.js';
import { parseKnn } from './common.js';
import { miTestState } from './mi-test-state.js';
import type { MiTestShared } from './mi-test-state.js';
import type { KsgOptions } from './options.js';
import { NullTally, checkStatistic } from './permutation-test.js';
import type { PermutationOptions, PermutationProgress, PermutationResult } from './permutation-test.js';
import { checkKVsN, isConstant, joinColumns, toColumns } from './samples.js';
import type { Samples } from './samples.js';

/** What {@link mutualInformationTest} treats each argument as; `'auto'` decides from the argument types. */
export type MutualInformationKind = 'auto' | 'discrete' | 'continuous' | 'mixed';

/** Options of {@link mutualInformationTest}. */
export interface MutualInformationTestOptions extends PermutationOptions, Omit<KsgOptions, 'seed'> {
  /**
   * `'auto'` (default): an argument is discrete if it is a `string[]`, an integer typed array (`Int32Array`, …) or
   * a `number[]` of safe integers (|x| ≤ 2⁵³ − 1), continuous otherwise (`Float64Array`, `number[]` with fractions, rows, matrices);
   * both discrete → plug-in MI of the labels; both continuous → {@link ksgMutualInformation}; one of each →
   * {@link mixedMutualInformation}. Pass `'discrete'`, `'continuous'` or `'mixed'` to decide explicitly (for
   * `'mixed'`, the discrete argument is the one that is labels, either x or y).
   */
  kind?: MutualInformationKind;
}

/** Result of {@link mutualInformationTest}: a {@link PermutationResult} plus the estimator used. */
export interface MutualInformationTestResult extends PermutationResult {
  /** Which estimator produced the statistic: `'plugin'`, `'ksg'` or `'mixed'`. */
  estimator: 'plugin' | 'ksg' | 'mixed';
}

const INT_ARRAYS = [Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];

const MI_TEST_OPTIONS = optionNames<MutualInformationTestOptions>()(
  'kind', 'permutations', 'seed', 'signal', 'onProgress', 'k', 'noise', 'base', 'algorithm', 'clip',
);
/** What the kNN part of {@link mutualInformationTest} passes on to `parseKnn` (its own names are checked above). */
const KNN_TEST_OPTIONS: readonly string[] = ['k', 'noise', 'seed', 'base', 'clip'];

/** A validated, prepared test: what the permutations need, and the estimator and stream they use. */
export interface PreparedMiTest {
  /** The sample and settings every chunk needs (plain data, for a worker). */
  shared: MiTestShared;
  /** The estimator chosen. */
  estimator: MutualInformationTestResult['estimator'];
  /** The test's stream, after the noise (if any) was drawn from it: the chunks' seeds come next. */
  stream: Rng;
}

/**
 * Validates the data and the estimator options of a mutual-information test (the caller has checked the option
 * names, `permutations` and the long-running options), chooses the estimator, and prepares the sample: labels
 * factorized, noise drawn once. The synchronous and the async test both start here.
 */
export function prepareMiTest(fn: string, x: unknown, y: unknown, o: MutualInformationTestOptions): PreparedMiTest {
  const kind = checkChoice(fn, 'kind', o.kind, ['auto', 'discrete', 'continuous', 'mixed'], 'auto');
  const dx = looksDiscrete(x);
  const dy = looksDiscrete(y);
  const resolved = kind !== 'auto' ? kind : dx && dy ? 'discrete' : dx || dy ? 'mixed' : 'continuous';
  const knn = parseKnn(fn, { k: o.k, noise: o.noise, seed: o.seed, base: o.base, clip: o.clip }, KNN_TEST_OPTIONS);
  const alg = o.algorithm;
  if (alg !== undefined && alg !== 1 && alg !== 2) fail('INVALID_OPTION', fn, `algorithm must be 1 or 2 (got ${fmt(alg)})`);
  // One stream: the noise (if any) is drawn first, then the chunks' seeds.
  const stream = knn.rng ?? createRng(o.seed ?? 0);
  const lb = knn.lnBase;
  if (resolved === 'discrete') {
    const cx = factorize(fn, 'x', x);
    const cy = factorize(fn, 'y', y);
    const n = cx.codes.length;
    if (cy.codes.length !== n) fail('SHAPE_MISMATCH', fn, `x and y must have the same number of samples (got ${n} and ${cy.codes.length})`);
    return { shared: { kind: 'plugin', x: cx.codes, kx: cx.k, y: cy.codes, ky: cy.k, n, lb }, estimator: 'plugin', stream };
  }
  if (resolved === 'mixed') {
    if (kind === 'mixed' && !dx && !dy) fail('INVALID_ARGUMENT', fn, 'kind "mixed" needs one argument of labels (strings or integers); neither x nor y is');
    // The labels are x when x looks discrete, y otherwise.
    const labelsIsY = !dx;
    const L = factorize(fn, labelsIsY ? 'y' : 'x', labelsIsY ? y : x);
    const C = toColumns(fn, labelsIsY ? 'x' : 'y', labelsIsY ? x : y);
    const n = C.rows;
    if (L.codes.length !== n) fail('SHAPE_MISMATCH', fn, `x and y must have the same number of samples (got ${labelsIsY ? n : L.codes.length} and ${labelsIsY ? L.codes.length : n})`);
    checkKVsN(fn, knn.k, n);
    if (L.codes.length > 0 && L.k === n && !isConstant(C)) fail('INVALID_LABELS', fn, `every label occurs once (${n} samples); at least one label needs 2 samples`);
    const J = joinColumns([C], knn.noise, knn.rng);
    const constant = isConstant(C) || L.k === 1;
    return { shared: { kind: 'mixed', codes: L.codes.slice(), kc: L.k, data: J.data, n, cols: C.cols, k: knn.k, clip: knn.clip, lb, constant }, estimator: 'mixed', stream };
  }
  const X = toColumns(fn, 'x', x);
  const Y = toColumns(fn, 'y', y);
  const n = X.rows;
  if (Y.rows !== n) fail('SHAPE_MISMATCH', fn, `x and y must have the same number of samples (got ${n} and ${Y.rows})`);
  checkKVsN(fn, knn.k, n);
  const constant = isConstant(X) || isConstant(Y);
  const J = joinColumns([X, Y], knn.noise, knn.rng);
  return { shared: { kind: 'ksg', data: J.data, n, dx: X.cols, d: X.cols + Y.cols, k: knn.k, alg: alg ?? 1, clip: knn.clip, lb, constant }, estimator: 'ksg', stream };
}

/** The observed statistic of a prepared test, checked finite, as the start of its null tally. */
export function observedTally(fn: string, observed: number): NullTally {
  checkStatistic(fn, observed, 0);
  return new NullTally(observed);
}

/**
 * Labels for `kind: 'auto'`: strings, an integer typed array, or numbers that are all safe integers. Huge
 * integer-valued doubles (1e150 is an integer to `Number.isInteger`) are continuous data, not category codes.
 */
export function looksDiscrete(v: unknown): boolean {
  if (INT_ARRAYS.some((C) => v instanceof C)) return true;
  if (!Array.isArray(v) || v.length === 0) return false;
  const a = v as readonly unknown[];
  if (typeof a[0] === 'string') return true;
  for (let i = 0; i < a.length; i++) {
    const e = a[i];
    if (typeof e !== 'number' || !Number.isSafeInteger(e)) return false;
  }
  return true;
}

/**
 * Tests whether two variables are independent by a permutation test on their mutual information, choosing the
 * estimator from the data: plug-in MI for two discrete label arrays, KSG for two continuous samples (noise drawn once,
 * the same for every permutation), and Ross's mixed estimator for labels against continuous samples.
 *
 * Discrete labels are factorized once. When there are few categories (kx·ky·16 ≤ N) each permutation draws its
 * contingency table directly from the multivariate hypergeometric law that a random permutation induces given the
 * margins (Patefield's algorithm, O(kx·ky·√N)); otherwise it shuffles the codes (Fisher–Yates) and recounts. Either way
 * preallocated buffers are reused: nothing is allocated per permutation.
 *
 * The statistic and the null are in nats unless `base` says otherwise; the p-value is (b + 1) / (m + 1) as in
 * {@link permutationTest}. With the kNN estimators the raw (unclipped) estimates are used unless `clip` is set.
 *
 * The m permutations are cut into min(64, ⌈m / 4⌉) chunks; chunk c starts from the data as given and draws its
 * shuffles from its own stream, seeded by the c-th 32-bit draw of the test's stream (after the noise), and the
 * statistics are tallied in chunk order. `mutualInformationTestAsync` (`infometa/parallel`) runs the same chunks on
 * worker threads, so the two give the same result to the last bit.
 *
 * Cost: discrete O(N + m·kx·ky·√N) with few categories, O(m N) otherwise; continuous O(m N log N).
 *
 * @param x - labels or continuous samples
 * @param y - labels or continuous samples, as many rows as x
 * @param options - `kind`, `permutations` (default 1000), `seed`, `signal`, `onProgress`, and for the kNN estimators
 *   `k`, `algorithm`, `noise`, `clip`; `base`
 * @returns `{ statistic, pValue, nullMean, nullStd, permutations, estimator }`
 * @throws InfometaError as {@link ksgMutualInformation} or {@link mixedMutualInformation} for the data and kNN
 *   options; `INVALID_LABELS` for bad labels; `INVALID_OPTION` for an unknown kind, permutations < 1 or an unknown
 *   option name (naming the closest valid one); `ABORTED` when the signal fires (at once for one already fired)
 * @example
 * ```ts
 * import { mutualInformationTest } from 'infometa';
 * const x = Int32Array.from({ length: 200 }, (_, i) => i % 4);
 * const y = Int32Array.from(x, (v, i) => (i % 5 === 0 ? (v + 1) % 4 : v)); // y mostly copies x
 * const r = mutualInformationTest(x, y, { permutations: 199, seed: 7 });
 * console.log(r.estimator, r.pValue); // plugin 0.005
 * ```
 */
export function mutualInformationTest(
  x: Labels | Samples,
  y: Labels | Samples,
  options?: MutualInformationTestOptions,
): MutualInformationTestResult {
  const fn = 'mutualInformationTest';
  checkOptions(fn, options, MI_TEST_OPTIONS);
  const m = checkInteger(fn, 'permutations', options?.permutations, 1000, 1);
  const run = longRunning<PermutationProgress>(fn, options);
  const { shared, estimator, stream } = prepareMiTest(fn, x, y, options ?? {});
  const state = miTestState(shared);
  const tally = observedTally(fn, state.observed());
  const every = progressEvery(m);
  let done = 0;
  for (const chunk of planChunks(m, stream)) {
    state.start(chunk.seed);
    for (let t = 0; t < chunk.count; t++) {
      run.throwIfAborted();
      tally.add(state.next());
      done++;
      if (done % every === 0 || done === m) run.report({ completed: done, total: m });
    }
  }
  return { ...tally.result(), estimator };
}
