import { createRng } from '../../src/index.js';

/** n draws of a standard bivariate normal (x, y) with correlation ρ, from createRng(seed); I(x; y) = −½ ln(1 − ρ²). */
export function gaussianPair(seed: number, n: number, rho: number): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const c = Math.sqrt(1 - rho * rho);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    x[i] = a;
    y[i] = rho * a + c * b;
  }
  return { x, y };
}
