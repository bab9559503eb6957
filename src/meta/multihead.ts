// multiHead({ body, heads }): one shared body and one head per task kind, so a single learner meta-trains on a
// stream that mixes regression and classification tasks, each task routed to its kind's head and scored by its own
// loss.
import { fail, fmt } from '../internal/errors.js';
import { checkOptions } from '../internal/validate.js';
import type { Tensor } from '../autodiff/tensor.js';
import { TASK_KINDS, isTaskKind } from './losses.js';
import type { TaskKind } from './losses.js';
import { checkForward, checkModel, checkParams, jsonObject, predict, toRows } from './model.js';
import type { ApplyModel, InitScheme, Model, ModelJSON, ParamBlock, ParamRange, Route } from './model.js';
import { modelFromJSON } from './registry.js';

/** Options of {@link multiHead}. */
export interface MultiHeadOptions {
  /** The shared body: inputs → features. */
  body: Model;
  /** One head per task kind (its input size is the body's output size), e.g. `{ regression, classification }`. */
  heads: Partial<Record<TaskKind, Model>>;
}

/** The plain-JSON form of a {@link multiHead} model. */
export interface MultiHeadJSON extends ModelJSON {
  /** Always `'infometa.multihead'`. */
  kind: 'infometa.multihead';
  /** Format version, currently 1. */
  version: 1;
  /** The body's JSON. */
  body: ModelJSON;
  /** Each head's JSON, by kind. */
  heads: Partial<Record<TaskKind, ModelJSON>>;
}

/** A model made by {@link multiHead}. */
export interface MultiHeadModel extends ApplyModel {
  /** The shared body. */
  readonly body: Model;
  /** The kinds with a head, in parameter order. */
  readonly kinds: readonly TaskKind[];
  /** The head serving `kind`: its output size and its parameter range; undefined for a kind without a head. */
  route(kind: TaskKind): Route | undefined;
  /** The body followed by the head of `kind` on tensors (`kind` is required). */
  forward(params: readonly Tensor[], x: Tensor, kind?: TaskKind): Tensor;
  /** The model on plain numbers for tasks of `kind` (required): rows x → n × that head's outputs. */
  apply(params: Float64Array, x: Float64Array | readonly number[], kind?: TaskKind): Float64Array;
  /** The architecture as plain JSON. */
  toJSON(): MultiHeadJSON;
}

class MultiHead implements MultiHeadModel {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly numParams: number;
  readonly blocks: readonly ParamBlock[];
  readonly head: ParamRange;
  readonly kinds: readonly TaskKind[];
  private readonly heads: Model[];
  private readonly offsets: number[];

  constructor(readonly body: Model, heads: Partial<Record<TaskKind, Model>>) {
    this.kinds = Object.keys(heads) as TaskKind[];
    this.heads = this.kinds.map((k) => heads[k] as Model);
    this.inputSize = body.inputSize;
    this.outputSize = this.heads[0].outputSize;
    const blocks: ParamBlock[] = body.blocks.map((b) => ({ ...b, name: `body.${b.name}` }));
    this.offsets = [];
    let off = body.numParams;
    this.heads.forEach((h, i) => {
      this.offsets.push(off);
      for (const b of h.blocks) blocks.push({ offset: off + b.offset, shape: b.shape, name: `${this.kinds[i]}.${b.name}` });
      off += h.numParams;
    });
    this.blocks = blocks;
    this.numParams = off;
    this.head = { start: body.numParams, end: off };
  }

  route(kind: TaskKind): Route | undefined {
    const i = this.kinds.indexOf(kind);
    if (i < 0) return undefined;
    return { outputSize: this.heads[i].outputSize, head: { start: this.offsets[i], end: this.offsets[i] + this.heads[i].numParams } };
  }

  init(seed = 0, scheme: InitScheme = 'pytorch'): Float64Array {
    const p = new Float64Array(this.numParams);
    p.set(this.body.init(seed, scheme));
    this.heads.forEach((h, i) => p.set(h.init(seed + i + 1, scheme), this.offsets[i]));
    return p;
  }

  forward(params: readonly Tensor[], x: Tensor, kind?: TaskKind): Tensor {
    const fn = 'multiHead.forward';
    if (kind === undefined) fail('INVALID_ARGUMENT', fn, `kind is required: this model has a head per kind (${this.kinds.join(', ')})`);
    const i = this.kinds.indexOf(kind);
    if (i < 0) fail('INVALID_ARGUMENT', fn, `no head for kind ${fmt(kind)} (heads: ${this.kinds.join(', ')})`);
    checkForward(fn, this, params, x);
    const nb = this.body.blocks.length;
    let start = nb;
    for (let k = 0; k < i; k++) start += this.heads[k].blocks.length;
    const h = this.body.forward(params.slice(0, nb), x);
    return this.heads[i].forward(params.slice(start, start + this.heads[i].blocks.length), h);
  }

