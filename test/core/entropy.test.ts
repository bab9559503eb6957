import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createRng, crossEntropy, entropy, jsDivergence, klDivergence } from '../../src/index.js';
import coreJson from '../fixtures/core.json';
import { closeRel, fsum } from '../helpers/fixtures.js';
import { errorCode as code } from '../helpers/errors.js';

interface VecFixture {
  w: number[];
  v: number[];
  p: number[];
  q: number[];
  base: number | null;
  entropy: number;
  kl: number;
  cross: number;
  js: number;
}
const fx = coreJson as unknown as { vectors: VecFixture[] };


describe('entropy, crossEntropy, klDivergence, jsDivergence vs scipy', () => {
  it.each(fx.vectors.map((v, i) => [i, v] as const))('vector %i', (_, v) => {
    const base = v.base ?? undefined;
    const tol = 1e-9;
    expect(closeRel(entropy(v.w, { base, normalize: true }), v.entropy, tol)).toBe(true);
    expect(closeRel(entropy(v.p, { base }), v.entropy, tol)).toBe(true);
    expect(closeRel(entropy(Float64Array.from(v.p), { base }), v.entropy, tol)).toBe(true);
    expect(closeRel(klDivergence(v.w, v.v, { base, normalize: true }), v.kl, tol)).toBe(true);
    expect(closeRel(klDivergence(v.p, v.q, { base }), v.kl, tol)).toBe(true);
    expect(closeRel(crossEntropy(v.w, v.v, { base, normalize: true }), v.cross, tol)).toBe(true);
    expect(closeRel(jsDivergence(v.w, v.v, { base, normalize: true }), v.js, tol)).toBe(true);
    expect(closeRel(jsDivergence(v.p, v.q, { base }), v.js, tol)).toBe(true);
  });
});

