import { fail, fmt, fmtAt } from '../internal/errors.js';
import { checkSeed } from '../internal/rng.js';
import { checkOptions, isNumericArray, optionNames } from '../internal/validate.js';
import { informationMeasure } from '../core/measures.js';
import { checkNames } from './tasks.js';

/**
 * What a {@link DependencyMatrix} holds:
 * - `mi`: mutual information I(Tᵢ; Tⱼ) (nats unless `base` says otherwise), symmetric; the diagonal is H(Tᵢ).
 * - `nmi`: normalized mutual information in [0, 1], symmetric; the diagonal is 1.
 * - `ami`: adjusted (for chance) mutual information, ≤ 1, symmetric; the diagonal is 1.
 * - `conditional-entropy`: H(Tᵢ | Tⱼ) with the target task i as the row and the other task j as the column,
 *   asymmetric; lower means task j tells more about task i (−H(Tᵢ | Tⱼ) is the NCE transferability score of
 *   Tran et al. 2019). The diagonal is 0 for the plug-in estimator.
 * - `vi`: variation of information H(Tᵢ|Tⱼ) + H(Tⱼ|Tᵢ), a metric on the tasks' partitions (nats unless `base` says
 *   otherwise), symmetric; lower means more related; the diagonal is 0 for the plug-in estimator.
 *
 * Each is a record of the core's measures (`informationMeasure(name)`), which says whether it is symmetric, whether
 * higher or lower means more dependent, and how it is computed from a pair's contingency table.
 */
export type DependencyMeasure = 'mi' | 'nmi' | 'ami' | 'conditional-entropy' | 'vi';

/** All measure names, for validation and error messages. */
export const MEASURES: readonly DependencyMeasure[] = ['mi', 'nmi', 'ami', 'conditional-entropy', 'vi'];

/** +1 when higher values of the measure mean more dependent, −1 when lower ones do (its record's `dependence`). */
export function dependenceSign(measure: DependencyMeasure): number {
  return informationMeasure(measure).dependence === 'lower' ? -1 : 1;
}

/** The `kind` tag of a serialized {@link DependencyMatrix}. */
export const DEPENDENCY_MATRIX_KIND = 'infometa.DependencyMatrix';

/** Options of the {@link DependencyMatrix} constructor. */
export interface DependencyMatrixOptions {
  /** What the values measure (default `mi`); it decides symmetry and the direction of scores. */
  measure?: DependencyMeasure;
  /** Logarithm base the values are expressed in (default `Math.E`: nats); informative only. */
  base?: number;
  /** One-sided permutation p-values, T × T row-major, each in (0, 1]. */
  pValues?: Float64Array | readonly number[];
  /** Number of permutations behind `pValues`, if any. */
  permutations?: number;
  /** Seed of the permutations behind `pValues`, if any. */
  seed?: number;
}

const MATRIX_OPTIONS = optionNames<DependencyMatrixOptions>()('measure', 'base', 'pValues', 'permutations', 'seed');

/** The plain-data form of a {@link DependencyMatrix}, as written by `toJSON()`. */
export interface DependencyMatrixJSON {
  /** Always `'infometa.DependencyMatrix'`. */
  kind: typeof DEPENDENCY_MATRIX_KIND;
  /** Format version, currently 1. */
  version: 1;
  /** What the values measure. */
  measure: DependencyMeasure;
  /** Logarithm base of the values. */
  base: number;
  /** Task names, one per row and column. */
  names: string[];
  /** The T × T values, row-major. */
  values: number[];
  /** The T × T p-values, row-major, or `null` when none were computed. */
  pValues: number[] | null;
  /** Number of permutations behind the p-values, or `null`. */
  permutations: number | null;
  /** Seed of the permutations, or `null`. */
  seed: number | null;
}

function toValues(fn: string, name: string, x: unknown, size: number, check: (v: number) => boolean, what: string): Float64Array {
  if (!isNumericArray(x)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of numbers or a Float64Array (got ${fmt(x)})`);
  if (x.length !== size * size) fail('SHAPE_MISMATCH', fn, `${name} must hold T × T = ${size * size} entries for ${size} tasks (got ${x.length})`);
  const out = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++) {
    const v: unknown = (x as ArrayLike<unknown>)[i];
    if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be a number (got ${fmtAt(x as ArrayLike<unknown>, i)})`);
    if (v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be finite (got ${fmt(v)})`);
    if (!check(v)) fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be ${what} (got ${fmt(v)})`);
    out[i] = v;
  }
  return out;
}

/** The validated fields of a {@link DependencyMatrix}. */
interface Fields {
  names: readonly string[];
  values: Float64Array;
  pValues: Float64Array | undefined;
  measure: DependencyMeasure;
  base: number;
  permutations: number | undefined;
  seed: number | undefined;
}

/**
 * Validates the parts of a matrix; `at` prefixes the argument names in messages (`''` for the constructor, `json.`
 * for `fromJSON`, whose options are fields of the JSON too).
 */
