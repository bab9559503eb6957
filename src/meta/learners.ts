import { fail, fmt } from '../internal/errors.js';
import { createRng } from '../internal/rng.js';
import { checkBoolean, checkChoice, checkInteger, checkNumber, checkOptions, isNumericArray } from '../internal/validate.js';
import { grad } from '../autodiff/grad.js';
import { mul, sub } from '../autodiff/ops.js';
import { Tensor, noGrad, tidy, wrap } from '../autodiff/tensor.js';
import { ACT_IDENTITY, ACT_RELU, ACT_SIGMOID, ACT_SOFTPLUS, ACT_TANH, LOSS_BCE, LOSS_CE, LOSS_HUBER, LOSS_MSE, hvpInto, mlpSpec, valueGradInto, valueInto, workspaceSizes } from '../autodiff/fused.js';
import type { MlpSpec } from '../autodiff/fused.js';
import { createArena } from '../autodiff/wasm/arena.js';
import { binaryCrossEntropy, huberLoss, mseLoss, softmaxCrossEntropy } from './losses.js';
import { Mlp, jsonObject, toRows } from './models.js';
import type { InitScheme, MlpJSON } from './models.js';
import { adam } from './optimizers.js';
import type { Optimizer } from './optimizers.js';
import type { Task, TaskData, TaskSampler } from './tasks.js';

/** Which member of the MAML family a {@link MetaLearner} is. */
export type LearnerKind = 'maml' | 'metaSgd' | 'reptile' | 'anil';

/**
 * Task loss used inside and outside the adaptation loop: `'mse'` (default), `'huber'` (δ = 1),
 * `'binaryCrossEntropy'` (from logits, targets in [0, 1]) or `'softmaxCrossEntropy'` (from logits, `y` holds one
 * integer label per sample).
 */
export type LossName = 'mse' | 'huber' | 'binaryCrossEntropy' | 'softmaxCrossEntropy';

/** Options of {@link maml}, {@link metaSgd}, {@link reptile} and {@link anil}. */
export interface LearnerOptions {
  /** The network whose initial parameters are meta-learned. */
  model: Mlp;
  /** Inner-loop (adaptation) learning rate α > 0; for Meta-SGD the initial value of every learned rate. Default 0.01. */
  innerLr?: number;
  /** Number of inner gradient steps during meta-training, ≥ 1 (default 1; Reptile default 5). */
  innerSteps?: number;
  /** First-order approximation: drop the second-order (Hessian) term of the meta-gradient (default false). */
  firstOrder?: boolean;
  /** Task loss (default `'mse'`). */
  loss?: LossName;
  /** Initial model parameters (copied); default `model.init(seed, init)`. */
  params?: Float64Array;
  /** Seed of the default initialisation (default 0). */
  seed?: number;
  /** Initialisation scheme of the default parameters (default `'pytorch'`). */
  init?: InitScheme;
}

/** Options of {@link MetaLearner.adapt} and {@link MetaLearner.evaluate}. */
export interface AdaptOptions {
  /** Number of adaptation steps (default: the learner's `innerSteps`). */
  steps?: number;
}

/** Options of {@link MetaLearner.fit}. */
export interface FitOptions {
  /** Number of meta-iterations (outer steps), ≥ 0. */
  iterations: number;
  /** Tasks per meta-batch (default 25). */
  metaBatchSize?: number;
  /** Support-set size K of the sampled tasks (default 10). */
  shots?: number;
  /** Query-set size of the sampled tasks (default `shots`). */
  queryShots?: number;
  /** Outer optimizer (default `adam({ lr: 1e-3 })`); pass a restored one to resume training. */
  outerOptimizer?: Optimizer;
  /** Seed of the task stream (default 0): the same seed and initial state give bit-identical training. */
  seed?: number;
  /** Stops training before the next iteration starts; the parameters are those after the last completed step. */
  signal?: AbortSignal;
  /** Called every `progressEvery` iterations (and after the last) with plain data. */
  onProgress?: (progress: FitProgress) => void;
  /** Interval of `onProgress` calls in iterations (default 100). */
  progressEvery?: number;
}

/** Progress report passed to `onProgress`. */
export interface FitProgress {
  /** Number of completed iterations. */
  iteration: number;
  /** Total iterations requested. */
  iterations: number;
  /** Mean post-adaptation query loss of the last meta-batch. */
  loss: number;
}

/** What {@link MetaLearner.fit} returns. */
export interface FitResult {
  /** Number of completed iterations (fewer than requested when aborted). */
  iterations: number;
  /** Whether `signal` stopped training early. */
  aborted: boolean;
  /** Mean post-adaptation query loss of each completed iteration's meta-batch. */
  losses: Float64Array;
}

