// Dense linear-algebra pieces of the multi-task models: ridge and lasso solvers in Gram form, the Kronecker-structured
// normal equations of the shared matrix, top singular vectors, principal angles. Internal: not exported from the
// package (principalAngles is, through ./subspace.ts).
import { CholeskyDecomposition, LuDecomposition, Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';

/**
 * Solves the symmetric positive (semi)definite system A·x = b (A is n×n row-major), by Cholesky; falls back to LU
 * when A is not numerically positive definite. Returns a new vector.
 */
export function solveSpd(n: number, A: Float64Array, b: Float64Array): Float64Array {
  const M = new Matrix(n, n);
  // Symmetrize exactly: sums accumulated in different orders differ in the last bit.
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, i === j ? A[i * n + i] : 0.5 * (A[i * n + j] + A[j * n + i]));
  const B = Matrix.columnVector(Array.from(b));
  const chol = new CholeskyDecomposition(M);
  const sol = chol.isPositiveDefinite() ? chol.solve(B) : new LuDecomposition(M).solve(B);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sol.get(i, 0);
  return out;
}

/** Column means of an n×d row-major matrix. */
export function colMeans(n: number, d: number, X: Float64Array): Float64Array {
  const m = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) m[j] += X[i * d + j];
  for (let j = 0; j < d; j++) m[j] /= n;
  return m;
}

/** Sufficient statistics of one centred regression task: G = XcᵀXc, c = Xcᵀyc, yy = ycᵀyc, the means. */
export interface GramStats {
  n: number;
  d: number;
  G: Float64Array;
  c: Float64Array;
  yy: number;
  xMean: Float64Array;
  yMean: number;
}

/** Centred Gram statistics of (X, y); with `center` false the means are zero and nothing is subtracted. */
export function gramStats(n: number, d: number, X: Float64Array, y: Float64Array, center = true): GramStats {
  const xMean = center ? colMeans(n, d, X) : new Float64Array(d);
  let yMean = 0;
  if (center) {
    for (let i = 0; i < n; i++) yMean += y[i];
    yMean /= n;
  }
  const G = new Float64Array(d * d);
  const c = new Float64Array(d);
  const row = new Float64Array(d);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = X[i * d + j] - xMean[j];
    const yi = y[i] - yMean;
    yy += yi * yi;
    for (let j = 0; j < d; j++) {
      const rj = row[j];
      c[j] += rj * yi;
      for (let l = j; l < d; l++) G[j * d + l] += rj * row[l];
    }
  }
  for (let j = 0; j < d; j++) for (let l = 0; l < j; l++) G[j * d + l] = G[l * d + j];
  return { n, d, G, c, yy, xMean, yMean };
}

/** Ridge in Gram form: w = (G + αI)⁻¹ c. */
export function ridgeGram(d: number, G: Float64Array, c: Float64Array, alpha: number): Float64Array {
  const A = G.slice();
  for (let j = 0; j < d; j++) A[j * d + j] += alpha;
  return solveSpd(d, A, c);
}

/**
 * Lasso in Gram form by cyclic coordinate descent: minimises ½ wᵀAw − bᵀw + γ‖w‖₁ (A is k×k, PSD), starting from
 * `w` (overwritten with the solution). Stops when the largest coordinate change is ≤ tol·max(1, max|w|) or after
 * maxIter sweeps. Returns the number of sweeps.
 */
export function lassoCd(k: number, A: Float64Array, b: Float64Array, gamma: number, w: Float64Array, tol = 1e-12, maxIter = 10000): number {
  for (let it = 1; it <= maxIter; it++) {
    let maxDelta = 0;
    let maxW = 0;
    for (let j = 0; j < k; j++) {
      const ajj = A[j * k + j];
      if (ajj <= 0) {
        w[j] = 0;
        continue;
      }
      let r = b[j];
      for (let l = 0; l < k; l++) if (l !== j) r -= A[j * k + l] * w[l];
      const v = r > gamma ? (r - gamma) / ajj : r < -gamma ? (r + gamma) / ajj : 0;
      const delta = Math.abs(v - w[j]);
      if (delta > maxDelta) maxDelta = delta;
      w[j] = v;
      if (Math.abs(v) > maxW) maxW = Math.abs(v);
    }
    if (maxDelta <= tol * Math.max(1, maxW)) return it;
  }
  return maxIter;
}

/** Largest eigenvalue of a symmetric PSD k×k matrix by power iteration (an upper bound within 1e-9 relative). */
export function maxEigen(k: number, A: Float64Array): number {
  let v = new Float64Array(k).fill(1 / Math.sqrt(k));
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const u = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += A[i * k + j] * v[j];
      u[i] = s;
    }
    let norm = 0;
    for (let i = 0; i < k; i++) norm += u[i] * u[i];
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    for (let i = 0; i < k; i++) u[i] /= norm;
    const prev = lambda;
    lambda = norm;
    v = u;
    if (Math.abs(lambda - prev) <= 1e-12 * lambda) break;
  }
  return lambda * (1 + 1e-9);
}

/**
 * Lasso in Gram form by FISTA (Beck & Teboulle 2009): the same objective as {@link lassoCd}, proximal gradient steps
 * of size 1/‖A‖₂ with Nesterov momentum. Overwrites `w`; returns the number of iterations.
 */
