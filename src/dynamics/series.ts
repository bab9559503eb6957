import { fail, fmt } from '../internal/errors.js';
import { isNumericArray } from '../internal/validate.js';

/** One time series: its samples in time order, as a `number[]` or a numeric typed array. */
export type Series = readonly number[] | Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;

/**
 * A variable of the dynamics measures: one {@link Series}, or several independent trials (realisations) of the same
 * process as an array of series. Trials are embedded separately (no embedding vector spans two trials) and their
 * samples pooled into one estimate, as JIDT's `addObservations` does.
 */
export type SeriesInput = Series | readonly Series[];

/** A validated variable: one finite series per trial (a typed array is used as is, never written to). */
export interface Variable {
  /** The samples of each trial. */
  readonly trials: readonly ArrayLike<number>[];
  /** True when the caller passed a list of trials (error messages then index the trial). */
  readonly isTrials: boolean;
  /** The argument name, for error messages. */
  readonly name: string;
}

function isSeriesLike(x: unknown): boolean {
  return isNumericArray(x) && !(Array.isArray(x) && x.length > 0 && (Array.isArray(x[0]) || ArrayBuffer.isView(x[0])));
}

/** `name[i]` or `name[trial][i]`. */
export function at(v: Variable, trial: number, i: number): string {
  return v.isTrials ? `${v.name}[${trial}][${i}]` : `${v.name}[${i}]`;
}

/** `name` or `name[trial]`. */
export function trialName(v: Variable, trial: number): string {
  return v.isTrials ? `${v.name}[${trial}]` : v.name;
}

function checkSeries(fn: string, label: string, x: unknown): ArrayLike<number> {
  if (!isNumericArray(x)) fail('INVALID_ARGUMENT', fn, `${label} must be a series: an array or typed array of numbers (got ${fmt(x)})`);
  const n = x.length;
  if (n === 0) fail('EMPTY_INPUT', fn, `${label} is empty`);
  if (Array.isArray(x)) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v: unknown = x[i];
      if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${label}[${i}] must be a number (got ${fmt(v)})`);
      if (v - v !== 0) fail('NON_FINITE', fn, `${label}[${i}] must be finite (got ${fmt(v)})`);
      out[i] = v;
    }
    return out;
  }
  const a = x as ArrayLike<number>;
  if (a instanceof Float64Array || a instanceof Float32Array) {
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (v - v !== 0) fail('NON_FINITE', fn, `${label}[${i}] must be finite (got ${fmt(v)})`);
    }
  }
  return a;
}

/**
 * Validates a variable: a non-empty series of finite numbers, or a non-empty list of such series (trials). Errors
 * name `fn`, the argument and the offending trial and index.
 */
export function toVariable(fn: string, name: string, x: unknown): Variable {
  if (isSeriesLike(x)) return { trials: [checkSeries(fn, name, x)], isTrials: false, name };
  if (!Array.isArray(x)) {
    fail('INVALID_ARGUMENT', fn, `${name} must be a series (an array or typed array of numbers) or an array of trials (got ${fmt(x)})`);
  }
  if (x.length === 0) fail('EMPTY_INPUT', fn, `${name} is an empty list of trials`);
  const trials: ArrayLike<number>[] = [];
  for (let r = 0; r < x.length; r++) trials.push(checkSeries(fn, `${name}[${r}]`, x[r]));
  return { trials, isTrials: true, name };
}

/** Throws unless every variable has the same number of trials and the same trial lengths as the first. */
export function checkAligned(fn: string, vars: readonly Variable[]): void {
  const a = vars[0];
  for (let v = 1; v < vars.length; v++) {
    const b = vars[v];
    if (a.isTrials !== b.isTrials) {
      const what = (x: Variable) => (x.isTrials ? `a list of ${x.trials.length} trials` : 'a single series');
      fail('SHAPE_MISMATCH', fn, `${a.name} is ${what(a)} but ${b.name} is ${what(b)}; pass both the same way`);
    }
    if (a.trials.length !== b.trials.length) {
      fail('SHAPE_MISMATCH', fn, `${a.name} and ${b.name} must have the same number of trials (got ${a.trials.length} and ${b.trials.length})`);
    }
    for (let r = 0; r < a.trials.length; r++) {
      const la = a.trials[r].length;
      const lb = b.trials[r].length;
      if (la !== lb) fail('SHAPE_MISMATCH', fn, `${trialName(a, r)} and ${trialName(b, r)} must have the same length (got ${la} and ${lb})`);
    }
  }
}

/**
 * Checks that a variable holds non-negative integers (the discrete estimator's symbols) and returns its alphabet
 * size, max + 1.
 */
export function alphabetOf(fn: string, v: Variable): number {
  let max = 0;
  for (let r = 0; r < v.trials.length; r++) {
    const a = v.trials[r];
    const n = a.length;
    if (a instanceof Int32Array || a instanceof Int16Array || a instanceof Int8Array) {
      for (let i = 0; i < n; i++) {
        const x = a[i];
        if (x < 0) fail('INVALID_LABELS', fn, `${at(v, r, i)} must be a non-negative integer for the discrete estimator (got ${x})`);
        if (x > max) max = x;
      }
    } else if (a instanceof Uint8Array || a instanceof Uint16Array || a instanceof Uint32Array || a instanceof Uint8ClampedArray) {
      for (let i = 0; i < n; i++) if (a[i] > max) max = a[i];
    } else {
      for (let i = 0; i < n; i++) {
        const x = a[i];
        if (!(x >= 0) || Math.floor(x) !== x) fail('INVALID_LABELS', fn, `${at(v, r, i)} must be a non-negative integer for the discrete estimator (got ${fmt(x)})`);
        if (x > max) max = x;
      }
    }
  }
  if (max >= 2 ** 31 - 1) fail('INVALID_LABELS', fn, `${v.name} holds the symbol ${max}; the discrete estimator takes symbols below 2³¹ − 1 (recode them 0 … m − 1)`);
  return max + 1;
}

/** True when every sample of the variable (over all trials) equals the first. */
export function isConstantVariable(v: Variable): boolean {
  const first = v.trials[0][0];
  for (const a of v.trials) for (let i = 0; i < a.length; i++) if (a[i] !== first) return false;
  return true;
}
