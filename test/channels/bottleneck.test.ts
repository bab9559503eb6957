import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { informationBottleneck, informationBottleneckCurve, mutualInformation } from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

const parity = [
  [0.25, 0],
  [0, 0.25],
  [0.25, 0],
  [0, 0.25],
];

describe('closed forms', () => {
  it('β = 0: the encoder ignores x, complexity and relevance are 0', () => {
    const r = informationBottleneck(parity, { beta: 0 });
    expect(r.complexity).toBeCloseTo(0, 14);
    expect(r.relevance).toBeCloseTo(0, 14);
    expect(r.lagrangian).toBeCloseTo(0, 14);
  });
  it('large β with two clusters: X mod 2 is all that matters (1 bit, 1 bit)', () => {
    const r = informationBottleneck(parity, { beta: 50, cardinality: 2, base: 2 });
    expect(r.complexity).toBeCloseTo(1, 9);
    expect(r.relevance).toBeCloseTo(1, 9);
    expect(r.convergence.converged).toBe(true);
  });
  it('large β with |T| = |X|: relevance reaches I(X;Y)', () => {
    const pxy = [
      [0.3, 0.05],
      [0.05, 0.3],
      [0.15, 0.15],
    ];
    const r = informationBottleneck(pxy, { beta: 1e4, tolerance: 1e-12 });
    expect(r.relevance).toBeCloseTo(mutualInformation(pxy), 6);
  });
});

const jointArb = fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 4 })).chain(([X, Y]) =>
  fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: X * Y, maxLength: X * Y }).map((w) => {
    const s = w.reduce((a, b) => a + b, 0);
    return Array.from({ length: X }, (_, x) => w.slice(x * Y, (x + 1) * Y).map((v) => v / s));
  }),
);

describe('properties', () => {
  fcTest.prop([jointArb, fc.double({ min: 0, max: 30, noNaN: true })], { numRuns: 40 })('data processing: relevance ≤ complexity and ≤ I(X;Y); the encoder rows are distributions', (pxy, beta) => {
    const r = informationBottleneck(pxy, { beta, strict: false, maxIterations: 5000 });
    const ixy = mutualInformation(pxy);
    expect(r.relevance).toBeLessThanOrEqual(r.complexity + 1e-9);
    expect(r.relevance).toBeLessThanOrEqual(ixy + 1e-9);
    const T = r.clusters.length;
    for (let x = 0; x < pxy.length; x++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += r.encoder[x * T + t];
      expect(s).toBeCloseTo(1, 12);
    }
  });
  it('the curve: complexity and relevance grow with β; the same seed gives the same curve', () => {
    const pxy = [
      [0.2, 0.05, 0.0],
      [0.05, 0.2, 0.05],
      [0.0, 0.05, 0.2],
      [0.1, 0.05, 0.05],
    ];
    const betas = [0.3, 1, 2, 4, 8, 16, 64];
    const curve = informationBottleneckCurve(pxy, { betas, seed: 3 });
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i].relevance).toBeGreaterThanOrEqual(curve[i - 1].relevance - 1e-9);
      expect(curve[i].complexity).toBeGreaterThanOrEqual(curve[i - 1].complexity - 1e-9);
    }
    const again = informationBottleneckCurve(pxy, { betas, seed: 3 });
    expect(again.map((p) => p.relevance)).toEqual(curve.map((p) => p.relevance));
  });
});

describe('bad input', () => {
  it.each([
    ['negative β', () => informationBottleneck(parity, { beta: -0.5 }), 'INVALID_OPTION: informationBottleneck: beta must be a finite number ≥ 0 (got -0.5)'],
    ['missing β', () => informationBottleneck(parity, {} as never), 'INVALID_OPTION: informationBottleneck: beta must be a finite number ≥ 0 (got undefined)'],
    ['no options', () => informationBottleneck(parity, undefined as never), 'INVALID_ARGUMENT: informationBottleneck: options with beta are required'],
    ['a bad cardinality', () => informationBottleneck(parity, { beta: 1, cardinality: 0 }), 'INVALID_OPTION: informationBottleneck: cardinality must be an integer ≥ 1 (got 0)'],
    ['a table that does not sum to 1', () => informationBottleneck([[0.5, 0.5], [0.5, 0.5]], { beta: 1 }), 'INVALID_DISTRIBUTION: informationBottleneck: pxy must sum to 1 (got 2 at length 4); pass { normalize: true } to rescale'],
    ['a bad seed', () => informationBottleneck(parity, { beta: 1, seed: NaN }), 'INVALID_OPTION: informationBottleneck: seed must be an integer (got NaN)'],
    ['a bad curve β', () => informationBottleneckCurve(parity, { betas: [-1] }), 'INVALID_OPTION: informationBottleneckCurve: betas[0] must be a finite number ≥ 0 (got -1)'],
  ])('%s', (_, f, msg) => {
    expect(errorCodeAndMessage(f)).toBe(msg);
  });
  it('non-convergence says so with the change reached', () => {
    expect(errorCodeAndMessage(() => informationBottleneck(parity, { beta: 3, maxIterations: 1 }))).toMatch(
      /^NOT_CONVERGED: informationBottleneck: did not converge in 1 iterations: largest change of the encoder q\(t\|x\) in the last iteration is [0-9.e-]+ > tolerance 1e-10/,
    );
  });
  it('normalize accepts counts', () => {
    const r = informationBottleneck([[5, 0], [0, 5], [5, 0], [0, 5]], { beta: 50, cardinality: 2, normalize: true, base: 2 });
    expect(r.relevance).toBeCloseTo(1, 9);
  });
});
