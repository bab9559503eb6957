import { fail, fmt } from '../internal/errors.js';
import { checkChoice, checkOptions, isNumericArray } from '../internal/validate.js';

/**
 * Corrections for testing many hypotheses at once:
 * - `'bh'`: Benjamini–Hochberg, controls the false discovery rate (the expected share of false edges among those
 *   declared) for independent or positively dependent tests;
 * - `'bonferroni'`: p · m, controls the family-wise error rate (the chance of any false edge);
 * - `'holm'`: Holm's step-down, the same family-wise control as Bonferroni and never less powerful.
 */
export type PValueCorrection = 'bh' | 'bonferroni' | 'holm';

/** Options of {@link adjustPValues}. */
export interface AdjustPValuesOptions {
  /** The correction: `'bh'` (default), `'bonferroni'` or `'holm'`. */
  method?: PValueCorrection;
}

/** Adjusts validated p-values (as R's `p.adjust`). */
export function adjust(p: Float64Array, method: PValueCorrection): Float64Array {
  const m = p.length;
  const out = new Float64Array(m);
  if (method === 'bonferroni') {
    for (let i = 0; i < m; i++) out[i] = Math.min(1, p[i] * m);
    return out;
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  if (method === 'holm') {
    let run = 0;
    for (let r = 0; r < m; r++) {
      run = Math.max(run, Math.min(1, (m - r) * p[order[r]]));
      out[order[r]] = run;
    }
    return out;
  }
  let run = 1;
  for (let r = m - 1; r >= 0; r--) {
    run = Math.min(run, (m / (r + 1)) * p[order[r]]);
    out[order[r]] = run;
  }
  return out;
}

/**
 * Adjusted p-values for a family of m tests, the same values as R's `p.adjust`: Benjamini–Hochberg
 * q₍ᵢ₎ = minⱼ≥ᵢ min(1, m p₍ⱼ₎ / j) over the sorted p-values (default), Bonferroni min(1, m pᵢ), or Holm
 * maxⱼ≤ᵢ min(1, (m − j + 1) p₍ⱼ₎). Declare test i significant at level α when its adjusted value is ≤ α.
 *
 * Cost: O(m log m).
 *
 * @param pValues - the p-values, each in [0, 1]
 * @param options - `method`: `'bh'` (default), `'bonferroni'` or `'holm'`
 * @returns the adjusted p-values, in the order given
 * @throws InfometaError `INVALID_ARGUMENT` for a non-array, a non-number or a value outside [0, 1]; `NON_FINITE`
 *   for NaN; `INVALID_OPTION` for an unknown method
 * @example
 * ```ts
 * import { adjustPValues } from 'infometa';
 * const p = [0.01, 0.04, 0.03, 0.2];
 * console.log(Array.from(adjustPValues(p))); // [ 0.04, 0.05333333333333333, 0.05333333333333333, 0.2 ]
 * console.log(Array.from(adjustPValues(p, { method: 'bonferroni' }))); // [ 0.04, 0.16, 0.12, 0.8 ]
 * ```
 */
export function adjustPValues(pValues: readonly number[] | Float64Array, options?: AdjustPValuesOptions): Float64Array {
  const fn = 'adjustPValues';
  checkOptions(fn, options, ['method']);
  const method = checkChoice(fn, 'method', options?.method, ['bh', 'bonferroni', 'holm'] as const, 'bh');
  if (!isNumericArray(pValues)) fail('INVALID_ARGUMENT', fn, `pValues must be an array of numbers (got ${fmt(pValues)})`);
  const p = new Float64Array(pValues.length);
  for (let i = 0; i < p.length; i++) {
    const v: unknown = (pValues as ArrayLike<unknown>)[i];
    if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `pValues[${i}] must be a number (got ${fmt(v)})`);
    if (Number.isNaN(v)) fail('NON_FINITE', fn, `pValues[${i}] must be a number in [0, 1] (got NaN)`);
    if (!(v >= 0 && v <= 1)) fail('INVALID_ARGUMENT', fn, `pValues[${i}] must be in [0, 1] (got ${fmt(v)})`);
    p[i] = v;
  }
  return adjust(p, method);
}