/** What {@link MetaLearner.metaGradient} returns. */
export interface MetaGradient {
  /** Mean post-adaptation query loss over the tasks (the meta-objective). */
  loss: number;
  /** Gradient of `loss` with respect to the meta-parameters (Reptile: the mean of θ − θ̃ᵢ). */
  grad: Float64Array;
  /** Post-adaptation query loss of each task. */
  taskLosses: Float64Array;
}

/** The plain-JSON form of a {@link MetaLearner}. */
export interface LearnerJSON {
  /** Always `'infometa.learner'`. */
  kind: 'infometa.learner';
  /** Format version, currently 1. */
  version: 1;
  /** Which learner. */
  learner: LearnerKind;
  /** The network description. */
  model: MlpJSON;
  /** Inner learning rate. */
  innerLr: number;
  /** Inner steps. */
  innerSteps: number;
  /** First-order flag. */
  firstOrder: boolean;
  /** Task loss. */
  loss: LossName;
  /** Meta-parameters (Meta-SGD: θ followed by the learned rates). */
  params: number[];
}

let fusedEnabled = true;

/**
 * @internal Switches the fused MLP kernels (every task loss) on or off (tests compare both paths); returns the previous setting.
 */
export function setFused(on: boolean): boolean {
  const prev = fusedEnabled;
  fusedEnabled = on;
  return prev;
}

const ACT_CODES: Record<string, number> = { relu: ACT_RELU, tanh: ACT_TANH, sigmoid: ACT_SIGMOID, softplus: ACT_SOFTPLUS, identity: ACT_IDENTITY };

const LOSS_CODES: Record<LossName, number> = { mse: LOSS_MSE, huber: LOSS_HUBER, binaryCrossEntropy: LOSS_BCE, softmaxCrossEntropy: LOSS_CE };
const LOSSES = Object.keys(LOSS_CODES) as readonly LossName[];
const KINDS: readonly LearnerKind[] = ['maml', 'metaSgd', 'reptile', 'anil'];

interface Buffers {
  ws: Float64Array[];
  fast: Float64Array[];
  g: Float64Array[];
  scratch: Float64Array;
  v: Float64Array;
  u: Float64Array;
  hv: Float64Array;
  wsQuery: Float64Array;
  /** Parameters and gradient of the plain (adapt / Reptile) path, copied into the arena. */
  th: Float64Array;
  gp: Float64Array;
  /** Support and query inputs, copied into the arena so that the first layer's products run there too. */
  xs: Float64Array;
  xq: Float64Array;
}

interface Prepared {
  x: Tensor;
  y: Float64Array;
  yt: Tensor;
}

/**
 * A member of the MAML family: MAML (Finn et al. 2017, exact second order or first-order), Meta-SGD (Li et al.
 * 2017, learned per-parameter inner learning rates), Reptile (Nichol et al. 2018) and ANIL (Raghu et al. 2020,
 * adapt only the last layer). The meta-parameters live in {@link MetaLearner.params}; `fit` trains them in place.
 * Create one with {@link maml}, {@link metaSgd}, {@link reptile} or {@link anil}.
 */
export class MetaLearner {
  /** Which learner this is. */
  readonly kind: LearnerKind;
  /** The network. */
  readonly model: Mlp;
  /** Inner learning rate α (Meta-SGD: the initial learned rate). */
  readonly innerLr: number;
  /** Inner steps used during meta-training. */
  readonly innerSteps: number;
  /** Whether the meta-gradient drops the second-order term. */
  readonly firstOrder: boolean;
  /** Task loss. */
  readonly loss: LossName;
  /** Meta-parameters: the model's initial parameters θ (Meta-SGD: θ followed by one learned rate per parameter). */
  params: Float64Array;
  private readonly spec: MlpSpec;
  private readonly bufs = new Map<number, Buffers>();

  /**
   * Builds a learner; prefer the factory functions, which validate.
   *
   * @param kind - learner kind
   * @param model - network
   * @param innerLr - inner learning rate
   * @param innerSteps - inner steps
   * @param firstOrder - first-order flag
   * @param loss - task loss
   * @param params - meta-parameters (not copied)
   */
  constructor(kind: LearnerKind, model: Mlp, innerLr: number, innerSteps: number, firstOrder: boolean, loss: LossName, params: Float64Array) {
    this.kind = kind;
    this.model = model;
    this.innerLr = innerLr;
    this.innerSteps = innerSteps;
    this.firstOrder = firstOrder;
    this.loss = loss;
    this.params = params;
    this.spec = mlpSpec(model.sizes, ACT_CODES[model.activation], LOSS_CODES[loss]);
  }

  private fused(): boolean {
    return fusedEnabled;
  }

