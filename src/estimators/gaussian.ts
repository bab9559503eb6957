import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { fail, fmt } from '../internal/errors.js';
import { isMatrixObject, readMatrix } from '../internal/matrix.js';
import type { MathJsMatrixLike, MatrixLike } from '../internal/matrix.js';
import { rescaleExponent, scaleByPow2 } from '../internal/scale.js';
import { checkOptions, isNumericArray, logBase, optionNames, toFiniteVector } from '../internal/validate.js';
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

const GAUSSIAN_OPTIONS = optionNames<GaussianOptions>()('base');

/** Reads a square matrix into a row-major Float64Array, checking finiteness and symmetry (relative 1e-10). */
function toSquare(fn: string, name: string, c: unknown): { a: Float64Array; d: number } {
  let a: Float64Array;
  let d: number;
  if (isMatrixObject(c)) {
    const m = readMatrix(fn, name, c);
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
      // Halves, so that entries of opposite sign near ±MAX_VALUE do not overflow the difference.
      if (Math.abs(0.5 * a[i * d + j] - 0.5 * a[j * d + i]) > 0.5 * tol) {
        fail('NOT_POSITIVE_DEFINITE', fn, `${name} is not symmetric (${name}[${i}][${j}] = ${fmt(a[i * d + j])} but ${name}[${j}][${i}] = ${fmt(a[j * d + i])})`);
      }
    }
  }
  return { a, d };
}

/**
 * Diagonal equilibration by powers of two: exponents eᵢ such that 2^(2eᵢ)·Σᵢᵢ lies near 1, or null when every
 * diagonal entry is already within [2^−500, 2^500] (then Σ is used as given and keeps its bit-exact result).
 * Throws for a diagonal entry ≤ 0 (Σ is then not positive definite).
 */
function equilibration(fn: string, name: string, a: Float64Array, d: number): Int32Array | null {
  const e = new Int32Array(d);
  let rescaled = false;
  for (let i = 0; i < d; i++) {
    const v = a[i * d + i];
    if (!(v > 0)) fail('NOT_POSITIVE_DEFINITE', fn, `${name} is not positive definite: diagonal entry ${name}[${i}][${i}] = ${fmt(v)} ≤ 0`);
    e[i] = Math.trunc(rescaleExponent(v, 500) / 2);
    if (e[i] !== 0) rescaled = true;
  }
  return rescaled ? e : null;
}

/** D Σ D for D = diag(2^eᵢ), entry by entry in two exact steps (so no factor overflows on its own). */
function scaleSym(a: Float64Array, d: number, e: Int32Array): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = scaleByPow2(scaleByPow2(a[i * d + j], e[i]), e[j]);
  return out;
}

/** The symmetric part ½(a + b) of a pair of entries: exact for equal entries (also subnormal), never overflowing. */
function sym(a: number, b: number): number {
  return a === b ? a : 0.5 * a + 0.5 * b;
}

/** Cholesky factor of the symmetric part of a (d × d, row-major) over the index set `ids`, or a thrown error. */
function cholesky(fn: string, name: string, a: Float64Array, d: number, ids: readonly number[]): CholeskyDecomposition {
  const m = ids.length;
  const M = new Matrix(m, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) M.set(i, j, sym(a[ids[i] * d + ids[j]], a[ids[j] * d + ids[i]]));
  }
  for (let i = 0; i < m; i++) {
    const v = M.get(i, i);
    if (!(v > 0)) fail('NOT_POSITIVE_DEFINITE', fn, `${name} is not positive definite: diagonal entry ${name}[${ids[i]}][${ids[i]}] = ${fmt(v)} ≤ 0`);
  }
  let ch: CholeskyDecomposition | null = null;
  try {
    ch = new CholeskyDecomposition(M);
  } catch {
    // ml-matrix's own checks (symmetry, finiteness): reported below in this function's terms.
  }
  let ok = ch !== null && ch.isPositiveDefinite();
  if (ch !== null && ok) {
    const L = ch.lowerTriangularMatrix;
    for (let i = 0; i < m; i++) {
      const v = L.get(i, i);
      if (!(v > 0) || !Number.isFinite(v)) ok = false;
    }
  }
  if (ch === null || !ok) {
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
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
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
  checkOptions(fn, options, GAUSSIAN_OPTIONS);
  const lb = logBase(fn, options?.base);
  const { a, d } = toSquare(fn, 'cov', cov);
  // Variances beyond 2^±500 are equilibrated first: ln det Σ = ln det(DΣD) − 2 Σ eᵢ ln 2.
  const e = equilibration(fn, 'cov', a, d);
  let ld = logDet(cholesky(fn, 'cov', e === null ? a : scaleSym(a, d, e), d, range(0, d)));
  if (e !== null) for (let i = 0; i < d; i++) ld -= 2 * e[i] * Math.LN2;
  return (0.5 * (d * LN_2PI_E + ld)) / lb;
}

