// N-way K-shot classification episodes from any labelled table (learn2learn's TaskDataset + NWays + KShots +
// RemapLabels in one call), and the class split that keeps meta-train, meta-validation and meta-test apart.
import { fail, fmt } from '../../internal/errors.js';
import { checkSeed, createRng } from '../../internal/rng.js';
import type { Rng } from '../../internal/rng.js';
import { checkInteger, checkOptions, optionNames } from '../../internal/validate.js';
import type { Task, TaskSampler } from '../tasks.js';
import { buildTask, setPlanner } from '../task-plans.js';
import type { PlanSource, TaskPlan } from '../task-plans.js';
import { checkEpisodes, checkRng, drawDistinct, readLabels, readRows, selectLabels } from './rows.js';
import type { Label, Rows } from './rows.js';

const FEW_SHOT_OPTIONS = optionNames<FewShotOptions>()('ways', 'shots', 'queryShots', 'classes');

export type { Label, Rows } from './rows.js';

/** Options of {@link fewShotTasks}. */
export interface FewShotOptions {
  /** Classes per episode N (≥ 2). */
  ways: number;
  /** Support examples per class K (≥ 1). */
  shots: number;
  /** Query examples per class (≥ 1; default 15). */
  queryShots?: number;
  /** The classes episodes are drawn from (default: every label of y); keep meta-train and meta-test lists disjoint. */
  classes?: readonly Label[];
}

/**
 * One N-way K-shot episode: a {@link Task} whose labels are 0…N−1 (class `classes[c]` of the table is label c), with
 * the table rows it was drawn from.
 */
export interface Episode extends Task {
  /** Always `'classification'`. */
  kind: 'classification';
  /** The original label of each episode class 0…N−1. */
  classes: Label[];
  /** Row indices (into x and y) of the support examples, in the order of `support.y`. */
  supportRows: Int32Array;
  /** Row indices of the query examples, in the order of `query.y`. */
  queryRows: Int32Array;
}

/** A seeded source of N-way K-shot episodes over a fixed set of classes (see {@link fewShotTasks}). */
export interface FewShotSampler extends TaskSampler {
  /** Classes per episode. */
  readonly ways: number;
  /** Support examples per class. */
  readonly shots: number;
  /** Query examples per class. */
  readonly queryShots: number;
  /** The classes episodes are drawn from. */
  readonly classes: readonly Label[];
  /**
   * Draws one episode. `shots` and `queryShots` are per class (default the sampler's); a learner's `fit` passes its
   * own.
   */
  sample(rng: Rng, shots?: number, queryShots?: number): Episode;
  /** n fixed episodes from `seed`: the same n episodes every call, so learners are compared on the same ones. */
  episodes(n: number, seed: number): Episode[];
}

/**
 * N-way K-shot classification episodes from any labelled rows (Vinyals et al. 2016's protocol; learn2learn's
 * `TaskDataset` with `NWays`, `KShots`, `LoadData` and `RemapLabels`): each episode draws `ways` distinct classes,
 * then `shots + queryShots` distinct rows of each, and relabels the classes 0…N−1 in the order drawn. Support and
 * query rows are grouped by class (label 0's rows first).
 *
 * Cost: O(rows) once to index the classes; O(classes + ways·(shots + queryShots)·features) per episode (rows are
 * drawn without touching the rest of the table).
 *
 * @param x - the features: an array of rows, or a flat row-major array (rows = y.length)
 * @param y - one label per row (numbers or strings)
 * @param options - `ways`, `shots`, `queryShots` (15), `classes` (default all)
 * @returns a {@link FewShotSampler} (`inputSize` = features, `outputSize` = ways)
 * @throws InfometaError `INVALID_OPTION` for ways < 2, shots < 1, queryShots < 1, fewer classes than `ways`, an
 *   unknown or repeated class in `classes`, or a class with fewer than `shots + queryShots` rows (naming the class
 *   and its count); `SHAPE_MISMATCH` for labels whose length is not the number of rows; `INVALID_LABELS` for a
 *   label that is not a finite number or a string; `NON_FINITE` / `EMPTY_INPUT` for bad features
 * @example
 * ```ts
 * import { fewShotTasks, createRng } from 'infometa';
 * const x = [[0], [0.1], [1], [1.1], [2], [2.1]];
 * const tasks = fewShotTasks(x, ['a', 'a', 'b', 'b', 'c', 'c'], { ways: 2, shots: 1, queryShots: 1 });
 * const ep = tasks.sample(createRng(3));
 * console.log(ep.support.y, ep.query.y, ep.classes.length); // Float64Array(2) [ 0, 1 ] Float64Array(2) [ 0, 1 ] 2
 * ```
 */
