// MAML (Finn, Abbeel & Levine 2017) with its options: first-order (FOMAML), Meta-SGD's learned per-parameter rates
// (Li et al. 2017), ANIL's head-only inner loop (Raghu et al. 2020), and the proximal inner loop of iMAML
// (Rajeswaran et al. 2019). One task's meta-gradient, on the model's fast path when it has one, else on the tape.
import { grad } from '../../autodiff/grad.js';
import { add, mul, sub } from '../../autodiff/ops.js';
import { Tensor, noGrad, tidy } from '../../autodiff/tensor.js';
import { scatterGrads } from '../train.js';
import type { MetaLearner } from './base.js';
import { buildLearner } from './build.js';
import type { LearnerOptions, Prepared } from './types.js';

/**
 * @internal One task's meta-gradient, scaled by w, added into out; returns the post-adaptation query loss. With
 * φ₀ = θ and φ_{k+1} = φ_k − a ⊙ M(∇ℓ_s(φ_k) + λ(φ_k − θ)) (a = α or the learned rates, M the adapted range, λ the
 * proximal weight), the gradient of ℓ_q(φ_S) with respect to θ (and a).
 */
export function mamlTaskGradient(l: MetaLearner, fn: string, meta: Float64Array, s: Prepared, q: Prepared, out: Float64Array, w: number): number {
  if (s.fast !== undefined && q.fast !== undefined) return fused(l, meta, s, q, out, w);
  return tape(l, fn, meta, s, q, out, w);
}

/**
 * The backward pass through the inner loop written out on the fast path: with v = ∇ℓ_q(φ_S), for k = S−1 … 0:
 * ∂a −= M(g_k + λ(φ_k − θ)) ⊙ v (Meta-SGD); u = a ⊙ Mv; v ← v − H_s(φ_k)·u − λu and ∂θ += λu (omitted when first
 * order). The same numbers as the tape (tests compare both) without building a graph or allocating.
 */
function fused(l: MetaLearner, meta: Float64Array, s: Prepared, q: Prepared, out: Float64Array, w: number): number {
  const fs = s.fast as NonNullable<Prepared['fast']>;
  const P = l.model.numParams;
  const S = l.innerSteps;
  const { start, end } = l.adapted(s);
  const alpha = l.kind === 'metaSgd' ? meta.subarray(P) : null;
  const lr = l.innerLr, lam = l.proximal;
  const theta = meta.subarray(0, P);
  const bs = l.buffers(fs, s.n, S);
  // The buffers may be sized for a larger batch: the kernels read the batch size from x's length, so x is the prefix.
  const xs = bs.xs.subarray(0, s.x.data.length), ys = s.y;
  xs.set(s.x.data);
  bs.fast[0].set(theta);
  for (let k = 0; k < S; k++) {
    const f = bs.fast[k], g = bs.g[k], nf = bs.fast[k + 1];
    fs.valueGrad(f, xs, ys, bs.ws[k], g);
    if (lam !== 0) for (let i = start; i < end; i++) g[i] += lam * (f[i] - theta[i]);
    for (let i = 0; i < start; i++) nf[i] = f[i];
    for (let i = end; i < P; i++) nf[i] = f[i];
    if (alpha === null) for (let i = start; i < end; i++) nf[i] = f[i] - lr * g[i];
    else for (let i = start; i < end; i++) nf[i] = f[i] - alpha[i] * g[i];
  }
  const fq = q.fast as NonNullable<Prepared['fast']>;
  const bq = l.buffers(fq, q.n, 1);
  const v = bs.v, u = bs.u, hv = bs.hv, dt = bs.dt;
  const xq = bq.xq.subarray(0, q.x.data.length);
  xq.set(q.x.data);
  const lq = fq.valueGrad(bs.fast[S], xq, q.y, bq.wsQuery, v);
  if (lam !== 0) dt.fill(0);
  for (let k = S - 1; k >= 0; k--) {
    const g = bs.g[k];
    if (alpha !== null) for (let i = start; i < end; i++) out[P + i] -= w * g[i] * v[i];
    if (l.firstOrder) continue;
    for (let i = 0; i < start; i++) u[i] = 0;
    for (let i = end; i < P; i++) u[i] = 0;
    if (alpha === null) for (let i = start; i < end; i++) u[i] = lr * v[i];
    else for (let i = start; i < end; i++) u[i] = alpha[i] * v[i];
    fs.hvp(bs.fast[k], u, xs, bs.ws[k], bs.scratch, hv);
    for (let i = 0; i < P; i++) v[i] -= hv[i];
    if (lam !== 0) {
      for (let i = start; i < end; i++) {
        v[i] -= lam * u[i];
        dt[i] += lam * u[i];
      }
    }
  }
  if (lam !== 0 && !l.firstOrder) for (let i = 0; i < P; i++) v[i] += dt[i];
  for (let i = 0; i < P; i++) out[i] += w * v[i];
  return lq;
}

