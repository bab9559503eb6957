// Matrix ops: products (with transposes that copy nothing), transposition and reshaping.
import { fail, fmt } from '../../internal/errors.js';
import { dgemm } from '../kernels.js';
import { Tensor, output, record } from '../tensor.js';
import type { Op } from '../tensor.js';
import { check, finiteResult, shapeStr, sizeOfShape } from './shape.js';

const MatmulOp: Op = {
  name: 'matmul',
  backward(out, g) {
    const [a, b] = out.inputs as Tensor[];
    const tA = out.p !== 0, tB = out.q !== 0;
    // With A' = op(A), B' = op(B): ∂A' = g B'ᵀ, ∂B' = A'ᵀ g, transposed back when the input was used transposed.
    const ga = a.requiresGrad ? (tA ? matmulT(b, g, tB, true) : matmulT(g, b, false, !tB)) : null;
    const gb = b.requiresGrad ? (tB ? matmulT(g, a, true, tA) : matmulT(a, g, !tA, false)) : null;
    return [ga, gb];
  },
};

function matmulT(a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor {
  const m = tA ? a.shape[1] : a.shape[0];
  const k = tA ? a.shape[0] : a.shape[1];
  const n = tB ? b.shape[0] : b.shape[1];
  const out = output([m, n], m * n);
  dgemm(m, n, k, a.data, tA, b.data, tB, out.data);
  out.p = tA ? 1 : 0;
  out.q = tB ? 1 : 0;
  return record(out, MatmulOp, [a, b]);
}

/**
 * Matrix product op(a) · op(b) of 2-D tensors, where op transposes when asked (without copying). For C = A·B:
 * ∂A = G·Bᵀ, ∂B = Aᵀ·G.
 *
 * Cost: O(m·k·n).
 *
 * @param a - m×k matrix (k×m with `transposeA`)
 * @param b - k×n matrix (n×k with `transposeB`)
 * @param transposeA - use aᵀ
 * @param transposeB - use bᵀ
 * @returns the m×n product
 * @throws InfometaError `SHAPE_MISMATCH` for non-2-D tensors or inner dimensions that differ; `INVALID_ARGUMENT` for
 *   a non-tensor, a tensor released by {@link tidy} or a transpose flag that is not a boolean; `NON_FINITE` when
 *   the product overflows float64
 * @example
 * ```ts
 * import { tensor, matmul } from 'infometa';
 * const a = tensor([1, 2, 3, 4], [2, 2]);
 * console.log(matmul(a, tensor([1, 1], [2, 1])).toArray()); // [ 3, 7 ]
 * ```
 */
export function matmul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  const fn = 'matmul';
  check(fn, 'a', a);
  check(fn, 'b', b);
  if (typeof transposeA !== 'boolean') fail('INVALID_ARGUMENT', fn, `transposeA must be a boolean (got ${fmt(transposeA)})`);
  if (typeof transposeB !== 'boolean') fail('INVALID_ARGUMENT', fn, `transposeB must be a boolean (got ${fmt(transposeB)})`);
  if (a.shape.length !== 2 || b.shape.length !== 2) fail('SHAPE_MISMATCH', fn, `a and b must be 2-D (got ${shapeStr(a.shape)} and ${shapeStr(b.shape)})`);
  const ka = transposeA ? a.shape[0] : a.shape[1];
  const kb = transposeB ? b.shape[1] : b.shape[0];
  if (ka !== kb) fail('SHAPE_MISMATCH', fn, `inner dimensions differ: op(a) is ${transposeA ? a.shape[1] : a.shape[0]}×${ka}, op(b) is ${kb}×${transposeB ? b.shape[0] : b.shape[1]}`);
  return finiteResult(fn, matmulT(a, b, transposeA, transposeB));
}

const TransposeOp: Op = { name: 'transpose', backward: (_out, g) => [transpose(g)] };

/**
 * Transpose of a 2-D tensor (a copy). ∂ is the transpose of the incoming gradient.
 *
 * Cost: O(n).
 *
 * @param x - m×n matrix
 * @returns the n×m transpose
 * @throws InfometaError `SHAPE_MISMATCH` for a tensor that is not 2-D
 * @example
 * ```ts
 * import { tensor, transpose } from 'infometa';
 * console.log(transpose(tensor([1, 2, 3, 4, 5, 6], [2, 3])).toArray()); // [ 1, 4, 2, 5, 3, 6 ]
 * ```
 */
export function transpose(x: Tensor): Tensor {
  check('transpose', 'x', x);
  if (x.shape.length !== 2) fail('SHAPE_MISMATCH', 'transpose', `x must be 2-D (got ${shapeStr(x.shape)})`);
  const m = x.shape[0], n = x.shape[1];
  const out = output([n, m], m * n);
  const d = out.data, xd = x.data;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) d[j * m + i] = xd[i * n + j];
  return finiteResult('transpose', record(out, TransposeOp, [x]));
}

const ReshapeOp: Op = { name: 'reshape', backward: (out, g) => [reshape(g, (out.inputs as Tensor[])[0].shape)] };

/**
 * The same values, row-major, under a new shape with the same number of elements (a copy).
 *
 * Cost: O(n).
 *
 * @param x - input
 * @param shape - new dimensions
 * @returns the reshaped tensor
 * @throws InfometaError `SHAPE_MISMATCH` when the sizes differ; `INVALID_ARGUMENT` for a bad shape
 * @example
 * ```ts
 * import { tensor, reshape } from 'infometa';
 * console.log(reshape(tensor([1, 2, 3, 4]), [2, 2]).shape); // [ 2, 2 ]
 * ```
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  check('reshape', 'x', x);
  if (!Array.isArray(shape)) fail('INVALID_ARGUMENT', 'reshape', `shape must be an array (got ${fmt(shape)})`);
  for (let i = 0; i < shape.length; i++) {
    if (!Number.isInteger(shape[i]) || shape[i] < 0) fail('INVALID_ARGUMENT', 'reshape', `shape[${i}] must be a non-negative integer (got ${fmt(shape[i])})`);
  }
  if (sizeOfShape(shape) !== x.size) fail('SHAPE_MISMATCH', 'reshape', `cannot reshape ${shapeStr(x.shape)} (${x.size} values) to ${shapeStr(shape)}`);
  const out = output(Array.from(shape), x.size);
  out.data.set(x.data);
  return finiteResult('reshape', record(out, ReshapeOp, [x]));
}

