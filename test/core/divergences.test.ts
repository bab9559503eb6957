import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  chiSquaredDivergence,
  entropy,
  fDivergence,
  hellingerDistance,
  jsDivergence,
  klDivergence,
  renyiDivergence,
  renyiEntropy,
  totalVariationDistance,
  tsallisEntropy,
} from '../../src/index.js';
import type { FDivergenceName } from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';
import { closeRel, loadFixture } from '../helpers/fixtures.js';

type Order = number | 'Infinity';
interface Case {
  p: number[];
  q: number[];
  qFull: number[];
  kl: number;
  klDiv: number;
  js: number;
  renyiEntropy: [Order, number][];
  renyiDivergence: [Order, number][];
  renyiDivergencePartial: [Order, number | 'Infinity'][];
  tsallis: [number, number][];
  squaredHellinger: number;
  totalVariation: number;
  chiSquared: number;
}
const fx = loadFixture<{ cases: Case[] }>('divergences.json');
const num = (v: number | 'Infinity'): number => (v === 'Infinity' ? Infinity : v);

describe('against scipy and 50-digit mpmath (test/fixtures/generate_divergences.py)', () => {
  it.each(fx.cases.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    for (const [a, v] of c.renyiEntropy) expect(closeRel(renyiEntropy(c.p, num(a)), v, 1e-12), `H_${a}`).toBe(true);
    for (const [a, v] of c.renyiDivergence) expect(closeRel(renyiDivergence(c.p, c.qFull, num(a)), v, 1e-11), `D_${a}`).toBe(true);
    for (const [a, v] of c.renyiDivergencePartial) {
      const got = renyiDivergence(c.p, c.q, num(a));
      if (v === 'Infinity') expect(got).toBe(Infinity);
      else expect(closeRel(got, v, 1e-11), `partial D_${a}`).toBe(true);
    }
    for (const [q, v] of c.tsallis) expect(closeRel(tsallisEntropy(c.p, q), v, 1e-12), `S_${q}`).toBe(true);
    expect(closeRel(fDivergence(c.p, c.qFull, 'kl'), c.kl, 1e-12)).toBe(true);
    expect(closeRel(fDivergence(c.p, c.qFull, 'kl'), c.klDiv, 1e-12)).toBe(true);
    expect(closeRel(fDivergence(c.p, c.q, 'js'), c.js, 1e-12)).toBe(true);
    expect(closeRel(fDivergence(c.p, c.q, 'squared-hellinger'), c.squaredHellinger, 1e-12)).toBe(true);
    expect(closeRel(hellingerDistance(c.p, c.q) ** 2, c.squaredHellinger, 1e-12)).toBe(true);
    expect(closeRel(totalVariationDistance(c.p, c.q), c.totalVariation, 1e-12)).toBe(true);
    expect(closeRel(fDivergence(c.p, c.q, 'total-variation'), c.totalVariation, 1e-12)).toBe(true);
    expect(closeRel(chiSquaredDivergence(c.p, c.qFull), c.chiSquared, 1e-12)).toBe(true);
  });
});

