import { fail, fmt, InfometaError } from '../internal/errors.js';
import { checkSeed } from '../internal/rng.js';
import { checkChoice, checkInteger, checkNumber, checkOptions, logBase, optionNames } from '../internal/validate.js';
import { adjust } from './multiple-testing.js';
import type { PValueCorrection } from './multiple-testing.js';
import { parseSetup } from './options.js';
import type { TransferEntropyOptions } from './options.js';
import { checkAligned, toVariable } from './series.js';
import type { SeriesInput, Variable } from './series.js';
import { parseSurrogates, tally } from './surrogates.js';
import type { SurrogateMethod, SurrogateOptions, SurrogatePlan } from './surrogates.js';
import { combineTe, planTeWork, runTeWork } from './te-work.js';
import type { TePair, TeWork } from './te-work.js';
import { parseTeEmbedding } from './transfer-entropy.js';

/** Options of {@link transferEntropyMatrix}: the measure's options, plus surrogates for p-values. */
export interface TransferEntropyMatrixOptions extends Omit<TransferEntropyOptions, 'estimator' | 'discrete'>, Omit<SurrogateOptions, 'surrogates'> {
  /** `'ksg'` (default), `'discrete'` or `'gaussian'`. */
  estimator?: 'ksg' | 'discrete' | 'gaussian';
  /** Number of surrogates per ordered pair; when given (≥ 1), every entry gets a p-value and corrected p-values. */
  surrogates?: number;
}

/** Option names of {@link transferEntropyMatrix}. */
export const MATRIX_OPTIONS = optionNames<TransferEntropyMatrixOptions>()(
  'estimator',
  'k',
  'kTau',
  'l',
  'lTau',
  'delay',
  'neighbours',
  'algorithm',
  'noise',
  'seed',
  'normalize',
  'base',
  'surrogates',
  'surrogate',
  'minShift',
  'signal',
  'onProgress',
);
const EDGES_OPTIONS = ['alpha', 'correction'];
const INIT_OPTIONS = ['base', 'pValues', 'surrogates', 'surrogate', 'seed'];

/** One directed edge of a {@link TransferEntropyMatrix}. */
export interface TransferEntropyEdge {
  /** Source name. */
  source: string;
  /** Target name. */
  target: string;
  /** TE(source → target) in the matrix's units. */
  te: number;
  /** Surrogate p-value, uncorrected. */
  pValue: number;
  /** The p-value corrected as asked (equal to `pValue` for `'none'`). */
  adjusted: number;
}

/** The `kind` tag of a serialised {@link TransferEntropyMatrix}. */
export const TE_MATRIX_KIND = 'infometa.TransferEntropyMatrix';

/** The plain-data form of a {@link TransferEntropyMatrix}, as written by `toJSON()`. */
export interface TransferEntropyMatrixJSON {
  /** Always `'infometa.TransferEntropyMatrix'`. */
  kind: typeof TE_MATRIX_KIND;
  /** Format version, currently 1. */
  version: 1;
  /** Series names. */
  names: string[];
  /** Logarithm base of the values. */
  base: number;
  /** The T × T transfer entropies, row = source, column = target, row-major; 0 on the diagonal. */
  values: number[];
  /** The T × T surrogate p-values (1 on the diagonal), or null. */
  pValues: number[] | null;
  /** Number of surrogates per pair, or null. */
  surrogates: number | null;
  /** How the surrogates were made, or null. */
  surrogate: SurrogateMethod | null;
  /** Seed of the surrogates and noise. */
  seed: number;
}

/**
 * Transfer entropies between every ordered pair of T series: entry (i, j) is TE(series i → series j), the source on
 * the row and the target on the column; the diagonal is 0. With surrogates, `pValues` holds each pair's surrogate
 * p-value and `qValues` / `bonferroni` the Benjamini–Hochberg and Bonferroni corrections over the T(T − 1)
 * off-diagonal tests (the diagonal holds 1).
 */
