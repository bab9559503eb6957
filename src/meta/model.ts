// The Model interface every learner, the multi-task engine and the MI trainer depend on, and the helpers that work
// on any model: validation, flat-parameter checks, evaluation on plain numbers, block lookup by name, JSON registry.
import { fail, fmt, fmtAt } from '../internal/errors.js';
import { checkSeed } from '../internal/rng.js';
import { isNumericArray } from '../internal/validate.js';
import { check } from '../autodiff/ops/shape.js';
import { Tensor, noGrad, tidy, within, wrap } from '../autodiff/tensor.js';
import type { LossName, TaskKind } from './losses.js';

/**
 * Parameter initialisation: `'pytorch'` (torch.nn.Linear's default, W and b ~ U(±1/√fan_in)), `'glorot'` (W ~
 * U(±√(6/(fan_in + fan_out))), b = 0) or `'he'` (W ~ N(0, 2/fan_in), b = 0).
 */
export type InitScheme = 'pytorch' | 'glorot' | 'he';

/** One parameter block of the flat vector: a weight matrix, a bias row, or any tensor of a custom model. */
export interface ParamBlock {
  /** Index of the block's first value in the flat parameter vector. */
  readonly offset: number;
  /** `[fanIn, fanOut]` for a weight matrix, `[fanOut]` for a bias; any shape for a custom block. */
  readonly shape: readonly number[];
  /**
   * Dotted name, e.g. `'layer0.weight'`; the part before the last dot names the layer, so freezing `'layer0'`
   * freezes both of its blocks.
   */
  readonly name: string;
}

/** A half-open index range [start, end) of the flat parameter vector. */
export interface ParamRange {
  /** First index. */
  readonly start: number;
  /** One past the last index. */
  readonly end: number;
}

/**
 * The plain-JSON form of a model: a `kind` tag that {@link modelFromJSON} dispatches on, a version, and the model's
 * own fields.
 */
export interface ModelJSON {
  /** Registry tag, e.g. `'infometa.mlp'`, or your own for a custom model (see {@link registerModel}). */
  kind: string;
  /** Format version of that kind. */
  version: number;
}

/**
 * A tape-free path a model may offer for one loss (the {@link Mlp} does, for every loss): the loss, its gradient and
 * exact Hessian-vector products on plain arrays, with caller-owned workspaces. Learners use it when present; a model
 * without one trains through the autodiff tape with the same results.
 */
export interface FastPath {
  /** Workspace and scratch lengths for a batch of n rows. */
  workspace(n: number): FastPathWorkspace;
  /** The largest dimension a product of this path has for a batch of n rows (sizes the WebAssembly staging). */
  maxDim(n: number): number;
  /** The loss at `params` on rows x (n × inputSize) and targets y; fills `ws`. */
  value(params: Float64Array, x: Float64Array, y: Float64Array, ws: Float64Array): number;
  /** The loss and its gradient (written into `grad`); fills `ws` for {@link FastPath.hvp}. */
  valueGrad(params: Float64Array, x: Float64Array, y: Float64Array, ws: Float64Array, grad: Float64Array): number;
  /** The Hessian of the loss at `params` times v into `out`, after {@link FastPath.valueGrad} at the same params and x. */
  hvp(params: Float64Array, v: Float64Array, x: Float64Array, ws: Float64Array, scratch: Float64Array, out: Float64Array): void;
}

/** How a multi-head model serves one task kind: its output width and the parameters of its head. */
export interface Route {
  /** Number of outputs for tasks of this kind. */
  readonly outputSize: number;
  /** The parameters of the head of this kind (what ANIL adapts). */
  readonly head: ParamRange;
}

/**
 * Anything the meta-learners, {@link fineTune}, the multi-task models and {@link trainMiRegularized} can train: a
 * description plus a flat `Float64Array` of parameters that lives outside it (learn2learn's "any module"). Implement
 * it to meta-train your own architecture; {@link Mlp} and {@link sequential} models implement it.
 */