  /** One plain gradient of the task loss at flat parameters p (no graph). */
  private plainGrad(p: Float64Array, d: Prepared, out: Float64Array): void {
    if (this.fused()) {
      const b = this.buffers(d.x.shape[0], 1);
      b.th.set(p);
      valueGradInto(this.spec, b.th, d.x.data, d.y, b.ws[0], b.gp);
      out.set(b.gp);
      return;
    }
    tidy(() => {
      const blocks = this.model.blocks;
      const theta = this.model.split(p, true);
      const gs = grad(this.taskLoss(this.model.forward(theta, d.x), d), theta);
      for (let b = 0; b < blocks.length; b++) out.set(gs[b].data, blocks[b].offset);
    });
  }

  /** Plain loss value at flat parameters p. */
  private plainLoss(p: Float64Array, d: Prepared): number {
    if (this.fused()) {
      const b = this.buffers(d.x.shape[0], 1);
      b.th.set(p);
      return valueInto(this.spec, b.th, d.x.data, d.y, b.ws[0]);
    }
    return tidy(() => noGrad(() => this.taskLoss(this.model.forward(this.model.split(p), d.x), d).item()));
  }

  /** Length of the meta-parameter vector. */
  get numParams(): number {
    return this.kind === 'metaSgd' ? 2 * this.model.numParams : this.model.numParams;
  }

  private taskLoss(pred: Tensor, d: Prepared): Tensor {
    switch (this.loss) {
      case 'mse':
        return mseLoss(pred, d.yt);
      case 'huber':
        return huberLoss(pred, d.yt);
      case 'binaryCrossEntropy':
        return binaryCrossEntropy(pred, d.yt);
      default:
        return softmaxCrossEntropy(pred, d.y);
    }
  }

  private prepare(fn: string, name: string, data: TaskData | undefined): Prepared {
    if (data === null || typeof data !== 'object') fail('INVALID_ARGUMENT', fn, `${name} must be an object { x, y } (got ${fmt(data)})`);
    const m = this.model;
    const x = toRows(fn, `${name}.x`, data.x, m.inputSize);
    const n = x.length / m.inputSize;
    const yRaw = data.y;
    if (!isNumericArray(yRaw)) fail('INVALID_ARGUMENT', fn, `${name}.y must be an array of numbers (got ${fmt(yRaw)})`);
    const perRow = this.loss === 'softmaxCrossEntropy' ? 1 : m.outputSize;
    if (yRaw.length !== n * perRow) fail('SHAPE_MISMATCH', fn, `${name}.y must have ${n * perRow} values for ${n} samples (got ${yRaw.length})`);
    const y = toRows(fn, `${name}.y`, yRaw, perRow);
    if (this.loss === 'softmaxCrossEntropy') {
      const C = m.outputSize;
      for (let i = 0; i < n; i++) {
        const v = y[i];
        if (!Number.isInteger(v) || v < 0 || v >= C) fail('INVALID_LABELS', fn, `${name}.y[${i}] must be a class index, an integer in [0, ${C - 1}] (got ${fmt(v)})`);
      }
    }
    return { x: wrap(x, [n, m.inputSize]), y, yt: wrap(y, [n, perRow]) };
  }

