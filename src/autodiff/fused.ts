// Fused MLP + task-loss kernels on a flat parameter vector, for the MAML hot path. The loss (MSE, binary or softmax
// cross-entropy from logits, Huber) is the spec's.
//
// mlpLoss(θ)      → scalar L(θ)               backward: g · mlpLossGrad(θ)
// mlpLossGrad(θ)  → ∇L(θ) (flat, length P)    backward: v ↦ H(θ)·v (exact Hessian-vector product, Pearlmutter's R-op)
//
// Both are ordinary graph nodes, so θ' = θ − α·mlpLossGrad(θ) followed by the query loss differentiates exactly to
// second order, like the composite ops, but with one tight loop nest per layer instead of a dozen op nodes, and with
// products that skip the zeros ReLU masks create. A third derivative (differentiating the Hessian-vector product
// again) is not implemented: the backward of mlpLossGrad throws when asked to record its own graph.
import { fail } from '../internal/errors.js';
import { IDENTITY_KERNELS, RELU_KERNELS, SIGMOID_KERNELS, SOFTPLUS_KERNELS, TANH_KERNELS } from './act-kernels.js';
import type { ActKernels } from './act-kernels.js';
import { gemmAcc } from './kernels.js';
import { BCE_KERNELS, CE_KERNELS, HUBER_KERNELS, MSE_KERNELS } from './loss-kernels.js';
import type { LossKernels } from './loss-kernels.js';
import { mul } from './ops.js';
import { Tensor, isRecording, output, record } from './tensor.js';
import type { Op } from './tensor.js';

/** Activation codes (indices into {@link ACTIVATIONS}). */
export const ACT_RELU = 0;
/** tanh. */
export const ACT_TANH = 1;
/** logistic sigmoid. */
export const ACT_SIGMOID = 2;
/** softplus. */
export const ACT_SOFTPLUS = 3;
/** identity. */
export const ACT_IDENTITY = 4;
/** @internal The activation records by code. */
export const ACTIVATIONS: readonly ActKernels[] = [RELU_KERNELS, TANH_KERNELS, SIGMOID_KERNELS, SOFTPLUS_KERNELS, IDENTITY_KERNELS];

/** Loss codes (indices into {@link LOSS_KERNELS}): mean squared error. */
export const LOSS_MSE = 0;
/** Binary cross-entropy from logits (targets in [0, 1]), mean over all outputs. */
export const LOSS_BCE = 1;
/** Softmax cross-entropy from logits with integer labels, mean over rows. */
export const LOSS_CE = 2;
/** Huber loss with δ = 1, mean over all outputs. */
export const LOSS_HUBER = 3;
/** @internal The loss records by code. */
export const LOSS_KERNELS: readonly LossKernels[] = [MSE_KERNELS, BCE_KERNELS, CE_KERNELS, HUBER_KERNELS];

interface Layout {
  N: number;
  A: number[];
  H: number[];
  E: number[];
  D: number[];
  Q: number[];
  /** Room for one transposed weight matrix (backward pass). */
  T: number;
  total: number;
  // scratch for the HVP
  RA: number[];
  RH: number[];
  RD: number[];
  RE: number;
  WT: number[];
  VT: number[];
  scratch: number;
}

/** @internal A network description for the fused kernels. */
export interface MlpSpec {
  /** Layer widths. */
  readonly sizes: readonly number[];
  /** Hidden activation. */
  readonly act: ActKernels;
  /** Task loss. */
  readonly loss: LossKernels;
  /** Flat parameter count. */
  readonly numParams: number;
  /** Offsets of W_l (l = 1…L at index l−1). */
  readonly wOff: readonly number[];
  /** Offsets of b_l. */
  readonly bOff: readonly number[];
  /** Layouts cached by batch size. */
  readonly layouts: Map<number, Layout>;
}

