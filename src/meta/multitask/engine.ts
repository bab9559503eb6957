// The machinery shared by SharedLatentModel and SharedDictionaryModel: a shared map φ (a linear projection, a
// dictionary, or an MLP trunk) and one linear head per task, fitted by alternating least squares (linear trunk,
// regression tasks; als.ts) or by Adam over the summed task losses (any trunk, any task type; adam.ts).
import { InfometaError, fail, fmt, fmtAt } from '../../internal/errors.js';
import { LONG_RUNNING_OPTIONS, longRunning } from '../../internal/long-running.js';
import { createRng } from '../../internal/rng.js';
import { checkBoolean, checkChoice, checkInteger, checkNumber, checkOptions } from '../../internal/validate.js';
import { within } from '../../autodiff/tensor.js';
import { Mlp } from '../models.js';
import type { Activation } from '../models.js';
import { jsonObject, predict } from '../model.js';
import type { Model } from '../model.js';
import { MAX_CLASSES, PENALTIES, TASK_TYPES, prepareTask, prepareTasks, toMatrix } from './data.js';
import type { Penalty, PreparedTasks, TaskType } from './data.js';
import { gramStats } from './linalg.js';
import type { GramStats } from './linalg.js';
import { alsLoop, fitAls, headStep, storeAls } from './als.js';
import { fitAdam } from './adam.js';

/** Progress of a multi-task fit, reported as plain data. */
export interface MultiTaskProgress {
  /** Solver in use: `'als'` (alternating least squares) or `'adam'`. */
  solver: 'als' | 'adam';
  /** Sweeps (ALS) or epochs (Adam) done so far. */
  iteration: number;
  /** Maximum number of sweeps or epochs. */
  total: number;
  /** Current value of the regularized objective (per-task mean losses, weighted, plus penalties). */
  objective: number;
}

/** Options of `fit` and `fineTune` of the multi-task models (long-running work). */
export interface MultiTaskFitOptions {
  /** Seed of every random choice (initialisation, mini-batches). Default 0. */
  seed?: number;
  /** Stops training: when it fires, an `InfometaError` with code `'ABORTED'` is thrown before the next sweep/epoch. */
  signal?: AbortSignal;
  /** Called after every sweep (ALS) or epoch (Adam) with `{ solver, iteration, total, objective }`. */
  onProgress?: (progress: MultiTaskProgress) => void;
}

/** Options of `fineTune` of the multi-task models. */
export interface FineTuneOptions extends MultiTaskFitOptions {
  /**
   * Keep the shared part (projection, dictionary or trunk) fixed and train only this task's head or codes
   * (default true). With false the shared part moves too, on this task's data, pulled towards its current value by
   * the model's `lambdaShared` (closed form) or trained jointly by Adam.
   */
  freezeShared?: boolean;
}

/** Summary returned by `fit` and `fineTune`. */
export interface MultiTaskFitResult {
  /** Solver used. */
  solver: 'als' | 'adam';
  /** Sweeps or epochs run. */
  iterations: number;
  /** Final value of the objective. */
  objective: number;
}

/** @internal Resolved configuration of an engine. */
export interface EngineConfig {
  width: number;
  hidden: number[];
  activation: Activation;
  lambda: number;
  penalty: Penalty;
  lambdaShared: number;
  sharedPenalty: Penalty;
  standardize: boolean;
  solver: 'auto' | 'als' | 'adam';
  codeSolver: 'cd' | 'fista';
  iterations: number;
  tol: number;
  epochs: number;
  lr: number;
  batchSize: number;
  initLambda: number;
}

/** @internal A task head: which task it is and how it is penalized. */
export interface HeadInfo {
  name: string;
  type: TaskType;
  out: number;
  weight: number;
  lambda: number | undefined;
  penalty: Penalty | undefined;
}

