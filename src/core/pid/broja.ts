// The BROJA unique information (Bertschinger, Rauh, Olbrich, Jost & Ay 2014) as a convex program:
//   minimise I_Q(T; S₁S₂) over Δ_P = { Q ≥ 0 : Q(s₁, t) = P(s₁, t), Q(s₂, t) = P(s₂, t) },
// i.e. maximise the concave H_Q(T | S₁S₂). Solved by a log-barrier interior-point method: feasible start
// Q₀ = P(s₁,t)P(s₂,t)/P(t) (strictly positive where the constraints allow), Newton steps in the null space of the
// marginal constraints (per target value, the 2 × 2 "swaps" e(i,j) − e(0,j) − e(i,0) + e(0,0)), damped Newton steps
// (no line search: the function values at large barrier weights are too close to compare in double precision),
// barrier weight τ × 10 per round until the duality-gap bound N/τ is below the tolerance. Internal.
import { checkAborted } from '../../internal/validate.js';
import type { Dense } from './dist.js';
import { solveSpd } from '../../internal/spd.js';

/** The BROJA solution and how it was reached. */
export interface BrojaResult {
  /** min_Q I_Q(T; S₁S₂) in nats. */
  minMi: number;
  /** The optimal Q(s₁, s₂, t), dense over the coalesced alphabets. */
  q: Float64Array;
  /** Newton steps used. */
  iterations: number;
  /** Bound on the optimality gap of minMi (nats): N/τ at the last centring plus its Newton decrement. */
  achieved: number;
}

/**
 * Solves the BROJA program for the coalesced table P with axes (S₁, S₂, T). `tolerance` is the gap bound to reach;
 * at most `maxIterations` Newton steps.
 */
