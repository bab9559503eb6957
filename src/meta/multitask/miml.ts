// MIML end to end: task dependency matrix → related tasks for a target → a multi-task model on the target and its
// related tasks → held-out evaluation beside single-task and all-tasks baselines.
import { within } from '../../autodiff/tensor.js';
import { fail, fmt } from '../../internal/errors.js';
import { createRng } from '../../internal/rng.js';
import { checkBoolean, checkChoice, checkInteger, checkNumber, checkOptions, isNumericArray, optionNames } from '../../internal/validate.js';
import { taskDependencyMatrix } from '../../miml/dependency.js';
import { DependencyMatrix } from '../../miml/matrix.js';
import type { DependencyMeasure } from '../../miml/matrix.js';
import { selectRelatedTasks } from '../../miml/select.js';
import type { RelatedTask, SelectionStrategy } from '../../miml/select.js';
import { toMatrix } from './data.js';
import type { FeatureRows, MultiTaskData, TaskType } from './data.js';
import { SharedDictionaryModel } from './dictionary.js';
import type { MultiTaskProgress } from './engine.js';
import { SharedLatentModel } from './latent.js';
import type { SharedLatentOptions, TrunkOptions } from './latent.js';
import { accuracyOf, f1Of, rocAuc } from './metrics.js';

const MIML_OPTIONS = optionNames<MimlOptions>()('target', 'k', 'strategy', 'measure', 'model', 'modelOptions', 'relatedWeight', 'testFraction', 'baselines', 'seed', 'signal', 'onProgress');
const MIML_MODEL_OPTIONS = optionNames<MimlModelOptions>()('rank', 'trunk', 'lambda', 'penalty', 'lambdaShared', 'sharedPenalty', 'standardize', 'solver', 'codeSolver', 'iterations', 'tol', 'epochs', 'lr', 'batchSize', 'initLambda');

/** A multi-task data set whose tasks share their instances (a multi-label or multi-output data set). */
export interface MimlDataset {
  /** n feature rows, shared by every task. */
  x: FeatureRows;
  /** One label array per task, each of length n: 0/1 (binary tasks) or class indices ≥ 0 (multiclass tasks). */
  tasks: readonly ArrayLike<number>[];
  /** Task names, unique; default `task0`, `task1`, …. */
  names?: readonly string[];
}

/** Model settings of {@link miml}: the options of the multi-task model (its solver is Adam for label tasks). */
export interface MimlModelOptions extends Omit<SharedLatentOptions, 'rank'> {
  /** Latent dimension r (`shared-latent`) or number of atoms k (`shared-dictionary`); default 8, capped at d. */
  rank?: number;
}

/** Options of {@link miml}. */
export interface MimlOptions {
  /** The target task, by index or name. */
  target: number | string;
  /** Number of related tasks learned with the target, in [1, T − 1]; default min(3, T − 1). */
  k?: number;
  /** Selection strategy of `selectRelatedTasks`: `top-k` (default) or `mrmr`. */
  strategy?: SelectionStrategy;
  /** Dependency measure of the task dependency matrix (default `mi`). */
  measure?: DependencyMeasure;
  /** `shared-latent` (default, {@link SharedLatentModel}) or `shared-dictionary` ({@link SharedDictionaryModel}). */
  model?: 'shared-latent' | 'shared-dictionary';
  /**
   * Options of the model; default `{ rank: 8, trunk: 'linear', lambda: 0.03, epochs: 100, lr: 0.01 }` (see
   * {@link SharedLatentOptions}; λ = 0.03 was the value most often chosen by validation on emotions and yeast).
   */
  modelOptions?: MimlModelOptions;
  /** Weight ωₜ ≥ 0 of each related task's loss in the MIML model, the target's being 1 (default 1). */
  relatedWeight?: number;
  /** Fraction of the instances held out for evaluation, in (0, 1); default 0.3. */
  testFraction?: number;
  /** Also train the single-task and all-tasks baselines (default true). */
  baselines?: boolean;
  /** Seed of the split and of the models (default 0). */
  seed?: number;
  /** Stops training: an `InfometaError` with code `'ABORTED'` is thrown before the next epoch. */
  signal?: AbortSignal;
  /** Called after every epoch of each model, with the stage (`miml`, `single`, `all`) being trained. */
  onProgress?: (progress: MimlProgress) => void;
}

