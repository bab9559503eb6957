// Fuzz targets of infometa/core: the measures over distributions, tables and labels, table(), createRng and the
// methods of the generator it returns, and InfometaError itself.
import fc from 'fast-check';
import * as I from '../../../src/core/index.js';
import { anyBad, badNumber, badOptions, badTable, badVector, fresh } from '../hostile.js';
import type { Target } from '../oracle.js';
import { ctor, fn, method } from '../target.js';
import { countRows, labels, probPair, probRows, probVector, weights } from '../valid.js';

const base = fc.constantFrom(2, Math.E, 10, 0.5);

/** Valid `{ base, normalize }` options (normalize true whenever the arguments are weights rather than probabilities). */
function distOptions(normalize: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({ base, normalize: fc.constant(normalize) }, { requiredKeys: normalize ? ['normalize'] : [] });
}
const DIST = ['base', 'normalize'];

/** A distribution argument: probabilities, or weights (any scale) with normalize. */
const oneDist = fc.oneof(
  fc.tuple(probVector, distOptions(false)),
  fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(weights(n), distOptions(true))),
  fc.tuple(probVector.map((p) => Float32Array.from(p)), distOptions(false)),
);
const twoDist = fc.oneof(
  probPair.chain(([p, q]) => fc.tuple(fc.constant(p), fc.constant(q), distOptions(false))),
  fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(weights(n), weights(n), distOptions(true))),
);
const tableDist = fc.oneof(
  fc.tuple(probRows, distOptions(false)),
  countRows.chain((r) => fc.tuple(fc.constant(r), distOptions(true))),
  probRows.map((r) => ({ rows: r.length, columns: r[0].length, get: (i: number, j: number) => r[i][j] })).chain((m) => fc.tuple(fc.constant(m), distOptions(false))),
);
const table3 = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
  .chain(([a, b, c]) => fc.tuple(weights(a * b * c), distOptions(true)).map(([w, o]) => [I.table(w, [a, b, c]), o] as unknown[]));

const distBad = badOptions(DIST, distOptions(false));

function one(name: string, f: (p: never, o: never) => unknown, allowInfinity = false): Target {
  return fn(name, f, oneDist, [badVector, distBad], { allowInfinity });
}
function two(name: string, f: (p: never, q: never, o: never) => unknown, allowInfinity = false): Target {
  return fn(name, f, twoDist, [badVector, badVector, distBad], { allowInfinity });
}
function tab(name: string, f: (t: never, o: never) => unknown, names = DIST): Target {
  return fn(name, f, tableDist, [badTable, badOptions(names, distOptions(false))]);
}

const estimator = fc.constantFrom('plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen');
const sampleOptions = fc.record({ base, estimator }, { requiredKeys: [] });
const SAMPLE = ['base', 'estimator'];
const labelPair = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(labels(n), labels(n)));
const badLabels = fc.oneof(badVector, fresh(() => [0.5, 1], () => [1, 'a'], () => Float64Array.of(0, 1, NaN), () => [1e300, -1e300], () => [2 ** 53 + 2, 0]));

function labels2(name: string, f: (x: never, y: never, o: never) => unknown, options: fc.Arbitrary<Record<string, unknown>> = sampleOptions, names = SAMPLE): Target {
  return fn(name, f, fc.tuple(labelPair, options).map(([[x, y], o]) => [x, y, o]), [badLabels, badLabels, badOptions(names, options)]);
}

const rng = fc.integer({ min: -5, max: 2 ** 40 }).map((s) => I.createRng(s));

