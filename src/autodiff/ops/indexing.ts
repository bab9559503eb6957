// Indexing: one entry per row (gather, whose gradient scatters back) and one-hot encodings.
import { fail, fmt } from '../../internal/errors.js';
import { Tensor, output, record } from '../tensor.js';
import type { Op } from '../tensor.js';
import { check, finiteResult, shapeStr } from './shape.js';

const GatherOp: Op = {
  name: 'gather',
  backward(out, g) {
    const x = (out.inputs as Tensor[])[0];
    return [scatterT(g, out.ints as Int32Array, x.shape[1])];
  },
};
const ScatterOp: Op = {
  name: 'scatter',
  backward(out, g) {
    return [gatherT(g, out.ints as Int32Array)];
  },
};

function gatherT(x: Tensor, idx: Int32Array): Tensor {
  const m = x.shape[0], n = x.shape[1];
  const out = output([m], m);
  const d = out.data, xd = x.data;
  for (let i = 0; i < m; i++) d[i] = xd[i * n + idx[i]];
  out.ints = idx;
  return record(out, GatherOp, [x]);
}

function scatterT(g: Tensor, idx: Int32Array, n: number): Tensor {
  const m = g.shape[0];
  const out = output([m, n], m * n);
  const d = out.data;
  d.fill(0);
  for (let i = 0; i < m; i++) d[i * n + idx[i]] = g.data[i];
  out.ints = idx;
  return record(out, ScatterOp, [g]);
}

function labelsOf(fn: string, labels: unknown, m: number, n: number): Int32Array {
  if (!(Array.isArray(labels) || ArrayBuffer.isView(labels))) fail('INVALID_ARGUMENT', fn, `indices must be an array of integers (got ${fmt(labels)})`);
  const arr = labels as ArrayLike<unknown>;
  if (arr.length !== m) fail('SHAPE_MISMATCH', fn, `indices has length ${arr.length} but x has ${m} rows`);
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const v = arr[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) fail('INVALID_LABELS', fn, `indices[${i}] must be an integer in [0, ${n - 1}] (got ${fmt(v)})`);
    out[i] = v;
  }
  return out;
}

/**
 * Picks one entry per row: out[i] = x[i, indices[i]] (e.g. the log-probability of each sample's label). The
 * gradient scatters g back into a zero matrix of x's shape.
 *
 * Cost: O(m) (plus O(m·n) in the backward pass).
 *
 * @param x - m×n matrix
 * @param indices - m integers in [0, n)
 * @returns a 1-D tensor of length m
 * @throws InfometaError `SHAPE_MISMATCH` for a non-2-D x or a wrong number of indices; `INVALID_LABELS` for an
 *   index that is not an integer in range
 * @example
 * ```ts
 * import { tensor, gather } from 'infometa';
 * console.log(gather(tensor([1, 2, 3, 4], [2, 2]), [1, 0]).toArray()); // [ 2, 3 ]
 * ```
 */
export function gather(x: Tensor, indices: ArrayLike<number>): Tensor {
  check('gather', 'x', x);
  if (x.shape.length !== 2) fail('SHAPE_MISMATCH', 'gather', `x must be 2-D (got ${shapeStr(x.shape)})`);
  return finiteResult('gather', gatherT(x, labelsOf('gather', indices, x.shape[0], x.shape[1])));
}

/** Largest one-hot matrix (values): 2²⁷ doubles, 1 GiB. */
const ONE_HOT_MAX = 2 ** 27;

/**
 * One-hot encoding of integer labels: an m×n constant tensor with out[i, labels[i]] = 1, zeros elsewhere.
 *
 * Cost: O(m·n).
 *
 * @param labels - m integers in [0, n)
 * @param n - number of classes
 * @returns an m×n tensor (no gradient)
 * @throws InfometaError `INVALID_OPTION` for n < 1, or a matrix of more than 2²⁷ values (1 GiB); `INVALID_LABELS` for
 *   a label out of range
 * @example
 * ```ts
 * import { oneHot } from 'infometa';
 * console.log(oneHot([2, 0], 3).toArray()); // [ 0, 0, 1, 1, 0, 0 ]
 * ```
 */
export function oneHot(labels: ArrayLike<number>, n: number): Tensor {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail('INVALID_OPTION', 'oneHot', `n must be an integer ≥ 1 (got ${fmt(n)})`);
  const m = labels !== null && typeof labels === 'object' ? (labels as ArrayLike<number>).length : -1;
  if (m >= 0 && m * n > ONE_HOT_MAX) fail('INVALID_OPTION', 'oneHot', `labels.length × n = ${m} × ${n} values exceeds the limit of ${ONE_HOT_MAX} (1 GiB); use gather() with the labels instead of a dense one-hot matrix`);
  const idx = labelsOf('oneHot', labels, m, n);
  const out = output([m, n], m * n);
  out.data.fill(0);
  for (let i = 0; i < m; i++) out.data[i * n + idx[i]] = 1;
  return out;
}

