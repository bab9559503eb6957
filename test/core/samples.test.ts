import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  adjustedMutualInformationOf,
  conditionalEntropyOf,
  conditionalMutualInformationOf,
  contingency,
  entropy,
  entropyOf,
  entropyOfCounts,
  jointEntropyOf,
  mutualInformation,
  mutualInformationOf,
  mutualInformationOfCounts,
  normalizedMutualInformationOf,
  table
} from '../../src/index.js';
import type { EntropyEstimator, NmiAverage } from '../../src/index.js';
import emotionsCsv from '../../examples/data/emotions.csv?raw';
import coreJson from '../fixtures/core.json';
import { closeRel } from '../helpers/fixtures.js';
import { errorCode as code } from '../helpers/errors.js';

type Est = Record<EntropyEstimator, { hx: number; hxy: number; cond: number; mi: number }>;
interface LabelFx {
  x: number[];
  y: number[];
  z: number[];
  est: Est;
  cmi: number;
  nmi: Record<NmiAverage, number>;
  ami: Record<'arithmetic' | 'geometric' | 'min' | 'max', number>;
}
interface Fx {
  labels: LabelFx[];
  amiBig: { x: number[]; y: number[]; ami: number; mi: number; nmi: number }[];
  emotions: { pairs: { i: number; j: number; mi: number; nmi: number; ami: number }[]; entropy: number[] };
}
const fx = coreJson as unknown as Fx;
const ESTS: EntropyEstimator[] = ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'];


describe('sample measures vs scikit-learn and the estimators’ formulas', () => {
  it.each(fx.labels.map((l, i) => [i, l] as const))('labels %i', (_, l) => {
    const tol = 1e-9;
    for (const e of ESTS) {
      const r = l.est[e];
      const o = { estimator: e };
      expect(closeRel(entropyOf(l.x, o), r.hx, tol), `H ${e}`).toBe(true);
      expect(closeRel(jointEntropyOf(l.x, l.y, o), r.hxy, tol), `Hxy ${e}`).toBe(true);
      expect(closeRel(conditionalEntropyOf(l.x, l.y, o), r.cond, tol), `H(X|Y) ${e}`).toBe(true);
      expect(closeRel(mutualInformationOf(l.x, l.y, o), r.mi, tol), `MI ${e}`).toBe(true);
      // Counts aggregated elsewhere give the same estimate.
      const c = contingency(l.x, l.y);
      expect(closeRel(mutualInformationOfCounts(c.table, o), r.mi, tol), `MI counts ${e}`).toBe(true);
    }
    expect(closeRel(conditionalMutualInformationOf(l.x, l.y, l.z), l.cmi, 1e-9)).toBe(true);
    for (const a of ['arithmetic', 'geometric', 'min', 'max', 'joint'] as const) {
      expect(closeRel(normalizedMutualInformationOf(l.x, l.y, { average: a }), l.nmi[a], 1e-9), `NMI ${a}`).toBe(true);
    }
    for (const a of ['arithmetic', 'geometric', 'min', 'max'] as const) {
      expect(closeRel(adjustedMutualInformationOf(l.x, l.y, { average: a }), l.ami[a], 1e-6), `AMI ${a}`).toBe(true);
    }
  });
  it.each(fx.amiBig.map((l, i) => [i, l] as const))('AMI on a larger problem %i', (_, l) => {
    expect(closeRel(adjustedMutualInformationOf(l.x, l.y), l.ami, 1e-6)).toBe(true);
    expect(closeRel(mutualInformationOf(Int32Array.from(l.x), Int32Array.from(l.y)), l.mi, 1e-9)).toBe(true);
    expect(closeRel(normalizedMutualInformationOf(l.x, l.y), l.nmi, 1e-9)).toBe(true);
  });
});

