// Softmax and log-softmax along an axis, computed stably through the log-sum-exp of ./reductions.
import { fail } from '../../internal/errors.js';
import { Tensor, output, record } from '../tensor.js';
import type { Op } from '../tensor.js';
import { mulT, subT, sumTo } from './binary.js';
import { axisCode, groups, lseForward, reducedShape } from './reductions.js';
import { check, finiteResult } from './shape.js';
import { exp } from './unary.js';

function softAxis(fn: string, x: Tensor, axis: number | undefined): number | undefined {
  if (x.size === 0) fail('EMPTY_INPUT', fn, 'x is empty');
  if (axis === undefined) return x.shape.length === 2 ? 1 : undefined;
  return axis;
}

const SoftmaxOp: Op = {
  name: 'softmax',
  backward(out, g) {
    // y ⊙ (g − Σ g ⊙ y) along the axis.
    const y = out;
    return [mulT(y, subT(g, sumTo(mulT(g, y), reducedOf(y))))];
  },
};
const LogSoftmaxOp: Op = {
  name: 'logSoftmax',
  backward(out, g) {
    // g − softmax ⊙ Σ g along the axis, softmax = exp(y).
    return [subT(g, mulT(exp(out), sumTo(g, reducedOf(out))))];
  },
};

function reducedOf(y: Tensor): readonly number[] {
  // p = −1: all elements; p = 0/1: the axis of a 2-D tensor.
  if (y.p === -1) return y.shape.length === 1 ? [1] : [];
  return y.p === 0 ? [1, y.shape[1]] : [y.shape[0], 1];
}

function softForward(fn: string, x: Tensor, axis: number | undefined, logOut: boolean): Tensor {
  check(fn, 'x', x);
  const axis2 = softAxis(fn, x, axis);
  const shape = reducedShape(fn, x, axis2);
  const ax = axisCode(x, shape, axis2);
  const [G, gs, es, len] = groups(x, ax);
  const lse = new Float64Array(G);
  lseForward(x, ax, lse);
  const out = output(x.shape, x.size);
  const d = x.data, o = out.data;
  for (let gi = 0; gi < G; gi++) {
    const base = gi * gs;
    const l = lse[gi];
    for (let t = 0; t < len; t++) {
      const k = base + t * es;
      o[k] = logOut ? d[k] - l : Math.exp(d[k] - l);
    }
  }
  out.p = ax;
  return finiteResult(fn, record(out, logOut ? LogSoftmaxOp : SoftmaxOp, [x]));
}

/**
 * Softmax exp(xᵢ)/Σⱼ exp(xⱼ) over `axis` (default: the last axis; all elements of a 1-D tensor), computed stably.
 * ∂ = y ⊙ (g − Σ g ⊙ y).
 *
 * Cost: O(n).
 *
 * @param x - logits, 1-D or 2-D (rows are samples by default)
 * @param axis - optional axis
 * @returns probabilities summing to 1 along the axis
 * @throws InfometaError as {@link logsumexp}
 * @example
 * ```ts
 * import { tensor, softmax } from 'infometa';
 * console.log(softmax(tensor([0, Math.log(3)])).toArray()); // [ 0.25, 0.75 ]
 * ```
 */
export function softmax(x: Tensor, axis?: number): Tensor {
  return softForward('softmax', x, axis, false);
}

/**
 * Log-softmax xᵢ − logsumexp(x) over `axis` (default: the last axis), computed stably. ∂ = g − softmax ⊙ Σ g.
 *
 * Cost: O(n).
 *
 * @param x - logits, 1-D or 2-D
 * @param axis - optional axis
 * @returns log-probabilities (nats)
 * @throws InfometaError as {@link logsumexp}
 * @example
 * ```ts
 * import { tensor, logSoftmax } from 'infometa';
 * console.log(logSoftmax(tensor([0, 0])).toArray()); // [ -0.6931471805599453, -0.6931471805599453 ]
 * ```
 */
export function logSoftmax(x: Tensor, axis?: number): Tensor {
  return softForward('logSoftmax', x, axis, true);
}