/** @internal Builds the spec of an MLP with the flat layout W_1, b_1, W_2, b_2, … (activation and loss as records or codes). */
export function mlpSpec(sizes: readonly number[], act: ActKernels | number, loss: LossKernels | number = MSE_KERNELS): MlpSpec {
  const wOff: number[] = [], bOff: number[] = [];
  let off = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    wOff.push(off);
    off += sizes[l] * sizes[l + 1];
    bOff.push(off);
    off += sizes[l + 1];
  }
  return { sizes: Array.from(sizes), act: typeof act === 'number' ? ACTIVATIONS[act] : act, loss: typeof loss === 'number' ? LOSS_KERNELS[loss] : loss, numParams: off, wOff, bOff, layouts: new Map() };
}

function layout(spec: MlpSpec, N: number): Layout {
  let lay = spec.layouts.get(N);
  if (lay !== undefined) return lay;
  const L = spec.sizes.length - 1;
  const A: number[] = [0], H: number[] = [0], E: number[] = [0], D: number[] = [0], Q: number[] = [0];
  let off = 0;
  for (let l = 1; l <= L; l++) {
    const n = N * spec.sizes[l];
    for (const part of [A, H, E, D, Q]) {
      part.push(off);
      off += n;
    }
  }
  const T = off;
  for (let l = 1; l <= L; l++) off = Math.max(off, T + spec.sizes[l - 1] * spec.sizes[l]);
  const total = off;
  const RA: number[] = [0], RH: number[] = [0], RD: number[] = [0], WT: number[] = [0], VT: number[] = [0];
  let s = 0;
  let maxn = 0;
  for (let l = 1; l <= L; l++) {
    const n = N * spec.sizes[l];
    for (const part of [RA, RH, RD]) {
      part.push(s);
      s += n;
    }
    maxn = Math.max(maxn, N * spec.sizes[l - 1]);
  }
  const RE = s;
  s += maxn;
  for (let l = 1; l <= L; l++) {
    const n = spec.sizes[l - 1] * spec.sizes[l];
    WT.push(s); s += n;
    VT.push(s); s += n;
  }
  lay = { N, A, H, E, D, Q, T, total, RA, RH, RD, RE, WT, VT, scratch: s };
  // A stream of ever-new batch sizes must not grow the cache without bound.
  if (spec.layouts.size >= 64) spec.layouts.clear();
  spec.layouts.set(N, lay);
  return lay;
}

// --- small dense kernels (zero-skipping on the left operand) -----------------------------------------------------

/** C[m×n] += A[m×k]·B[k×n]. */
function nnAcc(m: number, n: number, k: number, A: Float64Array, ao: number, B: Float64Array, bo: number, C: Float64Array, co: number): void {
  gemmAcc(m, n, k, A, ao, k, 1, B, bo, C, co);
}

/** C[m×n] += A[k×m]ᵀ·B[k×n]. */
function tnAcc(m: number, n: number, k: number, A: Float64Array, ao: number, B: Float64Array, bo: number, C: Float64Array, co: number): void {
  gemmAcc(m, n, k, A, ao, 1, m, B, bo, C, co);
}

/** dst[c×r] = src[r×c]ᵀ. */
function transposeInto(r: number, c: number, src: Float64Array, so: number, dst: Float64Array, d0: number): void {
  for (let i = 0; i < r; i++) {
    const si = so + i * c;
    for (let j = 0; j < c; j++) dst[d0 + j * r + i] = src[si + j];
  }
}

/** C[m×n] = row vector b broadcast (b at bo, length n). */
function fillRows(m: number, n: number, b: Float64Array, bo: number, C: Float64Array, co: number): void {
  for (let i = 0; i < m; i++) {
    const ci = co + i * n;
    for (let j = 0; j < n; j++) C[ci + j] = b[bo + j];
  }
}