describe('label handling', () => {
  it('strings, numbers and typed arrays give the same answer; the order of categories does not matter', () => {
    const xs = ['cat', 'dog', 'cat', 'bird', 'dog', 'cat'];
    const ys = [3, 1, 3, 2, 1, 1];
    const xi = Int32Array.from([10, -4, 10, 7, -4, 10]);
    const a = mutualInformationOf(xs, ys);
    expect(mutualInformationOf(xi, ys)).toBeCloseTo(a, 15);
    expect(mutualInformationOf(Float64Array.from(xi), Uint8Array.from(ys))).toBeCloseTo(a, 15);
    expect(mutualInformationOf(ys, xs)).toBeCloseTo(a, 15);
  });
  it('Int32Array fast paths agree with the general path (small codes, a late large or negative label, odd lengths)', () => {
    const base = Array.from({ length: 203 }, (_, i) => (i * 7) % 5);
    const other = Array.from({ length: 203 }, (_, i) => (i * 3) % 4);
    const variants: [number[], number[]][] = [
      [base, other],
      [base.map((v, i) => (i === 150 ? 100 : v)), other],
      [base, other.map((v, i) => (i === 201 ? -3 : v))],
      [base.map((v) => v + 1000), other],
      [base.slice(0, 3), other.slice(0, 3)],
    ];
    for (const [a, b] of variants) {
      const ref = mutualInformationOf(a.map(String), b.map(String));
      expect(mutualInformationOf(Int32Array.from(a), Int32Array.from(b))).toBeCloseTo(ref, 14);
      expect(contingency(Int32Array.from(a), Int32Array.from(b)).xValues).toEqual([...new Set(a)].sort((u, v) => u - v));
    }
  });
  it('contingency lists sorted categories', () => {
    const c = contingency(['b', 'a', 'b'], [5, -1, 5]);
    expect(c.xValues).toEqual(['a', 'b']);
    expect(c.yValues).toEqual([-1, 5]);
    expect(Array.from(c.table.data)).toEqual([1, 0, 0, 2]);
    expect(c.table.shape).toEqual([2, 2]);
  });
  it('labels with a huge integer range and many categories take the sparse path', () => {
    const n = 3000;
    const x = Array.from({ length: n }, (_, i) => (i * 7919) % 2999 * 1e6);
    const y = Array.from({ length: n }, (_, i) => (i * 104729) % 2993);
    const m = mutualInformationOf(x, y);
    // Same labels re-coded compactly.
    const xc = x.map((v) => v / 1e6);
    expect(m).toBeCloseTo(mutualInformationOf(xc, y), 12);
    expect(jointEntropyOf(x, y)).toBeCloseTo(jointEntropyOf(xc, y), 12);
  });
  it('the plug-in sample value equals the table value of the empirical distribution', () => {
    const x = [0, 1, 1, 2, 2, 2, 0, 1];
    const y = [1, 1, 0, 0, 1, 1, 0, 0];
    const c = contingency(x, y);
    expect(mutualInformationOf(x, y)).toBeCloseTo(mutualInformation(c.table, { normalize: true }), 15);
    expect(entropyOf(x)).toBeCloseTo(entropy([2, 3, 3], { normalize: true }), 15);
  });
  it('constant labelings: NMI and AMI are 1 for two constants, MI is 0', () => {
    expect(normalizedMutualInformationOf([1, 1, 1], ['a', 'a', 'a'])).toBe(1);
    expect(adjustedMutualInformationOf([1, 1, 1], ['a', 'a', 'a'])).toBe(1);
    expect(mutualInformationOf([1, 1, 1], [0, 1, 2])).toBe(0);
    expect(normalizedMutualInformationOf([1, 1, 1], [0, 1, 2])).toBe(0);
  });
});

describe('emotions labels (real data) vs scikit-learn', () => {
  it('pairwise MI, NMI, AMI', () => {
    const lines = emotionsCsv.trim().split('\n').slice(1);
    const L = lines.map((l) => l.split(',').slice(-6).map(Number));
    const col = (j: number) => L.map((r) => r[j]);
    for (const p of fx.emotions.pairs) {
      expect(closeRel(mutualInformationOf(col(p.i), col(p.j)), p.mi, 1e-9)).toBe(true);
      expect(closeRel(normalizedMutualInformationOf(col(p.i), col(p.j)), p.nmi, 1e-9)).toBe(true);
      expect(closeRel(adjustedMutualInformationOf(col(p.i), col(p.j)), p.ami, 1e-6)).toBe(true);
    }
    fx.emotions.entropy.forEach((h, j) => expect(closeRel(entropyOf(col(j)), h, 1e-12)).toBe(true));
  });
});

const labelsArb = fc.integer({ min: 1, max: 60 }).chain((n) =>
  fc.tuple(
    fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
  ),
);

describe('properties on samples', () => {
  fcTest.prop([labelsArb])('plug-in identities: bounds, symmetry, chain rule, I(X;Y|Z) ≥ 0', ([x, y, z]) => {
    const mi = mutualInformationOf(x, y);
    const hx = entropyOf(x);
    const hy = entropyOf(y);
    expect(mi).toBeGreaterThanOrEqual(0);
    expect(mi).toBeLessThanOrEqual(Math.min(hx, hy) + 1e-12);
    expect(Math.abs(mi - mutualInformationOf(y, x))).toBeLessThan(1e-12);
    expect(Math.abs(jointEntropyOf(x, y) - (hy + conditionalEntropyOf(x, y)))).toBeLessThan(1e-12);
    expect(conditionalMutualInformationOf(x, y, z)).toBeGreaterThanOrEqual(0);
    // Chain rule of MI: I(X; Y,Z) = I(X;Z) + I(X;Y|Z)
    const yz = y.map((v, i) => v * 3 + z[i]);
    expect(Math.abs(mutualInformationOf(x, yz) - (mutualInformationOf(x, z) + conditionalMutualInformationOf(x, y, z)))).toBeLessThan(1e-12);
    // Data processing: a function of Y carries no more about X than Y does.
    const fy = y.map((v) => v % 2);
    expect(mutualInformationOf(x, fy)).toBeLessThanOrEqual(mi + 1e-12);
  });
  fcTest.prop([labelsArb, fc.constantFrom(...(['miller-madow', 'grassberger', 'shrinkage', 'chao-shen'] as const))])(
    'estimator MI = H(X) + H(Y) − H(X,Y), each term estimated',
    ([x, y], e) => {
      const o = { estimator: e };
      expect(mutualInformationOf(x, y, o)).toBeCloseTo(entropyOf(x, o) + entropyOf(y, o) - jointEntropyOf(x, y, o), 12);
    },
  );
});