function validate(fn: string, at: string, names: unknown, values: unknown, options: DependencyMatrixOptions): Fields {
  if (!Array.isArray(names)) fail('INVALID_ARGUMENT', fn, `${at}names must be an array of strings (got ${fmt(names)})`);
  if (names.length === 0) fail('EMPTY_INPUT', fn, `${at}names is empty`);
  const T = names.length;
  const checked = Object.freeze(checkNames(fn, names, T, `${at}names`));
  const vals = toValues(fn, `${at}values`, values, T, () => true, 'finite');
  const measure: unknown = options.measure ?? 'mi';
  if (typeof measure !== 'string' || !(MEASURES as readonly string[]).includes(measure)) {
    fail('INVALID_OPTION', fn, `unknown ${at}measure ${fmt(measure)}; expected one of ${MEASURES.map((c) => `'${c}'`).join(', ')}`);
  }
  const base: unknown = options.base ?? Math.E;
  if (typeof base !== 'number' || !Number.isFinite(base) || !(base > 0) || base === 1) {
    fail('INVALID_OPTION', fn, `${at}base must be a finite number > 0 and ≠ 1 (got ${fmt(base)})`);
  }
  const pValues = options.pValues === undefined ? undefined : toValues(fn, `${at}pValues`, options.pValues, T, (v) => v > 0 && v <= 1, 'in (0, 1]');
  const m: unknown = options.permutations;
  if (m !== undefined && (typeof m !== 'number' || !Number.isSafeInteger(m) || m < 1)) fail('INVALID_OPTION', fn, `${at}permutations must be an integer ≥ 1 (got ${fmt(m)})`);
  const seed = options.seed === undefined ? undefined : checkSeed(fn, `${at}seed`, options.seed);
  return { names: checked, values: vals, pValues, measure: measure as DependencyMeasure, base, permutations: m as number | undefined, seed };
}

/** Fields already validated by `fromJSON`, handed to the constructor (which then skips its own checks). */
let validated: Fields | null = null;

/** Index of a task given by index or name; errors name `fn` and `argName`. */
export function resolveTask(dep: { readonly size: number; readonly names: readonly string[] }, task: unknown, fn: string, argName: string): number {
  if (typeof task === 'string') {
    const i = dep.names.indexOf(task);
    if (i < 0) {
      const shown = dep.names.slice(0, 8).map((s) => fmt(s)).join(', ');
      fail('INVALID_ARGUMENT', fn, `${argName} ${fmt(task)} is not a task name; names are ${shown}${dep.size > 8 ? ', …' : ''}`);
    }
    return i;
  }
  if (typeof task !== 'number' || !Number.isInteger(task) || task < 0 || task >= dep.size) {
    fail('INVALID_ARGUMENT', fn, `${argName} must be a task name or an integer index in [0, ${dep.size - 1}] (got ${fmt(task)})`);
  }
  return task;
}

/**
 * A T × T matrix of pairwise task dependencies with the task names and, optionally, permutation p-values. Made by
 * {@link taskDependencyMatrix}; also constructible from values computed elsewhere. Immutable by convention: the
 * arrays are copies owned by the matrix.
 *
 * @example
 * ```ts
 * import { DependencyMatrix } from 'infometa';
 * const dep = new DependencyMatrix(['a', 'b'], [0.69, 0.2, 0.2, 0.69]);
 * console.log(dep.get('a', 'b'), dep.size); // 0.2 2
 * ```
 */
export class DependencyMatrix {
  /** Number of tasks T. */
  readonly size: number;
  /** Task names, unique, one per row and column. */
  readonly names: readonly string[];
  /** Values, T × T row-major: `values[i * size + j]` is the dependency of task i (row) on task j (column). */
  readonly values: Float64Array;
  /** One-sided permutation p-values, T × T row-major, when they were computed. */
  readonly pValues: Float64Array | undefined;
  /** What the values measure. */
  readonly measure: DependencyMeasure;
  /** Logarithm base of the values (`Math.E` for nats). */
  readonly base: number;
  /** Number of permutations behind `pValues`, if any. */
  readonly permutations: number | undefined;
  /** Seed of the permutations behind `pValues`, if any. */
  readonly seed: number | undefined;

  /**
   * Wraps T × T values. Cost: O(T²).
   *
   * @param names - T unique task names
   * @param values - T × T finite values, row-major
   * @param options - `measure` (default `mi`), `base`, `pValues`, `permutations`, `seed`
   * @throws InfometaError `INVALID_ARGUMENT` for names or values that are not arrays, non-number entries or p-values
   *   outside (0, 1]; `INVALID_OPTION` for duplicate or non-string names, an unknown measure or a bad base;
   *   `SHAPE_MISMATCH` when values or p-values do not hold T × T entries; `NON_FINITE` for NaN or ±Infinity;
   *   `EMPTY_INPUT` for no names; `INVALID_OPTION` for permutations that are not a positive integer or a non-finite seed
   *   (and `INVALID_OPTION` for an unknown option name, naming the closest valid one)
   */
  constructor(names: readonly string[], values: Float64Array | readonly number[], options: DependencyMatrixOptions = {}) {
    let f = validated;
    validated = null;
    if (f === null) {
      const fn = 'DependencyMatrix';
      checkOptions(fn, options, MATRIX_OPTIONS);
      f = validate(fn, '', names, values, options ?? {});
    }
    this.names = f.names;
    this.size = f.names.length;
    this.values = f.values;
    this.measure = f.measure;
    this.base = f.base;
    this.pValues = f.pValues;
    this.permutations = f.permutations;
    this.seed = f.seed;
  }