  private checkMeta(fn: string, params: unknown): Float64Array {
    if (!(params instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `params must be a Float64Array (got ${fmt(params)})`);
    if (params.length !== this.numParams) fail('SHAPE_MISMATCH', fn, `params must have length ${this.numParams} for this ${this.kind} learner (got ${params.length})`);
    for (let i = 0; i < params.length; i++) {
      const v = params[i];
      if (v - v !== 0) fail('NON_FINITE', fn, `params[${i}] must be finite (got ${fmt(v)})`);
    }
    return params;
  }

  /** Index of the first adapted block (ANIL: the head's weight). */
  private firstAdapted(): number {
    return this.kind === 'anil' ? this.model.blocks.length - 2 : 0;
  }

  /**
   * Task-specific ("fast") parameters: `steps` gradient steps on the support loss from the model part of `params`
   * (θ ← θ − α∇ℓ_support(θ); Meta-SGD: α is the learned vector; ANIL: only the last layer moves).
   *
   * Cost: O(steps · forward+backward cost on the support set).
   *
   * @param params - meta-parameters (usually {@link MetaLearner.params})
   * @param support - the task's support set
   * @param options - `steps` (default `innerSteps`)
   * @returns new model parameters of length `model.numParams`
   * @throws InfometaError `SHAPE_MISMATCH` for data that do not fit the model or wrong-length params; `EMPTY_INPUT`
   *   for an empty support set; `NON_FINITE` for non-finite data; `INVALID_OPTION` for steps < 0
   * @example
   * ```ts
   * import { maml, linear } from 'infometa';
   * const learner = maml({ model: linear({ inputSize: 1, outputSize: 1 }), innerLr: 0.5, params: new Float64Array([0, 0]) });
   * console.log(Array.from(learner.adapt(learner.params, { x: [1], y: [2] }))); // [ 2, 2 ]
   * ```
   */
  adapt(params: Float64Array, support: TaskData, options?: AdaptOptions): Float64Array {
    const fn = `${this.kind}.adapt`;
    checkOptions(fn, options);
    const steps = checkInteger(fn, 'steps', options?.steps, this.innerSteps, 0);
    const meta = this.checkMeta(fn, params);
    const s = this.prepare(fn, 'support', support);
    const P = this.model.numParams;
    const fast = meta.slice(0, P);
    const alpha = this.kind === 'metaSgd' ? meta.subarray(P) : null;
    const first = this.firstAdapted();
    const start = first === 0 ? 0 : this.model.headOffset;
    const g = new Float64Array(P);
    for (let k = 0; k < steps; k++) {
      this.plainGrad(fast, s, g);
      if (alpha === null) for (let i = start; i < P; i++) fast[i] -= this.innerLr * g[i];
      else for (let i = start; i < P; i++) fast[i] -= alpha[i] * g[i];
      for (let i = start; i < P; i++) {
        if (fast[i] - fast[i] !== 0) fail('DIVERGED', fn, `the parameters became non-finite at adaptation step ${k + 1} of ${steps}; lower the learning rate or the number of steps`);
      }
    }
    return fast;
  }

  /**
   * Query loss of a task after adapting on its support set (the number meta-training minimises).
   *
   * Cost: as {@link MetaLearner.adapt} plus one forward pass on the query set.
   *
   * @param task - support and query sets
   * @param options - `steps` (default `innerSteps`)
   * @returns the post-adaptation query loss
   * @throws InfometaError as {@link MetaLearner.adapt}, for either set
   * @example
   * ```ts
   * import { maml, linear } from 'infometa';
   * const learner = maml({ model: linear({ inputSize: 1, outputSize: 1 }), innerLr: 0.5, params: new Float64Array([0, 0]) });
   * console.log(learner.evaluate({ support: { x: [1], y: [2] }, query: { x: [0], y: [2] } })); // 0
   * ```
   */
  evaluate(task: Task, options?: AdaptOptions): number {
    const fn = `${this.kind}.evaluate`;
    if (task === null || typeof task !== 'object') fail('INVALID_ARGUMENT', fn, `task must be an object { support, query } (got ${fmt(task)})`);
    const fast = this.adapt(this.params, task.support, options);
    const q = this.prepare(fn, 'query', task.query);
    const l = this.plainLoss(fast, q);
    if (l - l !== 0) fail('DIVERGED', fn, `the query loss after adaptation is ${fmt(l)}`);
    return l;
  }

  /**
   * The meta-gradient over a batch of tasks: the gradient of the mean post-adaptation query loss
   * (1/T) Σᵢ ℓ_query,i(θ − α∇ℓ_support,i(θ)) with respect to the meta-parameters, differentiating through the
   * adaptation exactly (second order, Hessian-vector terms included) unless `firstOrder`. Reptile returns its
   * update direction (1/T) Σᵢ (θ − θ̃ᵢ) instead, θ̃ᵢ being θ after `innerSteps` SGD steps on task i's support set.
   *
   * Cost: per task, about 4× (second order) or 2× (first order) the cost of one forward+backward pass per inner
   * step. Intermediate buffers are recycled, so repeated calls do not grow the heap.
   *
   * @param tasks - a non-empty array of tasks
   * @param params - meta-parameters (default {@link MetaLearner.params})
   * @returns the mean loss, the gradient and the per-task losses
   * @throws InfometaError `EMPTY_INPUT` for no tasks or an empty support/query set; `SHAPE_MISMATCH` / `NON_FINITE`
   *   for bad data or params; `DIVERGED` when a task's loss or gradient is not finite (naming the task)
   * @example
   * ```ts
   * import { maml, linear } from 'infometa';
   * const learner = maml({ model: linear({ inputSize: 1, outputSize: 1 }), innerLr: 0.1, params: new Float64Array([0, 0]) });
   * const { loss } = learner.metaGradient([{ support: { x: [1], y: [1] }, query: { x: [1], y: [1] } }]);
   * console.log(loss.toFixed(2)); // 0.36
   * ```
   */
  metaGradient(tasks: readonly Task[], params?: Float64Array): MetaGradient {
    const fn = `${this.kind}.metaGradient`;
    const meta = this.checkMeta(fn, params ?? this.params);
    if (!Array.isArray(tasks)) fail('INVALID_ARGUMENT', fn, `tasks must be an array (got ${fmt(tasks)})`);
    if (tasks.length === 0) fail('EMPTY_INPUT', fn, 'tasks is empty');
    const g = new Float64Array(meta.length);
    const taskLosses = new Float64Array(tasks.length);
    const loss = this.metaGradientInto(fn, tasks, meta, g, taskLosses, -1);
    return { loss, grad: g, taskLosses };
  }

  /** Accumulates the mean meta-gradient into `out`; returns the mean loss. */
  private metaGradientInto(fn: string, tasks: readonly Task[], meta: Float64Array, out: Float64Array, taskLosses: Float64Array, iteration: number): number {
    out.fill(0);
    let total = 0;
    const T = tasks.length;
    for (let t = 0; t < T; t++) {
      const task = tasks[t];
      if (task === null || typeof task !== 'object') fail('INVALID_ARGUMENT', fn, `tasks[${t}] must be an object { support, query } (got ${fmt(task)})`);
      const s = this.prepare(fn, `tasks[${t}].support`, task.support);
      const q = this.prepare(fn, `tasks[${t}].query`, task.query);
      const l = this.kind === 'reptile' ? this.reptileTask(meta, s, q, out, 1 / T) : this.mamlTask(meta, s, q, out, 1 / T);
      let ok = l - l === 0;
      if (ok) for (let i = 0; i < out.length; i++) if (out[i] - out[i] !== 0) { ok = false; break; }
      if (!ok) {
        const where = iteration >= 0 ? `at iteration ${iteration}, ` : '';
        fail('DIVERGED', fn, `the loss or its gradient became non-finite ${where}task ${t} (loss ${fmt(l)}); lower the learning rates`);
      }
      taskLosses[t] = l;
      total += l;
    }
    return total / T;
  }

  /** MAML / Meta-SGD / ANIL: one task's meta-gradient, scaled by w, added into out. Returns the query loss. */
  private mamlTask(meta: Float64Array, s: Prepared, q: Prepared, out: Float64Array, w: number): number {
    const model = this.model;
    const P = model.numParams;
    const blocks = model.blocks;
    const first = this.firstAdapted();
    const createGraph = !this.firstOrder;
    if (this.fused()) return this.mamlTaskFused(meta, s, q, out, w);
    return tidy(() => {
      const theta = model.split(meta.subarray(0, P), true);
      const alpha = this.kind === 'metaSgd' ? model.split(meta.subarray(P), true) : null;
      const fast = theta.slice();
      for (let k = 0; k < this.innerSteps; k++) {
        const L = this.taskLoss(model.forward(fast, s.x), s);
        const gs = grad(L, fast.slice(first), { createGraph });
        for (let b = first; b < blocks.length; b++) {
          const g = gs[b - first];
          fast[b] = sub(fast[b], alpha === null ? mul(g, this.innerLr) : mul(alpha[b], g));
        }
      }
      const Lq = this.taskLoss(model.forward(fast, q.x), q);
      const wrt = alpha === null ? theta : theta.concat(alpha);
      const gq = grad(Lq, wrt);
      for (let b = 0; b < wrt.length; b++) {
        const off = (b >= blocks.length ? P : 0) + blocks[b % blocks.length].offset;
        const d = gq[b].data;
        for (let i = 0; i < d.length; i++) out[off + i] += w * d[i];
      }
      return Lq.item();
    });
  }

  /**
   * Per-batch-size workspaces of the fused kernels: one per inner step, plus vectors, all in one arena (WebAssembly
   * memory where available, so the dense products run in the SIMD kernel; see src/autodiff/wasm/).
   */
  private buffers(N: number, steps: number): Buffers {
    let b = this.bufs.get(N);
    if (b === undefined || b.ws.length < steps) {
      const P = this.model.numParams;
      const sz = workspaceSizes(this.spec, N);
      const n = Math.max(steps, b?.ws.length ?? 0);
      const nx = N * this.model.inputSize;
      const arena = createArena((n + 1) * sz.ws + (2 * n + 6) * P + sz.scratch + 2 * nx, Math.max(N, ...this.model.sizes));
      b = {
        ws: Array.from({ length: n }, () => arena.alloc(sz.ws)),
        fast: Array.from({ length: n + 1 }, () => arena.alloc(P)),
        g: Array.from({ length: n }, () => arena.alloc(P)),
        scratch: arena.alloc(sz.scratch),
        v: arena.alloc(P),
        u: arena.alloc(P),
        hv: arena.alloc(P),
        wsQuery: arena.alloc(sz.ws),
        th: arena.alloc(P),
        gp: arena.alloc(P),
        xs: arena.alloc(nx),
        xq: arena.alloc(nx),
      };
      this.bufs.set(N, b);
    }
    return b;
  }

  /**
   * MAML / Meta-SGD / ANIL with the fused MLP kernels (any task loss) and the backward pass through the inner loop written out:
   * with θ_{k+1} = θ_k − a ⊙ M∇ℓ_s(θ_k) (a = α or the learned rates, M = 1 or ANIL's head mask) and v = ∇ℓ_q(θ_S),
   * for k = S−1 … 0: ∂a −= M∇ℓ_s(θ_k) ⊙ v (Meta-SGD), v ← v − H_s(θ_k)·(M a ⊙ v) (omitted when first order).
   * The same numbers as the tape (tests compare both) without building a graph or allocating.
   */
  private mamlTaskFused(meta: Float64Array, s: Prepared, q: Prepared, out: Float64Array, w: number): number {
    const spec = this.spec;
    const P = spec.numParams;
    const S = this.innerSteps;
    const head = this.kind === 'anil' ? this.model.headOffset : 0;
    const alpha = this.kind === 'metaSgd' ? meta.subarray(P) : null;
    const lr = this.innerLr;
    const bs = this.buffers(s.x.shape[0], S);
    bs.xs.set(s.x.data);
    const xs = bs.xs, ys = s.y;
    bs.fast[0].set(meta.subarray(0, P));
    for (let k = 0; k < S; k++) {
      const f = bs.fast[k], g = bs.g[k], nf = bs.fast[k + 1];
      valueGradInto(spec, f, xs, ys, bs.ws[k], g);
      for (let i = 0; i < head; i++) nf[i] = f[i];
      if (alpha === null) for (let i = head; i < P; i++) nf[i] = f[i] - lr * g[i];
      else for (let i = head; i < P; i++) nf[i] = f[i] - alpha[i] * g[i];
    }
    const bq = this.buffers(q.x.shape[0], 1);
    const v = bs.v, u = bs.u, hv = bs.hv;
    bq.xq.set(q.x.data);
    const lq = valueGradInto(spec, bs.fast[S], bq.xq, q.y, bq.wsQuery, v);
    for (let k = S - 1; k >= 0; k--) {
      const g = bs.g[k];
      if (alpha !== null) for (let i = 0; i < P; i++) out[P + i] -= w * g[i] * v[i];
      if (this.firstOrder) continue;
      for (let i = 0; i < head; i++) u[i] = 0;
      if (alpha === null) for (let i = head; i < P; i++) u[i] = lr * v[i];
      else for (let i = head; i < P; i++) u[i] = alpha[i] * v[i];
      hvpInto(spec, bs.fast[k], u, xs, bs.ws[k], bs.scratch, hv);
      for (let i = 0; i < P; i++) v[i] -= hv[i];
    }
    for (let i = 0; i < P; i++) out[i] += w * v[i];
    return lq;
  }

  /** Reptile: θ − θ̃ after innerSteps SGD steps on the support set, scaled by w, added into out. */
  private reptileTask(meta: Float64Array, s: Prepared, q: Prepared, out: Float64Array, w: number): number {
    const fast = meta.slice();
    const g = new Float64Array(fast.length);
    for (let k = 0; k < this.innerSteps; k++) {
      this.plainGrad(fast, s, g);
      for (let i = 0; i < fast.length; i++) fast[i] -= this.innerLr * g[i];
    }
    for (let i = 0; i < out.length; i++) out[i] += w * (meta[i] - fast[i]);
    return this.plainLoss(fast, q);
  }

  /**
   * Meta-trains {@link MetaLearner.params} in place: each iteration samples `metaBatchSize` tasks from `sampler`
   * (seeded), computes {@link MetaLearner.metaGradient} and takes one step of the outer optimizer. An aborted
   * `signal` stops training cleanly before the next iteration (no error; `aborted: true`), leaving the parameters
   * as after the last completed step. A non-finite loss or gradient throws `DIVERGED` naming the iteration and
   * the task, before that iteration's step, so the parameters stay finite.
   *
   * Cost: `iterations × metaBatchSize` task meta-gradients.
   *
   * @param sampler - the task distribution
   * @param options - `iterations`, `metaBatchSize`, `shots`, `queryShots`, `outerOptimizer`, `seed`, `signal`,
   *   `onProgress`, `progressEvery`
   * @returns the number of completed iterations, whether it was aborted, and the loss curve
   * @throws InfometaError `INVALID_OPTION` for bad options; `SHAPE_MISMATCH` when the sampler's sizes differ from the
   *   model's; `DIVERGED` as above
   * @example
   * ```ts
   * import { maml, mlp, sinusoidTasks } from 'infometa';
   * const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01 });
   * const res = learner.fit(sinusoidTasks(), { iterations: 5, metaBatchSize: 4, seed: 1 });
   * console.log(res.iterations, res.aborted); // 5 false
   * ```
   */
  fit(sampler: TaskSampler, options: FitOptions): FitResult {
    const fn = `${this.kind}.fit`;
    checkOptions(fn, options);
    if (options === undefined) fail('INVALID_OPTION', fn, 'options with iterations are required');
    const iterations = checkInteger(fn, 'iterations', options.iterations, NaN, 0);
    if (Number.isNaN(iterations)) fail('INVALID_OPTION', fn, 'iterations is required');
    const batch = checkInteger(fn, 'metaBatchSize', options.metaBatchSize, 25, 1);
    const shots = checkInteger(fn, 'shots', options.shots, 10, 1);
    const queryShots = checkInteger(fn, 'queryShots', options.queryShots, shots, 1);
    const seed = checkNumber(fn, 'seed', options.seed, 0);
    const every = checkInteger(fn, 'progressEvery', options.progressEvery, 100, 1);
    if (sampler === null || typeof sampler !== 'object' || typeof sampler.sample !== 'function') fail('INVALID_ARGUMENT', fn, `sampler must be a TaskSampler (got ${fmt(sampler)})`);
    if (sampler.inputSize !== this.model.inputSize || sampler.outputSize !== this.model.outputSize) {
      fail('SHAPE_MISMATCH', fn, `sampler produces ${sampler.inputSize}→${sampler.outputSize} tasks but the model is ${this.model.inputSize}→${this.model.outputSize}`);
    }
    const opt = options.outerOptimizer ?? adam({ lr: 1e-3 });
    if (opt === null || typeof opt !== 'object' || typeof opt.step !== 'function') fail('INVALID_OPTION', fn, `outerOptimizer must be an Optimizer (got ${fmt(opt)})`);
    const signal = options.signal;
    const meta = this.checkMeta(fn, this.params);
    const rng = createRng(seed);
    const g = new Float64Array(meta.length);
    const taskLosses = new Float64Array(batch);
    const losses = new Float64Array(iterations);
    const tasks: Task[] = new Array<Task>(batch);
    for (let it = 0; it < iterations; it++) {
      if (signal?.aborted) return { iterations: it, aborted: true, losses: losses.slice(0, it) };
      for (let t = 0; t < batch; t++) tasks[t] = sampler.sample(rng, shots, queryShots);
      const l = this.metaGradientInto(fn, tasks, meta, g, taskLosses, it);
      opt.step(meta, g);
      losses[it] = l;
      if (options.onProgress !== undefined && ((it + 1) % every === 0 || it + 1 === iterations)) {
        options.onProgress({ iteration: it + 1, iterations, loss: l });
      }
    }
    return { iterations, aborted: false, losses };
  }

  /** Learner, model, hyper-parameters and meta-parameters as plain JSON. */
  toJSON(): LearnerJSON {
    return {
      kind: 'infometa.learner',
      version: 1,
      learner: this.kind,
      model: this.model.toJSON(),
      innerLr: this.innerLr,
      innerSteps: this.innerSteps,
      firstOrder: this.firstOrder,
      loss: this.loss,
      params: Array.from(this.params),
    };
  }

  /**
   * Restores a learner from {@link MetaLearner.toJSON} output (e.g. meta-trained in Node, loaded in a browser).
   *
   * @param json - parsed JSON
   * @returns the learner with its meta-parameters
   * @throws InfometaError `INVALID_JSON` for a wrong `kind` or `version` or malformed fields
   * @example
   * ```ts
   * import { maml, mlp, MetaLearner } from 'infometa';
   * const a = maml({ model: mlp({ sizes: [1, 8, 1] }), seed: 3 });
   * const b = MetaLearner.fromJSON(JSON.parse(JSON.stringify(a)));
   * console.log(b.kind, b.params[0] === a.params[0]); // maml true
   * ```
   */
  static fromJSON(json: unknown): MetaLearner {
    const fn = 'MetaLearner.fromJSON';
    const o = jsonObject(fn, json, 'infometa.learner', 1);
    const kind = o.learner;
    if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) fail('INVALID_JSON', fn, `unknown learner ${fmt(kind)}`);
    const model = Mlp.fromJSON(o.model);
    const p = o.params;
    if (!Array.isArray(p) || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) fail('INVALID_JSON', fn, 'params must be an array of finite numbers');
    const params = Float64Array.from(p as number[]);
    try {
      return build(fn, kind as LearnerKind, {
        model,
        innerLr: o.innerLr as number,
        innerSteps: o.innerSteps as number,
        firstOrder: o.firstOrder as boolean,
        loss: o.loss as LossName,
      }, params);
    } catch (e) {
      if (e instanceof Error && (e as { code?: string }).code !== undefined && (e as { code?: string }).code !== 'INVALID_JSON') fail('INVALID_JSON', fn, e.message);
      throw e;
    }
  }
}

