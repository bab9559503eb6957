// The shared base of the MAML family (learn2learn's base_learner): task preparation against any Model and each
// task's own loss, adaptation, evaluation, the meta-gradient over a batch, fit (with meta-regularization and
// meta-validation), JSON, and the fast path's workspaces. The algorithms live beside it (maml.ts, reptile.ts).
import { fail, fmt } from '../../internal/errors.js';
import { checkInteger, checkOptions, isNumericArray, optionNames } from '../../internal/validate.js';
import { Tensor, noGrad, tidy, wrap } from '../../autodiff/tensor.js';
import { createArena } from '../../autodiff/wasm/arena.js';
import { TASK_KINDS, checkTargets, isTaskKind, lossOf } from '../losses.js';
import type { TaskKind } from '../losses.js';
import { checkModel, checkOutput, checkParams, jsonObject, toRows, withApply } from '../model.js';
import type { ApplyModel, FastPath, Model, ParamRange } from '../model.js';
import { modelFromJSON } from '../registry.js';
import type { Task, TaskData, TaskSampler } from '../tasks.js';
import { valueAndGrad } from '../train.js';
import { MAX_INNER_STEPS, buildLearner } from './build.js';
import { mamlTaskGradient } from './maml.js';
import { addPenalty, checkRegularization, checkWeight } from './regularization.js';
import { reptileTaskGradient } from './reptile.js';
import type {
  AdaptOptions, Buffers, FitOptions, FitResult, LearnerJSON, LearnerKind, MetaGradient, Prepared, Regularization, ResolvedRegularization,
} from './types.js';
import { fitLoop, planFit } from './fit-loop.js';

const ADAPT_OPTIONS = optionNames<AdaptOptions>()('steps', 'kind');

const KINDS: readonly LearnerKind[] = ['maml', 'metaSgd', 'reptile', 'anil'];

/**
 * A member of the MAML family: MAML (Finn et al. 2017, exact second order or first-order), Meta-SGD (Li et al.
 * 2017, learned per-parameter inner learning rates), Reptile (Nichol et al. 2018) and ANIL (Raghu et al. 2020,
 * adapt only the head), over any {@link Model}. The meta-parameters live in {@link MetaLearner.params}; `fit` trains
 * them in place. Create one with {@link maml}, {@link metaSgd}, {@link reptile} or {@link anil}.
 */
export class MetaLearner {
  /** Which learner this is. */
  readonly kind: LearnerKind;
  /** The model (one without `apply` is given the generic one through a forwarding view). */
  readonly model: ApplyModel;
  /** Inner learning rate α (Meta-SGD: the initial learned rate). */
  readonly innerLr: number;
  /** Inner steps used during meta-training. */
  readonly innerSteps: number;
  /** Whether the meta-gradient drops the second-order term. */
  readonly firstOrder: boolean;
  /** Task loss of tasks without a `kind` (a loss name or a task kind). */
  readonly loss: TaskKind;
  /** Meta-regularization: `l2` and `l1` weights (0 when off) and `maxNorm` (absent when off). */
  readonly regularization: Readonly<ResolvedRegularization>;
  /** Proximal weight λ of the inner loop (0: plain gradient steps). */
  readonly proximal: number;
  /** Meta-parameters: the model's initial parameters θ (Meta-SGD: θ followed by one learned rate per parameter). */
  params: Float64Array;
  /** The fast path's buffers: one set per fast path, sized for the largest batch seen (see {@link MetaLearner.buffers}). */
  private readonly bufs = new Map<FastPath, Buffers>();
  /** The whole model parameter range (what every learner but ANIL adapts). */
  private readonly all: ParamRange;

