// The permutation test of mutual information, in chunks across the pool's workers.
import { fail, fmt } from '../internal/errors.js';
import { longRunning } from '../internal/long-running.js';
import { createRng } from '../internal/rng.js';
import { checkChoice, checkInteger, checkOptions } from '../internal/validate.js';
import { factorize } from '../core/labels.js';
import type { Labels } from '../core/labels.js';
import { parseKnn } from '../estimators/common.js';
import { looksDiscrete } from '../estimators/permutation.js';
import type { MutualInformationTestOptions, MutualInformationTestResult, PermutationProgress } from '../estimators/permutation.js';
import { checkKVsN, isConstant, joinColumns, toColumns } from '../estimators/samples.js';
import type { Samples } from '../estimators/samples.js';
import { planChunks } from './chunks.js';
import { chunkProgress, poolOf } from './common.js';
import type { PoolOption } from './common.js';
import type { MiTestChunk, MiTestShared } from './jobs/mi-test.js';

/** Options of {@link mutualInformationTestAsync}: those of `mutualInformationTest`, plus `pool`. */
export type MutualInformationTestAsyncOptions = MutualInformationTestOptions & PoolOption;

const OPTIONS: readonly string[] = ['kind', 'permutations', 'seed', 'signal', 'onProgress', 'k', 'noise', 'base', 'algorithm', 'clip', 'pool'];
const KNN: readonly string[] = ['k', 'noise', 'seed', 'base', 'clip'];

