import { describe, expect, it } from 'vitest';
import { dmiCodes, dmiCounts, icount2 } from '../../src/kernels/contingency.js';
import { djs, dkl, dxlogx, dxlogy } from '../../src/kernels/entropy.js';
import { logRatio } from '../../src/kernels/logratio.js';
import { dsumkbn } from '../../src/kernels/sum.js';

const xlogx = (v: number) => (v > 0 ? v * Math.log(v) : 0);

describe('strided kernels', () => {
  // Interleaved storage: p at even slots from offset 1, q at stride 3 from offset 2.
  const p = [0.2, 0.3, 0, 0.5];
  const q = [0.25, 0.25, 0.25, 0.25];
  const P = new Float64Array(1 + 2 * p.length);
  const Q = new Float64Array(2 + 3 * q.length);
  p.forEach((v, i) => (P[1 + 2 * i] = v));
  q.forEach((v, i) => (Q[2 + 3 * i] = v));

  it('dxlogx honours stride and offset; N ≤ 0 gives 0', () => {
    expect(dxlogx(4, P, 2, 1)).toBeCloseTo(p.reduce((s, v) => s + xlogx(v), 0), 15);
    expect(dxlogx(0, P, 2, 1)).toBe(0);
    expect(dxlogx(-3, P, 2, 1)).toBe(0);
    // negative stride walks backwards
    expect(dxlogx(4, P, -2, 7)).toBeCloseTo(p.reduce((s, v) => s + xlogx(v), 0), 15);
  });
  it('dxlogy, dkl, djs honour strides; 0·log 0 = 0; KL is Infinity on a support violation', () => {
    expect(dxlogy(4, P, 2, 1, Q, 3, 2)).toBeCloseTo(Math.log(0.25), 15);
    const kl = p.reduce((s, v, i) => s + (v > 0 ? v * Math.log(v / q[i]) : 0), 0);
    expect(dkl(4, P, 2, 1, Q, 3, 2, 1, 1)).toBeCloseTo(kl, 15);
    expect(dkl(4, Q, 3, 2, P, 2, 1, 1, 1)).toBe(Infinity);
    expect(dxlogy(4, Q, 3, 2, P, 2, 1)).toBe(-Infinity);
    expect(dkl(0, P, 2, 1, Q, 3, 2, 1, 1)).toBe(0);
    expect(djs(0, P, 2, 1, Q, 3, 2, 1, 1)).toBe(0);
    const m = p.map((v, i) => (v + q[i]) / 2);
    const js = 0.5 * p.reduce((s, v, i) => s + (v > 0 ? v * Math.log(v / m[i]) : 0), 0) + 0.5 * q.reduce((s, v, i) => s + v * Math.log(v / m[i]), 0);
    expect(djs(4, P, 2, 1, Q, 3, 2, 1, 1)).toBeCloseTo(js, 15);
  });
  it('dsumkbn is compensated: 1 + 1e100 − 1e100 keeps the 1', () => {
    const x = Float64Array.from([1, 1e100, 1, -1e100]);
    expect(dsumkbn(4, x, 1, 0)).toBe(2);
    expect(dsumkbn(0, x, 1, 0)).toBe(0);
  });
  it('dsumkbn of a sum that overflows is ±Infinity, not the NaN of an infinite compensation (issue 13)', () => {
    expect(dsumkbn(3, Float64Array.of(1e308, 1e308, 1e308), 1, 0)).toBe(Infinity);
    expect(dsumkbn(2, Float64Array.of(-1e308, -1e308), 1, 0)).toBe(-Infinity);
    expect(dsumkbn(2, Float64Array.of(NaN, 1), 1, 0)).toBeNaN();
  });
  it('logRatio never produces NaN for subnormal or huge arguments', () => {
    expect(logRatio(5e-324, 1, 1e300, 1e300)).toBeCloseTo(Math.log(5e-324) - 2 * Math.log(1e300), 10);
    expect(logRatio(1e300, 1e300, 5e-324, 1)).toBeCloseTo(2 * Math.log(1e300) - Math.log(5e-324), 10);
    expect(logRatio(2, 3, 4, 5)).toBeCloseTo(Math.log(6 / 20), 15);
  });
});

describe('contingency kernels', () => {
  it('dmiCodes clears and fills its scratch, so a permutation loop can reuse it', () => {
    const x = Int32Array.from([0, 0, 1, 1]);
    const y = Int32Array.from([0, 0, 1, 1]);
    const counts = new Float64Array(4).fill(99);
    const rows = new Float64Array(2).fill(99);
    const cols = new Float64Array(2).fill(99);
    expect(dmiCodes(4, x, 2, y, 2, counts, rows, cols)).toBeCloseTo(Math.LN2, 15);
    expect(Array.from(counts)).toEqual([2, 0, 0, 2]);
    expect(dmiCodes(4, x, 2, Int32Array.from([0, 1, 0, 1]), 2, counts, rows, cols)).toBe(0);
    expect(dmiCodes(0, x, 2, y, 2, counts, rows, cols)).toBe(0);
  });
  it('icount2 accumulates without clearing; dmiCounts of n ≤ 0 is 0', () => {
    const c = new Float64Array(4);
    icount2(2, Int32Array.from([1, 1]), Int32Array.from([0, 1]), 2, c);
    icount2(1, Int32Array.from([1]), Int32Array.from([0]), 2, c);
    expect(Array.from(c)).toEqual([0, 0, 2, 1]);
    expect(dmiCounts(2, 2, c, new Float64Array(2), new Float64Array(2), 0)).toBe(0);
  });
});
