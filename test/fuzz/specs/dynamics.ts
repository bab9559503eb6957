// Fuzz targets of infometa/dynamics: transfer entropy and its relatives, their local values, embedding selection, the
// surrogate tests, the transfer-entropy matrix (function, constructor, methods, JSON) and adjustPValues.
import fc from 'fast-check';
import * as D from '../../../src/dynamics/index.js';
import { anyBad, badCount, badNumber, badOptions, badVector, fresh, polluted } from '../hostile.js';
import type { Target } from '../oracle.js';
import { ctor, fn, method, methodWith } from '../target.js';
import { samples1, signal } from '../valid.js';

/** n in [8, 30]: enough observations for small embeddings and 4 neighbours, small enough for the time limit. */
const n = fc.integer({ min: 8, max: 30 });
/** A series of n continuous samples (extreme scales and ties included), or n small integers. */
const series = (m: number): fc.Arbitrary<number[] | Float64Array | Int32Array> =>
  fc.oneof(
    samples1(m),
    samples1(m).map((x) => Float64Array.from(x)),
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: m, maxLength: m }),
    fc.array(fc.integer({ min: 0, max: 1 }), { minLength: m, maxLength: m }).map((x) => Int32Array.from(x)),
  );
/** Two or three trials of the same lengths for each variable. */
const trialLengths = fc.array(fc.integer({ min: 8, max: 16 }), { minLength: 2, maxLength: 3 });
const vars = (count: number): fc.Arbitrary<unknown[]> =>
  fc.oneof(
    n.chain((m) => fc.array(series(m), { minLength: count, maxLength: count })),
    trialLengths.chain((lens) => fc.array(fc.tuple(...lens.map((m) => series(m))), { minLength: count, maxLength: count })),
  );

const hist = fc.integer({ min: 1, max: 2 });
const common = {
  neighbours: fc.integer({ min: 1, max: 4 }),
  algorithm: fc.constantFrom(1, 2),
  noise: fc.constantFrom(1e-8, 0, false, 0.5),
  seed: fc.integer({ min: -5, max: 2 ** 40 }),
  normalize: fc.boolean(),
  base: fc.constantFrom(2, Math.E, 10),
};
const teOptions = fc.record({ ...common, estimator: fc.constantFrom('ksg', 'discrete', 'gaussian', 'mixed'), k: hist, kTau: hist, l: hist, lTau: hist, delay: hist }, { requiredKeys: [] });
const TE = ['estimator', 'k', 'kTau', 'l', 'lTau', 'delay', 'discrete', 'neighbours', 'algorithm', 'noise', 'seed', 'normalize', 'base'];
const cteOptions = fc.record(
  { ...common, estimator: fc.constantFrom('ksg', 'discrete', 'gaussian'), k: hist, l: hist, conditionalK: hist, conditionalTau: hist, conditionalDelay: hist },
  { requiredKeys: [] },
);
const CTE = ['estimator', 'k', 'kTau', 'l', 'lTau', 'delay', 'conditionalK', 'conditionalTau', 'conditionalDelay', 'neighbours', 'algorithm', 'noise', 'seed', 'normalize', 'base'];
const storageOptions = fc.record({ ...common, estimator: fc.constantFrom('ksg', 'discrete', 'gaussian'), k: hist, tau: hist }, { requiredKeys: [] });
const rateOptions = fc.record({ ...common, estimator: fc.constantFrom('kl', 'discrete', 'gaussian'), k: hist, tau: hist }, { requiredKeys: [] });
const OWN = ['estimator', 'k', 'tau', 'neighbours', 'algorithm', 'noise', 'seed', 'normalize', 'base'];
const selectOptions = fc.record(
  { ...common, method: fc.constantFrom('ais', 'ragwitz'), estimator: fc.constantFrom('ksg', 'discrete', 'gaussian'), kMax: fc.integer({ min: 1, max: 3 }), tauMax: hist },
  { requiredKeys: [] },
);
const SELECT = ['method', 'estimator', 'kMax', 'tauMax', 'neighbours', 'algorithm', 'noise', 'seed', 'normalize', 'base'];
const surrogate = {
  surrogates: fc.integer({ min: 1, max: 12 }),
  surrogate: fc.constantFrom('shuffle', 'circular'),
  minShift: fc.integer({ min: 1, max: 3 }),
  signal,
  onProgress: fc.constant(() => undefined),
};
const SURROGATE = ['surrogates', 'surrogate', 'minShift', 'signal', 'onProgress'];
const testOptions = fc.record({ ...common, estimator: fc.constantFrom('ksg', 'discrete', 'gaussian'), k: hist, l: hist, ...surrogate }, { requiredKeys: ['surrogates'] });
const cTestOptions = fc.record({ ...common, estimator: fc.constantFrom('ksg', 'gaussian'), conditionalDelay: hist, ...surrogate }, { requiredKeys: ['surrogates'] });
const matrixOptions = fc.record({ ...common, estimator: fc.constantFrom('ksg', 'discrete', 'gaussian'), k: hist, ...surrogate }, { requiredKeys: [] });
const MATRIX = ['estimator', 'k', 'kTau', 'l', 'lTau', 'delay', 'neighbours', 'algorithm', 'noise', 'seed', 'normalize', 'base', ...SURROGATE];

