import { fail, fmt } from '../internal/errors.js';
import { createRng } from '../internal/rng.js';
import { checkChoice, checkInteger, checkOptions, isNumericArray } from '../internal/validate.js';
import { add, matmul, relu, sigmoid, softplus, tanh } from '../autodiff/ops.js';
import { Tensor, noGrad, tidy, wrap } from '../autodiff/tensor.js';

/** Hidden-layer nonlinearity of an {@link Mlp}. */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'softplus' | 'identity';

/**
 * Parameter initialisation: `'pytorch'` (torch.nn.Linear's default, W and b ~ U(±1/√fan_in)), `'glorot'` (W ~
 * U(±√(6/(fan_in + fan_out))), b = 0) or `'he'` (W ~ N(0, 2/fan_in), b = 0).
 */
export type InitScheme = 'pytorch' | 'glorot' | 'he';

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Layer widths from input to output, e.g. `[1, 40, 40, 1]`; at least two entries, each ≥ 1. */
  sizes: readonly number[];
  /** Nonlinearity between layers (none after the last); default `'relu'`. */
  activation?: Activation;
}

/** Options of {@link linear}. */
export interface LinearOptions {
  /** Number of input features. */
  inputSize: number;
  /** Number of outputs. */
  outputSize: number;
}

/** One parameter block of the flat vector: a weight matrix or a bias row. */
export interface ParamBlock {
  /** Index of the block's first value in the flat parameter vector. */
  readonly offset: number;
  /** `[fanIn, fanOut]` for a weight matrix, `[fanOut]` for a bias. */
  readonly shape: readonly number[];
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

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'softplus', 'identity'];
const SCHEMES: readonly InitScheme[] = ['pytorch', 'glorot', 'he'];

/**
 * A fully connected network y = f_L(… f_1(x)) with f_l(h) = act(h·W_l + b_l) (no activation after the last layer).
 * It is only a description: parameters live outside, in one flat `Float64Array` laid out layer by layer as W_1
 * (fanIn×fanOut, row-major), b_1, W_2, b_2, …. Use {@link mlp} or {@link linear} to create one.
 */
export class Mlp {
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

  /**
   * Builds the description; prefer {@link mlp}, which validates.
   *
   * @param sizes - layer widths
   * @param activation - hidden nonlinearity
   */
  constructor(sizes: readonly number[], activation: Activation) {
    this.sizes = Object.freeze(Array.from(sizes));
    this.activation = activation;
    this.inputSize = sizes[0];
    this.outputSize = sizes[sizes.length - 1];
    const blocks: ParamBlock[] = [];
    let off = 0;
    let head = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      if (l + 2 === sizes.length) head = off;
      blocks.push({ offset: off, shape: [sizes[l], sizes[l + 1]] });
      off += sizes[l] * sizes[l + 1];
      blocks.push({ offset: off, shape: [sizes[l + 1]] });
      off += sizes[l + 1];
    }
    this.blocks = blocks;
    this.numParams = off;
    this.headOffset = head;
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
    const fn = 'Mlp.init';
    const s = checkChoice(fn, 'scheme', scheme, SCHEMES, 'pytorch');
    if (typeof seed !== 'number' || !Number.isFinite(seed)) fail('INVALID_OPTION', fn, `seed must be a finite number (got ${fmt(seed)})`);
    const rng = createRng(seed);
    const p = new Float64Array(this.numParams);
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const fanIn = this.sizes[l], fanOut = this.sizes[l + 1];
      const w = this.blocks[2 * l], b = this.blocks[2 * l + 1];
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
    if (params.length !== this.blocks.length) fail('SHAPE_MISMATCH', 'Mlp.forward', `params must have ${this.blocks.length} blocks (got ${params.length})`);
    if (x.shape.length !== 2 || x.shape[1] !== this.inputSize) fail('SHAPE_MISMATCH', 'Mlp.forward', `x must be n×${this.inputSize} (got [${x.shape.join(', ')}])`);
    let h = x;
    const L = this.sizes.length - 1;
    for (let l = 0; l < L; l++) {
      h = add(matmul(h, params[2 * l]), params[2 * l + 1]);
      if (l + 1 < L) h = this.act(h);
    }
    return h;
  }

  private act(h: Tensor): Tensor {
    switch (this.activation) {
      case 'relu':
        return relu(h);
      case 'tanh':
        return tanh(h);
      case 'sigmoid':
        return sigmoid(h);
      case 'softplus':
        return softplus(h);
      default:
        return h;
    }
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
    if (!(params instanceof Float64Array) || params.length !== this.numParams) {
      fail('SHAPE_MISMATCH', 'Mlp.split', `params must be a Float64Array of length ${this.numParams} (got ${fmt(params)})`);
    }
    const out: Tensor[] = new Array<Tensor>(this.blocks.length);
    for (let i = 0; i < this.blocks.length; i++) {
      const b = this.blocks[i];
      const n = b.shape.length === 2 ? b.shape[0] * b.shape[1] : b.shape[0];
      out[i] = wrap(params.subarray(b.offset, b.offset + n), b.shape, requiresGrad);
    }
    return out;
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
    const X = toRows(fn, 'x', x, this.inputSize);
    return tidy(() => noGrad(() => this.forward(this.split(P), wrap(X, [X.length / this.inputSize, this.inputSize])).data.slice()));
  }

  /** @internal Validates a flat parameter vector. */
  checkParams(fn: string, params: unknown): Float64Array {
    if (!(params instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `params must be a Float64Array (got ${fmt(params)})`);
    if (params.length !== this.numParams) fail('SHAPE_MISMATCH', fn, `params must have length ${this.numParams} (got ${params.length})`);
    for (let i = 0; i < params.length; i++) {
      const v = params[i];
      if (v - v !== 0) fail('NON_FINITE', fn, `params[${i}] must be finite (got ${fmt(v)})`);
    }
    return params;
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
    if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s >= 1)) fail('INVALID_JSON', fn, `sizes must be an array of ≥ 2 positive integers (got ${fmt(sizes)})`);
    if (typeof o.activation !== 'string' || !(ACTIVATIONS as readonly string[]).includes(o.activation)) fail('INVALID_JSON', fn, `unknown activation ${fmt(o.activation)}`);
    return new Mlp(sizes as number[], o.activation as Activation);
  }
}