/** The same meta-gradient on the autodiff tape (any model): the inner loop is built as a graph and differentiated. */
function tape(l: MetaLearner, fn: string, meta: Float64Array, s: Prepared, q: Prepared, out: Float64Array, w: number): number {
  const model = l.model;
  const P = model.numParams;
  const blocks = model.blocks;
  const { start, end } = l.adapted(s);
  const moved = blocks.map((_, b) => b).filter((b) => blocks[b].offset >= start && blocks[b].offset < end);
  const createGraph = !l.firstOrder;
  const lam = l.proximal;
  return tidy(() => {
    const theta = model.split(meta.subarray(0, P), true);
    const alpha = l.kind === 'metaSgd' ? model.split(meta.subarray(P), true) : null;
    const fast = theta.slice();
    for (let k = 0; k < l.innerSteps; k++) {
      const gs = grad(l.lossGraph(fn, fast, s), moved.map((b) => fast[b]), { createGraph });
      moved.forEach((b, j) => {
        let g: Tensor = gs[j];
        if (lam !== 0) {
          // First order treats the whole inner update as a constant, the proximal pull included.
          const pull = (): Tensor => mul(sub(fast[b], theta[b]), lam);
          g = add(g, createGraph ? pull() : noGrad(pull));
        }
        fast[b] = sub(fast[b], alpha === null ? mul(g, l.innerLr) : mul(alpha[b], g));
      });
    }
    const Lq = l.lossGraph(fn, fast, q);
    const gq = grad(Lq, alpha === null ? theta : theta.concat(alpha));
    scatterGrads(out, 0, blocks, gq, w);
    if (alpha !== null) scatterGrads(out, P, blocks, gq.slice(blocks.length), w);
    return Lq.item();
  });
}

/**
 * Model-Agnostic Meta-Learning (Finn, Abbeel & Levine 2017): learns an initialisation θ such that a few gradient
 * steps θ' = θ − α∇ℓ_support(θ) give a low query loss. The meta-gradient is exact (it differentiates through the
 * inner gradient, Hessian terms included) unless `firstOrder` (FOMAML), which uses ∇ℓ_query(θ'). Works with any
 * {@link Model}: an {@link Mlp} runs on its fused fast path, other models on the autodiff tape, with the same
 * results. `regularization` adds λ·R(θ) to the outer objective; `proximal` makes the inner loop iMAML's regularized
 * adaptation.
 *
 * Cost: see {@link MetaLearner.metaGradient}.
 *
 * @param options - `model`, `innerLr` (0.01), `innerSteps` (1), `firstOrder` (false), `loss` ('mse'), `params`,
 *   `seed`, `init`, `regularization`, `proximal`
 * @returns a {@link MetaLearner}
 * @throws InfometaError `INVALID_OPTION` for innerLr ≤ 0, innerSteps < 1, a missing or malformed model, an unknown
 *   loss, or a negative or non-finite regularization or proximal weight; `SHAPE_MISMATCH` / `NON_FINITE` for bad
 *   `params`
 * @example
 * ```ts
 * import { maml, mlp } from 'infometa';
 * const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01, innerSteps: 1 });
 * console.log(learner.params.length); // 1761
 * ```
 */
export function maml(options: LearnerOptions): MetaLearner {
  return buildLearner('maml', 'maml', options);
}

/**
 * Meta-SGD (Li, Zhou, Chen & Li 2017): MAML with a learned learning rate per parameter, θ' = θ − α ⊙ ∇ℓ_support(θ);
 * θ and α are meta-trained together (meta-parameters = θ followed by α, α initialised to `innerLr`). With α frozen
 * at a constant, its θ-gradient equals MAML's.
 *
 * Cost: as {@link maml}, with twice the meta-parameters.
 *
 * @param options - as {@link maml}
 * @returns a {@link MetaLearner}
 * @throws InfometaError as {@link maml}
 * @example
 * ```ts
 * import { metaSgd, mlp } from 'infometa';
 * const learner = metaSgd({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01 });
 * console.log(learner.params.length); // 3522
 * ```
 */
export function metaSgd(options: LearnerOptions): MetaLearner {
  return buildLearner('metaSgd', 'metaSgd', options);
}

/**
 * ANIL, "almost no inner loop" (Raghu, Raghu, Bengio & Vinyals 2020): MAML where the inner loop adapts only the
 * model's head (`model.head`, the last layer; for a multi-head model the head of the task's kind); the body is
 * meta-learned through the head's adaptation.
 *
 * Cost: less than {@link maml}: the inner gradient stops at the head.
 *
 * @param options - as {@link maml}
 * @returns a {@link MetaLearner}
 * @throws InfometaError as {@link maml}
 * @example
 * ```ts
 * import { anil, mlp } from 'infometa';
 * console.log(anil({ model: mlp({ sizes: [1, 40, 40, 1] }) }).kind); // anil
 * ```
 */
export function anil(options: LearnerOptions): MetaLearner {
  return buildLearner('anil', 'anil', options);
}
