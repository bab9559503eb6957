// The MI-regularized loss: L_A + L_B − λ·I(A; B), with I the mutual information of the soft joint of two models'
// predicted distributions on the same batch, built from differentiable autodiff ops; and a trainer for two networks.
import { fail, fmt } from '../../internal/errors.js';
import { checkInteger, checkNumber, checkOptions, optionNames } from '../../internal/validate.js';
import { longRunning } from '../../internal/long-running.js';
import { add, log, matmul, mul, reshape, sigmoid, softmax, sub, sum } from '../../autodiff/ops.js';
import { check } from '../../autodiff/ops/shape.js';
import { Tensor, noGrad, within, wrap } from '../../autodiff/tensor.js';
import { createRng } from '../../internal/rng.js';
import { lossOf } from '../losses.js';
import type { TaskKind } from '../losses.js';
import { checkModel, checkParams, initParams } from '../model.js';
import type { Model } from '../model.js';
import { adam, checkOptimizer, checkpoint } from '../optimizers.js';
import { Batches, gatherRows, valueAndGrad } from '../train.js';
import type { Optimizer } from '../optimizers.js';
import { toMatrix } from './data.js';
import type { FeatureRows } from './data.js';

const MI_LOSS_INPUTS = optionNames<MiRegularizedLossInputs>()('lossA', 'lossB', 'predsA', 'predsB', 'lambda');

/** Added inside the logarithms: exact (x + 1e-300 = x) for every probability above ~1e-284, finite at 0. */
const TINY = 1e-300;