describe('orders 0, 1, 2 and ∞ are limits, not special cases', () => {
  const p = [0.5, 0.3, 0.15, 0.05, 0];
  const q = [0.25, 0.25, 0.2, 0.2, 0.1];
  it('Rényi entropy is continuous at 0, 1 and ∞', () => {
    const h1 = entropy(p);
    for (const e of [1e-6, 1e-9, 1e-12]) {
      expect(Math.abs(renyiEntropy(p, 1 + e) - h1)).toBeLessThan(10 * e);
      expect(Math.abs(renyiEntropy(p, 1 - e) - h1)).toBeLessThan(10 * e);
    }
    expect(renyiEntropy(p, 1e-12)).toBeCloseTo(renyiEntropy(p, 0), 10);
    expect(renyiEntropy(p, 1e7)).toBeCloseTo(renyiEntropy(p, Infinity), 6);
    expect(renyiEntropy(p, 0)).toBeCloseTo(Math.log(4), 15);
    expect(renyiEntropy(p, 2)).toBeCloseTo(-Math.log(0.25 + 0.09 + 0.0225 + 0.0025), 15);
    expect(renyiEntropy(p, Infinity)).toBeCloseTo(Math.log(2), 15);
  });
  it('Rényi divergence is continuous at 1 and ∞ and equals KL at 1', () => {
    const kl = klDivergence(p, q);
    expect(renyiDivergence(p, q, 1)).toBe(kl);
    for (const e of [1e-6, 1e-9, 1e-12]) {
      expect(Math.abs(renyiDivergence(p, q, 1 + e) - kl)).toBeLessThan(10 * e);
      expect(Math.abs(renyiDivergence(p, q, 1 - e) - kl)).toBeLessThan(10 * e);
    }
    expect(renyiDivergence(p, q, 1e7)).toBeCloseTo(renyiDivergence(p, q, Infinity), 6);
    expect(renyiDivergence(p, q, 0)).toBeCloseTo(-Math.log(0.9), 15);
  });
  it('Tsallis entropy is Shannon at q = 1 and continuous there', () => {
    expect(tsallisEntropy(p, 1)).toBe(entropy(p));
    expect(Math.abs(tsallisEntropy(p, 1 + 1e-10) - entropy(p))).toBeLessThan(1e-9);
    expect(tsallisEntropy(p, 2)).toBeCloseTo(1 - (0.25 + 0.09 + 0.0225 + 0.0025), 15);
    expect(tsallisEntropy(p, Infinity)).toBe(0);
  });
  it('supports: Infinity where the divergence is infinite, finite below order 1', () => {
    const a = [0.5, 0.5, 0];
    const b = [0.5, 0, 0.5];
    expect(renyiDivergence(a, b, 2)).toBe(Infinity);
    expect(renyiDivergence(a, b, 1)).toBe(Infinity);
    expect(renyiDivergence(a, b, 0.5)).toBeCloseTo(-2 * Math.log(0.5), 14);
    expect(renyiDivergence([1, 0], [0, 1], 0.5)).toBe(Infinity);
    expect(fDivergence(a, b, 'chi-squared')).toBe(Infinity);
    expect(fDivergence(a, b, 'reverse-kl')).toBe(Infinity);
    expect(fDivergence(a, b, 'total-variation')).toBe(0.5);
    expect(hellingerDistance([1, 0], [0, 1])).toBe(1);
    expect(fDivergence([1, 0], [0, 1], 'js', { base: 2 })).toBe(1);
  });
});

const distArb = fc.integer({ min: 2, max: 12 }).chain((n) =>
  fc.tuple(
    fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
  ),
);
const norm = (w: number[]): number[] => {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
};

describe('properties', () => {
  fcTest.prop([distArb, fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true })])(
    'H_α is non-increasing and D_α non-decreasing in α; both ≥ 0',
    ([w, v], a1, a2) => {
      const [lo, hi] = a1 <= a2 ? [a1, a2] : [a2, a1];
      const p = norm(w);
      const q = norm(v);
      expect(renyiEntropy(p, hi)).toBeLessThanOrEqual(renyiEntropy(p, lo) + 1e-12);
      expect(renyiDivergence(p, q, hi)).toBeGreaterThanOrEqual(renyiDivergence(p, q, lo) - 1e-12);
      expect(renyiDivergence(p, q, lo)).toBeGreaterThanOrEqual(0);
      expect(renyiDivergence(p, p, hi)).toBeLessThan(1e-12);
    },
  );
  fcTest.prop([distArb])('H_∞ ≤ H₂ ≤ 2 H_∞', ([w]) => {
    const p = norm(w);
    const hinf = renyiEntropy(p, Infinity);
    expect(hinf).toBeLessThanOrEqual(renyiEntropy(p, 2) + 1e-12);
    expect(renyiEntropy(p, 2)).toBeLessThanOrEqual(2 * hinf + 1e-12);
  });
  fcTest.prop([distArb])('f-divergences: KL and JS are members; Pinsker; Hellinger–TV; KL ≤ ln(1 + χ²)', ([w, v]) => {
    const p = norm(w);
    const q = norm(v);
    expect(closeRel(fDivergence(p, q, 'kl'), klDivergence(p, q), 1e-13)).toBe(true);
    expect(closeRel(fDivergence(p, q, 'reverse-kl'), klDivergence(q, p), 1e-13)).toBe(true);
    expect(closeRel(fDivergence(p, q, 'js'), jsDivergence(p, q), 1e-13)).toBe(true);
    const tv = totalVariationDistance(p, q);
    const h = hellingerDistance(p, q);
    expect(tv).toBeLessThanOrEqual(Math.sqrt(klDivergence(p, q) / 2) + 1e-12);
    expect(h * h).toBeLessThanOrEqual(tv + 1e-12);
    expect(tv).toBeLessThanOrEqual(h * Math.sqrt(2 - h * h) + 1e-12);
    expect(klDivergence(p, q)).toBeLessThanOrEqual(Math.log1p(chiSquaredDivergence(p, q)) + 1e-12);
    expect(closeRel(fDivergence(p, q, 'neyman-chi-squared'), chiSquaredDivergence(q, p), 1e-12)).toBe(true);
    for (const name of ['kl', 'js', 'squared-hellinger', 'total-variation', 'chi-squared'] as FDivergenceName[]) {
      expect(fDivergence(p, p, name)).toBeLessThan(1e-15);
    }
    // A custom generator gives the member it reproduces.
    expect(closeRel(fDivergence(p, q, { f: (t) => (t - 1) ** 2, slopeAtInfinity: Infinity }), chiSquaredDivergence(p, q), 1e-9)).toBe(true);
  });
});