/** Progress of {@link miml}: which model is being trained and its own progress. */
export interface MimlProgress extends MultiTaskProgress {
  /** `miml` (target plus related tasks), `single` (target alone) or `all` (every task). */
  stage: 'miml' | 'single' | 'all';
}

/** Held-out metrics of one task. */
export interface TaskMetrics {
  /** Fraction of held-out instances classified correctly (probability ≥ 0.5 for a binary task). */
  accuracy: number;
  /** F1 of the positive class (binary), or macro-F1 over the classes (multiclass). */
  f1: number;
  /** ROC AUC of P(y = 1) (binary); null for a multiclass task or when the held-out labels have one class only. */
  auc: number | null;
}

/** Held-out metrics of the target under the three ways of learning it. */
export interface MimlMetrics {
  /** The MIML model: the target learned with its related tasks. */
  miml: TaskMetrics;
  /** The same model trained on the target alone (null with `baselines: false`). */
  single: TaskMetrics | null;
  /** The same model trained on every task (null with `baselines: false`). */
  all: TaskMetrics | null;
}

/** Held-out metrics of one task of the MIML model. */
export interface MimlTaskMetrics {
  /** Task name. */
  name: string;
  /** Its held-out metrics. */
  metrics: TaskMetrics;
}

/** The instances used for training and for evaluation. */
export interface MimlSplit {
  /** Indices of the training instances, ascending. */
  train: Int32Array;
  /** Indices of the held-out instances, ascending. */
  test: Int32Array;
}

/** Result of {@link miml}. */
export interface MimlResult {
  /** Name of the target task. */
  target: string;
  /** The related tasks chosen for the target, best first, with their scores. */
  related: RelatedTask[];
  /** Dependency matrix of the tasks, computed on the training instances only. */
  dependency: DependencyMatrix;
  /** Held-out metrics of the target: MIML model, single-task and all-tasks baselines (null when not trained). */
  metrics: MimlMetrics;
  /** Held-out metrics of every task of the MIML model (target first). */
  perTask: MimlTaskMetrics[];
  /** The trained MIML model (target plus related tasks). */
  model: SharedLatentModel | SharedDictionaryModel;
  /** Indices of the training and held-out instances. */
  split: MimlSplit;
}

/**
 * MIML end to end: learn a target task together with the tasks that carry the most information about it.
 *
 * 1. Split the instances (seeded) into training and held-out parts (`testFraction`).
 * 2. Compute the task dependency matrix of the labels on the training part (`taskDependencyMatrix`, `measure`).
 * 3. Choose the k tasks most related to the target (`selectRelatedTasks`, `top-k` or `mrmr`).
 * 4. Train a multi-task model (shared latent or shared dictionary) on the target and its related tasks, features
 *    standardized with training statistics only.
 * 5. Evaluate on the held-out part, beside the same model trained on the target alone (single-task) and on all
 *    tasks (all-tasks).
 *
 * Cost: one dependency matrix (O(n·T²)) plus three model fits (see {@link SharedLatentModel}).
 *
 * @param dataset - `{ x, tasks, names }`: shared instances and one label array per task
 * @param options - `target` (required), `k`, `strategy`, `measure`, `model`, `modelOptions`, `testFraction`,
 *   `baselines`, `seed`, `signal`, `onProgress`
 * @returns the selected tasks, the dependency matrix, the held-out metrics and the model
 * @throws InfometaError `INVALID_ARGUMENT` for a malformed dataset, fewer than 2 tasks or an unknown target;
 *   `SHAPE_MISMATCH` for label arrays whose length differs from the rows of x; `NON_FINITE` for non-finite
 *   features; `INVALID_LABELS` for labels that are not integers ≥ 0; `INVALID_OPTION` for k outside [1, T − 1], a
 *   bad testFraction, strategy, measure or model; `ABORTED` when the signal fires
 * @example
 * ```ts
 * import { miml } from 'infometa';
 * // Task b is a noisy copy of task a; task c is unrelated.
 * const x = Array.from({ length: 120 }, (_, i) => [(i % 7) - 3, ((i * 5) % 11) - 5]);
 * const a = x.map((r) => (r[0] + 0.3 * r[1] > 0 ? 1 : 0));
 * const b = a.map((v, i) => (i % 10 === 0 ? 1 - v : v));
 * const c = x.map((_, i) => (i % 3 === 0 ? 1 : 0));
 * const result = miml({ x, tasks: [a, b, c], names: ['a', 'b', 'c'] }, { target: 'a', k: 1, modelOptions: { epochs: 50 } });
 * console.log(result.related.map((r) => r.name)); // [ 'b' ]
 * console.log((result.metrics.miml.auc ?? 0) > 0.9); // true
 * ```
 */
