// The entropy of weights with subnormal entries, on the fused scan's fast path and on its rescaling fallback: the
// subnormal terms go through Math.log (not the table logarithm), which must not change the value.
import { describe, expect, it } from 'vitest';
import { entropy } from '../../src/index.js';

/** −Σ (pᵢ/S) ln(pᵢ/S) in plain doubles, as a reference for well-scaled weights. */
function reference(p: number[]): number {
  const s = p.reduce((a, b) => a + b, 0);
  return -p.reduce((a, v) => (v > 0 ? a + (v / s) * Math.log(v / s) : a), 0);
}

describe('entropy with subnormal entries', () => {
  it('fast path: subnormals beside normal weights add nothing beyond rounding', () => {
    const p = [0.5, 0.25, 0.25, 5e-324, 2e-310, 0, 1e-320];
    expect(entropy(p)).toBeCloseTo(1.5 * Math.LN2, 15);
    expect(entropy(Float64Array.from(p), { base: 2 })).toBe(1.5);
  });

  it('fallback: an all-subnormal total is rescaled exactly and summed by the same scan', () => {
    const p = [3e-320, 1e-320, 5e-324, 2e-322];
    const scaled = p.map((v) => v * 2 ** 530 * 2 ** 530);
    expect(entropy(p, { normalize: true })).toBeCloseTo(reference(scaled), 14);
    expect(entropy(p, { normalize: true })).toBeCloseTo(entropy(scaled, { normalize: true }), 15);
  });

  it('fallback: a total that overflows is rescaled, mixed with subnormals', () => {
    const p = [1e308, 1e308, 5e-324];
    expect(entropy(p, { normalize: true })).toBeCloseTo(Math.LN2, 15);
  });
});
