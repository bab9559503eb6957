import { fail, fmt } from '../internal/errors.js';
import { checkChoice, checkInteger, checkNumber, checkOptions, optionNames } from '../internal/validate.js';
import { DependencyMatrix, dependenceSign, resolveTask } from './matrix.js';

/** How {@link selectRelatedTasks} ranks the candidate tasks. */
export type SelectionStrategy = 'top-k' | 'mrmr';

/** Options of {@link selectRelatedTasks}. */
export interface SelectRelatedOptions {
  /** Number of tasks to select, in [1, T − 1]. Default T − 1 (rank every candidate). */
  k?: number;
  /** Keep only candidates whose score (dependency on the target, higher = more related) is ≥ this. Default −∞. */
  minScore?: number;
  /** Keep only candidates whose p-value for the target is ≤ this, in (0, 1]; needs a matrix with p-values. */
  maxPValue?: number;
  /**
   * `top-k` (default): the k candidates with the highest score. `mrmr`: greedy maximum relevance, minimum
   * redundancy (the MID form of Peng et al. 2005): each step picks the candidate maximizing score(target, j) minus
   * the mean of score(j, s) over the tasks s already chosen.
   */
  strategy?: SelectionStrategy;
}

const SELECT_OPTIONS = optionNames<SelectRelatedOptions>()('k', 'minScore', 'maxPValue', 'strategy');

/** One selected task of {@link selectRelatedTasks}. */
export interface RelatedTask {
  /** Task index. */
  task: number;
  /** Task name. */
  name: string;
  /** Dependency score of the task for the target (see `DependencyMatrix.score`): higher is more related. */
  score: number;
  /** Permutation p-value of (target, task), or `null` when the matrix has none. */
  pValue: number | null;
  /**
   * The criterion the task was chosen by: `score` for `top-k`, score minus mean redundancy for `mrmr` (±Infinity
   * only when that difference is beyond the double range, for scores near ±1e308).
   */
  criterion: number;
}

/**
 * Chooses the tasks to learn together with a target task: a ranked list of the tasks that carry the most
 * information about it, optionally filtered by score and significance.
 *
 * Scores come from {@link DependencyMatrix.score}: the value of the matrix, or −H(target | task) (the NCE
 * transferability score) for a `conditional-entropy` matrix. With `mrmr`, a task that is a near copy of one already
 * chosen has high redundancy and is passed over for a less redundant one.
 *
 * Cost: O(T log T) for `top-k`, O(k·T) for `mrmr`.
 *
 * @param dep - the dependency matrix of the tasks
 * @param target - the target task, by index or name
 * @param options - `k`, `minScore`, `maxPValue`, `strategy`
 * @returns up to k tasks, best first (fewer when the filters leave fewer candidates)
 * @throws InfometaError `INVALID_ARGUMENT` for a `dep` that is not a DependencyMatrix or a target out of range or of an
 *   unknown name; `INVALID_OPTION` for `k` < 1 or > T − 1, an unknown strategy, a bad minScore or maxPValue, or
 *   maxPValue on a matrix without p-values
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { DependencyMatrix, selectRelatedTasks } from 'infometa';
 * // b is a copy of a; c is less related to the target t but brings new information.
 * const names = ['t', 'a', 'b', 'c'];
 * const mi = [
 *   1.0, 0.5, 0.5, 0.3,
 *   0.5, 1.0, 1.0, 0.0,
 *   0.5, 1.0, 1.0, 0.0,
 *   0.3, 0.0, 0.0, 1.0,
 * ];
 * const dep = new DependencyMatrix(names, mi);
 * console.log(selectRelatedTasks(dep, 't', { k: 2 }).map((r) => r.name)); // [ 'a', 'b' ]
 * console.log(selectRelatedTasks(dep, 't', { k: 2, strategy: 'mrmr' }).map((r) => r.name)); // [ 'a', 'c' ]
 * ```
 */