const badSeries = fc.oneof(badVector, fresh(() => [[1, 2, 3], [4, 5]], () => [[]], () => [0, 1, NaN, 2], () => [1e308, -1e308, 1e308, -1e308, 1e308, -1e308, 1e308, -1e308]));
const badCount2 = { k: badCount, kTau: badCount, l: badCount, lTau: badCount, delay: badCount, tau: badCount, neighbours: badCount, surrogates: badCount, kMax: badCount, tauMax: badCount };

/** The Gaussian estimate is Infinity when the target's next value is an exact linear function of the pasts (documented). */
const measure = { allowInfinity: true };

const teTargets: Target[] = (
  [
    ['transferEntropy', D.transferEntropy],
    ['transferEntropyLocal', D.transferEntropyLocal],
  ] as const
).map(([name, f]) => fn(name, f, fc.tuple(vars(2), teOptions).map(([v, o]) => [...v, o]), [badSeries, badSeries, badOptions(TE, teOptions, anyBad, badCount2)], measure));

const cteTargets: Target[] = (
  [
    ['conditionalTransferEntropy', D.conditionalTransferEntropy],
    ['conditionalTransferEntropyLocal', D.conditionalTransferEntropyLocal],
  ] as const
).map(([name, f]) =>
  fn(
    name,
    f,
    fc.tuple(vars(3), cteOptions).map(([v, o]) => [v[0], v[1], [v[2]], o]),
    [badSeries, badSeries, fc.oneof(badVector, anyBad), badOptions(CTE, cteOptions, anyBad, badCount2)],
    measure,
  ),
);

const ownTargets: Target[] = (
  [
    ['activeInformationStorage', D.activeInformationStorage, storageOptions],
    ['activeInformationStorageLocal', D.activeInformationStorageLocal, storageOptions],
    ['predictiveInformation', D.predictiveInformation, storageOptions],
    ['predictiveInformationLocal', D.predictiveInformationLocal, storageOptions],
    ['entropyRate', D.entropyRate, rateOptions],
    ['entropyRateLocal', D.entropyRateLocal, rateOptions],
  ] as const
).map(([name, f, o]) => fn(name, f as (s: unknown, o: unknown) => unknown, fc.tuple(vars(1), o).map(([v, opt]) => [v[0], opt]), [badSeries, badOptions(OWN, o, anyBad, badCount2)], measure));

/** A TransferEntropyMatrix of T series with extreme values, maybe p-values. */
const value = fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom(1e308, -1e308, 5e-324, 0));
const nasty = fc.constantFrom('a', 'b<c>&"\'', 'tab\there', 'nul\u0000', 'lone\ud800', 'emoji😀', '', ' ', 'x'.repeat(300));
const matrixArgs = fc.integer({ min: 1, max: 4 }).chain((T) =>
  fc.tuple(
    fc.uniqueArray(fc.oneof(nasty, fc.string({ maxLength: 6 })), { minLength: T, maxLength: T }),
    fc.array(value, { minLength: T * T, maxLength: T * T }),
    fc.record(
      {
        base: fc.constantFrom(2, Math.E, 10),
        pValues: fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: T * T, maxLength: T * T }),
        surrogates: fc.integer({ min: 1, max: 1000 }),
        surrogate: fc.constantFrom('shuffle', 'circular'),
        seed: fc.integer({ min: 0, max: 100 }),
      },
      { requiredKeys: [] },
    ),
  ),
);
const teMatrix = matrixArgs.map(([names, values, init]) => new D.TransferEntropyMatrix(names, values, init as never));
const withP = teMatrix.filter((m) => m.pValues !== null);
const entry = (m: D.TransferEntropyMatrix): fc.Arbitrary<number | string> => fc.oneof(fc.integer({ min: 0, max: m.size - 1 }), fc.constantFrom(...m.names));
const badEntry = fresh(() => -1, () => 1.5, () => NaN, () => 99, () => 'nope', () => null, () => ({}), () => [0]);
const edgesOptions = fc.record({ alpha: fc.double({ min: 0, max: 1, noNaN: true }), correction: fc.constantFrom('bh', 'bonferroni', 'holm', 'none') }, { requiredKeys: [] });

