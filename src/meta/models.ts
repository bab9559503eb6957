// The multilayer perceptron, the built-in {@link Model}: a description, a seeded initialisation, a forward pass on
// tensors, and a fast path (the fused kernels of src/autodiff/fused.ts) for every task loss.
import { fail, fmt, fmtAt } from '../internal/errors.js';
import { checkSeed, createRng } from '../internal/rng.js';
import { checkBoolean, checkChoice, checkInteger, checkOptions, optionNames } from '../internal/validate.js';
import { hvpInto, mlpSpec, valueGradInto, valueInto, workspaceSizes } from '../autodiff/fused.js';
import type { ActKernels } from '../autodiff/act-kernels.js';
import type { LossKernels } from '../autodiff/loss-kernels.js';
import { add, matmul } from '../autodiff/ops.js';
import { Tensor } from '../autodiff/tensor.js';
import { ACTIVATIONS, ACTIVATION_RECORDS } from './activations.js';
import type { Activation } from './activations.js';
import { lossOf } from './losses.js';
import type { LossName } from './losses.js';
import { INIT_SCHEMES, checkForward, checkParams, jsonObject, predict, splitBlocks, toRows } from './model.js';
import type { FastPath, InitScheme, Model, ParamBlock, ParamRange } from './model.js';

const MLP_OPTIONS = optionNames<MlpOptions>()('sizes', 'activation', 'fastPath');
const LINEAR_OPTIONS = optionNames<LinearOptions>()('inputSize', 'outputSize', 'fastPath');

export type { Activation } from './activations.js';
export type { InitScheme, ParamBlock } from './model.js';
export { jsonObject, toRows } from './model.js';

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Layer widths from input to output, e.g. `[1, 40, 40, 1]`; at least two entries, each ≥ 1. */
  sizes: readonly number[];
  /** Nonlinearity between layers (none after the last); default `'relu'`. */
  activation?: Activation;
  /**
   * Offer the fused, tape-free kernels to the learners (default true). With false the model trains through the
   * autodiff tape, with the same results to about 1e-12 (useful to check a custom model against this one).
   */
  fastPath?: boolean;
}

/** Options of {@link linear}. */
export interface LinearOptions {
  /** Number of input features. */
  inputSize: number;
  /** Number of outputs. */
  outputSize: number;
  /** As {@link MlpOptions.fastPath}. */
  fastPath?: boolean;
}

/** The plain-JSON form of an {@link Mlp}. */
export interface MlpJSON {
  /** Always `'infometa.mlp'`. */
  kind: 'infometa.mlp';
  /** Format version, currently 1. */
  version: 1;
  /** Layer widths. */
  sizes: number[];
  /** Hidden nonlinearity. */
  activation: Activation;
}


/** @internal The default of `fastPath` for new models: true unless the test seam below changed it (read live). */
export let fastByDefault = true;

/** @internal Sets {@link fastByDefault} for models created from now on (a test seam); returns the previous default. */
export function setFastPathDefault(on: boolean): boolean {
  [on, fastByDefault] = [fastByDefault, on];
  return on;
}

/**
 * @internal A seeded parameter vector whose dense layers (weight fanIn×fanOut, bias) are initialised by `scheme`,
 * layer by layer, weights then biases (PyTorch's order); anything else stays 0.
 */
export function initDense(fn: string, seed: number, scheme: InitScheme, numParams: number, dense: readonly { weight: ParamBlock; bias: ParamBlock }[]): Float64Array {
  const s = checkChoice(fn, 'scheme', scheme, INIT_SCHEMES, 'pytorch');
  const rng = createRng(checkSeed(fn, 'seed', seed));
  const p = new Float64Array(numParams);
  for (const { weight: w, bias: b } of dense) {
    const [fanIn, fanOut] = w.shape;
    const nw = fanIn * fanOut;
    if (s === 'pytorch') {
      const a = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < nw; i++) p[w.offset + i] = rng.uniform(-a, a);
      for (let i = 0; i < fanOut; i++) p[b.offset + i] = rng.uniform(-a, a);
    } else if (s === 'glorot') {
      const a = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < nw; i++) p[w.offset + i] = rng.uniform(-a, a);
    } else {
      const sd = Math.sqrt(2 / fanIn);
      for (let i = 0; i < nw; i++) p[w.offset + i] = sd * rng.normal();
    }
  }
  return p;
}

/** The most parameters a model may have: 2²⁷ (a 1 GiB vector); beyond it, init alone would take minutes. */
export const MAX_PARAMS = 2 ** 27;

