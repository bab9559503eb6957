// The options, results and JSON of the MAML-family learners (public), and the prepared task sets and fast-path
// buffers the algorithms share (internal).
import type { Tensor } from '../../autodiff/tensor.js';
import type { LossRecord, TaskKind } from '../losses.js';
import type { FastPath, InitScheme, Model, ModelJSON, ParamRange } from '../model.js';
import type { Optimizer } from '../optimizers.js';
import type { Task } from '../tasks.js';

/** Which member of the MAML family a {@link MetaLearner} is. */
export type LearnerKind = 'maml' | 'metaSgd' | 'reptile' | 'anil';

/**
 * Meta-regularization of the outer objective (1/T) Σ ℓ_query,t + λ·R(θ) over the model parameters θ (not Meta-SGD's
 * learned rates): `l2` adds l2·‖θ‖², `l1` adds l1·‖θ‖₁ (subgradient sign θ), and `maxNorm` c projects, after each
 * outer step, every unit's incoming weight vector (each column of a 2-D block) onto the ball of radius c.
 */
export interface Regularization {
  /** Weight of ‖θ‖² (≥ 0, default 0). */
  l2?: number;
  /** Weight of ‖θ‖₁ (≥ 0, default 0). */
  l1?: number;
  /** Largest L2 norm of a unit's incoming weights (> 0; default none). */
  maxNorm?: number;
}

/** A learner's meta-regularization as resolved from its options: the weights (0 when off) and `maxNorm` if set. */
export interface ResolvedRegularization extends Regularization {
  /** Weight of ‖θ‖². */
  l2: number;
  /** Weight of ‖θ‖₁. */
  l1: number;
}

/** Options of {@link maml}, {@link metaSgd}, {@link reptile} and {@link anil}. */
export interface LearnerOptions {
  /** The model whose initial parameters are meta-learned: an {@link Mlp}, a {@link sequential} model or any {@link Model}. */
  model: Model;
  /** Inner-loop (adaptation) learning rate α > 0; for Meta-SGD the initial value of every learned rate. Default 0.01. */
  innerLr?: number;
  /** Number of inner gradient steps during meta-training, ≥ 1 (default 1; Reptile default 5). */
  innerSteps?: number;
  /** First-order approximation: drop the second-order (Hessian) term of the meta-gradient (default false). */
  firstOrder?: boolean;
  /** Task loss, or a task kind that names one (default `'mse'`); a task's own `kind` overrides it. */
  loss?: TaskKind;
  /** Initial model parameters (copied); default `model.init(seed, init)`. */
  params?: Float64Array;
  /** Seed of the default initialisation (default 0). */
  seed?: number;
  /** Initialisation scheme of the default parameters (default `'pytorch'`). */
  init?: InitScheme;
  /** Meta-regularization of the outer objective (default none). */
  regularization?: Regularization;
  /**
   * Proximal inner loop (iMAML's regularized adaptation): adaptation minimises ℓ_support(φ) + (λ/2)‖φ − θ‖², i.e.
   * each inner step is φ ← φ − α(∇ℓ_support(φ) + λ(φ − θ)); λ ≥ 0, default 0. The meta-gradient differentiates through
   * these steps exactly.
   */
  proximal?: number;
}

/** Options of {@link MetaLearner.adapt} and {@link MetaLearner.evaluate}. */
export interface AdaptOptions {
  /** Number of adaptation steps (default: the learner's `innerSteps`). */
  steps?: number;
  /** Kind of the task adapted to (multi-head models; default the task's `kind`, else the learner's loss). */
  kind?: TaskKind;
}

/** Meta-validation in {@link MetaLearner.fit}: fixed tasks the meta-parameters are scored on. */
export interface ValidationOptions {
  /** The validation tasks (the same shapes as the training tasks). */
  tasks: readonly Task[];
  /** Score every `every` iterations (default 100), and once before training. */
  every?: number;
  /** Stop after this many scores in a row without improvement (default: never stop early). */
  patience?: number;
  /** Adaptation steps used when scoring (default the learner's `innerSteps`). */
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
  /**
   * Stops training before the next iteration starts; the parameters are those after the last completed step (with
   * `validation`, the best scored ones).
   */
  signal?: AbortSignal;
  /** Called every `progressEvery` iterations (and after the last, and after each validation score) with plain data. */
  onProgress?: (progress: FitProgress) => void;
  /** Interval of `onProgress` calls in iterations (default 100). */
  progressEvery?: number;
  /** Meta-validation: score fixed tasks every `every` iterations, keep the best meta-parameters, stop on `patience`. */
  validation?: ValidationOptions;
}

