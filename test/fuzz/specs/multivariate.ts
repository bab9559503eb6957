// Fuzz targets of the measures of issue 15: the multivariate measures of tables and labels, local values, the measure
// records, Rényi / Tsallis / f-divergences and the partial information decomposition (infometa/core), and the KSG
// multivariate estimators and informationTest (infometa/estimators).
import fc from 'fast-check';
import * as I from '../../../src/core/index.js';
import * as E from '../../../src/estimators/index.js';
import { anyBad, badCount, badNumber, badOptions, badTable, badVector, fresh } from '../hostile.js';
import type { Target } from '../oracle.js';
import { fn } from '../target.js';
import { labels, probPair, probVector, samples, signal, smallInt, weights } from '../valid.js';

const base = fc.constantFrom(2, Math.E, 10, 0.5);

// --- joint tables ---------------------------------------------------------------------------------------------
/** A 2- to 4-axis table of weights (normalize: true), axes of 1 to 3 values. */
const tableN = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 })
  .chain((shape) => weights(shape.reduce((a, b) => a * b, 1)).map((w) => I.table(w, shape)));
const tableOptions = fc.record({ base, normalize: fc.constant(true) }, { requiredKeys: ['normalize'] });
const TABLE = ['base', 'normalize', 'variables', 'given', 'average'];
const badAxes = fresh(() => [0, 9], () => [-1], () => [0.5], () => 'all', () => [[]], () => [NaN], () => [[0, 9]], () => [0, 0, 0, 0, 0, 0, 0]);
const tableBadOptions = badOptions(TABLE, tableOptions, anyBad, { variables: badAxes, given: badAxes });

function tableTarget(name: string, f: (p: never, o: never) => unknown): Target {
  return fn(name, f, fc.tuple(tableN, tableOptions), [badTable, tableBadOptions]);
}

const measureName = fc.constantFrom('mi', 'total-correlation', 'dual-total-correlation', 'o-information', 's-information', 'co-information', 'interaction-information', 'entropy', 'joint-entropy', 'conditional-entropy', 'vi', 'nmi', 'ami');
const badMeasure = fresh(() => 'tc', () => '', () => 'MI', () => 2, () => null, () => undefined, () => 'constructor', () => '__proto__');

// --- label columns --------------------------------------------------------------------------------------------
const n = fc.integer({ min: 1, max: 12 });
const labelColumns = n.chain((m) => fc.array(labels(m), { minLength: 2, maxLength: 4 }));
const estimator = fc.constantFrom('plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen');
const sampleOptions = fc.record({ base, estimator }, { requiredKeys: [] });
const SAMPLE = ['base', 'estimator', 'given', 'average'];
const badColumns = fc.oneof(
  badVector,
  fresh(() => [[0, 1], [0.5, 1]], () => [[0, 1], [0, 1, 2]], () => [[], []], () => [[0, 1]], () => [[0, NaN], [1, 1]], () => [['a', 1], [0, 1]], () => [[[0, 1], 5]]),
);
const sampleBadOptions = badOptions(SAMPLE, sampleOptions, anyBad, { given: fc.oneof(badVector, fresh(() => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])) });

function labelsTarget(name: string, f: (v: never, o: never) => unknown): Target {
  return fn(name, f, fc.tuple(labelColumns, sampleOptions), [badColumns, sampleBadOptions]);
}

const LOCAL = ['base', 'given'];
const localOptions = fc.record({ base }, { requiredKeys: [] });

// --- Rényi / Tsallis / f-divergences --------------------------------------------------------------------------
const order = fc.oneof(fc.double({ min: 0, max: 60, noNaN: true }), fc.constantFrom(0, 1, 2, Infinity, 1 - 1e-12, 1 + 1e-12, 1e6));
const badOrder = fresh(() => -1, () => NaN, () => -Infinity, () => '2', () => null, () => undefined, () => [2]);
const DIST = ['base', 'normalize'];
const distOptions = fc.record({ base, normalize: fc.constant(true) }, { requiredKeys: ['normalize'] });
const fName = fc.constantFrom('kl', 'reverse-kl', 'js', 'squared-hellinger', 'total-variation', 'chi-squared', 'neyman-chi-squared');
const badF = fresh(() => 'hellinger', () => ({ f: 1, slopeAtInfinity: 0 }), () => ({ f: (t: number) => t, slopeAtInfinity: 1 }), () => ({ f: () => NaN, slopeAtInfinity: 0 }), () => ({ f: (t: number) => t - 1, slopeAtInfinity: -1 }), () => null, () => 3);

