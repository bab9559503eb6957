// One task per group of rows (a school, a patient, a user): the support set is K random rows of the group, the query
// set other rows of the same group.
import { fail, fmt } from '../../internal/errors.js';
import { createRng } from '../../internal/rng.js';
import type { Rng } from '../../internal/rng.js';
import { isNumericArray, checkInteger, checkOptions, checkChoice, optionNames } from '../../internal/validate.js';
import { TASK_KINDS } from '../losses.js';
import type { TaskKind } from '../losses.js';
import type { Task, TaskSampler } from '../tasks.js';
import { checkEpisodes, checkRng, copyRows, drawDistinct, readLabels, readRows } from './rows.js';
import type { Label, Rows } from './rows.js';

const GROUPED_OPTIONS = optionNames<GroupedOptions>()('shots', 'queryShots', 'kind', 'groups');

/** Options of {@link groupedTasks}. */
export interface GroupedOptions {
  /** Support rows per task K (≥ 1). */
  shots: number;
  /** Query rows per task (≥ 1), or `'rest'`: every other row of the group (default `'rest'`). */
  queryShots?: number | 'rest';
  /** The task kind put on every task (e.g. `'regression'`); default none (the learner's loss applies). */
  kind?: TaskKind;
  /** The groups tasks are drawn from (default every group). */
  groups?: readonly Label[];
}

/** A task of one group, with the rows it was drawn from. */
export interface GroupTask extends Task {
  /** The group (e.g. the school id). */
  group: Label;
  /** Row indices of the support set. */
  supportRows: Int32Array;
  /** Row indices of the query set. */
  queryRows: Int32Array;
}

/** A seeded source of per-group tasks (see {@link groupedTasks}). */
export interface GroupedSampler extends TaskSampler {
  /** The groups tasks are drawn from. */
  readonly groups: readonly Label[];
  /** Support rows per task. */
  readonly shots: number;
  /**
   * A task of a uniformly drawn group; `shots` / `queryShots` default to the sampler's (a learner's `fit` passes
   * its own).
   */
  sample(rng: Rng, shots?: number, queryShots?: number): GroupTask;
  /** n fixed tasks (groups drawn uniformly) from `seed`: the same n tasks every call. */
  episodes(n: number, seed: number): GroupTask[];
  /** One fixed task of every group, in the order of `groups`, from `seed`. */
  eachGroup(seed: number): GroupTask[];
}

/**
 * Few-shot tasks from grouped rows: each group (a school, a patient, a user) is one task; a task draws `shots`
 * distinct rows of its group as the support set and `queryShots` other rows (or all the rest) as the query set.
 * Targets are copied as given: one or more numbers per row for regression, class labels for classification.
 *
 * Cost: O(rows) once; O(groups + (shots + queryShots)·features) per task.
 *
 * @param x - the features: an array of rows, or a flat row-major array (rows = groups.length)
 * @param y - targets: one number per row, or `outputs` numbers per row (row-major)
 * @param groups - the group of each row (numbers or strings)
 * @param options - `shots`, `queryShots` (`'rest'`), `kind`, `groups`
 * @returns a {@link GroupedSampler}
 * @throws InfometaError `SHAPE_MISMATCH` when y or x do not have one entry (row) per group id; `INVALID_OPTION`
 *   for shots < 1, a bad queryShots or kind, an unknown group, or a group with fewer than `shots + queryShots`
 *   rows (shots + 1 with `'rest'`; naming the group and its count); `NON_FINITE` for non-finite x or y
 * @example
 * ```ts
 * import { groupedTasks, createRng } from 'infometa';
 * const tasks = groupedTasks([[1], [2], [3], [4], [5]], [1, 2, 3, 4, 5], ['s', 's', 's', 't', 't'], { shots: 1 });
 * console.log(tasks.eachGroup(1).map((t) => [t.group, t.support.y.length, t.query.y.length])); // [ [ 's', 1, 2 ], [ 't', 1, 1 ] ]
 * ```
 */
