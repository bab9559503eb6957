import { describe, expect, it } from 'vitest';
import { Matrix } from 'ml-matrix';
import {
  gaussianEntropy,
  gaussianKlDivergence,
  gaussianMutualInformation,
  gaussianMutualInformationOf
} from '../../src/index.js';
import { errorCodeAndMessage as code } from '../helpers/errors.js';
import { gaussianPair } from './helpers.js';


describe('Gaussian closed forms', () => {
  it('match the scalar formulas', () => {
    expect(gaussianEntropy([[4]])).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E * 4), 14);
    for (const rho of [0, 0.3, 0.9, -0.99]) {
      expect(gaussianMutualInformation([[2, 2 * rho], [2 * rho, 2]], 1)).toBeCloseTo(-0.5 * Math.log(1 - rho * rho), 13);
    }
    // KL between N(0, 1) and N(1, 4): ln 2 + (1 + 1)/8 − ½
    expect(gaussianKlDivergence([0], [[1]], [1], [[4]])).toBeCloseTo(Math.log(2) + 2 / 8 - 0.5, 14);
    expect(gaussianKlDivergence([1, 2], [[2, 0.5], [0.5, 1]], [1, 2], [[2, 0.5], [0.5, 1]])).toBeCloseTo(0, 14);
  });

  it('accept number[][], { data, rows, cols } and ml-matrix Matrix; entropy of a block-diagonal is additive', () => {
    const a = [
      [2, 0.3, 0],
      [0.3, 1, 0],
      [0, 0, 5],
    ];
    const h = gaussianEntropy(a);
    expect(gaussianEntropy(new Matrix(a))).toBe(h);
    expect(gaussianEntropy({ data: Float64Array.from(a.flat()), rows: 3, cols: 3 })).toBe(h);
    expect(h).toBeCloseTo(gaussianEntropy([[2, 0.3], [0.3, 1]]) + gaussianEntropy([[5]]), 13);
    expect(gaussianMutualInformation(a, 2)).toBeCloseTo(0, 14);
    expect(gaussianEntropy(a, { base: 2 })).toBeCloseTo(h / Math.LN2, 14);
  });

  it('rejects non-symmetric, non-positive-definite and malformed covariances, saying which', () => {
    expect(code(() => gaussianEntropy([[1, 0.5], [0.4, 1]]))).toBe(
      'NOT_POSITIVE_DEFINITE: gaussianEntropy: cov is not symmetric (cov[0][1] = 0.5 but cov[1][0] = 0.4)',
    );
    expect(code(() => gaussianEntropy([[1, 0], [0, -2]]))).toBe('NOT_POSITIVE_DEFINITE: gaussianEntropy: cov is not positive definite: diagonal entry cov[1][1] = -2 ≤ 0');
    expect(code(() => gaussianEntropy([[1, 2], [2, 1]]))).toMatch(/^NOT_POSITIVE_DEFINITE: gaussianEntropy: cov is symmetric but not positive definite/);
    expect(code(() => gaussianEntropy([[1, 2, 3], [2, 1, 3]]))).toBe('SHAPE_MISMATCH: gaussianEntropy: cov must be square (got 2 × 3)');
    expect(code(() => gaussianEntropy([[1, NaN], [NaN, 1]]))).toMatch(/^NON_FINITE: gaussianEntropy: cov must be finite \(got NaN at row 0, column 1\)/);
    expect(code(() => gaussianEntropy([]))).toMatch(/^EMPTY_INPUT: gaussianEntropy: cov is empty/);
    expect(code(() => gaussianKlDivergence([0, 0], [[1]], [0], [[1]]))).toMatch(/^SHAPE_MISMATCH: gaussianKlDivergence: mu0, cov0, mu1, cov1 must have the same dimension/);
    expect(code(() => gaussianKlDivergence([0], [[1]], [0], [[0]]))).toMatch(/^NOT_POSITIVE_DEFINITE: gaussianKlDivergence: cov1 is not positive definite/);
  });

  it('never mutates its inputs', () => {
    const cov = [[2, 0.5], [0.5, 1]];
    const mu = [1, 2];
    const data = Float64Array.from([2, 0.5, 0.5, 1]);
    gaussianEntropy(cov);
    gaussianMutualInformation({ data, rows: 2, cols: 2 }, 1);
    gaussianKlDivergence(mu, cov, [0, 0], { data, rows: 2, cols: 2 });
    expect(cov).toEqual([[2, 0.5], [0.5, 1]]);
    expect(mu).toEqual([1, 2]);
    expect(Array.from(data)).toEqual([2, 0.5, 0.5, 1]);
  });

  it('rejects dimsX out of range', () => {
    const c = [[1, 0.5], [0.5, 1]];
    expect(code(() => gaussianMutualInformation(c, 0))).toBe('INVALID_ARGUMENT: gaussianMutualInformation: dimsX must be an integer in [1, 1] for a 2 × 2 covariance (got 0)');
    expect(code(() => gaussianMutualInformation(c, 2))).toMatch(/dimsX must be an integer in \[1, 1\] for a 2 × 2 covariance \(got 2\)/);
    expect(code(() => gaussianMutualInformation([[1]], 1))).toMatch(/dimsX must be an integer in \[1, 0\] for a 1 × 1 covariance/);
  });
});

describe('gaussianMutualInformationOf', () => {
  it('is within 0.005 nats of −½ ln(1 − ρ²) on average (n = 2000, 20 seeds)', () => {
    for (const rho of [0, 0.3, 0.6, 0.9, 0.99]) {
      let s = 0;
      for (let seed = 0; seed < 20; seed++) {
        const { x, y } = gaussianPair(seed, 2000, rho);
        s += gaussianMutualInformationOf(x, y);
      }
      expect(Math.abs(s / 20 + 0.5 * Math.log(1 - rho * rho))).toBeLessThan(0.005);
    }
  });

  it('constant x gives 0; a constant column inside x is an error naming it', () => {
    expect(gaussianMutualInformationOf([3, 3, 3, 3], [1, 2, 3, 5])).toBe(0);
    expect(code(() => gaussianMutualInformationOf([[1, 3], [2, 3], [4, 3], [3, 3]], [1, 2, 3, 5]))).toBe(
      'NOT_POSITIVE_DEFINITE: gaussianMutualInformationOf: x column 1 is constant, so the sample covariance of [x | y] is singular',
    );
    expect(code(() => gaussianMutualInformationOf([1, 2, 3], [1, 2]))).toMatch(/^SHAPE_MISMATCH/);
  });
});
