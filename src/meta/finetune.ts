// Fine-tuning any model from trained parameters: optionally a new output layer, named blocks frozen bit for bit, the
// rest trained by mini-batch gradient steps on the task's loss, with optional Gaussian input noise.
import { fail, fmt } from '../internal/errors.js';
import { createRng } from '../internal/rng.js';
import { LONG_RUNNING_OPTIONS, longRunning } from '../internal/long-running.js';
import { checkInteger, checkNumber, checkOptions, isNumericArray } from '../internal/validate.js';
import { wrap } from '../autodiff/tensor.js';
import { TASK_KINDS, checkTargets, lossOf } from './losses.js';
import type { TaskKind } from './losses.js';
import { blockSize, checkModel, checkOutput, checkParams, initParams, selectBlocks, toRows, withApply } from './model.js';
import type { ApplyModel, Model } from './model.js';
import { adam } from './optimizers.js';
import type { Optimizer } from './optimizers.js';
import type { TaskData } from './tasks.js';
import { Batches, gatherRows, valueAndGrad } from './train.js';

/** Options of {@link fineTune}. */
export interface FineTuneModelOptions {
  /** Task loss, or a task kind that names one (default `'mse'`). */
  loss?: TaskKind;
  /**
   * Replace the output layer (the model's `head`) by a freshly initialised one with this many outputs (needs
   * `model.withOutputSize`, which {@link Mlp} and {@link sequential} models have).
   */
  outputSize?: number;
  /** Block or layer names to keep exactly as they are, e.g. `['layer0', 'layer1']` (see {@link ParamBlock.name}). */
  freeze?: readonly string[];
  /** Standard deviation of Gaussian noise added to the inputs of every batch (augmentation; default 0). */
  noise?: number;
  /** Passes over the data (default 100). */
  epochs?: number;
  /** Rows per batch (default all). */
  batchSize?: number;
  /** Optimizer of the trained parameters (default `adam({ lr: 1e-3 })`). */
  optimizer?: Optimizer;
  /** Seed of the new output layer, the batch order and the noise: an integer (default 0). */
  seed?: number;
  /** Stops training: an `InfometaError` with code `'ABORTED'` is thrown before the next epoch (inputs untouched). */
  signal?: AbortSignal;
  /** Called after every epoch with its number and mean loss. */
  onProgress?: (progress: { epoch: number; epochs: number; loss: number }) => void;
}

const OPTIONS: readonly string[] = ['loss', 'outputSize', 'freeze', 'noise', 'epochs', 'batchSize', 'optimizer', ...LONG_RUNNING_OPTIONS];

/** What {@link fineTune} returns. */
export interface FineTuneModelResult {
  /** The model (with its new output layer when `outputSize` was given). */
  model: ApplyModel;
  /** The fine-tuned parameters (a new vector; the input parameters are not modified). */
  params: Float64Array;
  /** Names of the frozen blocks. */
  frozen: string[];
  /** Mean training loss of each epoch. */
  losses: Float64Array;
}

/**
 * Fine-tunes any {@link Model} on one task from trained parameters: with `outputSize`, the output layer is replaced by
 * a new one (every other block keeps its trained values); the blocks named in `freeze` stay bit-for-bit unchanged;
 * the remaining parameters take mini-batch steps of `optimizer` on the task's loss, optionally with Gaussian noise
 * of standard deviation `noise` added to the inputs of each batch. Uses the model's fast path when it has one.
 *
 * Cost: `epochs` × (forward + backward on all rows).
 *
 * @param model - the trained model
 * @param params - its trained parameters (not modified)
 * @param data - the task's rows `{ x, y }` (row-major; `y` class indices for softmax cross-entropy)
 * @param options - `loss`, `outputSize`, `freeze`, `noise`, `epochs`, `batchSize`, `optimizer`, `seed`, `signal`,
 *   `onProgress`
 * @returns the model, the new parameters, the frozen block names and the loss curve
 * @throws InfometaError `INVALID_OPTION` for a malformed model, a block name that does not exist, a model that
 *   cannot replace its output layer, an unknown option name, or bad options; `SHAPE_MISMATCH` / `NON_FINITE` for wrong-length or non-finite
 *   params or data that do not fit; `INVALID_LABELS` for targets the loss does not accept; `ABORTED`; `DIVERGED`
 * @example
 * ```ts
 * import { fineTune, mlp } from 'infometa';
 * const net = mlp({ sizes: [2, 8, 3] });
 * const trained = net.init(1);
 * const data = { x: [0, 1, 1, 0, 1, 1, 0, 0], y: [0, 1, 1, 0] };
 * const r = fineTune(net, trained, data, { loss: 'classification', outputSize: 2, freeze: ['layer0'], epochs: 50 });
 * console.log(r.model.outputSize, r.frozen, r.params.subarray(0, 24).every((v, i) => v === trained[i])); // 2 [ 'layer0.weight', 'layer0.bias' ] true
 * ```
 */