function build(fn: string, kind: LearnerKind, options: LearnerOptions, metaParams?: Float64Array): MetaLearner {
  checkOptions(fn, options);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options with a model are required');
  const model = options.model;
  if (!(model instanceof Mlp)) fail('INVALID_OPTION', fn, `model must be an Mlp from mlp() or linear() (got ${fmt(model)})`);
  const lr = options.innerLr;
  if (lr !== undefined && (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr))) fail('INVALID_OPTION', fn, `innerLr must be a finite number > 0 (got ${fmt(lr)})`);
  const innerLr = lr ?? 0.01;
  const steps = options.innerSteps;
  if (steps !== undefined && (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1)) fail('INVALID_OPTION', fn, `innerSteps must be an integer ≥ 1 (got ${fmt(steps)})`);
  const innerSteps = steps ?? (kind === 'reptile' ? 5 : 1);
  const firstOrder = kind === 'reptile' ? true : checkBoolean(fn, 'firstOrder', options.firstOrder, false);
  const loss = checkChoice(fn, 'loss', options.loss, LOSSES, 'mse');
  const P = model.numParams;
  let params: Float64Array;
  if (metaParams !== undefined) {
    params = metaParams;
    const want = kind === 'metaSgd' ? 2 * P : P;
    if (params.length !== want) fail('INVALID_JSON', fn, `params must have length ${want} (got ${params.length})`);
  } else {
    let theta: Float64Array;
    if (options.params !== undefined) {
      theta = model.checkParams(fn, options.params).slice();
    } else {
      const seed = checkNumber(fn, 'seed', options.seed, 0);
      theta = model.init(seed, options.init ?? 'pytorch');
    }
    if (kind === 'metaSgd') {
      params = new Float64Array(2 * P);
      params.set(theta);
      params.fill(innerLr, P);
    } else {
      params = theta;
    }
  }
  return new MetaLearner(kind, model, innerLr, innerSteps, firstOrder, loss, params);
}

