import { fail } from '../../internal/errors.js';
import { checkInteger, toFiniteVector } from '../../internal/validate.js';
import { principalAnglesRaw } from './linalg.js';

/**
 * Principal angles between the column spaces of two d-row matrices (Björck & Golub 1973): θᵢ = arccos σᵢ(Q_Aᵀ Q_B),
 * where Q_A, Q_B are orthonormal bases from thin QR. All angles are 0 for the same subspace and π/2 for orthogonal
 * ones; the largest angle is the distance used to say that a learned subspace or dictionary recovers a planted one.
 *
 * Units: radians, ascending, min(p, q) of them. Cost: O(d·(p² + q²) + p·q·min(p, q)).
 *
 * @param a - d×p matrix, row-major
 * @param p - number of columns of a
 * @param b - d×q matrix, row-major
 * @param q - number of columns of b
 * @returns the principal angles, smallest first
 * @throws InfometaError `INVALID_OPTION` for p or q < 1; `SHAPE_MISMATCH` when a and b do not have the same number
 *   of rows; `NON_FINITE` for non-finite entries
 * @example
 * ```ts
 * import { principalAngles } from 'infometa';
 * // span{e1} against span{(1, 1)/√2} in the plane: 45°.
 * console.log(principalAngles([1, 0], 1, [1, 1], 1)[0].toFixed(6)); // 0.785398
 * ```
 */
export function principalAngles(a: ArrayLike<number>, p: number, b: ArrayLike<number>, q: number): number[] {
  const fn = 'principalAngles';
  checkInteger(fn, 'p', p, 1, 1);
  checkInteger(fn, 'q', q, 1, 1);
  const A = finite(fn, 'a', a);
  const B = finite(fn, 'b', b);
  if (A.length % p !== 0) fail('SHAPE_MISMATCH', fn, `a has ${A.length} entries, not a multiple of p = ${p}`);
  if (B.length % q !== 0) fail('SHAPE_MISMATCH', fn, `b has ${B.length} entries, not a multiple of q = ${q}`);
  const d = A.length / p;
  if (B.length / q !== d) fail('SHAPE_MISMATCH', fn, `a has ${d} rows but b has ${B.length / q}`);
  return principalAnglesRaw(d, p, A, q, B);
}

function finite(fn: string, name: string, x: ArrayLike<number>): Float64Array {
  // Entry by entry (a sparse array of length 1e7 fails at its first hole, at once); never written.
  const v = toFiniteVector(fn, name, x);
  return v === (x as unknown) ? v.slice() : v;
}