  split(params: Float64Array, requiresGrad = false): Tensor[] {
    if (!(params instanceof Float64Array) || params.length !== this.numParams) fail('SHAPE_MISMATCH', 'multiHead.split', `params must be a Float64Array of length ${this.numParams} (got ${fmt(params)})`);
    const out = this.body.split(params.subarray(0, this.body.numParams), requiresGrad);
    this.heads.forEach((h, i) => out.push(...h.split(params.subarray(this.offsets[i], this.offsets[i] + h.numParams), requiresGrad)));
    return out;
  }

  apply(params: Float64Array, x: Float64Array | readonly number[], kind?: TaskKind): Float64Array {
    const fn = 'multiHead.apply';
    return predict(this, checkParams(fn, this, params), toRows(fn, 'x', x, this.inputSize), kind, fn);
  }

  toJSON(): MultiHeadJSON {
    const heads: Partial<Record<TaskKind, ModelJSON>> = {};
    this.kinds.forEach((k, i) => (heads[k] = this.heads[i].toJSON()));
    return { kind: 'infometa.multihead', version: 1, body: this.body.toJSON(), heads };
  }
}

/**
 * A shared body with one head per task kind, for meta-training one learner on a stream that mixes kinds (e.g.
 * sinusoid regression and 2-way classification): each task says its `kind`, runs through the body and that kind's
 * head, and is scored by its own loss (`'regression'` → mean squared error, `'classification'` → softmax
 * cross-entropy, …). Blocks are named `body.<name>` and `<kind>.<name>`; ANIL adapts the task's own head. It trains
 * on the autodiff tape. (A model of your own can route instead: give it `kinds`, `route(kind)` and a
 * `forward(params, x, kind)`.)
 *
 * Cost: O(number of blocks).
 *
 * @param options - `body`, `heads`
 * @returns the model
 * @throws InfometaError `INVALID_OPTION` for a missing or malformed body or head, no heads, a kind outside the
 *   vocabulary, or a head whose input size differs from the body's output size
 * @example
 * ```ts
 * import { linear, multiHead, sequential } from 'infometa';
 * const body = sequential([{ dense: 40 }, 'relu', { dense: 40 }, 'relu'], { inputSize: 1 });
 * const heads = { regression: linear({ inputSize: 40, outputSize: 1 }), classification: linear({ inputSize: 40, outputSize: 2 }) };
 * const net = multiHead({ body, heads });
 * console.log(net.kinds, net.route('classification')?.outputSize, net.numParams); // [ 'regression', 'classification' ] 2 1843
 * ```
 */
export function multiHead(options: MultiHeadOptions): MultiHeadModel {
  const fn = 'multiHead';
  checkOptions(fn, options, ['body', 'heads']);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options { body, heads } are required');
  const body = checkModel(fn, options.body, 'body');
  const heads = options.heads;
  if (heads === null || typeof heads !== 'object' || Array.isArray(heads) || Object.keys(heads).length === 0) fail('INVALID_OPTION', fn, `heads must be an object with one model per task kind (got ${fmt(heads)})`);
  for (const [k, h] of Object.entries(heads)) {
    if (!isTaskKind(k)) fail('INVALID_OPTION', fn, `heads: unknown task kind ${fmt(k)}; expected one of ${TASK_KINDS.map((t) => `'${t}'`).join(', ')}`);
    const m = checkModel(fn, h, `heads.${k}`);
    if (m.inputSize !== body.outputSize) fail('INVALID_OPTION', fn, `heads.${k} takes ${m.inputSize} inputs but the body gives ${body.outputSize} features`);
  }
  return new MultiHead(body, heads);
}

/** @internal Rebuilds a {@link multiHead} model from its JSON (body and heads through the model registry). */
export function multiHeadFromJSON(json: unknown): MultiHeadModel {
  const fn = 'multiHead.fromJSON';
  const o = jsonObject(fn, json, 'infometa.multihead', 1);
  const h = o.heads;
  if (h === null || typeof h !== 'object' || Array.isArray(h)) fail('INVALID_JSON', fn, 'heads must be an object of model JSON by kind');
  const heads: Partial<Record<TaskKind, Model>> = {};
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
    if (!isTaskKind(k)) fail('INVALID_JSON', fn, `unknown task kind ${fmt(k)}`);
    heads[k] = modelFromJSON(v, fn);
  }
  try {
    return multiHead({ body: modelFromJSON(o.body, fn), heads });
  } catch (e) {
    if ((e as { code?: string }).code === 'INVALID_OPTION') fail('INVALID_JSON', fn, (e as Error).message);
    throw e;
  }
}
