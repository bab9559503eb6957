// Broadcasting binary ops (add, sub, mul, div), the scalar ops that numbers and backward passes use, and the
// sumTo / broadcastTo pair that carries gradients across broadcast dimensions. Each op's backward sits beside it and
// is written with these same differentiable ops, so it can itself be differentiated (createGraph).
import { fail } from '../../internal/errors.js';
import { ADD, DIV, MUL, SUB, dbinary, dbroadcast, dsumto } from '../kernels.js';
import { Tensor, output, record } from '../tensor.js';
import type { Op } from '../tensor.js';
import { check, cols, finiteResult, num, rows, sameShape, shapeStr, sizeOfShape } from './shape.js';
import { reciprocalT } from './unary.js';

const binaryOps: Op[] = [];

/** @internal a ∘ b with broadcasting, for the kernel code ADD, SUB, MUL or DIV (`fn` names the op in errors). */
export function binary(fn: string, code: number, a: Tensor, b: Tensor): Tensor {
  let shape: readonly number[];
  let R: number, C: number, ra: number, ca: number, rb: number, cb: number;
  if (sameShape(a.shape, b.shape)) {
    shape = a.shape;
    R = 1; C = a.size; ra = 0; ca = 1; rb = 0; cb = 1;
  } else if (b.size === 1 && b.shape.length <= a.shape.length) {
    shape = a.shape;
    R = 1; C = a.size; ra = 0; ca = 1; rb = 0; cb = 0;
  } else if (a.size === 1 && a.shape.length <= b.shape.length) {
    shape = b.shape;
    R = 1; C = b.size; ra = 0; ca = 0; rb = 0; cb = 1;
  } else {
    if (a.shape.length > 2 || b.shape.length > 2) fail('SHAPE_MISMATCH', fn, `cannot broadcast shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)} (broadcasting is supported for rank ≤ 2)`);
    const ar = rows(a.shape), ac = cols(a.shape), br = rows(b.shape), bc = cols(b.shape);
    if ((ar !== br && ar !== 1 && br !== 1) || (ac !== bc && ac !== 1 && bc !== 1)) {
      fail('SHAPE_MISMATCH', fn, `cannot broadcast shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`);
    }
    R = Math.max(ar, br);
    C = Math.max(ac, bc);
    shape = a.shape.length === 2 || b.shape.length === 2 ? [R, C] : [C];
    ra = ar === 1 ? 0 : ac; ca = ac === 1 ? 0 : 1;
    rb = br === 1 ? 0 : bc; cb = bc === 1 ? 0 : 1;
  }
  const out = output(shape, R * C);
  dbinary(code, R, C, a.data, ra, ca, b.data, rb, cb, out.data);
  return record(out, binaryOps[code], [a, b]);
}

binaryOps[ADD] = {
  name: 'add',
  backward(out, g) {
    const [a, b] = out.inputs as Tensor[];
    return [a.requiresGrad ? sumTo(g, a.shape) : null, b.requiresGrad ? sumTo(g, b.shape) : null];
  },
};
binaryOps[SUB] = {
  name: 'sub',
  backward(out, g) {
    const [a, b] = out.inputs as Tensor[];
    return [a.requiresGrad ? sumTo(g, a.shape) : null, b.requiresGrad ? sumTo(scaleT(g, -1), b.shape) : null];
  },
};
binaryOps[MUL] = {
  name: 'mul',
  backward(out, g) {
    const [a, b] = out.inputs as Tensor[];
    return [a.requiresGrad ? sumTo(mulT(g, b), a.shape) : null, b.requiresGrad ? sumTo(mulT(g, a), b.shape) : null];
  },
};
binaryOps[DIV] = {
  name: 'div',
  backward(out, g) {
    const [a, b] = out.inputs as Tensor[];
    const ga = a.requiresGrad ? sumTo(divT(g, b), a.shape) : null;
    // ∂(a/b)/∂b = −(a/b)/b: written with the output so that higher orders see the dependence on a and b.
    const gb = b.requiresGrad ? sumTo(scaleT(divT(mulT(g, out), b), -1), b.shape) : null;
    return [ga, gb];
  },
};

/** @internal a · b without argument checks (backward passes). */
export function mulT(a: Tensor, b: Tensor): Tensor {
  return binary('mul', MUL, a, b);
}

/** @internal a / b without argument checks. */
export function divT(a: Tensor, b: Tensor): Tensor {
  return binary('div', DIV, a, b);
}

/** @internal a − b without argument checks. */
export function subT(a: Tensor, b: Tensor): Tensor {
  return binary('sub', SUB, a, b);
}

// Scalar ops (x + s, x · s): numbers passed to add/sub/mul/div, and the constants of backward passes.

const AddScalarOp: Op = { name: 'addScalar', backward: (_out, g) => [g] };
const ScaleOp: Op = { name: 'scale', backward: (out, g) => [scaleT(g, out.p)] };

/** @internal x + s. */
export function addScalarT(x: Tensor, s: number): Tensor {
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = xd[i] + s;
  out.p = s;
  return record(out, AddScalarOp, [x]);
}

/** @internal x · s. */
export function scaleT(x: Tensor, s: number): Tensor {
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = xd[i] * s;
  out.p = s;
  return record(out, ScaleOp, [x]);
}