/**
 * @internal Validates MLP widths: an array (no holes) of at least 2 integers ≥ 1 whose parameter count stays within
 * {@link MAX_PARAMS}.
 */
export function checkSizes(fn: string, sizes: unknown, code: 'INVALID_OPTION' | 'INVALID_ARGUMENT' | 'INVALID_JSON'): asserts sizes is number[] {
  if (!Array.isArray(sizes) || sizes.length < 2) fail(code, fn, `sizes must be an array of at least 2 widths (got ${fmt(sizes)})`);
  if (sizes.length > 1024) fail(code, fn, `sizes has ${sizes.length} entries; at most 1024 layers are supported`);
  let params = 0;
  for (let i = 0; i < sizes.length; i++) {
    const s: unknown = sizes[i];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1) fail(code, fn, `sizes[${i}] must be an integer ≥ 1 (got ${fmtAt(sizes, i)})`);
    if (i > 0) params += (sizes[i - 1] as number) * s + s;
  }
  if (params > MAX_PARAMS) fail(code, fn, `sizes [${sizes.join(', ')}] make ${params} parameters; at most ${MAX_PARAMS} (1 GiB) are supported`);
}

/** @internal The fast path of an MLP with these widths, activation and loss (the fused kernels). */
export function mlpFastPath(sizes: readonly number[], act: ActKernels, loss: LossKernels): FastPath {
  const spec = mlpSpec(sizes, act, loss);
  return {
    workspace: (n) => workspaceSizes(spec, n),
    maxDim: (n) => Math.max(n, ...sizes),
    value: (th, x, y, ws) => valueInto(spec, th, x, y, ws),
    valueGrad: (th, x, y, ws, g) => valueGradInto(spec, th, x, y, ws, g),
    hvp: (th, v, x, ws, sc, out) => hvpInto(spec, th, v, x, ws, sc, out),
  };
}

/**
 * A fully connected network y = f_L(… f_1(x)) with f_l(h) = act(h·W_l + b_l) (no activation after the last layer).
 * It is only a description: parameters live outside, in one flat `Float64Array` laid out layer by layer as W_1
 * (fanIn×fanOut, row-major), b_1, W_2, b_2, … (blocks `layer0.weight`, `layer0.bias`, `layer1.weight`, …). It
 * implements {@link Model} and offers the fused fast path for every task loss. Use {@link mlp} or {@link linear}.
 */
export class Mlp implements Model {
  /** Layer widths from input to output. */
  readonly sizes: readonly number[];
  /** Hidden nonlinearity. */
  readonly activation: Activation;
  /** Number of input features. */
  readonly inputSize: number;
  /** Number of outputs. */
  readonly outputSize: number;
  /** Length of the flat parameter vector. */
  readonly numParams: number;
  /** The parameter blocks in order: W_1, b_1, W_2, b_2, …. */
  readonly blocks: readonly ParamBlock[];
  /** Index of the first parameter of the last layer (the "head" that ANIL adapts). */
  readonly headOffset: number;
  /** The last layer's parameters, [headOffset, numParams). */
  readonly head: ParamRange;
  private readonly fast: boolean;
  private readonly paths = new Map<LossName, FastPath>();

