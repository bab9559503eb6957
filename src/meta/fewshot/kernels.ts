// The episode losses of the metric learners on an N×D matrix of embeddings z, as loss-kernel records, so the fused
// MLP kernels (src/autodiff/fused.ts) run encoder + loss + backward without a tape. Plain loops over Float64Array;
// no validation, no throwing. The episode is encoded in y: y[i] = c ≥ 0 for a support row of class c, y[i] = −1 − c
// for a query row of class c (every class 0…ways−1 has a support row; the public API checks that).
//
// protoNet   μ_c = mean of the support embeddings of class c; logits_qc = −‖z_q − μ_c‖²;
//            L = mean over queries of −log softmax(logits_q)[y_q]                          (Snell et al. 2017)
// matching   u = z / √(‖z‖² + ε); a_qj = softmax_j(τ·u_q·u_j) over the support rows j;
//            p_qc = Σ_{j of class c} a_qj; L = mean over queries of −log p_q,y_q           (Vinyals et al. 2016)
import type { LossKernels } from '../../autodiff/loss-kernels.js';

/** ε of the cosine normalisation u = z / √(‖z‖² + ε). */
export const COSINE_EPS = 1e-12;

let scratch = new Float64Array(256);
/** Module scratch of at least n values (grown on first use with a larger episode, then reused). */
function room(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  return scratch;
}

/** Number of classes (largest support label + 1) and of query rows. */
function shape(N: number, y: Float64Array): [number, number] {
  let ways = 0, nq = 0;
  for (let i = 0; i < N; i++) {
    if (y[i] >= 0) ways = Math.max(ways, y[i] + 1);
    else nq++;
  }
  return [ways, nq];
}

/** Prototypes (ways×D) into m[0…), support counts into m[ways·D…); returns nothing. */
function prototypes(N: number, D: number, z: Float64Array, zo: number, y: Float64Array, ways: number, m: Float64Array): void {
  m.fill(0, 0, ways * (D + 1));
  const cnt = ways * D;
  for (let i = 0; i < N; i++) {
    const c = y[i];
    if (c < 0) continue;
    m[cnt + c]++;
    const zi = zo + i * D, mc = c * D;
    for (let k = 0; k < D; k++) m[mc + k] += z[zi + k];
  }
  for (let c = 0; c < ways; c++) {
    const inv = 1 / m[cnt + c];
    for (let k = 0; k < D; k++) m[c * D + k] *= inv;
  }
}

/**
 * Softmax over classes of −‖z_i − μ_c‖² into p[po…po+ways); returns the log-sum-exp of the logits (so that
 * −log p_c = lse − logit_c), the logits left in l[lo…).
 */
function protoRow(D: number, z: Float64Array, zi: number, m: Float64Array, ways: number, l: Float64Array, lo: number): number {
  let mx = -Infinity;
  for (let c = 0; c < ways; c++) {
    let s = 0;
    const mc = c * D;
    for (let k = 0; k < D; k++) {
      const t = z[zi + k] - m[mc + k];
      s += t * t;
    }
    l[lo + c] = -s;
    if (-s > mx) mx = -s;
  }
  let e = 0;
  for (let c = 0; c < ways; c++) e += Math.exp(l[lo + c] - mx);
  return mx + Math.log(e);
}

