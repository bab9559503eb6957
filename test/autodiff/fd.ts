// Central finite-difference checks of first and second derivatives, shared by the autodiff tests.
import { expect } from 'vitest';
import { add as addT, createRng, grad, mul, sum, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** Central differences (f(p + εeᵢ) − f(p − εeᵢ)) / 2ε of a scalar function of a parameter vector, for every i. */
export function fdGradient(f: (p: Float64Array) => number, params: Float64Array, eps = 1e-5): Float64Array {
  const out = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const p = params.slice(), m = params.slice();
    p[i] += eps;
    m[i] -= eps;
    out[i] = (f(p) - f(m)) / (2 * eps);
  }
  return out;
}

/** Relative error ‖a − b‖ / max(‖a‖, ‖b‖); 0 when both are (numerically) zero. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    na += a[i] ** 2;
    nb += b[i] ** 2;
  }
  const den = Math.sqrt(Math.max(na, nb));
  if (den < 1e-12) return Math.sqrt(d);
  return Math.sqrt(d) / den;
}

export interface FdOptions {
  /** Step of the central difference (default 1e-5). */
  eps?: number;
  /** Also check second derivatives (default true). */
  second?: boolean;
  /** Tolerance on the relative error (default 1e-6). */
  tol?: number;
  seed?: number;
}

/**
 * Checks d/dx of s(x) = Σ w ⊙ f(x) (random w) against central differences, and the Hessian-vector product
 * ∇ₓ(Σᵢ vᵢ · ∇ᵢ s) (built with createGraph) against central differences of the analytic first derivative.
 */
export function checkOp(f: (xs: Tensor[]) => Tensor, inputs: { data: number[]; shape: number[] }[], options: FdOptions = {}): { first: number; second: number } {
  const eps = options.eps ?? 1e-5;
  const tol = options.tol ?? 1e-6;
  const rng = createRng(options.seed ?? 11);
  const leaves = (ds: Float64Array[]): Tensor[] => ds.map((d, i) => tensor(d, inputs[i].shape, { requiresGrad: true }));
  const x0 = inputs.map((i) => Float64Array.from(i.data));
  const out0 = f(leaves(x0));
  const w = tensor(Array.from({ length: out0.size }, () => rng.uniform(-1, 1)), out0.shape);
  const s = (ts: Tensor[]): Tensor => sum(mul(f(ts), w));
  const sval = (ds: Float64Array[]): number => s(leaves(ds)).item();

  // First derivatives.
  const L = leaves(x0);
  const g = grad(s(L), L);
  const analytic: number[] = [], numeric: number[] = [];
  for (let i = 0; i < x0.length; i++) {
    for (let j = 0; j < x0[i].length; j++) {
      const p = x0.map((d) => d.slice()), m = x0.map((d) => d.slice());
      p[i][j] += eps;
      m[i][j] -= eps;
      numeric.push((sval(p) - sval(m)) / (2 * eps));
      analytic.push(g[i].data[j]);
    }
  }
  const first = relErr(analytic, numeric);
  expect(first, `first derivative rel. error ${first}`).toBeLessThanOrEqual(tol);

  let second = 0;
  if (options.second !== false) {
    const v = x0.map((d) => Float64Array.from(d, () => rng.uniform(-1, 1)));
    // u(x) = Σᵢ vᵢ · ∇ᵢ s(x), evaluated with first-order gradients for the finite differences.
    const uval = (ds: Float64Array[]): number => {
      const ls = leaves(ds);
      const gs = grad(s(ls), ls);
      let u = 0;
      for (let i = 0; i < gs.length; i++) for (let j = 0; j < gs[i].size; j++) u += v[i][j] * gs[i].data[j];
      return u;
    };
    const L2 = leaves(x0);
    const gs = grad(s(L2), L2, { createGraph: true });
    let u: Tensor = tensor(0);
    for (let i = 0; i < gs.length; i++) u = addT(u, sum(mul(gs[i], tensor(v[i], inputs[i].shape))));
    const hv = grad(u, L2);
    const a2: number[] = [], n2: number[] = [];
    for (let i = 0; i < x0.length; i++) {
      for (let j = 0; j < x0[i].length; j++) {
        const p = x0.map((d) => d.slice()), m = x0.map((d) => d.slice());
        p[i][j] += eps;
        m[i][j] -= eps;
        n2.push((uval(p) - uval(m)) / (2 * eps));
        a2.push(hv[i].data[j]);
      }
    }
    second = relErr(a2, n2);
    expect(second, `second derivative rel. error ${second}`).toBeLessThanOrEqual(tol);
  }
  return { first, second };
}


/** Random values in [lo, hi), seeded. */
export function rand(n: number, seed: number, lo = -1, hi = 1): number[] {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.uniform(lo, hi));
}

/** Random values with |x| ≥ gap (away from the kink of ReLU/Huber). */
export function randAway(n: number, seed: number, gap = 0.05): number[] {
  const r = createRng(seed);
  return Array.from({ length: n }, () => {
    const v = r.uniform(gap, 1.5);
    return r.next() < 0.5 ? -v : v;
  });
}