describe('bad input', () => {
  it.each([
    ['negative α', () => renyiEntropy([0.5, 0.5], -1), 'INVALID_ARGUMENT: renyiEntropy: alpha must be a number ≥ 0 or Infinity (got -1)'],
    ['NaN α', () => renyiDivergence([0.5, 0.5], [0.5, 0.5], NaN), 'INVALID_ARGUMENT: renyiDivergence: alpha must be a number ≥ 0 or Infinity (got NaN)'],
    ['α not a number', () => renyiEntropy([1], '2' as never), 'INVALID_ARGUMENT: renyiEntropy: alpha must be a number ≥ 0 or Infinity (got "2")'],
    ['negative q', () => tsallisEntropy([0.5, 0.5], -0.5), 'INVALID_ARGUMENT: tsallisEntropy: q must be a number ≥ 0 or Infinity (got -0.5)'],
    ['not summing to 1', () => renyiEntropy([0.5, 0.6], 2), 'INVALID_DISTRIBUTION: renyiEntropy: p must sum to 1 (got 1.1 at length 2); pass { normalize: true } to rescale'],
    ['lengths', () => renyiDivergence([1], [0.5, 0.5], 2), 'SHAPE_MISMATCH: renyiDivergence: p and q must have the same length (got 1 and 2)'],
    ['unknown f-divergence', () => fDivergence([1], [1], 'hellinger' as FDivergenceName), "INVALID_OPTION: fDivergence: unknown f-divergence \"hellinger\"; expected one of 'kl', 'reverse-kl', 'js', 'squared-hellinger', 'total-variation', 'chi-squared', 'neyman-chi-squared', or { f, slopeAtInfinity }"],
    ['generator without f(1) = 0', () => fDivergence([1], [1], { f: (t) => t, slopeAtInfinity: 1 }), 'INVALID_OPTION: fDivergence: f must satisfy f(1) = 0 (got f(1) = 1)'],
    ['generator with a bad slope', () => fDivergence([1], [1], { f: (t) => t - 1, slopeAtInfinity: NaN }), 'INVALID_OPTION: fDivergence: f.slopeAtInfinity must be a number ≥ 0 or Infinity (got NaN)'],
    ['generator returning NaN', () => fDivergence([0.5, 0.5], [0.25, 0.75], { f: (t) => (t === 1 ? 0 : NaN), slopeAtInfinity: 0 }), 'INVALID_ARGUMENT: fDivergence: f returned NaN at index 0 (p = 0.5, q = 0.25); f must be finite on (0, ∞)'],
    ['negative entry', () => hellingerDistance([1.5, -0.5], [0.5, 0.5]), 'INVALID_DISTRIBUTION: hellingerDistance: p must be non-negative (got -0.5 at index 1)'],
    ['NaN entry', () => totalVariationDistance([0.5, 0.5], [NaN, 1]), 'NON_FINITE: totalVariationDistance: q[0] must be finite (got NaN)'],
    ['empty', () => chiSquaredDivergence([], []), 'EMPTY_INPUT: chiSquaredDivergence: p is empty'],
  ])('%s', (_, f, msg) => {
    expect(errorCodeAndMessage(f)).toBe(msg);
  });
  it('inputs are not modified; normalize rescales weights', () => {
    const w = [2, 1, 1];
    renyiEntropy(w, 2, { normalize: true });
    expect(w).toEqual([2, 1, 1]);
    expect(renyiEntropy(w, 2, { normalize: true })).toBeCloseTo(renyiEntropy([0.5, 0.25, 0.25], 2), 15);
    expect(fDivergence([2, 2], [1, 3], 'total-variation', { normalize: true })).toBeCloseTo(0.25, 15);
  });
});
