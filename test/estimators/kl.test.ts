import { describe, expect, it } from 'vitest';
import { createRng, klEntropy } from '../../src/index.js';
import { errorCodeAndMessage as code } from '../helpers/errors.js';


const samplers: [string, (r: ReturnType<typeof createRng>) => number, number][] = [
  ['N(0, 1)', (r) => r.normal(), 0.5 * Math.log(2 * Math.PI * Math.E)],
  ['Exp(1)', (r) => -Math.log(1 - r.next()), 1],
  ['U(0, 2)', (r) => 2 * r.next(), Math.LN2],
];

describe('klEntropy accuracy (n = 5000)', () => {
  for (const [name, draw, truth] of samplers) {
    it(`${name}: within 0.03 nats of ${truth.toFixed(4)}; mean of 10 seeds within 0.01`, () => {
      const one = createRng(0);
      expect(Math.abs(klEntropy(Float64Array.from({ length: 5000 }, () => draw(one))) - truth)).toBeLessThan(0.03);
      let s = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const rng = createRng(seed);
        s += klEntropy(Float64Array.from({ length: 5000 }, () => draw(rng)), { seed });
      }
      expect(Math.abs(s / 10 - truth)).toBeLessThan(0.01);
    });
  }

  it('2-D standard normal: h = ln(2πe) = 2.8379', () => {
    const rng = createRng(9);
    const x = Array.from({ length: 5000 }, () => [rng.normal(), rng.normal()]);
    expect(Math.abs(klEntropy(x) - Math.log(2 * Math.PI * Math.E))).toBeLessThan(0.05);
  });
});

describe('klEntropy behaviour', () => {
  const rng = createRng(3);
  const x = Float64Array.from({ length: 400 }, () => rng.normal());

  it('h(4X) = h(X) + ln 4 exactly (powers of two scale distances exactly); base converts', () => {
    const h = klEntropy(x, { noise: false });
    expect(klEntropy(x.map((v) => 4 * v), { noise: false })).toBeCloseTo(h + Math.log(4), 12);
    expect(klEntropy(x, { noise: false, base: 2 })).toBeCloseTo(h / Math.LN2, 14);
  });

  it('an atom of more than k equal samples gives −Infinity (noise off, or a constant column)', () => {
    expect(klEntropy(new Float64Array(20).fill(3))).toBe(-Infinity);
    expect(klEntropy([1, 1, 1, 1, 2, 3, 4], { noise: false })).toBe(-Infinity);
    // with noise, ties among a non-constant sample are broken and the value is finite
    expect(Number.isFinite(klEntropy([1, 1, 1, 1, 2, 3, 4]))).toBe(true);
  });

  it('does not mutate its input and accepts every sample form', () => {
    const c = x.slice();
    const a = klEntropy(x, { noise: false });
    expect(x).toEqual(c);
    expect(klEntropy(Array.from(x, (v) => [v]), { noise: false })).toBe(a);
    expect(klEntropy({ data: x, rows: 400, cols: 1 }, { noise: false })).toBe(a);
  });

  it('rejects bad input', () => {
    expect(code(() => klEntropy([1, 2, 3], { k: 3 }))).toMatch(/^INVALID_OPTION: klEntropy: k must be less than the number of samples \(got k = 3 with n = 3\)/);
    expect(code(() => klEntropy([1, 2, NaN, 4, 5]))).toMatch(/^NON_FINITE: klEntropy: x must be finite \(got NaN at row 2\)/);
    expect(code(() => klEntropy([[1, 2], [3, 4, 5]]))).toMatch(/^SHAPE_MISMATCH: klEntropy: x rows must all have the same length/);
    expect(code(() => klEntropy([1, 2, 3, 4, 5], { k: -1 }))).toMatch(/^INVALID_OPTION: klEntropy: k must be an integer ≥ 1 \(got -1\)/);
  });
});