export function selectRelatedTasks(dep: DependencyMatrix, target: number | string, options?: SelectRelatedOptions): RelatedTask[] {
  const fn = 'selectRelatedTasks';
  if (!(dep instanceof DependencyMatrix)) fail('INVALID_ARGUMENT', fn, `dep must be a DependencyMatrix (got ${fmt(dep)})`);
  checkOptions(fn, options, SELECT_OPTIONS);
  const T = dep.size;
  const t = resolveTask(dep, target, fn, 'target');
  if (T < 2) fail('INVALID_ARGUMENT', fn, `dep must hold at least 2 tasks (got ${T})`);
  const k = checkInteger(fn, 'k', options?.k, T - 1, 1, T - 1);
  const strategy = checkChoice(fn, 'strategy', options?.strategy, ['top-k', 'mrmr'] as const, 'top-k');
  const minScore = options?.minScore === undefined ? -Infinity : checkNumber(fn, 'minScore', options.minScore, 0);
  let maxP = Infinity;
  if (options?.maxPValue !== undefined) {
    maxP = checkNumber(fn, 'maxPValue', options.maxPValue, 1, 0, 1);
    if (!(maxP > 0)) fail('INVALID_OPTION', fn, `maxPValue must be in (0, 1] (got ${fmt(maxP)})`);
    if (dep.pValues === undefined) fail('INVALID_OPTION', fn, 'maxPValue needs p-values; pass { permutations } to taskDependencyMatrix');
  }
  const sign = dependenceSign(dep.measure);
  const v = dep.values;
  const score = (i: number, j: number): number => sign * v[i * T + j];
  const pv = dep.pValues;
  const candidates: number[] = [];
  for (let j = 0; j < T; j++) {
    if (j === t) continue;
    if (score(t, j) < minScore) continue;
    if (pv !== undefined && pv[t * T + j] > maxP) continue;
    candidates.push(j);
  }
  const result = (j: number, criterion: number): RelatedTask => ({ task: j, name: dep.names[j], score: score(t, j), pValue: pv ? pv[t * T + j] : null, criterion });
  if (strategy === 'top-k') {
    candidates.sort((a, b) => score(t, b) - score(t, a) || a - b);
    return candidates.slice(0, k).map((j) => result(j, score(t, j)));
  }
  // mRMR (MID): relevance − mean redundancy with the chosen set, greedy; ties go to the lower index.
  const chosen: RelatedTask[] = [];
  const redundancy = new Float64Array(T);
  const left = candidates.slice();
  while (chosen.length < k && left.length > 0) {
    let best = -1;
    let bestCrit = -Infinity;
    for (let q = 0; q < left.length; q++) {
      const j = left[q];
      // redundancy holds Σ score / T (so that summing values near ±1e308 cannot overflow); its mean is that × T / k.
      const crit = chosen.length === 0 ? score(t, j) : score(t, j) - redundancy[j] * (T / chosen.length);
      if (best < 0 || crit > bestCrit || (crit === bestCrit && j < left[best])) {
        best = q;
        bestCrit = crit;
      }
    }
    const j = left[best];
    left.splice(best, 1);
    chosen.push(result(j, bestCrit));
    for (const c of left) redundancy[c] += score(c, j) / T;
  }
  return chosen;
}

/** Options of {@link groupTasks}: exactly one of `groups` and `threshold`. */
export interface GroupTasksOptions {
  /** Stop merging when this many groups remain, an integer in [1, T]. */
  groups?: number;
  /** Stop merging when the best average similarity between two groups falls below this. */
  threshold?: number;
}

const GROUP_OPTIONS = optionNames<GroupTasksOptions>()('groups', 'threshold');

/** One merge of the agglomeration, in order (a dendrogram). */
export interface TaskMerge {
  /** Tasks of the first group merged, ascending. */
  a: number[];
  /** Tasks of the second group merged, ascending. */
  b: number[];
  /** Their average-linkage similarity when merged. */
  similarity: number;
}

/** Result of {@link groupTasks}. */
export interface TaskGroups {
  /** The groups as task indices, each ascending, ordered by their first task. */
  groups: number[][];
  /** The same groups by task name. */
  names: string[][];
  /** Group index of each task. */
  assignment: number[];
  /** Every merge performed, in order. */
  merges: TaskMerge[];
}