/**
 * Model-Agnostic Meta-Learning (Finn, Abbeel & Levine 2017): learns an initialisation θ such that a few gradient
 * steps θ' = θ − α∇ℓ_support(θ) give a low query loss. The meta-gradient is exact (it differentiates through the
 * inner gradient, Hessian terms included) unless `firstOrder` (FOMAML), which uses ∇ℓ_query(θ').
 *
 * Cost: see {@link MetaLearner.metaGradient}.
 *
 * @param options - `model`, `innerLr` (0.01), `innerSteps` (1), `firstOrder` (false), `loss` ('mse'), `params`,
 *   `seed`, `init`
 * @returns a {@link MetaLearner}
 * @throws InfometaError `INVALID_OPTION` for innerLr ≤ 0, innerSteps < 1, a missing model or an unknown loss;
 *   `SHAPE_MISMATCH` / `NON_FINITE` for bad `params`
 * @example
 * ```ts
 * import { maml, mlp } from 'infometa';
 * const learner = maml({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01, innerSteps: 1 });
 * console.log(learner.params.length); // 1761
 * ```
 */
export function maml(options: LearnerOptions): MetaLearner {
  return build('maml', 'maml', options);
}

/**
 * Meta-SGD (Li, Zhou, Chen & Li 2017): MAML with a learned learning rate per parameter, θ' = θ − α ⊙ ∇ℓ_support(θ);
 * θ and α are meta-trained together (meta-parameters = θ followed by α, α initialised to `innerLr`). With α frozen
 * at a constant, its θ-gradient equals MAML's.
 *
 * Cost: as {@link maml}, with twice the meta-parameters.
 *
 * @param options - as {@link maml}
 * @returns a {@link MetaLearner}
 * @throws InfometaError as {@link maml}
 * @example
 * ```ts
 * import { metaSgd, mlp } from 'infometa';
 * const learner = metaSgd({ model: mlp({ sizes: [1, 40, 40, 1] }), innerLr: 0.01 });
 * console.log(learner.params.length); // 3522
 * ```
 */
