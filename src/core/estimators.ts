import { digamma } from '../internal/special.js';
import { flog } from '../kernels/log.js';

/** Entropy estimators for counts. */
export type EntropyEstimator = 'plugin' | 'miller-madow' | 'grassberger' | 'shrinkage' | 'chao-shen';

/** All estimator names, for validation and error messages. */
export const ESTIMATORS: readonly EntropyEstimator[] = ['plugin', 'miller-madow', 'grassberger', 'shrinkage', 'chao-shen'];

/** Grassberger (2003) G(n) = ψ(n) + ½(−1)ⁿ[ψ((n+1)/2) − ψ(n/2)] for a positive integer n. */
export function grassbergerG(n: number): number {
  const sign = n % 2 === 0 ? 1 : -1;
  return digamma(n) + 0.5 * sign * (digamma((n + 1) / 2) - digamma(n / 2));
}

/**
 * Plug-in entropy (1/n) Σ cᵢ ln(n / cᵢ) of non-negative weights with total n: every term is ≥ 0, so there is no
 * cancellation between ln n and the mean of ln cᵢ (entropyOfCounts([10, 10]) is exactly ln 2).
 */
export function pluginEntropy(c: Float64Array, n: number): number {
  let s = 0;
  let comp = 0;
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    if (v <= 0) continue;
    const r = n / v;
    const term = v * (r < Infinity ? flog(r) : flog(n) - flog(v));
    const t = s + term;
    if (Math.abs(s) >= Math.abs(term)) comp += s - t + term;
    else comp += term - t + s;
    s = t;
  }
  return (s + comp) / n;
}

/**
 * Entropy in nats of counts c (zeros allowed and ignored except by shrinkage) with total n, under an estimator.
 * `K` is the number of cells the distribution lives on (shrinkage's target is uniform over K ≥ number of non-zero
 * cells; cells beyond c.length are zero).
 */
export function entropyFromCounts(c: Float64Array, n: number, K: number, estimator: EntropyEstimator): number {
  const m = c.length;
  switch (estimator) {
    case 'plugin':
      return pluginEntropy(c, n);
    case 'miller-madow': {
      let nnz = 0;
      for (let i = 0; i < m; i++) if (c[i] > 0) nnz++;
      return pluginEntropy(c, n) + (nnz - 1) / (2 * n);
    }
    case 'grassberger': {
      // H = ln n − (1/n) Σ cᵢ G(cᵢ); G is evaluated once per distinct count (counts repeat a lot).
      const cache = new Map<number, number>();
      let s = 0;
      let comp = 0;
      for (let i = 0; i < m; i++) {
        const ci = c[i];
        if (ci <= 0) continue;
        let g = cache.get(ci);
        if (g === undefined) {
          g = grassbergerG(ci);
          cache.set(ci, g);
        }
        const term = ci * g;
        const t = s + term;
        if (Math.abs(s) >= Math.abs(term)) comp += s - t + term;
        else comp += term - t + s;
        s = t;
      }
      return flog(n) - (s + comp) / n;
    }
    case 'shrinkage': {
      // James–Stein shrinkage towards the uniform 1/K (Hausser & Strimmer 2009).
      const target = 1 / K;
      let sumU2 = 0;
      let msp = 0;
      for (let i = 0; i < m; i++) {
        const u = c[i] / n;
        sumU2 += u * u;
        msp += (u - target) * (u - target);
      }
      let nz = K;
      for (let i = 0; i < m; i++) if (c[i] > 0) nz--;
      // Cells beyond c.length and zero entries of c both have u = 0; the loop above already counted the zero
      // entries of c, so add only the cells that are not in c at all.
      msp += (K - m) * target * target;
      let lambda: number;
      if (n <= 1 || msp === 0) lambda = 1;
      else lambda = (1 - sumU2) / ((n - 1) * msp);
      lambda = Math.min(1, Math.max(0, lambda));
      let h = 0;
      for (let i = 0; i < m; i++) {
        const p = lambda * target + ((1 - lambda) * c[i]) / n;
        if (p > 0 && c[i] > 0) h -= p * flog(p);
      }
      const p0 = lambda * target;
      if (p0 > 0 && nz > 0) h -= nz * p0 * flog(p0);
      return h;
    }
    case 'chao-shen': {
      let f1 = 0;
      for (let i = 0; i < m; i++) if (c[i] === 1) f1++;
      if (f1 === n) f1 = n - 1;
      const C = 1 - f1 / n;
      let h = 0;
      for (let i = 0; i < m; i++) {
        if (c[i] <= 0) continue;
        const pa = (C * c[i]) / n;
        const la = 1 - Math.pow(1 - pa, n);
        h -= (pa * flog(pa)) / la;
      }
      return h;
    }
  }
}