/** Validates and prepares what the workers share, as the synchronous test does (same noise, same codes). */
function prepare(fn: string, x: unknown, y: unknown, o: MutualInformationTestAsyncOptions): { shared: MiTestShared; estimator: MutualInformationTestResult['estimator']; stream: ReturnType<typeof createRng> } {
  const kind = checkChoice(fn, 'kind', o.kind, ['auto', 'discrete', 'continuous', 'mixed'], 'auto');
  const dx = looksDiscrete(x);
  const dy = looksDiscrete(y);
  const resolved = kind !== 'auto' ? kind : dx && dy ? 'discrete' : dx || dy ? 'mixed' : 'continuous';
  const knn = parseKnn(fn, { k: o.k, noise: o.noise, seed: o.seed, base: o.base, clip: o.clip }, KNN);
  const alg = o.algorithm;
  if (alg !== undefined && alg !== 1 && alg !== 2) fail('INVALID_OPTION', fn, `algorithm must be 1 or 2 (got ${fmt(alg)})`);
  // One stream, as in the synchronous test: the noise (if any) first, then the chunks' seeds.
  const stream = knn.rng ?? createRng(o.seed ?? 0);
  const lb = knn.lnBase;
  if (resolved === 'discrete') {
    const cx = factorize(fn, 'x', x);
    const cy = factorize(fn, 'y', y);
    const n = cx.codes.length;
    if (cy.codes.length !== n) fail('SHAPE_MISMATCH', fn, `x and y must have the same number of samples (got ${n} and ${cy.codes.length})`);
    if (cx.k * cy.k > 1 << 24) fail('INVALID_ARGUMENT', fn, `x and y have ${cx.k} × ${cy.k} categories; above 2^24 cells use the synchronous mutualInformationTest`);
    return { shared: { kind: 'plugin', x: cx.codes, kx: cx.k, y: cy.codes, ky: cy.k, n, lb }, estimator: 'plugin', stream };
  }
  if (resolved === 'mixed') {
    if (kind === 'mixed' && !dx && !dy) fail('INVALID_ARGUMENT', fn, 'kind "mixed" needs one argument of labels (strings or integers); neither x nor y is');
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
  const shared: MiTestShared = { kind: 'ksg', data: J.data, n, dx: X.cols, d: X.cols + Y.cols, k: knn.k, alg: alg ?? 1, clip: knn.clip, lb, constant };
  return { shared, estimator: 'ksg', stream };
}

/**
 * The permutation test of `mutualInformationTest`, off the calling thread and across the pool's workers: the
 * same estimators (plug-in MI of labels, KSG, Ross's mixed estimator), the same noise and the same statistic, and a
 * p-value (b + 1) / (m + 1) with the same tolerance.
 *
 * Determinism: the m permutations are cut into min(64, ⌈m / 4⌉) chunks whatever the number of workers; chunk c starts
 * from the identity permutation and draws its shuffles from its own stream, seeded by the c-th draw of the test's
 * stream (after the noise). The statistics are combined in chunk order, so 1, 2 or 16 workers (or the main-thread
 * fallback) give bit-identical results. The observed statistic equals the synchronous test's; the permuted ones are
 * other draws of the same null distribution, so the p-value is equally valid but not the same number.
 *
 * Cancellation: the returned promise rejects with `ABORTED` as soon as `signal` fires (the workers computing this
 * call are stopped and restarted on demand). Progress: `{ completed, total }` permutations, once per chunk.
 *
 * Cost: as the synchronous test, divided among the workers; plus a one-off copy of the prepared sample to each
 * worker.
 *
 * @param x - labels or continuous samples
 * @param y - labels or continuous samples, as many rows as x
 * @param options - those of `mutualInformationTest` (`kind`, `permutations`, `seed`, `signal`, `onProgress`, `k`,
 *   `algorithm`, `noise`, `clip`, `base`) and `pool`
 * @returns a promise of `{ statistic, pValue, nullMean, nullStd, permutations, estimator }`
 * @throws InfometaError (as a rejection) as `mutualInformationTest` for bad data or options, plus `INVALID_OPTION`
 *   for a `pool` that is not a WorkerPool; `ABORTED` when the signal fires (at once for one already fired);
 *   `POOL_CLOSED` for a closed pool; `WORKER_FAILED` when a worker dies during the call
 * @example
 * ```ts
 * import { createPool, mutualInformationTestAsync } from 'infometa/parallel';
 * const pool = createPool({ workers: 2 });
 * const x = Int32Array.from({ length: 200 }, (_, i) => i % 4);
 * const y = Int32Array.from(x, (v, i) => (i % 5 === 0 ? (v + 1) % 4 : v));
 * const r = await mutualInformationTestAsync(x, y, { permutations: 199, seed: 7, pool });
 * console.log(r.estimator, r.pValue); // plugin 0.005
 * await pool.close();
 * ```
 */
export async function mutualInformationTestAsync(
  x: Labels | Samples,
  y: Labels | Samples,
  options?: MutualInformationTestAsyncOptions,
): Promise<MutualInformationTestResult> {
  const fn = 'mutualInformationTestAsync';
  checkOptions(fn, options, OPTIONS);
  const o = options ?? {};
  const pool = poolOf(fn, o.pool);
  const m = checkInteger(fn, 'permutations', o.permutations, 1000, 1);
  const run = longRunning<PermutationProgress>(fn, options);
  const { shared, estimator, stream } = prepare(fn, x, y, o);
  const plan = planChunks(m, stream);
  const chunks: MiTestChunk[] = [{ seed: 0, count: 0, observed: true }, ...plan.map((c) => ({ seed: c.seed, count: c.count }))];
  const ctx = pool.context('mi-test', shared);
  let results: unknown[];
  try {
    results = await pool.run(fn, ctx, chunks, { signal: run.signal, onChunk: chunkProgress(chunks.map((c) => c.count), m, run.onProgress) });
  } finally {
    pool.release(ctx);
  }
  const observed = (results[0] as Float64Array)[0];
  if (!Number.isFinite(observed)) fail('INVALID_ARGUMENT', fn, `the statistic is not finite on the data as given (got ${fmt(observed)})`);
  const gamma = 100 * Number.EPSILON * Math.abs(observed);
  let b = 0;
  let mean = 0;
  let m2 = 0;
  let r = 0;
  for (let c = 1; c < results.length; c++) {
    const values = results[c] as Float64Array;
    for (let t = 0; t < values.length; t++) {
      const v = values[t];
      if (v >= observed - gamma) b++;
      r++;
      const delta = v - mean;
      mean += delta / r;
      m2 += delta * (v - mean);
    }
  }
  return { statistic: observed, pValue: (b + 1) / (m + 1), nullMean: mean, nullStd: m > 1 ? Math.sqrt(m2 / (m - 1)) : 0, permutations: m, estimator };
}
