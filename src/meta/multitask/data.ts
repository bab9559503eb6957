// Task descriptions accepted by the multi-task models, and their validation into dense row-major matrices.
import { fail, fmt } from '../../internal/errors.js';
import { checkChoice, checkNumber, isNumericArray } from '../../internal/validate.js';
import type { TaskKind } from '../losses.js';

/**
 * What a task predicts: a real number, a 0/1 label or one of C classes (the `'regression'`, `'binary'` and
 * `'multiclass'` words of the {@link TaskKind} vocabulary, which name the loss).
 */
export type TaskType = Extract<TaskKind, 'regression' | 'binary' | 'multiclass'>;

/** The penalty R(w) of a regularized objective Σ L(y, f(x)) + λ·R(w): `l2` = ‖w‖², `l1` = ‖w‖₁. */
export type Penalty = 'l2' | 'l1';

/** Feature rows: an array of n rows of d numbers each (plain arrays or `Float64Array`s). */
export type FeatureRows = readonly (readonly number[] | Float64Array)[];

/** One task of a multi-task model: its instances, its targets and how it is learned. */
export interface MultiTaskData {
  /** Task id, unique among the tasks of a model. Default `task0`, `task1`, … by position. */
  name?: string;
  /**
   * Features: n rows of d numbers (the same d for every task). Tasks that pass the very same array object share
   * their instances (a multi-label data set) and the shared part is evaluated once for them.
   */
  x: FeatureRows;
  /** n targets: reals (`regression`), 0/1 (`binary`) or integers in [0, classes) (`multiclass`). */
  y: ArrayLike<number>;
  /** Kind of task; default `'regression'`. */
  type?: TaskType;
  /** Number of classes of a `multiclass` task (≥ 2); default 1 + the largest label. */
  classes?: number;
  /** Weight ωₜ ≥ 0 of the task's loss in the summed objective; default 1. */
  weight?: number;
  /** Penalty strength of this task's head, overriding the model's `lambda`. */
  lambda?: number;
  /** Penalty of this task's head, overriding the model's `penalty`. */
  penalty?: Penalty;
}

/** @internal A validated task. */
export interface PreparedTask {
  name: string;
  n: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
  type: TaskType;
  /** Outputs of the head: 1 for regression and binary, C for multiclass. */
  out: number;
  weight: number;
  lambda: number | undefined;
  penalty: Penalty | undefined;
  /** Index of the task's feature matrix among the distinct ones (tasks sharing `x` share it). */
  group: number;
}

/** @internal The validated tasks with their distinct feature matrices. */
export interface PreparedTasks {
  tasks: PreparedTask[];
  /** Distinct feature matrices, row-major, and their row counts. */
  groups: { X: Float64Array; n: number }[];
  d: number;
}

export const TASK_TYPES: readonly TaskType[] = ['regression', 'binary', 'multiclass'];

/** The most classes a multiclass head may have. */
export const MAX_CLASSES = 65536;
export const PENALTIES: readonly Penalty[] = ['l2', 'l1'];

/**
 * @internal Validates feature rows into a row-major matrix. `d` < 0 means "any width"; otherwise the width must be d.
 */
export function toMatrix(fn: string, name: string, x: unknown, d: number): { X: Float64Array; n: number; d: number } {
  if (!Array.isArray(x)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of feature rows (got ${fmt(x)})`);
  const n = x.length;
  if (n === 0) fail('EMPTY_INPUT', fn, `${name} has no samples`);
  const r0: unknown = x[0];
  if (!isNumericArray(r0)) fail('INVALID_ARGUMENT', fn, `${name}[0] must be an array of numbers (got ${fmt(r0)})`);
  const w = r0.length;
  if (w === 0) fail('EMPTY_INPUT', fn, `${name}[0] has no features`);
  if (d >= 0 && w !== d) fail('SHAPE_MISMATCH', fn, `${name} has ${w} features per row but the model expects ${d}`);
  const X = new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    const row: unknown = x[i];
    if (!isNumericArray(row)) fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be an array of numbers (got ${fmt(row)})`);
    if (row.length !== w) fail('SHAPE_MISMATCH', fn, `${name}[${i}] has ${row.length} features but ${name}[0] has ${w}`);
    for (let j = 0; j < w; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number' || v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}][${j}] must be a finite number (got ${fmt(v)})`);
      X[i * w + j] = v;
    }
  }
  return { X, n, d: w };
}

