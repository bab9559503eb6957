import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { fail, fmt } from '../internal/errors.js';
import { checkOptions, isNumericArray, logBase, toFiniteVector } from '../internal/validate.js';
import { readMatrix } from '../internal/matrix.js';
import type { MathJsMatrixLike, MatrixLike } from '../internal/matrix.js';
import { checkSameRows, isConstant, toColumns } from './samples.js';
import type { SampleMatrix, Samples } from './samples.js';

/**
 * A covariance matrix: rows as `number[][]`, a row-major {@link SampleMatrix} (rows = cols = d), an ml-matrix
 * `Matrix` (anything with `rows`, `columns` and `get(i, j)`) or a mathjs `Matrix`.
 */
export type CovarianceInput = readonly (readonly number[])[] | SampleMatrix | MatrixLike | MathJsMatrixLike;

/** Options of the Gaussian closed forms. */
export interface GaussianOptions {
  /** Logarithm base of the result: `Math.E` (default, nats), 2 (bits), any finite number > 0 and ≠ 1. */
  base?: number;
}

const LN_2PI_E = Math.log(2 * Math.PI) + 1;

/** Reads a square matrix into a row-major Float64Array, checking finiteness and symmetry (relative 1e-10). */
function toSquare(fn: string, name: string, c: unknown): { a: Float64Array; d: number } {
  let a: Float64Array;
  let d: number;
  const m = readMatrix(fn, name, c);
  if (m !== undefined) {
    if (m.rows !== m.cols) fail('SHAPE_MISMATCH', fn, `${name} must be square (got ${m.rows} × ${m.cols})`);
    d = m.rows;
    a = m.data;
  } else if (typeof c === 'object' && c !== null && !isNumericArray(c) && 'data' in c) {
    const s = toColumns(fn, name, c);
    if (s.rows !== s.cols) fail('SHAPE_MISMATCH', fn, `${name} must be square (got ${s.rows} × ${s.cols})`);
    d = s.rows;
    a = s.data;
  } else if (Array.isArray(c) && c.length > 0 && Array.isArray(c[0])) {
    const s = toColumns(fn, name, c);
    if (s.rows !== s.cols) fail('SHAPE_MISMATCH', fn, `${name} must be square (got ${s.rows} × ${s.cols})`);
    d = s.rows;
    a = s.data;
  } else {
    if (Array.isArray(c) && c.length === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
    fail('INVALID_ARGUMENT', fn, `${name} must be a square matrix: number[][], { data, rows, cols }, an ml-matrix Matrix or a mathjs Matrix (got ${fmt(c)})`);
  }
  if (d === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
  let scale = 0;
  for (let i = 0; i < d * d; i++) {
    const v = a[i];
    if (v - v !== 0) fail('NON_FINITE', fn, `${name} must be finite (got ${fmt(v)} at [${Math.floor(i / d)}][${i % d}])`);
    if (Math.abs(v) > scale) scale = Math.abs(v);
  }
  const tol = 1e-10 * scale;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (Math.abs(a[i * d + j] - a[j * d + i]) > tol) {
        fail('NOT_POSITIVE_DEFINITE', fn, `${name} is not symmetric (${name}[${i}][${j}] = ${fmt(a[i * d + j])} but ${name}[${j}][${i}] = ${fmt(a[j * d + i])})`);
      }
    }
  }
  return { a, d };
}

/** Cholesky factor of the symmetric part of a (d × d, row-major) over the index set `ids`, or a thrown error. */
function cholesky(fn: string, name: string, a: Float64Array, d: number, ids: readonly number[]): CholeskyDecomposition {
  const m = ids.length;
  const M = new Matrix(m, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) M.set(i, j, 0.5 * (a[ids[i] * d + ids[j]] + a[ids[j] * d + ids[i]]));
  }
  const ch = new CholeskyDecomposition(M);
  if (!ch.isPositiveDefinite()) {
    for (let i = 0; i < m; i++) {
      const v = M.get(i, i);
      if (!(v > 0)) fail('NOT_POSITIVE_DEFINITE', fn, `${name} is not positive definite: diagonal entry ${name}[${ids[i]}][${ids[i]}] = ${fmt(v)} ≤ 0`);
    }
    fail('NOT_POSITIVE_DEFINITE', fn, `${name} is symmetric but not positive definite (singular or indefinite ${m} × ${m} matrix; Cholesky failed)`);
  }
  return ch;
}

function logDet(ch: CholeskyDecomposition): number {
  const L = ch.lowerTriangularMatrix;
  let s = 0;
  for (let i = 0; i < L.rows; i++) s += Math.log(L.get(i, i));
  return 2 * s;
}

function range(from: number, to: number): number[] {
  const r: number[] = [];
  for (let i = from; i < to; i++) r.push(i);
  return r;
}