/** @internal The protoNet episode loss as a loss-kernel record (its `hvp` is not provided: it writes zeros). */
export const PROTO_KERNELS: LossKernels = {
  name: 'protoNet',
  value(N, D, z, zo, y) {
    const [ways, nq] = shape(N, y);
    const m = room(ways * (D + 2));
    prototypes(N, D, z, zo, y, ways, m);
    const lo = ways * (D + 1);
    let L = 0;
    for (let i = 0; i < N; i++) {
      if (y[i] >= 0) continue;
      const lse = protoRow(D, z, zo + i * D, m, ways, m, lo);
      L += lse - m[lo + (-1 - y[i])];
    }
    return L / nq;
  },
  grad(N, D, z, zo, y, _aux, _ao, d, dOff) {
    const [ways, nq] = shape(N, y);
    const m = room(ways * (2 * D + 2));
    prototypes(N, D, z, zo, y, ways, m);
    const lo = ways * (D + 1), gm = lo + ways; // logits, then ∂L/∂μ (ways×D)
    m.fill(0, gm, gm + ways * D);
    for (let i = 0; i < N; i++) {
      const c = y[i];
      if (c >= 0) continue;
      const zi = zo + i * D, di = dOff + i * D;
      const lse = protoRow(D, z, zi, m, ways, m, lo);
      for (let k = 0; k < D; k++) d[di + k] = 0;
      for (let k = 0; k < ways; k++) {
        const G = (Math.exp(m[lo + k] - lse) - (k === -1 - c ? 1 : 0)) / nq;
        const mk = k * D, gk = gm + k * D;
        for (let j = 0; j < D; j++) {
          const t = 2 * G * (z[zi + j] - m[mk + j]);
          d[di + j] -= t;
          m[gk + j] += t;
        }
      }
    }
    const cnt = ways * D;
    for (let i = 0; i < N; i++) {
      const c = y[i];
      if (c < 0) continue;
      const inv = 1 / m[cnt + c], di = dOff + i * D, gc = gm + c * D;
      for (let k = 0; k < D; k++) d[di + k] = m[gc + k] * inv;
    }
  },
  hvp(N, D, _aux, _ao, _r, _ro, out, oo) {
    out.fill(0, oo, oo + N * D);
  },
};

/** u_i = z_i / √(‖z_i‖² + ε) into u (N×D, from 0); the norms r_i into r. */
function normalise(N: number, D: number, z: Float64Array, zo: number, u: Float64Array, uo: number, r: Float64Array, ro: number): void {
  for (let i = 0; i < N; i++) {
    let s = COSINE_EPS;
    const zi = zo + i * D;
    for (let k = 0; k < D; k++) s += z[zi + k] * z[zi + k];
    const ri = Math.sqrt(s);
    r[ro + i] = ri;
    for (let k = 0; k < D; k++) u[uo + i * D + k] = z[zi + k] / ri;
  }
}

/**
 * Attention of query row q over the support rows (τ·cosine, softmaxed) into a[ao + j] for j = 0…N−1 (0 for query
 * rows); returns log p_{q,c} for class c = `want`.
 */
function attend(N: number, D: number, u: Float64Array, q: number, y: Float64Array, tau: number, a: Float64Array, ao: number, want: number): number {
  let mx = -Infinity;
  for (let j = 0; j < N; j++) {
    if (y[j] < 0) continue;
    let s = 0;
    for (let k = 0; k < D; k++) s += u[q * D + k] * u[j * D + k];
    a[ao + j] = tau * s;
    if (tau * s > mx) mx = tau * s;
  }
  let e = 0, ey = 0;
  for (let j = 0; j < N; j++) {
    if (y[j] < 0) {
      a[ao + j] = 0;
      continue;
    }
    const t = Math.exp(a[ao + j] - mx);
    a[ao + j] = t;
    e += t;
    if (y[j] === want) ey += t;
  }
  for (let j = 0; j < N; j++) a[ao + j] /= e;
  return Math.log(ey) - Math.log(e);
}

