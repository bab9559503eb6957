import { fail, fmt } from '../internal/errors.js';
import { log1pExp, logistic } from '../internal/special.js';
import { ADD, DIV, MUL, SUB, dbinary, dbroadcast, dgemm, dsumto } from './kernels.js';
import { Tensor, output, record } from './tensor.js';
import type { Op } from './tensor.js';

// Every op: a forward loop over Float64Array, and an Op singleton whose backward method is written with these same
// differentiable ops, so that the backward pass can itself be differentiated (createGraph).

function check(fn: string, name: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) fail('INVALID_ARGUMENT', fn, `${name} must be a Tensor (got ${fmt(x)})`);
  return x;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function shapeStr(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

/** Rows and columns of a rank ≤ 2 shape seen as a matrix ([] → 1×1, [n] → 1×n); null for rank > 2. */
function rows(s: readonly number[]): number {
  return s.length < 2 ? 1 : s[0];
}
function cols(s: readonly number[]): number {
  return s.length === 0 ? 1 : s[s.length - 1];
}

// ---------------------------------------------------------------------------------------------------------------
// Broadcasting binary ops

const binaryOps: Op[] = [];

function binary(fn: string, code: number, a: Tensor, b: Tensor): Tensor {
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

const AddOp: Op = {
  name: 'add',
  backward(out, g) {
    const [a, b] = out.inputs as Tensor[];
    return [a.requiresGrad ? sumTo(g, a.shape) : null, b.requiresGrad ? sumTo(g, b.shape) : null];
  },
};
const SubOp: Op = {
  name: 'sub',
  backward(out, g) {
    const [a, b] = out.inputs as Tensor[];
    return [a.requiresGrad ? sumTo(g, a.shape) : null, b.requiresGrad ? sumTo(scaleT(g, -1), b.shape) : null];
  },
};
const MulOp: Op = {
  name: 'mul',
  backward(out, g) {
    const [a, b] = out.inputs as Tensor[];
    return [a.requiresGrad ? sumTo(mulT(g, b), a.shape) : null, b.requiresGrad ? sumTo(mulT(g, a), b.shape) : null];
  },
};
const DivOp: Op = {
  name: 'div',
  backward(out, g) {
    const [a, b] = out.inputs as Tensor[];
    const ga = a.requiresGrad ? sumTo(binary('div', DIV, g, b), a.shape) : null;
    // ∂(a/b)/∂b = −(a/b)/b: written with the output so that higher orders see the dependence on a and b.
    const gb = b.requiresGrad ? sumTo(scaleT(binary('div', DIV, mulT(g, out), b), -1), b.shape) : null;
    return [ga, gb];
  },
};
binaryOps[ADD] = AddOp;
binaryOps[SUB] = SubOp;
binaryOps[MUL] = MulOp;
binaryOps[DIV] = DivOp;

function mulT(a: Tensor, b: Tensor): Tensor {
  return binary('mul', MUL, a, b);
}

// ---------------------------------------------------------------------------------------------------------------
// Scalar ops (x + s, x · s), used for numbers passed to add/sub/mul/div and inside backward passes

const AddScalarOp: Op = {
  name: 'addScalar',
  backward(_out, g) {
    return [g];
  },
};
const ScaleOp: Op = {
  name: 'scale',
  backward(out, g) {
    return [scaleT(g, out.p)];
  },
};

function addScalarT(x: Tensor, s: number): Tensor {
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = xd[i] + s;
  out.p = s;
  return record(out, AddScalarOp, [x]);
}

function scaleT(x: Tensor, s: number): Tensor {
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = xd[i] * s;
  out.p = s;
  return record(out, ScaleOp, [x]);
}

function num(fn: string, name: string, v: number): number {
  if (!Number.isFinite(v)) fail('NON_FINITE', fn, `${name} must be finite (got ${fmt(v)})`);
  return v;
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
 * @throws InfometaError `SHAPE_MISMATCH` for shapes that do not broadcast; `INVALID_ARGUMENT` for a non-tensor;
 *   `NON_FINITE` for a non-finite number
 * @example
 * ```ts
 * import { tensor, add } from 'infometa';
 * console.log(add(tensor([1, 2, 3, 4], [2, 2]), tensor([10, 20], [2])).toArray()); // [ 11, 22, 13, 24 ]
 * ```
 */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a === 'number') return addScalarT(check('add', 'b', b), num('add', 'a', a));
  if (typeof b === 'number') return addScalarT(check('add', 'a', a), num('add', 'b', b));
  return binary('add', ADD, check('add', 'a', a), check('add', 'b', b));
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
  if (typeof a === 'number') return addScalarT(scaleT(check('sub', 'b', b), -1), num('sub', 'a', a));
  if (typeof b === 'number') return addScalarT(check('sub', 'a', a), -num('sub', 'b', b));
  return binary('sub', SUB, check('sub', 'a', a), check('sub', 'b', b));
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
  if (typeof a === 'number') return scaleT(check('mul', 'b', b), num('mul', 'a', a));
  if (typeof b === 'number') return scaleT(check('mul', 'a', a), num('mul', 'b', b));
  return binary('mul', MUL, check('mul', 'a', a), check('mul', 'b', b));
}

/**
 * Elementwise quotient a / b with the broadcasting of {@link add}. ∂/∂a = 1/b, ∂/∂b = −a/b². Division by zero
 * follows IEEE arithmetic (±Infinity or NaN), as in PyTorch.
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
  if (typeof b === 'number') {
    if (num('div', 'b', b) === 0) fail('INVALID_ARGUMENT', 'div', 'b must not be the number 0');
    return scaleT(check('div', 'a', a as Tensor), 1 / b);
  }
  if (typeof a === 'number') return scaleT(pow(check('div', 'b', b), -1), num('div', 'a', a));
  return binary('div', DIV, check('div', 'a', a), check('div', 'b', b));
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
  return scaleT(check('neg', 'x', x), -1);
}

// ---------------------------------------------------------------------------------------------------------------
// sumTo / broadcastTo: the pair that implements broadcasting gradients and axis reductions

const SumToOp: Op = {
  name: 'sumTo',
  backward(out, g) {
    const x = (out.inputs as Tensor[])[0];
    return [broadcastTo(g, x.shape)];
  },
};
const BroadcastToOp: Op = {
  name: 'broadcastTo',
  backward(out, g) {
    const x = (out.inputs as Tensor[])[0];
    return [sumTo(g, x.shape)];
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

function sizeOfShape(s: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) n *= s[i];
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Elementwise unary ops

const ExpOp: Op = { name: 'exp', backward: (out, g) => [mulT(g, out)] };
const LogOp: Op = { name: 'log', backward: (out, g) => [binary('div', DIV, g, (out.inputs as Tensor[])[0])] };
const PowOp: Op = {
  name: 'pow',
  backward(out, g) {
    const x = (out.inputs as Tensor[])[0];
    const c = out.p;
    if (c === 0) return [null];
    if (c === 1) return [g];
    if (c === 2) return [mulT(g, scaleT(x, 2))];
    return [mulT(g, scaleT(pow(x, c - 1), c))];
  },
};
const SqrtOp: Op = { name: 'sqrt', backward: (out, g) => [binary('div', DIV, g, scaleT(out, 2))] };
const TanhOp: Op = {
  name: 'tanh',
  backward: (out, g) => [mulT(g, addScalarT(scaleT(pow(out, 2), -1), 1))],
};
const SigmoidOp: Op = {
  name: 'sigmoid',
  backward: (out, g) => [mulT(g, mulT(out, addScalarT(scaleT(out, -1), 1)))],
};
const ReluOp: Op = {
  name: 'relu',
  // The derivative of max(0, x) is the step 1[x > 0], a constant almost everywhere: its own derivative is 0.
  backward: (out, g) => [mulT(g, stepMask((out.inputs as Tensor[])[0], 0))],
};
const SoftplusOp: Op = { name: 'softplus', backward: (out, g) => [mulT(g, sigmoid((out.inputs as Tensor[])[0]))] };

/** A constant (non-differentiable) tensor 1[|x| < t] when t > 0, 1[x > 0] when t = 0. */
function stepMask(x: Tensor, t: number): Tensor {
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  if (t === 0) for (let i = 0; i < n; i++) d[i] = xd[i] > 0 ? 1 : 0;
  else for (let i = 0; i < n; i++) d[i] = Math.abs(xd[i]) < t ? 1 : 0;
  return out;
}

/**
 * Elementwise exponential eˣ. ∂/∂x = eˣ.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns exp(x)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor
 * @example
 * ```ts
 * import { tensor, exp } from 'infometa';
 * console.log(exp(tensor([0, 1])).toArray()); // [ 1, 2.718281828459045 ]
 * ```
 */
export function exp(x: Tensor): Tensor {
  check('exp', 'x', x);
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = Math.exp(xd[i]);
  return record(out, ExpOp, [x]);
}

/**
 * Elementwise natural logarithm ln x (nats). ∂/∂x = 1/x. ln 0 = −Infinity and ln of a negative number is NaN, as
 * in PyTorch; losses built on {@link logSoftmax} or {@link softplus} never take the log of 0.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns ln(x)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor
 * @example
 * ```ts
 * import { tensor, log } from 'infometa';
 * console.log(log(tensor([1, Math.E])).toArray()); // [ 0, 1 ]
 * ```
 */
export function log(x: Tensor): Tensor {
  check('log', 'x', x);
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = Math.log(xd[i]);
  return record(out, LogOp, [x]);
}

/**
 * Elementwise square x². ∂/∂x = 2x.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns x²
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor
 * @example
 * ```ts
 * import { tensor, square } from 'infometa';
 * console.log(square(tensor([-3, 2])).toArray()); // [ 9, 4 ]
 * ```
 */
export function square(x: Tensor): Tensor {
  return pow(check('square', 'x', x), 2);
}

/**
 * Elementwise square root √x. ∂/∂x = 1/(2√x) (Infinity at 0).
 *
 * Cost: O(n).
 *
 * @param x - input, ≥ 0 for a real result
 * @returns √x
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor
 * @example
 * ```ts
 * import { tensor, sqrt } from 'infometa';
 * console.log(sqrt(tensor([4, 9])).toArray()); // [ 2, 3 ]
 * ```
 */
export function sqrt(x: Tensor): Tensor {
  check('sqrt', 'x', x);
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = Math.sqrt(xd[i]);
  return record(out, SqrtOp, [x]);
}

/**
 * Elementwise power xᶜ by a constant exponent c. ∂/∂x = c·xᶜ⁻¹.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @param c - finite exponent
 * @returns xᶜ
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor; `NON_FINITE` for a non-finite exponent
 * @example
 * ```ts
 * import { tensor, pow } from 'infometa';
 * console.log(pow(tensor([2, 3]), 3).toArray()); // [ 8, 27 ]
 * ```
 */
export function pow(x: Tensor, c: number): Tensor {
  check('pow', 'x', x);
  if (typeof c !== 'number' || !Number.isFinite(c)) fail('NON_FINITE', 'pow', `c must be a finite number (got ${fmt(c)})`);
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  if (c === 2) for (let i = 0; i < n; i++) d[i] = xd[i] * xd[i];
  else if (c === 1) for (let i = 0; i < n; i++) d[i] = xd[i];
  else if (c === -1) for (let i = 0; i < n; i++) d[i] = 1 / xd[i];
  else for (let i = 0; i < n; i++) d[i] = Math.pow(xd[i], c);
  out.p = c;
  return record(out, PowOp, [x]);
}

/**
 * Elementwise hyperbolic tangent. ∂/∂x = 1 − tanh²x.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns tanh(x) in (−1, 1)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor
 * @example
 * ```ts
 * import { tensor, tanh } from 'infometa';
 * console.log(tanh(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function tanh(x: Tensor): Tensor {
  check('tanh', 'x', x);
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = Math.tanh(xd[i]);
  return record(out, TanhOp, [x]);
}

/**
 * Elementwise logistic sigmoid σ(x) = 1/(1 + e⁻ˣ), computed without overflow. ∂/∂x = σ(x)(1 − σ(x)).
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns σ(x) in [0, 1]
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor
 * @example
 * ```ts
 * import { tensor, sigmoid } from 'infometa';
 * console.log(sigmoid(tensor([0, 1000])).toArray()); // [ 0.5, 1 ]
 * ```
 */
export function sigmoid(x: Tensor): Tensor {
  check('sigmoid', 'x', x);
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = logistic(xd[i]);
  return record(out, SigmoidOp, [x]);
}

/**
 * Elementwise rectifier max(0, x). ∂/∂x = 1[x > 0] (0 at x = 0, as in PyTorch); the second derivative is 0.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns max(0, x)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor
 * @example
 * ```ts
 * import { tensor, relu } from 'infometa';
 * console.log(relu(tensor([-1, 2])).toArray()); // [ 0, 2 ]
 * ```
 */
export function relu(x: Tensor): Tensor {
  check('relu', 'x', x);
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = xd[i] > 0 ? xd[i] : 0;
  return record(out, ReluOp, [x]);
}

/**
 * Elementwise softplus ln(1 + eˣ), computed without overflow as max(x, 0) + ln(1 + e^−|x|). ∂/∂x = σ(x).
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns softplus(x) > 0 (nats)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor
 * @example
 * ```ts
 * import { tensor, softplus } from 'infometa';
 * console.log(softplus(tensor([0, 1000])).toArray()); // [ 0.6931471805599453, 1000 ]
 * ```
 */
export function softplus(x: Tensor): Tensor {
  check('softplus', 'x', x);
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  for (let i = 0; i < n; i++) d[i] = log1pExp(xd[i]);
  return record(out, SoftplusOp, [x]);
}

// ---------------------------------------------------------------------------------------------------------------
// Matrix ops

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
 * @throws InfometaError `SHAPE_MISMATCH` for non-2-D tensors or inner dimensions that differ
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
  if (a.shape.length !== 2 || b.shape.length !== 2) fail('SHAPE_MISMATCH', fn, `a and b must be 2-D (got ${shapeStr(a.shape)} and ${shapeStr(b.shape)})`);
  const ka = transposeA ? a.shape[0] : a.shape[1];
  const kb = transposeB ? b.shape[1] : b.shape[0];
  if (ka !== kb) fail('SHAPE_MISMATCH', fn, `inner dimensions differ: op(a) is ${transposeA ? a.shape[1] : a.shape[0]}×${ka}, op(b) is ${kb}×${transposeB ? b.shape[0] : b.shape[1]}`);
  return matmulT(a, b, transposeA, transposeB);
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
  return record(out, TransposeOp, [x]);
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
  return record(out, ReshapeOp, [x]);
}