/** Progress report passed to `onProgress`. */
export interface FitProgress {
  /** Number of completed iterations. */
  iteration: number;
  /** Total iterations requested. */
  iterations: number;
  /** Mean post-adaptation query loss of the last meta-batch. */
  loss: number;
  /** Mean post-adaptation query loss on the validation tasks, when they were scored at this iteration. */
  validationLoss?: number;
  /** The best validation loss so far (with `validation`). */
  bestValidationLoss?: number;
}

/** The meta-validation record of a {@link FitResult}. */
export interface FitValidation {
  /** Iterations at which the validation tasks were scored (0 = before training). */
  iterations: number[];
  /** The validation loss at each of them. */
  losses: number[];
  /** Iteration whose meta-parameters were kept (the best score). */
  bestIteration: number;
  /** The best validation loss. */
  bestLoss: number;
  /** Whether `patience` stopped training before `iterations`. */
  stoppedEarly: boolean;
}

/** What {@link MetaLearner.fit} returns. */
export interface FitResult {
  /** Number of completed iterations (fewer than requested when aborted or stopped early). */
  iterations: number;
  /** Whether `signal` stopped training early. */
  aborted: boolean;
  /** Mean post-adaptation query loss of each completed iteration's meta-batch. */
  losses: Float64Array;
  /** The meta-validation record (with `validation`). */
  validation?: FitValidation;
}

/** What {@link MetaLearner.metaGradient} returns. */
export interface MetaGradient {
  /** Mean post-adaptation query loss over the tasks (the meta-objective without its regularization). */
  loss: number;
  /** The meta-regularization λ·R(θ) (0 without `regularization`); the objective is `loss + penalty`. */
  penalty: number;
  /** Gradient of `loss + penalty` with respect to the meta-parameters (Reptile: the mean of θ − θ̃ᵢ plus ∇penalty). */
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
  /** The model description (restored through {@link modelFromJSON}). */
  model: ModelJSON;
  /** Inner learning rate. */
  innerLr: number;
  /** Inner steps. */
  innerSteps: number;
  /** First-order flag. */
  firstOrder: boolean;
  /** Task loss (the default task kind). */
  loss: TaskKind;
  /** Meta-regularization, when set. */
  regularization?: Regularization;
  /** Proximal weight λ of the inner loop, when not 0. */
  proximal?: number;
  /** Meta-parameters (Meta-SGD: θ followed by the learned rates). */
  params: number[];
}

/** @internal One task set ready for the model: inputs, targets, its loss and head, and the fast path if any. */
export interface Prepared {
  x: Tensor;
  y: Float64Array;
  yt: Tensor;
  n: number;
  kind: TaskKind;
  loss: LossRecord;
  /** Outputs of the head serving this kind. */
  outputs: number;
  /** The parameters ANIL adapts for this kind. */
  head: ParamRange;
  fast: FastPath | undefined;
}

/** @internal Per-batch-size buffers of a fast path, in one arena. */
export interface Buffers {
  /** The most rows a batch may have (workspaces sized for it; a smaller batch uses a prefix). */
  rows: number;
  ws: Float64Array[];
  fast: Float64Array[];
  g: Float64Array[];
  scratch: Float64Array;
  v: Float64Array;
  u: Float64Array;
  hv: Float64Array;
  /** θ-direct part of the proximal meta-gradient. */
  dt: Float64Array;
  wsQuery: Float64Array;
  /** Parameters and gradient of the plain (adapt / Reptile) path, copied into the arena. */
  th: Float64Array;
  gp: Float64Array;
  /** Support and query inputs, copied into the arena so that the first layer's products run there too. */
  xs: Float64Array;
  xq: Float64Array;
}