/** @internal Checks `kind` and `version` of a parsed JSON object. */
export function jsonObject(fn: string, json: unknown, kind: string, version: number): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('INVALID_JSON', fn, `json must be an object (got ${fmt(json)})`);
  const o = json as Record<string, unknown>;
  if (o.kind !== kind) fail('INVALID_JSON', fn, `kind must be '${kind}' (got ${fmt(o.kind)})`);
  if (o.version !== version) fail('INVALID_JSON', fn, `unsupported version ${fmt(o.version)} (expected ${version})`);
  return o;
}

/** @internal A finite row-major matrix with `cols` columns and at least one row. */
export function toRows(fn: string, name: string, x: unknown, cols: number): Float64Array {
  if (!isNumericArray(x)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of numbers or a Float64Array (got ${fmt(x)})`);
  const n = x.length;
  if (n === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
  if (n % cols !== 0) fail('SHAPE_MISMATCH', fn, `${name} has ${n} values, not a multiple of ${cols} features per row`);
  const out = x instanceof Float64Array ? x : Float64Array.from(x as ArrayLike<number>);
  for (let i = 0; i < n; i++) {
    const v = out[i];
    if (typeof v !== 'number' || v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be finite (got ${fmt(x[i])})`);
  }
  return out;
}

/**
 * A multilayer perceptron description (see {@link Mlp}). Parameters are created separately with
 * {@link Mlp.init}.
 *
 * Cost: O(number of layers).
 *
 * @param options - `sizes` (input, hidden…, output widths) and `activation` (default `'relu'`)
 * @returns the model
 * @throws InfometaError `INVALID_OPTION` for fewer than two sizes, a non-positive-integer width or an unknown
 *   activation
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
  checkOptions(fn, options);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options with sizes are required');
  const sizes = options.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2) fail('INVALID_OPTION', fn, `sizes must be an array of at least 2 widths (got ${fmt(sizes)})`);
  sizes.forEach((s, i) => checkInteger(fn, `sizes[${i}]`, s, 1, 1));
  const act = checkChoice(fn, 'activation', options.activation, ACTIVATIONS, 'relu');
  return new Mlp(sizes, act);
}

/**
 * A linear (affine) model y = x·W + b, i.e. an {@link Mlp} with no hidden layer.
 *
 * Cost: O(1).
 *
 * @param options - `inputSize`, `outputSize`
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
  checkOptions(fn, options);
  const i = checkInteger(fn, 'inputSize', options?.inputSize, NaN, 1);
  const o = checkInteger(fn, 'outputSize', options?.outputSize, NaN, 1);
  if (Number.isNaN(i) || Number.isNaN(o)) fail('INVALID_OPTION', fn, 'inputSize and outputSize are required');
  return new Mlp([i, o], 'identity');
}
