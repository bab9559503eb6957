import { fc, test as fcTest } from '@fast-check/vitest';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  conditionalEntropy,
  conditionalMutualInformation,
  entropy,
  jointEntropy,
  mutualInformation,
  normalizedMutualInformation,
  table,
  variationOfInformation
} from '../../src/index.js';
import type { NmiAverage } from '../../src/index.js';
import coreJson from '../fixtures/core.json';
import { closeRel } from '../helpers/fixtures.js';
import { errorCode as code } from '../helpers/errors.js';

interface TableFx {
  counts: number[][];
  p: number[][];
  base: number | null;
  jointEntropy: number;
  condXgivenY: number;
  mi: number;
  nmi: Record<NmiAverage, number>;
  vi: number;
}
const fx = coreJson as unknown as { tables: TableFx[]; tables3: { shape: number[]; data: number[]; cmi: number }[] };


describe('2-D measures vs scipy / scikit-learn', () => {
  it.each(fx.tables.map((t, i) => [i, t] as const))('table %i', (_, t) => {
    const base = t.base ?? undefined;
    const tol = 1e-9;
    const flat = t.p.flat();
    const T = table(flat, [t.p.length, t.p[0].length]);
    for (const pxy of [t.p, T, new Matrix(t.p)]) {
      expect(closeRel(jointEntropy(pxy, { base }), t.jointEntropy, tol)).toBe(true);
      expect(closeRel(conditionalEntropy(pxy, { base }), t.condXgivenY, tol)).toBe(true);
      expect(closeRel(mutualInformation(pxy, { base }), t.mi, tol)).toBe(true);
      expect(closeRel(variationOfInformation(pxy, { base }), t.vi, tol)).toBe(true);
      for (const avg of ['arithmetic', 'geometric', 'min', 'max', 'joint'] as const) {
        expect(closeRel(normalizedMutualInformation(pxy, { average: avg }), t.nmi[avg], tol)).toBe(true);
      }
    }
    // Counts with normalize give the same numbers.
    expect(closeRel(mutualInformation(t.counts, { base, normalize: true }), t.mi, tol)).toBe(true);
  });
  it.each(fx.tables3.map((t, i) => [i, t] as const))('3-D table %i: conditional MI', (_, t) => {
    expect(closeRel(conditionalMutualInformation(table(t.data, t.shape)), t.cmi, 1e-9)).toBe(true);
  });
});

describe('closed forms', () => {
  it('independent table has zero MI; a diagonal one has MI = H', () => {
    const px = [0.2, 0.8];
    const py = [0.1, 0.3, 0.6];
    const ind = px.map((a) => py.map((b) => a * b));
    expect(mutualInformation(ind)).toBeLessThan(1e-15);
    expect(mutualInformation([[0.5, 0], [0, 0.5]])).toBeCloseTo(Math.LN2, 15);
    expect(normalizedMutualInformation([[1]])).toBe(1);
    expect(normalizedMutualInformation(ind)).toBe(0);
  });
  it('jointEntropy takes tables with any number of axes', () => {
    expect(jointEntropy(table([0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125], [2, 2, 2]), { base: 2 })).toBe(3);
  });
});

const tableArb = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
  .chain(([r, c]) =>
    fc
      .array(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: c, maxLength: c }), { minLength: r, maxLength: r })
      .filter((t) => t.flat().reduce((a, b) => a + b, 0) > 1e-3),
  );

function marginals(t: number[][]): { px: number[]; py: number[] } {
  return { px: t.map((r) => r.reduce((a, b) => a + b, 0)), py: t[0].map((_, j) => t.reduce((a, r) => a + r[j], 0)) };
}