export class TransferEntropyMatrix {
  /** Series names, one per row and column. */
  readonly names: readonly string[];
  /** Number of series T. */
  readonly size: number;
  /** Logarithm base of the values (`Math.E` for nats). */
  readonly base: number;
  /** The T × T values, row-major (row = source). */
  readonly values: Float64Array;
  /** Surrogate p-values, row-major, or null without surrogates. */
  readonly pValues: Float64Array | null;
  /** Benjamini–Hochberg adjusted p-values (q-values) over the off-diagonal entries, or null. */
  readonly qValues: Float64Array | null;
  /** Bonferroni adjusted p-values over the off-diagonal entries, or null. */
  readonly bonferroni: Float64Array | null;
  /** Surrogates per pair, or null. */
  readonly surrogates: number | null;
  /** How the surrogates were made, or null. */
  readonly surrogate: SurrogateMethod | null;
  /** Seed of the surrogates and noise. */
  readonly seed: number;

  /**
   * Builds a matrix from values (and optional p-values); {@link transferEntropyMatrix} is the usual way to get one.
   *
   * @param names - T distinct series names
   * @param values - T × T transfer entropies, row-major (row = source)
   * @param init - `base`, `pValues` (T × T, in (0, 1]), `surrogates`, `surrogate`, `seed`
   * @throws InfometaError `SHAPE_MISMATCH` when the arrays do not hold T × T entries; `INVALID_ARGUMENT` for names
   *   that are not distinct strings, non-numbers, or p-values outside (0, 1]; `NON_FINITE` for NaN or ±Infinity;
   *   `INVALID_OPTION` for an unknown `init` field, a bad base, surrogate count, surrogate method or seed
   */
  constructor(
    names: readonly string[],
    values: Float64Array | readonly number[],
    init?: { base?: number; pValues?: Float64Array | readonly number[] | null; surrogates?: number | null; surrogate?: SurrogateMethod | null; seed?: number },
  ) {
    const fn = 'TransferEntropyMatrix';
    if (!Array.isArray(names) || names.length === 0) fail('INVALID_ARGUMENT', fn, `names must be a non-empty array of distinct strings (got ${fmt(names)})`);
    for (let i = 0; i < names.length; i++) {
      if (typeof names[i] !== 'string') fail('INVALID_ARGUMENT', fn, `names[${i}] must be a string (got ${fmt(names[i])})`);
    }
    if (new Set(names).size !== names.length) fail('INVALID_ARGUMENT', fn, 'names must be distinct');
    checkOptions(fn, init, INIT_OPTIONS);
    const T = names.length;
    this.names = [...names];
    this.size = T;
    const base = init?.base ?? Math.E;
    logBase(fn, base);
    this.base = base;
    this.values = toSquare(fn, 'values', values, T, () => true, 'a number');
    const p = init?.pValues;
    this.pValues = p === undefined || p === null ? null : toSquare(fn, 'pValues', p, T, (v) => v > 0 && v <= 1, 'in (0, 1]');
    const m = init?.surrogates;
    this.surrogates = m === undefined || m === null ? null : checkInteger(fn, 'surrogates', m, 1, 1);
    const kind = init?.surrogate;
    this.surrogate = kind === undefined || kind === null ? null : checkChoice(fn, 'surrogate', kind, ['shuffle', 'circular'] as const, 'shuffle');
    this.seed = checkSeed(fn, 'seed', init?.seed, 0);
    if (this.pValues !== null) {
      const off: number[] = [];
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) if (i !== j) off.push(this.pValues[i * T + j]);
      const q = adjust(Float64Array.from(off), 'bh');
      const b = adjust(Float64Array.from(off), 'bonferroni');
      this.qValues = new Float64Array(T * T).fill(1);
      this.bonferroni = new Float64Array(T * T).fill(1);
      let t = 0;
      for (let i = 0; i < T; i++) {
        for (let j = 0; j < T; j++) {
          if (i === j) continue;
          this.qValues[i * T + j] = q[t];
          this.bonferroni[i * T + j] = b[t++];
        }
      }
    } else {
      this.qValues = null;
      this.bonferroni = null;
    }
  }

  private index(fn: string, arg: string, s: unknown): number {
    if (typeof s === 'number' && Number.isInteger(s) && s >= 0 && s < this.size) return s;
    if (typeof s === 'string') {
      const i = this.names.indexOf(s);
      if (i >= 0) return i;
    }
    return fail('INVALID_ARGUMENT', fn, `${arg} must be a series name (${this.names.slice(0, 6).map((x) => fmt(x)).join(', ')}${this.size > 6 ? ', …' : ''}) or an index below ${this.size} (got ${fmt(s)})`);
  }

  /**
   * TE(source → target).
   *
   * @param source - name or index of the source series
   * @param target - name or index of the target series
   * @returns the transfer entropy in the matrix's units
   * @throws InfometaError `INVALID_ARGUMENT` for an unknown name or index
   */
  get(source: string | number, target: string | number): number {
    return this.values[this.index('TransferEntropyMatrix.get', 'source', source) * this.size + this.index('TransferEntropyMatrix.get', 'target', target)];
  }

  /**
   * The edges whose corrected p-value is ≤ `alpha`, strongest transfer entropy first.
   *
   * @param options - `alpha` (default 0.05) and `correction`: `'bh'` (default), `'bonferroni'` or `'none'`
   * @returns the significant edges
   * @throws InfometaError `INVALID_ARGUMENT` when the matrix has no p-values; `INVALID_OPTION` for alpha outside
   *   [0, 1] or an unknown correction
   */
  edges(options?: { alpha?: number; correction?: PValueCorrection | 'none' }): TransferEntropyEdge[] {
    const fn = 'TransferEntropyMatrix.edges';
    checkOptions(fn, options, EDGES_OPTIONS);
    const alpha = checkNumber(fn, 'alpha', options?.alpha, 0.05, 0, 1);
    const correction = checkChoice(fn, 'correction', options?.correction, ['bh', 'bonferroni', 'holm', 'none'] as const, 'bh');
    if (this.pValues === null) fail('INVALID_ARGUMENT', fn, 'the matrix has no p-values: compute it with { surrogates }');
    const T = this.size;
    const p = this.pValues;
    let adj: Float64Array;
    if (correction === 'none') adj = p;
    else if (correction === 'bh') adj = this.qValues as Float64Array;
    else if (correction === 'bonferroni') adj = this.bonferroni as Float64Array;
    else {
      const off: number[] = [];
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) if (i !== j) off.push(p[i * T + j]);
      const h = adjust(Float64Array.from(off), 'holm');
      adj = new Float64Array(T * T).fill(1);
      let t = 0;
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) if (i !== j) adj[i * T + j] = h[t++];
    }
    const out: TransferEntropyEdge[] = [];
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) {
        if (i === j || adj[i * T + j] > alpha) continue;
        out.push({ source: this.names[i], target: this.names[j], te: this.values[i * T + j], pValue: p[i * T + j], adjusted: adj[i * T + j] });
      }
    }
    return out.sort((a, b) => b.te - a.te);
  }

  /**
   * The plain-data form (JSON-safe).
   *
   * @returns a {@link TransferEntropyMatrixJSON}
   */
  toJSON(): TransferEntropyMatrixJSON {
    return {
      kind: TE_MATRIX_KIND,
      version: 1,
      names: [...this.names],
      base: this.base,
      values: Array.from(this.values),
      pValues: this.pValues === null ? null : Array.from(this.pValues),
      surrogates: this.surrogates,
      surrogate: this.surrogate,
      seed: this.seed,
    };
  }

  /**
   * Restores a matrix written by {@link TransferEntropyMatrix.toJSON}.
   *
   * @param json - the plain data
   * @returns the matrix
   * @throws InfometaError `INVALID_JSON` for another kind or version; as the constructor for bad contents
   */
  static fromJSON(json: unknown): TransferEntropyMatrix {
    const j = json as Partial<TransferEntropyMatrixJSON> | null;
    if (typeof j !== 'object' || j === null || j.kind !== TE_MATRIX_KIND || j.version !== 1) {
      fail('INVALID_JSON', 'TransferEntropyMatrix.fromJSON', `expected { kind: '${TE_MATRIX_KIND}', version: 1 } (got ${fmt(j === null || typeof j !== 'object' ? j : j.kind)})`);
    }
    try {
      return new TransferEntropyMatrix(j.names as string[], j.values as number[], {
        base: j.base,
        pValues: j.pValues ?? null,
        surrogates: j.surrogates ?? null,
        surrogate: j.surrogate ?? null,
        seed: j.seed,
      });
    } catch (e) {
      // The constructor's checks, reported as this function's, naming the JSON's fields.
      if (e instanceof InfometaError) throw new InfometaError(e.code, e.message.replace(/^TransferEntropyMatrix: /, 'TransferEntropyMatrix.fromJSON: json.'));
      throw e;
    }
  }
}

