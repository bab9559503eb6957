import { fail, fmt } from '../../internal/errors.js';
import { checkInteger, checkOptions, optionNames } from '../../internal/validate.js';
import type { MultiTaskData } from './data.js';
import { Engine, engineConfig } from './engine.js';
import type { FineTuneOptions, MultiTaskFitOptions, MultiTaskFitResult } from './engine.js';
import type { MultiTaskModelOptions } from './latent.js';
import { predictions, probabilities } from './predict.js';

/** Options of {@link SharedDictionaryModel}. */
export interface SharedDictionaryOptions extends MultiTaskModelOptions {
  /** Number k ≥ 1 of dictionary atoms (columns of L), k ≤ d. */
  k: number;
}

const KIND = 'infometa.SharedDictionaryModel';
const DICTIONARY_OPTIONS = optionNames<SharedDictionaryOptions>()('k', 'lambda', 'penalty', 'lambdaShared', 'sharedPenalty', 'standardize', 'solver', 'codeSolver', 'iterations', 'tol', 'epochs', 'lr', 'batchSize', 'initLambda');

/**
 * GO-MTL (Kumar & Daumé 2012): the task weights are sparse combinations of a few shared atoms, W = L·S with a
 * dictionary L = [v₁ … v_k] (d×k) and a code sₜ per task, fₜ(x) = Σ_c s_{t,c}·⟨v_c, x⟩ + bₜ. Tasks that use the
 * same atoms share statistical strength; tasks that use different atoms do not interfere.
 *
 * Objective: min Σₜ ωₜ·meanᵢ (yₜᵢ − fₜ(xₜᵢ))² + λ Σₜ ‖sₜ‖₁ + λ_shared ‖L‖²_F (the `penalty` of the codes is `l1`
 * by default; `l2` gives a low-rank ridge model). Alternating optimisation: each code is a lasso on Xₜ·L (cyclic
 * coordinate descent or FISTA, in Gram form), then L solves its ridge-type dk×dk normal equations. L starts from
 * the top-k left singular vectors of the single-task ridge weights. Classification tasks use the Adam solver with
 * a subgradient of the ℓ1 penalty (codes are then small but not exactly zero).
 *
 * Cost per sweep: O(T·(d²k + k²·sweeps of the lasso) + (d·k)³) after one O(Σₜ nₜ·d²) pass over the data.
 *
 * @example
 * ```ts
 * import { SharedDictionaryModel } from 'infometa';
 * // Three tasks built from two atoms (1, 0, 0) and (0, 1, 1).
 * const x = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [2, 0, 1], [0, 2, 1], [1, 2, 0]];
 * const f = [(r: number[]) => r[0], (r: number[]) => r[1] + r[2], (r: number[]) => 2 * r[0] - r[1] - r[2]];
 * const model = new SharedDictionaryModel({ k: 2, lambda: 1e-6, lambdaShared: 1e-6 });
 * model.fit(f.map((g, t) => ({ name: `t${t}`, x, y: x.map(g) })));
 * console.log(model.predict('t2', [[1, 0, 0]])[0].toFixed(3)); // 2.000
 * ```
 */
export class SharedDictionaryModel {
  /** @internal The shared map and heads (infometa/parallel's fitMultiTaskAsync fits a copy in a worker and adopts it). */
  engine: Engine;

  /**
   * Creates an unfitted model.
   *
   * @param options - `k` (required), `lambda` (ℓ1 weight of the codes), `lambdaShared` (ridge weight of L),
   *   `codeSolver`, … (see {@link SharedDictionaryOptions})
   * @throws InfometaError `INVALID_OPTION` for k < 1, a negative λ, an unknown penalty or solver
   */
  constructor(options: SharedDictionaryOptions) {
    const fn = 'SharedDictionaryModel';
    checkOptions(fn, options, DICTIONARY_OPTIONS);
    if (options === undefined) fail('INVALID_OPTION', fn, 'options with k are required');
    const k = checkInteger(fn, 'k', options.k, NaN, 1);
    if (Number.isNaN(k)) fail('INVALID_OPTION', fn, `k must be an integer ≥ 1 (got ${fmt(options.k)})`);
    const o = { ...(options as unknown as Record<string, unknown>), trunk: undefined };
    this.engine = new Engine(engineConfig(fn, o, k, { penalty: 'l1' }));
    this.engine.widthName = 'k';
  }

  /** Number of atoms k. */
  get k(): number {
    return this.engine.cfg.width;
  }

  /** Names of the tasks the model has codes for, in order. */
  get tasks(): string[] {
    return this.engine.heads.map((h) => h.name);
  }

  /** Number of input features d (−1 before `fit`). */
  get inputSize(): number {
    return this.engine.d;
  }