export interface Model {
  /** Number of input features. */
  readonly inputSize: number;
  /** Number of outputs (of each head, for a multi-head model without `route`). */
  readonly outputSize: number;
  /** Length of the flat parameter vector. */
  readonly numParams: number;
  /** The parameter blocks, in the order {@link Model.split} returns their tensors. */
  readonly blocks: readonly ParamBlock[];
  /** The parameters ANIL-style adaptation touches (the last layer). */
  readonly head: ParamRange;
  /** A fresh, seeded parameter vector of length `numParams`. */
  init(seed?: number, scheme?: InitScheme): Float64Array;
  /**
   * The differentiable forward pass: `params` are the tensors of {@link Model.split}, `x` is n × inputSize; returns
   * n × outputs. `kind` is the task kind for a multi-head model (ignored otherwise).
   */
  forward(params: readonly Tensor[], x: Tensor, kind?: TaskKind): Tensor;
  /** One tensor per block (views of, or copies from, the flat vector), leaves that take gradients when asked. */
  split(params: Float64Array, requiresGrad?: boolean): Tensor[];
  /** The architecture as plain JSON (parameters are separate). */
  toJSON(): ModelJSON;
  /** The task kinds a multi-head model has heads for; absent for a model with one output for every task. */
  readonly kinds?: readonly TaskKind[];
  /** The head serving tasks of `kind` (multi-head models), or undefined when the model has none for it. */
  route?(kind: TaskKind): Route | undefined;
  /** The tape-free path for a loss, when the model has one. */
  fastPath?(loss: LossName): FastPath | undefined;
  /** The same model with a new output layer of `outputSize` outputs (for {@link fineTune}). */
  withOutputSize?(outputSize: number): Model;
  /**
   * The model on plain numbers: rows x (n × inputSize, row-major) → n × outputs. Optional: a learner gives a model
   * without it a generic one (the forward pass without a graph).
   */
  apply?(params: Float64Array, x: Float64Array | readonly number[]): Float64Array;
}

/** A {@link Model} with {@link Model.apply}, as a learner holds it. */
export interface ApplyModel extends Model {
  /** The model on plain numbers: rows x (n × inputSize, row-major) → n × outputs. */
  apply(params: Float64Array, x: Float64Array | readonly number[]): Float64Array;
}

/** Workspace lengths of a {@link FastPath} for one batch size. */
export interface FastPathWorkspace {
  /** Length of the workspace of one forward/backward pass. */
  ws: number;
  /** Length of the Hessian-vector product's scratch. */
  scratch: number;
}

/**
 * @internal The model itself when it has `apply`, else a forwarding view that adds the generic one (calls reach the
 * model itself, so its methods see their own `this`).
 */
export function withApply(m: Model): ApplyModel {
  if (typeof m.apply === 'function') return m as ApplyModel;
  const view: ApplyModel = {
    get inputSize() { return m.inputSize; },
    get outputSize() { return m.outputSize; },
    get numParams() { return m.numParams; },
    get blocks() { return m.blocks; },
    get head() { return m.head; },
    get kinds() { return m.kinds; },
    init: (seed, scheme) => m.init(seed, scheme),
    forward: (params, x, kind) => m.forward(params, x, kind),
    split: (params, requiresGrad) => m.split(params, requiresGrad),
    toJSON: () => m.toJSON(),
    apply: (params, x) => {
      const fn = 'model.apply';
      return predict(m, checkParams(fn, m, params), toRows(fn, 'x', x, m.inputSize), undefined, fn);
    },
  };
  if (typeof m.route === 'function') view.route = (kind) => (m.route as NonNullable<Model['route']>)(kind);
  if (typeof m.fastPath === 'function') view.fastPath = (loss) => (m.fastPath as NonNullable<Model['fastPath']>)(loss);
  if (typeof m.withOutputSize === 'function') view.withOutputSize = (o) => (m.withOutputSize as NonNullable<Model['withOutputSize']>)(o);
  return view;
}

const isPosInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/**
 * @internal Validates that `model` implements {@link Model} (sizes, blocks that tile the vector, the methods), naming
 * `fn` and the argument `name` in the error.
 */