  /**
   * Builds the description; prefer {@link mlp}. Checks its arguments as {@link mlp} does.
   *
   * @param sizes - layer widths
   * @param activation - hidden nonlinearity
   * @param fastPath - offer the fused kernels (default true)
   * @throws InfometaError `INVALID_ARGUMENT` for fewer than two sizes, a width that is not an integer ≥ 1 (a hole,
   *   NaN, a BigInt), more than 2²⁷ parameters, an unknown activation or a non-boolean fastPath
   */
  constructor(sizes: readonly number[], activation: Activation, fastPath = fastByDefault) {
    checkSizes('Mlp', sizes, 'INVALID_ARGUMENT');
    if (typeof activation !== 'string' || !(ACTIVATIONS as readonly string[]).includes(activation)) fail('INVALID_ARGUMENT', 'Mlp', `unknown activation ${fmt(activation)}; expected one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`);
    if (typeof fastPath !== 'boolean') fail('INVALID_ARGUMENT', 'Mlp', `fastPath must be a boolean (got ${fmt(fastPath)})`);
    this.sizes = Object.freeze(Array.from(sizes));
    this.activation = activation;
    this.inputSize = sizes[0];
    this.outputSize = sizes[sizes.length - 1];
    const blocks: ParamBlock[] = [];
    let off = 0;
    let head = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      if (l + 2 === sizes.length) head = off;
      blocks.push({ offset: off, shape: [sizes[l], sizes[l + 1]], name: `layer${l}.weight` });
      off += sizes[l] * sizes[l + 1];
      blocks.push({ offset: off, shape: [sizes[l + 1]], name: `layer${l}.bias` });
      off += sizes[l + 1];
    }
    this.blocks = blocks;
    this.numParams = off;
    this.headOffset = head;
    this.head = { start: head, end: off };
    this.fast = fastPath;
  }

  /**
   * A freshly initialised flat parameter vector (seeded: the same seed gives the same values).
   *
   * Cost: O(numParams).
   *
   * @param seed - seed of the generator (default 0)
   * @param scheme - `'pytorch'` (default), `'glorot'` or `'he'`
   * @returns a new `Float64Array` of length {@link Mlp.numParams}
   * @throws InfometaError `INVALID_OPTION` for an unknown scheme
   */
  init(seed = 0, scheme: InitScheme = 'pytorch'): Float64Array {
    const dense = [];
    for (let l = 0; 2 * l < this.blocks.length; l++) dense.push({ weight: this.blocks[2 * l], bias: this.blocks[2 * l + 1] });
    return initDense('Mlp.init', seed, scheme, this.numParams, dense);
  }

  /**
   * Differentiable forward pass on tensors: `params` are the blocks (see {@link Mlp.split}), `x` is n×inputSize.
   * Used by the meta-learners and by custom training loops with {@link grad}.
   *
   * Cost: O(n · Σ fanIn·fanOut).
   *
   * @param params - one tensor per block, shapes as in {@link Mlp.blocks}
   * @param x - n×inputSize inputs
   * @returns n×outputSize outputs
   * @throws InfometaError `SHAPE_MISMATCH` when x does not have inputSize columns or the blocks do not fit
   */
  forward(params: readonly Tensor[], x: Tensor): Tensor {
    checkForward('Mlp.forward', this, params, x);
    let h = x;
    const L = this.sizes.length - 1;
    for (let l = 0; l < L; l++) {
      h = add(matmul(h, params[2 * l]), params[2 * l + 1]);
      if (l + 1 < L) h = ACTIVATION_RECORDS[this.activation].op(h);
    }
    return h;
  }

  /**
   * Views of the flat vector as one tensor per block (no copy; the tensors share `params`' memory, so do not
   * write `params` while they are in use).
   *
   * @param params - flat parameters of length {@link Mlp.numParams}
   * @param requiresGrad - make the views leaves that take gradients
   * @returns one tensor per block
   * @throws InfometaError `SHAPE_MISMATCH` for a wrong length
   */
  split(params: Float64Array, requiresGrad = false): Tensor[] {
    return splitBlocks('Mlp.split', this.blocks, this.numParams, params, requiresGrad);
  }

  /**
   * The fused, tape-free loss, gradient and Hessian-vector kernels for a task loss (undefined when the model was
   * created with `fastPath: false`).
   *
   * @param loss - the task loss
   * @returns the fast path, cached per loss
   */
  fastPath(loss: LossName): FastPath | undefined {
    if (!this.fast) return undefined;
    let p = this.paths.get(loss);
    if (p === undefined) {
      p = mlpFastPath(this.sizes, ACTIVATION_RECORDS[this.activation].kernels, lossOf(loss).kernels);
      this.paths.set(loss, p);
    }
    return p;
  }

  /**
   * The same network with a new output layer of `outputSize` outputs (the hidden layers keep their names, shapes and
   * offsets), e.g. to fine-tune on a task with other classes.
   *
   * @param outputSize - new number of outputs, an integer ≥ 1
   * @returns a new model
   * @throws InfometaError `INVALID_OPTION` for a bad size
   */
  withOutputSize(outputSize: number): Mlp {
    const o = checkInteger('Mlp.withOutputSize', 'outputSize', outputSize, NaN, 1);
    checkSizes('Mlp.withOutputSize', [...this.sizes.slice(0, -1), o], 'INVALID_OPTION');
    return new Mlp([...this.sizes.slice(0, -1), o], this.activation, this.fast);
  }

  /**
   * Evaluates the network on plain numbers.
   *
   * Cost: O(n · Σ fanIn·fanOut).
   *
   * @param params - flat parameters of length {@link Mlp.numParams}
   * @param x - n×inputSize inputs, row-major (n = x.length / inputSize)
   * @returns the n×outputSize outputs, row-major
   * @throws InfometaError `SHAPE_MISMATCH` for a wrong parameter length or an x length that is not a multiple of
   *   inputSize; `EMPTY_INPUT` for no rows; `NON_FINITE` for NaN or ±Infinity in x or params
   * @example
   * ```ts
   * import { linear } from 'infometa';
   * const model = linear({ inputSize: 2, outputSize: 1 });
   * console.log(Array.from(model.apply(new Float64Array([1, 2, 0.5]), [1, 1, 2, 0]))); // [ 3.5, 2.5 ]
   * ```
   */
  apply(params: Float64Array, x: Float64Array | readonly number[]): Float64Array {
    const fn = 'Mlp.apply';
    const P = this.checkParams(fn, params);
    return predict(this, P, toRows(fn, 'x', x, this.inputSize), undefined, fn);
  }

  /** @internal Validates a flat parameter vector. */
  checkParams(fn: string, params: unknown): Float64Array {
    return checkParams(fn, this, params);
  }

  /** The plain-JSON description (architecture only; parameters are a separate `Float64Array`). */
  toJSON(): MlpJSON {
    return { kind: 'infometa.mlp', version: 1, sizes: Array.from(this.sizes), activation: this.activation };
  }

  /**
   * Rebuilds a model from {@link Mlp.toJSON} output.
   *
   * @param json - parsed JSON
   * @returns the model
   * @throws InfometaError `INVALID_JSON` for a wrong `kind`, `version` or malformed fields
   * @example
   * ```ts
   * import { mlp, Mlp } from 'infometa';
   * const m = Mlp.fromJSON(JSON.parse(JSON.stringify(mlp({ sizes: [1, 40, 40, 1] }))));
   * console.log(m.numParams); // 1761
   * ```
   */
  static fromJSON(json: unknown): Mlp {
    const fn = 'Mlp.fromJSON';
    const o = jsonObject(fn, json, 'infometa.mlp', 1);
    const sizes = o.sizes;
    checkSizes(fn, sizes, 'INVALID_JSON');
    if (typeof o.activation !== 'string' || !(ACTIVATIONS as readonly string[]).includes(o.activation)) fail('INVALID_JSON', fn, `unknown activation ${fmt(o.activation)}`);
    return new Mlp(sizes as number[], o.activation as Activation);
  }
}