export function miml(dataset: MimlDataset, options: MimlOptions): MimlResult {
  // The models it trains report their errors (an abort, a divergence) under miml's name.
  return within('miml', () => mimlNow(dataset, options));
}

function mimlNow(dataset: MimlDataset, options: MimlOptions): MimlResult {
  const fn = 'miml';
  if (dataset === null || typeof dataset !== 'object') fail('INVALID_ARGUMENT', fn, `dataset must be an object { x, tasks } (got ${fmt(dataset)})`);
  checkOptions(fn, options, MIML_OPTIONS);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options with a target are required');
  const { X, n, d } = toMatrix(fn, 'dataset.x', dataset.x, -1);
  const tasksIn = dataset.tasks;
  if (!Array.isArray(tasksIn)) fail('INVALID_ARGUMENT', fn, `dataset.tasks must be an array of label arrays (got ${fmt(tasksIn)})`);
  const T = tasksIn.length;
  if (T < 2) fail('INVALID_ARGUMENT', fn, `dataset.tasks must hold at least 2 tasks (got ${T})`);
  const names = dataset.names === undefined ? Array.from({ length: T }, (_, t) => `task${t}`) : Array.from(dataset.names);
  if (names.length !== T || names.some((s) => typeof s !== 'string')) fail('INVALID_ARGUMENT', fn, `dataset.names must be ${T} strings (got ${fmt(dataset.names)})`);
  const labels: Int32Array[] = [];
  const types: TaskType[] = [];
  for (let t = 0; t < T; t++) {
    const y: unknown = tasksIn[t];
    if (!isNumericArray(y)) fail('INVALID_ARGUMENT', fn, `dataset.tasks[${t}] must be an array of labels (got ${fmt(y)})`);
    if (y.length !== n) fail('SHAPE_MISMATCH', fn, `dataset.tasks[${t}] has ${y.length} labels but x has ${n} rows`);
    const a = new Int32Array(n);
    let max = 0;
    for (let i = 0; i < n; i++) {
      const v = y[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail('INVALID_LABELS', fn, `dataset.tasks[${t}][${i}] must be an integer label ≥ 0 (got ${fmt(v)})`);
      a[i] = v;
      if (v > max) max = v;
    }
    labels.push(a);
    types.push(max <= 1 ? 'binary' : 'multiclass');
  }
  const target = typeof options.target === 'string' ? names.indexOf(options.target) : options.target;
  if (typeof target !== 'number' || !Number.isInteger(target) || target < 0 || target >= T) fail('INVALID_ARGUMENT', fn, `unknown target ${fmt(options.target)}`);
  const k = checkInteger(fn, 'k', options.k, Math.min(3, T - 1), 1, T - 1);
  const strategy = checkChoice(fn, 'strategy', options.strategy, ['top-k', 'mrmr'] as const, 'top-k');
  const kind = checkChoice(fn, 'model', options.model, ['shared-latent', 'shared-dictionary'] as const, 'shared-latent');
  const testFraction = checkNumber(fn, 'testFraction', options.testFraction, 0.3, 0, 1);
  const seed = checkNumber(fn, 'seed', options.seed, 0);
  const baselines = checkBoolean(fn, 'baselines', options.baselines, true);
  const relatedWeight = checkNumber(fn, 'relatedWeight', options.relatedWeight, 1, 0);
  const nTest = Math.round(testFraction * n);
  if (nTest < 1 || nTest > n - 2) fail('INVALID_OPTION', fn, `testFraction ${fmt(testFraction)} leaves ${nTest} held-out and ${n - nTest} training instances; both need at least 1 (2 for training)`);
  const split = splitIndices(n, nTest, seed);

  const rows = (idx: Int32Array): Float64Array[] => Array.from(idx, (i) => X.subarray(i * d, i * d + d));
  const xTrain = rows(split.train);
  const xTest = rows(split.test);
  const pick = (t: number, idx: Int32Array): Int32Array => Int32Array.from(idx, (i) => labels[t][i]);

  const dependency = taskDependencyMatrix(labels.map((_, t) => pick(t, split.train)), { names, measure: options.measure });
  const related = selectRelatedTasks(dependency, target, { k, strategy });

  const taskData = (t: number, weight = 1): MultiTaskData => ({ name: names[t], x: xTrain, y: pick(t, split.train), type: types[t], weight });
  const mo = options.modelOptions ?? {};
  checkOptions(fn, mo, MIML_MODEL_OPTIONS);
  const width = Math.min(checkInteger(fn, 'modelOptions.rank', mo.rank, 8, 1), d);
  const make = (): SharedLatentModel | SharedDictionaryModel => {
    // rank and trunk are miml's to interpret (the dictionary model takes neither), the rest is the model's.
    const { rank: _rank, trunk, ...shared } = mo;
    const base = { lambda: 0.03, epochs: 100, lr: 0.01, ...shared };
    if (kind === 'shared-dictionary') return new SharedDictionaryModel({ ...base, k: width });
    return new SharedLatentModel({ ...base, rank: width, trunk: (trunk ?? 'linear') as 'linear' | TrunkOptions });
  };
  const train = (ts: number[], stage: MimlProgress['stage']): SharedLatentModel | SharedDictionaryModel => {
    const m = make();
    m.fit(ts.map((t, q) => taskData(t, stage === 'miml' && q > 0 ? relatedWeight : 1)), {
      seed,
      signal: options.signal,
      onProgress: options.onProgress === undefined ? undefined : (p) => options.onProgress?.({ ...p, stage }),
    });
    return m;
  };
  const evaluate = (m: SharedLatentModel | SharedDictionaryModel, t: number): TaskMetrics => {
    const y = pick(t, split.test);
    if (types[t] === 'binary') {
      const p = m.predict(names[t], xTest);
      const hard = Int32Array.from(p, (v) => (v >= 0.5 ? 1 : 0));
      return { accuracy: accuracyOf(y, hard), f1: f1Of(y, hard), auc: rocAuc(y, p) };
    }
    const c = m.predict(names[t], xTest);
    let classes = 0;
    for (const v of labels[t]) classes = Math.max(classes, v + 1);
    let f1 = 0;
    for (let q = 0; q < classes; q++) f1 += f1Of(y, c, q);
    return { accuracy: accuracyOf(y, c), f1: f1 / classes, auc: null };
  };

  const group = [target, ...related.map((r) => r.task)];
  const model = train(group, 'miml');
  const perTask = group.map((t) => ({ name: names[t], metrics: evaluate(model, t) }));
  const single = baselines ? evaluate(train([target], 'single'), target) : null;
  const all = baselines ? evaluate(train(Array.from({ length: T }, (_, t) => t), 'all'), target) : null;
  return { target: names[target], related, dependency, metrics: { miml: perTask[0].metrics, single, all }, perTask, model, split };
}

/** @internal A seeded split of 0..n−1 into n − nTest training and nTest held-out indices, each sorted. */
export function splitIndices(n: number, nTest: number, seed: number): { train: Int32Array; test: Int32Array } {
  const perm = createRng(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  return { train: perm.slice(nTest).sort(), test: perm.slice(0, nTest).sort() };
}