// --- partial information decomposition ------------------------------------------------------------------------
const pidTable = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 })
  .chain((shape) => weights(shape.reduce((a, b) => a * b, 1)).map((w) => I.table(w, shape)));
const pidMeasure = fc.constantFrom('imin', 'broja', 'ccs');
const pidOptions = fc.record({ base, normalize: fc.constant(true), target: fc.constantFrom(0, 1, 2), signal }, { requiredKeys: ['normalize'] });
const PID = ['target', 'sources', 'base', 'normalize', 'tolerance', 'maxIterations', 'strict', 'signal', 'onProgress'];

// --- KSG ------------------------------------------------------------------------------------------------------
const knn = { k: smallInt, noise: fc.constantFrom(1e-10, 0, false, 0.5), seed: fc.integer({ min: -5, max: 2 ** 40 }), base: fc.constantFrom(2, Math.E, 10) };
const knnOptions = fc.record(knn, { requiredKeys: [] });
const KSG = ['k', 'noise', 'seed', 'base', 'given'];
const kn = fc.integer({ min: 5, max: 20 });
const ksgVars = kn.chain((m) => fc.array(samples(m), { minLength: 2, maxLength: 3 }));
const badSampleList = fc.oneof(badVector, fresh(() => [[1, 2, 3], [1, NaN, 3]], () => [[1, 2, 3, 4, 5], [1, 2]], () => [[1, 2, 3, 4, 5]], () => [{ data: new Float64Array(3), rows: 2, cols: 2 }, [1, 2]]));

function ksgTarget(name: string, f: (v: never, o: never) => unknown): Target {
  return fn(name, f, fc.tuple(ksgVars, knnOptions), [badSampleList, badOptions(KSG, knnOptions)]);
}

const testOptions = fc.record(
  { permutations: fc.integer({ min: 1, max: 15 }), seed: fc.integer({ min: 0, max: 1000 }), signal, onProgress: fc.constant(() => undefined), base: fc.constantFrom(2, Math.E) },
  { requiredKeys: ['permutations'] },
);
const TEST = ['kind', 'given', 'permutations', 'seed', 'signal', 'onProgress', 'estimator', 'average', 'k', 'noise', 'base'];