/** out[j] += Σᵢ X[i, j] (column sums) of an m×n matrix. */
function colSumAcc(m: number, n: number, X: Float64Array, xo: number, out: Float64Array, oo: number): void {
  for (let i = 0; i < m; i++) {
    const xi = xo + i * n;
    for (let j = 0; j < n; j++) out[oo + j] += X[xi + j];
  }
}

/** Forward pass into the workspace; returns the loss. */
function forward(spec: MlpSpec, lay: Layout, th: Float64Array, x: Float64Array, y: Float64Array, ws: Float64Array): number {
  const L = spec.sizes.length - 1;
  const N = lay.N;
  const act = spec.act;
  let hin = x;
  let ho = 0;
  for (let l = 1; l <= L; l++) {
    const nin = spec.sizes[l - 1], nout = spec.sizes[l];
    const ao = lay.A[l];
    fillRows(N, nout, th, spec.bOff[l - 1], ws, ao);
    nnAcc(N, nout, nin, hin, ho, th, spec.wOff[l - 1], ws, ao);
    const hoff = lay.H[l], qo = lay.Q[l], n = N * nout;
    (l === L ? IDENTITY_KERNELS : act).forward(n, ws, ao, hoff, qo);
    hin = ws;
    ho = hoff;
  }
  return lossForward(spec, lay, y, ws);
}

/** The loss of the outputs H_L against y; the record keeps in E_L (unused by the layers) what its gradient and HVP need. */
function lossForward(spec: MlpSpec, lay: Layout, y: Float64Array, ws: Float64Array): number {
  const L = spec.sizes.length - 1;
  return spec.loss.value(lay.N, spec.sizes[L], ws, lay.H[L], y, ws, lay.E[L]);
}

/** Backward pass (after forward): δ and E into the workspace, ∇L into g (overwritten). */
function backward(spec: MlpSpec, lay: Layout, th: Float64Array, x: Float64Array, y: Float64Array, ws: Float64Array, g: Float64Array): void {
  const L = spec.sizes.length - 1;
  const N = lay.N;
  spec.loss.grad(N, spec.sizes[L], ws, lay.H[L], y, ws, lay.E[L], ws, lay.D[L]);
  g.fill(0);
  for (let l = L; l >= 1; l--) {
    const nin = spec.sizes[l - 1], nout = spec.sizes[l];
    const dl = lay.D[l];
    if (l === 1) tnAcc(nin, nout, N, x, 0, ws, dl, g, spec.wOff[0]);
    else tnAcc(nin, nout, N, ws, lay.H[l - 1], ws, dl, g, spec.wOff[l - 1]);
    colSumAcc(N, nout, ws, dl, g, spec.bOff[l - 1]);
    if (l > 1) {
      // E_{l−1} = δ_l W_lᵀ, δ_{l−1} = E ⊙ act'(A_{l−1}).
      const eo = lay.E[l - 1], n = N * nin;
      for (let i = 0; i < n; i++) ws[eo + i] = 0;
      transposeInto(nin, nout, th, spec.wOff[l - 1], ws, lay.T);
      nnAcc(N, nin, nout, ws, dl, ws, lay.T, ws, eo);
      const dd = lay.D[l - 1], qo = lay.Q[l - 1];
      for (let i = 0; i < n; i++) ws[dd + i] = ws[eo + i] * ws[qo + i];
    }
  }
}