/**
 * Elementwise sum a + b with broadcasting: equal shapes, a one-element tensor or a number against anything, and
 * for rank ≤ 2 numpy-style broadcasting of rows and columns (a bias row `[n]` or `[1, n]` against `[m, n]`, a column
 * `[m, 1]` against `[m, n]`). ∂/∂a = 1, ∂/∂b = 1 (summed over broadcast dimensions).
 *
 * Cost: O(size of the result).
 *
 * @param a - tensor or number
 * @param b - tensor or number
 * @returns a + b
 * @throws InfometaError `SHAPE_MISMATCH` for shapes that do not broadcast; `INVALID_ARGUMENT` for a non-tensor or a
 *   tensor released by {@link tidy}; `NON_FINITE` for a non-finite number, or a result that overflows float64
 * @example
 * ```ts
 * import { tensor, add } from 'infometa';
 * console.log(add(tensor([1, 2, 3, 4], [2, 2]), tensor([10, 20], [2])).toArray()); // [ 11, 22, 13, 24 ]
 * ```
 */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a !== 'object') return finiteResult('add', addScalarT(check('add', 'b', b), num('add', 'a', a)));
  if (typeof b !== 'object') return finiteResult('add', addScalarT(check('add', 'a', a), num('add', 'b', b)));
  return finiteResult('add', binary('add', ADD, check('add', 'a', a), check('add', 'b', b)));
}

/**
 * Elementwise difference a − b with the broadcasting of {@link add}. ∂/∂a = 1, ∂/∂b = −1.
 *
 * Cost: O(size of the result).
 *
 * @param a - tensor or number
 * @param b - tensor or number
 * @returns a − b
 * @throws InfometaError as {@link add}
 * @example
 * ```ts
 * import { tensor, sub } from 'infometa';
 * console.log(sub(1, tensor([0.25, 1])).toArray()); // [ 0.75, 0 ]
 * ```
 */
export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a !== 'object') return finiteResult('sub', addScalarT(scaleT(check('sub', 'b', b), -1), num('sub', 'a', a)));
  if (typeof b !== 'object') return finiteResult('sub', addScalarT(check('sub', 'a', a), -num('sub', 'b', b)));
  return finiteResult('sub', binary('sub', SUB, check('sub', 'a', a), check('sub', 'b', b)));
}

/**
 * Elementwise product a · b with the broadcasting of {@link add}. ∂/∂a = b, ∂/∂b = a.
 *
 * Cost: O(size of the result).
 *
 * @param a - tensor or number
 * @param b - tensor or number
 * @returns a · b
 * @throws InfometaError as {@link add}
 * @example
 * ```ts
 * import { tensor, mul } from 'infometa';
 * console.log(mul(tensor([1, 2]), 3).toArray()); // [ 3, 6 ]
 * ```
 */
export function mul(a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a !== 'object') return finiteResult('mul', scaleT(check('mul', 'b', b), num('mul', 'a', a)));
  if (typeof b !== 'object') return finiteResult('mul', scaleT(check('mul', 'a', a), num('mul', 'b', b)));
  return finiteResult('mul', binary('mul', MUL, check('mul', 'a', a), check('mul', 'b', b)));
}

/**
 * Elementwise quotient a / b with the broadcasting of {@link add}. ∂/∂a = 1/b, ∂/∂b = −a/b². A quotient that is not
 * finite (division by a zero entry, or overflow) throws `NON_FINITE` rather than returning ±Infinity or NaN.
 *
 * Cost: O(size of the result).
 *
 * @param a - tensor or number
 * @param b - tensor or number (a number must be non-zero)
 * @returns a / b
 * @throws InfometaError as {@link add}; `INVALID_ARGUMENT` for division by the number 0
 * @example
 * ```ts
 * import { tensor, div } from 'infometa';
 * console.log(div(tensor([1, 2]), tensor([4, 8])).toArray()); // [ 0.25, 0.25 ]
 * ```
 */
export function div(a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof b !== 'object') {
    if (num('div', 'b', b) === 0) fail('INVALID_ARGUMENT', 'div', 'b must not be the number 0');
    return finiteResult('div', scaleT(check('div', 'a', a as Tensor), 1 / b));
  }
  if (typeof a !== 'object') return finiteResult('div', scaleT(reciprocalT(check('div', 'b', b)), num('div', 'a', a)));
  return finiteResult('div', binary('div', DIV, check('div', 'a', a), check('div', 'b', b)));
}

/**
 * Elementwise negation −x. ∂/∂x = −1.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns −x
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor
 * @example
 * ```ts
 * import { tensor, neg } from 'infometa';
 * console.log(neg(tensor([1, -2])).toArray()); // [ -1, 2 ]
 * ```
 */
export function neg(x: Tensor): Tensor {
  return finiteResult('neg', scaleT(check('neg', 'x', x), -1));
}

// sumTo / broadcastTo: the pair that implements broadcasting gradients and axis reductions.

/** @internal The op of a sum over broadcast dimensions (also the full sum of {@link sum}). */
export const SumToOp: Op = {
  name: 'sumTo',
  backward(out, g) {
    return [broadcastTo(g, (out.inputs as Tensor[])[0].shape)];
  },
};
const BroadcastToOp: Op = {
  name: 'broadcastTo',
  backward(out, g) {
    return [sumTo(g, (out.inputs as Tensor[])[0].shape)];
  },
};

/** @internal Sums g over the dimensions that were broadcast to reach g.shape from `shape`. */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const out = output(shape, sizeOfShape(shape));
  if (out.size === 1) {
    let s = 0;
    const d = g.data;
    for (let i = 0; i < g.size; i++) s += d[i];
    out.data[0] = s;
  } else {
    dsumto(rows(g.shape), cols(g.shape), g.data, rows(shape), cols(shape), out.data);
  }
  return record(out, SumToOp, [g]);
}

/** @internal Broadcasts x to `shape` (the inverse of {@link sumTo}). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const n = sizeOfShape(shape);
  const out = output(shape, n);
  if (x.size === 1) out.data.fill(x.data[0]);
  else dbroadcast(rows(shape), cols(shape), x.data, rows(x.shape), cols(x.shape), out.data);
  return record(out, BroadcastToOp, [x]);
}
