import { fail, fmt } from '../../internal/errors.js';
import { checkInteger, checkOptions, optionNames } from '../../internal/validate.js';
import type { Activation } from '../models.js';
import type { Penalty, MultiTaskData } from './data.js';
import { Engine, engineConfig } from './engine.js';
import type { FineTuneOptions, MultiTaskFitOptions, MultiTaskFitResult } from './engine.js';
import { probabilities, predictions } from './predict.js';

/** A nonlinear shared trunk: an MLP from the d features through `hidden` layers to the r latent features. */
export interface TrunkOptions {
  /** Widths of the hidden layers, e.g. `[64]`. */
  hidden: number[];
  /** Nonlinearity after each hidden layer (default `'relu'`). */
  activation?: Activation;
}

/** Options shared by {@link SharedLatentModel} and {@link SharedDictionaryModel}. */
export interface MultiTaskModelOptions {
  /** Penalty strength λ ≥ 0 of each head (or code vector); default 0.01. A task's own `lambda` overrides it. */
  lambda?: number;
  /** Penalty of each head: `l2` (‖w‖²) or `l1` (‖w‖₁). A task's own `penalty` overrides it. */
  penalty?: Penalty;
  /** Penalty strength ≥ 0 of the shared part (its weight matrices, never biases); default `lambda`. */
  lambdaShared?: number;
  /** Penalty of the shared part with the Adam solver (`l2` default; the closed-form path always uses `l2`). */
  sharedPenalty?: Penalty;
  /** Standardize features with the training mean and standard deviation (pooled over tasks); default true. */
  standardize?: boolean;
  /**
   * `als`: closed-form alternating least squares (linear shared part, regression tasks only). `adam`: gradient
   * training of the summed task losses. `auto` (default): `als` when it applies, else `adam`.
   */
  solver?: 'auto' | 'als' | 'adam';
  /** Lasso solver of the `l1` heads in the closed-form path: cyclic coordinate descent (`cd`, default) or `fista`. */
  codeSolver?: 'cd' | 'fista';
  /** Maximum number of alternating sweeps (default 100). */
  iterations?: number;
  /** Stop the sweeps when the objective decreases by less than tol·|objective| (default 1e-7). */
  tol?: number;
  /** Epochs of the Adam solver (default 300). */
  epochs?: number;
  /** Adam learning rate (default 0.01). */
  lr?: number;
  /** Mini-batch size of the Adam solver, per group of tasks sharing instances (default: full batch). */
  batchSize?: number;
  /** λ of the single-task ridge regressions whose top singular vectors initialise the closed-form path (default 0.01). */
  initLambda?: number;
}

/** Options of {@link SharedLatentModel}. */
export interface SharedLatentOptions extends MultiTaskModelOptions {
  /** Dimension r ≥ 1 of the shared latent representation φ(x). With a linear trunk, r ≤ d. */
  rank: number;
  /** `'linear'` (default): φ(x) = Uᵀx with U d×r; or an MLP trunk `{ hidden, activation }`. */
  trunk?: 'linear' | TrunkOptions;
}

const KIND = 'infometa.SharedLatentModel';
const LATENT_OPTIONS = optionNames<SharedLatentOptions>()('rank', 'trunk', 'lambda', 'penalty', 'lambdaShared', 'sharedPenalty', 'standardize', 'solver', 'codeSolver', 'iterations', 'tol', 'epochs', 'lr', 'batchSize', 'initLambda');

