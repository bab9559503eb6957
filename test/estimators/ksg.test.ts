import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createRng, ksgConditionalMutualInformation, ksgMutualInformation } from '../../src/index.js';
import { errorCodeAndMessage as code } from '../helpers/errors.js';
import { gaussianPair } from './helpers.js';



describe('ksgMutualInformation accuracy on bivariate Gaussians (n = 2000, 20 seeds)', () => {
  for (const rho of [0, 0.3, 0.6, 0.9, 0.99]) {
    it(`rho = ${rho}: mean within 0.02 nats of −½ ln(1 − ρ²)`, () => {
      const truth = -0.5 * Math.log(1 - rho * rho);
      let s = 0;
      for (let seed = 0; seed < 20; seed++) {
        const { x, y } = gaussianPair(seed, 2000, rho);
        s += ksgMutualInformation(x, y, { seed });
      }
      expect(Math.abs(s / 20 - truth)).toBeLessThan(0.02);
    });
  }
  it('algorithm 2 is close too (rho = 0.6)', () => {
    let s = 0;
    for (let seed = 0; seed < 10; seed++) {
      const { x, y } = gaussianPair(seed, 2000, 0.6);
      s += ksgMutualInformation(x, y, { seed, algorithm: 2 });
    }
    expect(Math.abs(s / 10 + 0.5 * Math.log(1 - 0.36))).toBeLessThan(0.02);
  });
});