export const coreTargets: Target[] = [
  one('entropy', I.entropy),
  two('crossEntropy', I.crossEntropy, true),
  two('klDivergence', I.klDivergence, true),
  two('jsDivergence', I.jsDivergence),
  tab('jointEntropy', I.jointEntropy),
  tab('conditionalEntropy', I.conditionalEntropy),
  tab('mutualInformation', I.mutualInformation),
  tab('variationOfInformation', I.variationOfInformation),
  tab('normalizedMutualInformation', I.normalizedMutualInformation, [...DIST, 'average']),
  fn('conditionalMutualInformation', I.conditionalMutualInformation, table3, [badTable, distBad]),
  fn(
    'table',
    I.table,
    fc.integer({ min: 1, max: 6 }).chain((n) => weights(n).map((w) => [w, [n]])),
    [badVector, fresh(() => [2, -2], () => [1e9, 1e9], () => [1.5], () => [], () => '2', () => [NaN], () => [2 ** 31, 2 ** 31], () => [1, undefined, 1])],
  ),
  fn(
    'entropyOf',
    I.entropyOf,
    fc.tuple(fc.integer({ min: 1, max: 12 }).chain(labels), sampleOptions),
    [badLabels, badOptions(SAMPLE, sampleOptions)],
  ),
  labels2('jointEntropyOf', I.jointEntropyOf),
  labels2('conditionalEntropyOf', I.conditionalEntropyOf),
  labels2('mutualInformationOf', I.mutualInformationOf),
  labels2('normalizedMutualInformationOf', I.normalizedMutualInformationOf, fc.record({ base, estimator, average: fc.constantFrom('arithmetic', 'geometric', 'min', 'max', 'joint') }, { requiredKeys: [] }), [...SAMPLE, 'average']),
  labels2('adjustedMutualInformationOf', I.adjustedMutualInformationOf, fc.record({ average: fc.constantFrom('arithmetic', 'geometric', 'min', 'max') }, { requiredKeys: [] }), ['average']),
  fn(
    'contingency',
    I.contingency,
    labelPair.map(([x, y]) => [x, y]),
    [badLabels, badLabels],
  ),
  fn(
    'conditionalMutualInformationOf',
    I.conditionalMutualInformationOf,
    fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(labels(n), labels(n), labels(n), sampleOptions)),
    [badLabels, badLabels, badLabels, badOptions(SAMPLE, sampleOptions)],
  ),
  fn(
    'entropyOfCounts',
    I.entropyOfCounts,
    fc.tuple(fc.integer({ min: 1, max: 8 }).chain((n) => fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n })).filter((c) => c.some((v) => v > 0)), sampleOptions),
    [fc.oneof(badVector, fresh(() => [1e308, 1e308], () => [0.5, 1.5], () => [0, 0])), badOptions(SAMPLE, sampleOptions)],
  ),
  fn('mutualInformationOfCounts', I.mutualInformationOfCounts, fc.tuple(countRows, sampleOptions), [badTable, badOptions(SAMPLE, sampleOptions)]),
  fn('createRng', I.createRng, fc.tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 })), [
    fc.oneof(badNumber, fresh(() => 1e300, () => -0)),
    fresh(() => [0, 0, 0, 0], () => [1, 2, 3], () => [1, 2, 3, 2 ** 32], () => [1.5, 1, 1, 1], () => ['1', 1, 1, 1], () => Uint32Array.of(0, 0, 0, 0), () => 7),
  ]),
  method('createRng', 'Rng.next', rng, (r) => r.next(), fc.constant([]), [], { mutatesReceiver: true }),
  method('createRng', 'Rng.nextUint32', rng, (r) => r.nextUint32(), fc.constant([]), [], { mutatesReceiver: true }),
  method('createRng', 'Rng.normal', rng, (r) => r.normal(), fc.constant([]), [], { mutatesReceiver: true }),
  method('createRng', 'Rng.state', rng, (r) => r.state(), fc.constant([]), [], { mutatesReceiver: true }),
  method('createRng', 'Rng.int', rng, (r, n: number) => r.int(n), fc.tuple(fc.integer({ min: 1, max: 2 ** 40 })), [fc.oneof(badNumber, fresh(() => 2 ** 53 + 2, () => 0))], {
    mutatesReceiver: true,
  }),
  method(
    'createRng',
    'Rng.uniform',
    rng,
    (r, lo: number, hi: number) => r.uniform(lo, hi),
    fc.tuple(fc.double({ min: -1e308, max: 0, noNaN: true }), fc.double({ min: 0, max: 1e308, noNaN: true })),
    [badNumber, badNumber],
    { mutatesReceiver: true },
  ),
  method(
    'createRng',
    'Rng.shuffle',
    rng,
    (r, a: number[], n?: number) => r.shuffle(a, n),
    fc.integer({ min: 0, max: 10 }).chain((len) => fc.tuple(fc.array(fc.integer(), { minLength: len, maxLength: len }), fc.option(fc.integer({ min: 0, max: len }), { nil: undefined }))),
    [fc.oneof(badVector, anyBad), badNumber],
    { mutatesReceiver: true, mutates: [1], returnsArgument: true },
  ),
  ctor('InfometaError', I.InfometaError, fc.tuple(fc.constantFrom<I.InfometaErrorCode>('INVALID_ARGUMENT', 'ABORTED'), fc.string()), [anyBad, anyBad]),
];