/**
 * Groups tasks by dependency with agglomerative average-linkage clustering (UPGMA). The similarity of tasks i and j
 * is the symmetrized score (score(i, j) + score(j, i)) / 2 (see `DependencyMatrix.score`; for a symmetric measure
 * simply the value); the similarity of two groups is the mean similarity over their pairs of tasks. Starting from
 * singletons, the most similar pair of groups is merged (ties: the pair with the lowest task indices) until
 * `groups` remain or the best similarity is below `threshold`.
 *
 * For `mi` the similarity grows with the tasks' entropies; an `nmi` or `ami` matrix groups on a common scale. Mutual
 * information counts any dependence, so two labels that rarely occur together (say "calm" and "aggressive") are as
 * related as two that always do, and may share a group: both tell about each other.
 * Cost: O(T³) time, O(T²) memory.
 *
 * @param dep - the dependency matrix of the tasks
 * @param options - exactly one of `groups` and `threshold`
 * @returns the groups, the assignment of each task and the merges
 * @throws InfometaError `INVALID_ARGUMENT` for a `dep` that is not a DependencyMatrix; `INVALID_OPTION` for neither or
 *   both of `groups` and `threshold`, `groups` outside [1, T] or a non-finite threshold
 *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
 * @example
 * ```ts
 * import { DependencyMatrix, groupTasks } from 'infometa';
 * const nmi = [
 *   1.0, 0.8, 0.1, 0.0,
 *   0.8, 1.0, 0.0, 0.1,
 *   0.1, 0.0, 1.0, 0.7,
 *   0.0, 0.1, 0.7, 1.0,
 * ];
 * const dep = new DependencyMatrix(['a', 'b', 'c', 'd'], nmi, { measure: 'nmi' });
 * console.log(groupTasks(dep, { groups: 2 }).names); // [ [ 'a', 'b' ], [ 'c', 'd' ] ]
 * console.log(groupTasks(dep, { threshold: 0.75 }).names); // [ [ 'a', 'b' ], [ 'c' ], [ 'd' ] ]
 * ```
 */
export function groupTasks(dep: DependencyMatrix, options: GroupTasksOptions): TaskGroups {
  const fn = 'groupTasks';
  if (!(dep instanceof DependencyMatrix)) fail('INVALID_ARGUMENT', fn, `dep must be a DependencyMatrix (got ${fmt(dep)})`);
  checkOptions(fn, options, GROUP_OPTIONS);
  const T = dep.size;
  const hasG = options?.groups !== undefined;
  const hasT = options?.threshold !== undefined;
  if (hasG === hasT) fail('INVALID_OPTION', fn, `pass exactly one of groups and threshold (got ${hasG ? 'both' : 'neither'})`);
  const target = hasG ? checkInteger(fn, 'groups', options.groups, 1, 1, T) : 1;
  const threshold = hasT ? checkNumber(fn, 'threshold', options.threshold, 0) : -Infinity;
  const sign = dependenceSign(dep.measure);
  const v = dep.values;
  // Cluster similarities, updated by Lance–Williams for average linkage.
  const S = new Float64Array(T * T);
  // Halves before the sum, so that two values near ±1e308 do not overflow.
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) S[i * T + j] = sign * (v[i * T + j] / 2 + v[j * T + i] / 2);
  const members: (number[] | null)[] = Array.from({ length: T }, (_, i) => [i]);
  const merges: TaskMerge[] = [];
  let count = T;
  while (count > target) {
    let bi = -1;
    let bj = -1;
    let best = -Infinity;
    for (let i = 0; i < T; i++) {
      if (members[i] === null) continue;
      for (let j = i + 1; j < T; j++) {
        if (members[j] === null) continue;
        const s = S[i * T + j];
        if (bi < 0 || s > best) {
          bi = i;
          bj = j;
          best = s;
        }
      }
    }
    if (best < threshold) break;
    const A = members[bi] as number[];
    const B = members[bj] as number[];
    const na = A.length;
    const nb = B.length;
    for (let c = 0; c < T; c++) {
      if (members[c] === null || c === bi || c === bj) continue;
      // A weighted mean, as weights × values, so that it stays within the values' range (no overflow).
      const s = (na / (na + nb)) * S[bi * T + c] + (nb / (na + nb)) * S[bj * T + c];
      S[bi * T + c] = s;
      S[c * T + bi] = s;
    }
    merges.push({ a: A.slice(), b: B.slice(), similarity: best });
    members[bi] = A.concat(B).sort((x, y) => x - y);
    members[bj] = null;
    count--;
  }
  const groups = members.filter((g): g is number[] => g !== null).sort((x, y) => x[0] - y[0]);
  const assignment = new Array<number>(T).fill(0);
  groups.forEach((g, gi) => g.forEach((t) => (assignment[t] = gi)));
  return { groups, names: groups.map((g) => g.map((t) => dep.names[t])), assignment, merges };
}
