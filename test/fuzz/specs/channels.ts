// Fuzz targets of infometa/channels: Blahut–Arimoto capacity, rate–distortion and the information bottleneck.
import fc from 'fast-check';
import * as C from '../../../src/channels/index.js';
import { anyBad, badCount, badOptions, badTable, badVector, fresh } from '../hostile.js';
import type { Target } from '../oracle.js';
import { fn } from '../target.js';
import { countRows, signal, weights } from '../valid.js';

const base = fc.constantFrom(2, Math.E, 10);
const ITER = ['tolerance', 'maxIterations', 'strict', 'signal', 'onProgress'];
// strict: false, so that a case stopped by a small maxIterations returns its last iterate (a valid outcome).
const iter = { maxIterations: fc.integer({ min: 1, max: 200 }), strict: fc.constant(false), signal, tolerance: fc.constantFrom(1e-6, 1e-12) };

/** A channel: rows of weights, rescaled by normalize. */
const channel = countRows;
const capacityOptions = fc.record({ base, normalize: fc.constant(true), ...iter }, { requiredKeys: ['normalize', 'strict'] });
const badBeta = fresh(() => -1, () => NaN, () => Infinity, () => '1', () => null);

/** A source of n symbols with an n × m distortion matrix. */
const rdProblem = fc.integer({ min: 1, max: 4 }).chain((k) =>
  fc.tuple(
    weights(k),
    fc.integer({ min: 1, max: 4 }).chain((m) =>
      fc.array(fc.array(fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.constantFrom(0, 1, 1e300)), { minLength: m, maxLength: m }), { minLength: k, maxLength: k }),
    ),
  ),
);
const rdOptions = fc.record({ beta: fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.constantFrom(0, 1e6)), base, normalize: fc.constant(true), ...iter }, { requiredKeys: ['beta', 'normalize', 'strict'] });
const RD = ['beta', 'distortion', 'base', 'normalize', ...ITER];
const rdCurveOptions = fc.record({ betas: fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 1, maxLength: 4 }), base, normalize: fc.constant(true), ...iter }, { requiredKeys: ['normalize', 'strict'] });
const RD_CURVE = ['betas', 'base', 'normalize', ...ITER];

const ibOptions = fc.record(
  { beta: fc.double({ min: 0, max: 30, noNaN: true }), cardinality: fc.integer({ min: 1, max: 4 }), seed: fc.integer({ min: -5, max: 1000 }), base, normalize: fc.constant(true), ...iter },
  { requiredKeys: ['beta', 'normalize', 'strict'] },
);
const IB = ['beta', 'cardinality', 'seed', 'base', 'normalize', ...ITER];
const ibCurveOptions = fc.record(
  { betas: fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 1, maxLength: 3 }), cardinality: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 0, max: 100 }), normalize: fc.constant(true), ...iter },
  { requiredKeys: ['normalize', 'strict'] },
);
const IB_CURVE = ['betas', 'cardinality', 'seed', 'base', 'normalize', ...ITER];

export const channelTargets: Target[] = [
  fn('channelCapacity', C.channelCapacity, fc.tuple(channel, capacityOptions), [badTable, badOptions(['base', 'normalize', ...ITER], capacityOptions, anyBad, { maxIterations: badCount })]),
  fn('rateDistortion', C.rateDistortion, rdProblem.chain(([p, d]) => fc.tuple(fc.constant(p), fc.constant(d), rdOptions)), [
    badVector,
    badTable,
    badOptions(RD, rdOptions, anyBad, { beta: badBeta, distortion: badBeta }),
  ]),
  fn('rateDistortionCurve', C.rateDistortionCurve, rdProblem.chain(([p, d]) => fc.tuple(fc.constant(p), fc.constant(d), rdCurveOptions)), [
    badVector,
    badTable,
    badOptions(RD_CURVE, rdCurveOptions, anyBad, { betas: fresh(() => [-1], () => [NaN], () => 'all', () => [1, '2']) }),
  ]),
  fn('informationBottleneck', C.informationBottleneck, fc.tuple(countRows, ibOptions), [badTable, badOptions(IB, ibOptions, anyBad, { beta: badBeta, cardinality: badCount })]),
  fn('informationBottleneckCurve', C.informationBottleneckCurve, fc.tuple(countRows, ibCurveOptions), [badTable, badOptions(IB_CURVE, ibCurveOptions, anyBad, { cardinality: badCount })]),
];

