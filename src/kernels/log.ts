/**
 * Natural logarithm kernel used by the hot loops. Placeholder that defers to Math.log; replaced by a faster
 * accurate kernel (see test/kernels/log.test.ts for its accuracy contract: ≤ 2 ulp over the double range).
 *
 * @returns ln(x); −Infinity for 0, NaN for x < 0 or NaN, Infinity for Infinity
 */
export function flog(x: number): number {
  return Math.log(x);
}