function toSquare(fn: string, name: string, x: unknown, T: number, ok: (v: number) => boolean, what: string): Float64Array {
  const a = x as ArrayLike<unknown>;
  if (!(Array.isArray(x) || x instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `${name} must be an array of numbers (got ${fmt(x)})`);
  if (a.length !== T * T) fail('SHAPE_MISMATCH', fn, `${name} must hold T × T = ${T * T} entries for ${T} series (got ${a.length})`);
  const out = new Float64Array(T * T);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be a number (got ${fmt(v)})`);
    if (v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be finite (got ${fmt(v)})`);
    if (!ok(v)) fail('INVALID_ARGUMENT', fn, `${name}[${i}] must be ${what} (got ${fmt(v)})`);
    out[i] = v;
  }
  return out;
}

/**
 * The transfer-entropy network of T series: TE(i → j) for every ordered pair i ≠ j with the same estimator and
 * embedding, and, with `surrogates`, each pair's surrogate p-value (as {@link transferEntropyTest}: source shuffled
 * or rotated, target history intact) with Benjamini–Hochberg and Bonferroni corrections over the T(T − 1) tests.
 *
 * Each entry equals `transferEntropy(series[i], series[j], options)` and its p-value `transferEntropyTest(…).pValue`
 * with the same options and seed: a series' noise and a pair's surrogate streams depend only on the seed and the
 * samples. With the KSG estimator the structures of each target (its past's sorted axis, the counting structure of
 * its next value and past) are built once and shared by all T − 1 sources and all their surrogates.
 *
 * Units: nats unless `base` says otherwise. Cost: T(T − 1)(m + 1) transfer entropies.
 *
 * @param series - T ≥ 2 series (or lists of trials), all of the same length (trials matching)
 * @param names - optional distinct names (default `'X1'`, `'X2'`, …)
 * @param options - everything {@link transferEntropy} takes (estimators `'ksg'`, `'discrete'`, `'gaussian'`), plus
 *   `surrogates`, `surrogate`, `minShift`, `seed`, `signal`, `onProgress`
 * @returns the {@link TransferEntropyMatrix}
 * @throws InfometaError as {@link transferEntropy} for each series; `INVALID_ARGUMENT` for fewer than 2 series or
 *   names that are not distinct strings; `SHAPE_MISMATCH` for names of the wrong count or series of different
 *   lengths; as {@link transferEntropyTest} for the surrogate options; `ABORTED` when the signal fires
 * @example
 * ```ts
 * import { transferEntropyMatrix, createRng } from 'infometa';
 * const rng = createRng(8);
 * const a: number[] = [], b: number[] = [0], c: number[] = [];
 * for (let t = 0; t < 300; t++) { a.push(rng.normal()); c.push(rng.normal()); }
 * for (let t = 1; t < 300; t++) b.push(0.9 * a[t - 1] + 0.4 * rng.normal());
 * const m = transferEntropyMatrix([a, b, c], ['a', 'b', 'c'], { surrogates: 199, seed: 3 });
 * console.log(m.edges().map((e) => `${e.source}→${e.target}`)); // [ 'a→b' ]
 * console.log(m.get('a', 'b') > 0.5, m.pValues?.[0 * 3 + 1], m.qValues?.[0 * 3 + 1]); // true 0.005 0.03
 * ```
 */