describe('properties', () => {
  const o = { normalize: true };
  fcTest.prop([tableArb])('0 ≤ I ≤ min(H(X), H(Y)); symmetric; chain rule; subadditivity; VI = H(X,Y) − I', (t) => {
    const { px, py } = marginals(t);
    const hx = entropy(px, o);
    const hy = entropy(py, o);
    const hxy = jointEntropy(t, o);
    const mi = mutualInformation(t, o);
    const tt = t[0].map((_, j) => t.map((r) => r[j]));
    expect(mi).toBeGreaterThanOrEqual(0);
    expect(mi).toBeLessThanOrEqual(Math.min(hx, hy) + 1e-9);
    expect(Math.abs(mi - mutualInformation(tt, o))).toBeLessThan(1e-9);
    expect(Math.abs(hxy - (hy + conditionalEntropy(t, o)))).toBeLessThan(1e-9);
    expect(hxy).toBeLessThanOrEqual(hx + hy + 1e-9);
    expect(Math.abs(variationOfInformation(t, o) - (hxy - mi))).toBeLessThan(1e-9);
    const nmi = normalizedMutualInformation(t, o);
    expect(nmi).toBeGreaterThanOrEqual(0);
    expect(nmi).toBeLessThanOrEqual(1);
  });
  fcTest.prop([tableArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 })])(
    'data-processing inequality: I(X;Z) ≤ I(X;Y) for Z a noisy function of Y',
    (t, k) => {
      // Channel Y → Z with 2 outputs: z = 0 with probability k[j % 4].
      const ky = t[0].length;
      const xz = t.map((r) => [0, 0].map((_, z) => r.reduce((a, v, j) => a + v * (z === 0 ? k[j % 4] : 1 - k[j % 4]), 0)));
      expect(mutualInformation(xz, o)).toBeLessThanOrEqual(mutualInformation(t, o) + 1e-9);
      expect(ky).toBeGreaterThan(0);
    },
  );
  fcTest.prop([fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 12, maxLength: 12 }).filter((a) => a.reduce((s, v) => s + v, 0) > 1e-3)])(
    'I(X;Y|Z) ≥ 0',
    (d) => {
      expect(conditionalMutualInformation(table(d, [2, 3, 2]), o)).toBeGreaterThanOrEqual(0);
    },
  );
});

describe('bad input', () => {
  it.each([
    ['ragged rows', () => mutualInformation([[0.5, 0], [0.5]]), 'SHAPE_MISMATCH'],
    ['3-D where 2-D needed', () => mutualInformation(table([0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125], [2, 2, 2])), 'SHAPE_MISMATCH'],
    ['2-D where 3-D needed', () => conditionalMutualInformation(table([0.25, 0.25, 0.25, 0.25], [2, 2])), 'SHAPE_MISMATCH'],
    ['shape vs data', () => table([0.5, 0.5], [3]), 'SHAPE_MISMATCH'],
    ['hand-made bad shape', () => mutualInformation({ data: new Float64Array(4), shape: [3, 2] }), 'SHAPE_MISMATCH'],
    ['bad shape entry', () => table([1], [0.5]), 'INVALID_ARGUMENT'],
    ['NaN', () => mutualInformation([[0.5, NaN], [0, 0.5]]), 'NON_FINITE'],
    ['negative', () => conditionalEntropy([[0.6, -0.1], [0, 0.5]]), 'INVALID_DISTRIBUTION'],
    ['sum ≠ 1', () => variationOfInformation([[0.6, 0.1], [0, 0.5]]), 'INVALID_DISTRIBUTION'],
    ['empty', () => jointEntropy([]), 'EMPTY_INPUT'],
    ['unknown average', () => normalizedMutualInformation([[1]], { average: 'mean' as NmiAverage }), 'INVALID_OPTION'],
    ['base', () => mutualInformation([[1]], { base: 1 }), 'INVALID_OPTION'],
    ['non-table', () => mutualInformation(42 as unknown as number[][]), 'INVALID_ARGUMENT'],
  ])('%s', (_, f, c) => {
    expect(code(f)).toBe(c);
  });
  it('never mutates a table', () => {
    const t = table([1, 2, 3, 4], [2, 2]);
    mutualInformation(t, { normalize: true });
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4]);
  });
});
