// The shared base of the metric-based few-shot learners (protoNet, matchingNet): an encoder (any Model) trained
// episodically; adaptation to a new task is a forward pass over its support set, no gradient step. Episode losses
// run on the fused MLP kernels when the encoder is an MLP with its fast path, else on the autodiff tape.
import { fail, fmt } from '../../internal/errors.js';
import { createRng } from '../../internal/rng.js';
import type { Rng } from '../../internal/rng.js';
import { checkInteger, checkNumber, checkOptions, isNumericArray, optionNames } from '../../internal/validate.js';
import { div, gather, log, logSoftmax, matmul, mean, mul, neg, reshape, softmax, sqrt, square, sum, add } from '../../autodiff/ops.js';
import { Tensor, noGrad, tidy, within, wrap } from '../../autodiff/tensor.js';
import { createArena } from '../../autodiff/wasm/arena.js';
import type { LossKernels } from '../../autodiff/loss-kernels.js';
import { ACTIVATION_RECORDS } from '../activations.js';
import { checkModel, checkParams, initParams, jsonObject, toRows, withApply } from '../model.js';
import type { ApplyModel, FastPath, InitScheme, Model, ModelJSON } from '../model.js';
import { Mlp, mlpFastPath } from '../models.js';
import { adam } from '../optimizers.js';
import type { Optimizer } from '../optimizers.js';
import { modelFromJSON } from '../registry.js';
import type { Task, TaskData, TaskSampler } from '../tasks.js';
import { valueAndGrad } from '../train.js';
import type { FitOptions, FitProgress, FitResult, FitValidation } from '../learners/types.js';
import { COSINE_EPS, PROTO_KERNELS, cosineAttention, matchingKernels, protoPredict } from './kernels.js';

const METRIC_OPTIONS = optionNames<MetricOptions>()('encoder', 'params', 'seed', 'init', 'temperature');
const METRIC_FIT_OPTIONS = optionNames<MetricFitOptions>()('iterations', 'metaBatchSize', 'shots', 'queryShots', 'outerOptimizer', 'seed', 'signal', 'onProgress', 'progressEvery', 'validation');

/** Which metric-based learner a {@link MetricLearner} is. */
export type MetricKind = 'protoNet' | 'matchingNet';

/** Options of {@link protoNet} and {@link matchingNet}. */
export interface MetricOptions {
  /** The embedding network: a {@link Model} of any kind whose output (n × outputSize) is the embedding. */
  encoder: Model;
  /** Initial encoder parameters (copied); default `encoder.init(seed, init)`. */
  params?: Float64Array;
  /** Seed of the default initialisation (default 0). */
  seed?: number;
  /** Initialisation scheme of the default parameters (default `'pytorch'`). */
  init?: InitScheme;
  /** matchingNet only: the attention logits are τ·cosine similarity (default 1, as in Vinyals et al.). */
  temperature?: number;
}

/** Options of {@link MetricLearner.fit}: those of the MAML family's fit; `metaBatchSize` defaults to 1 episode. */
export type MetricFitOptions = FitOptions;

/** What {@link MetricLearner.metaGradient} returns. */
export interface EpisodeGradient {
  /** Mean query loss over the episodes. */
  loss: number;
  /** Its gradient with respect to the encoder parameters. */
  grad: Float64Array;
  /** Query loss of each episode. */
  taskLosses: Float64Array;
}

/** Accuracy over evaluation episodes, from {@link MetricLearner.score}. */
export interface FewShotScore {
  /** Mean over episodes of the fraction of queries classified correctly. */
  accuracy: number;
  /** Half-width of the normal 95% interval of `accuracy`: 1.96·sd/√episodes (0 for one episode). */
  ci95: number;
  /** Mean query loss. */
  loss: number;
  /** Accuracy of each episode. */
  accuracies: Float64Array;
}

/** A classifier adapted to one support set: the support embeddings (protoNet: the class prototypes). */
export interface FewShotClassifier {
  /** Number of classes (labels 0…ways−1 of the support set). */
  readonly ways: number;
  /** Class probabilities of rows x: n × ways, row-major. */
  predict(x: Float64Array | readonly number[]): Float64Array;
  /** The most probable class of each row of x. */
  classify(x: Float64Array | readonly number[]): Int32Array;
}

/** The plain-JSON form of a {@link MetricLearner}. */
export interface MetricLearnerJSON {
  /** Always `'infometa.metricLearner'`. */
  kind: 'infometa.metricLearner';
  /** Format version, currently 1. */
  version: 1;
  /** Which learner. */
  learner: MetricKind;
  /** The encoder description (restored through {@link modelFromJSON}). */
  encoder: ModelJSON;
  /** Attention temperature (matchingNet). */
  temperature: number;
  /** Encoder parameters. */
  params: number[];
}