/** Hessian-vector product H(θ)·v into out, given a workspace filled by forward + backward at θ. */
function hvp(spec: MlpSpec, lay: Layout, th: Float64Array, v: Float64Array, x: Float64Array, ws: Float64Array, sc: Float64Array, out: Float64Array): void {
  const L = spec.sizes.length - 1;
  const N = lay.N;
  const act = spec.act;
  for (let l = 1; l <= L; l++) {
    const nin = spec.sizes[l - 1], nout = spec.sizes[l];
    transposeInto(nin, nout, th, spec.wOff[l - 1], sc, lay.WT[l]);
    transposeInto(nin, nout, v, spec.wOff[l - 1], sc, lay.VT[l]);
  }
  // R-forward: RA_l = RH_{l−1} W_l + H_{l−1} V_l + c_l, RH_l = act'(A_l) ⊙ RA_l.
  for (let l = 1; l <= L; l++) {
    const nin = spec.sizes[l - 1], nout = spec.sizes[l];
    const ra = lay.RA[l];
    fillRows(N, nout, v, spec.bOff[l - 1], sc, ra);
    if (l === 1) nnAcc(N, nout, nin, x, 0, v, spec.wOff[0], sc, ra);
    else {
      nnAcc(N, nout, nin, sc, lay.RH[l - 1], th, spec.wOff[l - 1], sc, ra);
      nnAcc(N, nout, nin, ws, lay.H[l - 1], v, spec.wOff[l - 1], sc, ra);
    }
    const rh = lay.RH[l], qo = lay.Q[l], n = N * nout;
    for (let i = 0; i < n; i++) sc[rh + i] = ws[qo + i] * sc[ra + i];
  }
  // R-backward.
  spec.loss.hvp(N, spec.sizes[L], ws, lay.E[L], sc, lay.RH[L], sc, lay.RD[L]);
  out.fill(0);
  for (let l = L; l >= 1; l--) {
    const nin = spec.sizes[l - 1], nout = spec.sizes[l];
    const rd = lay.RD[l], dl = lay.D[l];
    const wo = spec.wOff[l - 1];
    if (l === 1) tnAcc(nin, nout, N, x, 0, sc, rd, out, wo);
    else {
      tnAcc(nin, nout, N, sc, lay.RH[l - 1], ws, dl, out, wo);
      tnAcc(nin, nout, N, ws, lay.H[l - 1], sc, rd, out, wo);
    }
    colSumAcc(N, nout, sc, rd, out, spec.bOff[l - 1]);
    if (l > 1) {
      // RE = RD_l W_lᵀ + δ_l V_lᵀ; RD_{l−1} = RE ⊙ act'(A_{l−1}) + E_{l−1} ⊙ act''(A_{l−1}) ⊙ RA_{l−1}.
      const re = lay.RE, n = N * nin;
      for (let i = 0; i < n; i++) sc[re + i] = 0;
      nnAcc(N, nin, nout, sc, rd, sc, lay.WT[l], sc, re);
      nnAcc(N, nin, nout, ws, dl, sc, lay.VT[l], sc, re);
      const rdp = lay.RD[l - 1], qo = lay.Q[l - 1];
      const second = act.second;
      if (second === null) {
        for (let i = 0; i < n; i++) sc[rdp + i] = sc[re + i] * ws[qo + i];
      } else {
        const eo = lay.E[l - 1], ao = lay.A[l - 1], ho = lay.H[l - 1], rap = lay.RA[l - 1];
        for (let i = 0; i < n; i++) {
          sc[rdp + i] = sc[re + i] * ws[qo + i] + ws[eo + i] * second(ws[ho + i], ws[ao + i]) * sc[rap + i];
        }
      }
    }
  }
}

// --- ops ---------------------------------------------------------------------------------------------------------

interface FusedCtx {
  spec: MlpSpec;
  lay: Layout;
  /** Workspace tensor (recycled with the scope). */
  ws: Tensor;
  /** Whether δ/E of the workspace are filled (backward done). */
  back: boolean;
}

const MlpLossOp: Op = {
  name: 'mlpLoss',
  backward(out, g) {
    const [th, x, y] = out.inputs as Tensor[];
    const ctx = out.aux as FusedCtx;
    return [mul(g, gradT(ctx.spec, th, x, y, ctx)), null, null];
  },
};