/** @internal Validates targets of a task of the given type; returns them and the head's output count. */
export function toTargets(fn: string, name: string, y: unknown, n: number, type: TaskType, classes: unknown): { y: Float64Array; out: number } {
  if (!isNumericArray(y)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of numbers (got ${fmt(y)})`);
  if (y.length !== n) fail('SHAPE_MISMATCH', fn, `${name} has ${y.length} targets but x has ${n} rows`);
  const out = new Float64Array(n);
  let maxLabel = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (typeof v !== 'number' || v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be a finite number (got ${fmt(v)})`);
    if (type === 'binary' && v !== 0 && v !== 1) fail('INVALID_LABELS', fn, `${name}[${i}] must be 0 or 1 for a binary task (got ${fmt(v)})`);
    if (type === 'multiclass' && (!Number.isInteger(v) || v < 0)) fail('INVALID_LABELS', fn, `${name}[${i}] must be a class index ≥ 0 (got ${fmt(v)})`);
    if (v > maxLabel) maxLabel = v;
    out[i] = v;
  }
  if (type !== 'multiclass') return { y: out, out: 1 };
  if (classes === undefined) {
    // A label like 1e6 would silently become a head of 1e6 + 1 outputs.
    if (maxLabel >= MAX_CLASSES) fail('INVALID_LABELS', fn, `${name} holds label ${maxLabel}: labels are class indices 0…C−1 with at most ${MAX_CLASSES} classes; relabel them (e.g. by rank)`);
    return { y: out, out: Math.max(2, maxLabel + 1) };
  }
  if (typeof classes !== 'number' || !Number.isInteger(classes) || classes < 2 || classes > MAX_CLASSES) fail('INVALID_OPTION', fn, `classes must be an integer in [2, ${MAX_CLASSES}] (got ${fmt(classes)})`);
  if (maxLabel >= classes) fail('INVALID_LABELS', fn, `${name} holds label ${maxLabel}, outside the ${classes} classes [0, ${classes - 1}]`);
  return { y: out, out: classes };
}

/** @internal Validates one task; `groups` collects distinct feature matrices by the identity of `x`. */
export function prepareTask(
  fn: string,
  where: string,
  task: unknown,
  d: number,
  defaultName: string,
  seen: Map<unknown, number> | null,
  groups: { X: Float64Array; n: number }[],
): PreparedTask {
  if (task === null || typeof task !== 'object' || Array.isArray(task)) fail('INVALID_ARGUMENT', fn, `${where} must be an object { x, y } (got ${fmt(task)})`);
  const t = task as MultiTaskData;
  const name = t.name === undefined ? defaultName : t.name;
  if (typeof name !== 'string' || name.length === 0) fail('INVALID_ARGUMENT', fn, `${where}.name must be a non-empty string (got ${fmt(name)})`);
  const type = checkChoice(fn, `${where}.type`, t.type, TASK_TYPES, 'regression');
  let group = seen?.get(t.x);
  let n: number;
  let X: Float64Array;
  if (group === undefined) {
    const m = toMatrix(fn, `${where}.x`, t.x, d);
    n = m.n;
    X = m.X;
    group = groups.length;
    groups.push({ X, n });
    seen?.set(t.x, group);
  } else {
    X = groups[group].X;
    n = groups[group].n;
  }
  const { y, out } = toTargets(fn, `${where}.y`, t.y, n, type, t.classes);
  const weight = checkNumber(fn, `${where}.weight`, t.weight, 1, 0);
  const lambda = t.lambda === undefined ? undefined : checkNumber(fn, `${where}.lambda`, t.lambda, 0, 0);
  const penalty = t.penalty === undefined ? undefined : checkChoice(fn, `${where}.penalty`, t.penalty, PENALTIES, 'l2');
  return { name, n, d: X.length / n, X, y, type, out, weight, lambda, penalty, group };
}

/** @internal Validates the task list of `fit`. */
export function prepareTasks(fn: string, tasks: unknown): PreparedTasks {
  if (!Array.isArray(tasks)) fail('INVALID_ARGUMENT', fn, `tasks must be an array of { x, y } objects (got ${fmt(tasks)})`);
  if (tasks.length === 0) fail('EMPTY_INPUT', fn, 'tasks is empty');
  const seen = new Map<unknown, number>();
  const groups: { X: Float64Array; n: number }[] = [];
  const out: PreparedTask[] = [];
  const names = new Set<string>();
  let d = -1;
  for (let t = 0; t < tasks.length; t++) {
    const p = prepareTask(fn, `tasks[${t}]`, tasks[t], d, `task${t}`, seen, groups);
    if (d < 0) d = p.d;
    if (names.has(p.name)) fail('INVALID_ARGUMENT', fn, `tasks[${t}].name ${fmt(p.name)} is not unique`);
    names.add(p.name);
    out.push(p);
  }
  return { tasks: out, groups, d };
}
