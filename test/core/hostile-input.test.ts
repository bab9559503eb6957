// Regression tests of issue 13 for the core measures: each failure the hostile-input audit found, fixed at its root.
import { describe, expect, it } from 'vitest';
import {
  conditionalEntropy,
  conditionalMutualInformation,
  crossEntropy,
  entropy,
  entropyOf,
  entropyOfCounts,
  jointEntropy,
  jsDivergence,
  klDivergence,
  mutualInformation,
  mutualInformationOf,
  mutualInformationOfCounts,
  normalizedMutualInformation,
  table,
  variationOfInformation,
} from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

describe('a total that overflows fails the distribution check (item 1)', () => {
  const huge = [1e308, 1e308, 1e308];
  it('entropy, crossEntropy, klDivergence, jsDivergence: INVALID_DISTRIBUTION, never NaN or 0', () => {
    const msg = 'must sum to 1 (got a total that overflows at length 3); pass { normalize: true } to rescale';
    expect(errorCodeAndMessage(() => entropy(huge))).toBe(`INVALID_DISTRIBUTION: entropy: p ${msg}`);
    expect(errorCodeAndMessage(() => jsDivergence(huge, huge))).toBe(`INVALID_DISTRIBUTION: jsDivergence: p ${msg}`);
    expect(errorCodeAndMessage(() => jsDivergence([1, 0, 0], huge))).toBe(`INVALID_DISTRIBUTION: jsDivergence: q ${msg}`);
    expect(errorCodeAndMessage(() => klDivergence(huge, [1 / 3, 1 / 3, 1 / 3]))).toBe(`INVALID_DISTRIBUTION: klDivergence: p ${msg}`);
    expect(errorCodeAndMessage(() => crossEntropy(huge, [1 / 3, 1 / 3, 1 / 3]))).toBe(`INVALID_DISTRIBUTION: crossEntropy: p ${msg}`);
    expect(errorCodeAndMessage(() => entropy(Float64Array.from(huge)))).toBe(`INVALID_DISTRIBUTION: entropy: p ${msg}`);
  });
  it('tables too', () => {
    const t = [[1e308, 1e308], [1e308, 1e308]];
    for (const [name, f] of [
      ['jointEntropy', jointEntropy],
      ['conditionalEntropy', conditionalEntropy],
      ['mutualInformation', mutualInformation],
      ['variationOfInformation', variationOfInformation],
      ['normalizedMutualInformation', normalizedMutualInformation],
    ] as const) {
      expect(errorCodeAndMessage(() => f(t))).toMatch(new RegExp(`^INVALID_DISTRIBUTION: ${name}: pxy must sum to 1 \\(got a total that overflows`));
    }
    expect(errorCodeAndMessage(() => conditionalMutualInformation(table([1e308, 1e308, 1e308, 1e308, 0, 0, 0, 0], [2, 2, 2])))).toMatch(/^INVALID_DISTRIBUTION: conditionalMutualInformation/);
  });
  it('with normalize the same weights are rescaled exactly', () => {
    expect(entropy(huge, { normalize: true })).toBeCloseTo(Math.log(3), 15);
    expect(jsDivergence(huge, [1e308, 0, 0], { normalize: true })).toBeCloseTo(jsDivergence([1 / 3, 1 / 3, 1 / 3], [1, 0, 0]), 14);
    expect(klDivergence([1e308, 1e308], [1e308, 5e307], { normalize: true })).toBeCloseTo(klDivergence([0.5, 0.5], [2 / 3, 1 / 3]), 14);
    expect(mutualInformation([[1e308, 0], [0, 1e308]], { normalize: true })).toBeCloseTo(Math.LN2, 15);
  });
  it('entropyOfCounts and mutualInformationOfCounts of counts whose total overflows: the plug-in value, finite', () => {
    for (const est of ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'] as const) {
      expect(entropyOfCounts([1e308, 1e308], { estimator: est })).toBeCloseTo(Math.LN2, 15);
      expect(entropyOfCounts([1e308, 5e307, 5e307], { estimator: est })).toBeCloseTo(entropy([0.5, 0.25, 0.25]), 15);
      expect(mutualInformationOfCounts([[1e308, 0], [0, 1e308]], { estimator: est })).toBeCloseTo(Math.LN2, 15);
      expect(mutualInformationOfCounts([[1e308, 1e308], [1e308, 1e308]], { estimator: est })).toBeCloseTo(0, 15);
    }
  });
  it('counts with a large but finite total keep every estimator', () => {
    expect(entropyOfCounts([2 ** 60, 2 ** 60], { estimator: 'miller-madow' })).toBeCloseTo(Math.LN2 + 1 / 2 ** 62, 15);
  });
});