/**
 * Differential entropy of a multivariate normal N(μ, Σ): h = ½ ln det(2πe Σ) = ½ [d (1 + ln 2π) + ln det Σ],
 * with ln det Σ = 2 Σ ln Lᵢᵢ from the Cholesky factor Σ = L Lᵀ (ml-matrix). Can be negative.
 *
 * Units: nats unless `base` says otherwise. Cost: O(d³).
 *
 * @param cov - the covariance Σ, symmetric positive definite
 * @param options - `base`
 * @returns h in nats (or `base` units)
 * @throws InfometaError `INVALID_ARGUMENT` for something that is not a matrix; `EMPTY_INPUT` for a 0 × 0 matrix;
 *   `SHAPE_MISMATCH` for a non-square one; `NON_FINITE` for NaN/±Infinity; `NOT_POSITIVE_DEFINITE` when Σ is not
 *   symmetric (naming the entries) or not positive definite (naming a non-positive diagonal entry if there is one);
 *   `INVALID_OPTION` for a bad base
 * @example
 * ```ts
 * import { gaussianEntropy } from 'infometa';
 * // ½ ln(2πe) for a standard normal
 * console.log(gaussianEntropy([[1]]).toFixed(4)); // 1.4189
 * console.log(gaussianEntropy([[2, 0], [0, 2]]).toFixed(4)); // 3.5310
 * ```
 */
export function gaussianEntropy(cov: CovarianceInput, options?: GaussianOptions): number {
  const fn = 'gaussianEntropy';
  checkOptions(fn, options);
  const lb = logBase(fn, options?.base);
  const { a, d } = toSquare(fn, 'cov', cov);
  const ch = cholesky(fn, 'cov', a, d, range(0, d));
  return (0.5 * (d * LN_2PI_E + logDet(ch))) / lb;
}

function miFromCov(fn: string, name: string, a: Float64Array, d: number, dx: number): number {
  const lx = logDet(cholesky(fn, name, a, d, range(0, dx)));
  const ly = logDet(cholesky(fn, name, a, d, range(dx, d)));
  const lxy = logDet(cholesky(fn, name, a, d, range(0, d)));
  return Math.max(0, 0.5 * (lx + ly - lxy));
}

/**
 * Mutual information between the first `dimsX` coordinates X and the remaining ones Y of a multivariate normal
 * with covariance Σ = [[Σxx, Σxy], [Σyx, Σyy]]: I(X;Y) = ½ (ln det Σxx + ln det Σyy − ln det Σ). For two scalars
 * with correlation ρ this is −½ ln(1 − ρ²).
 *
 * Units: nats unless `base` says otherwise. Cost: O(d³).
 *
 * @param cov - the joint covariance Σ (d × d), symmetric positive definite
 * @param dimsX - number of leading coordinates that form X, an integer in [1, d − 1]
 * @param options - `base`
 * @returns I(X;Y) ≥ 0 in nats (or `base` units)
 * @throws InfometaError as {@link gaussianEntropy}; `INVALID_ARGUMENT` for dimsX out of range
 * @example
 * ```ts
 * import { gaussianMutualInformation } from 'infometa';
 * console.log(gaussianMutualInformation([[1, 0.6], [0.6, 1]], 1).toFixed(4)); // 0.2231
 * ```
 */
export function gaussianMutualInformation(cov: CovarianceInput, dimsX: number, options?: GaussianOptions): number {
  const fn = 'gaussianMutualInformation';
  checkOptions(fn, options);
  const lb = logBase(fn, options?.base);
  const { a, d } = toSquare(fn, 'cov', cov);
  if (typeof dimsX !== 'number' || !Number.isInteger(dimsX) || dimsX < 1 || dimsX > d - 1) {
    fail('INVALID_ARGUMENT', fn, `dimsX must be an integer in [1, ${d - 1}] for a ${d} × ${d} covariance (got ${fmt(dimsX)})`);
  }
  return miFromCov(fn, 'cov', a, d, dimsX) / lb;
}

/**
 * Kullback–Leibler divergence between multivariate normals, D(N₀‖N₁) =
 * ½ [tr(Σ₁⁻¹Σ₀) + (μ₁ − μ₀)ᵀ Σ₁⁻¹ (μ₁ − μ₀) − d + ln det Σ₁ − ln det Σ₀], by Cholesky solves (ml-matrix).
 *
 * Units: nats unless `base` says otherwise. Cost: O(d³).
 *
 * @param mu0 - mean of N₀ (length d)
 * @param cov0 - covariance of N₀ (d × d), symmetric positive definite
 * @param mu1 - mean of N₁ (length d)
 * @param cov1 - covariance of N₁ (d × d), symmetric positive definite
 * @param options - `base`
 * @returns D(N₀‖N₁) ≥ 0 in nats (or `base` units), 0 iff the two are equal
 * @throws InfometaError as {@link gaussianEntropy} for each covariance; `NON_FINITE` or `EMPTY_INPUT` for a bad
 *   mean; `SHAPE_MISMATCH` when the means and covariances do not all have the same dimension
 * @example
 * ```ts
 * import { gaussianKlDivergence } from 'infometa';
 * // ½ (σ₀²/σ₁² + (μ₁ − μ₀)²/σ₁² − 1 + ln σ₁²/σ₀²) with σ₀² = 1, σ₁² = 2, μ₁ − μ₀ = 1
 * console.log(gaussianKlDivergence([0], [[1]], [1], [[2]]).toFixed(4)); // 0.3466
 * ```
 */