  /** True when the measure is symmetric (every measure but `conditional-entropy`). */
  get symmetric(): boolean {
    return informationMeasure(this.measure).symmetric;
  }

  /**
   * Index of a task given by index or name.
   *
   * @param task - an index in [0, size) or a task name
   * @returns the index
   * @throws InfometaError `INVALID_ARGUMENT` for an index out of range or an unknown name
   */
  indexOf(task: number | string): number {
    return resolveTask(this, task, 'DependencyMatrix.indexOf', 'task');
  }

  /**
   * The value for row task i and column task j (for `conditional-entropy`: H(Tᵢ | Tⱼ)).
   *
   * @param i - row task, index or name
   * @param j - column task, index or name
   * @returns the value
   * @throws InfometaError `INVALID_ARGUMENT` for an index out of range or an unknown name
   */
  get(i: number | string, j: number | string): number {
    const fn = 'DependencyMatrix.get';
    return this.values[resolveTask(this, i, fn, 'i') * this.size + resolveTask(this, j, fn, 'j')];
  }

  /**
   * The permutation p-value for row task i and column task j.
   *
   * @param i - row task, index or name
   * @param j - column task, index or name
   * @returns the p-value in (0, 1]
   * @throws InfometaError `INVALID_ARGUMENT` for a bad task, or when the matrix has no p-values (compute them with
   *   `permutations`)
   */
  pValue(i: number | string, j: number | string): number {
    const fn = 'DependencyMatrix.pValue';
    if (this.pValues === undefined) fail('INVALID_ARGUMENT', fn, 'this matrix has no p-values; pass { permutations } to taskDependencyMatrix');
    return this.pValues[resolveTask(this, i, fn, 'i') * this.size + resolveTask(this, j, fn, 'j')];
  }

  /**
   * Dependency score of task `other` for task `target`, higher meaning more related: the value itself, or its
   * negative for the measures where lower means more related: −H(target | other) (the NCE score) for
   * `conditional-entropy`, −VI for `vi`.
   *
   * @param target - row task, index or name
   * @param other - column task, index or name
   * @returns the score
   * @throws InfometaError `INVALID_ARGUMENT` for a bad task
   */
  score(target: number | string, other: number | string): number {
    const fn = 'DependencyMatrix.score';
    const v = this.values[resolveTask(this, target, fn, 'target') * this.size + resolveTask(this, other, fn, 'other')];
    return dependenceSign(this.measure) * v;
  }

  /**
   * Plain-data form, safe for `JSON.stringify`.
   *
   * @returns the {@link DependencyMatrixJSON}
   */
  toJSON(): DependencyMatrixJSON {
    return {
      kind: DEPENDENCY_MATRIX_KIND,
      version: 1,
      measure: this.measure,
      base: this.base,
      names: this.names.slice(),
      values: Array.from(this.values),
      pValues: this.pValues ? Array.from(this.pValues) : null,
      permutations: this.permutations ?? null,
      seed: this.seed ?? null,
    };
  }

  /**
   * Rebuilds a matrix from {@link DependencyMatrix.toJSON} output (or its `JSON.parse`d text).
   *
   * @param json - the plain data
   * @returns the matrix
   * @throws InfometaError `INVALID_JSON` for another kind tag or version or a non-object; otherwise as the constructor
   * @example
   * ```ts
   * import { DependencyMatrix } from 'infometa';
   * const a = new DependencyMatrix(['x', 'y'], [1, 0.5, 0.5, 1], { measure: 'nmi' });
   * const b = DependencyMatrix.fromJSON(JSON.parse(JSON.stringify(a)));
   * console.log(b.get('x', 'y'), b.measure); // 0.5 nmi
   * ```
   */
  static fromJSON(json: unknown): DependencyMatrix {
    const fn = 'DependencyMatrix.fromJSON';
    if (typeof json !== 'object' || json === null) fail('INVALID_JSON', fn, `json must be an object (got ${fmt(json)})`);
    const o = json as Partial<Record<keyof DependencyMatrixJSON, unknown>>;
    if (o.kind !== DEPENDENCY_MATRIX_KIND) fail('INVALID_JSON', fn, `json.kind must be '${DEPENDENCY_MATRIX_KIND}' (got ${fmt(o.kind)})`);
    if (o.version !== 1) fail('INVALID_JSON', fn, `unsupported json.version ${fmt(o.version)}; this version reads 1`);
    const opt = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : (v as number));
    const f = validate(fn, 'json.', o.names, o.values, {
      measure: o.measure as DependencyMeasure,
      base: opt(o.base),
      pValues: o.pValues === null || o.pValues === undefined ? undefined : (o.pValues as number[]),
      permutations: opt(o.permutations),
      seed: opt(o.seed),
    });
    validated = f;
    return new DependencyMatrix(f.names, f.values);
  }
}