  /**
   * Builds a learner; prefer the factory functions, which validate.
   *
   * @param kind - learner kind
   * @param model - the model
   * @param innerLr - inner learning rate
   * @param innerSteps - inner steps
   * @param firstOrder - first-order flag
   * @param loss - default task loss
   * @param params - meta-parameters (not copied)
   * @param regularization - meta-regularization (default none)
   * @param proximal - proximal weight of the inner loop (default 0)
   * @throws InfometaError `INVALID_ARGUMENT` for an unknown kind, a malformed model, innerLr ≤ 0 or non-finite,
   *   innerSteps outside [1, 10 000], a non-boolean firstOrder or an unknown loss; `SHAPE_MISMATCH` / `NON_FINITE`
   *   for params of the wrong length or with non-finite values; `INVALID_OPTION` for bad regularization weights
   */
  constructor(kind: LearnerKind, model: Model, innerLr: number, innerSteps: number, firstOrder: boolean, loss: TaskKind, params: Float64Array, regularization: Regularization = {}, proximal = 0) {
    // The factories validate under their own names first; these checks keep a direct call to the public
    // constructor from building a learner that cannot work.
    const fn = 'MetaLearner';
    if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) fail('INVALID_ARGUMENT', fn, `kind must be one of ${KINDS.map((k) => `'${k}'`).join(', ')} (got ${fmt(kind)})`);
    checkModel(fn, model, 'model', 'INVALID_ARGUMENT');
    if (typeof innerLr !== 'number' || !(innerLr > 0) || !Number.isFinite(innerLr)) fail('INVALID_ARGUMENT', fn, `innerLr must be a finite number > 0 (got ${fmt(innerLr)})`);
    if (typeof innerSteps !== 'number' || !Number.isInteger(innerSteps) || innerSteps < 1 || innerSteps > MAX_INNER_STEPS) fail('INVALID_ARGUMENT', fn, `innerSteps must be an integer in [1, ${MAX_INNER_STEPS}] (got ${fmt(innerSteps)})`);
    if (typeof firstOrder !== 'boolean') fail('INVALID_ARGUMENT', fn, `firstOrder must be a boolean (got ${fmt(firstOrder)})`);
    if (!isTaskKind(loss)) fail('INVALID_ARGUMENT', fn, `loss must be one of ${TASK_KINDS.map((k) => `'${k}'`).join(', ')} (got ${fmt(loss)})`);
    checkParams(fn, model, params, 'params', kind === 'metaSgd' ? 2 * model.numParams : model.numParams);
    regularization = checkRegularization(fn, regularization);
    proximal = checkWeight(fn, 'proximal', proximal);
    this.kind = kind;
    this.model = withApply(model);
    this.innerLr = innerLr;
    this.innerSteps = innerSteps;
    this.firstOrder = firstOrder;
    this.loss = loss;
    this.params = params;
    const reg: ResolvedRegularization = { l2: regularization.l2 ?? 0, l1: regularization.l1 ?? 0 };
    if (regularization.maxNorm !== undefined) reg.maxNorm = regularization.maxNorm;
    this.regularization = reg;
    this.proximal = proximal;
    this.all = { start: 0, end: model.numParams };
  }

  /** Length of the meta-parameter vector. */
  get numParams(): number {
    return this.kind === 'metaSgd' ? 2 * this.model.numParams : this.model.numParams;
  }

  /** @internal The task loss built on the tape at parameter tensors `theta`. */
  lossGraph(fn: string, theta: readonly Tensor[], d: Prepared): Tensor {
    const out = checkOutput(fn, this.model.forward(theta, d.x, d.kind), d.n, d.outputs, d.loss.name);
    return d.loss.graph(out, d.y, d.yt);
  }

  /** @internal One plain gradient of the task loss at flat parameters p (no graph kept), into out. */
  plainGrad(fn: string, p: Float64Array, d: Prepared, out: Float64Array): void {
    if (d.fast !== undefined) {
      const b = this.buffers(d.fast, d.n, 1);
      b.th.set(p);
      d.fast.valueGrad(b.th, d.x.data, d.y, b.ws[0], b.gp);
      out.set(b.gp);
      return;
    }
    valueAndGrad(p, [{ model: this.model, offset: 0 }], ([theta]) => this.lossGraph(fn, theta, d), out);
  }

  /** @internal Plain loss value at flat parameters p. */
  plainLoss(fn: string, p: Float64Array, d: Prepared): number {
    if (d.fast !== undefined) {
      const b = this.buffers(d.fast, d.n, 1);
      b.th.set(p);
      return d.fast.value(b.th, d.x.data, d.y, b.ws[0]);
    }
    return tidy(() => noGrad(() => this.lossGraph(fn, this.model.split(p), d).item()));
  }

  /** The task kind of a task: its own `kind`, checked against the model's heads, else the learner's loss. */
  private kindOf(fn: string, where: string, kind: unknown): TaskKind {
    const heads = this.model.kinds;
    if (kind === undefined) {
      if (heads !== undefined) fail('INVALID_ARGUMENT', fn, `${where}.kind is missing: this model has one head per task kind (${heads.join(', ')}), so every task must say its kind`);
      return this.loss;
    }
    if (!isTaskKind(kind)) fail('INVALID_ARGUMENT', fn, `${where}.kind must be one of ${TASK_KINDS.map((k) => `'${k}'`).join(', ')} (got ${fmt(kind)})`);
    if (heads !== undefined && this.model.route?.(kind) === undefined) fail('INVALID_ARGUMENT', fn, `${where}.kind ${fmt(kind)} has no head in this model (its heads: ${heads.join(', ')})`);
    return kind;
  }

  /** @internal Validates one support or query set for a task of `kind`. */
  prepare(fn: string, name: string, data: TaskData | undefined, kind: TaskKind): Prepared {
    if (data === null || typeof data !== 'object') fail('INVALID_ARGUMENT', fn, `${name} must be an object { x, y } (got ${fmt(data)})`);
    const m = this.model;
    const route = m.kinds !== undefined ? m.route?.(kind) : undefined;
    const outputs = route?.outputSize ?? m.outputSize;
    const loss = lossOf(kind);
    const x = toRows(fn, `${name}.x`, data.x, m.inputSize);
    const n = x.length / m.inputSize;
    const yRaw = data.y;
    if (!isNumericArray(yRaw)) fail('INVALID_ARGUMENT', fn, `${name}.y must be an array of numbers (got ${fmt(yRaw)})`);
    const perRow = loss.classes ? 1 : outputs;
    if (yRaw.length !== n * perRow) fail('SHAPE_MISMATCH', fn, `${name}.y must have ${n * perRow} values for ${n} samples (got ${yRaw.length})`);
    const y = toRows(fn, `${name}.y`, yRaw, perRow);
    checkTargets(fn, `${name}.y`, y, kind, outputs);
    const fast = m.kinds === undefined ? m.fastPath?.(loss.name) : undefined;
    return { x: wrap(x, [n, m.inputSize]), y, yt: wrap(y, [n, perRow]), n, kind, loss, outputs, head: route?.head ?? m.head, fast };
  }

  /** @internal Validates a task; returns its prepared support and query sets. */
  prepareTask(fn: string, where: string, task: unknown): [Prepared, Prepared] {
    if (task === null || typeof task !== 'object') fail('INVALID_ARGUMENT', fn, `${where} must be an object { support, query } (got ${fmt(task)})`);
    const t = task as Task;
    const kind = this.kindOf(fn, where, t.kind);
    return [this.prepare(fn, `${where}.support`, t.support, kind), this.prepare(fn, `${where}.query`, t.query, kind)];
  }

  /** @internal Checks meta-parameters for this learner: a finite Float64Array of numParams entries. */
  checkMeta(fn: string, params: unknown): Float64Array {
    if (!(params instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `params must be a Float64Array (got ${fmt(params)})`);
    if (params.length !== this.numParams) fail('SHAPE_MISMATCH', fn, `params must have length ${this.numParams} for this ${this.kind} learner (got ${params.length})`);
    for (let i = 0; i < params.length; i++) {
      const v = params[i];
      if (v - v !== 0) fail('NON_FINITE', fn, `params[${i}] must be finite (got ${fmt(v)})`);
    }
    return params;
  }

  /** @internal The range of parameters adaptation moves: all of them, or (ANIL) the head of the task's kind. */
  adapted(d: Prepared): ParamRange {
    return this.kind === 'anil' ? d.head : this.all;
  }

  /**
   * @internal `steps` plain inner steps from the model part of `meta` on set s: φ ← φ − a ⊙ (∇ℓ_s(φ) + λ(φ − θ)) on
   * the adapted range (a = α or the learned rates, λ the proximal weight). Throws DIVERGED with `fn` unless
   * `!checkFinite` (the caller checks).
   */
  innerLoop(fn: string, meta: Float64Array, s: Prepared, steps: number, checkFinite = true): Float64Array {
    const P = this.model.numParams;
    const theta = meta.subarray(0, P);
    const fast = theta.slice();
    const alpha = this.kind === 'metaSgd' ? meta.subarray(P) : null;
    const { start, end } = this.adapted(s);
    const lam = this.proximal, lr = this.innerLr;
    const g = new Float64Array(P);
    for (let k = 0; k < steps; k++) {
      this.plainGrad(fn, fast, s, g);
      if (lam !== 0) for (let i = start; i < end; i++) g[i] += lam * (fast[i] - theta[i]);
      if (alpha === null) for (let i = start; i < end; i++) fast[i] -= lr * g[i];
      else for (let i = start; i < end; i++) fast[i] -= alpha[i] * g[i];
      if (checkFinite) for (let i = start; i < end; i++) {
        if (fast[i] - fast[i] !== 0) fail('DIVERGED', fn, `the parameters became non-finite at adaptation step ${k + 1} of ${steps}; lower the learning rate or the number of steps`);
      }
    }
    return fast;
  }

  /**
   * Task-specific ("fast") parameters: `steps` gradient steps on the support loss from the model part of `params`
   * (θ ← θ − α∇ℓ_support(θ); Meta-SGD: α is the learned vector; ANIL: only the head moves; with `proximal` λ, each
   * step also pulls toward the meta-parameters by λ(φ − θ)).
   *
   * Cost: O(steps · forward+backward cost on the support set).
   *
   * @param params - meta-parameters (usually {@link MetaLearner.params})
   * @param support - the task's support set
   * @param options - `steps` (default `innerSteps`), `kind` (multi-head models)
   * @returns new model parameters of length `model.numParams`
   * @throws InfometaError `SHAPE_MISMATCH` for data that do not fit the model or wrong-length params; `EMPTY_INPUT`
   *   for an empty support set; `NON_FINITE` for non-finite data; `INVALID_LABELS` for targets the loss does not
   *   accept; `INVALID_ARGUMENT` for a missing or unknown kind on a multi-head model; `INVALID_OPTION` for steps < 0
   * @example
   * ```ts
   * import { maml, linear } from 'infometa';
   * const learner = maml({ model: linear({ inputSize: 1, outputSize: 1 }), innerLr: 0.5, params: new Float64Array([0, 0]) });
   * console.log(Array.from(learner.adapt(learner.params, { x: [1], y: [2] }))); // [ 2, 2 ]
   * ```
   */
  adapt(params: Float64Array, support: TaskData, options?: AdaptOptions): Float64Array {
    const fn = `${this.kind}.adapt`;
    checkOptions(fn, options, ADAPT_OPTIONS);
    const steps = checkInteger(fn, 'steps', options?.steps, this.innerSteps, 0, MAX_INNER_STEPS);
    const meta = this.checkMeta(fn, params);
    const kind = this.kindOf(fn, 'options', options?.kind);
    return this.innerLoop(fn, meta, this.prepare(fn, 'support', support, kind), steps);
  }

  /**
   * Query loss of a task after adapting on its support set (the number meta-training minimises), with the task's
   * own loss.
   *
   * Cost: as {@link MetaLearner.adapt} plus one forward pass on the query set.
   *
   * @param task - support and query sets (and `kind` for a multi-head model)
   * @param options - `steps` (default `innerSteps`)
   * @returns the post-adaptation query loss
   * @throws InfometaError as {@link MetaLearner.adapt}, for either set; `DIVERGED` for a non-finite query loss
   * @example
   * ```ts
   * import { maml, linear } from 'infometa';
   * const learner = maml({ model: linear({ inputSize: 1, outputSize: 1 }), innerLr: 0.5, params: new Float64Array([0, 0]) });
   * console.log(learner.evaluate({ support: { x: [1], y: [2] }, query: { x: [0], y: [2] } })); // 0
   * ```
   */
  evaluate(task: Task, options?: AdaptOptions): number {
    const fn = `${this.kind}.evaluate`;
    checkOptions(fn, options, ADAPT_OPTIONS);
    const steps = checkInteger(fn, 'steps', options?.steps, this.innerSteps, 0, MAX_INNER_STEPS);
    const meta = this.checkMeta(fn, this.params);
    if (task === null || typeof task !== 'object') fail('INVALID_ARGUMENT', fn, `task must be an object { support, query } (got ${fmt(task)})`);
    const [s, q] = this.prepareTask(fn, 'task', options?.kind === undefined ? task : { ...task, kind: options.kind });
    const l = this.plainLoss(fn, this.innerLoop(fn, meta, s, steps), q);
    if (l - l !== 0) fail('DIVERGED', fn, `the query loss after adaptation is ${fmt(l)}`);
    return l;
  }

  /**
   * The meta-gradient over a batch of tasks: the gradient of the mean post-adaptation query loss
   * (1/T) Σᵢ ℓ_query,i(θ − α∇ℓ_support,i(θ)), each task with its own loss, plus the meta-regularization, with
   * respect to the meta-parameters, differentiating through the adaptation exactly (second order, Hessian-vector
   * terms included) unless `firstOrder`. Reptile returns its update direction (1/T) Σᵢ (θ − θ̃ᵢ) instead, θ̃ᵢ being θ
   * after `innerSteps` SGD steps on task i's support set.
   *
   * Cost: per task, about 4× (second order) or 2× (first order) the cost of one forward+backward pass per inner
   * step. Intermediate buffers are recycled, so repeated calls do not grow the heap.
   *
   * @param tasks - a non-empty array of tasks
   * @param params - meta-parameters (default {@link MetaLearner.params})
   * @returns the mean loss, the penalty, the gradient and the per-task losses
   * @throws InfometaError `EMPTY_INPUT` for no tasks or an empty support/query set; `SHAPE_MISMATCH` / `NON_FINITE`
   *   for bad data or params, or a model whose output does not fit the loss; `DIVERGED` when a task's loss or
   *   gradient is not finite (naming the task)
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
    return { loss, penalty: addPenalty(this.regularization, this.model.numParams, meta, g), grad: g, taskLosses };
  }

  /**
   * @internal Each task's own meta-gradient (weight 1, without the penalty) into `grads` at t·numParams, and its
   * query loss into `losses`: what a worker of infometa/parallel computes for its group of a meta-batch. The caller
   * sums them in task order with weight 1/T, which reproduces {@link MetaLearner.fit}'s sum bit for bit. `first`: the
   * index of tasks[0] in its meta-batch, for the messages.
   */
  taskGradients(fn: string, tasks: readonly Task[], meta: Float64Array, grads: Float64Array, losses: Float64Array, first = 0): void {
    const P = meta.length;
    for (let t = 0; t < tasks.length; t++) {
      const [s, q] = this.prepareTask(fn, `tasks[${first + t}]`, tasks[t]);
      const out = grads.subarray(t * P, (t + 1) * P);
      losses[t] = this.kind === 'reptile' ? reptileTaskGradient(this, fn, meta, s, q, out, 1) : mamlTaskGradient(this, fn, meta, s, q, out, 1);
    }
  }

  /** Accumulates the mean meta-gradient (without the penalty) into `out`; returns the mean loss. */
  private metaGradientInto(fn: string, tasks: readonly Task[], meta: Float64Array, out: Float64Array, taskLosses: Float64Array, iteration: number): number {
    out.fill(0);
    let total = 0;
    const T = tasks.length;
    for (let t = 0; t < T; t++) {
      const [s, q] = this.prepareTask(fn, `tasks[${t}]`, tasks[t]);
      const l = this.kind === 'reptile' ? reptileTaskGradient(this, fn, meta, s, q, out, 1 / T) : mamlTaskGradient(this, fn, meta, s, q, out, 1 / T);
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

  /**
   * Meta-trains {@link MetaLearner.params} in place: each iteration samples `metaBatchSize` tasks from `sampler`
   * (seeded), computes {@link MetaLearner.metaGradient} (regularization included) and takes one step of the outer
   * optimizer (then projects onto `maxNorm`). An aborted `signal` stops training cleanly before the next iteration
   * (no error; `aborted: true`), leaving the parameters as after the last completed step. A non-finite loss or
   * gradient throws `DIVERGED` naming the iteration and the task, before that iteration's step, so the parameters
   * stay finite. With `validation`, the meta-parameters are scored on the fixed validation tasks before training and
   * every `every` iterations; training stops after `patience` scores without improvement, and the best scored
   * meta-parameters are kept (also when stopped or aborted).
   *
   * Cost: `iterations × metaBatchSize` task meta-gradients, plus the validation tasks' adaptations.
   *
   * @param sampler - the task distribution
   * @param options - `iterations`, `metaBatchSize`, `shots`, `queryShots`, `outerOptimizer`, `seed`, `signal`,
   *   `onProgress`, `progressEvery`, `validation` (`tasks`, `every`, `patience`, `steps`)
   * @returns the number of completed iterations, whether it was aborted, the loss curve and the validation record
   * @throws InfometaError `INVALID_OPTION` for bad options; `SHAPE_MISMATCH` when the sampler's sizes differ from the
   *   model's or validation tasks' shapes differ from the training tasks'; `DIVERGED` as above
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
    const plan = planFit(this, fn, sampler, options);
    const meta = this.checkMeta(fn, this.params);
    const g = new Float64Array(meta.length);
    const taskLosses = new Float64Array(plan.batch);
    const loop = fitLoop(this, plan, (rng) => sampler.sample(rng, plan.shots, plan.queryShots), meta, g);
    for (let r = loop.next(); ; ) {
      if (r.done === true) return r.value;
      r = loop.next(this.metaGradientInto(fn, r.value.tasks, meta, g, taskLosses, r.value.it));
    }
  }

  /** Learner, model, hyper-parameters and meta-parameters as plain JSON. */
  toJSON(): LearnerJSON {
    const json: LearnerJSON = {
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
    const r = this.regularization;
    if (r.l2 !== 0 || r.l1 !== 0 || r.maxNorm !== undefined) json.regularization = { ...r };
    if (this.proximal !== 0) json.proximal = this.proximal;
    return json;
  }

  /**
   * Restores a learner from {@link MetaLearner.toJSON} output (e.g. meta-trained in Node, loaded in a browser). The
   * model is rebuilt by {@link modelFromJSON}: register a custom model's kind with {@link registerModel} first.
   *
   * @param json - parsed JSON
   * @returns the learner with its meta-parameters
   * @throws InfometaError `INVALID_JSON` for a wrong `kind` or `version`, malformed fields, or a model kind the
   *   registry does not know
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
    const model = modelFromJSON(o.model, fn);
    const p = o.params;
    if (!Array.isArray(p) || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) fail('INVALID_JSON', fn, 'params must be an array of finite numbers');
    const params = Float64Array.from(p as number[]);
    try {
      return buildLearner(fn, kind as LearnerKind, {
        model,
        innerLr: o.innerLr as number,
        innerSteps: o.innerSteps as number,
        firstOrder: o.firstOrder as boolean,
        loss: o.loss as TaskKind,
        regularization: o.regularization as Regularization | undefined,
        proximal: o.proximal as number | undefined,
      }, params);
    } catch (e) {
      if (e instanceof Error && (e as { code?: string }).code !== undefined && (e as { code?: string }).code !== 'INVALID_JSON') fail('INVALID_JSON', fn, e.message);
      throw e;
    }
  }

  /**
   * @internal Buffers of a fast path for batches of up to `b.rows` rows (one arena: WebAssembly memory where
   * available). One set per fast path, reused for every smaller batch (the kernels use a prefix of each buffer), and
   * replaced by a larger one (at least twice the rows) when a batch does not fit: the memory held is bounded by the
   * largest batch, however many distinct batch sizes a learner sees (it used to keep one arena per size, forever).
   */
  buffers(fast: FastPath, N: number, steps: number): Buffers {
    let b = this.bufs.get(fast);
    if (b === undefined || b.rows < N || b.ws.length < steps) {
      const P = this.model.numParams;
      const rows = b === undefined || b.rows >= N ? Math.max(N, b?.rows ?? 0) : Math.max(N, 2 * b.rows);
      const sz = fast.workspace(rows);
      const n = Math.max(steps, b?.ws.length ?? 0);
      const nx = rows * this.model.inputSize;
      const arena = createArena((n + 1) * sz.ws + (2 * n + 7) * P + sz.scratch + 2 * nx, fast.maxDim(rows));
      b = {
        rows,
        ws: Array.from({ length: n }, () => arena.alloc(sz.ws)),
        fast: Array.from({ length: n + 1 }, () => arena.alloc(P)),
        g: Array.from({ length: n }, () => arena.alloc(P)),
        scratch: arena.alloc(sz.scratch),
        v: arena.alloc(P),
        u: arena.alloc(P),
        hv: arena.alloc(P),
        dt: arena.alloc(P),
        wsQuery: arena.alloc(sz.ws),
        th: arena.alloc(P),
        gp: arena.alloc(P),
        xs: arena.alloc(nx),
        xq: arena.alloc(nx),
      };
      this.bufs.set(fast, b);
    }
    return b;
  }
}