export function lassoFista(k: number, A: Float64Array, b: Float64Array, gamma: number, w: Float64Array, tol = 1e-12, maxIter = 100000): number {
  const Lip = maxEigen(k, A);
  if (Lip === 0) {
    w.fill(0);
    return 0;
  }
  const step = 1 / Lip;
  const z = w.slice();
  const prev = new Float64Array(k);
  let t = 1;
  for (let it = 1; it <= maxIter; it++) {
    prev.set(w);
    for (let i = 0; i < k; i++) {
      let g = -b[i];
      for (let j = 0; j < k; j++) g += A[i * k + j] * z[j];
      const v = z[i] - step * g;
      const th = step * gamma;
      w[i] = v > th ? v - th : v < -th ? v + th : 0;
    }
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const mom = (t - 1) / tNext;
    let maxDelta = 0, maxW = 0;
    for (let i = 0; i < k; i++) {
      const dlt = w[i] - prev[i];
      z[i] = w[i] + mom * dlt;
      if (Math.abs(dlt) > maxDelta) maxDelta = Math.abs(dlt);
      if (Math.abs(w[i]) > maxW) maxW = Math.abs(w[i]);
    }
    t = tNext;
    if (maxDelta <= tol * Math.max(1, maxW)) return it;
  }
  return maxIter;
}

/** Bᵀ·G·B for G d×d and B d×k (row-major): a k×k matrix. */
export function congruence(d: number, k: number, G: Float64Array, B: Float64Array): Float64Array {
  const GB = new Float64Array(d * k);
  for (let i = 0; i < d; i++) {
    for (let l = 0; l < d; l++) {
      const g = G[i * d + l];
      if (g === 0) continue;
      for (let c = 0; c < k; c++) GB[i * k + c] += g * B[l * k + c];
    }
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < d; i++) {
    for (let a = 0; a < k; a++) {
      const bia = B[i * k + a];
      if (bia === 0) continue;
      for (let c = 0; c < k; c++) out[a * k + c] += bia * GB[i * k + c];
    }
  }
  return out;
}

/** Bᵀ·v for B d×k row-major. */
export function tmatvec(d: number, k: number, B: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < d; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    for (let c = 0; c < k; c++) out[c] += B[i * k + c] * vi;
  }
  return out;
}

/**
 * The shared-matrix step of alternating least squares: minimises
 * Σₜ ωₜ ‖yₜ − Xₜ·B·sₜ‖² + λ‖B − B₀‖²_F over B (d×k), given each task's centred Gram statistics and code sₜ. The
 * normal equations are [Σₜ ωₜ (sₜsₜᵀ ⊗ Gₜ) + λI] vec(B) = Σₜ ωₜ vec(cₜ sₜᵀ) + λ vec(B₀) (column-major vec), a
 * dk×dk system. Returns B row-major.
 */
export function sharedStep(
  d: number,
  k: number,
  stats: readonly GramStats[],
  codes: readonly Float64Array[],
  weights: Float64Array,
  lambda: number,
  prior: Float64Array | null,
): Float64Array {
  const m = d * k;
  const A = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (let t = 0; t < stats.length; t++) {
    const s = codes[t], G = stats[t].G, c = stats[t].c, w = weights[t];
    for (let a = 0; a < k; a++) {
      const wa = w * s[a];
      if (wa === 0) continue;
      for (let j = 0; j < d; j++) rhs[a * d + j] += wa * c[j];
      for (let b = 0; b < k; b++) {
        const f = wa * s[b];
        if (f === 0) continue;
        for (let j = 0; j < d; j++) {
          const row = (a * d + j) * m + b * d;
          for (let l = 0; l < d; l++) A[row + l] += f * G[j * d + l];
        }
      }
    }
  }
  for (let i = 0; i < m; i++) A[i * m + i] += lambda;
  if (prior !== null) for (let a = 0; a < k; a++) for (let j = 0; j < d; j++) rhs[a * d + j] += lambda * prior[j * k + a];
  const v = solveSpd(m, A, rhs);
  const B = new Float64Array(d * k);
  for (let a = 0; a < k; a++) for (let j = 0; j < d; j++) B[j * k + a] = v[a * d + j];
  return B;
}

/** The top-k left singular vectors of a d×T matrix (row-major), as a d×k row-major matrix, and all singular values. */
export function topLeftSingular(d: number, T: number, W: Float64Array, k: number): { U: Float64Array; s: number[] } {
  const M = new Matrix(d, T);
  for (let i = 0; i < d; i++) for (let t = 0; t < T; t++) M.set(i, t, W[i * T + t]);
  const svd = new SingularValueDecomposition(M, { computeLeftSingularVectors: true, computeRightSingularVectors: false, autoTranspose: true });
  const L = svd.leftSingularVectors;
  const U = new Float64Array(d * k);
  for (let i = 0; i < d; i++) for (let c = 0; c < k; c++) U[i * k + c] = c < L.columns ? L.get(i, c) : 0;
  return { U, s: svd.diagonal };
}

/**
 * Principal angles (radians, ascending) between the column spans of A (d×p) and B (d×q), both row-major: the
 * arccosines of the singular values of Q_Aᵀ·Q_B after thin QR of each.
 */
export function principalAnglesRaw(d: number, p: number, A: Float64Array, q: number, B: Float64Array): number[] {
  const qa = orthonormalBasis(d, p, A);
  const qb = orthonormalBasis(d, q, B);
  const C = qa.transpose().mmul(qb);
  const svd = new SingularValueDecomposition(C, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true });
  const s = svd.diagonal.slice(0, Math.min(qa.columns, qb.columns));
  return s.map((v) => Math.acos(Math.min(1, Math.max(-1, v)))).sort((a, b) => a - b);
}

function orthonormalBasis(d: number, p: number, A: Float64Array): Matrix {
  const M = new Matrix(d, p);
  for (let i = 0; i < d; i++) for (let j = 0; j < p; j++) M.set(i, j, A[i * p + j]);
  const Q = new QrDecomposition(M).orthogonalMatrix;
  return Q.subMatrix(0, d - 1, 0, Math.min(p, d) - 1);
}