describe('estimators: closed forms', () => {
  it('Miller–Madow adds (m − 1)/2n', () => {
    expect(entropyOfCounts([2, 1, 1], { estimator: 'miller-madow' })).toBeCloseTo(entropy([0.5, 0.25, 0.25]) + 2 / 8, 15);
  });
  it('Grassberger on one singleton is γ + ln 2; shrinkage of a uniform sample is its plug-in', () => {
    // G(1) = ψ(1) − ½(ψ(1) − ψ(½)) = −γ − ln 2 ; one singleton: H = ln 1 − G(1) = γ + ln 2.
    expect(entropyOfCounts([1], { estimator: 'grassberger' })).toBeCloseTo(0.5772156649015329 + Math.LN2, 14);
    expect(entropyOfCounts([5, 5, 5, 5], { estimator: 'shrinkage' })).toBeCloseTo(Math.log(4), 15);
    // Shrinkage pulls towards uniform over all 4 cells, unseen ones included, so it exceeds the plug-in.
    expect(entropyOfCounts([5, 1, 0, 0], { estimator: 'shrinkage' })).toBeGreaterThan(entropyOfCounts([5, 1]));
  });
  it('Chao–Shen with no singletons is the Horvitz–Thompson correction of the plug-in', () => {
    const c = [4, 6];
    const n = 10;
    const ref = -c.reduce((s, v) => s + ((v / n) * Math.log(v / n)) / (1 - Math.pow(1 - v / n, n)), 0);
    expect(entropyOfCounts(c, { estimator: 'chao-shen' })).toBeCloseTo(ref, 15);
  });
  it('plug-in counts accept non-integer weights', () => {
    expect(entropyOfCounts([0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
  });
});

describe('bad input', () => {
  it.each([
    ['length mismatch', () => mutualInformationOf([0, 1], [0]), 'SHAPE_MISMATCH'],
    ['three lengths', () => conditionalMutualInformationOf([0, 1], [0, 1], [0]), 'SHAPE_MISMATCH'],
    ['empty', () => entropyOf([]), 'EMPTY_INPUT'],
    ['non-integer label', () => entropyOf([0, 1.5]), 'INVALID_LABELS'],
    ['NaN label', () => entropyOf([0, NaN]), 'NON_FINITE'],
    ['Infinity label', () => mutualInformationOf([0, Infinity], [0, 1]), 'NON_FINITE'],
    ['mixed labels', () => entropyOf(['a', 1] as unknown as string[]), 'INVALID_LABELS'],
    ['non-array', () => entropyOf(7 as unknown as number[]), 'INVALID_ARGUMENT'],
    ['unknown estimator', () => entropyOf([0, 1], { estimator: 'bayes' as EntropyEstimator }), 'INVALID_OPTION'],
    ['unknown average', () => normalizedMutualInformationOf([0, 1], [0, 1], { average: 'x' as NmiAverage }), 'INVALID_OPTION'],
    ['AMI joint average', () => adjustedMutualInformationOf([0, 1], [0, 1], { average: 'joint' as 'min' }), 'INVALID_OPTION'],
    ['bad base', () => mutualInformationOf([0, 1], [0, 1], { base: 1 }), 'INVALID_OPTION'],
    ['negative count', () => entropyOfCounts([1, -1]), 'INVALID_DISTRIBUTION'],
    ['zero counts', () => entropyOfCounts([0, 0]), 'INVALID_DISTRIBUTION'],
    ['NaN count', () => entropyOfCounts([1, NaN]), 'NON_FINITE'],
    ['fractional count, bias-corrected', () => entropyOfCounts([1.5, 2], { estimator: 'miller-madow' }), 'INVALID_ARGUMENT'],
    ['counts table shape', () => mutualInformationOfCounts(table([1, 2, 3], [3])), 'SHAPE_MISMATCH'],
  ])('%s', (_, f, c) => {
    expect(code(f)).toBe(c);
  });
  it('messages name the function, the argument and the value', () => {
    expect(() => entropyOf([0, 1.5])).toThrow('entropyOf: x[1] must be an integer label (got 1.5)');
    expect(() => mutualInformationOf([0, 1], [0, 1], { estimator: 'mle' as EntropyEstimator })).toThrow(/^mutualInformationOf: unknown estimator "mle"; expected one of 'plugin'/);
  });
  it('never mutates its input', () => {
    const x = Int32Array.from([3, 1, 2, 3]);
    const y = ['b', 'a', 'b', 'c'];
    mutualInformationOf(x, y);
    adjustedMutualInformationOf(x, y);
    conditionalMutualInformationOf(x, y, x);
    expect(Array.from(x)).toEqual([3, 1, 2, 3]);
    expect(y).toEqual(['b', 'a', 'b', 'c']);
  });
});
