// The task losses of the fused paths as data: one record per loss with its value, gradient and Hessian-vector
// kernels on a network's N×C outputs. Like kernels.ts: plain loops, no allocation, no validation, no throwing.
import { log1pExp, logistic } from '../internal/special.js';

/**
 * @internal Kernels of a loss L(z, y) of N×C outputs z (logits for the cross-entropies), row-major. `aux` (N×C) holds
 * what `value` leaves for `grad` and `hvp` (σ(z), the softmax rows, the Huber mask).
 */
export interface LossKernels {
  /** Short name (matches the meta layer's loss name). */
  readonly name: string;
  /** L(z, y), averaged as the loss defines; fills aux[ao…]. */
  value(N: number, C: number, z: Float64Array, zo: number, y: Float64Array, aux: Float64Array, ao: number): number;
  /** δ = ∂L/∂z into d[dOff…], after `value` at the same z. */
  grad(N: number, C: number, z: Float64Array, zo: number, y: Float64Array, aux: Float64Array, ao: number, d: Float64Array, dOff: number): void;
  /** (∂²L/∂z²)·r into out[oo…] for r at r[ro…], after `value` at the same z. */
  hvp(N: number, C: number, aux: Float64Array, ao: number, r: Float64Array, ro: number, out: Float64Array, oo: number): void;
}

/**
 * The kernels of a loss that is the mean over all N·C outputs of an element-wise term ℓ(z, y): `term` gives ℓ and
 * stores what the derivatives need in aux; `grad(z, y, aux, n)` = ∂ℓ/∂z / n; `curv(aux, r, n)` = ∂²ℓ/∂z² · r / n.
 */
function elementwise(name: string, term: (z: number, y: number, aux: Float64Array, k: number) => number, grad: (z: number, y: number, aux: number, n: number) => number, curv: (aux: number, r: number, n: number) => number): LossKernels {
  return {
    name,
    value(N, C, z, zo, y, aux, ao) {
      const n = N * C;
      let s = 0;
      for (let i = 0; i < n; i++) s += term(z[zo + i], y[i], aux, ao + i);
      return s / n;
    },
    grad(N, C, z, zo, y, aux, ao, d, dOff) {
      const n = N * C;
      for (let i = 0; i < n; i++) d[dOff + i] = grad(z[zo + i], y[i], aux[ao + i], n);
    },
    hvp(N, C, aux, ao, r, ro, out, oo) {
      const n = N * C;
      for (let i = 0; i < n; i++) out[oo + i] = curv(aux[ao + i], r[ro + i], n);
    },
  };
}

/** @internal Mean squared error (z − y)², mean over all N·C outputs. */
export const MSE_KERNELS: LossKernels = elementwise(
  'mse',
  (z, y) => (z - y) * (z - y),
  (z, y, _a, n) => (2 / n) * (z - y),
  (_a, r, n) => (2 / n) * r,
);

/** @internal Binary cross-entropy from logits, softplus(z) − y·z (targets in [0, 1]), mean over all outputs; aux = σ(z). */
export const BCE_KERNELS: LossKernels = elementwise(
  'binaryCrossEntropy',
  (z, y, aux, k) => {
    aux[k] = logistic(z);
    return log1pExp(z) - y * z;
  },
  (_z, y, p, n) => (p - y) / n,
  (p, r, n) => (p * (1 - p) * r) / n,
);

/** @internal Huber loss with δ = 1, mean over all outputs; aux = 1{|z − y| < 1}. */
export const HUBER_KERNELS: LossKernels = elementwise(
  'huber',
  (z, y, aux, k) => {
    const d = z - y;
    const a = Math.abs(d);
    aux[k] = a < 1 ? 1 : 0;
    return a <= 1 ? 0.5 * d * d : a - 0.5;
  },
  (z, y, _a, n) => {
    const d = z - y;
    return (d > 1 ? 1 : d < -1 ? -1 : d) / n;
  },
  (m, r, n) => (m * r) / n,
);

/** @internal Softmax cross-entropy from logits with N integer labels, mean over rows; aux = the softmax rows. */
export const CE_KERNELS: LossKernels = {
  name: 'softmaxCrossEntropy',
  value(N, C, z, zo, y, aux, ao) {
    let s = 0;
    for (let r = 0; r < N; r++) {
      const o = zo + r * C, e = ao + r * C;
      let mx = -Infinity;
      for (let c = 0; c < C; c++) if (z[o + c] > mx) mx = z[o + c];
      let t = 0;
      for (let c = 0; c < C; c++) {
        const v = Math.exp(z[o + c] - mx);
        aux[e + c] = v;
        t += v;
      }
      for (let c = 0; c < C; c++) aux[e + c] /= t;
      s += mx + Math.log(t) - z[o + y[r]];
    }
    return s / N;
  },
  grad(N, C, _z, _zo, y, aux, ao, d, dOff) {
    const n = N * C;
    for (let i = 0; i < n; i++) d[dOff + i] = aux[ao + i] / N;
    for (let r = 0; r < N; r++) d[dOff + r * C + y[r]] -= 1 / N;
  },
  hvp(N, C, aux, ao, r, ro, out, oo) {
    // Per row: (diag(p) − p pᵀ)·r / N.
    for (let i = 0; i < N; i++) {
      const e = ao + i * C, o = ro + i * C, d = oo + i * C;
      let dot = 0;
      for (let c = 0; c < C; c++) dot += aux[e + c] * r[o + c];
      for (let c = 0; c < C; c++) out[d + c] = (aux[e + c] * (r[o + c] - dot)) / N;
    }
  },
};