function checkProbs(fn: string, name: string, p: unknown): Tensor {
  if (!(p instanceof Tensor)) fail('INVALID_ARGUMENT', fn, `${name} must be a Tensor (got ${fmt(p)})`);
  if (p.shape.length !== 2) fail('SHAPE_MISMATCH', fn, `${name} must be 2-D, n × classes (got [${p.shape.join(', ')}])`);
  if (p.size === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
  return p;
}

/**
 * Differentiable mutual information of the soft joint of two predicted distributions on the same n inputs:
 * J = (1/n)·P_Aᵀ·P_B (kA×kB), with row sums r and column sums c,
 * I(A; B) = Σ_ab J_ab ln(J_ab / (r_a c_b)) = Σ J ln J − Σ r ln r − Σ c ln c.
 * It is the value of the core's `taskDependencyFromPredictions` (in nats), written with autodiff ops so that it can be
 * differentiated (to any order) with respect to the probabilities and whatever produced them. 0·ln 0 is 0.
 *
 * Units: nats. Cost: O(n·kA·kB).
 *
 * @param probsA - n×kA tensor, each row a distribution (e.g. a softmax)
 * @param probsB - n×kB tensor on the same n inputs
 * @returns a scalar tensor I(A; B) ≥ 0
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor; `SHAPE_MISMATCH` for non-2-D tensors or different
 *   numbers of rows (batch sizes); `EMPTY_INPUT` for an empty tensor
 * @example
 * ```ts
 * import { tensor, softMutualInformation } from 'infometa';
 * const a = tensor([1, 0, 0, 1, 1, 0, 0, 1], [4, 2]);
 * console.log(softMutualInformation(a, a).item() / Math.LN2); // 1
 * ```
 */
export function softMutualInformation(probsA: Tensor, probsB: Tensor): Tensor {
  const fn = 'softMutualInformation';
  const A = checkProbs(fn, 'probsA', probsA);
  const B = checkProbs(fn, 'probsB', probsB);
  if (A.shape[0] !== B.shape[0]) fail('SHAPE_MISMATCH', fn, `probsA has ${A.shape[0]} rows but probsB has ${B.shape[0]}: predictions must be on the same batch`);
  const n = A.shape[0];
  const J = mul(matmul(A, B, true, false), 1 / n);
  const r = sum(J, 1);
  const c = sum(J, 0);
  const xlogx = (t: Tensor): Tensor => sum(mul(t, log(add(t, TINY))));
  return sub(sub(xlogx(J), xlogx(r)), xlogx(c));
}

/**
 * Soft binning of a regression output into a distribution over m fixed bin centres c₁ < … < c_m, so that a regression
 * head can enter the soft joint of {@link softMutualInformation}: p(b | xᵢ) = softmax_b(−(ŷᵢ − c_b)² / (2h²)), a
 * Gaussian kernel of bandwidth h around each centre. With the default h (the spacing of the centres) a prediction
 * spreads over about three neighbouring bins, so the result is smooth in ŷ.
 *
 * Cost: O(n·m).
 *
 * @param pred - n predictions (shape [n] or [n, 1])
 * @param centres - m ≥ 2 increasing, finite bin centres
 * @param bandwidth - h > 0; default the smallest gap between consecutive centres
 * @returns an n×m tensor whose rows sum to 1
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor; `INVALID_OPTION` for fewer than 2 centres, centres that
 *   are not finite and increasing, or h ≤ 0
 * @example
 * ```ts
 * import { tensor, softBin } from 'infometa';
 * const p = softBin(tensor([0, 1]), [0, 1, 2]);
 * console.log(p.shape, p.toArray().slice(0, 3).map((v) => v.toFixed(3))); // [ 2, 3 ] [ '0.574', '0.348', '0.078' ]
 * ```
 */
export function softBin(pred: Tensor, centres: readonly number[], bandwidth?: number): Tensor {
  const fn = 'softBin';
  check(fn, 'pred', pred);
  if (!Array.isArray(centres) || centres.length < 2) fail('INVALID_OPTION', fn, `centres must be an array of at least 2 numbers (got ${fmt(centres)})`);
  let gap = Infinity;
  for (let b = 0; b < centres.length; b++) {
    if (typeof centres[b] !== 'number' || !Number.isFinite(centres[b])) fail('INVALID_OPTION', fn, `centres[${b}] must be finite (got ${fmt(centres[b])})`);
    if (b > 0) {
      if (!(centres[b] > centres[b - 1])) fail('INVALID_OPTION', fn, `centres must be increasing (centres[${b}] = ${centres[b]} after ${centres[b - 1]})`);
      gap = Math.min(gap, centres[b] - centres[b - 1]);
    }
  }
  const h = checkNumber(fn, 'bandwidth', bandwidth, gap, Number.MIN_VALUE);
  // The kernel is exp(−(x − c)²/(2h²)): refuse what float64 cannot hold instead of returning NaN.
  if (!(2 * h * h > 0) || !Number.isFinite(1 / (2 * h * h))) fail('INVALID_OPTION', fn, `bandwidth ${fmt(h)} is too small: 1/(2h²) is not finite in float64; rescale the targets and centres`);
  const c0 = centres[0], c1 = centres[centres.length - 1];
  for (let i = 0; i < pred.size; i++) {
    const v = pred.data[i];
    const far = Math.max(Math.abs(v - c0), Math.abs(v - c1)) / h;
    if (!Number.isFinite(far * far)) fail('NON_FINITE', fn, `pred[${i}] = ${fmt(v)} is too far from the centres for bandwidth ${fmt(h)} ((x − c)²/h² overflows float64); rescale the predictions`);
  }
  const n = pred.size;
  return within(fn, () => {
    const col = reshape(pred, [n, 1]);
    const d = sub(col, wrap(Float64Array.from(centres), [1, centres.length]));
    return softmax(mul(mul(d, d), -1 / (2 * h * h)), 1);
  });
}

/** Inputs of {@link miRegularizedLoss}. */
export interface MiRegularizedLossInputs {
  /** Scalar loss of task A (e.g. a cross-entropy). */
  lossA: Tensor;
  /** Scalar loss of task B. */
  lossB: Tensor;
  /** n×kA predicted distribution of model A on the batch. */
  predsA: Tensor;
  /** n×kB predicted distribution of model B on the same batch (regression heads: through {@link softBin}). */
  predsB: Tensor;
  /** Weight λ ≥ 0 of the MI reward. */
  lambda: number;
}

/**
 * The MI-regularized joint loss L = L_A + L_B − λ·I(A; B): two models trained together are rewarded for predictions
 * that share information on the same inputs ({@link softMutualInformation}), the way related tasks share structure.
 * With λ = 0 the MI term is left out of the graph, so gradients equal those of independent training bit for bit.
 *
 * Units: those of the losses (nats for cross-entropies; I is in nats). Cost: O(n·kA·kB) on top of the losses.
 *
 * @param inputs - `lossA`, `lossB`, `predsA`, `predsB`, `lambda`
 * @returns the scalar loss tensor, differentiable in everything the inputs depend on
 * @throws InfometaError `INVALID_OPTION` for λ < 0 or non-finite; `INVALID_ARGUMENT` for non-tensors;
 *   `SHAPE_MISMATCH` for losses that are not scalars or predictions on different batch sizes
 * @example
 * ```ts
 * import { tensor, miRegularizedLoss } from 'infometa';
 * const p = tensor([1, 0, 0, 1], [2, 2]);
 * const loss = miRegularizedLoss({ lossA: tensor(0.5), lossB: tensor(0.25), predsA: p, predsB: p, lambda: 1 });
 * console.log(loss.item().toFixed(6)); // 0.056853
 * ```
 */
export function miRegularizedLoss(inputs: MiRegularizedLossInputs): Tensor {
  const fn = 'miRegularizedLoss';
  checkOptions(fn, inputs, MI_LOSS_INPUTS);
  if (inputs === undefined) fail('INVALID_ARGUMENT', fn, 'inputs { lossA, lossB, predsA, predsB, lambda } are required');
  const lambda = checkNumber(fn, 'lambda', inputs.lambda, NaN, 0);
  if (Number.isNaN(lambda)) fail('INVALID_OPTION', fn, 'lambda is required');
  const { lossA, lossB } = inputs;
  for (const [name, l] of [['lossA', lossA], ['lossB', lossB]] as const) {
    if (!(l instanceof Tensor)) fail('INVALID_ARGUMENT', fn, `${name} must be a Tensor (got ${fmt(l)})`);
    if (l.size !== 1) fail('SHAPE_MISMATCH', fn, `${name} must be a scalar (got shape [${l.shape.join(', ')}])`);
  }
  const A = checkProbs(fn, 'predsA', inputs.predsA);
  const B = checkProbs(fn, 'predsB', inputs.predsB);
  if (A.shape[0] !== B.shape[0]) fail('SHAPE_MISMATCH', fn, `predsA has ${A.shape[0]} rows but predsB has ${B.shape[0]}: predictions must be on the same batch`);
  const base = add(reshape(lossA, []), reshape(lossB, []));
  if (lambda === 0) return base;
  return sub(base, mul(softMutualInformation(A, B), lambda));
}

/**
 * What a network of {@link trainMiRegularized} predicts: the `'classification'` and `'regression'` words of the
 * {@link TaskKind} vocabulary.
 */
export type MiTaskKind = Extract<TaskKind, 'classification' | 'regression'>;

/** Training data of {@link trainMiRegularized}: one batch of inputs, the targets of both tasks. */
export interface MiTrainingData {
  /** n feature rows, seen by both networks. */
  x: FeatureRows;
  /** n targets of task A: class indices (classification) or reals (regression). */
  yA: ArrayLike<number>;
  /** n targets of task B. */
  yB: ArrayLike<number>;
}

/** Options of {@link trainMiRegularized}. */
export interface TrainMiOptions {
  /** Weight λ ≥ 0 of the MI reward (required). */
  lambda: number;
  /** Kind of task A (default `'classification'`: softmax cross-entropy, or logistic for a 1-output network). */
  taskA?: MiTaskKind;
  /** Kind of task B (default `'regression'`: ½(y − ŷ)² averaged over the batch). */
  taskB?: MiTaskKind;
  /** Optimizer of network A (default `adam({ lr: 0.01 })`); it keeps its state across calls. */
  optimizerA?: Optimizer;
  /** Optimizer of network B (default `adam({ lr: 0.01 })`). */
  optimizerB?: Optimizer;
  /** Initial parameters of A (copied; default `modelA.init(seed)`). */
  paramsA?: Float64Array;
  /** Initial parameters of B (copied; default `modelB.init(seed + 1)`). */
  paramsB?: Float64Array;
  /** Passes over the data (default 100). */
  epochs?: number;
  /** Mini-batch size, the same batch for both networks (default: full batch). */
  batchSize?: number;
  /** Bin centres of a regression task's soft binning (default 10 centres evenly spaced over the targets' range). */
  centres?: number[];
  /** Bandwidth of the soft binning (default: the spacing of the centres). */
  bandwidth?: number;
  /** Seed of the initial parameters and the mini-batch order (default 0). */
  seed?: number;
  /** Stops training: an `InfometaError` with code `'ABORTED'` is thrown before the next epoch. */
  signal?: AbortSignal;
  /** Called after every epoch with that epoch's mean losses and MI. */
  onProgress?: (progress: MiEpoch) => void;
}

/** One epoch of {@link trainMiRegularized}: mean values over its batches. */
export interface MiEpoch {
  /** Epoch number, from 1. */
  epoch: number;
  /** Joint loss L_A + L_B − λ·I. */
  loss: number;
  /** Loss of task A. */
  lossA: number;
  /** Loss of task B. */
  lossB: number;
  /** I(A; B) of the soft joint (nats). */
  mi: number;
}

/** Result of {@link trainMiRegularized}. */
export interface TrainMiResult {
  /** Trained parameters of network A. */
  paramsA: Float64Array;
  /** Trained parameters of network B. */
  paramsB: Float64Array;
  /** Per-epoch losses and MI. */
  history: MiEpoch[];
}

/**
 * Trains two networks jointly on the MI-regularized loss L_A + L_B − λ·I(A; B) ({@link miRegularizedLoss}): each
 * network has its own optimizer and sees the same batches; the MI term couples them. A classification network
 * predicts softmax(logits) (or [1 − σ, σ] with one output) and is trained with cross-entropy; a regression network
 * predicts one value, trained with ½(y − ŷ)², whose soft binning ({@link softBin}) enters the MI. With λ = 0 the
 * result equals that of training each network alone, bit for bit.
 *
 * Cost per epoch: O(n·(size of A + size of B + kA·kB)).
 *
 * @param modelA - network of task A (inputs d; outputs C ≥ 2 or 1 for classification, 1 for regression)
 * @param modelB - network of task B
 * @param data - `{ x, yA, yB }`
 * @param options - `lambda` (required), `taskA`, `taskB`, `optimizerA`, `optimizerB`, `paramsA`, `paramsB`, `epochs`,
 *   `batchSize`, `centres`, `bandwidth`, `seed`, `signal`, `onProgress`
 * @returns trained parameters of both networks and the per-epoch history
 * @throws InfometaError `INVALID_OPTION` for λ < 0 or a bad option; `SHAPE_MISMATCH` when the rows of x do not match
 *   the networks' input size or the number of targets; `INVALID_LABELS` for class labels outside the network's
 *   outputs; `NON_FINITE` for non-finite data; `ABORTED`; `DIVERGED` for a non-finite loss
 * @example
 * ```ts
 * import { mlp, trainMiRegularized } from 'infometa';
 * const x = [[-2], [-1], [1], [2]];
 * const a = mlp({ sizes: [1, 2] }), b = mlp({ sizes: [1, 1] });
 * const r = trainMiRegularized(a, b, { x, yA: [0, 0, 1, 1], yB: [-2, -1, 1, 2] }, { lambda: 0.1, epochs: 200 });
 * console.log(r.history[199].lossA < r.history[0].lossA, r.history[199].lossB < 0.05); // true true
 * ```
 */
export function trainMiRegularized(modelA: Model, modelB: Model, data: MiTrainingData, options: TrainMiOptions): TrainMiResult {
  const fn = 'trainMiRegularized';
  checkModel(fn, modelA, 'modelA', 'INVALID_ARGUMENT');
  checkModel(fn, modelB, 'modelB', 'INVALID_ARGUMENT');
  checkOptions(fn, options, TRAIN_OPTIONS);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options with lambda are required');
  const lr = longRunning(fn, options);
  const lambda = checkNumber(fn, 'lambda', options.lambda, NaN, 0);
  if (Number.isNaN(lambda)) fail('INVALID_OPTION', fn, 'lambda is required');
  if (data === null || typeof data !== 'object') fail('INVALID_ARGUMENT', fn, `data must be an object { x, yA, yB } (got ${fmt(data)})`);
  const kindA = options.taskA ?? 'classification';
  const kindB = options.taskB ?? 'regression';
  for (const [nm, k] of [['taskA', kindA], ['taskB', kindB]] as const) if (k !== 'classification' && k !== 'regression') fail('INVALID_OPTION', fn, `${nm} must be 'classification' or 'regression' (got ${fmt(k)})`);
  const { X, n, d } = toMatrix(fn, 'data.x', data.x, -1);
  if (d !== modelA.inputSize || d !== modelB.inputSize) fail('SHAPE_MISMATCH', fn, `data.x has ${d} features but the networks take ${modelA.inputSize} and ${modelB.inputSize}`);
  const yA = targets(fn, 'data.yA', data.yA, n, kindA, modelA.outputSize);
  const yB = targets(fn, 'data.yB', data.yB, n, kindB, modelB.outputSize);
  const seed = lr.seed;
  const epochs = checkInteger(fn, 'epochs', options.epochs, 100, 1, 10_000_000);
  const bs = Math.min(n, options.batchSize === undefined ? n : checkInteger(fn, 'batchSize', options.batchSize, n, 1));
  // Both networks' parameters side by side in one vector: one shared training step, each optimizer on its part.
  const PA = modelA.numParams;
  const params = new Float64Array(PA + modelB.numParams);
  const pA = params.subarray(0, PA), pB = params.subarray(PA);
  pA.set(options.paramsA === undefined ? initParams(fn, modelA, seed, 'pytorch') : checkParams(fn, modelA, options.paramsA, 'paramsA'));
  pB.set(options.paramsB === undefined ? initParams(fn, modelB, seed + 1, 'pytorch') : checkParams(fn, modelB, options.paramsB, 'paramsB'));
  const grads = new Float64Array(params.length);
  const gA = grads.subarray(0, PA), gB = grads.subarray(PA);
  const optA = options.optimizerA === undefined ? adam({ lr: 0.01 }) : checkOptimizer(fn, 'optimizerA', options.optimizerA);
  const optB = options.optimizerB === undefined ? adam({ lr: 0.01 }) : checkOptimizer(fn, 'optimizerB', options.optimizerB);
  if (optA === optB) fail('INVALID_OPTION', fn, 'optimizerA and optimizerB must be two optimizers (each keeps the state of its own network)');
  const centres = (kind: MiTaskKind, y: Float64Array): number[] | null => {
    if (kind !== 'regression') return null;
    if (options.centres !== undefined) return options.centres;
    let lo = Infinity, hi = -Infinity;
    for (const v of y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!(hi > lo)) hi = lo + 1;
    return Array.from({ length: 10 }, (_, b) => lo + ((hi - lo) * b) / 9);
  };
  const cA = centres(kindA, yA), cB = centres(kindB, yB);
  // Validates centres and bandwidth (under this function's name).
  within(fn, () => {
    if (cA !== null) softBin(wrap(new Float64Array(1), [1]), cA, options.bandwidth);
    if (cB !== null) softBin(wrap(new Float64Array(1), [1]), cB, options.bandwidth);
  });
  const batches = new Batches(createRng(seed + 2), [n], bs, false);
  const segments = [{ model: modelA, offset: 0 }, { model: modelB, offset: PA }];
  const history: MiEpoch[] = [];
  // A failed or aborted run returns nothing, so the caller's optimizers are put back as they were: they never run
  // ahead of parameters the caller does not have.
  const restoreA = checkpoint(optA), restoreB = checkpoint(optB);
  try {
    within(fn, () => train());
  } catch (e) {
    restoreA();
    restoreB();
    throw e;
  }
  return { paramsA: pA.slice(), paramsB: pB.slice(), history };

  function train(): void {
  for (let epoch = 1; epoch <= epochs; epoch++) {
    lr.throwIfAborted();
    batches.shuffle();
    const acc = { loss: 0, lossA: 0, lossB: 0, mi: 0 };
    for (let s = 0; s < batches.steps; s++) {
      const idx = batches.batch(0, s);
      const m = idx.length;
      const xt = wrap(gatherRows(X, d, idx), [m, d]);
      const ya = Float64Array.from(idx, (i) => yA[i]);
      const yb = Float64Array.from(idx, (i) => yB[i]);
      const parts = { lossA: 0, lossB: 0, mi: 0 };
      const loss = valueAndGrad(params, segments, ([tA, tB]) => {
        const [lossA, probsA] = headLoss(kindA, modelA.forward(tA, xt), ya, cA, options.bandwidth);
        const [lossB, probsB] = headLoss(kindB, modelB.forward(tB, xt), yb, cB, options.bandwidth);
        parts.lossA = lossA.item();
        parts.lossB = lossB.item();
        parts.mi = noGrad(() => softMutualInformation(probsA, probsB).item());
        return miRegularizedLoss({ lossA, lossB, predsA: probsA, predsB: probsB, lambda });
      }, grads);
      if (!Number.isFinite(loss)) fail('DIVERGED', fn, `the loss became ${fmt(loss)} at epoch ${epoch}`);
      optA.step(pA, gA);
      optB.step(pB, gB);
      acc.loss += loss / batches.steps;
      acc.lossA += parts.lossA / batches.steps;
      acc.lossB += parts.lossB / batches.steps;
      acc.mi += parts.mi / batches.steps;
    }
    const e: MiEpoch = { epoch, ...acc };
    history.push(e);
    lr.onProgress?.(e);
  }
  }
}

const TRAIN_OPTIONS = optionNames<TrainMiOptions>()('lambda', 'taskA', 'taskB', 'optimizerA', 'optimizerB', 'paramsA', 'paramsB', 'epochs', 'batchSize', 'centres', 'bandwidth', 'seed', 'signal', 'onProgress');

function targets(fn: string, name: string, y: unknown, n: number, kind: MiTaskKind, outputs: number): Float64Array {
  if (y === null || typeof y !== 'object' || typeof (y as ArrayLike<number>).length !== 'number') fail('INVALID_ARGUMENT', fn, `${name} must be an array of numbers (got ${fmt(y)})`);
  const a = y as ArrayLike<unknown>;
  if (a.length !== n) fail('SHAPE_MISMATCH', fn, `${name} has ${a.length} targets but data.x has ${n} rows`);
  if (kind === 'regression' && outputs !== 1) fail('SHAPE_MISMATCH', fn, `a regression network must have 1 output (got ${outputs})`);
  const classes = outputs === 1 ? 2 : outputs;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail('NON_FINITE', fn, `${name}[${i}] must be a finite number (got ${fmt(v)})`);
    if (kind === 'classification' && (!Number.isInteger(v) || v < 0 || v >= classes)) fail('INVALID_LABELS', fn, `${name}[${i}] must be a class in [0, ${classes - 1}] (got ${fmt(v)})`);
    out[i] = v;
  }
  return out;
}

/** Loss and predicted distribution of one head on a batch. */
function headLoss(kind: MiTaskKind, out: Tensor, y: Float64Array, centres: number[] | null, bandwidth: number | undefined): [Tensor, Tensor] {
  const m = y.length;
  const loss = lossOf(kind);
  if (kind === 'regression') {
    // ½ · the mean squared error.
    return [mul(loss.graph(out, y, wrap(y, [m, 1])), 0.5), softBin(out, centres as number[], bandwidth)];
  }
  if (out.shape[1] === 1) {
    // Logistic: loss = mean softplus(z) − y·z, written through the two-class softmax [0, z] for the distribution.
    const z = reshape(out, [m, 1]);
    const p1 = sigmoid(z);
    const probs = add(mul(p1, wrap(Float64Array.of(-1, 1), [1, 2])), wrap(Float64Array.of(1, 0), [1, 2]));
    const logits = mul(z, wrap(Float64Array.of(0, 1), [1, 2]));
    return [loss.graph(logits, y, wrap(y, [m])), probs];
  }
  return [loss.graph(out, y, wrap(y, [m])), softmax(out, 1)];
}