describe('Float32 probability vectors are checked at float32 precision (item 13)', () => {
  it('a float32 softmax output is a distribution', () => {
    const p = Float32Array.of(0.1, 0.2, 0.3, 0.4); // sums to 1.0000000223517418 in doubles
    expect(entropy(p)).toBeCloseTo(entropy([0.1, 0.2, 0.3, 0.4]), 6);
    const q = new Float32Array(1000).fill(0.001); // 1.0000000474974513
    expect(entropy(q)).toBeCloseTo(Math.log(1000), 6);
    expect(klDivergence(p, Float32Array.of(0.25, 0.25, 0.25, 0.25))).toBeGreaterThan(0);
  });
  it('but not a vector that is off by more than float32 rounding', () => {
    expect(errorCodeAndMessage(() => entropy(Float32Array.of(0.5, 0.5001)))).toMatch(/^INVALID_DISTRIBUTION: entropy: p must sum to 1/);
    // the double tolerance is unchanged
    expect(errorCodeAndMessage(() => entropy([0.1, 0.2, 0.3, 0.4 + 2e-8]))).toMatch(/^INVALID_DISTRIBUTION: entropy: p must sum to 1/);
  });
});

describe('unknown option names are rejected, naming the closest one (item 13)', () => {
  it('every core function', () => {
    const p = [0.5, 0.5];
    const t = [[0.25, 0.25], [0.25, 0.25]];
    expect(errorCodeAndMessage(() => entropy(p, { bsae: 2 } as never))).toBe(`INVALID_OPTION: entropy: unknown option "bsae"; did you mean 'base'? (options: base, normalize)`);
    expect(errorCodeAndMessage(() => klDivergence(p, p, { normalise: true } as never))).toMatch(/^INVALID_OPTION: klDivergence: unknown option "normalise"; did you mean 'normalize'\?/);
    expect(errorCodeAndMessage(() => mutualInformation(t, { Base: 2 } as never))).toMatch(/^INVALID_OPTION: mutualInformation: unknown option "Base"; did you mean 'base'\?/);
    expect(errorCodeAndMessage(() => normalizedMutualInformation(t, { averge: 'min' } as never))).toMatch(/did you mean 'average'\?/);
    expect(errorCodeAndMessage(() => entropyOf([0, 1], { estimater: 'plugin' } as never))).toMatch(/^INVALID_OPTION: entropyOf: unknown option "estimater"; did you mean 'estimator'\?/);
    expect(errorCodeAndMessage(() => mutualInformationOf([0, 1], [1, 0], { normalize: true } as never))).toMatch(/^INVALID_OPTION: mutualInformationOf: unknown option "normalize" \(options: base, estimator\)/);
  });
});

describe('MatrixLike, tables, BigInt and holes (items 6, 8, 9, 12)', () => {
  it('a MatrixLike with bad dimensions or non-number entries is an error naming the function', () => {
    const get = (): number => 0.25;
    expect(errorCodeAndMessage(() => mutualInformation({ rows: -1, columns: 2, get }))).toBe('INVALID_ARGUMENT: mutualInformation: pxy.rows must be a non-negative integer (got -1)');
    expect(errorCodeAndMessage(() => mutualInformation({ rows: 1.5, columns: 2, get }))).toBe('INVALID_ARGUMENT: mutualInformation: pxy.rows must be a non-negative integer (got 1.5)');
    expect(errorCodeAndMessage(() => mutualInformation({ rows: Infinity, columns: 2, get }))).toMatch(/pxy\.rows must be a non-negative integer \(got Infinity\)/);
    expect(errorCodeAndMessage(() => mutualInformation({ rows: 2, columns: 2, get: () => '0.25' as unknown as number }))).toBe(
      'INVALID_ARGUMENT: mutualInformation: pxy.get(0, 0) must return a number (got "0.25")',
    );
    expect(errorCodeAndMessage(() => mutualInformationOfCounts({ rows: 1e6, columns: 1e6, get: () => 1 }))).toMatch(/^INVALID_ARGUMENT: mutualInformationOfCounts: counts is too large/);
  });
  it('table() checks its entries instead of storing NaN', () => {
    expect(errorCodeAndMessage(() => table([[0.5], [0.5]] as unknown as number[], [2]))).toBe('INVALID_ARGUMENT: table: data[0] must be a number (got array of length 1)');
    expect(errorCodeAndMessage(() => table([0.5, NaN], [2]))).toBe('NON_FINITE: table: data[1] must be finite (got NaN)');
    expect(errorCodeAndMessage(() => table(['0.5', '0.5'] as unknown as number[], [2]))).toBe('INVALID_ARGUMENT: table: data[0] must be a number (got "0.5")');
  });
  it('BigInt entries and holes are named as such', () => {
    expect(errorCodeAndMessage(() => entropy([1n, 0n] as unknown as number[]))).toBe('INVALID_ARGUMENT: entropy: p[0] must be a number (got 1n (a BigInt; pass a number))');
    // eslint-disable-next-line no-sparse-arrays
    expect(errorCodeAndMessage(() => entropy([0.5, , 0.5] as number[]))).toBe('INVALID_ARGUMENT: entropy: p[1] must be a number (got an empty slot (a hole in the array))');
    expect(errorCodeAndMessage(() => entropyOf(BigInt64Array.of(1n) as unknown as number[]))).toMatch(/^INVALID_ARGUMENT: entropyOf: x must be an array of labels/);
  });
});
