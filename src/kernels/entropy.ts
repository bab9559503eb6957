import { flog } from './log.js';

// All kernels: plain loops over strided Float64Array data, compensated (Neumaier) summation, 0·log 0 = 0.
// They never allocate, validate or throw.

/**
 * Σ p_i ln p_i over `N` strided elements (the negative Shannon entropy of unnormalized weights), with
 * 0·ln 0 = 0. Entries must be ≥ 0.
 *
 * @returns the sum (≤ 0); 0 for N ≤ 0
 */
export function dxlogx(N: number, p: Float64Array, stride: number, offset: number): number {
  let s = 0;
  let c = 0;
  let ip = offset;
  for (let i = 0; i < N; i++) {
    const v = p[ip];
    ip += stride;
    if (v > 0) {
      const term = v * flog(v);
      const t = s + term;
      if (Math.abs(s) >= Math.abs(term)) c += s - t + term;
      else c += term - t + s;
      s = t;
    }
  }
  return s + c;
}

/**
 * Σ p_i ln q_i over `N` strided pairs with 0·ln q = 0 (also for q = 0).
 *
 * @returns the sum; −Infinity when some p_i > 0 = q_i; 0 for N ≤ 0
 */
export function dxlogy(N: number, p: Float64Array, strideP: number, offsetP: number, q: Float64Array, strideQ: number, offsetQ: number): number {
  let s = 0;
  let c = 0;
  let ip = offsetP;
  let iq = offsetQ;
  for (let i = 0; i < N; i++) {
    const v = p[ip];
    const w = q[iq];
    ip += strideP;
    iq += strideQ;
    if (v > 0) {
      if (w <= 0) return -Infinity;
      const term = v * flog(w);
      const t = s + term;
      if (Math.abs(s) >= Math.abs(term)) c += s - t + term;
      else c += term - t + s;
      s = t;
    }
  }
  return s + c;
}

/**
 * Σ p_i ln(a·p_i / (b·q_i)) over `N` strided pairs: the Kullback–Leibler sum of unnormalized weights, where
 * `a` and `b` are the reciprocal totals of p and q (pass 1, 1 for distributions). 0·ln(0/q) = 0.
 *
 * @returns the sum (not yet multiplied by a); Infinity when some p_i > 0 = q_i; 0 for N ≤ 0
 */
export function dkl(N: number, p: Float64Array, strideP: number, offsetP: number, q: Float64Array, strideQ: number, offsetQ: number, a: number, b: number): number {
  const shift = flog(a) - flog(b);
  let s = 0;
  let c = 0;
  let ip = offsetP;
  let iq = offsetQ;
  for (let i = 0; i < N; i++) {
    const v = p[ip];
    const w = q[iq];
    ip += strideP;
    iq += strideQ;
    if (v > 0) {
      if (w <= 0) return Infinity;
      const term = v * (flog(v) - flog(w) + shift);
      const t = s + term;
      if (Math.abs(s) >= Math.abs(term)) c += s - t + term;
      else c += term - t + s;
      s = t;
    }
  }
  return s + c;
}

/**
 * Jensen–Shannon sum Σ ½ a·p_i ln(2a·p_i/m_i) + ½ b·q_i ln(2b·q_i/m_i), with m_i = a·p_i + b·q_i and a, b the
 * reciprocal totals of p and q (1, 1 for distributions).
 *
 * @returns the divergence in nats, in [0, ln 2] for distributions; 0 for N ≤ 0
 */
export function djs(N: number, p: Float64Array, strideP: number, offsetP: number, q: Float64Array, strideQ: number, offsetQ: number, a: number, b: number): number {
  let s = 0;
  let c = 0;
  let ip = offsetP;
  let iq = offsetQ;
  for (let i = 0; i < N; i++) {
    const v = a * p[ip];
    const w = b * q[iq];
    ip += strideP;
    iq += strideQ;
    const m = v + w;
    if (m > 0) {
      const lm = flog(m);
      let term = 0;
      if (v > 0) term += v * (flog(v) - lm + Math.LN2);
      if (w > 0) term += w * (flog(w) - lm + Math.LN2);
      term *= 0.5;
      const t = s + term;
      if (Math.abs(s) >= Math.abs(term)) c += s - t + term;
      else c += term - t + s;
      s = t;
    }
  }
  return s + c;
}

/**
 * One fused pass for the entropy of weights: checks every entry, and accumulates (compensated) the total Σpᵢ, the
 * sum Σ pᵢ ln pᵢ (0·ln 0 = 0) and the maximum, written to out[0], out[1], out[2]. Reading the data once instead of
 * three times is what makes a 10⁷-element entropy memory-bound rather than pass-bound.
 *
 * @returns the index i of the first entry that is NaN, negative or +Infinity (out is then incomplete), or −1;
 *   −1 with out = [0, 0, 0] for N ≤ 0
 */
export function dentropyScan(N: number, p: Float64Array, stride: number, offset: number, out: Float64Array): number {
  // Blocked summation: plain sums over blocks of 256 (error ≤ 256·ε relative, far less in practice, as every term
  // of a block has the same sign), blocks combined with Neumaier compensation. Two plain adds per element instead of
  // two compensated ones is a large part of this kernel's speed.
  let s = 0;
  let cs = 0;
  let h = 0;
  let ch = 0;
  let max = 0;
  let ip = offset;
  let i = 0;
  while (i < N) {
    const end = Math.min(N, i + 256);
    let bs = 0;
    let bh = 0;
    for (; i < end; i++) {
      const v = p[ip];
      ip += stride;
      if (!(v >= 0) || v === Infinity) return i;
      if (v > 0) {
        bs += v;
        if (v > max) max = v;
        bh += v * flog(v);
      }
    }
    let t = s + bs;
    if (s >= bs) cs += s - t + bs;
    else cs += bs - t + s;
    s = t;
    t = h + bh;
    if (Math.abs(h) >= Math.abs(bh)) ch += h - t + bh;
    else ch += bh - t + h;
    h = t;
  }
  out[0] = s + cs;
  out[1] = h + ch;
  out[2] = max;
  return -1;
}
