// sequential([...layers]): compose a model from dense layers and activations without writing a class. A stack that
// is an MLP (dense layers with one activation between them) gets the MLP's fused fast path.
import { fail, fmt } from '../internal/errors.js';
import { checkBoolean, checkInteger, checkOptions } from '../internal/validate.js';
import { add, matmul } from '../autodiff/ops.js';
import type { Tensor } from '../autodiff/tensor.js';
import { ACTIVATIONS, ACTIVATION_RECORDS } from './activations.js';
import type { Activation } from './activations.js';
import { lossOf } from './losses.js';
import type { LossName } from './losses.js';
import { checkForward, checkParams, jsonObject, predict, splitBlocks, toRows } from './model.js';
import type { ApplyModel, FastPath, InitScheme, ModelJSON, ParamBlock, ParamRange } from './model.js';
import { fastByDefault, initDense, mlpFastPath } from './models.js';

/** A dense (fully connected) layer h·W + b with `dense` outputs; `name` names its blocks (default `layer<i>`). */
export interface DenseLayer {
  /** Number of outputs (units), an integer ≥ 1. */
  dense: number;
  /** Name of the layer's blocks (`<name>.weight`, `<name>.bias`), unique, without dots; default `layer<i>`. */
  name?: string;
}

/** One layer of {@link sequential}: a dense layer, or an activation applied element-wise. */
export type Layer = DenseLayer | Activation;

/** Options of {@link sequential}. */
export interface SequentialOptions {
  /** Number of input features, an integer ≥ 1. */
  inputSize: number;
  /** Offer the fused fast path when the stack is an MLP (default true); as {@link MlpOptions.fastPath}. */
  fastPath?: boolean;
}

/** The plain-JSON form of a {@link sequential} model. */
export interface SequentialJSON extends ModelJSON {
  /** Always `'infometa.sequential'`. */
  kind: 'infometa.sequential';
  /** Format version, currently 1. */
  version: 1;
  /** Number of input features. */
  inputSize: number;
  /** The layers, with every dense layer's name. */
  layers: (Required<DenseLayer> | Activation)[];
}

/** A model made by {@link sequential}: a {@link Model} with `apply`, its layers and `withOutputSize`. */
export interface SequentialModel extends ApplyModel {
  /** The layers, every dense layer named. */
  readonly layers: readonly (Required<DenseLayer> | Activation)[];
  /** The same stack with a new last dense layer of `outputSize` units (the other layers keep their blocks). */
  withOutputSize(outputSize: number): SequentialModel;
  /** The MLP fast path for a loss when the stack is an MLP (and `fastPath` was not switched off), else undefined. */
  fastPath(loss: LossName): FastPath | undefined;
  /** The architecture as plain JSON. */
  toJSON(): SequentialJSON;
}

class Sequential implements SequentialModel {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly numParams: number;
  readonly blocks: readonly ParamBlock[];
  readonly head: ParamRange;
  readonly layers: readonly (Required<DenseLayer> | Activation)[];
  private readonly dense: { weight: ParamBlock; bias: ParamBlock }[] = [];
  /** Widths and activation when the stack is an MLP (then it has the fused path), else null. */
  private readonly mlp: { sizes: number[]; act: Activation } | null;
  private readonly paths = new Map<LossName, FastPath>();

  constructor(inputSize: number, layers: readonly (Required<DenseLayer> | Activation)[], private readonly fast: boolean) {
    this.inputSize = inputSize;
    this.layers = layers;
    const blocks: ParamBlock[] = [];
    let width = inputSize, off = 0;
    const sizes = [inputSize];
    // The activations between consecutive dense layers (null: more than one), before the first and after the last.
    const gaps: (Activation | null)[] = [];
    let acts: Activation[] = [];
    let leading = false;
    for (const layer of layers) {
      if (typeof layer === 'string') {
        acts.push(layer);
        continue;
      }
      if (this.dense.length === 0) leading = acts.length > 0;
      else gaps.push(acts.length === 0 ? 'identity' : acts.length === 1 ? acts[0] : null);
      acts = [];
      const weight = { offset: off, shape: [width, layer.dense], name: `${layer.name}.weight` };
      off += width * layer.dense;
      const bias = { offset: off, shape: [layer.dense], name: `${layer.name}.bias` };
      off += layer.dense;
      blocks.push(weight, bias);
      this.dense.push({ weight, bias });
      width = layer.dense;
      sizes.push(width);
    }
    this.outputSize = width;
    this.numParams = off;
    this.blocks = blocks;
    const last = this.dense[this.dense.length - 1];
    this.head = { start: last.weight.offset, end: off };
    // An MLP: no activation before the first dense layer or after the last, and the same single one in every gap.
    const act = gaps[0] ?? 'identity';
    this.mlp = !leading && acts.length === 0 && gaps.every((g) => g === act) ? { sizes, act } : null;
  }

  init(seed = 0, scheme: InitScheme = 'pytorch'): Float64Array {
    return initDense('sequential.init', seed, scheme, this.numParams, this.dense);
  }

  forward(params: readonly Tensor[], x: Tensor): Tensor {
    checkForward('sequential.forward', this, params, x);
    let h = x, b = 0;
    for (const layer of this.layers) {
      if (typeof layer === 'string') {
        h = ACTIVATION_RECORDS[layer].op(h);
      } else {
        h = add(matmul(h, params[b]), params[b + 1]);
        b += 2;
      }
    }
    return h;
  }

  split(params: Float64Array, requiresGrad = false): Tensor[] {
    return splitBlocks('sequential.split', this.blocks, this.numParams, params, requiresGrad);
  }

