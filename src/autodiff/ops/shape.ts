// Argument checks and rank ≤ 2 shape helpers shared by every op family.
import { fail, fmt } from '../../internal/errors.js';
import { Tensor, live } from '../tensor.js';

export { finiteResult } from '../tensor.js';

/**
 * @internal The argument as a live Tensor, or INVALID_ARGUMENT naming the op and the argument (also for a tensor
 * released by the tidy scope that made it).
 */
export function check(fn: string, name: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) fail('INVALID_ARGUMENT', fn, `${name} must be a Tensor (got ${fmt(x)})`);
  live(fn, name, x);
  return x;
}

/** @internal A finite number argument: INVALID_ARGUMENT for a non-number, NON_FINITE for NaN or ±Infinity. */
export function num(fn: string, name: string, v: number): number {
  if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `${name} must be a Tensor or a number (got ${fmt(v)})`);
  if (!Number.isFinite(v)) fail('NON_FINITE', fn, `${name} must be finite (got ${fmt(v)})`);
  return v;
}

/** @internal Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** @internal `[2, 3]` for error messages. */
export function shapeStr(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

/** @internal Rows of a rank ≤ 2 shape seen as a matrix ([] → 1×1, [n] → 1×n). */
export function rows(s: readonly number[]): number {
  return s.length < 2 ? 1 : s[0];
}

/** @internal Columns of a rank ≤ 2 shape seen as a matrix. */
export function cols(s: readonly number[]): number {
  return s.length === 0 ? 1 : s[s.length - 1];
}

/** @internal Number of elements of a shape. */
export function sizeOfShape(s: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) n *= s[i];
  return n;
}