function miFromCov(fn: string, name: string, a0: Float64Array, d: number, dx: number): number {
  // I(X;Y) is unchanged by rescaling coordinates: variances beyond 2^±500 are equilibrated first.
  const e = equilibration(fn, name, a0, d);
  const a = e === null ? a0 : scaleSym(a0, d, e);
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
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { gaussianMutualInformation } from 'infometa';
 * console.log(gaussianMutualInformation([[1, 0.6], [0.6, 1]], 1).toFixed(4)); // 0.2231
 * ```
 */
export function gaussianMutualInformation(cov: CovarianceInput, dimsX: number, options?: GaussianOptions): number {
  const fn = 'gaussianMutualInformation';
  checkOptions(fn, options, GAUSSIAN_OPTIONS);
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
 * @returns D(N₀‖N₁) ≥ 0 in nats (or `base` units), 0 iff the two are equal; `Infinity` when the divergence is
 *   beyond the largest double (means ±1e308 apart, or a variance ratio σ₀²/σ₁² beyond about 1e308/d)
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
  checkOptions(fn, options, GAUSSIAN_OPTIONS);
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
  // Each log-determinant in its own equilibrated frame (variances beyond 2^±500 brought near 1, an exact shift);
  // the trace and quadratic terms in Σ₁'s frame, where they are unchanged (one linear map of both normals).
  const e0 = equilibration(fn, 'cov0', A.a, d);
  const e1 = equilibration(fn, 'cov1', B.a, d);
  const c0 = cholesky(fn, 'cov0', e0 === null ? A.a : scaleSym(A.a, d, e0), d, ids);
  const c1 = cholesky(fn, 'cov1', e1 === null ? B.a : scaleSym(B.a, d, e1), d, ids);
  let ld0 = logDet(c0);
  let ld1 = logDet(c1);
  if (e0 !== null) for (let i = 0; i < d; i++) ld0 -= 2 * e0[i] * Math.LN2;
  if (e1 !== null) for (let i = 0; i < d; i++) ld1 -= 2 * e1[i] * Math.LN2;
  const a0 = e1 === null ? A.a : scaleSym(A.a, d, e1);
  // Σ₀ beyond the largest double in Σ₁'s frame: tr(Σ₁⁻¹Σ₀) ≥ max diag / d is too.
  for (let i = 0; i < d * d; i++) if (!Number.isFinite(a0[i])) return Infinity;
  const diff = new Matrix(d, 1);
  for (let i = 0; i < d; i++) {
    const v = e1 === null ? m1[i] - m0[i] : scaleByPow2(m1[i] - m0[i], e1[i]);
    // A mean difference beyond the largest double: the divergence exceeds it too.
    if (!Number.isFinite(v)) return Infinity;
    diff.set(i, 0, v);
  }
  const S0 = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S0.set(i, j, sym(a0[i * d + j], a0[j * d + i]));
  const X = c1.solve(S0);
  let tr = 0;
  for (let i = 0; i < d; i++) tr += X.get(i, i);
  const w = c1.solve(diff);
  let quad = 0;
  for (let i = 0; i < d; i++) quad += diff.get(i, 0) * w.get(i, 0);
  // tr and quad are ≥ 0: when either overflows the divergence is beyond the largest double, and Infinity says so.
  if (!Number.isFinite(tr) || !Number.isFinite(quad)) return Infinity;
  const kl = 0.5 * (tr + quad - d + ld1 - ld0);
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
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
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
  checkOptions(fn, options, GAUSSIAN_OPTIONS);
  const lb = logBase(fn, options?.base);
  const X = toColumns(fn, 'x', x);
  const Y = toColumns(fn, 'y', y);
  const n = checkSameRows(fn, ['x', 'y'], [X, Y]);
  if (isConstant(X) || isConstant(Y)) return 0;
  const d = X.cols + Y.cols;
  if (n < 2) fail('EMPTY_INPUT', fn, `need at least 2 samples (got ${n})`);
  const mean = new Float64Array(d);
  // I(X;Y) is unchanged by rescaling a column: columns beyond 2^±250 (whose squares would overflow or underflow) are
  // brought near 1 by a power of two, exactly.
  const raw = (i: number, j: number): number => (j < X.cols ? X.data[i * X.cols + j] : Y.data[i * Y.cols + j - X.cols]);
  const colExp = new Int32Array(d);
  for (let j = 0; j < d; j++) {
    let big = 0;
    for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(raw(i, j)));
    colExp[j] = rescaleExponent(big, 250);
  }
  const get = (i: number, j: number): number => (colExp[j] === 0 ? raw(i, j) : scaleByPow2(raw(i, j), colExp[j]));
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
