import { flog } from './log.js';

/**
 * ln((a·b) / (c·d)) for positive a, b, c, d: one logarithm of the ratio when it is a normal number, else the sum of
 * four logarithms, so subnormal or huge weights never turn into 0·∞ = NaN.
 *
 * @returns the logarithm; only meaningful for positive finite arguments
 */
export function logRatio(a: number, b: number, c: number, d: number): number {
  const r = (a * b) / (c * d);
  if (r > 2.2250738585072014e-308 && r < Infinity) return flog(r);
  return flog(a) + flog(b) - flog(c) - flog(d);
}