/** @internal The matchingNet episode loss with temperature τ as a loss-kernel record (`hvp` writes zeros). */
export function matchingKernels(tau: number): LossKernels {
  return {
    name: 'matchingNet',
    value(N, D, z, zo, y) {
      const [, nq] = shape(N, y);
      const w = room(N * D + 2 * N);
      const uo = 0, ro = N * D, ao = ro + N;
      normalise(N, D, z, zo, w, uo, w, ro);
      let L = 0;
      for (let i = 0; i < N; i++) if (y[i] < 0) L -= attend(N, D, w, i, y, tau, w, ao, -1 - y[i]);
      return L / nq;
    },
    grad(N, D, z, zo, y, _aux, _ao, d, dOff) {
      const [, nq] = shape(N, y);
      const w = room(2 * N * D + 2 * N);
      const uo = 0, ro = N * D, ao = ro + N, go = ao + N; // u, norms, attention row, ∂L/∂u
      normalise(N, D, z, zo, w, uo, w, ro);
      w.fill(0, go, go + N * D);
      for (let i = 0; i < N; i++) {
        if (y[i] >= 0) continue;
        const want = -1 - y[i];
        attend(N, D, w, i, y, tau, w, ao, want);
        let py = 0;
        for (let j = 0; j < N; j++) if (y[j] === want) py += w[ao + j];
        for (let j = 0; j < N; j++) {
          if (y[j] < 0) continue;
          const aj = w[ao + j];
          const g = (tau * (aj - (y[j] === want ? aj / py : 0))) / nq;
          for (let k = 0; k < D; k++) {
            w[go + i * D + k] += g * w[uo + j * D + k];
            w[go + j * D + k] += g * w[uo + i * D + k];
          }
        }
      }
      // Through u = z / r: ∂L/∂z = (∂L/∂u − u (u·∂L/∂u)) / r.
      for (let i = 0; i < N; i++) {
        let dot = 0;
        for (let k = 0; k < D; k++) dot += w[uo + i * D + k] * w[go + i * D + k];
        const r = w[ro + i];
        for (let k = 0; k < D; k++) d[dOff + i * D + k] = (w[go + i * D + k] - w[uo + i * D + k] * dot) / r;
      }
    },
    hvp(N, D, _aux, _ao, _r, _ro, out, oo) {
      out.fill(0, oo, oo + N * D);
    },
  };
}

/**
 * @internal Class probabilities (nq×ways) of query embeddings q (nq×D) given support embeddings s (ns×D) with labels
 * 0…ways−1: protoNet's softmax over −squared distances to the prototypes.
 */
export function protoPredict(ns: number, nq: number, D: number, s: Float64Array, labels: ArrayLike<number>, q: Float64Array, ways: number): Float64Array {
  const y = new Float64Array(ns);
  for (let i = 0; i < ns; i++) y[i] = labels[i];
  const m = new Float64Array(ways * (D + 2));
  prototypes(ns, D, s, 0, y, ways, m);
  const out = new Float64Array(nq * ways);
  const lo = ways * (D + 1);
  for (let i = 0; i < nq; i++) {
    const lse = protoRow(D, q, i * D, m, ways, m, lo);
    for (let c = 0; c < ways; c++) out[i * ways + c] = Math.exp(m[lo + c] - lse);
  }
  return out;
}

/**
 * @internal Attention weights (nq×ns, rows summing to 1) of query embeddings over support embeddings: softmax of
 * τ·cosine similarity.
 */
export function cosineAttention(ns: number, nq: number, D: number, s: Float64Array, q: Float64Array, tau: number): Float64Array {
  const us = new Float64Array(ns * D), uq = new Float64Array(nq * D), r = new Float64Array(Math.max(ns, nq));
  normalise(ns, D, s, 0, us, 0, r, 0);
  normalise(nq, D, q, 0, uq, 0, r, 0);
  const a = new Float64Array(nq * ns);
  for (let i = 0; i < nq; i++) {
    let mx = -Infinity;
    for (let j = 0; j < ns; j++) {
      let t = 0;
      for (let k = 0; k < D; k++) t += uq[i * D + k] * us[j * D + k];
      a[i * ns + j] = tau * t;
      if (tau * t > mx) mx = tau * t;
    }
    let e = 0;
    for (let j = 0; j < ns; j++) e += a[i * ns + j] = Math.exp(a[i * ns + j] - mx);
    for (let j = 0; j < ns; j++) a[i * ns + j] /= e;
  }
  return a;
}