export const multivariateTargets: Target[] = [
  tableTarget('totalCorrelation', I.totalCorrelation),
  tableTarget('dualTotalCorrelation', I.dualTotalCorrelation),
  tableTarget('oInformation', I.oInformation),
  tableTarget('sInformation', I.sInformation),
  tableTarget('coInformation', I.coInformation),
  tableTarget('interactionInformation', I.interactionInformation),
  fn(
    'information',
    I.information,
    fc.tuple(fc.constantFrom('total-correlation', 'o-information', 'co-information', 'joint-entropy'), tableN, tableOptions),
    [badMeasure, badTable, tableBadOptions],
  ),
  fn('informationMeasure', I.informationMeasure, fc.tuple(measureName), [badMeasure]),
  labelsTarget('totalCorrelationOf', I.totalCorrelationOf),
  labelsTarget('dualTotalCorrelationOf', I.dualTotalCorrelationOf),
  labelsTarget('oInformationOf', I.oInformationOf),
  labelsTarget('sInformationOf', I.sInformationOf),
  labelsTarget('coInformationOf', I.coInformationOf),
  labelsTarget('interactionInformationOf', I.interactionInformationOf),
  fn(
    'informationOf',
    I.informationOf,
    fc.tuple(fc.constantFrom('total-correlation', 'dual-total-correlation', 'co-information'), labelColumns, sampleOptions),
    [badMeasure, badColumns, sampleBadOptions],
  ),
  fn('localInformationOf', I.localInformationOf, fc.tuple(fc.constantFrom('total-correlation', 'o-information'), labelColumns, localOptions), [badMeasure, badColumns, badOptions(LOCAL, localOptions)]),
  fn('localEntropyOf', I.localEntropyOf, n.chain((m) => fc.tuple(labels(m), localOptions)), [badVector, badOptions(LOCAL, localOptions)]),
  fn(
    'localMutualInformationOf',
    I.localMutualInformationOf,
    n.chain((m) => fc.tuple(labels(m), labels(m), localOptions)),
    [badVector, badVector, badOptions(LOCAL, localOptions)],
  ),
  fn('localTotalCorrelationOf', I.localTotalCorrelationOf, fc.tuple(labelColumns, localOptions), [badColumns, badOptions(LOCAL, localOptions)]),
  fn('renyiEntropy', I.renyiEntropy, fc.tuple(probVector, order, distOptions), [badVector, badOrder, badOptions(DIST, distOptions)]),
  fn('renyiDivergence', I.renyiDivergence, probPair.chain(([p, q]) => fc.tuple(fc.constant(p), fc.constant(q), order, distOptions)), [badVector, badVector, badOrder, badOptions(DIST, distOptions)], {
    allowInfinity: true,
  }),
  fn('tsallisEntropy', I.tsallisEntropy, fc.tuple(probVector, order, fc.record({ normalize: fc.constant(true) })), [badVector, badOrder, badOptions(['normalize'], fc.record({ normalize: fc.constant(true) }))]),
  fn('fDivergence', I.fDivergence, probPair.chain(([p, q]) => fc.tuple(fc.constant(p), fc.constant(q), fName, distOptions)), [badVector, badVector, badF, badOptions(DIST, distOptions)], {
    allowInfinity: true,
  }),
  fn('hellingerDistance', I.hellingerDistance, probPair.chain(([p, q]) => fc.tuple(fc.constant(p), fc.constant(q), distOptions)), [badVector, badVector, badOptions(DIST, distOptions)]),
  fn('totalVariationDistance', I.totalVariationDistance, probPair.chain(([p, q]) => fc.tuple(fc.constant(p), fc.constant(q), distOptions)), [badVector, badVector, badOptions(DIST, distOptions)]),
  fn('chiSquaredDivergence', I.chiSquaredDivergence, probPair.chain(([p, q]) => fc.tuple(fc.constant(p), fc.constant(q), distOptions)), [badVector, badVector, badOptions(DIST, distOptions)], {
    allowInfinity: true,
  }),
  fn('partialInformationDecomposition', I.partialInformationDecomposition, fc.tuple(pidTable, pidMeasure, pidOptions), [
    badTable,
    fresh(() => 'mmi', () => '', () => null, () => 2),
    badOptions(PID, pidOptions, anyBad, { target: fresh(() => 3, () => -1, () => [0, 1, 2], () => 0.5, () => [[0]]), sources: fresh(() => [0], () => [2, 1], () => [[0, 2], 1], () => [9, 1]), maxIterations: badCount }),
  ]),
  ksgTarget('ksgTotalCorrelation', E.ksgTotalCorrelation),
  ksgTarget('ksgDualTotalCorrelation', E.ksgDualTotalCorrelation),
  ksgTarget('ksgOInformation', E.ksgOInformation),
  ksgTarget('ksgSInformation', E.ksgSInformation),
  fn('ksgInformation', E.ksgInformation, fc.tuple(fc.constantFrom('mi', 'total-correlation', 'co-information'), ksgVars, knnOptions), [badMeasure, badSampleList, badOptions(KSG, knnOptions)]),
  fn('ksgLocalInformation', E.ksgLocalInformation, fc.tuple(fc.constantFrom('mi', 'o-information'), ksgVars, knnOptions), [badMeasure, badSampleList, badOptions(KSG, knnOptions)]),
  fn(
    'informationTest',
    E.informationTest,
    fc.tuple(fc.constantFrom('mi', 'vi', 'total-correlation', 'o-information'), n.chain((m) => fc.array(labels(m), { minLength: 2, maxLength: 3 })), testOptions),
    [badMeasure, fc.oneof(badColumns, badNumber), badOptions(TEST, testOptions, anyBad, { permutations: badCount })],
  ),
];