export function checkModel(fn: string, model: unknown, name = 'model', code: 'INVALID_OPTION' | 'INVALID_ARGUMENT' | 'INVALID_JSON' = 'INVALID_OPTION'): Model {
  if (model === null || typeof model !== 'object') fail(code, fn, `${name} must be a Model, e.g. from mlp(), linear() or sequential() (got ${fmt(model)})`);
  const m = model as Partial<Model>;
  for (const key of ['inputSize', 'outputSize', 'numParams'] as const) {
    if (!isPosInt(m[key])) fail(code, fn, `${name}.${key} must be an integer ≥ 1 (got ${fmt(m[key])}); is ${name} a Model?`);
  }
  for (const key of ['init', 'forward', 'split', 'toJSON'] as const) {
    if (typeof m[key] !== 'function') fail(code, fn, `${name}.${key} must be a function; is ${name} a Model?`);
  }
  const P = m.numParams as number;
  const blocks = m.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0) fail(code, fn, `${name}.blocks must be a non-empty array of parameter blocks (got ${fmt(blocks)})`);
  let next = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as ParamBlock;
    if (b === null || typeof b !== 'object' || typeof b.name !== 'string' || !Array.isArray(b.shape) || !b.shape.every(isPosInt) || b.offset !== next) {
      fail(code, fn, `${name}.blocks[${i}] must be { name, offset: ${next}, shape } with positive integer dimensions, blocks tiling the parameter vector in order`);
    }
    next += blockSize(b);
  }
  if (next !== P) fail(code, fn, `${name}.blocks cover ${next} parameters but ${name}.numParams is ${P}`);
  const h = m.head;
  if (h === null || typeof h !== 'object' || !Number.isInteger(h.start) || !Number.isInteger(h.end) || h.start < 0 || h.end > P || h.start >= h.end) {
    fail(code, fn, `${name}.head must be a non-empty range { start, end } within [0, ${P}] (got ${fmt(h)})`);
  }
  return model as Model;
}

/** @internal Number of values in a block. */
export function blockSize(b: ParamBlock): number {
  let n = 1;
  for (const d of b.shape) n *= d;
  return n;
}

/** @internal One tensor per block, viewing (not copying) the flat vector. */
export function splitBlocks(fn: string, blocks: readonly ParamBlock[], numParams: number, params: Float64Array, requiresGrad: boolean): Tensor[] {
  if (!(params instanceof Float64Array) || params.length !== numParams) {
    fail('SHAPE_MISMATCH', fn, `params must be a Float64Array of length ${numParams} (got ${fmt(params)})`);
  }
  return blocks.map((b) => wrap(params.subarray(b.offset, b.offset + blockSize(b)), b.shape, requiresGrad));
}