const MlpLossGradOp: Op = {
  name: 'mlpLossGrad',
  backward(out, v) {
    if (isRecording()) fail('INVALID_ARGUMENT', 'grad', 'third-order derivatives through the fused MLP loss are not supported (use the composite ops)');
    const [th, x] = out.inputs as Tensor[];
    const ctx = out.aux as FusedCtx;
    const res = output(th.shape, th.size);
    const sc = output([ctx.lay.scratch], ctx.lay.scratch);
    hvp(ctx.spec, ctx.lay, th.data, v.data, x.data, ctx.ws.data, sc.data, res.data);
    return [res, null, null];
  },
};

function gradT(spec: MlpSpec, th: Tensor, x: Tensor, y: Tensor, ctx?: FusedCtx): Tensor {
  let c = ctx;
  if (c === undefined || c.back) {
    const lay = layout(spec, x.size / spec.sizes[0]);
    c = { spec, lay, ws: output([lay.total], lay.total), back: false };
    forward(spec, lay, th.data, x.data, y.data, c.ws.data);
  }
  const out = output([spec.numParams], spec.numParams);
  backward(spec, c.lay, th.data, x.data, y.data, c.ws.data, out.data);
  c.back = true;
  out.aux = c;
  return record(out, MlpLossGradOp, [th, x, y]);
}

/**
 * @internal Fused loss of an MLP, e.g. L(θ) = mean((f_θ(x) − y)²) for LOSS_MSE; θ flat of length spec.numParams,
 * x N×n₀, y N×n_L (class indices, length N, for LOSS_CE).
 * No validation (callers validate).
 */
export function mlpLoss(spec: MlpSpec, th: Tensor, x: Tensor, y: Tensor): Tensor {
  const lay = layout(spec, x.size / spec.sizes[0]);
  const ws = output([lay.total], lay.total);
  const out = output([], 1);
  out.data[0] = forward(spec, lay, th.data, x.data, y.data, ws.data);
  out.aux = { spec, lay, ws, back: false } satisfies FusedCtx;
  return record(out, MlpLossOp, [th, x, y]);
}

/** @internal Fused gradient ∇θ L(θ) of {@link mlpLoss}; differentiable once more (exact Hessian-vector products). */
export function mlpLossGrad(spec: MlpSpec, th: Tensor, x: Tensor, y: Tensor): Tensor {
  return gradT(spec, th, x, y);
}

// --- plain (tape-free) entry points, used by the meta-learners' hot path -----------------------------------------

/** @internal Workspace sizes of the plain entry points for a batch of N samples. */
export function workspaceSizes(spec: MlpSpec, N: number): { ws: number; scratch: number } {
  const lay = layout(spec, N);
  return { ws: lay.total, scratch: lay.scratch };
}

/**
 * @internal The loss and its gradient at θ (plain arrays): fills `ws` (length ≥ workspaceSizes().ws) with the
 * activations needed by {@link hvpInto} and writes ∇L into g (overwritten). Returns L.
 */
export function valueGradInto(spec: MlpSpec, th: Float64Array, x: Float64Array, y: Float64Array, ws: Float64Array, g: Float64Array): number {
  const lay = layout(spec, x.length / spec.sizes[0]);
  const l = forward(spec, lay, th, x, y, ws);
  backward(spec, lay, th, x, y, ws, g);
  return l;
}

/** @internal The loss only (plain arrays); `ws` as for {@link valueGradInto}. */
export function valueInto(spec: MlpSpec, th: Float64Array, x: Float64Array, y: Float64Array, ws: Float64Array): number {
  return forward(spec, layout(spec, x.length / spec.sizes[0]), th, x, y, ws);
}

/**
 * @internal Exact Hessian-vector product H(θ)·v of the loss into out, given `ws` filled by
 * {@link valueGradInto} at the same θ and x; `scratch` of length ≥ workspaceSizes().scratch.
 */
export function hvpInto(spec: MlpSpec, th: Float64Array, v: Float64Array, x: Float64Array, ws: Float64Array, scratch: Float64Array, out: Float64Array): void {
  hvp(spec, layout(spec, x.length / spec.sizes[0]), th, v, x, ws, scratch, out);
}