// ---------------------------------------------------------------------------------------------------------------
// Reductions

/** Shape kept after reducing `axis` (undefined: all → []). Rank ≤ 2 for an axis. */
function reducedShape(fn: string, x: Tensor, axis: number | undefined): readonly number[] {
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
 * @throws InfometaError `INVALID_OPTION` for a bad axis; `SHAPE_MISMATCH` for an axis on a tensor of rank > 2
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
    return record(out, SumToOp, [x]);
  }
  if (sameShape(shape, x.shape)) return reshape(x, shape);
  return sumTo(x, shape);
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
  const s = sum(x, axis);
  return scaleT(s, s.size / x.size);
}

/** Normalised reduction axis: −1 for all elements (or the only axis of a 1-D tensor), else 0 or 1 of a 2-D tensor. */
function axisCode(x: Tensor, shape: readonly number[], axis: number | undefined): number {
  if (shape.length === 0 || x.shape.length === 1 || axis === undefined) return -1;
  return axis < 0 ? axis + 2 : axis;
}

/** Groups of a reduction: count, group stride, element stride, elements per group. */
function groups(x: Tensor, ax: number): [number, number, number, number] {
  if (ax === -1) return [1, 0, 1, x.size];
  const m = x.shape[0], n = x.shape[1];
  return ax === 0 ? [n, 1, n, m] : [m, n, 1, n];
}