export function metaSgd(options: LearnerOptions): MetaLearner {
  return build('metaSgd', 'metaSgd', options);
}

/**
 * Reptile (Nichol, Achiam & Schulman 2018): runs `innerSteps` SGD steps on each task and moves θ toward the adapted
 * parameters; the "gradient" fed to the outer optimizer is (1/T) Σᵢ (θ − θ̃ᵢ) (Reptile with Adam, as in the paper's
 * sinusoid experiments). Always first order.
 *
 * Cost: `innerSteps` forward+backward passes per task.
 *
 * @param options - as {@link maml} (`innerSteps` default 5; `firstOrder` is ignored)
 * @returns a {@link MetaLearner}
 * @throws InfometaError as {@link maml}
 * @example
 * ```ts
 * import { reptile, mlp } from 'infometa';
 * console.log(reptile({ model: mlp({ sizes: [1, 40, 40, 1] }) }).innerSteps); // 5
 * ```
 */
export function reptile(options: LearnerOptions): MetaLearner {
  return build('reptile', 'reptile', options);
}

/**
 * ANIL, "almost no inner loop" (Raghu, Raghu, Bengio & Vinyals 2020): MAML where the inner loop adapts only the
 * last layer (the head); the body is meta-learned through the head's adaptation.
 *
 * Cost: less than {@link maml}: the inner gradient stops at the head.
 *
 * @param options - as {@link maml}
 * @returns a {@link MetaLearner}
 * @throws InfometaError as {@link maml}
 * @example
 * ```ts
 * import { anil, mlp } from 'infometa';
 * console.log(anil({ model: mlp({ sizes: [1, 40, 40, 1] }) }).kind); // anil
 * ```
 */
export function anil(options: LearnerOptions): MetaLearner {
  return build('anil', 'anil', options);
}
