import { flog, LOG_HI_OFFSET, makeFlogRest } from './log.js';

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
 * One fused pass for the entropy of weights: checks every entry, and accumulates the total Σpᵢ and the sum
 * Σ pᵢ ln pᵢ (0·ln 0 = 0), written to out[0] and out[1]. Reads the data once; contiguous data (stride 1) is read in
 * place, other strides are copied in chunks of 65536 to a contiguous buffer first.
 *
 * @returns the index i of the first entry that is NaN, negative or +Infinity (out is then incomplete), or −1;
 *   −1 with out = [0, 0] for N ≤ 0
 */
export const dentropyScan: (N: number, p: Float64Array, stride: number, offset: number, out: Float64Array) => number =
  /* @__PURE__ */ makeEntropyScan();

function makeEntropyScan(): (N: number, p: Float64Array, stride: number, offset: number, out: Float64Array) => number {
  // Closure constants, so that V8 folds them once the scan is optimized (see makeFlog in log.ts).
  const OFF = LOG_HI_OFFSET;
  const LN2 = Math.LN2;
  const flogRest = makeFlogRest();
  // Index of the high (sign and exponent) word of a double in an Int32Array view: 1 on little-endian machines.
  const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

  // Summation: plain sums over blocks of 256 (error ≤ 256·ε relative, far less in practice), blocks combined with
  // Neumaier compensation. Within a block, ln p = k·ln 2 + flogRest(p): Σ p·k is summed on its own and multiplied
  // by ln 2 once per block, so an element costs three plain adds and no reconstruction of ln p.

  /**
   * The slow entries of the contiguous scan: 0 and −0 (nothing to add), subnormals. A subnormal's term is below
   * 1.7e-305, beneath the rounding of any total the scan accepts, so Math.log serves: flog's table stays out of the
   * bundle of `entropy`.
   */
  const tiny = (v: number): number => (v > 0 ? v * Math.log(v) : 0);

  return function dentropyScan(N: number, p: Float64Array, stride: number, offset: number, out: Float64Array): number {
    out[0] = 0;
    out[1] = 0;
    if (N > 0 && (stride !== 1 || offset + N > 0x3ffffff0)) {
      // Other strides (and arrays too long for int32 word indices): copied in chunks to a contiguous buffer.
      const buf = new Float64Array(Math.min(N, 65536));
      let s = 0;
      let h = 0;
      for (let i = 0; i < N; i += 65536) {
        const n = Math.min(65536, N - i);
        for (let m = 0; m < n; m++) buf[m] = p[offset + (i + m) * stride];
        const bad = dentropyScan(n, buf, 1, 0, out);
        if (bad >= 0) return i + bad;
        s += out[0];
        h += out[1];
      }
      out[0] = s;
      out[1] = h;
      return -1;
    }
    // Contiguous: the high words come from an Int32Array view of the same memory (no store and reload per element);
    // the values are read through a local view too, whose type V8 knows, so the loop does not re-check p on every
    // iteration.
    const w = new Int32Array(p.buffer, p.byteOffset, 2 * p.length);
    const q = new Float64Array(p.buffer, p.byteOffset, p.length);
    const last = (offset + N) | 0;
    let s = 0;
    let cs = 0;
    let h = 0;
    let ch = 0;
    let i = offset | 0;
    while (i < last) {
      const end = Math.min(last, (i + 256) | 0);
      let bs = 0;
      let bh = 0;
      let bk = 0;
      for (;;) {
        // Three elements per iteration (measured: 2 and 4 are slower); an entry outside the normal positive range
        // leaves this loop for one step.
        for (; ((i + 2) | 0) < end; i = (i + 3) | 0) {
          const v0 = q[i];
          const v1 = q[(i + 1) | 0];
          const v2 = q[(i + 2) | 0];
          const h0 = w[((i << 1) + HI) | 0];
          const h1 = w[((i << 1) + (2 + HI)) | 0];
          const h2 = w[((i << 1) + (4 + HI)) | 0];
          // Normal and positive: 0x00100000 ≤ h < 0x7ff00000 (sign, zero, subnormal, Infinity and NaN fail).
          if ((h0 - 0x00100000) >>> 0 >= 0x7fe00000 || (h1 - 0x00100000) >>> 0 >= 0x7fe00000 || (h2 - 0x00100000) >>> 0 >= 0x7fe00000) break;
          bs += v0 + v1 + v2;
          bk += v0 * ((h0 - OFF) >> 20) + v1 * ((h1 - OFF) >> 20) + v2 * ((h2 - OFF) >> 20);
          bh += v0 * flogRest(v0, h0) + v1 * flogRest(v1, h1) + v2 * flogRest(v2, h2);
        }
        if (i >= end) break;
        const v = q[i];
        const hx = w[((i << 1) + HI) | 0];
        if ((hx - 0x00100000) >>> 0 < 0x7fe00000) {
          bs += v;
          bk += v * ((hx - OFF) >> 20);
          bh += v * flogRest(v, hx);
        } else {
          if (!(v >= 0) || v === Infinity) return (i - offset) | 0;
          bs += v;
          bh += tiny(v);
        }
        i = (i + 1) | 0;
      }
      bh += bk * LN2;
      let t = s + bs;
      if (s >= bs) cs += s - t + bs;
      else cs += bs - t + s;
      s = t;
      t = h + bh;
      if (Math.abs(h) >= Math.abs(bh)) ch += h - t + bh;
      else ch += bh - t + h;
      h = t;
      // Written after every block rather than once at the end: this code then has type feedback from the first
      // block on, so the code V8 compiles while the first call is still in its loop (on-stack replacement) does
      // not bail out here on every later call.
      out[0] = s + cs;
      out[1] = h + ch;
    }
    return -1;
  };
}
