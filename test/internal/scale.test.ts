import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { maxAbs, pow2, rescaleExponent, scaleByPow2 } from '../../src/internal/scale.js';

describe('exact rescaling by powers of two', () => {
  it('pow2 reaches both ends of the double range', () => {
    expect(pow2(1023)).toBe(2 ** 1023);
    expect(pow2(-1074)).toBe(5e-324);
    expect(pow2(0)).toBe(1);
  });
  it('scaleByPow2 is exact where a single factor would overflow or underflow', () => {
    expect(scaleByPow2(5e-324, 1074)).toBe(1);
    expect(scaleByPow2(1e308, -1023) * 2 ** 1023).toBe(1e308);
    expect(scaleByPow2(-3, 0)).toBe(-3);
  });
  fcTest.prop([fc.double({ min: 1e-300, max: 1e300, noNaN: true }), fc.integer({ min: -20, max: 20 })])('round trips exactly in the normal range', (x, e) => {
    expect(scaleByPow2(scaleByPow2(x, e), -e)).toBe(x);
  });
  it('rescaleExponent leaves ordinary magnitudes alone and brings extreme ones near 1', () => {
    expect(rescaleExponent(1e100, 500)).toBe(0);
    expect(rescaleExponent(0, 500)).toBe(0);
    expect(rescaleExponent(Infinity, 500)).toBe(0);
    const e = rescaleExponent(1e300, 500);
    expect(Math.abs(Math.log2(scaleByPow2(1e300, e)))).toBeLessThanOrEqual(0.5);
    const t = rescaleExponent(5e-324, 500);
    expect(scaleByPow2(5e-324, t)).toBe(1);
  });
  it('maxAbs', () => {
    expect(maxAbs([1, -3, 2])).toBe(3);
    expect(maxAbs(Float64Array.of(1, -3, 2), 1)).toBe(1);
  });
});