  /**
   * Learns the dictionary and the codes of every task.
   *
   * Cost: see {@link SharedDictionaryModel}.
   *
   * @param tasks - the tasks (see {@link MultiTaskData})
   * @param options - `seed`, `signal`, `onProgress`
   * @returns the solver used, the number of sweeps or epochs and the final objective
   * @throws InfometaError as `SharedLatentModel.fit`; `INVALID_OPTION` for k > d
   */
  fit(tasks: readonly MultiTaskData[], options?: MultiTaskFitOptions): MultiTaskFitResult {
    return this.engine.fit('SharedDictionaryModel.fit', tasks, options);
  }

  /**
   * Predictions of one task: the value (`regression`), P(y = 1) (`binary`) or the most probable class
   * (`multiclass`).
   *
   * Cost: O(n·d·k).
   *
   * @param task - task name or index
   * @param x - n feature rows
   * @returns n predictions
   * @throws InfometaError `INVALID_ARGUMENT` for an unknown task or an unfitted model; `SHAPE_MISMATCH` for rows of the
   *   wrong width; `NON_FINITE` for non-finite features
   */
  predict(task: string | number, x: readonly (readonly number[] | Float64Array)[]): Float64Array {
    return predictions(this.engine.outputs('SharedDictionaryModel.predict', task, x));
  }

  /**
   * Class probabilities of a classification task (P(y = 1), or the n×C row-major softmax).
   *
   * @param task - task name or index
   * @param x - n feature rows
   * @returns the probabilities
   * @throws InfometaError as {@link SharedDictionaryModel.predict}; `INVALID_ARGUMENT` for a regression task
   */
  predictProba(task: string | number, x: readonly (readonly number[] | Float64Array)[]): Float64Array {
    return probabilities('SharedDictionaryModel.predictProba', this.engine.outputs('SharedDictionaryModel.predictProba', task, x));
  }

  /**
   * The dictionary L (d×k, row-major), acting on standardized features (raw ones when `standardize` is false).
   *
   * @returns a copy of L
   * @throws InfometaError `INVALID_ARGUMENT` for an unfitted model
   */
  dictionary(): Float64Array {
    this.engine.ensureFitted('SharedDictionaryModel.dictionary');
    return this.engine.projection().slice();
  }

  /**
   * The code sₜ of a regression or binary task (k values; zeros mark unused atoms).
   *
   * @param task - task name or index
   * @returns a copy of the code
   * @throws InfometaError `INVALID_ARGUMENT` for an unknown task or an unfitted model
   */
  code(task: string | number): Float64Array {
    const fn = 'SharedDictionaryModel.code';
    this.engine.ensureFitted(fn);
    const i = this.engine.headIndexOf(fn, task);
    return this.engine.headParams[i].slice(0, this.k * this.engine.heads[i].out);
  }

  /**
   * Adds a task (or retrains one) on the learned dictionary: with `freezeShared` (default) only its code is fitted
   * (a lasso on Xₜ·L); with false, L moves too, pulled towards its current value by `lambdaShared`.
   *
   * Cost: O(n·d·k + lasso) for a frozen dictionary.
   *
   * @param task - name of the new or existing task
   * @param data - `{ x, y, type, … }`
   * @param options - `freezeShared`, `seed`, `signal`, `onProgress`
   * @returns the solver used, iterations and final objective
   * @throws InfometaError as `SharedLatentModel.fineTune`
   */
  fineTune(task: string, data: MultiTaskData, options?: FineTuneOptions): MultiTaskFitResult {
    return this.engine.fineTune('SharedDictionaryModel.fineTune', task, data, options);
  }

  /** The model as plain JSON (kind `'infometa.SharedDictionaryModel'`, version 1). */
  toJSON(): object {
    return this.engine.toJSON(KIND);
  }

  /**
   * Rebuilds a model from {@link SharedDictionaryModel.toJSON} output.
   *
   * @param json - parsed JSON
   * @returns the model
   * @throws InfometaError `INVALID_JSON` for a wrong kind or version or malformed fields
   * @example
   * ```ts
   * import { SharedDictionaryModel } from 'infometa';
   * try {
   *   SharedDictionaryModel.fromJSON({ kind: 'infometa.SharedLatentModel', version: 1 });
   * } catch (e) {
   *   console.log((e as { code: string }).code); // INVALID_JSON
   * }
   * ```
   */
  static fromJSON(json: unknown): SharedDictionaryModel {
    const m = new SharedDictionaryModel({ k: 1 });
    m.engine = Engine.fromJSON('SharedDictionaryModel.fromJSON', json, KIND);
    m.engine.widthName = 'k';
    return m;
  }
}
