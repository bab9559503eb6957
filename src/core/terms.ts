// From a measure record and the caller's variables (each a set of columns) and conditioning columns to the entropy
// terms over columns that the state engine evaluates. Internal.
import { fail, fmt, fmtAt } from '../internal/errors.js';
import { flog } from '../kernels/log.js';
import type { InformationMeasure } from './measures.js';
import type { ColumnTerm } from './states.js';

/**
 * The column terms of `measure` over the variables `vars` (each a list of column indices), conditioned on the
 * columns `given`: every H(S) becomes H(S ∪ Z) − H(Z). Equal column sets are merged; zero coefficients dropped.
 */
export function columnTerms(measure: InformationMeasure, vars: readonly (readonly number[])[], given: readonly number[]): ColumnTerm[] {
  const terms = measure.terms?.(vars.length) ?? [];
  const map = new Map<string, ColumnTerm>();
  const add = (coef: number, cols: number[]): void => {
    const key = cols.join(',');
    const prev = map.get(key);
    if (prev) prev.coef += coef;
    else map.set(key, { coef, cols });
  };
  for (const t of terms) {
    const set = new Set<number>(given);
    for (const v of t.vars) for (const c of vars[v]) set.add(c);
    add(t.coef, [...set].sort((a, b) => a - b));
    if (given.length > 0) add(-t.coef, [...new Set(given)].sort((a, b) => a - b));
  }
  return [...map.values()].filter((t) => t.coef !== 0 && t.cols.length > 0);
}

/**
 * Checks that `list` is an array of at most `max` entries without holes (a sparse array of length 10⁷ must not be
 * walked entry by entry, nor turned into 10⁷ variables); returns it.
 */
export function denseList(fn: string, name: string, list: unknown, max: number): unknown[] {
  if (!Array.isArray(list)) fail('INVALID_ARGUMENT', fn, `${name} must be an array (got ${fmt(list)})`);
  if (list.length > max) fail('INVALID_ARGUMENT', fn, `${name} has ${list.length} entries; at most ${max} are supported`);
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) fail('INVALID_ARGUMENT', fn, `${name}[${i}] is ${fmtAt(list, i)}`);
  }
  return list as unknown[];
}

/** Throws unless the number of variables suits the measure. */
export function checkVariableCount(fn: string, measure: InformationMeasure, d: number): void {
  if (d < measure.minVariables) {
    fail('INVALID_ARGUMENT', fn, `${measure.name} needs at least ${measure.minVariables} variable${measure.minVariables > 1 ? 's' : ''} (got ${d})`);
  }
  if (d > measure.maxVariables) fail('INVALID_ARGUMENT', fn, `${measure.name} takes at most ${measure.maxVariables} variables (got ${d})`);
}

/** Clamps rounding below a measure's range: non-negative measures at 0. */
export function clampToRange(measure: InformationMeasure, v: number): number {
  if (measure.range === 'non-negative' || measure.range === 'unit-interval') return Math.max(0, v);
  return v;
}

/**
 * The logarithm in the unit of `base` (undefined: nats), as a function: log2 and log10 directly, so that dyadic (or
 * decimal) probabilities give exact values; otherwise ln x / ln base.
 */
export function logIn(base: number | undefined): (x: number) => number {
  if (base === 2) return Math.log2;
  if (base === 10) return Math.log10;
  if (base === undefined || base === Math.E) return flog;
  const lnb = Math.log(base);
  return (x) => flog(x) / lnb;
}