const ACTS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'softplus', 'identity'];
/** The most ALS sweeps or Adam epochs (a count like 1e308 would never return). */
const MAX_PASSES = 10_000_000;
/** Options of the multi-task fit and fine-tune. */
const FIT_OPTIONS = LONG_RUNNING_OPTIONS;
const FINE_TUNE_OPTIONS: readonly string[] = [...LONG_RUNNING_OPTIONS, 'freezeShared'];

/** The engine's mutable state, for restoring it when a fit fails or is aborted. */
type EngineState = Pick<Engine, 'd' | 'mean' | 'scale' | 'trunk' | 'shared' | 'heads' | 'headParams' | 'alsFitted'>;

/** @internal Validates the options common to both models. */
export function engineConfig(fn: string, o: Record<string, unknown>, width: number, defaults: { penalty: Penalty }): EngineConfig {
  let hidden: number[] = [];
  let activation: Activation = 'relu';
  const trunk = o.trunk;
  if (trunk !== undefined && trunk !== 'linear') {
    if (trunk === null || typeof trunk !== 'object' || Array.isArray(trunk)) fail('INVALID_OPTION', fn, `trunk must be 'linear' or { hidden, activation } (got ${fmt(trunk)})`);
    const t = trunk as { hidden?: unknown; activation?: unknown };
    if (!Array.isArray(t.hidden) || t.hidden.length === 0) fail('INVALID_OPTION', fn, `trunk.hidden must be a non-empty array of layer widths (got ${fmt(t.hidden)})`);
    hidden = t.hidden.map((h: unknown, i: number) => checkInteger(fn, `trunk.hidden[${i}]`, h, 1, 1));
    activation = checkChoice(fn, 'trunk.activation', t.activation, ACTS, 'relu');
  }
  const lambda = checkNumber(fn, 'lambda', o.lambda, 0.01, 0);
  return {
    width,
    hidden,
    activation,
    lambda,
    penalty: checkChoice(fn, 'penalty', o.penalty, PENALTIES, defaults.penalty),
    lambdaShared: checkNumber(fn, 'lambdaShared', o.lambdaShared, lambda, 0),
    sharedPenalty: checkChoice(fn, 'sharedPenalty', o.sharedPenalty, PENALTIES, 'l2'),
    standardize: checkBoolean(fn, 'standardize', o.standardize, true),
    solver: checkChoice(fn, 'solver', o.solver, ['auto', 'als', 'adam'] as const, 'auto'),
    codeSolver: checkChoice(fn, 'codeSolver', o.codeSolver, ['cd', 'fista'] as const, 'cd'),
    iterations: checkInteger(fn, 'iterations', o.iterations, 100, 1, MAX_PASSES),
    tol: checkNumber(fn, 'tol', o.tol, 1e-7, 0),
    epochs: checkInteger(fn, 'epochs', o.epochs, 300, 1, MAX_PASSES),
    lr: checkNumber(fn, 'lr', o.lr, 0.01, Number.MIN_VALUE),
    // 0: the whole task in one batch.
    batchSize: o.batchSize === undefined ? 0 : checkInteger(fn, 'batchSize', o.batchSize, 1, 1),
    initLambda: checkNumber(fn, 'initLambda', o.initLambda, 0.01, Number.MIN_VALUE),
  };
}

/** @internal A fitted (or empty) shared map plus heads. */
export class Engine {
  cfg: EngineConfig;
  /** Number of input features, −1 before fit. */
  d = -1;
  mean: Float64Array = new Float64Array(0);
  scale: Float64Array = new Float64Array(0);
  trunk: Model | null = null;
  shared: Float64Array = new Float64Array(0);
  heads: HeadInfo[] = [];
  headParams: Float64Array[] = [];
  /** Whether the last fit used the closed-form path (the shared map is then exactly linear, with zero bias). */
  alsFitted = false;

  constructor(cfg: EngineConfig) {
    this.cfg = cfg;
  }

  get linear(): boolean {
    return this.cfg.hidden.length === 0;
  }