/**
 * A multilayer perceptron description (see {@link Mlp}). Parameters are created separately with
 * {@link Mlp.init}.
 *
 * Cost: O(number of layers).
 *
 * @param options - `sizes` (input, hidden…, output widths), `activation` (default `'relu'`), `fastPath` (default true)
 * @returns the model
 * @throws InfometaError `INVALID_OPTION` for fewer than two sizes, a width that is not an integer ≥ 1 (a hole, NaN,
 *   a BigInt), more than 2²⁷ parameters, or an unknown activation
 * @example
 * ```ts
 * import { mlp } from 'infometa';
 * const net = mlp({ sizes: [1, 40, 40, 1], activation: 'relu' });
 * const params = net.init(0);
 * console.log(net.numParams, params.length); // 1761 1761
 * ```
 */
export function mlp(options: MlpOptions): Mlp {
  const fn = 'mlp';
  checkOptions(fn, options, MLP_OPTIONS);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options with sizes are required');
  const sizes = options.sizes;
  checkSizes(fn, sizes, 'INVALID_OPTION');
  const act = checkChoice(fn, 'activation', options.activation, ACTIVATIONS, 'relu');
  return new Mlp(sizes, act, checkBoolean(fn, 'fastPath', options.fastPath, fastByDefault));
}

/**
 * A linear (affine) model y = x·W + b, i.e. an {@link Mlp} with no hidden layer.
 *
 * Cost: O(1).
 *
 * @param options - `inputSize`, `outputSize`, `fastPath`
 * @returns the model
 * @throws InfometaError `INVALID_OPTION` for sizes that are not positive integers
 * @example
 * ```ts
 * import { linear } from 'infometa';
 * console.log(linear({ inputSize: 3, outputSize: 2 }).numParams); // 8
 * ```
 */
export function linear(options: LinearOptions): Mlp {
  const fn = 'linear';
  checkOptions(fn, options, LINEAR_OPTIONS);
  const i = checkInteger(fn, 'inputSize', options?.inputSize, NaN, 1);
  const o = checkInteger(fn, 'outputSize', options?.outputSize, NaN, 1);
  if (Number.isNaN(i) || Number.isNaN(o)) fail('INVALID_OPTION', fn, 'inputSize and outputSize are required');
  checkSizes(fn, [i, o], 'INVALID_OPTION');
  return new Mlp([i, o], 'identity', checkBoolean(fn, 'fastPath', options?.fastPath, fastByDefault));
}