  apply(params: Float64Array, x: Float64Array | readonly number[]): Float64Array {
    const fn = 'sequential.apply';
    return predict(this, checkParams(fn, this, params), toRows(fn, 'x', x, this.inputSize), undefined, fn);
  }

  fastPath(loss: LossName): FastPath | undefined {
    if (!this.fast || this.mlp === null) return undefined;
    let p = this.paths.get(loss);
    if (p === undefined) {
      p = mlpFastPath(this.mlp.sizes, ACTIVATION_RECORDS[this.mlp.act].kernels, lossOf(loss).kernels);
      this.paths.set(loss, p);
    }
    return p;
  }

  withOutputSize(outputSize: number): SequentialModel {
    const o = checkInteger('sequential.withOutputSize', 'outputSize', outputSize, NaN, 1);
    const layers = this.layers.slice();
    const at = layers.length - 1 - [...layers].reverse().findIndex((l) => typeof l !== 'string');
    layers[at] = { ...(layers[at] as Required<DenseLayer>), dense: o };
    return new Sequential(this.inputSize, layers, this.fast);
  }

  toJSON(): SequentialJSON {
    return { kind: 'infometa.sequential', version: 1, inputSize: this.inputSize, layers: this.layers.map((l) => (typeof l === 'string' ? l : { ...l })) };
  }
}

/** Validates the layers; names every dense layer. */
function checkLayers(fn: string, layers: unknown, code: 'INVALID_OPTION' | 'INVALID_JSON'): (Required<DenseLayer> | Activation)[] {
  if (!Array.isArray(layers) || layers.length === 0) fail(code, fn, `layers must be a non-empty array of { dense } layers and activation names (got ${fmt(layers)})`);
  const names = new Set<string>();
  let k = 0;
  const out = layers.map((layer: unknown, i: number): Required<DenseLayer> | Activation => {
    if (typeof layer === 'string') {
      if (!(ACTIVATIONS as readonly string[]).includes(layer)) fail(code, fn, `layers[${i}]: unknown activation ${fmt(layer)}; expected one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')} or a { dense } layer`);
      return layer as Activation;
    }
    if (layer === null || typeof layer !== 'object' || Array.isArray(layer)) fail(code, fn, `layers[${i}] must be { dense: units } or an activation name (got ${fmt(layer)})`);
    const o = layer as Record<string, unknown>;
    for (const key of Object.keys(o)) if (key !== 'dense' && key !== 'name') fail(code, fn, `layers[${i}] has no option ${fmt(key)}; a dense layer is { dense, name }`);
    const units = o.dense;
    if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) fail(code, fn, `layers[${i}].dense must be an integer ≥ 1 (got ${fmt(units)})`);
    const name = o.name === undefined ? `layer${k}` : o.name;
    if (typeof name !== 'string' || name.length === 0 || name.includes('.')) fail(code, fn, `layers[${i}].name must be a non-empty string without dots (got ${fmt(name)})`);
    if (names.has(name)) fail(code, fn, `layers[${i}].name ${fmt(name)} is used twice`);
    names.add(name);
    k++;
    return { dense: units, name };
  });
  if (k === 0) fail(code, fn, 'layers must hold at least one { dense } layer');
  return out;
}

/**
 * Composes a model from layers, like `torch.nn.Sequential`: `{ dense: units }` layers (h·W + b, PyTorch's
 * initialisation by default) and activation names between them. It implements {@link Model}, so every learner,
 * {@link fineTune} and the MI trainer take it; a stack with one activation between dense layers and none after the
 * last is an MLP and gets the same fused fast path as {@link mlp}. Dense layers are named `layer0`, `layer1`, … unless
 * given a `name`; their blocks are `<name>.weight` and `<name>.bias` (what {@link fineTune}'s `freeze` refers to).
 *
 * Cost: O(number of layers).
 *
 * @param layers - dense layers and activation names, in order
 * @param options - `inputSize` (required), `fastPath`
 * @returns the model
 * @throws InfometaError `INVALID_OPTION` for an empty stack, a stack without dense layers, an unknown activation, a
 *   width that is not a positive integer, a duplicate or dotted name, or a missing inputSize
 * @example
 * ```ts
 * import { sequential } from 'infometa';
 * const net = sequential([{ dense: 40 }, 'relu', { dense: 40 }, 'tanh', { dense: 1, name: 'out' }], { inputSize: 1 });
 * console.log(net.numParams, net.blocks.map((b) => b.name).join(' ')); // 1761 layer0.weight layer0.bias layer1.weight layer1.bias out.weight out.bias
 * ```
 */
export function sequential(layers: readonly Layer[], options: SequentialOptions): SequentialModel {
  const fn = 'sequential';
  checkOptions(fn, options, ['inputSize', 'fastPath']);
  const inputSize = checkInteger(fn, 'inputSize', options?.inputSize, NaN, 1);
  if (Number.isNaN(inputSize)) fail('INVALID_OPTION', fn, 'options.inputSize is required');
  const checked = checkLayers(fn, layers, 'INVALID_OPTION');
  return new Sequential(inputSize, checked, checkBoolean(fn, 'fastPath', options.fastPath, fastByDefault));
}

/** @internal Rebuilds a {@link sequential} model from its JSON. */
export function sequentialFromJSON(json: unknown): SequentialModel {
  const fn = 'sequential.fromJSON';
  const o = jsonObject(fn, json, 'infometa.sequential', 1);
  const inputSize = o.inputSize;
  if (typeof inputSize !== 'number' || !Number.isInteger(inputSize) || inputSize < 1) fail('INVALID_JSON', fn, `inputSize must be an integer ≥ 1 (got ${fmt(inputSize)})`);
  return new Sequential(inputSize, checkLayers(fn, o.layers, 'INVALID_JSON'), fastByDefault);
}
