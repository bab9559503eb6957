import { fail, fmt } from '../internal/errors.js';
import { checkChoice, checkNumber, checkOptions } from '../internal/validate.js';
import { add, gather, logSoftmax, mean, mul, neg, reshape, softplus, sub, sum } from '../autodiff/ops.js';
import { huberT } from '../autodiff/ops.js';
import { Tensor } from '../autodiff/tensor.js';

/** How a loss combines per-element (or per-sample) values: their `mean` (default), their `sum`, or `none`. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options shared by the losses. */
export interface LossOptions {
  /** `'mean'` (default), `'sum'` or `'none'` (the unreduced per-element or per-sample tensor). */
  reduction?: Reduction;
}

/** Options of {@link huberLoss}. */
export interface HuberOptions extends LossOptions {
  /** Threshold δ > 0 between the quadratic and the linear part (default 1). */
  delta?: number;
}

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

function reduce(fn: string, x: Tensor, options: LossOptions | undefined): Tensor {
  checkOptions(fn, options);
  const r = checkChoice(fn, 'reduction', options?.reduction, REDUCTIONS, 'mean');
  if (r === 'none') return x;
  return r === 'sum' ? sum(x) : mean(x);
}

function pair(fn: string, a: unknown, b: unknown, an: string, bn: string): [Tensor, Tensor] {
  if (!(a instanceof Tensor)) fail('INVALID_ARGUMENT', fn, `${an} must be a Tensor (got ${fmt(a)})`);
  if (!(b instanceof Tensor)) fail('INVALID_ARGUMENT', fn, `${bn} must be a Tensor (got ${fmt(b)})`);
  if (a.size !== b.size) fail('SHAPE_MISMATCH', fn, `${an} has ${a.size} elements but ${bn} has ${b.size}`);
  if (a.size === 0) fail('EMPTY_INPUT', fn, `${an} is empty`);
  return [a, b];
}

/**
 * Mean squared error ℓ = mean((pred − target)²) (or the sum, or per element). Differentiable in both arguments to
 * any order.
 *
 * Units: squared units of the target. Cost: O(n).
 *
 * @param pred - predictions
 * @param target - targets, same number of elements (and shape) as `pred`
 * @param options - `reduction`
 * @returns the loss (a scalar unless `reduction: 'none'`)
 * @throws InfometaError `SHAPE_MISMATCH` for different sizes; `EMPTY_INPUT` for empty tensors; `INVALID_OPTION`
 *   for an unknown reduction
 * @example
 * ```ts
 * import { tensor, mseLoss } from 'infometa';
 * console.log(mseLoss(tensor([1, 2]), tensor([0, 4])).item()); // 2.5
 * ```
 */
export function mseLoss(pred: Tensor, target: Tensor, options?: LossOptions): Tensor {
  const fn = 'mseLoss';
  const [p, t] = pair(fn, pred, target, 'pred', 'target');
  const d = sub(p, reshapeLike(t, p));
  return reduce(fn, mul(d, d), options);
}

function reshapeLike(t: Tensor, p: Tensor): Tensor {
  return sameShape(t.shape, p.shape) ? t : reshape(t, p.shape);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Huber loss of the residual d = pred − target: ½d² for |d| ≤ δ and δ(|d| − ½δ) beyond, averaged (or summed).
 * Matches `torch.nn.functional.huber_loss`.
 *
 * Cost: O(n).
 *
 * @param pred - predictions
 * @param target - targets, same size as `pred`
 * @param options - `delta` (default 1), `reduction`
 * @returns the loss
 * @throws InfometaError as {@link mseLoss}; `INVALID_OPTION` for δ ≤ 0
 * @example
 * ```ts
 * import { tensor, huberLoss } from 'infometa';
 * console.log(huberLoss(tensor([0, 0]), tensor([0.5, 3])).item()); // 1.3125
 * ```
 */
export function huberLoss(pred: Tensor, target: Tensor, options?: HuberOptions): Tensor {
  const fn = 'huberLoss';
  checkOptions(fn, options);
  const delta = checkNumber(fn, 'delta', options?.delta, 1, Number.MIN_VALUE);
  const [p, t] = pair(fn, pred, target, 'pred', 'target');
  const d = sub(p, reshapeLike(t, p));
  return reduce(fn, huberT(d, delta), options);
}

/**
 * Softmax cross-entropy from logits, ℓᵢ = logsumexp(zᵢ) − z_{i,yᵢ} for integer labels, or −Σⱼ t_{ij} log softmax(zᵢ)ⱼ
 * for a one-hot (or probability) target tensor; averaged over samples by default. Computed with a stable
 * log-softmax, so large logits never overflow. Matches `torch.nn.functional.cross_entropy`.
 *
 * Units: nats. Cost: O(m·n).
 *
 * @param logits - m×n scores (one row per sample)
 * @param labels - m integer labels in [0, n), or an m×n target tensor
 * @param options - `reduction` (`'none'` gives the m per-sample losses)
 * @returns the loss
 * @throws InfometaError `SHAPE_MISMATCH` for a non-2-D `logits` or a label count / target shape that differs;
 *   `INVALID_LABELS` for a label out of range; `INVALID_OPTION` for an unknown reduction
 * @example
 * ```ts
 * import { tensor, softmaxCrossEntropy } from 'infometa';
 * console.log(softmaxCrossEntropy(tensor([0, 0], [1, 2]), [1]).item().toFixed(4)); // 0.6931
 * ```
 */
export function softmaxCrossEntropy(logits: Tensor, labels: ArrayLike<number> | Tensor, options?: LossOptions): Tensor {
  const fn = 'softmaxCrossEntropy';
  if (!(logits instanceof Tensor)) fail('INVALID_ARGUMENT', fn, `logits must be a Tensor (got ${fmt(logits)})`);
  if (logits.shape.length !== 2) fail('SHAPE_MISMATCH', fn, `logits must be 2-D, one row per sample (got [${logits.shape.join(', ')}])`);
  if (logits.size === 0) fail('EMPTY_INPUT', fn, 'logits is empty');
  const lsm = logSoftmax(logits, 1);
  let per: Tensor;
  if (labels instanceof Tensor) {
    if (labels.size !== logits.size) fail('SHAPE_MISMATCH', fn, `target has ${labels.size} elements but logits has ${logits.size}`);
    per = reshape(neg(sum(mul(lsm, reshapeLike(labels, logits)), 1)), [logits.shape[0]]);
  } else {
    per = neg(gather(lsm, labels));
  }
  return reduce(fn, per, options);
}

/**
 * Binary cross-entropy from logits, ℓ = softplus(z) − t·z = −t log σ(z) − (1 − t) log(1 − σ(z)), computed without
 * overflow. Matches `torch.nn.functional.binary_cross_entropy_with_logits`.
 *
 * Units: nats. Cost: O(n).
 *
 * @param logits - scores z
 * @param targets - targets t in [0, 1], same size
 * @param options - `reduction`
 * @returns the loss
 * @throws InfometaError as {@link mseLoss}
 * @example
 * ```ts
 * import { tensor, binaryCrossEntropy } from 'infometa';
 * console.log(binaryCrossEntropy(tensor([0]), tensor([1])).item().toFixed(4)); // 0.6931
 * ```
 */
export function binaryCrossEntropy(logits: Tensor, targets: Tensor, options?: LossOptions): Tensor {
  const fn = 'binaryCrossEntropy';
  const [z, t] = pair(fn, logits, targets, 'logits', 'targets');
  const tt = reshapeLike(t, z);
  return reduce(fn, add(softplus(z), neg(mul(tt, z))), options);
}