export function transferEntropyMatrix(series: readonly SeriesInput[], names?: readonly string[], options?: TransferEntropyMatrixOptions): TransferEntropyMatrix {
  const call = parseTeMatrix('transferEntropyMatrix', series, names, options, MATRIX_OPTIONS);
  return teMatrixResult(call, runTeWork(call.work, call.plan.signal, call.plan.onProgress));
}

/** A validated transfer-entropy matrix: names, its work (every ordered pair, targets outer) and controls. */
export interface TeMatrixCall {
  readonly names: string[];
  readonly work: TeWork;
  readonly plan: SurrogatePlan;
  readonly withSurrogates: boolean;
  readonly base: number;
}

/** Validates a transfer-entropy matrix's series, names and options (`known`: the accepted option names). */
export function parseTeMatrix(fn: string, series: unknown, names: unknown, options: TransferEntropyMatrixOptions | undefined, known: readonly string[]): TeMatrixCall {
  checkOptions(fn, options, known);
  if (!Array.isArray(series) || series.length < 2) fail('INVALID_ARGUMENT', fn, `series must be an array of at least 2 series (got ${fmt(series)})`);
  if (typeof series[0] === 'number') fail('INVALID_ARGUMENT', fn, 'series must be an array of series (one per variable), not a single series of numbers');
  const T = series.length;
  // Each series first: a malformed (or missing) one fails at once, before anything of size T is built.
  const vars: Variable[] = [];
  for (let i = 0; i < T; i++) vars.push(toVariable(fn, `series[${i}]`, series[i]));
  let nm: string[];
  if (names === undefined) nm = Array.from({ length: T }, (_, i) => `X${i + 1}`);
  else {
    if (!Array.isArray(names)) fail('INVALID_ARGUMENT', fn, `names must be an array of strings (got ${fmt(names)})`);
    if (names.length !== T) fail('SHAPE_MISMATCH', fn, `names must have one entry per series (got ${names.length} names for ${T} series)`);
    for (let i = 0; i < T; i++) {
      if (typeof names[i] !== 'string') fail('INVALID_ARGUMENT', fn, `names[${i}] must be a string (got ${fmt(names[i])})`);
    }
    if (new Set(names).size !== T) fail('INVALID_ARGUMENT', fn, 'names must be distinct');
    nm = [...(names as string[])];
  }
  const setup = parseSetup(fn, options, ['ksg', 'discrete', 'gaussian'], 'ksg', known);
  const emb = parseTeEmbedding(fn, options);
  const plan = parseSurrogates(fn, options, 1);
  const withSurrogates = options?.surrogates !== undefined;
  checkAligned(fn, vars);
  // Targets outer: with KSG, each target's structures are built once and shared by its T − 1 sources.
  const pairs: TePair[] = [];
  const groups: number[][] = [];
  for (let j = 0; j < T; j++) {
    const group: number[] = [];
    for (let i = 0; i < T; i++) {
      if (i === j) continue;
      group.push(pairs.length);
      pairs.push({ source: i, target: j, conditionals: [] });
    }
    groups.push(group);
  }
  const work = planTeWork(setup, vars, emb, pairs, groups, withSurrogates ? plan : null);
  return { names: nm, work, plan, withSurrogates, base: options?.base ?? Math.E };
}

/** The matrix from its chunks' results. */
export function teMatrixResult(call: TeMatrixCall, results: readonly Float64Array[]): TransferEntropyMatrix {
  const { work, plan } = call;
  const T = work.vars.length;
  const { observed, nulls } = combineTe(work, results);
  const values = new Float64Array(T * T);
  let pValues: Float64Array | null = null;
  if (call.withSurrogates) pValues = new Float64Array(T * T).fill(1);
  work.pairs.forEach((q, p) => {
    values[q.source * T + q.target] = observed[p] / work.setup.lnBase;
    if (pValues !== null) pValues[q.source * T + q.target] = tally(observed[p], nulls[p]).pValue;
  });
  return new TransferEntropyMatrix(call.names, values, {
    base: call.base,
    pValues,
    surrogates: call.withSurrogates ? plan.m : null,
    surrogate: call.withSurrogates ? plan.method : null,
    seed: work.setup.seed,
  });
}