export const dynamicsTargets: Target[] = [
  ...teTargets,
  ...cteTargets,
  ...ownTargets,
  fn('selectEmbedding', D.selectEmbedding, fc.tuple(vars(1), selectOptions).map(([v, o]) => [v[0], o]), [badSeries, badOptions(SELECT, selectOptions, anyBad, badCount2)], measure),
  fn(
    'transferEntropyTest',
    D.transferEntropyTest,
    fc.tuple(vars(2), testOptions).map(([v, o]) => [...v, o]),
    [badSeries, badSeries, badOptions([...TE, ...SURROGATE], testOptions, anyBad, badCount2)],
    measure,
  ),
  fn(
    'conditionalTransferEntropyTest',
    D.conditionalTransferEntropyTest,
    fc.tuple(vars(3), cTestOptions).map(([v, o]) => [v[0], v[1], [v[2]], o]),
    [badSeries, badSeries, fc.oneof(badVector, anyBad), badOptions([...CTE, ...SURROGATE], cTestOptions, anyBad, badCount2)],
    measure,
  ),
  fn(
    'transferEntropyMatrix',
    D.transferEntropyMatrix,
    fc
      .tuple(fc.integer({ min: 2, max: 3 }), matrixOptions)
      .chain(([T, o]) => fc.tuple(vars(T), fc.constantFrom(undefined, ...['abc', 'xyz'].map((s) => Array.from({ length: T }, (_, i) => `${s}${i}`))), fc.constant(o)))
      .map(([v, names, o]) => [v, names, o]),
    [fc.oneof(badVector, anyBad), fc.oneof(badVector, fresh(() => ['a', 'a'], () => ['a', 1], () => 'a')), badOptions(MATRIX, matrixOptions, anyBad, badCount2)],
    measure,
  ),
  ctor('TransferEntropyMatrix', D.TransferEntropyMatrix, matrixArgs, [
    fc.oneof(badVector, fresh(() => ['a', 'a'], () => ['a', 1])),
    badVector,
    badOptions(['base', 'pValues', 'surrogates', 'surrogate', 'seed'], fc.constant({})),
  ]),
  methodWith('TransferEntropyMatrix', 'TransferEntropyMatrix.get', teMatrix.chain((m) => fc.tuple(fc.constant(m), entry(m), entry(m))), (a) => (a[0] as D.TransferEntropyMatrix).get(a[1] as number, a[2] as number), [badEntry, badEntry]),
  method('TransferEntropyMatrix', 'TransferEntropyMatrix.edges', withP, (m, o) => m.edges(o as never), fc.tuple(edgesOptions), [badOptions(['alpha', 'correction'], edgesOptions, anyBad, { alpha: badNumber })]),
  method('TransferEntropyMatrix', 'TransferEntropyMatrix.toJSON', teMatrix, (m) => m.toJSON(), fc.constant([]), []),
  fn(
    'TransferEntropyMatrix.fromJSON',
    D.TransferEntropyMatrix.fromJSON,
    teMatrix.map((m) => [JSON.parse(JSON.stringify(m)) as unknown]),
    [
      fc.oneof(
        anyBad,
        teMatrix.map(polluted),
        teMatrix.chain((m) =>
          fc
            .tuple(fc.constantFrom('kind', 'version', 'names', 'values', 'pValues', 'base', 'surrogates', 'surrogate', 'seed', '__proto__'), anyBad)
            .map(([k, v]) => ({ ...(JSON.parse(JSON.stringify(m)) as object), [k]: v })),
        ),
      ),
    ],
    { export: 'TransferEntropyMatrix' },
  ),
  fn(
    'adjustPValues',
    D.adjustPValues,
    fc.tuple(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), fc.record({ method: fc.constantFrom('bh', 'bonferroni', 'holm') }, { requiredKeys: [] })),
    [badVector, badOptions(['method'], fc.record({ method: fc.constantFrom('bh', 'bonferroni', 'holm') }, { requiredKeys: [] }))],
  ),
];