/**
 * A multi-task model with a shared latent representation: fₜ(x) = ⟨wₜ, φ(x)⟩ + bₜ, where φ maps the d features to
 * r latent features shared by every task (a linear projection φ(x) = Uᵀx, or an MLP trunk) and each task has its
 * own head (wₜ, bₜ) and loss: squared error (`regression`), logistic (`binary`) or softmax cross-entropy
 * (`multiclass`).
 *
 * Objective: min Σₜ ωₜ·meanᵢ L(yₜᵢ, fₜ(xₜᵢ)) + Σₜ λₜ·R(wₜ) + λ_shared·R(U), R = ‖·‖² (`l2`) or ‖·‖₁ (`l1`).
 * For a linear trunk and regression tasks it is solved by alternating least squares (each head in closed form,
 * then U from its dr×dr normal equations, starting from the top-r singular vectors of single-task ridge weights);
 * otherwise by Adam over the summed losses. With r below the number of tasks the task weights must share an
 * r-dimensional subspace, which is what helps small tasks; with r ≥ T only the penalties couple the tasks (λ‖U‖² + λ‖W‖²
 * acts like a trace-norm penalty on the task weights).
 *
 * Cost per sweep (closed form): O(T·d²·r + (d·r)³) after an O(Σₜ nₜ·d²) pass over the data; per epoch (Adam):
 * O(Σ nₜ · trunk size).
 *
 * @example
 * ```ts
 * import { SharedLatentModel } from 'infometa';
 * // Two regression tasks whose weights lie on the same direction u = (1, 1, 0).
 * const x = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [2, 0, 1], [0, 2, 1]];
 * const tasks = [
 *   { name: 'a', x, y: x.map((r) => 2 * (r[0] + r[1])) },
 *   { name: 'b', x, y: x.map((r) => -(r[0] + r[1]) + 1) },
 * ];
 * const model = new SharedLatentModel({ rank: 1, lambda: 0, lambdaShared: 0 });
 * model.fit(tasks);
 * console.log(Array.from(model.predict('b', [[1, 1, 5]]), (v) => v.toFixed(6))); // [ '-1.000000' ]
 * ```
 */
export class SharedLatentModel {
  /** @internal The shared map and heads (infometa/parallel's fitMultiTaskAsync fits a copy in a worker and adopts it). */
  engine: Engine;

  /**
   * Creates an unfitted model.
   *
   * @param options - `rank` (required), `trunk`, penalties, solver settings (see {@link SharedLatentOptions})
   * @throws InfometaError `INVALID_OPTION` for rank < 1, a negative λ, an unknown penalty, solver or trunk
   */
  constructor(options: SharedLatentOptions) {
    const fn = 'SharedLatentModel';
    checkOptions(fn, options, LATENT_OPTIONS);
    if (options === undefined) fail('INVALID_OPTION', fn, 'options with rank are required');
    const r = checkInteger(fn, 'rank', options.rank, NaN, 1);
    if (Number.isNaN(r)) fail('INVALID_OPTION', fn, `rank must be an integer ≥ 1 (got ${fmt(options.rank)})`);
    this.engine = new Engine(engineConfig(fn, options as unknown as Record<string, unknown>, r, { penalty: 'l2' }));
    this.engine.widthName = 'rank';
  }

  /** Dimension r of the shared representation. */
  get rank(): number {
    return this.engine.cfg.width;
  }

  /** Names of the tasks the model has heads for, in order. */
  get tasks(): string[] {
    return this.engine.heads.map((h) => h.name);
  }

  /** Number of input features d (−1 before `fit`). */
  get inputSize(): number {
    return this.engine.d;
  }

  /**
   * Learns the shared representation and every head jointly.
   *
   * Cost: see {@link SharedLatentModel}.
   *
   * @param tasks - the tasks, each `{ name, x, y, type, classes, weight, lambda, penalty }` (see {@link MultiTaskData})
   * @param options - `seed`, `signal`, `onProgress`
   * @returns the solver used, the number of sweeps or epochs and the final objective
   * @throws InfometaError `EMPTY_INPUT` for no tasks or a task with no samples; `SHAPE_MISMATCH` for tasks whose
   *   feature dimensions differ or whose y length differs from x; `NON_FINITE` for non-finite features or targets;
   *   `INVALID_LABELS` for labels outside a head's classes; `INVALID_OPTION` for rank > d with a linear trunk, or
   *   `solver: 'als'` with a nonlinear trunk or classification tasks; `ABORTED` when the signal fires;
   *   `DIVERGED` for a non-finite loss
   */
  fit(tasks: readonly MultiTaskData[], options?: MultiTaskFitOptions): MultiTaskFitResult {
    return this.engine.fit('SharedLatentModel.fit', tasks, options);
  }

