// Reductions: sums and means of all elements or along an axis, and the stable log-sum-exp.
import { fail, fmt } from '../../internal/errors.js';
import { Tensor, output, record, within } from '../tensor.js';
import type { Op } from '../tensor.js';
import { SumToOp, broadcastTo, mulT, scaleT, subT, sumTo } from './binary.js';
import { reshape } from './matmul.js';
import { check, finiteResult, sameShape, shapeStr, sizeOfShape } from './shape.js';
import { exp } from './unary.js';


/** @internal Shape kept after reducing `axis` (undefined: all → []). Rank ≤ 2 for an axis. */
export function reducedShape(fn: string, x: Tensor, axis: number | undefined): readonly number[] {
  if (axis === undefined) return [];
  const r = x.shape.length;
  if (r < 1 || r > 2) fail('SHAPE_MISMATCH', fn, `reducing along an axis needs a 1-D or 2-D tensor (got ${shapeStr(x.shape)})`);
  if (!Number.isInteger(axis) || axis < -r || axis >= r) fail('INVALID_OPTION', fn, `axis must be an integer in [${-r}, ${r - 1}] (got ${fmt(axis)})`);
  const ax = axis < 0 ? axis + r : axis;
  if (r === 1) return [1];
  return ax === 0 ? [1, x.shape[1]] : [x.shape[0], 1];
}

/**
 * Sum of all elements (a scalar, shape `[]`), or along `axis` of a 1-D or 2-D tensor keeping the reduced dimension
 * with size 1 (so the result broadcasts back against `x`). ∂/∂xᵢ = 1.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @param axis - optional axis (negative counts from the end)
 * @returns Σ x
 * @throws InfometaError `INVALID_OPTION` for a bad axis; `SHAPE_MISMATCH` for an axis on a tensor of rank > 2;
 *   `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}; `NON_FINITE` when the sum overflows
 * @example
 * ```ts
 * import { tensor, sum } from 'infometa';
 * const x = tensor([1, 2, 3, 4], [2, 2]);
 * console.log(sum(x).item(), sum(x, 0).toArray(), sum(x, 1).toArray()); // 10 [ 4, 6 ] [ 3, 7 ]
 * ```
 */
export function sum(x: Tensor, axis?: number): Tensor {
  check('sum', 'x', x);
  const shape = reducedShape('sum', x, axis);
  if (axis === undefined) {
    const out = output([], 1);
    let s = 0, c = 0;
    const d = x.data;
    for (let i = 0; i < x.size; i++) {
      const v = d[i];
      const t = s + v;
      if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
      else c += v - t + s;
      s = t;
    }
    out.data[0] = s + c;
    return finiteResult('sum', record(out, SumToOp, [x]));
  }
  if (sameShape(shape, x.shape)) return reshape(x, shape);
  return finiteResult('sum', sumTo(x, shape));
}

/**
 * Mean of all elements, or along `axis` keeping the reduced dimension (see {@link sum}). ∂/∂xᵢ = 1/n.
 *
 * Cost: O(n).
 *
 * @param x - input (non-empty)
 * @param axis - optional axis
 * @returns the mean
 * @throws InfometaError as {@link sum}; `EMPTY_INPUT` for an empty tensor
 * @example
 * ```ts
 * import { tensor, mean } from 'infometa';
 * console.log(mean(tensor([1, 2, 3, 4], [2, 2]), 1).toArray()); // [ 1.5, 3.5 ]
 * ```
 */
export function mean(x: Tensor, axis?: number): Tensor {
  check('mean', 'x', x);
  if (x.size === 0) fail('EMPTY_INPUT', 'mean', 'x is empty');
  // The sum of n values each below 1.8e308 may overflow where their mean does not: scale first when it would.
  const s = within('mean', () => sum(x, axis));
  const k = s.size / x.size;
  for (let i = 0; i < s.size; i++) if (s.data[i] - s.data[i] !== 0) return finiteResult('mean', within('mean', () => sum(scaleT(x, k), axis)));
  return finiteResult('mean', scaleT(s, k));
}

/** @internal Normalised reduction axis: −1 for all elements (or the only axis of a 1-D tensor), else 0 or 1 of a 2-D tensor. */
export function axisCode(x: Tensor, shape: readonly number[], axis: number | undefined): number {
  if (shape.length === 0 || x.shape.length === 1 || axis === undefined) return -1;
  return axis < 0 ? axis + 2 : axis;
}

/** @internal Groups of a reduction: count, group stride, element stride, elements per group. */
export function groups(x: Tensor, ax: number): [number, number, number, number] {
  if (ax === -1) return [1, 0, 1, x.size];
  const m = x.shape[0], n = x.shape[1];
  return ax === 0 ? [n, 1, n, m] : [m, n, 1, n];
}

const LogsumexpOp: Op = {
  name: 'logsumexp',
  backward(out, g) {
    const x = (out.inputs as Tensor[])[0];
    // ∂/∂x = g · softmax(x) = g · exp(x − lse), written with ops so the Hessian flows through x and lse.
    return [mulT(broadcastTo(g, x.shape), exp(subT(x, out)))];
  },
};

/** @internal Log-sum-exp of each group into out. */
export function lseForward(x: Tensor, ax: number, out: Float64Array): void {
  const [G, gs, es, len] = groups(x, ax);
  const d = x.data;
  for (let gi = 0; gi < G; gi++) {
    const base = gi * gs;
    let mx = -Infinity;
    for (let t = 0; t < len; t++) {
      const v = d[base + t * es];
      if (v > mx) mx = v;
    }
    if (mx === -Infinity || mx === Infinity) {
      out[gi] = mx;
      continue;
    }
    let s = 0;
    for (let t = 0; t < len; t++) s += Math.exp(d[base + t * es] - mx);
    out[gi] = mx + Math.log(s);
  }
}

/**
 * log Σ exp(x), of all elements or along `axis` (keeping the reduced dimension), computed stably by shifting by
 * the maximum. ∂/∂x = softmax(x).
 *
 * Cost: O(n).
 *
 * @param x - input (non-empty)
 * @param axis - optional axis
 * @returns logsumexp(x) (nats)
 * @throws InfometaError as {@link mean}
 * @example
 * ```ts
 * import { tensor, logsumexp } from 'infometa';
 * console.log(logsumexp(tensor([1000, 1000])).item()); // 1000.6931471805599
 * ```
 */
export function logsumexp(x: Tensor, axis?: number): Tensor {
  check('logsumexp', 'x', x);
  if (x.size === 0) fail('EMPTY_INPUT', 'logsumexp', 'x is empty');
  const shape = reducedShape('logsumexp', x, axis);
  const out = output(shape, sizeOfShape(shape));
  lseForward(x, axisCode(x, shape, axis), out.data);
  return finiteResult('logsumexp', record(out, LogsumexpOp, [x]));
}