export function fewShotTasks(x: Rows, y: readonly Label[], options: FewShotOptions): FewShotSampler {
  const fn = 'fewShotTasks';
  checkOptions(fn, options, FEW_SHOT_OPTIONS);
  if (options === undefined) fail('INVALID_OPTION', fn, 'options { ways, shots } are required');
  const ways = checkInteger(fn, 'ways', options.ways, NaN, 2);
  const shots = checkInteger(fn, 'shots', options.shots, NaN, 1);
  if (Number.isNaN(ways) || Number.isNaN(shots)) fail('INVALID_OPTION', fn, 'ways and shots are required');
  const queryShots = checkInteger(fn, 'queryShots', options.queryShots, 15, 1);
  const lab = readLabels(fn, 'y', y);
  const { data, d } = readRows(fn, 'x', x, lab.n);
  const codes = options.classes === undefined ? lab.values.map((_, i) => i) : selectLabels(fn, 'classes', options.classes, lab.values);
  const classes = codes.map((c) => lab.values[c]);
  if (codes.length < ways) fail('INVALID_OPTION', fn, `there are ${codes.length} classes${options.classes === undefined ? '' : ' in classes'} but ways is ${ways}`);
  const pools = codes.map((c) => lab.rows[c]);
  const need = (k: number, q: number, f: string): void => {
    for (let i = 0; i < pools.length; i++) {
      if (pools[i].length < k + q) fail('INVALID_OPTION', f, `class ${fmt(classes[i])} has ${pools[i].length} rows, fewer than shots + queryShots = ${k + q}`);
    }
  };
  need(shots, queryShots, fn);
  // An episode's draws (the classes, then each class's rows), and the episode built from them (task-plans.ts, where
  // the workers of infometa/parallel build it too).
  const plan = (rng: Rng, k: number, q: number): TaskPlan & { picked: Int32Array } => {
    const picked = drawDistinct(rng, pools.length, ways, new Int32Array(ways));
    const sr = new Int32Array(ways * k), qr = new Int32Array(ways * q);
    const pick = new Int32Array(k + q);
    for (let c = 0; c < ways; c++) {
      const pool = pools[picked[c]];
      drawDistinct(rng, pool.length, k + q, pick);
      for (let i = 0; i < k; i++) sr[c * k + i] = pool[pick[i]];
      for (let i = 0; i < q; i++) qr[c * q + i] = pool[pick[k + i]];
    }
    return { support: sr, query: qr, picked };
  };
  const source: PlanSource = { kind: 'fewShot', data, d, ways };
  const draw = (rng: Rng, k: number, q: number): Episode => {
    const p = plan(rng, k, q);
    return { ...buildTask(source, p), classes: Array.from(p.picked, (c) => classes[c]), supportRows: p.support, queryRows: p.query };
  };
  const checked = (rng: Rng, k: number | undefined, q: number | undefined): [number, number] => {
    const f = 'fewShotTasks.sample';
    checkRng(f, rng);
    const kk = checkInteger(f, 'shots', k, shots, 1);
    const qq = checkInteger(f, 'queryShots', q, queryShots, 1);
    if (kk !== shots || qq !== queryShots) need(kk, qq, f);
    return [kk, qq];
  };
  const sampler: FewShotSampler = {
    inputSize: d,
    outputSize: ways,
    ways,
    shots,
    queryShots,
    classes,
    sample(rng: Rng, k?: number, q?: number): Episode {
      return draw(rng, ...checked(rng, k, q));
    },
    episodes(n: number, seed: number): Episode[] {
      checkEpisodes('fewShotTasks.episodes', n, seed);
      const rng = createRng(seed);
      return Array.from({ length: n }, () => draw(rng, shots, queryShots));
    },
  };
  setPlanner(sampler, { sample: sampler.sample, source, plan: (rng, k, q) => plan(rng, ...checked(rng, k, q)) });
  return sampler;
}
/**
 * Splits the distinct labels of y into disjoint class sets, e.g. meta-train / meta-validation / meta-test: the
 * labels are shuffled with `seed`, then cut into parts of sizes proportional to `fractions` (rounded by largest
 * remainder; every part gets at least one class). Each part is returned in first-seen order of y.
 *
 * Cost: O(rows).
 *
 * @param y - labels (numbers or strings)
 * @param fractions - one positive share per part, summing to 1 (e.g. `[0.6, 0.2, 0.2]`)
 * @param seed - seed of the shuffle (default 0)
 * @returns one array of labels per part
 * @throws InfometaError `INVALID_ARGUMENT` for fractions that are not positive or do not sum to 1, or fewer classes
 *   than parts; `INVALID_LABELS` / `EMPTY_INPUT` for bad labels
 * @example
 * ```ts
 * import { splitClasses } from 'infometa';
 * const [train, test] = splitClasses(['a', 'b', 'c', 'd', 'a'], [0.5, 0.5], 1);
 * console.log(train.length, test.length, train.some((c) => test.includes(c))); // 2 2 false
 * ```
 */
export function splitClasses(y: readonly Label[], fractions: readonly number[], seed?: number): Label[][] {
  const fn = 'splitClasses';
  const s = checkSeed(fn, 'seed', seed);
  const { values } = readLabels(fn, 'y', y);
  if (!Array.isArray(fractions) || fractions.length === 0 || !fractions.every((f) => typeof f === 'number' && f > 0 && Number.isFinite(f))) {
    fail('INVALID_ARGUMENT', fn, `fractions must be a non-empty array of positive numbers (got ${fmt(fractions)})`);
  }
  const total = fractions.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > 1e-9) fail('INVALID_ARGUMENT', fn, `fractions must sum to 1 (got ${fmt(total)})`);
  const C = values.length, P = fractions.length;
  if (C < P) fail('INVALID_ARGUMENT', fn, `y has ${C} classes, fewer than the ${P} parts asked for`);
  const exact = fractions.map((f) => f * C);
  const sizes = exact.map((e) => Math.max(1, Math.floor(e)));
  let left = C - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let t = 0; left > 0; t++, left--) sizes[byRemainder[t % P][1]]++;
  for (let t = P - 1; left < 0; t = (t + P - 1) % P) if (sizes[byRemainder[t][1]] > 1) { sizes[byRemainder[t][1]]--; left++; }
  const perm = createRng(s).shuffle(Int32Array.from({ length: C }, (_, i) => i));
  const out: Label[][] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(Array.from(perm.subarray(at, at + size)).sort((a, b) => a - b).map((c) => values[c]));
    at += size;
  }
  return out;
}