describe('ksgMutualInformation behaviour', () => {
  const { x, y } = gaussianPair(42, 300, 0.5);

  it('accepts 1-D arrays, number[][] columns and { data, rows, cols } alike', () => {
    const a = ksgMutualInformation(x, y, { noise: false });
    expect(ksgMutualInformation(Array.from(x), Array.from(y), { noise: false })).toBe(a);
    expect(ksgMutualInformation(Array.from(x, (v) => [v]), Array.from(y, (v) => [v]), { noise: false })).toBe(a);
    expect(ksgMutualInformation({ data: x, rows: 300, cols: 1 }, { data: y, rows: 300, cols: 1 }, { noise: false })).toBe(a);
  });

  it('multivariate x: [x, independent noise] carries the same information about y, roughly', () => {
    const rng = createRng(3);
    const x2 = Array.from(x, (v) => [v, rng.normal()]);
    const a = ksgMutualInformation(x, y);
    const b = ksgMutualInformation(x2, y);
    expect(Number.isFinite(b)).toBe(true);
    expect(Math.abs(a - b)).toBeLessThan(0.15);
  });

  it('never mutates its inputs', () => {
    const xs = Array.from(x);
    const xc = xs.slice();
    const yc = y.slice();
    ksgMutualInformation(xs, y, { seed: 3 });
    ksgMutualInformation(xs, y, { algorithm: 2 });
    expect(xs).toEqual(xc);
    expect(y).toEqual(yc);
  });

  it('is seeded; the noise only breaks ties', () => {
    const a = ksgMutualInformation(x, y, { seed: 1 });
    expect(ksgMutualInformation(x, y, { seed: 1 })).toBe(a);
    // no ties: a 1e-10 relative jitter changes no neighbour relation, so the value is the noise-free one
    expect(ksgMutualInformation(x, y, { seed: 2 })).toBe(a);
    expect(ksgMutualInformation(x, y, { noise: false })).toBe(a);
    // ties: the seed decides how they are broken
    const xr = Array.from(x, (v) => Math.round(v));
    const yr = Array.from(y, (v) => Math.round(v));
    const t1 = ksgMutualInformation(xr, yr, { seed: 1 });
    expect(ksgMutualInformation(xr, yr, { seed: 1 })).toBe(t1);
    expect(ksgMutualInformation(xr, yr, { seed: 2 })).not.toBe(t1);
  });

  it('returns raw negative estimates unless clip is set; base converts units', () => {
    let negatives = 0;
    for (let seed = 0; seed < 20; seed++) {
      const a = gaussianPair(seed, 200, 0);
      const b = gaussianPair(seed + 100, 200, 0);
      const raw = ksgMutualInformation(a.x, b.x, { noise: false });
      if (raw < 0) negatives++;
      expect(ksgMutualInformation(a.x, b.x, { noise: false, clip: true })).toBe(Math.max(0, raw));
    }
    expect(negatives).toBeGreaterThan(3);
    const nats = ksgMutualInformation(x, y);
    expect(ksgMutualInformation(x, y, { base: 2 })).toBeCloseTo(nats / Math.LN2, 14);
  });

  it('MI with a constant is exactly 0, with or without noise (not a huge value, cf. scikit-learn #30772)', () => {
    const c = new Float64Array(300).fill(1e6);
    expect(ksgMutualInformation(c, y)).toBe(0);
    expect(ksgMutualInformation(y, c, { noise: false })).toBe(0);
    expect(ksgMutualInformation(c, c)).toBe(0);
    // a constant extra column changes nothing
    const xc = Array.from(x, (v) => [v, 5]);
    expect(ksgMutualInformation(xc, y, { noise: false })).toBeCloseTo(ksgMutualInformation(x, y, { noise: false }), 12);
  });

  it('ties and duplicated points: finite, and noise removes the zero-distance artefacts', () => {
    const xr = Array.from(x, (v) => Math.round(v * 2) / 2);
    const yr = Array.from(y, (v) => Math.round(v * 2) / 2);
    const off = ksgMutualInformation(xr, yr, { noise: false });
    const on = ksgMutualInformation(xr, yr);
    expect(Number.isFinite(off)).toBe(true);
    expect(Number.isFinite(on)).toBe(true);
    const dup = Array.from(x).concat(Array.from(x));
    const dupY = Array.from(y).concat(Array.from(y));
    expect(Number.isFinite(ksgMutualInformation(dup, dupY, { noise: false }))).toBe(true);
  });

  it('k = n − 1 is allowed; k ≥ n is not', () => {
    expect(Number.isFinite(ksgMutualInformation([1, 2, 3, 4], [1, 3, 2, 4], { k: 3, noise: false }))).toBe(true);
    expect(code(() => ksgMutualInformation([1, 2, 3], [1, 2, 3], { k: 3 }))).toMatch(/^INVALID_OPTION: ksgMutualInformation: k must be less than the number of samples \(got k = 3 with n = 3\); need at least k \+ 1 = 4 samples/);
  });

  test.prop([fc.integer({ min: 0, max: 1000 })], { numRuns: 20 })('symmetric in x and y; invariant to row order and to scaling by 4', (seed) => {
    const { x: a, y: b } = gaussianPair(seed, 120, 0.4);
    const v = ksgMutualInformation(a, b, { noise: false });
    expect(ksgMutualInformation(b, a, { noise: false })).toBeCloseTo(v, 12);
    const perm = createRng(seed).shuffle(Int32Array.from({ length: 120 }, (_, i) => i));
    expect(ksgMutualInformation(Float64Array.from(perm, (i) => a[i]), Float64Array.from(perm, (i) => b[i]), { noise: false })).toBeCloseTo(v, 12);
    expect(ksgMutualInformation(a.map((t) => 4 * t), b.map((t) => 4 * t), { noise: false })).toBeCloseTo(v, 12);
  });
});

