import { fail } from '../internal/errors.js';
import { Acc } from '../estimators/common.js';
import type { Block } from './ksg.js';

/**
 * The Gaussian (linear) estimator of the dynamics measures: the blocks' joint covariance Σ gives
 * I(X; Y | Z) = ½ ln[det Σ_xz det Σ_yz / (det Σ_z det Σ_xyz)] (so transfer entropy is half the log-ratio of residual
 * variances, Granger causality / 2) and H(Y | Z) = ½ [d_y ln 2πe + ln det Σ_yz − ln det Σ_z]. Local values are the
 * log-density ratios of the fitted Gaussians. For I the covariance is the sample covariance (divisor n − 1), as
 * JIDT's `…CalculatorGaussian`, whose local values it then reproduces; the quadratic forms of the four densities
 * cancel on average, so the mean of the local values is the average exactly. For H the maximum-likelihood covariance
 * (divisor n) is what makes the mean of −ln p(y | z) equal ½ [d_y ln 2πe + …]. Internal.
 */

const LN_2PI = Math.log(2 * Math.PI);

/** Lower Cholesky factor (m × m, row-major) of the covariance restricted to `ids`, or null if not positive definite. */
function cholesky(cov: Float64Array, d: number, ids: readonly number[]): Float64Array | null {
  const m = ids.length;
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[ids[i] * d + ids[j]];
      for (let t = 0; t < j; t++) s -= L[i * m + t] * L[j * m + t];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * m + i] = Math.sqrt(s);
      } else {
        L[i * m + j] = s / L[j * m + j];
      }
    }
  }
  return L;
}

interface Factor {
  ids: number[];
  L: Float64Array | null;
  logDet: number;
}

function factor(cov: Float64Array, d: number, ids: number[]): Factor {
  if (ids.length === 0) return { ids, L: new Float64Array(0), logDet: 0 };
  const L = cholesky(cov, d, ids);
  if (L === null) return { ids, L: null, logDet: NaN };
  let s = 0;
  for (let i = 0; i < ids.length; i++) s += Math.log(L[i * ids.length + i]);
  return { ids, L, logDet: 2 * s };
}

/** (v − μ)ᵀ Σ⁻¹ (v − μ) over the factor's columns for centred row `c` (forward substitution); `w` is scratch. */
function quadratic(f: Factor, c: Float64Array, off: number, w: Float64Array): number {
  const m = f.ids.length;
  const L = f.L as Float64Array;
  let q = 0;
  for (let i = 0; i < m; i++) {
    let s = c[off + f.ids[i]];
    for (let t = 0; t < i; t++) s -= L[i * m + t] * w[t];
    const v = s / L[i * m + i];
    w[i] = v;
    q += v * v;
  }
  return q;
}

/** Inputs of the Gaussian estimator: the blocks (X may have 0 columns) and what to estimate. */
export interface GaussianInput {
  readonly n: number;
  readonly x: Block;
  readonly y: Block;
  readonly z: Block | null;
  readonly kind: 'cmi' | 'ce';
}

/**
 * The Gaussian estimate in nats (Infinity when Y is an exact linear function of X and Z), with the rows of X
 * permuted by `perm` when given; fills `locals` when given. Throws `NOT_POSITIVE_DEFINITE` when the covariance of
 * X with Z, or of Y with Z, is singular (a column is an exact linear function of the others).
 */
export function gaussianValue(fn: string, g: GaussianInput, perm: Int32Array | null, locals: Float64Array | null): number {
  const { n, x, y, z, kind } = g;
  const dx = x.cols;
  const dy = y.cols;
  const dz = z === null ? 0 : z.cols;
  const d = dx + dy + dz;
  // Centred rows [x | y | z].
  const C = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const xi = perm === null ? i : perm[i];
    for (let c = 0; c < dx; c++) C[o + c] = x.data[xi * dx + c];
    for (let c = 0; c < dy; c++) C[o + dx + c] = y.data[i * dy + c];
    for (let c = 0; c < dz; c++) C[o + dx + dy + c] = (z as Block).data[i * dz + c];
  }
  for (let c = 0; c < d; c++) {
    const acc = new Acc();
    for (let i = 0; i < n; i++) acc.add(C[i * d + c]);
    const mean = acc.value / n;
    for (let i = 0; i < n; i++) C[i * d + c] -= mean;
  }
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const acc = new Acc();
      for (let i = 0; i < n; i++) acc.add(C[i * d + a] * C[i * d + b]);
      cov[a * d + b] = cov[b * d + a] = acc.value / (kind === 'ce' ? n : n - 1);
    }
  }
  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  const X = range(0, dx);
  const Y = range(dx, dx + dy);
  const Z = range(dx + dy, d);
  const fz = factor(cov, d, Z);
  if (fz.L === null) fail('NOT_POSITIVE_DEFINITE', fn, 'the covariance of the conditioning past is singular: one of its columns is an exact linear function of the others');
  const fyz = factor(cov, d, [...Y, ...Z]);
  if (fyz.L === null) fail('NOT_POSITIVE_DEFINITE', fn, "the covariance of the target's next value with its past is singular: the next value is an exact linear function of the past");
  const w = new Float64Array(d);
  if (kind === 'ce') {
    const avg = 0.5 * (dy * (LN_2PI + 1) + fyz.logDet - fz.logDet);
    if (locals !== null) for (let i = 0; i < n; i++) locals[i] = 0.5 * (dy * LN_2PI + fyz.logDet - fz.logDet + quadratic(fyz, C, i * d, w) - quadratic(fz, C, i * d, w));
    return avg;
  }
  const fxz = factor(cov, d, [...X, ...Z]);
  if (fxz.L === null) fail('NOT_POSITIVE_DEFINITE', fn, 'the covariance of the source past with the conditioning past is singular: a source column is an exact linear function of the others');
  const fxyz = factor(cov, d, [...X, ...Y, ...Z]);
  if (fxyz.L === null) {
    if (locals !== null) locals.fill(Infinity);
    return Infinity;
  }
  const avg = 0.5 * (fxz.logDet + fyz.logDet - fz.logDet - fxyz.logDet);
  if (locals !== null) {
    for (let i = 0; i < n; i++) {
      const o = i * d;
      locals[i] = avg + 0.5 * (quadratic(fxz, C, o, w) + quadratic(fyz, C, o, w) - quadratic(fz, C, o, w) - quadratic(fxyz, C, o, w));
    }
  }
  return avg;
}