  headLambda(h: HeadInfo): number {
    return h.lambda ?? this.cfg.lambda;
  }
  headPenalty(h: HeadInfo): Penalty {
    return h.penalty ?? this.cfg.penalty;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Fit

  /** A copy of the state a fit may change (every array it changes is replaced, never written in place). */
  private snapshot(): EngineState {
    return { d: this.d, mean: this.mean, scale: this.scale, trunk: this.trunk, shared: this.shared, heads: this.heads.slice(), headParams: this.headParams.slice(), alsFitted: this.alsFitted };
  }

  /**
   * Runs a fit or fine-tune as a transaction: when it throws (bad data found late, divergence, an abort through
   * `signal`, an error from `onProgress`), the model is restored exactly as it was before the call. A result whose
   * objective is not finite is a divergence.
   */
  private transaction(fn: string, body: () => MultiTaskFitResult): MultiTaskFitResult {
    const before = this.snapshot();
    try {
      const res = within(fn, body);
      if (!Number.isFinite(res.objective)) fail('DIVERGED', fn, `the objective became ${fmt(res.objective)}; rescale the features or lower lr`);
      for (const v of [this.mean, this.scale, this.shared, ...this.headParams]) {
        for (let i = 0; i < v.length; i++) if (v[i] - v[i] !== 0) fail('DIVERGED', fn, `the fitted parameters became non-finite; rescale the features or lower lr`);
      }
      return res;
    } catch (e) {
      Object.assign(this, before);
      throw e;
    }
  }

  fit(fn: string, tasks: unknown, options: MultiTaskFitOptions | undefined): MultiTaskFitResult {
    checkOptions(fn, options, FIT_OPTIONS);
    const lr = longRunning(fn, options);
    return this.transaction(fn, () => this.fitNow(fn, tasks, lr.seed, options));
  }

  /**
   * @internal Every check `fit` makes before it computes anything (options, named `known`; tasks; width and solver),
   * without changing the engine: for infometa/parallel, which runs the fit in a worker. Returns the solver and the
   * most sweeps or epochs it may run.
   */
  checkFit(fn: string, tasks: unknown, options: MultiTaskFitOptions | undefined, known: readonly string[]): { solver: 'als' | 'adam'; total: number } {
    checkOptions(fn, options, known);
    longRunning(fn, options);
    const solver = this.plan(fn, prepareTasks(fn, tasks));
    return { solver, total: solver === 'als' ? this.cfg.iterations : this.cfg.epochs };
  }

  /** @internal Takes over the fitted state of `other` (an engine of the same configuration). */
  adopt(other: Engine): void {
    Object.assign(this, other.snapshot());
  }

  /** The solver a fit of `prep` uses; throws for a width or solver the tasks do not allow. */
  private plan(fn: string, prep: PreparedTasks): 'als' | 'adam' {
    const r = this.cfg.width;
    if (this.linear && r > prep.d) fail('INVALID_OPTION', fn, `${this.widthName} = ${r} is larger than the ${prep.d} features allow`);
    const allRegression = prep.tasks.every((t) => t.type === 'regression');
    let solver = this.cfg.solver;
    if (solver === 'auto') solver = this.linear && allRegression ? 'als' : 'adam';
    if (solver === 'als' && !this.linear) fail('INVALID_OPTION', fn, "solver 'als' needs a linear trunk");
    if (solver === 'als' && !allRegression) fail('INVALID_OPTION', fn, "solver 'als' needs regression tasks only; use solver 'adam' for binary or multiclass tasks");
    return solver;
  }

  private fitNow(fn: string, tasks: unknown, seed: number, options: MultiTaskFitOptions | undefined): MultiTaskFitResult {
    const prep = prepareTasks(fn, tasks);
    const d = prep.d;
    const r = this.cfg.width;
    const solver = this.plan(fn, prep);
    this.d = d;
    this.standardizeFrom(fn, prep.groups, d);
    const groupsStd = prep.groups.map((g) => ({ X: this.applyScaling(g.X, g.n), n: g.n }));
    const tasksStd = prep.tasks.map((t) => ({ ...t, X: groupsStd[t.group].X }));
    this.trunk = new Mlp([d, ...this.cfg.hidden, r], this.linear ? 'identity' : this.cfg.activation);
    this.heads = prep.tasks.map((t) => ({ name: t.name, type: t.type, out: t.out, weight: t.weight, lambda: t.lambda, penalty: t.penalty }));
    if (solver === 'als') {
      this.alsFitted = true;
      return fitAls(this, fn, tasksStd, seed, options);
    }
    this.alsFitted = false;
    this.shared = this.trunk.init(seed);
    const rng = createRng(seed + 1);
    this.headParams = this.heads.map((h) => initHead(r, h.out, rng));
    return fitAdam(this, fn, tasksStd, groupsStd, this.heads.map((_, i) => i), false, seed, options, this.cfg.epochs);
  }

  /** Name of the width option in error messages (`rank` or `k`). */
  widthName = 'width';

  standardizeFrom(fn: string, groups: { X: Float64Array; n: number }[], d: number): void {
    const mean = new Float64Array(d);
    const scale = new Float64Array(d).fill(1);
    if (this.cfg.standardize) {
      let N = 0;
      for (const g of groups) {
        N += g.n;
        for (let i = 0; i < g.n; i++) for (let j = 0; j < d; j++) mean[j] += g.X[i * d + j];
      }
      for (let j = 0; j < d; j++) mean[j] /= N;
      const v = new Float64Array(d);
      for (const g of groups) {
        for (let i = 0; i < g.n; i++) {
          for (let j = 0; j < d; j++) {
            const e = g.X[i * d + j] - mean[j];
            v[j] += e * e;
          }
        }
      }
      for (let j = 0; j < d; j++) {
        const s = Math.sqrt(v[j] / N);
        // A constant column (a bias column) is left as is: centring and scaling would erase it.
        if (s > 1e-12 * Math.max(1, Math.abs(mean[j]))) scale[j] = s;
        else mean[j] = 0;
        // Features near ±1e154 and beyond overflow the variance (and the model's products): refuse them rather than
        // store an infinite scale (a model whose JSON holds null).
        if (!Number.isFinite(mean[j]) || !Number.isFinite(scale[j])) fail('NON_FINITE', fn, `feature ${j} is too large to standardize (its mean or spread overflows float64); divide it by a constant first`);
      }
    }
    this.mean = mean;
    this.scale = scale;
  }

  applyScaling(X: Float64Array, n: number): Float64Array {
    const d = this.d;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (X[i * d + j] - this.mean[j]) / this.scale[j];
    return out;
  }

  /** The shared projection U (d×r row-major) of a linear trunk: the trunk's weight block. */
  projection(): Float64Array {
    return this.shared.subarray(0, this.d * this.cfg.width);
  }

  headIndexOf(fn: string, task: unknown): number {
    if (typeof task === 'number') {
      if (!Number.isInteger(task) || task < 0 || task >= this.heads.length) fail('INVALID_ARGUMENT', fn, `task index must be an integer in [0, ${this.heads.length - 1}] (got ${fmt(task)})`);
      return task;
    }
    if (typeof task !== 'string') fail('INVALID_ARGUMENT', fn, `task must be a task name or index (got ${fmt(task)})`);
    const i = this.heads.findIndex((h) => h.name === task);
    if (i < 0) fail('INVALID_ARGUMENT', fn, `unknown task ${fmt(task)}; known tasks: ${this.heads.slice(0, 10).map((h) => h.name).join(', ')}${this.heads.length > 10 ? ', …' : ''}`);
    return i;
  }

  ensureFitted(fn: string): void {
    if (this.trunk === null) fail('INVALID_ARGUMENT', fn, 'the model is not fitted yet; call fit first');
  }

  /** Shared features φ(x) of standardized rows: n×r. */
  features(X: Float64Array, n: number): Float64Array {
    const Xs = this.applyScaling(X, n);
    return predict(this.trunk as Model, this.shared, Xs);
  }

  /** Raw head outputs (values or logits), n×out row-major. */
  outputs(fn: string, task: unknown, x: unknown): { z: Float64Array; n: number; h: HeadInfo } {
    this.ensureFitted(fn);
    const hi = this.headIndexOf(fn, task);
    const { X, n } = toMatrix(fn, 'x', x, this.d);
    const H = predict(this.trunk as Model, this.shared, this.applyScaling(X, n), undefined, fn);
    const h = this.heads[hi];
    const z = headForward(H, n, this.cfg.width, h.out, this.headParams[hi]);
    for (let i = 0; i < z.length; i++) {
      if (z[i] - z[i] !== 0) fail('NON_FINITE', fn, `the prediction is ${fmt(z[i])} for row ${Math.floor(i / h.out)}: its features are too large for the fitted model (the products overflow float64); rescale them`);
    }
    return { z, n, h };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Fine-tuning a new or existing task on top of the shared part

  fineTune(fn: string, task: unknown, data: unknown, options: FineTuneOptions | undefined): MultiTaskFitResult {
    checkOptions(fn, options, FINE_TUNE_OPTIONS);
    this.ensureFitted(fn);
    if (typeof task !== 'string' || task.length === 0) fail('INVALID_ARGUMENT', fn, `task must be a non-empty task name (got ${fmt(task)})`);
    const freeze = checkBoolean(fn, 'freezeShared', options?.freezeShared, true);
    const lr = longRunning(fn, options);
    return this.transaction(fn, () => this.fineTuneNow(fn, task, data, freeze, lr.seed, options));
  }

  private fineTuneNow(fn: string, task: string, data: unknown, freeze: boolean, seed: number, options: FineTuneOptions | undefined): MultiTaskFitResult {
    const groups: { X: Float64Array; n: number }[] = [];
    const t = prepareTask(fn, 'data', data, this.d, task, null, groups);
    t.name = task;
    const r = this.cfg.width;
    let hi = this.heads.findIndex((h) => h.name === task);
    const info: HeadInfo = { name: task, type: t.type, out: t.out, weight: t.weight, lambda: t.lambda, penalty: t.penalty };
    if (hi < 0) {
      hi = this.heads.length;
      this.heads.push(info);
      this.headParams.push(initHead(r, t.out, createRng(seed + 1)));
    } else {
      const old = this.heads[hi];
      this.heads[hi] = info;
      if (old.out !== t.out) this.headParams[hi] = initHead(r, t.out, createRng(seed + 1));
    }
    const Xs = this.applyScaling(t.X, t.n);
    const ts = { ...t, X: Xs, group: 0 };
    if (t.type === 'regression' && (freeze || (this.linear && this.alsFitted))) {
      if (freeze) {
        // Closed form on the frozen features: the head is a ridge/lasso regression of y on φ(x).
        const H = predict(this.trunk as Model, this.shared, Xs);
        const st = gramStats(t.n, r, H, t.y);
        const I = new Float64Array(r * r);
        for (let c = 0; c < r; c++) I[c * r + c] = 1;
        const code = new Float64Array(r);
        const hp = new Float64Array(r + 1);
        headStep(this, st, t.weight / t.n, I, info, code);
        hp.set(code);
        let b = st.yMean;
        for (let c = 0; c < r; c++) b -= st.xMean[c] * code[c];
        hp[r] = b;
        this.headParams[hi] = hp;
        return { solver: 'als', iterations: 1, objective: this.objectiveOf(st, t.weight / t.n, code, info) };
      }
      const st = gramStats(t.n, this.d, Xs, t.y);
      const U0 = this.projection().slice();
      const code = new Float64Array(r);
      const out = alsLoop(this, fn, [st], Float64Array.of(t.weight / t.n), U0, [code], [info], this.cfg.lambdaShared, U0, options, true);
      storeAls(this, out.U, [code], [st], [hi]);
      return out.result;
    }
    return fitAdam(this, fn, [ts], [{ X: Xs, n: t.n }], [hi], freeze, seed, options, this.cfg.epochs);
  }

  objectiveOf(st: GramStats, w: number, code: Float64Array, h: HeadInfo): number {
    const r = code.length;
    let quad = 0, lin = 0, pen = 0;
    for (let a = 0; a < r; a++) {
      lin += code[a] * st.c[a];
      for (let b = 0; b < r; b++) quad += code[a] * st.G[a * r + b] * code[b];
      pen += this.headPenalty(h) === 'l2' ? code[a] * code[a] : Math.abs(code[a]);
    }
    return w * (st.yy - 2 * lin + quad) + this.headLambda(h) * pen;
  }

  // -------------------------------------------------------------------------------------------------------------
  // JSON

  toJSON(kind: string): EngineJSON {
    return {
      kind,
      version: 1,
      config: { ...this.cfg, hidden: Array.from(this.cfg.hidden) },
      inputSize: this.d,
      alsFitted: this.alsFitted,
      mean: Array.from(this.mean),
      scale: Array.from(this.scale),
      shared: Array.from(this.shared),
      heads: this.heads.map((h, i) => ({ ...h, lambda: h.lambda ?? null, penalty: h.penalty ?? null, params: Array.from(this.headParams[i]) })),
    };
  }

  static fromJSON(fn: string, json: unknown, kind: string): Engine {
    const o = jsonObject(fn, json, kind, 1);
    const bad = (what: string, got: unknown, want: string): never => fail('INVALID_JSON', fn, `${what} must be ${want} (got ${fmt(got)})`);
    const c = o.config as Record<string, unknown> | undefined;
    if (c === null || typeof c !== 'object' || Array.isArray(c)) bad('config', c, 'an object');
    const cj = c as Record<string, unknown>;
    if (!Array.isArray(cj.hidden)) bad('config.hidden', cj.hidden, 'an array of layer widths');
    const width = cj.width;
    if (typeof width !== 'number' || !Number.isInteger(width) || width < 1) bad('config.width', width, 'an integer ≥ 1');
    // The constructors' own checks, field by field: a file may not hold what `new SharedLatentModel(…)` refuses.
    let cfg: EngineConfig;
    try {
      const { hidden, activation, width: _w, ...rest } = cj;
      const trunk = (hidden as unknown[]).length === 0 ? undefined : { hidden, activation };
      cfg = engineConfig('config', { ...rest, batchSize: rest.batchSize === 0 ? undefined : rest.batchSize, trunk }, width as number, { penalty: 'l2' });
      for (const key of ['penalty', 'sharedPenalty', 'solver', 'codeSolver', 'standardize', 'lambdaShared', 'tol', 'lr', 'initLambda'] as const) {
        if (cj[key] === undefined) bad(`config.${key}`, undefined, 'present');
      }
    } catch (e) {
      if (e instanceof InfometaError && e.code !== 'INVALID_JSON') fail('INVALID_JSON', fn, e.message.replace(/^config: (trunk\.)?/, 'config.'));
      throw e;
    }
    const e = new Engine(cfg);
    const d = o.inputSize;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) bad('inputSize', d, 'an integer ≥ 1');
    e.d = d as number;
    const vec = (v: unknown, n: number, what: string, positive = false): Float64Array => {
      if (!Array.isArray(v) || v.length !== n) bad(what, v, `an array of ${n} finite numbers`);
      const a = v as unknown[];
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = a[i];
        if (typeof x !== 'number' || !Number.isFinite(x) || (positive && !(x > 0))) fail('INVALID_JSON', fn, `${what}[${i}] must be a finite number${positive ? ' > 0' : ''} (got ${fmtAt(a, i)})`);
        out[i] = x;
      }
      return out;
    };
    e.mean = vec(o.mean, e.d, 'mean');
    e.scale = vec(o.scale, e.d, 'scale', true);
    try {
      e.trunk = new Mlp([e.d, ...e.cfg.hidden, e.cfg.width], e.cfg.hidden.length === 0 ? 'identity' : e.cfg.activation);
    } catch (err) {
      if (err instanceof InfometaError) fail('INVALID_JSON', fn, `inputSize, config.hidden and config.width: ${err.message}`);
      throw err;
    }
    e.shared = vec(o.shared, e.trunk.numParams, 'shared');
    e.alsFitted = o.alsFitted === true;
    if (!Array.isArray(o.heads)) bad('heads', o.heads, 'an array');
    const heads = o.heads as unknown[];
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i] as Record<string, unknown>;
      const at = `heads[${i}]`;
      if (h === null || typeof h !== 'object' || Array.isArray(h)) bad(at, h, 'an object');
      if (typeof h.name !== 'string') bad(`${at}.name`, h.name, 'a string');
      if (!TASK_TYPES.includes(h.type as TaskType)) bad(`${at}.type`, h.type, TASK_TYPES.map((t) => `'${t}'`).join(' or '));
      const out = h.out;
      if (typeof out !== 'number' || !Number.isInteger(out) || out < 1 || out > MAX_CLASSES || (h.type !== 'multiclass' && out !== 1)) bad(`${at}.out`, out, h.type === 'multiclass' ? `an integer in [2, ${MAX_CLASSES}]` : '1');
      if (h.weight !== undefined && (typeof h.weight !== 'number' || !Number.isFinite(h.weight) || h.weight < 0)) bad(`${at}.weight`, h.weight, 'a finite number ≥ 0');
      if (h.lambda !== undefined && h.lambda !== null && (typeof h.lambda !== 'number' || !Number.isFinite(h.lambda) || h.lambda < 0)) bad(`${at}.lambda`, h.lambda, 'a finite number ≥ 0 or null');
      if (h.penalty !== undefined && h.penalty !== null && !PENALTIES.includes(h.penalty as Penalty)) bad(`${at}.penalty`, h.penalty, `${PENALTIES.map((p) => `'${p}'`).join(' or ')} or null`);
      e.heads.push({
        name: h.name as string,
        type: h.type as TaskType,
        out: out as number,
        weight: (h.weight as number | undefined) ?? 1,
        lambda: (h.lambda as number | null | undefined) ?? undefined,
        penalty: (h.penalty as Penalty | null | undefined) ?? undefined,
      });
      e.headParams.push(vec(h.params, e.cfg.width * (out as number) + (out as number), `${at}.params`));
    }
    return e;
  }
}

/** @internal The plain-JSON form of an engine. */
export interface EngineJSON {
  kind: string;
  version: 1;
  config: EngineConfig;
  inputSize: number;
  alsFitted: boolean;
  mean: number[];
  scale: number[];
  shared: number[];
  heads: (Omit<HeadInfo, 'lambda' | 'penalty'> & { lambda: number | null; penalty: Penalty | null; params: number[] })[];
}

function initHead(r: number, out: number, rng: ReturnType<typeof createRng>): Float64Array {
  const p = new Float64Array(r * out + out);
  const a = 1 / Math.sqrt(r);
  for (let i = 0; i < r * out; i++) p[i] = rng.uniform(-a, a);
  return p;
}


/** Z = H·W + b for H n×r and a head [W (r×out), b (out)]. */
export function headForward(H: Float64Array, n: number, r: number, out: number, hp: Float64Array): Float64Array {
  const z = new Float64Array(n * out);
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < out; o++) {
      let s = hp[r * out + o];
      for (let c = 0; c < r; c++) s += H[i * r + c] * hp[c * out + o];
      z[i * out + o] = s;
    }
  }
  return z;
}