export function fineTune(model: Model, params: Float64Array, data: TaskData, options?: FineTuneModelOptions): FineTuneModelResult {
  const fn = 'fineTune';
  checkOptions(fn, options, OPTIONS);
  const run = longRunning(fn, options);
  const base = checkModel(fn, model, 'model', 'INVALID_ARGUMENT');
  checkParams(fn, base, params);
  const kind = options?.loss === undefined ? 'mse' : (TASK_KINDS.includes(options.loss) ? options.loss : fail('INVALID_OPTION', fn, `unknown loss ${fmt(options.loss)}; expected one of ${TASK_KINDS.map((k) => `'${k}'`).join(', ')}`));
  const loss = lossOf(kind);
  const seed = run.seed;
  const epochs = checkInteger(fn, 'epochs', options?.epochs, 100, 1);
  const noise = checkNumber(fn, 'noise', options?.noise, 0, 0);
  // The model to train, and its starting parameters: the trained ones, with a fresh output layer if asked.
  let m: Model = base;
  let p: Float64Array = params.slice();
  if (options?.outputSize !== undefined) {
    const o = checkInteger(fn, 'outputSize', options.outputSize, 1, 1);
    if (typeof base.withOutputSize !== 'function') fail('INVALID_OPTION', fn, 'outputSize: this model cannot replace its output layer (it has no withOutputSize method)');
    m = checkModel(fn, base.withOutputSize(o), 'model.withOutputSize(outputSize)');
    p = initParams(fn, m, seed, 'pytorch');
    for (const b of m.blocks) {
      if (b.offset >= m.head.start && b.offset < m.head.end) continue;
      const old = base.blocks.find((a) => a.name === b.name);
      if (old === undefined || old.shape.join() !== b.shape.join()) fail('INVALID_OPTION', fn, `outputSize: block ${fmt(b.name)} of the new model does not match the trained one`);
      p.set(params.subarray(old.offset, old.offset + blockSize(old)), b.offset);
    }
  }
  const frozenIdx = options?.freeze === undefined ? [] : selectBlocks(fn, m, options.freeze, 'freeze');
  // The trained parameters: every block that is not frozen, as index ranges of the flat vector.
  const trained = m.blocks.filter((_, i) => !frozenIdx.includes(i)).map((b) => [b.offset, b.offset + blockSize(b)] as const);
  const T = trained.reduce((s, [a, b]) => s + b - a, 0);
  // The data.
  if (data === null || typeof data !== 'object') fail('INVALID_ARGUMENT', fn, `data must be an object { x, y } (got ${fmt(data)})`);
  const X = toRows(fn, 'data.x', data.x, m.inputSize);
  const n = X.length / m.inputSize;
  const outputs = m.outputSize;
  const perRow = loss.classes ? 1 : outputs;
  if (!isNumericArray(data.y) || data.y.length !== n * perRow) fail('SHAPE_MISMATCH', fn, `data.y must have ${n * perRow} values for ${n} rows (got ${fmt(data.y)})`);
  const Y = toRows(fn, 'data.y', data.y, perRow);
  checkTargets(fn, 'data.y', Y, kind, outputs);
  const bs = options?.batchSize === undefined ? n : checkInteger(fn, 'batchSize', options.batchSize, n, 1);
  const opt = options?.optimizer ?? adam({ lr: 1e-3 });
  if (opt === null || typeof opt !== 'object' || typeof opt.step !== 'function') fail('INVALID_OPTION', fn, `optimizer must be an Optimizer (got ${fmt(opt)})`);
  const rng = createRng(seed + 1);
  const batches = new Batches(rng, [n], bs, false);
  const grad = new Float64Array(m.numParams);
  const tp = new Float64Array(T), tg = new Float64Array(T);
  const d = m.inputSize;
  const losses: number[] = [];
  const fast = m.kinds === undefined ? m.fastPath?.(loss.name) : undefined;
  let ws = new Float64Array(0);
  for (let epoch = 0; epoch < epochs; epoch++) {
    run.throwIfAborted();
    batches.shuffle();
    let total = 0;
    for (let s = 0; s < batches.steps; s++) {
      const idx = batches.batch(0, s);
      const k = idx.length;
      const xb = gatherRows(X, d, idx);
      if (noise > 0) for (let i = 0; i < xb.length; i++) xb[i] += noise * rng.normal();
      const yb = gatherRows(Y, perRow, idx);
      let l: number;
      if (fast !== undefined) {
        const need = fast.workspace(k).ws;
        if (ws.length < need) ws = new Float64Array(need);
        l = fast.valueGrad(p, xb, yb, ws, grad);
      } else {
        const xt = wrap(xb, [k, d]), yt = wrap(yb, [k, perRow]);
        l = valueAndGrad(p, [{ model: m, offset: 0 }], ([th]) => loss.graph(checkOutput(fn, m.forward(th, xt), k, outputs, loss.name), yb, yt), grad);
      }
      if (!Number.isFinite(l)) fail('DIVERGED', fn, `the loss became ${fmt(l)} at epoch ${epoch + 1}; lower the learning rate`);
      // Only the trained ranges reach the optimizer: frozen blocks are never written.
      let o = 0;
      for (const [a, b] of trained) {
        tp.set(p.subarray(a, b), o);
        tg.set(grad.subarray(a, b), o);
        o += b - a;
      }
      opt.step(tp, tg);
      o = 0;
      for (const [a, b] of trained) {
        p.set(tp.subarray(o, o + b - a), a);
        o += b - a;
      }
      total += l;
    }
    losses.push(total / batches.steps);
    run.onProgress?.({ epoch: epoch + 1, epochs, loss: losses[epoch] });
  }
  return { model: withApply(m), params: p, frozen: frozenIdx.map((i) => m.blocks[i].name), losses: Float64Array.from(losses) };
}