export function groupedTasks(x: Rows, y: readonly number[] | Float64Array, groups: readonly Label[], options: GroupedOptions): GroupedSampler {
  const fn = 'groupedTasks';
  checkOptions(fn, options, GROUPED_OPTIONS);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options { shots } are required');
  const shots = checkInteger(fn, 'shots', options.shots, NaN, 1);
  if (Number.isNaN(shots)) fail('INVALID_OPTION', fn, 'shots is required');
  const qOpt = options.queryShots ?? 'rest';
  const rest = qOpt === 'rest';
  const queryShots = rest ? 0 : checkInteger(fn, 'queryShots', qOpt, 0, 1);
  const kind = options.kind === undefined ? undefined : checkChoice(fn, 'kind', options.kind, TASK_KINDS, 'regression');
  const lab = readLabels(fn, 'groups', groups);
  const n = lab.n;
  const { data, d } = readRows(fn, 'x', x, n);
  if (!isNumericArray(y)) fail('INVALID_ARGUMENT', fn, `y must be an array of numbers (got ${fmt(y)})`);
  if (y.length === 0 || y.length % n !== 0) fail('SHAPE_MISMATCH', fn, `y has ${y.length} values but groups has length ${n}; y needs one (or outputs) value(s) per row`);
  const o = y.length / n;
  const ty = Float64Array.from(y as ArrayLike<number>);
  for (let i = 0; i < ty.length; i++) if (ty[i] - ty[i] !== 0) fail('NON_FINITE', fn, `y[${i}] must be finite (got ${fmt(ty[i])})`);
  let codes = lab.values.map((_, i) => i);
  if (options.groups !== undefined) {
    if (!Array.isArray(options.groups) || options.groups.length === 0) fail('INVALID_OPTION', fn, `groups option must be a non-empty array of group ids (got ${fmt(options.groups)})`);
    const index = new Map(lab.values.map((v, i) => [v, i] as const));
    codes = options.groups.map((g, i) => {
      const c = index.get(g);
      if (c === undefined) fail('INVALID_OPTION', fn, `options.groups[${i}] = ${fmt(g)} is not a group of the data`);
      return c;
    });
  }
  const names = codes.map((c) => lab.values[c]);
  const pools = codes.map((c) => lab.rows[c]);
  const need = (k: number, q: number, f: string): void => {
    for (let i = 0; i < pools.length; i++) {
      if (pools[i].length < k + Math.max(q, 1)) fail('INVALID_OPTION', f, `group ${fmt(names[i])} has ${pools[i].length} rows, fewer than shots + queryShots = ${k + Math.max(q, 1)}`);
    }
  };
  need(shots, queryShots, fn);
  const draw = (rng: Rng, g: number, k: number, q: number): GroupTask => {
    const pool = pools[g];
    const nq = q === 0 ? pool.length - k : q;
    const pick = drawDistinct(rng, pool.length, k + nq, new Int32Array(k + nq));
    const sr = Int32Array.from(pick.subarray(0, k), (i) => pool[i]);
    const qr = Int32Array.from(pick.subarray(k), (i) => pool[i]);
    const sx = new Float64Array(k * d), qx = new Float64Array(nq * d);
    copyRows(data, d, sr, sx, 0);
    copyRows(data, d, qr, qx, 0);
    const sy = new Float64Array(k * o), qy = new Float64Array(nq * o);
    copyRows(ty, o, sr, sy, 0);
    copyRows(ty, o, qr, qy, 0);
    const t: GroupTask = { support: { x: sx, y: sy }, query: { x: qx, y: qy }, group: names[g], supportRows: sr, queryRows: qr };
    if (kind !== undefined) t.kind = kind;
    return t;
  };
  return {
    inputSize: d,
    outputSize: o,
    groups: names,
    shots,
    sample(rng: Rng, k?: number, q?: number): GroupTask {
      const f = 'groupedTasks.sample';
      checkRng(f, rng);
      const kk = checkInteger(f, 'shots', k, shots, 1);
      const qq = q === undefined ? queryShots : checkInteger(f, 'queryShots', q, 1, 1);
      if (kk !== shots || qq !== queryShots) need(kk, qq, f);
      return draw(rng, rng.int(pools.length), kk, qq);
    },
    episodes(count: number, seed: number): GroupTask[] {
      checkEpisodes('groupedTasks.episodes', count, seed);
      const rng = createRng(seed);
      return Array.from({ length: count }, () => draw(rng, rng.int(pools.length), shots, queryShots));
    },
    eachGroup(seed: number): GroupTask[] {
      checkEpisodes('groupedTasks.eachGroup', 1, seed);
      const rng = createRng(seed);
      return pools.map((_, g) => draw(rng, g, shots, queryShots));
    },
  };
}