  /**
   * Predictions of one task: the value (`regression`), P(y = 1) (`binary`) or the most probable class
   * (`multiclass`).
   *
   * Cost: O(n · trunk size).
   *
   * @param task - task name or index
   * @param x - n feature rows
   * @returns n predictions
   * @throws InfometaError `INVALID_ARGUMENT` for an unknown task or an unfitted model; `SHAPE_MISMATCH` for rows of the
   *   wrong width; `NON_FINITE` for non-finite features
   */
  predict(task: string | number, x: readonly (readonly number[] | Float64Array)[]): Float64Array {
    return predictions(this.engine.outputs('SharedLatentModel.predict', task, x));
  }

  /**
   * Class probabilities of a classification task: P(y = 1) per row for `binary`, the n×C row-major softmax for
   * `multiclass`.
   *
   * Cost: O(n · trunk size).
   *
   * @param task - task name or index
   * @param x - n feature rows
   * @returns the probabilities
   * @throws InfometaError as {@link SharedLatentModel.predict}; `INVALID_ARGUMENT` for a regression task
   */
  predictProba(task: string | number, x: readonly (readonly number[] | Float64Array)[]): Float64Array {
    return probabilities('SharedLatentModel.predictProba', this.engine.outputs('SharedLatentModel.predictProba', task, x));
  }

  /**
   * The shared projection U (d×r, row-major) of a linear trunk, acting on standardized features (raw features
   * when `standardize` is false).
   *
   * @returns a copy of U
   * @throws InfometaError `INVALID_ARGUMENT` for an unfitted model or an MLP trunk
   */
  projection(): Float64Array {
    this.engine.ensureFitted('SharedLatentModel.projection');
    if (!this.engine.linear) fail('INVALID_ARGUMENT', 'SharedLatentModel.projection', 'the model has an MLP trunk, not a linear projection');
    return this.engine.projection().slice();
  }

  /**
   * Adds a task (or retrains one) on top of the learned shared representation: with `freezeShared` (default) only
   * its head is trained (in closed form for a regression task, by Adam otherwise), which is how the meta-knowledge
   * of the other tasks is reused by a new task with few samples.
   *
   * Cost: O(n·d·r + r³) for a frozen regression head; Adam epochs otherwise.
   *
   * @param task - name of the new or existing task
   * @param data - `{ x, y, type, classes, weight, lambda, penalty }`
   * @param options - `freezeShared`, `seed`, `signal`, `onProgress`
   * @returns the solver used, iterations and final objective
   * @throws InfometaError `INVALID_ARGUMENT` for an unfitted model or a bad task name; `SHAPE_MISMATCH` when the
   *   rows do not have the model's input size; the errors of {@link SharedLatentModel.fit} for bad data
   */
  fineTune(task: string, data: MultiTaskData, options?: FineTuneOptions): MultiTaskFitResult {
    return this.engine.fineTune('SharedLatentModel.fineTune', task, data, options);
  }

  /** The model as plain JSON (kind `'infometa.SharedLatentModel'`, version 1): options, scaling, parameters, heads. */
  toJSON(): object {
    return this.engine.toJSON(KIND);
  }

  /**
   * Rebuilds a model from {@link SharedLatentModel.toJSON} output.
   *
   * @param json - parsed JSON
   * @returns the model, predicting exactly as the original
   * @throws InfometaError `INVALID_JSON` for a wrong kind or version or malformed fields
   * @example
   * ```ts
   * import { SharedLatentModel } from 'infometa';
   * const m = new SharedLatentModel({ rank: 1 });
   * m.fit([{ x: [[0], [1], [2]], y: [1, 3, 5] }]);
   * const back = SharedLatentModel.fromJSON(JSON.parse(JSON.stringify(m)));
   * console.log(back.predict(0, [[3]])[0] === m.predict(0, [[3]])[0]); // true
   * ```
   */
  static fromJSON(json: unknown): SharedLatentModel {
    const m = new SharedLatentModel({ rank: 1 });
    m.engine = Engine.fromJSON('SharedLatentModel.fromJSON', json, KIND);
    m.engine.widthName = 'rank';
    return m;
  }
}