/** @internal One validated episode: support rows then query rows stacked, and the episode code y of kernels.ts. */
interface Prepared {
  x: Float64Array;
  y: Float64Array;
  n: number;
  ns: number;
  ways: number;
  qLabels: Int32Array;
}

/** The state of one fit, handed from the option checks to the training loop. */
interface TrainState {
  iterations: number;
  batch: number;
  shots: number;
  queryShots: number;
  every: number;
  sampler: TaskSampler;
  opt: Optimizer;
  rng: Rng;
  p: Float64Array;
  grad: Float64Array;
  g: Float64Array;
  taskLosses: Float64Array;
  losses: Float64Array;
  tasks: Task[];
  score: (it: number) => number;
  finish: (done: number, aborted: boolean) => FitResult;
  val: { every: number; record: FitValidation } | undefined;
  options: MetricFitOptions;
  exhausted: () => boolean;
}

interface FastBuffers {
  th: Float64Array;
  g: Float64Array;
  x: Float64Array;
  y: Float64Array;
  ws: Float64Array;
}

const isInt = (v: number): boolean => Number.isInteger(v) && v >= 0;

/** Rows as a finite Float64Array (`toRows`, after checking that a plain array holds only numbers). */
function rowsOf(fn: string, name: string, x: unknown, cols: number): Float64Array {
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (typeof x[i] !== 'number') fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be a number (got ${fmt(x[i])})`);
  }
  return toRows(fn, name, x, cols);
}

/** Throws DIVERGED unless every value is finite (embeddings that overflowed, e.g. from inputs near 1e308). */
function finiteOr(fn: string, what: string, a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) {
    if (a[i] - a[i] !== 0) fail('DIVERGED', fn, `${what} is not finite (got ${fmt(a[i])} at ${i}): the embeddings overflowed; scale the inputs`);
  }
  return a;
}

/**
 * A metric-based few-shot learner: Prototypical Networks ({@link protoNet}) or Matching Networks
 * ({@link matchingNet}). {@link MetricLearner.params} holds the encoder parameters; {@link MetricLearner.fit} trains
 * them episodically in place; {@link MetricLearner.adapt} turns a support set into a classifier with no gradient step.
 */
export class MetricLearner {
  /** Which learner this is. */
  readonly kind: MetricKind;
  /** The encoder (one without `apply` is given the generic one). */
  readonly encoder: ApplyModel;
  /** Attention temperature τ (matchingNet; 1 for protoNet, unused). */
  readonly temperature: number;
  /** Encoder parameters. */
  params: Float64Array;
  private readonly kernels: LossKernels;
  private readonly fast: FastPath | undefined;
  private readonly bufs = new Map<number, FastBuffers>();

  /**
   * Builds a learner; prefer {@link protoNet} and {@link matchingNet}, which validate.
   *
   * @param kind - learner kind
   * @param encoder - the encoder (validated)
   * @param params - encoder parameters (not copied)
   * @param temperature - attention temperature
   */
  constructor(kind: MetricKind, encoder: Model, params: Float64Array, temperature = 1) {
    const fn = 'MetricLearner';
    if (kind !== 'protoNet' && kind !== 'matchingNet') fail('INVALID_ARGUMENT', fn, `kind must be 'protoNet' or 'matchingNet' (got ${fmt(kind)})`);
    checkModel(fn, encoder, 'encoder', 'INVALID_ARGUMENT');
    checkParams(fn, encoder, params);
    if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature)) fail('INVALID_ARGUMENT', fn, `temperature must be a finite number > 0 (got ${fmt(temperature)})`);
    this.kind = kind;
    this.encoder = withApply(encoder);
    this.params = params;
    this.temperature = temperature;
    this.kernels = kind === 'protoNet' ? PROTO_KERNELS : matchingKernels(temperature);
    this.fast = encoder instanceof Mlp && encoder.fastPath('mse') !== undefined ? mlpFastPath(encoder.sizes, ACTIVATION_RECORDS[encoder.activation].kernels, this.kernels) : undefined;
  }

  /** Embedding dimension (the encoder's outputSize). */
  get embeddingSize(): number {
    return this.encoder.outputSize;
  }

  /** @internal Validates an episode: inputs of the encoder's width, support labels 0…ways−1 all present, query labels in range. */
  prepare(fn: string, where: string, task: unknown): Prepared {
    if (task === null || typeof task !== 'object') fail('INVALID_ARGUMENT', fn, `${where} must be an episode { support, query } (got ${fmt(task)})`);
    const t = task as Task;
    const d = this.encoder.inputSize;
    const at = (name: string): string => (where === '' ? name : `${where}.${name}`);
    const set = (name: string, s: unknown): [Float64Array, Float64Array] => {
      if (s === null || typeof s !== 'object') fail('INVALID_ARGUMENT', fn, `${at(name)} must be an object { x, y } (got ${fmt(s)})`);
      const data = s as TaskData;
      const x = rowsOf(fn, `${at(name)}.x`, data.x, d);
      if (!isNumericArray(data.y)) fail('INVALID_ARGUMENT', fn, `${at(name)}.y must be an array of class labels (got ${fmt(data.y)})`);
      const y = Float64Array.from(data.y as ArrayLike<number>);
      if (y.length !== x.length / d) fail('SHAPE_MISMATCH', fn, `${at(name)}.y has ${y.length} labels for ${x.length / d} rows`);
      for (let i = 0; i < y.length; i++) if (!isInt(y[i])) fail('INVALID_LABELS', fn, `${at(name)}.y[${i}] must be a class label 0, 1, 2, … (got ${fmt(y[i])})`);
      return [x, y];
    };
    const [sx, sy] = set('support', t.support);
    const [qx, qy] = set('query', t.query);
    let ways = 0;
    for (const v of sy) ways = Math.max(ways, v + 1);
    const seen = new Uint8Array(ways);
    for (const v of sy) seen[v] = 1;
    const missing = seen.indexOf(0);
    if (missing >= 0) fail('INVALID_LABELS', fn, `${at('support')}.y has no example of class ${missing} (labels must be 0…${ways - 1}, each with at least one support example)`);
    for (let i = 0; i < qy.length; i++) if (qy[i] >= ways) fail('INVALID_LABELS', fn, `${at('query')}.y[${i}] = ${qy[i]} is not a class of the support set (0…${ways - 1})`);
    const ns = sy.length, n = ns + qy.length;
    const x = new Float64Array(n * d);
    x.set(sx);
    x.set(qx, sx.length);
    const y = new Float64Array(n);
    y.set(sy);
    for (let i = 0; i < qy.length; i++) y[ns + i] = -1 - qy[i];
    return { x, y, n, ns, ways, qLabels: Int32Array.from(qy) };
  }

  /** @internal The episode loss built on the tape at encoder tensors `theta`. */
  lossGraph(fn: string, theta: readonly Tensor[], e: Prepared): Tensor {
    const { n, ns, ways } = e;
    const nq = n - ns;
    const Z = this.forward(fn, theta, wrap(e.x, [n, this.encoder.inputSize]), n);
    const selQ = new Float64Array(nq * n);
    for (let i = 0; i < nq; i++) selQ[i * n + ns + i] = 1;
    const Q = matmul(wrap(selQ, [nq, n]), Z);
    if (this.kind === 'protoNet') {
      const avg = new Float64Array(ways * n), cnt = new Float64Array(ways);
      for (let j = 0; j < ns; j++) cnt[e.y[j]]++;
      for (let j = 0; j < ns; j++) avg[e.y[j] * n + j] = 1 / cnt[e.y[j]];
      const S = matmul(wrap(avg, [ways, n]), Z);
      const d2 = add(add(sum(square(Q), 1), reshape(sum(square(S), 1), [1, ways])), mul(matmul(Q, S, false, true), -2));
      return mean(neg(gather(logSoftmax(neg(d2), 1), e.qLabels)));
    }
    const selS = new Float64Array(ns * n), hot = new Float64Array(ns * ways);
    for (let j = 0; j < ns; j++) {
      selS[j * n + j] = 1;
      hot[j * ways + e.y[j]] = 1;
    }
    const unit = (T: Tensor): Tensor => div(T, sqrt(add(sum(square(T), 1), COSINE_EPS)));
    const S = matmul(wrap(selS, [ns, n]), Z);
    const A = softmax(mul(matmul(unit(Q), unit(S), false, true), this.temperature), 1);
    return mean(neg(log(gather(matmul(A, wrap(hot, [ns, ways])), e.qLabels))));
  }

  /** The encoder's forward pass, checked to be an n × embeddingSize matrix. */
  private forward(fn: string, theta: readonly Tensor[], x: Tensor, n: number): Tensor {
    const out: unknown = this.encoder.forward(theta, x);
    if (!(out instanceof Tensor) || out.shape.length !== 2 || out.shape[0] !== n || out.shape[1] !== this.encoder.outputSize) {
      const got = out instanceof Tensor ? `shape [${out.shape.join(', ')}]` : fmt(out);
      fail('SHAPE_MISMATCH', fn, `encoder.forward must return an n × ${this.encoder.outputSize} matrix of embeddings (got ${got} for n = ${n})`);
    }
    return out;
  }

  /** @internal Loss and gradient of one episode at `params` into g (fused MLP kernels when available). */
  episodeGrad(fn: string, params: Float64Array, e: Prepared, g: Float64Array): number {
    if (this.fast !== undefined) {
      const b = this.buffers(e.n);
      b.th.set(params);
      b.x.set(e.x);
      b.y.set(e.y);
      const l = this.fast.valueGrad(b.th, b.x, b.y, b.ws, b.g);
      g.set(b.g);
      return l;
    }
    // Inside within(): an op's error is reported under fn, and a non-finite loss or gradient is the caller's DIVERGED.
    return within(fn, () => valueAndGrad(params, [{ model: this.encoder, offset: 0 }], ([theta]) => this.lossGraph(fn, theta, e), g));
  }

  private buffers(n: number): FastBuffers {
    let b = this.bufs.get(n);
    if (b === undefined) {
      const P = this.encoder.numParams, d = this.encoder.inputSize;
      const fast = this.fast as FastPath;
      const ws = fast.workspace(n).ws;
      const arena = createArena(2 * P + n * d + n + ws, fast.maxDim(n));
      b = { th: arena.alloc(P), g: arena.alloc(P), x: arena.alloc(n * d), y: arena.alloc(n), ws: arena.alloc(ws) };
      this.bufs.set(n, b);
    }
    return b;
  }

  private checkOwn(fn: string, params: unknown): Float64Array {
    return checkParams(fn, this.encoder, params);
  }

  /**
   * Embeddings of rows x under the encoder: n × embeddingSize, row-major.
   *
   * Cost: one forward pass.
   *
   * @param x - rows (n × inputSize, row-major)
   * @param params - encoder parameters (default {@link MetricLearner.params})
   * @returns the embeddings
   * @throws InfometaError `INVALID_ARGUMENT` / `SHAPE_MISMATCH` / `NON_FINITE` / `EMPTY_INPUT` for bad rows or params
   * @example
   * ```ts
   * import { protoNet, mlp } from 'infometa';
   * const net = protoNet({ encoder: mlp({ sizes: [2, 8, 3] }) });
   * console.log(net.embed([1, 2, 3, 4]).length); // 6
   * ```
   */
  embed(x: Float64Array | readonly number[], params?: Float64Array): Float64Array {
    const fn = `${this.kind}.embed`;
    const p = this.checkOwn(fn, params ?? this.params);
    const X = rowsOf(fn, 'x', x, this.encoder.inputSize);
    const n = X.length / this.encoder.inputSize;
    return finiteOr(fn, 'an embedding', within(fn, () => tidy(() => noGrad(() => this.forward(fn, this.encoder.split(p), wrap(X, [n, this.encoder.inputSize]), n).data.slice()))));
  }

  /**
   * Adapts to a task without a gradient step: embeds the support set once (protoNet: the class prototypes, the mean
   * embedding of each class; matchingNet: every support embedding with its label) and returns a classifier of new
   * rows. Labels must be 0…ways−1, each with at least one example.
   *
   * Cost: one forward pass over the support set; each prediction one over its rows plus O(rows · support · D).
   *
   * @param support - the support set { x, y }
   * @returns a {@link FewShotClassifier}
   * @throws InfometaError `INVALID_LABELS` for labels that are not 0…ways−1 with every class present; as
   *   {@link MetricLearner.embed} for bad rows
   * @example
   * ```ts
   * import { protoNet, linear } from 'infometa';
   * const net = protoNet({ encoder: linear({ inputSize: 1, outputSize: 1 }), params: new Float64Array([1, 0]) });
   * const clf = net.adapt({ x: [0, 10], y: [0, 1] });
   * console.log(Array.from(clf.classify([1, 9, 4]))); // [ 0, 1, 0 ]
   * ```
   */
  adapt(support: TaskData): FewShotClassifier {
    const fn = `${this.kind}.adapt`;
    const p = this.checkOwn(fn, this.params);
    const e = this.prepare(fn, '', { support, query: support }); // the query part is not used
    return this.classifier(fn, p, e);
  }

  private classifier(fn: string, p: Float64Array, e: Prepared): FewShotClassifier {
    const D = this.encoder.outputSize, d = this.encoder.inputSize;
    const S = this.embed(e.x.subarray(0, e.ns * d), p);
    const labels = e.y.subarray(0, e.ns);
    const { ways, ns } = e;
    const kind = this.kind, tau = this.temperature;
    const predict = (x: Float64Array | readonly number[]): Float64Array => {
      const Q = this.embed(rowsOf(fn, 'x', x, d), p);
      const nq = Q.length / D;
      if (kind === 'protoNet') return finiteOr(fn, 'a class probability', protoPredict(ns, nq, D, S, labels, Q, ways));
      const a = cosineAttention(ns, nq, D, S, Q, tau);
      const out = new Float64Array(nq * ways);
      for (let i = 0; i < nq; i++) for (let j = 0; j < ns; j++) out[i * ways + labels[j]] += a[i * ns + j];
      return finiteOr(fn, 'a class probability', out);
    };
    return {
      ways,
      predict,
      classify(x) {
        const P = predict(x);
        const out = new Int32Array(P.length / ways);
        for (let i = 0; i < out.length; i++) {
          let best = 0;
          for (let c = 1; c < ways; c++) if (P[i * ways + c] > P[i * ways + best]) best = c;
          out[i] = best;
        }
        return out;
      },
    };
  }

  /**
   * The query loss of an episode (the number episodic training minimises): protoNet, the mean of
   * −log softmax(−‖f(x) − μ_c‖²)[y] over the queries; matchingNet, the mean of −log Σ_{support j of class y} a(x, x_j).
   *
   * Cost: one forward pass over support and query rows, O(queries · ways · D) (matchingNet: · support).
   *
   * @param task - an episode (support labels 0…ways−1, query labels among them)
   * @returns the query loss in nats
   * @throws InfometaError as {@link MetricLearner.adapt}; `SHAPE_MISMATCH` for an encoder whose output is not an
   *   n × embeddingSize matrix
   * @example
   * ```ts
   * import { protoNet, linear } from 'infometa';
   * const net = protoNet({ encoder: linear({ inputSize: 1, outputSize: 1 }), params: new Float64Array([1, 0]) });
   * console.log(net.evaluate({ support: { x: [0, 1], y: [0, 1] }, query: { x: [0], y: [0] } }).toFixed(4)); // 0.3133
   * ```
   */
  evaluate(task: Task): number {
    const fn = `${this.kind}.evaluate`;
    const p = this.checkOwn(fn, this.params);
    return this.lossAt(fn, p, this.prepare(fn, 'task', task));
  }

  private lossAt(fn: string, p: Float64Array, e: Prepared): number {
    let l: number;
    if (this.fast !== undefined) {
      const b = this.buffers(e.n);
      b.th.set(p);
      b.x.set(e.x);
      b.y.set(e.y);
      l = this.fast.value(b.th, b.x, b.y, b.ws);
    } else {
      l = within(fn, () => tidy(() => noGrad(() => this.lossGraph(fn, this.encoder.split(p), e).item())));
    }
    if (l - l !== 0) fail('DIVERGED', fn, `the query loss is not finite (got ${fmt(l)}): the embeddings overflowed or a query is infinitely far from its class; scale the inputs`);
    return l;
  }

  /**
   * Accuracy and query loss over evaluation episodes (e.g. `sampler.episodes(600, seed)`), with the 95% interval
   * the few-shot literature reports: mean accuracy ± 1.96·sd/√episodes.
   *
   * Cost: one {@link MetricLearner.adapt} and one prediction per episode.
   *
   * @param tasks - a non-empty array of episodes
   * @returns accuracy, its 95% half-width, mean loss and the per-episode accuracies
   * @throws InfometaError `EMPTY_INPUT` for no episodes; as {@link MetricLearner.evaluate} for a bad episode (named)
   * @example
   * ```ts
   * import { protoNet, linear } from 'infometa';
   * const net = protoNet({ encoder: linear({ inputSize: 1, outputSize: 1 }), params: new Float64Array([1, 0]) });
   * const s = net.score([{ support: { x: [0, 10], y: [0, 1] }, query: { x: [1, 9, 6], y: [0, 1, 0] } }]);
   * console.log(s.accuracy.toFixed(3), s.ci95); // 0.667 0
   * ```
   */
  score(tasks: readonly Task[]): FewShotScore {
    const fn = `${this.kind}.score`;
    if (!Array.isArray(tasks)) fail('INVALID_ARGUMENT', fn, `tasks must be an array of episodes (got ${fmt(tasks)})`);
    if (tasks.length === 0) fail('EMPTY_INPUT', fn, 'tasks is empty');
    const p = this.checkOwn(fn, this.params);
    const d = this.encoder.inputSize;
    this.prepare(fn, 'tasks[0]', tasks[0]);
    const accuracies = new Float64Array(tasks.length);
    let loss = 0;
    for (let i = 0; i < tasks.length; i++) {
      const e = this.prepare(fn, `tasks[${i}]`, tasks[i]);
      loss += this.lossAt(fn, p, e);
      const pred = this.classifier(fn, p, e).classify(e.x.subarray(e.ns * d));
      let ok = 0;
      for (let j = 0; j < pred.length; j++) if (pred[j] === e.qLabels[j]) ok++;
      accuracies[i] = ok / pred.length;
    }
    const T = tasks.length;
    const m = accuracies.reduce((a, b) => a + b, 0) / T;
    const sd = T > 1 ? Math.sqrt(accuracies.reduce((a, b) => a + (b - m) ** 2, 0) / (T - 1)) : 0;
    return { accuracy: m, ci95: (1.96 * sd) / Math.sqrt(T), loss: loss / T, accuracies };
  }

  /**
   * The mean query loss over episodes and its exact gradient with respect to the encoder parameters (what one
   * training step follows).
   *
   * Cost: one forward and backward pass per episode.
   *
   * @param tasks - a non-empty array of episodes
   * @param params - encoder parameters (default {@link MetricLearner.params})
   * @returns mean loss, gradient and per-episode losses
   * @throws InfometaError `EMPTY_INPUT` for no episodes; as {@link MetricLearner.evaluate}; `DIVERGED` for a
   *   non-finite loss or gradient (naming the episode)
   * @example
   * ```ts
   * import { protoNet, linear } from 'infometa';
   * const net = protoNet({ encoder: linear({ inputSize: 1, outputSize: 1 }), params: new Float64Array([1, 0]) });
   * const { grad } = net.metaGradient([{ support: { x: [0, 1], y: [0, 1] }, query: { x: [0], y: [0] } }]);
   * console.log(Array.from(grad, (v) => v.toFixed(4))); // [ '-0.5379', '0.0000' ]
   * ```
   */
  metaGradient(tasks: readonly Task[], params?: Float64Array): EpisodeGradient {
    const fn = `${this.kind}.metaGradient`;
    const p = this.checkOwn(fn, params ?? this.params);
    if (!Array.isArray(tasks)) fail('INVALID_ARGUMENT', fn, `tasks must be an array of episodes (got ${fmt(tasks)})`);
    if (tasks.length === 0) fail('EMPTY_INPUT', fn, 'tasks is empty');
    const grad = new Float64Array(p.length);
    const taskLosses = new Float64Array(tasks.length);
    const loss = this.batchGrad(fn, p, tasks, grad, taskLosses, new Float64Array(p.length), -1);
    return { loss, grad, taskLosses };
  }

  private batchGrad(fn: string, p: Float64Array, tasks: readonly Task[], grad: Float64Array, losses: Float64Array, g: Float64Array, it: number): number {
    grad.fill(0);
    const T = tasks.length;
    let total = 0;
    for (let t = 0; t < T; t++) {
      const l = this.episodeGrad(fn, p, this.prepare(fn, `tasks[${t}]`, tasks[t]), g);
      let ok = l - l === 0;
      for (let i = 0; i < g.length; i++) {
        grad[i] += g[i] / T;
        if (g[i] - g[i] !== 0) ok = false;
      }
      if (!ok) fail('DIVERGED', fn, `the loss or its gradient became non-finite ${it >= 0 ? `at iteration ${it}, ` : ''}episode ${t} (loss ${fmt(l)}); lower the learning rate`);
      losses[t] = l;
      total += l;
    }
    return total / T;
  }

  /**
   * Trains the encoder episodically in place: each iteration samples `metaBatchSize` episodes (default 1) from the
   * sampler with `shots` and `queryShots` per class (default the sampler's own, else 1 and 15), and takes one step of
   * the outer optimizer on their mean query loss. `signal`, `onProgress` and `validation` behave as in
   * {@link MetaLearner.fit}: validation episodes are scored (mean query loss) before training and every `every`
   * iterations, the best parameters are kept, `patience` stops early. Validation episodes that carry their classes
   * (from {@link fewShotTasks}) must not share a class with the training sampler.
   *
   * Cost: `iterations × metaBatchSize` episode gradients, plus the validation episodes' losses.
   *
   * @param sampler - the episode source (e.g. {@link fewShotTasks} over the meta-train classes)
   * @param options - `iterations`, `metaBatchSize`, `shots`, `queryShots`, `outerOptimizer` (Adam, lr 1e-3), `seed`,
   *   `signal`, `onProgress`, `progressEvery`, `validation`
   * @returns completed iterations, whether aborted, the loss curve and the validation record
   * @throws InfometaError `INVALID_OPTION` for bad options, or validation episodes whose classes overlap the training
   *   classes; `SHAPE_MISMATCH` when the sampler's inputSize is not the encoder's; `DIVERGED` as
   *   {@link MetricLearner.metaGradient}
   * @example
   * ```ts
   * import { protoNet, mlp, fewShotTasks } from 'infometa';
   * const x = Array.from({ length: 40 }, (_, i) => [i % 4, (i * 7) % 5]);
   * const y = x.map((r) => r[0]);
   * const net = protoNet({ encoder: mlp({ sizes: [2, 8, 4] }) });
   * const res = net.fit(fewShotTasks(x, y, { ways: 2, shots: 2, queryShots: 3 }), { iterations: 5 });
   * console.log(res.iterations, res.aborted); // 5 false
   * ```
   */
  fit(sampler: TaskSampler, options: MetricFitOptions): FitResult {
    const fn = `${this.kind}.fit`;
    checkOptions(fn, options, METRIC_FIT_OPTIONS);
    if (options === undefined) fail('INVALID_OPTION', fn, 'options with iterations are required');
    const iterations = checkInteger(fn, 'iterations', options.iterations, NaN, 0);
    if (Number.isNaN(iterations)) fail('INVALID_OPTION', fn, 'iterations is required');
    if (sampler === null || typeof sampler !== 'object' || typeof sampler.sample !== 'function') fail('INVALID_ARGUMENT', fn, `sampler must be a TaskSampler (got ${fmt(sampler)})`);
    if (sampler.inputSize !== this.encoder.inputSize) fail('SHAPE_MISMATCH', fn, `sampler produces rows of ${sampler.inputSize} features but the encoder takes ${this.encoder.inputSize}`);
    const own = sampler as Partial<{ shots: number; queryShots: number; classes: readonly unknown[] }>;
    const batch = checkInteger(fn, 'metaBatchSize', options.metaBatchSize, 1, 1);
    const shots = checkInteger(fn, 'shots', options.shots, typeof own.shots === 'number' ? own.shots : 1, 1);
    const queryShots = checkInteger(fn, 'queryShots', options.queryShots, typeof own.queryShots === 'number' ? own.queryShots : 15, 1);
    const seed = checkNumber(fn, 'seed', options.seed, 0);
    const every = checkInteger(fn, 'progressEvery', options.progressEvery, 100, 1);
    const opt = options.outerOptimizer ?? adam({ lr: 1e-3 });
    if (opt === null || typeof opt !== 'object' || typeof opt.step !== 'function') fail('INVALID_OPTION', fn, `outerOptimizer must be an Optimizer (got ${fmt(opt)})`);
    const sig: unknown = options.signal;
    if (sig !== undefined && (sig === null || typeof sig !== 'object' || typeof (sig as { aborted?: unknown }).aborted !== 'boolean')) fail('INVALID_OPTION', fn, `signal must be an AbortSignal (got ${fmt(sig)})`);
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') fail('INVALID_OPTION', fn, `onProgress must be a function (got ${fmt(options.onProgress)})`);
    const val = options.validation === undefined ? undefined : this.validation(fn, options.validation, own.classes);
    const p = this.checkOwn(fn, this.params);
    const rng = createRng(seed);
    const grad = new Float64Array(p.length), g = new Float64Array(p.length);
    const taskLosses = new Float64Array(batch);
    const losses = new Float64Array(iterations);
    const tasks: Task[] = new Array<Task>(batch);
    let best: Float64Array | undefined;
    let sinceBest = 0;
    const score = (it: number): number => {
      const v = val as NonNullable<typeof val>;
      let total = 0;
      for (const e of v.tasks) total += this.lossAt(fn, p, e);
      const l = total / v.tasks.length;
      const r = v.record;
      r.iterations.push(it);
      r.losses.push(l);
      if (l < r.bestLoss) {
        r.bestLoss = l;
        r.bestIteration = it;
        best = p.slice();
        sinceBest = 0;
      } else sinceBest++;
      return l;
    };
    const finish = (done: number, aborted: boolean): FitResult => {
      if (best !== undefined) p.set(best);
      const res: FitResult = { iterations: done, aborted, losses: done === iterations ? losses : losses.slice(0, done) };
      if (val !== undefined) res.validation = val.record;
      return res;
    };
    const start = p.slice();
    try {
      return this.train(fn, { iterations, batch, shots, queryShots, every, sampler, opt, rng, p, grad, g, taskLosses, losses, tasks, score, finish, val, options, exhausted: () => val !== undefined && sinceBest >= val.patience });
    } catch (e) {
      // A failed fit leaves the learner as it was (a DIVERGED iteration, a throwing onProgress).
      p.set(start);
      throw e;
    }
  }

  private train(fn: string, s: TrainState): FitResult {
    const { iterations, batch, shots, queryShots, every, sampler, opt, rng, p, grad, g, taskLosses, losses, tasks, score, finish, val, options } = s;
    if (val !== undefined) score(0);
    for (let it = 0; it < iterations; it++) {
      if (options.signal?.aborted) return finish(it, true);
      for (let t = 0; t < batch; t++) tasks[t] = sampler.sample(rng, shots, queryShots);
      const l = this.batchGrad(fn, p, tasks, grad, taskLosses, g, it);
      opt.step(p, grad);
      losses[it] = l;
      const scored = val !== undefined && (it + 1) % val.every === 0;
      const vl = scored ? score(it + 1) : undefined;
      if (options.onProgress !== undefined && ((it + 1) % every === 0 || it + 1 === iterations || scored)) {
        const pr: FitProgress = { iteration: it + 1, iterations, loss: l };
        if (vl !== undefined) pr.validationLoss = vl;
        if (val !== undefined) pr.bestValidationLoss = val.record.bestLoss;
        options.onProgress(pr);
      }
      if (val !== undefined && s.exhausted()) {
        val.record.stoppedEarly = it + 1 < iterations;
        return finish(it + 1, false);
      }
    }
    return finish(iterations, false);
  }

  private validation(fn: string, v: NonNullable<FitOptions['validation']>, trainClasses: readonly unknown[] | undefined): { tasks: Prepared[]; every: number; patience: number; record: FitValidation } {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail('INVALID_OPTION', fn, `validation must be an object { tasks, every, patience } (got ${fmt(v)})`);
    if (!Array.isArray(v.tasks) || v.tasks.length === 0) fail('INVALID_OPTION', fn, `validation.tasks must be a non-empty array of episodes (got ${fmt(v.tasks)})`);
    const every = checkInteger(fn, 'validation.every', v.every, 100, 1);
    const patience = v.patience === undefined ? Infinity : checkInteger(fn, 'validation.patience', v.patience, 1, 1);
    if (v.steps !== undefined) fail('INVALID_OPTION', fn, 'validation.steps does not apply: a metric learner adapts without gradient steps');
    const train = Array.isArray(trainClasses) ? new Set(trainClasses) : undefined;
    const tasks = v.tasks.map((t, i) => {
      const cls = t !== null && typeof t === 'object' ? (t as { classes?: unknown }).classes : undefined;
      if (train !== undefined && Array.isArray(cls)) {
        const shared = cls.find((c) => train.has(c));
        if (shared !== undefined) fail('INVALID_OPTION', fn, `validation.tasks[${i}] uses class ${fmt(shared)}, which the training sampler also draws from: meta-train and meta-validation classes must be disjoint (see splitClasses)`);
      }
      return this.prepare(fn, `validation.tasks[${i}]`, t);
    });
    return { tasks, every, patience, record: { iterations: [], losses: [], bestIteration: 0, bestLoss: Infinity, stoppedEarly: false } };
  }

  /** The learner, its encoder description and parameters as plain JSON. */
  toJSON(): MetricLearnerJSON {
    return { kind: 'infometa.metricLearner', version: 1, learner: this.kind, encoder: this.encoder.toJSON(), temperature: this.temperature, params: Array.from(this.params) };
  }

  /**
   * Restores a learner from {@link MetricLearner.toJSON} output. The encoder is rebuilt by {@link modelFromJSON}
   * (register a custom model's kind with {@link registerModel} first).
   *
   * @param json - parsed JSON
   * @returns the learner with its parameters
   * @throws InfometaError `INVALID_JSON` for a wrong kind or version, an unknown learner, malformed fields or an
   *   unknown encoder kind
   * @example
   * ```ts
   * import { protoNet, mlp, MetricLearner } from 'infometa';
   * const a = protoNet({ encoder: mlp({ sizes: [2, 8, 3] }), seed: 1 });
   * const b = MetricLearner.fromJSON(JSON.parse(JSON.stringify(a)));
   * console.log(b.kind, b.params[5] === a.params[5]); // protoNet true
   * ```
   */
  static fromJSON(json: unknown): MetricLearner {
    const fn = 'MetricLearner.fromJSON';
    const o = jsonObject(fn, json, 'infometa.metricLearner', 1);
    if (o.learner !== 'protoNet' && o.learner !== 'matchingNet') fail('INVALID_JSON', fn, `unknown learner ${fmt(o.learner)}`);
    const encoder = checkModel(fn, modelFromJSON(o.encoder, fn), 'encoder', 'INVALID_JSON');
    const t = o.temperature;
    if (typeof t !== 'number' || !(t > 0) || !Number.isFinite(t)) fail('INVALID_JSON', fn, `temperature must be a finite number > 0 (got ${fmt(t)})`);
    const p = o.params;
    if (!Array.isArray(p) || p.length !== encoder.numParams || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) fail('INVALID_JSON', fn, `params must be ${encoder.numParams} finite numbers`);
    return new MetricLearner(o.learner, encoder, Float64Array.from(p as number[]), t);
  }
}

/** @internal Validates the options of {@link protoNet} / {@link matchingNet} and builds the learner. */
export function buildMetric(fn: string, kind: MetricKind, options: MetricOptions): MetricLearner {
  checkOptions(fn, options, METRIC_OPTIONS);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options with an encoder are required');
  const encoder = checkModel(fn, options.encoder, 'encoder');
  if (kind === 'protoNet' && options.temperature !== undefined) fail('INVALID_OPTION', fn, 'temperature applies to matchingNet only');
  const temperature = checkNumber(fn, 'temperature', options.temperature, 1, Number.MIN_VALUE);
  const params = options.params !== undefined ? checkParams(fn, encoder, options.params).slice() : initParams(fn, encoder, options.seed ?? 0, options.init ?? 'pytorch');
  // An encoder whose output is not a matrix of embeddings fails here, not in the middle of training.
  const probe: unknown = within(fn, () => tidy(() => noGrad(() => {
    const out: unknown = encoder.forward(encoder.split(params), wrap(new Float64Array(2 * encoder.inputSize), [2, encoder.inputSize]));
    return out instanceof Tensor ? out.shape.slice() : out;
  })));
  if (!Array.isArray(probe) || probe.length !== 2 || probe[0] !== 2 || probe[1] !== encoder.outputSize) {
    fail('SHAPE_MISMATCH', fn, `encoder.forward must return an n × outputSize (${encoder.outputSize}) matrix of embeddings (got ${Array.isArray(probe) ? `shape [${probe.join(', ')}]` : fmt(probe)} for 2 rows)`);
  }
  return new MetricLearner(kind, encoder, params, temperature);
}
