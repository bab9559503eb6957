// L2-regularized logistic regression by Newton's method: the binary-relevance baseline of the MIML pipeline.
import { solveSpd } from './linalg.js';
import { logistic } from '../../internal/special.js';

/** @internal A fitted logistic regression on standardized features. */
export interface LogisticFit {
  w: Float64Array;
  b: number;
  mean: Float64Array;
  scale: Float64Array;
}

/** @internal Column mean and standard deviation (1 for constant columns). */
export function standardizer(n: number, d: number, X: Float64Array): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(d), scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += (X[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] / n) || 1;
  return { mean, scale };
}

/**
 * @internal Minimises (1/n) Σ log(1 + e^{−(2yᵢ−1)(wᵀxᵢ + b)}) + λ‖w‖² (b unpenalized) on standardized features by
 * Newton's method (at most 50 steps, until the step is below 1e-10).
 */
export function fitLogistic(n: number, d: number, X: Float64Array, y: ArrayLike<number>, lambda: number): LogisticFit {
  const { mean, scale } = standardizer(n, d, X);
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Z[i * d + j] = (X[i * d + j] - mean[j]) / scale[j];
  const m = d + 1;
  const theta = new Float64Array(m);
  for (let it = 0; it < 50; it++) {
    const H = new Float64Array(m * m);
    const g = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      let z = theta[d];
      for (let j = 0; j < d; j++) z += theta[j] * Z[i * d + j];
      const p = logistic(z);
      const r = (p - y[i]) / n;
      const s = Math.max(p * (1 - p), 1e-12) / n;
      for (let j = 0; j <= d; j++) {
        const zj = j === d ? 1 : Z[i * d + j];
        g[j] += r * zj;
        const szj = s * zj;
        for (let l = j; l <= d; l++) H[j * m + l] += szj * (l === d ? 1 : Z[i * d + l]);
      }
    }
    for (let j = 0; j < m; j++) for (let l = 0; l < j; l++) H[j * m + l] = H[l * m + j];
    for (let j = 0; j < d; j++) {
      g[j] += 2 * lambda * theta[j];
      H[j * m + j] += 2 * lambda;
    }
    H[d * m + d] += 1e-12;
    const step = solveSpd(m, H, g);
    let mx = 0;
    for (let j = 0; j < m; j++) {
      theta[j] -= step[j];
      mx = Math.max(mx, Math.abs(step[j]));
    }
    if (mx < 1e-10) break;
  }
  return { w: theta.slice(0, d), b: theta[d], mean, scale };
}

/** @internal P(y = 1 | x) of a fitted logistic regression for n rows. */
export function predictLogistic(f: LogisticFit, n: number, d: number, X: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = f.b;
    for (let j = 0; j < d; j++) z += f.w[j] * ((X[i * d + j] - f.mean[j]) / f.scale[j]);
    out[i] = logistic(z);
  }
  return out;
}