const LogsumexpOp: Op = {
  name: 'logsumexp',
  backward(out, g) {
    const x = (out.inputs as Tensor[])[0];
    // ∂/∂x = g · softmax(x) = g · exp(x − lse), written with ops so the Hessian flows through x and lse.
    return [mulT(broadcastTo(g, x.shape), exp(binary('sub', SUB, x, out)))];
  },
};

function lseForward(x: Tensor, ax: number, out: Float64Array): void {
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
  return record(out, LogsumexpOp, [x]);
}

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
    return [mulT(y, binary('sub', SUB, g, sumTo(mulT(g, y), reducedOf(y))))];
  },
};
const LogSoftmaxOp: Op = {
  name: 'logSoftmax',
  backward(out, g) {
    // g − softmax ⊙ Σ g along the axis, softmax = exp(y).
    return [binary('sub', SUB, g, mulT(exp(out), sumTo(g, reducedOf(out))))];
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
  return record(out, logOut ? LogSoftmaxOp : SoftmaxOp, [x]);
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

// ---------------------------------------------------------------------------------------------------------------
// Indexing

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
  return gatherT(x, labelsOf('gather', indices, x.shape[0], x.shape[1]));
}

/**
 * One-hot encoding of integer labels: an m×n constant tensor with out[i, labels[i]] = 1, zeros elsewhere.
 *
 * Cost: O(m·n).
 *
 * @param labels - m integers in [0, n)
 * @param n - number of classes
 * @returns an m×n tensor (no gradient)
 * @throws InfometaError `INVALID_OPTION` for n < 1; `INVALID_LABELS` for a label out of range
 * @example
 * ```ts
 * import { oneHot } from 'infometa';
 * console.log(oneHot([2, 0], 3).toArray()); // [ 0, 0, 1, 1, 0, 0 ]
 * ```
 */
export function oneHot(labels: ArrayLike<number>, n: number): Tensor {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail('INVALID_OPTION', 'oneHot', `n must be an integer ≥ 1 (got ${fmt(n)})`);
  const m = labels !== null && typeof labels === 'object' ? (labels as ArrayLike<number>).length : -1;
  const idx = labelsOf('oneHot', labels, m, n);
  const out = output([m, n], m * n);
  out.data.fill(0);
  for (let i = 0; i < m; i++) out.data[i * n + idx[i]] = 1;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Gradient reversal, Huber pieces

const GradReverseOp: Op = { name: 'gradReverse', backward: (out, g) => [scaleT(g, -out.p)] };

/**
 * Gradient-reversal layer (Ganin & Lempitsky 2015): the identity in the forward pass, −λ·g in the backward pass.
 * Used for adversarial / domain-invariant features.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @param lambda - finite reversal strength λ (default 1)
 * @returns a copy of x whose gradient is multiplied by −λ
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor; `NON_FINITE` for a non-finite λ
 * @example
 * ```ts
 * import { tensor, gradReverse, sum, grad } from 'infometa';
 * const x = tensor([1, 2], [2], { requiresGrad: true });
 * console.log(grad(sum(gradReverse(x, 0.5)), [x])[0].toArray()); // [ -0.5, -0.5 ]
 * ```
 */
export function gradReverse(x: Tensor, lambda = 1): Tensor {
  check('gradReverse', 'x', x);
  if (typeof lambda !== 'number' || !Number.isFinite(lambda)) fail('NON_FINITE', 'gradReverse', `lambda must be a finite number (got ${fmt(lambda)})`);
  const out = output(x.shape, x.size);
  out.data.set(x.data);
  out.p = lambda;
  return record(out, GradReverseOp, [x]);
}

const ClampOp: Op = { name: 'clamp', backward: (out, g) => [mulT(g, stepMask((out.inputs as Tensor[])[0], out.p))] };
const HuberOp: Op = { name: 'huber', backward: (out, g) => [mulT(g, clampT((out.inputs as Tensor[])[0], out.p))] };

function clampT(x: Tensor, t: number): Tensor {
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data;
  for (let i = 0; i < x.size; i++) d[i] = xd[i] > t ? t : xd[i] < -t ? -t : xd[i];
  out.p = t;
  return record(out, ClampOp, [x]);
}

/** @internal Elementwise Huber function of residuals d with threshold δ: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond. */
export function huberT(d: Tensor, delta: number): Tensor {
  const out = output(d.shape, d.size);
  const o = out.data, x = d.data;
  for (let i = 0; i < d.size; i++) {
    const a = Math.abs(x[i]);
    o[i] = a <= delta ? 0.5 * x[i] * x[i] : delta * (a - 0.5 * delta);
  }
  out.p = delta;
  return record(out, HuberOp, [d]);
}