/** @internal Validates a flat parameter vector of a model: a Float64Array of length numParams, every value finite. */
export function checkParams(fn: string, model: Model, params: unknown, name = 'params', length = model.numParams): Float64Array {
  if (!(params instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `${name} must be a Float64Array (got ${fmt(params)})`);
  if (params.length !== length) fail('SHAPE_MISMATCH', fn, `${name} must have length ${length} (got ${params.length})`);
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    if (v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be finite (got ${fmt(v)})`);
  }
  return params;
}

/** @internal The initialisation schemes. */
export const INIT_SCHEMES: readonly InitScheme[] = ['pytorch', 'glorot', 'he'];

/**
 * @internal A fresh parameter vector from `model.init`, with the seed and scheme checked first (so errors name `fn`)
 * and the result checked after (a custom init could return anything).
 */
export function initParams(fn: string, model: Model, seed: unknown, scheme: unknown): Float64Array {
  const sd = checkSeed(fn, 'seed', seed);
  if (typeof scheme !== 'string' || !(INIT_SCHEMES as readonly string[]).includes(scheme)) fail('INVALID_OPTION', fn, `unknown init ${fmt(scheme)}; expected one of ${INIT_SCHEMES.map((k) => `'${k}'`).join(', ')}`);
  const p = model.init(sd, scheme as InitScheme);
  if (!(p instanceof Float64Array) || p.length !== model.numParams) fail('SHAPE_MISMATCH', fn, `model.init must return a Float64Array of length ${model.numParams} (got ${fmt(p)})`);
  return p;
}

/**
 * @internal Checks the output of `model.forward` on n rows: n × outputs, else SHAPE_MISMATCH naming the model's
 * forward and what the loss needs.
 */
/**
 * @internal The arguments of a model's `forward`: an array of live tensors, one per block with the block's shape,
 * and a live n × inputSize tensor x.
 */
export function checkForward(fn: string, model: Pick<Model, 'blocks' | 'inputSize'>, params: unknown, x: unknown): void {
  const blocks = model.blocks;
  if (!Array.isArray(params)) fail('INVALID_ARGUMENT', fn, `params must be an array of tensors, one per block (got ${fmt(params)})`);
  if (params.length !== blocks.length) fail('SHAPE_MISMATCH', fn, `params must have ${blocks.length} blocks (got ${params.length})`);
  for (let i = 0; i < params.length; i++) {
    const t = check(fn, `params[${i}]`, params[i]);
    const want = blocks[i].shape;
    if (t.shape.length !== want.length || t.shape.some((d, j) => d !== want[j])) fail('SHAPE_MISMATCH', fn, `params[${i}] (${blocks[i].name}) must have shape [${want.join(', ')}] (got [${t.shape.join(', ')}])`);
  }
  const xt = check(fn, 'x', x);
  if (xt.shape.length !== 2 || xt.shape[1] !== model.inputSize) fail('SHAPE_MISMATCH', fn, `x must be n×${model.inputSize} (got [${xt.shape.join(', ')}])`);
}

export function checkOutput(fn: string, out: unknown, n: number, outputs: number, loss: string): Tensor {
  if (!(out instanceof Tensor)) fail('SHAPE_MISMATCH', fn, `model.forward must return a Tensor (got ${fmt(out)})`);
  if (out.shape.length !== 2 || out.shape[0] !== n || out.shape[1] !== outputs) {
    fail('SHAPE_MISMATCH', fn, `model.forward returned shape [${out.shape.join(', ')}] for ${n} rows, but the ${loss} loss needs [${n}, ${outputs}]`);
  }
  return out;
}

/** @internal The model on plain numbers (no graph): rows X (n × inputSize) → n × outputs, row-major. */
export function predict(model: Model, params: Float64Array, X: Float64Array, kind?: TaskKind, fn?: string): Float64Array {
  const n = X.length / model.inputSize;
  const run = (): Float64Array => tidy(() => noGrad(() => model.forward(model.split(params), wrap(X, [n, model.inputSize]), kind).data.slice()));
  if (fn === undefined) return run();
  // Errors of the ops inside are reported under fn; an output beyond float64 is refused rather than returned.
  const out = within(fn, run);
  for (let i = 0; i < out.length; i++) {
    if (out[i] - out[i] !== 0) fail('NON_FINITE', fn, `the output is ${fmt(out[i])} at row ${Math.floor(i / (out.length / n))}: the inputs are too large for these parameters (the products overflow float64); rescale them`);
  }
  return out;
}

/**
 * @internal The indices of the blocks `names` select: a name matches a block of that exact name or every block of
 * the layer it names (`'layer0'` → `'layer0.weight'`, `'layer0.bias'`). Throws for a name that matches nothing.
 */
export function selectBlocks(fn: string, model: Model, names: unknown, what: string): number[] {
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) fail('INVALID_OPTION', fn, `${what} must be an array of block names (got ${fmt(names)})`);
  const picked = new Set<number>();
  for (const name of names as string[]) {
    let hit = false;
    model.blocks.forEach((b, i) => {
      if (b.name === name || b.name.startsWith(`${name}.`)) {
        picked.add(i);
        hit = true;
      }
    });
    if (!hit) {
      const known = [...new Set(model.blocks.map((b) => b.name.slice(0, Math.max(0, b.name.lastIndexOf('.')) || b.name.length)))];
      fail('INVALID_OPTION', fn, `${what}: the model has no block ${fmt(name)}; its blocks are ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}`);
    }
  }
  return [...picked].sort((a, b) => a - b);
}

/** @internal A finite row-major matrix with `cols` columns and at least one row. */
export function toRows(fn: string, name: string, x: unknown, cols: number): Float64Array {
  if (!isNumericArray(x)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of numbers or a Float64Array (got ${fmt(x)})`);
  const n = x.length;
  if (n === 0) fail('EMPTY_INPUT', fn, `${name} is empty`);
  if (n % cols !== 0) fail('SHAPE_MISMATCH', fn, `${name} has ${n} values, not a multiple of ${cols} features per row`);
  let out: Float64Array;
  if (x instanceof Float64Array) out = x;
  else {
    // Entry by entry: Float64Array.from would turn '2' into 2 and a hole into NaN without a word.
    out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v: unknown = x[i];
      if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be a number (got ${fmtAt(x, i)})`);
      out[i] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    const v = out[i];
    if (v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be finite (got ${fmt(v)})`);
  }
  return out;
}

/** @internal Checks `kind` and `version` of a parsed JSON object. */
export function jsonObject(fn: string, json: unknown, kind: string, version: number): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('INVALID_JSON', fn, `json must be an object (got ${fmt(json)})`);
  const o = json as Record<string, unknown>;
  if (o.kind !== kind) fail('INVALID_JSON', fn, `kind must be '${kind}' (got ${fmt(o.kind)})`);
  if (o.version !== version) fail('INVALID_JSON', fn, `unsupported version ${fmt(o.version)} (expected ${version})`);
  return o;
}