export function broja(P: Dense, tolerance: number, maxIterations: number, signal: AbortSignal | undefined, fn: string): BrojaResult {
  const [k1, k2, kt] = P.shape;
  const at = (s1: number, s2: number, t: number): number => (s1 * k2 + s2) * kt + t;
  const p1t = new Float64Array(k1 * kt);
  const p2t = new Float64Array(k2 * kt);
  const pt = new Float64Array(kt);
  for (let s1 = 0; s1 < k1; s1++) {
    for (let s2 = 0; s2 < k2; s2++) {
      for (let t = 0; t < kt; t++) {
        const v = P.data[at(s1, s2, t)];
        p1t[s1 * kt + t] += v;
        p2t[s2 * kt + t] += v;
        pt[t] += v;
      }
    }
  }
  // Free variables: (s₁, s₂, t) with P(s₁,t) > 0 and P(s₂,t) > 0; every other entry of Δ_P is 0.
  const vIdx: number[] = [];
  const vPair: number[] = [];
  const varOf = new Int32Array(k1 * k2 * kt).fill(-1);
  const cols: { v: number[]; c: number[] }[] = [];
  for (let t = 0; t < kt; t++) {
    if (!(pt[t] > 0)) continue;
    const A: number[] = [];
    const B: number[] = [];
    for (let s1 = 0; s1 < k1; s1++) if (p1t[s1 * kt + t] > 0) A.push(s1);
    for (let s2 = 0; s2 < k2; s2++) if (p2t[s2 * kt + t] > 0) B.push(s2);
    for (const s1 of A) {
      for (const s2 of B) {
        varOf[at(s1, s2, t)] = vIdx.length;
        vIdx.push(at(s1, s2, t));
        vPair.push(s1 * k2 + s2);
      }
    }
    for (let i = 1; i < A.length; i++) {
      for (let j = 1; j < B.length; j++) {
        cols.push({
          v: [varOf[at(A[i], B[j], t)], varOf[at(A[0], B[j], t)], varOf[at(A[i], B[0], t)], varOf[at(A[0], B[0], t)]],
          c: [1, -1, -1, 1],
        });
      }
    }
  }
  const N = vIdx.length;
  const m = cols.length;
  const Q = new Float64Array(N);
  for (let v = 0; v < N; v++) {
    const cell = vIdx[v];
    const t = cell % kt;
    const s2 = Math.floor(cell / kt) % k2;
    const s1 = Math.floor(cell / (kt * k2));
    Q[v] = (p1t[s1 * kt + t] * p2t[s2 * kt + t]) / pt[t];
  }
  // Which columns touch each variable and each (s₁, s₂) pair.
  const byVar: { k: number; c: number }[][] = Array.from({ length: N }, () => []);
  const byPair = new Map<number, Map<number, number>>();
  cols.forEach((col, k) => {
    for (let e = 0; e < 4; e++) {
      const v = col.v[e];
      byVar[v].push({ k, c: col.c[e] });
      const pr = vPair[v];
      let mp = byPair.get(pr);
      if (!mp) byPair.set(pr, (mp = new Map()));
      mp.set(k, (mp.get(k) ?? 0) + col.c[e]);
    }
  });
  const pairSum = new Float64Array(k1 * k2);
  const H = new Float64Array(m * m);
  const g = new Float64Array(m);
  const grad = new Float64Array(N);
  const dir = new Float64Array(N);
  let iterations = 0;
  let achieved = 0;
  if (m > 0) {
    let tau = 1;
    let decrement = Infinity;
    outer: for (;;) {
      // Centring: damped Newton on τ f(Q) − Σ log Q.
      decrement = Infinity;
      for (let inner = 0; inner < 100; inner++) {
        if (iterations >= maxIterations) break outer;
        if ((iterations & 15) === 0) checkAborted(fn, signal);
        iterations++;
        pairSum.fill(0);
        for (let v = 0; v < N; v++) pairSum[vPair[v]] += Q[v];
        for (let v = 0; v < N; v++) grad[v] = tau * (Math.log(Q[v]) - Math.log(pairSum[vPair[v]])) - 1 / Q[v];
        g.fill(0);
        H.fill(0);
        for (let v = 0; v < N; v++) {
          const dv = tau / Q[v] + 1 / (Q[v] * Q[v]);
          const list = byVar[v];
          for (const a of list) {
            g[a.k] += a.c * grad[v];
            for (const b of list) H[a.k * m + b.k] += a.c * b.c * dv;
          }
        }
        for (const [pr, mp] of byPair) {
          const w = tau / pairSum[pr];
          for (const [ka, ca] of mp) {
            if (ca === 0) continue;
            for (const [kb, cb] of mp) if (cb !== 0) H[ka * m + kb] -= w * ca * cb;
          }
        }
        const step = g.slice();
        for (let i = 0; i < m; i++) step[i] = -step[i];
        solveSpd(H, step, m);
        let lambda2 = 0;
        for (let i = 0; i < m; i++) lambda2 -= g[i] * step[i];
        decrement = Math.max(0, lambda2);
        dir.fill(0);
        cols.forEach((col, k) => {
          for (let e = 0; e < 4; e++) dir[col.v[e]] += col.c[e] * step[k];
        });
        const lambda = Math.sqrt(decrement);
        let s = lambda > 0.25 ? 1 / (1 + lambda) : 1;
        for (let v = 0; v < N; v++) if (dir[v] < 0) s = Math.min(s, (-0.99 * Q[v]) / dir[v]);
        for (let v = 0; v < N; v++) Q[v] += s * dir[v];
        if (decrement / 2 <= 1e-12) break;
      }
      if ((N + decrement) / tau <= tolerance) break;
      tau *= 10;
    }
    achieved = (N + decrement) / tau;
  }
  // Objective at the final Q: I_Q(T; S₁S₂) = H(T) − H_Q(T | S₁S₂).
  const q = new Float64Array(k1 * k2 * kt);
  for (let v = 0; v < N; v++) q[vIdx[v]] = Q[v];
  let hT = 0;
  for (let t = 0; t < kt; t++) if (pt[t] > 0) hT -= pt[t] * Math.log(pt[t]);
  let hTgivenS = 0;
  for (let s1 = 0; s1 < k1; s1++) {
    for (let s2 = 0; s2 < k2; s2++) {
      let sp = 0;
      for (let t = 0; t < kt; t++) sp += q[at(s1, s2, t)];
      for (let t = 0; t < kt; t++) {
        const v = q[at(s1, s2, t)];
        if (v > 0) hTgivenS -= v * Math.log(v / sp);
      }
    }
  }
  return { minMi: Math.max(0, hT - hTgivenS), q, iterations, achieved };
}