describe('ksgConditionalMutualInformation', () => {
  it('is ≈ 0 for X ⊥ Y | Z and ≈ the Gaussian value otherwise', () => {
    const rng = createRng(11);
    const n = 2000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const y2 = new Float64Array(n);
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      z[i] = rng.normal();
      x[i] = z[i] + rng.normal();
      y[i] = z[i] + rng.normal();
      y2[i] = z[i] + x[i] + rng.normal();
    }
    expect(Math.abs(ksgConditionalMutualInformation(x, y, z))).toBeLessThan(0.03);
    // I(X; Y2 | Z) with Y2 = Z + X + e: given Z, corr(X, Y2) = 1/√2, so I = −½ ln(1 − ½) = 0.3466
    expect(Math.abs(ksgConditionalMutualInformation(x, y2, z) - 0.5 * Math.LN2)).toBeLessThan(0.04);
  });

  it('with a constant z equals the KSG mutual information', () => {
    const { x, y } = gaussianPair(5, 400, 0.5);
    const z = new Float64Array(400).fill(3);
    expect(ksgConditionalMutualInformation(x, y, z, { noise: false })).toBeCloseTo(ksgMutualInformation(x, y, { noise: false }), 12);
  });

  it('is 0 when x is constant and validates like the MI', () => {
    const { x, y } = gaussianPair(5, 50, 0.5);
    expect(ksgConditionalMutualInformation(new Float64Array(50), x, y)).toBe(0);
    expect(code(() => ksgConditionalMutualInformation(x, y, new Float64Array(49)))).toMatch(/^SHAPE_MISMATCH: ksgConditionalMutualInformation: x and z must have the same number of samples \(got 50 and 49\)/);
  });
});

describe('bad input', () => {
  const fn = ksgMutualInformation;
  it.each([
    ['NaN', () => fn([1, NaN, 3, 4, 5], [1, 2, 3, 4, 5]), /^NON_FINITE: ksgMutualInformation: x must be finite \(got NaN at row 1\)/],
    ['Infinity in rows', () => fn([[1], [2], [3], [4], [5]], [[1], [2], [Infinity], [4], [5]]), /^NON_FINITE: ksgMutualInformation: y must be finite \(got Infinity at row 2, column 0\)/],
    ['ragged rows', () => fn([[1, 2], [3]], [1, 2]), /^SHAPE_MISMATCH: ksgMutualInformation: x rows must all have the same length \(row 0 has 2, row 1 has 1\)/],
    ['different row counts', () => fn([1, 2, 3, 4, 5], [1, 2, 3, 4]), /^SHAPE_MISMATCH: ksgMutualInformation: x and y must have the same number of samples \(got 5 and 4\)/],
    ['k = 0', () => fn([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { k: 0 }), /^INVALID_OPTION: ksgMutualInformation: k must be an integer ≥ 1 \(got 0\)/],
    ['k = 2.5', () => fn([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { k: 2.5 }), /^INVALID_OPTION: ksgMutualInformation: k must be an integer ≥ 1 \(got 2.5\)/],
    ['fewer than k + 1 samples', () => fn([1, 2, 3], [1, 2, 3]), /^INVALID_OPTION: ksgMutualInformation: k must be less than the number of samples \(got k = 3 with n = 3\)/],
    ['algorithm 3', () => fn([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { algorithm: 3 as 1 }), /^INVALID_OPTION: ksgMutualInformation: algorithm must be 1 or 2 \(got 3\)/],
    ['negative noise', () => fn([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { noise: -1 }), /^INVALID_OPTION: ksgMutualInformation: noise must be a finite number/],
    ['empty', () => fn([], []), /^EMPTY_INPUT: ksgMutualInformation: x has no samples/],
    ['not an array', () => fn('abc' as unknown as number[], [1]), /^INVALID_ARGUMENT: ksgMutualInformation: x must be/],
    ['a string inside', () => fn([1, '2' as unknown as number, 3, 4, 5], [1, 2, 3, 4, 5]), /^INVALID_ARGUMENT: ksgMutualInformation: x\[1\] must be a number/],
    ['matrix with wrong data length', () => fn({ data: new Float64Array(5), rows: 3, cols: 2 }, [1, 2, 3]), /^SHAPE_MISMATCH: ksgMutualInformation: x has rows × cols = 3 × 2 = 6 but data.length = 5/],
    ['bad base', () => fn([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { base: 1 }), /^INVALID_OPTION: ksgMutualInformation: base must be/],
  ])('%s', (_, f, re) => {
    expect(code(f)).toMatch(re);
  });
});