export function gaussianKlDivergence(
  mu0: Float64Array | readonly number[],
  cov0: CovarianceInput,
  mu1: Float64Array | readonly number[],
  cov1: CovarianceInput,
  options?: GaussianOptions,
): number {
  const fn = 'gaussianKlDivergence';
  checkOptions(fn, options);
  const lb = logBase(fn, options?.base);
  const m0 = toFiniteVector(fn, 'mu0', mu0);
  const m1 = toFiniteVector(fn, 'mu1', mu1);
  const A = toSquare(fn, 'cov0', cov0);
  const B = toSquare(fn, 'cov1', cov1);
  const d = A.d;
  if (B.d !== d || m0.length !== d || m1.length !== d) {
    fail('SHAPE_MISMATCH', fn, `mu0, cov0, mu1, cov1 must have the same dimension (got ${m0.length}, ${A.d} × ${A.d}, ${m1.length}, ${B.d} × ${B.d})`);
  }
  const ids = range(0, d);
  const c0 = cholesky(fn, 'cov0', A.a, d, ids);
  const c1 = cholesky(fn, 'cov1', B.a, d, ids);
  const S0 = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S0.set(i, j, 0.5 * (A.a[i * d + j] + A.a[j * d + i]));
  const X = c1.solve(S0);
  let tr = 0;
  for (let i = 0; i < d; i++) tr += X.get(i, i);
  const diff = new Matrix(d, 1);
  for (let i = 0; i < d; i++) diff.set(i, 0, m1[i] - m0[i]);
  const w = c1.solve(diff);
  let quad = 0;
  for (let i = 0; i < d; i++) quad += diff.get(i, 0) * w.get(i, 0);
  const kl = 0.5 * (tr + quad - d + logDet(c1) - logDet(c0));
  return Math.max(0, kl) / lb;
}

/**
 * Mutual information of paired samples under a Gaussian model: the sample covariance Σ̂ of [x | y] (divisor
 * N − 1) plugged into {@link gaussianMutualInformation}, I = ½ (ln det Σ̂xx + ln det Σ̂yy − ln det Σ̂). Exact for
 * jointly normal data up to sampling error (bias ≈ dx·dy / 2N), a lower bound-like summary otherwise
 * (it only sees linear dependence). If x or y is constant the result is exactly 0.
 *
 * Units: nats unless `base` says otherwise. Cost: O(N (dx + dy)² + (dx + dy)³).
 *
 * @param x - samples of X (rows, `{ data, rows, cols }`, or 1-D)
 * @param y - samples of Y, same row count
 * @param options - `base`
 * @returns Î(X;Y) ≥ 0 in nats (or `base` units)
 * @throws InfometaError `INVALID_ARGUMENT`, `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH` as
 *   {@link ksgMutualInformation}; `NOT_POSITIVE_DEFINITE` when the sample covariance is singular (collinear or
 *   partly constant columns, or too few samples)
 * @example
 * ```ts
 * import { gaussianMutualInformationOf } from 'infometa';
 * const x = [1, 2, 3, 4, 5];
 * const y = [1.1, 1.9, 3.2, 3.9, 5.1];
 * console.log(gaussianMutualInformationOf(x, y).toFixed(3)); // 2.470
 * ```
 */
export function gaussianMutualInformationOf(x: Samples, y: Samples, options?: GaussianOptions): number {
  const fn = 'gaussianMutualInformationOf';
  checkOptions(fn, options);
  const lb = logBase(fn, options?.base);
  const X = toColumns(fn, 'x', x);
  const Y = toColumns(fn, 'y', y);
  const n = checkSameRows(fn, ['x', 'y'], [X, Y]);
  if (isConstant(X) || isConstant(Y)) return 0;
  const d = X.cols + Y.cols;
  if (n < 2) fail('EMPTY_INPUT', fn, `need at least 2 samples (got ${n})`);
  const mean = new Float64Array(d);
  const get = (i: number, j: number): number => (j < X.cols ? X.data[i * X.cols + j] : Y.data[i * Y.cols + j - X.cols]);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += get(i, j);
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = get(i, j) - mean[j];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b] += row[a] * row[b];
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= n - 1;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  for (let j = 0; j < d; j++) {
    if (!(cov[j * d + j] > 0)) {
      const which = j < X.cols ? `x column ${j}` : `y column ${j - X.cols}`;
      fail('NOT_POSITIVE_DEFINITE', fn, `${which} is constant, so the sample covariance of [x | y] is singular`);
    }
  }
  return miFromCov(fn, 'sampleCov', cov, d, X.cols) / lb;
}