describe('closed forms and conventions', () => {
  it('uniform, point mass, bits', () => {
    expect(entropy([0.25, 0.25, 0.25, 0.25], { base: 2 })).toBe(2);
    expect(entropy([1, 0, 0])).toBe(0);
    expect(entropy([0.5, 0.25, 0.25], { base: 2 })).toBe(1.5);
  });
  it('KL is Infinity when q has a zero where p has mass, finite the other way', () => {
    expect(klDivergence([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(crossEntropy([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(klDivergence([1, 0], [0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
  });
  it('JS of disjoint supports is ln 2, never Infinity', () => {
    expect(jsDivergence([1, 0], [0, 1])).toBe(Math.LN2);
    expect(jsDivergence([1, 0], [0, 1], { base: 2 })).toBe(1);
  });
  it('subnormal and huge weights are rescaled exactly, never NaN', () => {
    expect(entropy([5e-324, 5e-324], { normalize: true })).toBeCloseTo(Math.LN2, 15);
    expect(entropy([1e308, 1e308, 1e308, 1e308], { normalize: true })).toBeCloseTo(Math.log(4), 15);
    expect(klDivergence([1e-320, 3e-320], [1e308, 1e308], { normalize: true })).toBeCloseTo(klDivergence([0.25, 0.75], [0.5, 0.5]), 2);
    expect(jsDivergence([1e308, 1e308], [1e308, 0], { normalize: true })).toBeCloseTo(jsDivergence([0.5, 0.5], [1, 0]), 15);
  });
  it('accepts a sum within rounding of 1', () => {
    const p = [0.1, 0.2, 0.7]; // sums to 0.9999999999999999
    expect(entropy(p)).toBeCloseTo(-(0.1 * Math.log(0.1) + 0.2 * Math.log(0.2) + 0.7 * Math.log(0.7)), 14);
  });
});

const distArb = (n: number) =>
  fc.array(fc.double({ min: 0, max: 1e3, noNaN: true }), { minLength: n, maxLength: n }).filter((a) => a.reduce((s, v) => s + v, 0) > 1e-6);

describe('properties', () => {
  fcTest.prop([fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(distArb(n), distArb(n)))])('D(p‖q) ≥ 0, = 0 iff p = q; JS symmetric and ≤ ln 2', ([p, q]) => {
    const o = { normalize: true };
    expect(klDivergence(p, q, o)).toBeGreaterThanOrEqual(0);
    expect(klDivergence(p, p, o)).toBeLessThan(1e-12);
    const js = jsDivergence(p, q, o);
    expect(js).toBeGreaterThanOrEqual(0);
    expect(js).toBeLessThanOrEqual(Math.LN2);
    expect(Math.abs(js - jsDivergence(q, p, o))).toBeLessThan(1e-12);
    // H(p, q) = H(p) + D(p‖q)
    const ce = crossEntropy(p, q, o);
    if (Number.isFinite(ce)) expect(closeRel(ce, entropy(p, o) + klDivergence(p, q, o), 1e-9)).toBe(true);
  });
  fcTest.prop([distArb(8), fc.double({ min: 1.01, max: 100, noNaN: true })])('changing base rescales by 1/ln(base)', (p, b) => {
    const o = { normalize: true };
    expect(closeRel(entropy(p, { ...o, base: b }), entropy(p, o) / Math.log(b), 1e-12)).toBe(true);
  });
  fcTest.prop([distArb(12)])('0 ≤ H(p) ≤ ln n', (p) => {
    const h = entropy(p, { normalize: true });
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBeLessThanOrEqual(Math.log(p.length) + 1e-12);
  });
});

describe('accuracy on 10⁷ elements', () => {
  it('agrees to ≤ 1e-12 relative with an exactly summed reference', () => {
    const n = 10_000_000;
    const rng = createRng(7);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = rng.next() * (i % 3 === 0 ? 1e-6 : 1);
    const total = fsum(w);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = w[i] / total;
    // Reference: −Σ p ln p, each term from Math.log, summed exactly, with the exact correction for Σp ≠ 1.
    const terms = new Float64Array(n);
    for (let i = 0; i < n; i++) terms[i] = p[i] > 0 ? p[i] * Math.log(p[i]) : 0;
    const sp = fsum(p);
    const ref = -fsum(terms) / sp + Math.log(sp);
    const got = entropy(p);
    expect(Math.abs(got - ref) / ref).toBeLessThanOrEqual(1e-12);
  });
});

describe('bad input', () => {
  it.each([
    ['NaN', () => entropy([0.5, NaN]), 'NON_FINITE'],
    ['Infinity', () => entropy([0.5, Infinity]), 'NON_FINITE'],
    ['-Infinity in q', () => klDivergence([0.5, 0.5], [-Infinity, 1]), 'NON_FINITE'],
    ['negative', () => entropy([1.5, -0.5]), 'INVALID_DISTRIBUTION'],
    ['sum ≠ 1', () => entropy([0.5, 0.6]), 'INVALID_DISTRIBUTION'],
    ['all zero weights', () => entropy([0, 0], { normalize: true }), 'INVALID_DISTRIBUTION'],
    ['all zero', () => entropy([0, 0]), 'INVALID_DISTRIBUTION'],
    ['empty', () => entropy([]), 'EMPTY_INPUT'],
    ['length mismatch', () => klDivergence([0.5, 0.5], [1]), 'SHAPE_MISMATCH'],
    ['base 1', () => entropy([1], { base: 1 }), 'INVALID_OPTION'],
    ['base 0', () => entropy([1], { base: 0 }), 'INVALID_OPTION'],
    ['base negative', () => entropy([1], { base: -2 }), 'INVALID_OPTION'],
    ['non-array', () => entropy('abc' as unknown as number[]), 'INVALID_ARGUMENT'],
    ['non-number entry', () => entropy([0.5, '0.5'] as unknown as number[]), 'INVALID_ARGUMENT'],
    ['normalize not boolean', () => entropy([1], { normalize: 'yes' as unknown as boolean }), 'INVALID_OPTION'],
    ['options not object', () => jsDivergence([1], [1], 3 as unknown as object), 'INVALID_ARGUMENT'],
  ])('%s', (_, f, c) => {
    expect(code(f)).toBe(c);
  });
  it('names the function, the argument and the value', () => {
    expect(() => klDivergence([0.5, 0.5], [0.7, 0.7])).toThrow(/^klDivergence: q must sum to 1 \(got 1\.4 at length 2\); pass \{ normalize: true \}/);
    expect(() => entropy([0.5, NaN])).toThrow('entropy: p[1] must be finite (got NaN)');
    expect(() => crossEntropy([0.2, -0.1, 0.9], [1, 0, 0])).toThrow('crossEntropy: p must be non-negative (got -0.1 at index 1)');
  });
  it('never mutates its input', () => {
    const p = Float64Array.from([1, 2, 3]);
    const q = [3, 2, 1];
    entropy(p, { normalize: true });
    klDivergence(p, q, { normalize: true });
    jsDivergence(p, q, { normalize: true });
    expect(Array.from(p)).toEqual([1, 2, 3]);
    expect(q).toEqual([3, 2, 1]);
  });
});
