// Regression tests of issue 13 for the estimators: large-magnitude data, Gaussian closed forms at extreme variances,
// the discrete/continuous decision, option names and seeds.
import { describe, expect, it } from 'vitest';
import {
  createRng,
  gaussianEntropy,
  gaussianKlDivergence,
  gaussianMutualInformation,
  gaussianMutualInformationOf,
  klEntropy,
  ksgConditionalMutualInformation,
  ksgMutualInformation,
  mixedMutualInformation,
  mutualInformationTest,
  permutationTest,
} from '../../src/index.js';
import { errorCodeAndMessage } from '../helpers/errors.js';

function correlated(n: number, seed: number): { x: number[]; y: number[]; z: number[]; labels: number[] } {
  const rng = createRng(seed);
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    x.push(a);
    y.push(0.6 * a + 0.8 * rng.normal());
    z.push(rng.normal());
    labels.push(a > 0 ? 1 : 0);
  }
  return { x, y, z, labels };
}

describe('kNN estimators at any magnitude (item 2)', () => {
  const { x, y, z, labels } = correlated(400, 1);
  const at = (v: number[], s: number): number[] => v.map((a) => a * s);
  // Scales that are powers of two leave every neighbour order and every count as it is: the estimates must agree
  // exactly with those of the data at scale 1 (klEntropy shifted by ln s), however large or small the scale.
  const scales = [2 ** -1000, 2 ** -500, 2 ** 500, 2 ** 510, 2 ** 1000, 2 ** 1020];
  it('KSG, Frenzel–Pompe and Ross are invariant to a common scale of 2^±500 … 2^1020 (overflowing noise before)', () => {
    const mi = ksgMutualInformation(x, y);
    const cmi = ksgConditionalMutualInformation(x, y, z);
    const mixed = mixedMutualInformation(labels, y);
    for (const s of scales) {
      expect(ksgMutualInformation(at(x, s), at(y, s))).toBe(mi);
      expect(ksgConditionalMutualInformation(at(x, s), at(y, s), at(z, s))).toBe(cmi);
      expect(mixedMutualInformation(labels, at(y, s))).toBe(mixed);
      expect(ksgMutualInformation(at(x, s), at(y, s), { algorithm: 2, noise: false })).toBe(ksgMutualInformation(x, y, { algorithm: 2, noise: false }));
    }
  });
  it('Kozachenko–Leonenko shifts by d·ln s, as h(sX) = h(X) + d ln s', () => {
    const h = klEntropy(x);
    const rows = x.map((v, i) => [v, y[i]]);
    const h2 = klEntropy(rows);
    for (const s of scales) {
      expect(klEntropy(at(x, s))).toBeCloseTo(h + Math.log(s), 9);
      expect(klEntropy(rows.map((r) => r.map((v) => v * s)))).toBeCloseTo(h2 + 2 * Math.log(s), 9);
      expect(klEntropy(at(x, s), { noise: false })).toBeCloseTo(klEntropy(x, { noise: false }) + Math.log(s), 9);
    }
  });
  it('data at 1e150 … 1e300 and at 1e−300 gives finite estimates close to those at scale 1', () => {
    const mi = ksgMutualInformation(x, y);
    for (const s of [1e150, 1e155, 1e160, 1e300, 1e-300]) {
      expect(Math.abs(ksgMutualInformation(at(x, s), at(y, s)) - mi)).toBeLessThan(0.02);
      expect(klEntropy(at(x, s)) - Math.log(s)).toBeCloseTo(klEntropy(x), 1);
    }
  });
  it('values of opposite sign near ±MAX_VALUE (differences that overflow) are fine', () => {
    const v = x.map((a) => (a > 0 ? 1.7e308 : -1.7e308) * Math.min(1, Math.abs(a)));
    expect(Number.isFinite(ksgMutualInformation(v, y))).toBe(true);
    expect(Number.isFinite(klEntropy(v))).toBe(true);
  });
});

