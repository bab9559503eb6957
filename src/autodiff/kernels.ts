// Float64Array loops used by the autodiff ops. Like src/kernels/: no allocation, no validation, no throwing.
import { stagedGemm, wasmGemmFor } from './wasm/arena.js';

let idx = new Int32Array(64);

/**
 * C[m×n] += op(A)·B[k×n] where op(A)[i, p] = A[ao + i·ars + p·acs]. For each output row, the non-zero coefficients
 * (ReLU masks make about half of them zero) are gathered first and applied eight (then four) at a time, so each C
 * element is loaded and stored once per eight multiply-adds.
 */
export function gemmAcc(m: number, n: number, k: number, A: Float64Array, ao: number, ars: number, acs: number, B: Float64Array, bo: number, C: Float64Array, co: number): void {
  // All three operands in one WebAssembly arena: the SIMD twin of this loop (src/autodiff/wasm/gemm.wat), same bits.
  const w = wasmGemmFor(C.buffer);
  if (w !== undefined && A.buffer === C.buffer && B.buffer === C.buffer && k <= w.kmax) {
    w.fn(m, n, k, A.byteOffset + 8 * ao, 8 * ars, 8 * acs, B.byteOffset + 8 * bo, C.byteOffset + 8 * co, w.sa, w.sb);
    return;
  }
  // Large enough products elsewhere: the same kernel on copies of the operands.
  if (stagedGemm(m, n, k, A, ao, ars, acs, B, bo, C, co)) return;
  if (idx.length < k) idx = new Int32Array(k);
  const ix = idx;
  for (let i = 0; i < m; i++) {
    const ci = co + i * n;
    const ai = ao + i * ars;
    let cnt = 0;
    for (let p = 0; p < k; p++) if (A[ai + p * acs] !== 0) ix[cnt++] = p;
    let t = 0;
    for (; t + 7 < cnt; t += 8) {
      const p0 = ix[t], p1 = ix[t + 1], p2 = ix[t + 2], p3 = ix[t + 3], p4 = ix[t + 4], p5 = ix[t + 5], p6 = ix[t + 6], p7 = ix[t + 7];
      const a0 = A[ai + p0 * acs], a1 = A[ai + p1 * acs], a2 = A[ai + p2 * acs], a3 = A[ai + p3 * acs];
      const a4 = A[ai + p4 * acs], a5 = A[ai + p5 * acs], a6 = A[ai + p6 * acs], a7 = A[ai + p7 * acs];
      const b0 = bo + p0 * n, b1 = bo + p1 * n, b2 = bo + p2 * n, b3 = bo + p3 * n;
      const b4 = bo + p4 * n, b5 = bo + p5 * n, b6 = bo + p6 * n, b7 = bo + p7 * n;
      for (let j = 0; j < n; j++) {
        C[ci + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j] + (a4 * B[b4 + j] + a5 * B[b5 + j] + a6 * B[b6 + j] + a7 * B[b7 + j]);
      }
    }
    for (; t + 3 < cnt; t += 4) {
      const p0 = ix[t], p1 = ix[t + 1], p2 = ix[t + 2], p3 = ix[t + 3];
      const a0 = A[ai + p0 * acs], a1 = A[ai + p1 * acs], a2 = A[ai + p2 * acs], a3 = A[ai + p3 * acs];
      const b0 = bo + p0 * n, b1 = bo + p1 * n, b2 = bo + p2 * n, b3 = bo + p3 * n;
      for (let j = 0; j < n; j++) C[ci + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
    }
    if (t + 1 < cnt) {
      const p0 = ix[t], p1 = ix[t + 1];
      const a0 = A[ai + p0 * acs], a1 = A[ai + p1 * acs];
      const b0 = bo + p0 * n, b1 = bo + p1 * n;
      for (let j = 0; j < n; j++) C[ci + j] += a0 * B[b0 + j] + a1 * B[b1 + j];
      t += 2;
    }
    for (; t < cnt; t++) {
      const p = ix[t];
      const a = A[ai + p * acs];
      const bp = bo + p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
}

/**
 * C[m×n] = op(A) · op(B) where op(A) is m×k (A stored k×m when `tA`) and op(B) is k×n (B stored n×k when `tB`).
 * C is overwritten. Returns nothing; does nothing useful for m, n ≤ 0; C = 0 for k ≤ 0.
 */
export function dgemm(m: number, n: number, k: number, A: Float64Array, tA: boolean, B: Float64Array, tB: boolean, C: Float64Array): void {
  const mn = m * n;
  for (let t = 0; t < mn; t++) C[t] = 0;
  let Bn = B;
  if (tB) {
    // op(B) = Bᵀ with B n×k: transpose it into a k×n scratch, so every case runs the one (zero-skipping, SIMD) kernel.
    if (bT.length < k * n) bT = new Float64Array(k * n);
    Bn = bT;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      for (let p = 0; p < k; p++) Bn[p * n + j] = B[bj + p];
    }
  }
  if (tA) gemmAcc(m, n, k, A, 0, 1, m, Bn, 0, C, 0);
  else gemmAcc(m, n, k, A, 0, k, 1, Bn, 0, C, 0);
}

let bT = new Float64Array(64);

/** Binary elementwise op codes for {@link dbinary}. */
export const ADD = 0;
/** Subtraction code. */
export const SUB = 1;
/** Multiplication code. */
export const MUL = 2;
/** Division code. */
export const DIV = 3;

/**
 * out[i, j] = a[i·ra + j·ca] ∘ b[i·rb + j·cb] over an R×C grid (strides 0 broadcast). Overwrites out.
 */
export function dbinary(code: number, R: number, C: number, a: Float64Array, ra: number, ca: number, b: Float64Array, rb: number, cb: number, out: Float64Array): void {
  let o = 0;
  for (let i = 0; i < R; i++) {
    let ia = i * ra;
    let ib = i * rb;
    switch (code) {
      case ADD:
        for (let j = 0; j < C; j++, ia += ca, ib += cb) out[o++] = a[ia] + b[ib];
        break;
      case SUB:
        for (let j = 0; j < C; j++, ia += ca, ib += cb) out[o++] = a[ia] - b[ib];
        break;
      case MUL:
        for (let j = 0; j < C; j++, ia += ca, ib += cb) out[o++] = a[ia] * b[ib];
        break;
      default:
        for (let j = 0; j < C; j++, ia += ca, ib += cb) out[o++] = a[ia] / b[ib];
        break;
    }
  }
}

/**
 * Reduces g (R×C) into out (r×c with r ∈ {1, R}, c ∈ {1, C}) by summing over broadcast dimensions. Overwrites out.
 */
export function dsumto(R: number, C: number, g: Float64Array, r: number, c: number, out: Float64Array): void {
  const n = r * c;
  if (r === R && c === C) {
    for (let t = 0; t < n; t++) out[t] = g[t];
    return;
  }
  for (let t = 0; t < n; t++) out[t] = 0;
  const rs = r === 1 ? 0 : c;
  const cs = c === 1 ? 0 : 1;
  let o = 0;
  for (let i = 0; i < R; i++) {
    let io = i * rs;
    for (let j = 0; j < C; j++, io += cs) out[io] += g[o++];
  }
}

/** Broadcasts x (r×c, r ∈ {1, R}, c ∈ {1, C}) to out (R×C). Overwrites out. */
export function dbroadcast(R: number, C: number, x: Float64Array, r: number, c: number, out: Float64Array): void {
  const rs = r === 1 ? 0 : c;
  const cs = c === 1 ? 0 : 1;
  let o = 0;
  for (let i = 0; i < R; i++) {
    let ix = i * rs;
    for (let j = 0; j < C; j++, ix += cs) out[o++] = x[ix];
  }
}
