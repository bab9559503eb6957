import { describe, expect, it } from 'vitest';
import { createRng, mixedMutualInformation } from '../../src/index.js';
import { errorCodeAndMessage as code } from '../helpers/errors.js';


function data(seed: number, n: number, sep: number): { labels: number[]; x: Float64Array } {
  const rng = createRng(seed);
  const labels: number[] = [];
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels.push(rng.int(2));
    x[i] = sep * labels[i] + rng.normal();
  }
  return { labels, x };
}

describe('mixedMutualInformation', () => {
  it('is close to the exact value for two Gaussian classes 3σ apart (0.5268 nats, numerical integration)', () => {
    let s = 0;
    for (let seed = 0; seed < 10; seed++) {
      const { labels, x } = data(seed, 2000, 3);
      s += mixedMutualInformation(labels, x, { seed });
    }
    expect(Math.abs(s / 10 - 0.5267773065)).toBeLessThan(0.02);
  });

  it('is ≈ 0 for independent labels, raw (may be negative) unless clip', () => {
    let s = 0;
    for (let seed = 0; seed < 10; seed++) {
      const { labels, x } = data(seed, 1000, 0);
      const raw = mixedMutualInformation(labels, x, { noise: false });
      s += raw;
      expect(mixedMutualInformation(labels, x, { noise: false, clip: true })).toBe(Math.max(0, raw));
    }
    expect(Math.abs(s / 10)).toBeLessThan(0.01);
  });

  it('labels may be strings or typed integers; x may be rows; the result is the same', () => {
    const { labels, x } = data(1, 300, 1);
    const a = mixedMutualInformation(labels, x, { noise: false });
    expect(mixedMutualInformation(labels.map((l) => (l ? 'b' : 'a')), x, { noise: false })).toBe(a);
    expect(mixedMutualInformation(Int32Array.from(labels), Array.from(x, (v) => [v]), { noise: false })).toBe(a);
  });

  it('multivariate x works (max-norm)', () => {
    const { labels, x } = data(2, 500, 2);
    const rng = createRng(4);
    const x2 = Array.from(x, (v) => [v, rng.normal()]);
    const v = mixedMutualInformation(labels, x2);
    expect(v).toBeGreaterThan(0.15);
    expect(v).toBeLessThan(Math.LN2);
  });

  it('a constant x or a single label gives exactly 0; inputs are not mutated', () => {
    const { labels, x } = data(3, 100, 1);
    const lc = labels.slice();
    const xc = x.slice();
    expect(mixedMutualInformation(labels, new Float64Array(100).fill(7))).toBe(0);
    expect(mixedMutualInformation(new Int32Array(100), x)).toBe(0);
    mixedMutualInformation(labels, x);
    expect(labels).toEqual(lc);
    expect(x).toEqual(xc);
  });

  it('rejects bad input', () => {
    const { labels, x } = data(3, 10, 1);
    expect(code(() => mixedMutualInformation(labels, x.subarray(0, 9)))).toMatch(/^SHAPE_MISMATCH: mixedMutualInformation: labels and x must have the same number of samples \(got 10 and 9\)/);
    expect(code(() => mixedMutualInformation([0.5, 1, 0, 1, 0], [1, 2, 3, 4, 5]))).toMatch(/^INVALID_LABELS: mixedMutualInformation: labels\[0\] must be an integer label/);
    expect(code(() => mixedMutualInformation([0, 1, 2, 3, 4], [1, 2, 3, 4, 5]))).toMatch(/^INVALID_LABELS: mixedMutualInformation: every label occurs once/);
    expect(code(() => mixedMutualInformation([0, 1, 0], [1, 2, 3]))).toMatch(/^INVALID_OPTION: mixedMutualInformation: k must be less than the number of samples/);
    expect(code(() => mixedMutualInformation([0, 1, 0, 1, 0], [1, 2, Infinity, 4, 5]))).toMatch(/^NON_FINITE: mixedMutualInformation: x must be finite \(got Infinity at row 2\)/);
  });
});