describe('mutualInformationTest decides discrete vs continuous sensibly (item 2)', () => {
  it('floats at 1e150 are continuous (KSG), not 500 distinct integer labels', () => {
    const { x, y } = correlated(300, 2);
    const big = mutualInformationTest(x.map((v) => v * 1e150), y.map((v) => v * 1e150), { permutations: 9 });
    const one = mutualInformationTest(x, y, { permutations: 9 });
    expect(big.estimator).toBe('ksg');
    expect(big.statistic).toBeCloseTo(one.statistic, 2);
  });
  it('safe integers are still labels', () => {
    const r = mutualInformationTest([0, 1, 0, 1, 2, 2], [1, 0, 1, 0, 2, 2], { permutations: 9 });
    expect(r.estimator).toBe('plugin');
  });
});

describe('Gaussian closed forms at extreme variances (item 2)', () => {
  const LN_2PI_E = Math.log(2 * Math.PI) + 1;
  it('entropy: ½ ln(2πe σ²) for σ² = 1e308, 5e−324, and diagonal matrices of them', () => {
    expect(gaussianEntropy([[1e308]])).toBeCloseTo(0.5 * (LN_2PI_E + Math.log(1e308)), 12);
    expect(gaussianEntropy([[5e-324]])).toBeCloseTo(0.5 * (LN_2PI_E + Math.log(5e-324)), 12);
    expect(gaussianEntropy([[1e308, 0], [0, 1e308]])).toBeCloseTo(LN_2PI_E + Math.log(1e308), 12);
    expect(gaussianEntropy([[1e308, 0], [0, 5e-324]])).toBeCloseTo(0.5 * (2 * LN_2PI_E + Math.log(1e308) + Math.log(5e-324)), 12);
  });
  it('mutual information is scale-free: ρ = 0.5 at 1e308 and at 1e−300', () => {
    const expected = -0.5 * Math.log(0.75);
    expect(gaussianMutualInformation([[1e308, 5e307], [5e307, 1e308]], 1)).toBeCloseTo(expected, 14);
    expect(gaussianMutualInformation([[1e-300, 5e-301], [5e-301, 1e-300]], 1)).toBeCloseTo(expected, 14);
    expect(gaussianMutualInformation([[1e300, 5e-1], [5e-1, 1e-300]], 1)).toBeCloseTo(expected, 12);
  });
  it('KL divergence at extreme variances; Infinity only where the true value exceeds the largest double', () => {
    expect(gaussianKlDivergence([0], [[1e308]], [0], [[1e308]])).toBe(0);
    const kl = (v0: number, v1: number, d: number): number => 0.5 * (v0 / v1 + (d * d) / v1 - 1 + Math.log(v1) - Math.log(v0));
    expect(gaussianKlDivergence([0], [[5e-324]], [1], [[1]])).toBeCloseTo(kl(5e-324, 1, 1), 10);
    expect(gaussianKlDivergence([0], [[1e300]], [1e150], [[2e300]])).toBeCloseTo(kl(1e300, 2e300, 1e150), 10);
    expect(gaussianKlDivergence([0], [[1]], [0], [[5e-324]])).toBe(Infinity);
    expect(gaussianKlDivergence([-1e308], [[1]], [1e308], [[1]])).toBe(Infinity);
  });
  it('a covariance that is not positive definite is an InfometaError naming the function, never ml-matrix’s raw error', () => {
    expect(errorCodeAndMessage(() => gaussianEntropy([[1, 2], [2, 1]]))).toMatch(/^NOT_POSITIVE_DEFINITE: gaussianEntropy: cov is symmetric but not positive definite/);
    expect(errorCodeAndMessage(() => gaussianEntropy([[1e308, -1e308], [1e308, 1e308]]))).toMatch(/^NOT_POSITIVE_DEFINITE: gaussianEntropy: cov is not symmetric/);
    expect(errorCodeAndMessage(() => gaussianEntropy([[0]]))).toMatch(/^NOT_POSITIVE_DEFINITE: gaussianEntropy: cov is not positive definite: diagonal entry cov\[0\]\[0\] = 0/);
  });
  it('gaussianMutualInformationOf of samples at 1e155 (whose covariance overflows) equals that at scale 1', () => {
    const { x, y } = correlated(200, 3);
    const mi = gaussianMutualInformationOf(x, y);
    expect(gaussianMutualInformationOf(x.map((v) => v * 1e155), y.map((v) => v * 1e155))).toBeCloseTo(mi, 12);
    expect(gaussianMutualInformationOf(x.map((v) => v * 1e-200), y)).toBeCloseTo(mi, 12);
  });
});

