import { fail, fmt, fmtAt } from '../internal/errors.js';
import { checkChoice, checkNumber, checkOptions, isNumericArray, optionNames } from '../internal/validate.js';
import { add, gather, logSoftmax, mean, mul, neg, reshape, softplus, sub, sum } from '../autodiff/ops.js';
import { huberT } from '../autodiff/ops.js';
import { BCE_KERNELS, CE_KERNELS, HUBER_KERNELS, MSE_KERNELS } from '../autodiff/loss-kernels.js';
import type { LossKernels } from '../autodiff/loss-kernels.js';
import { check } from '../autodiff/ops/shape.js';
import { Tensor, finiteResult, within } from '../autodiff/tensor.js';

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
const LOSS_OPTIONS = optionNames<LossOptions>()('reduction');
const HUBER_OPTIONS = optionNames<HuberOptions>()('reduction', 'delta');

function reduce(fn: string, x: Tensor, options: LossOptions | undefined, known = LOSS_OPTIONS): Tensor {
  checkOptions(fn, options, known);
  const r = checkChoice(fn, 'reduction', options?.reduction, REDUCTIONS, 'mean');
  if (r === 'none') return x;
  return r === 'sum' ? sum(x) : mean(x);
}

function pair(fn: string, x: unknown, y: unknown, an: string, bn: string): [Tensor, Tensor] {
  const a = check(fn, an, x);
  const b = check(fn, bn, y);
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
 *   for an unknown reduction; `INVALID_ARGUMENT` for a non-tensor or a tensor released by `tidy`; `NON_FINITE` when
 *   the loss overflows float64 (residuals near 1e154 and beyond)
 * @example
 * ```ts
 * import { tensor, mseLoss } from 'infometa';
 * console.log(mseLoss(tensor([1, 2]), tensor([0, 4])).item()); // 2.5
 * ```
 */
export function mseLoss(pred: Tensor, target: Tensor, options?: LossOptions): Tensor {
  const fn = 'mseLoss';
  const [p, t] = pair(fn, pred, target, 'pred', 'target');
  checkOptions(fn, options, LOSS_OPTIONS);
  return finiteResult(fn, within(fn, () => {
    const d = sub(p, reshapeLike(t, p));
    return reduce(fn, mul(d, d), options);
  }));
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
  checkOptions(fn, options, HUBER_OPTIONS);
  const delta = checkNumber(fn, 'delta', options?.delta, 1, Number.MIN_VALUE);
  const [p, t] = pair(fn, pred, target, 'pred', 'target');
  return finiteResult(fn, within(fn, () => reduce(fn, huberT(sub(p, reshapeLike(t, p)), delta), options, HUBER_OPTIONS)));
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
 *   `INVALID_LABELS` for a label that is not an integer in range; `INVALID_OPTION` for an unknown reduction;
 *   `INVALID_ARGUMENT` for a non-tensor or a tensor released by `tidy`; `NON_FINITE` when the loss overflows
 * @example
 * ```ts
 * import { tensor, softmaxCrossEntropy } from 'infometa';
 * console.log(softmaxCrossEntropy(tensor([0, 0], [1, 2]), [1]).item().toFixed(4)); // 0.6931
 * ```
 */
export function softmaxCrossEntropy(logits: Tensor, labels: ArrayLike<number> | Tensor, options?: LossOptions): Tensor {
  const fn = 'softmaxCrossEntropy';
  check(fn, 'logits', logits);
  if (logits.shape.length !== 2) fail('SHAPE_MISMATCH', fn, `logits must be 2-D, one row per sample (got [${logits.shape.join(', ')}])`);
  if (logits.size === 0) fail('EMPTY_INPUT', fn, 'logits is empty');
  const [n, k] = logits.shape;
  if (labels instanceof Tensor) {
    check(fn, 'labels', labels);
    if (labels.size !== logits.size) fail('SHAPE_MISMATCH', fn, `labels (a target distribution) has ${labels.size} elements but logits has ${logits.size}`);
  } else {
    if (!isNumericArray(labels)) fail('INVALID_ARGUMENT', fn, `labels must be an array of class indices or a Tensor of target distributions (got ${fmt(labels)})`);
    if (labels.length !== n) fail('SHAPE_MISMATCH', fn, `labels has length ${labels.length} but logits has ${n} rows`);
    for (let i = 0; i < n; i++) {
      const v: unknown = labels[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= k) fail('INVALID_LABELS', fn, `labels[${i}] must be a class index, an integer in [0, ${k - 1}] (got ${fmtAt(labels, i)})`);
    }
  }
  checkOptions(fn, options, LOSS_OPTIONS);
  return finiteResult(fn, within(fn, () => {
    const lsm = logSoftmax(logits, 1);
    const per = labels instanceof Tensor ? reshape(neg(sum(mul(lsm, reshapeLike(labels, logits)), 1)), [n]) : neg(gather(lsm, labels));
    return reduce(fn, per, options);
  }));
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
  checkOptions(fn, options, LOSS_OPTIONS);
  return finiteResult(fn, within(fn, () => reduce(fn, add(softplus(z), neg(mul(reshapeLike(t, z), z))), options)));
}

// ---------------------------------------------------------------------------------------------------------------
// Losses as data: one record per loss, and the one vocabulary of task kinds that every dispatcher reads.

/**
 * A task loss by name: `'mse'`, `'huber'` (δ = 1), `'binaryCrossEntropy'` (from logits, targets in [0, 1]) or
 * `'softmaxCrossEntropy'` (from logits, one integer label per sample).
 */
export type LossName = 'mse' | 'huber' | 'binaryCrossEntropy' | 'softmaxCrossEntropy';

/**
 * The one vocabulary of what a task predicts, shared by the meta-learners, the multi-task models and
 * {@link trainMiRegularized}: a loss name, or a kind that names its loss — `'regression'` (mean squared error),
 * `'binary'` (binary cross-entropy on 0/1 labels), `'multiclass'` and `'classification'` (softmax cross-entropy on
 * class indices).
 */
export type TaskKind = LossName | 'regression' | 'binary' | 'multiclass' | 'classification';

/** What the targets `y` of a task hold. */
export type TargetKind = 'real' | 'probability' | 'binary' | 'class';

/** @internal One loss: its graph form, its fused kernels and the targets it accepts. */
export interface LossRecord {
  /** Loss name. */
  readonly name: LossName;
  /** Value, gradient and Hessian-vector kernels on the model's outputs (the fast paths). */
  readonly kernels: LossKernels;
  /** Whether `y` holds one class index per row (else one target per output). */
  readonly classes: boolean;
  /** The mean loss of `pred` (n × outputs) against the targets, built from differentiable ops. */
  graph(pred: Tensor, y: Float64Array, yt: Tensor): Tensor;
}

const LOSS_RECORDS: Record<LossName, LossRecord> = {
  mse: { name: 'mse', kernels: MSE_KERNELS, classes: false, graph: (pred, _y, yt) => mseLoss(pred, yt) },
  huber: { name: 'huber', kernels: HUBER_KERNELS, classes: false, graph: (pred, _y, yt) => huberLoss(pred, yt) },
  binaryCrossEntropy: { name: 'binaryCrossEntropy', kernels: BCE_KERNELS, classes: false, graph: (pred, _y, yt) => binaryCrossEntropy(pred, yt) },
  softmaxCrossEntropy: { name: 'softmaxCrossEntropy', kernels: CE_KERNELS, classes: true, graph: (pred, y) => softmaxCrossEntropy(pred, y) },
};

/** Each word of the vocabulary: its loss and what its targets hold. */
const KINDS: Record<TaskKind, { loss: LossName; targets: TargetKind }> = {
  mse: { loss: 'mse', targets: 'real' },
  regression: { loss: 'mse', targets: 'real' },
  huber: { loss: 'huber', targets: 'real' },
  binaryCrossEntropy: { loss: 'binaryCrossEntropy', targets: 'probability' },
  binary: { loss: 'binaryCrossEntropy', targets: 'binary' },
  softmaxCrossEntropy: { loss: 'softmaxCrossEntropy', targets: 'class' },
  multiclass: { loss: 'softmaxCrossEntropy', targets: 'class' },
  classification: { loss: 'softmaxCrossEntropy', targets: 'class' },
};

/** @internal Every loss name. */
export const LOSS_NAMES = Object.keys(LOSS_RECORDS) as readonly LossName[];
/** @internal Every word of the task-kind vocabulary. */
export const TASK_KINDS = Object.keys(KINDS) as readonly TaskKind[];

/** @internal Whether `v` is a word of the vocabulary. */
export function isTaskKind(v: unknown): v is TaskKind {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(KINDS, v);
}

/** @internal The loss record of a kind (or loss name) of the vocabulary. */
export function lossOf(kind: TaskKind): LossRecord {
  return LOSS_RECORDS[KINDS[kind].loss];
}

/** @internal What the targets of a kind hold. */
export function targetsOf(kind: TaskKind): TargetKind {
  return KINDS[kind].targets;
}

/**
 * @internal Checks targets (already finite) against what the kind accepts, for a model with `outputs` outputs;
 * `where` names the array in the message (e.g. `support.y`).
 */
export function checkTargets(fn: string, where: string, y: Float64Array, kind: TaskKind, outputs: number): void {
  const t = KINDS[kind].targets;
  if (t === 'real') return;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (t === 'class' && (!Number.isInteger(v) || v < 0 || v >= outputs)) fail('INVALID_LABELS', fn, `${where}[${i}] must be a class index, an integer in [0, ${outputs - 1}] (got ${fmt(v)})`);
    if (t === 'binary' && v !== 0 && v !== 1) fail('INVALID_LABELS', fn, `${where}[${i}] must be 0 or 1 for a binary task (got ${fmt(v)})`);
    if (t === 'probability' && !(v >= 0 && v <= 1)) fail('INVALID_LABELS', fn, `${where}[${i}] must be a probability in [0, 1] for binaryCrossEntropy (got ${fmt(v)})`);
  }
}
