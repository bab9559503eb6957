// Fuzz targets of infometa/estimators: kNN and Gaussian estimators and the permutation tests.
import fc from 'fast-check';
import * as E from '../../../src/estimators/index.js';
import { anyBad, badCount, badNumber, badOptions, badTable, badVector, fresh } from '../hostile.js';
import type { Target } from '../oracle.js';
import { fn } from '../target.js';
import { covariance, labels, samples, signal, smallInt } from '../valid.js';

const base = fc.constantFrom(2, Math.E, 10);
const knn = { k: smallInt, noise: fc.constantFrom(1e-10, 0, false, 0.5), seed: fc.integer({ min: -5, max: 2 ** 40 }), base };
const KNN = ['k', 'noise', 'seed', 'base'];
const knnOptions = fc.record(knn, { requiredKeys: [] });
const knnMiOptions = fc.record({ ...knn, clip: fc.boolean() }, { requiredKeys: [] });
const ksgOptions = fc.record({ ...knn, clip: fc.boolean(), algorithm: fc.constantFrom(1, 2) }, { requiredKeys: [] });
const badSamples = fc.oneof(badVector, badTable, fresh(() => [[1, 2], [3, NaN]], () => ({ data: new Float64Array(6), rows: 2, cols: 3 }), () => [1e308, -1e308, 1e308, -1e308, 0, 1]));
const badLabels = fc.oneof(badVector, fresh(() => [0.5, 1, 2, 3, 4, 5], () => ['a', 1, 'b', 2, 'c', 3], () => [0, 1, 2, 3, 4, 5]));

/** n in [5, 25]: enough samples for k ≤ 4. */
const n = fc.integer({ min: 5, max: 25 });

const loop = {
  permutations: fc.integer({ min: 1, max: 20 }),
  seed: fc.integer({ min: 0, max: 1000 }),
  signal,
  onProgress: fc.constant(() => undefined),
};
const LOOP = ['permutations', 'seed', 'signal', 'onProgress'];
const testOptions = fc.record(
  { ...loop, kind: fc.constantFrom('auto', 'discrete', 'continuous', 'mixed'), k: smallInt, noise: knn.noise, base, clip: fc.boolean(), algorithm: fc.constantFrom(1, 2) },
  { requiredKeys: ['permutations'] },
);

export const estimatorTargets: Target[] = [
  fn(
    'ksgMutualInformation',
    E.ksgMutualInformation,
    n.chain((m) => fc.tuple(samples(m), samples(m), ksgOptions)),
    [badSamples, badSamples, badOptions([...KNN, 'clip', 'algorithm'], ksgOptions)],
  ),
  fn(
    'ksgConditionalMutualInformation',
    E.ksgConditionalMutualInformation,
    n.chain((m) => fc.tuple(samples(m), samples(m), samples(m), knnMiOptions)),
    [badSamples, badSamples, badSamples, badOptions([...KNN, 'clip'], knnMiOptions)],
  ),
  fn('klEntropy', E.klEntropy, n.chain((m) => fc.tuple(samples(m), knnOptions)), [badSamples, badOptions(KNN, knnOptions)], { allowInfinity: true }),
  fn(
    'mixedMutualInformation',
    E.mixedMutualInformation,
    n.chain((m) => fc.tuple(labels(m), samples(m), knnMiOptions)),
    [badLabels, badSamples, badOptions([...KNN, 'clip'], knnMiOptions)],
  ),
  fn('gaussianEntropy', E.gaussianEntropy, fc.tuple(covariance, fc.record({ base }, { requiredKeys: [] })), [badTable, badOptions(['base'], fc.record({ base }))]),
  fn(
    'gaussianMutualInformation',
    E.gaussianMutualInformation,
    covariance.filter((c) => c.length >= 2).chain((c) => fc.tuple(fc.constant(c), fc.integer({ min: 1, max: c.length - 1 }), fc.record({ base }, { requiredKeys: [] }))),
    [badTable, badNumber, badOptions(['base'], fc.record({ base }))],
  ),
  fn(
    'gaussianKlDivergence',
    E.gaussianKlDivergence,
    fc.integer({ min: 1, max: 3 }).chain((d) => {
      const cov = covariance.filter((c) => c.length === d);
      const mu = fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom(1e308, -1e308, 5e-324)), { minLength: d, maxLength: d });
      return fc.tuple(mu, cov, mu, cov, fc.record({ base }, { requiredKeys: [] }));
    }),
    [badVector, badTable, badVector, badTable, badOptions(['base'], fc.record({ base }))],
    { allowInfinity: true },
  ),
  fn(
    'gaussianMutualInformationOf',
    E.gaussianMutualInformationOf,
    n.chain((m) => fc.tuple(samples(m), samples(m), fc.record({ base }, { requiredKeys: [] }))),
    [badSamples, badSamples, badOptions(['base'], fc.record({ base }))],
  ),
  fn(
    'permutationTest',
    E.permutationTest,
    n.chain((m) =>
      fc.tuple(
        samples(m),
        fc.oneof(samples(m), labels(m)),
        fc.constant((a: unknown, b: unknown) => (Array.isArray(a) ? a.length : 1) + (Array.isArray(b) ? b.length : 0)),
        fc.record(loop, { requiredKeys: ['permutations'] }),
      ),
    ),
    [anyBad, badSamples, fresh(() => 1, () => null, () => () => NaN, () => () => 'x'), badOptions(LOOP, fc.record(loop, { requiredKeys: ['permutations'] }), anyBad, { permutations: badCount })],
  ),
  fn(
    'mutualInformationTest',
    E.mutualInformationTest,
    n.chain((m) => fc.tuple(fc.oneof(samples(m), labels(m)), fc.oneof(samples(m), labels(m)), testOptions)),
    [fc.oneof(badSamples, badLabels), fc.oneof(badSamples, badLabels), badOptions([...LOOP, 'kind', 'k', 'noise', 'base', 'clip', 'algorithm'], testOptions, anyBad, { permutations: badCount })],
  ),
];