describe('options of the estimators (items 3, 4, 13)', () => {
  const { x, y } = correlated(50, 4);
  it('unknown names are rejected with a suggestion', () => {
    expect(errorCodeAndMessage(() => ksgMutualInformation(x, y, { K: 3 } as never))).toMatch(/^INVALID_OPTION: ksgMutualInformation: unknown option "K"; did you mean 'k'\?/);
    expect(errorCodeAndMessage(() => klEntropy(x, { clip: true } as never))).toMatch(/^INVALID_OPTION: klEntropy: unknown option "clip" \(options: k, noise, seed, base\)/);
    expect(errorCodeAndMessage(() => mutualInformationTest(x, y, { permutation: 10 } as never))).toMatch(/did you mean 'permutations'\?/);
    expect(errorCodeAndMessage(() => permutationTest(x, y, () => 1, { seeds: 1 } as never))).toMatch(/^INVALID_OPTION: permutationTest: unknown option "seeds"; did you mean 'seed'\?/);
    expect(errorCodeAndMessage(() => gaussianEntropy([[1]], { bsae: 2 } as never))).toMatch(/did you mean 'base'\?/);
  });
  it('seeds must be integers; the noise level is in [0, 1]', () => {
    expect(errorCodeAndMessage(() => ksgMutualInformation(x, y, { seed: NaN }))).toBe('INVALID_OPTION: ksgMutualInformation: seed must be an integer (got NaN)');
    expect(errorCodeAndMessage(() => mutualInformationTest(x, y, { seed: '1' as unknown as number }))).toMatch(/^INVALID_OPTION: mutualInformationTest: seed must be an integer/);
    expect(errorCodeAndMessage(() => ksgMutualInformation(x, y, { noise: 1e300 }))).toBe('INVALID_OPTION: ksgMutualInformation: noise must be a finite number in [0, 1] (got 1e+300)');
  });
  it('permutationTest checks a { data, rows, cols } argument before allocating for its rows', () => {
    const stat = (): number => 1;
    expect(errorCodeAndMessage(() => permutationTest(null, { data: new Float64Array(4), rows: 1e9, cols: 1 }, stat))).toBe(
      'SHAPE_MISMATCH: permutationTest: y.data must be a Float64Array of length rows × cols = 1000000000 (got Float64Array of length 4)',
    );
    expect(errorCodeAndMessage(() => permutationTest(null, { data: new Float64Array(4), rows: 1.5, cols: 2 }, stat))).toBe('INVALID_ARGUMENT: permutationTest: y.rows must be a non-negative integer (got 1.5)');
    expect(errorCodeAndMessage(() => permutationTest({ data: [], rows: -1, cols: 1 }, [1, 2], stat))).toBe('INVALID_ARGUMENT: permutationTest: x.rows must be a non-negative integer (got -1)');
  });
  it('an already-aborted signal stops a test at once; a bad signal or callback is named', () => {
    const c = new AbortController();
    c.abort();
    let calls = 0;
    expect(errorCodeAndMessage(() => permutationTest(x, y, () => ++calls, { signal: c.signal }))).toBe('ABORTED: permutationTest: aborted by signal');
    expect(calls).toBe(0);
    expect(errorCodeAndMessage(() => mutualInformationTest(x, y, { signal: {} as AbortSignal }))).toBe('INVALID_OPTION: mutualInformationTest: signal must be an AbortSignal (got object Object)');
    expect(errorCodeAndMessage(() => mutualInformationTest(x, y, { onProgress: 1 as unknown as () => void }))).toBe('INVALID_OPTION: mutualInformationTest: onProgress must be a function (got 1)');
  });
});
