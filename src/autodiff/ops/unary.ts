// Element-wise unary ops, all made by one factory: a forward map y = f(x; p) applied to every element, and the
// gradient of the input written with differentiable ops (so it can be differentiated again). `p` is the op's
// constant parameter (an exponent, a threshold, λ), kept on the output for the backward pass.
import { fail, fmt } from '../../internal/errors.js';
import { log1pExp, logistic } from '../../internal/special.js';
import { Tensor, output, record } from '../tensor.js';
import type { Op } from '../tensor.js';
import { addScalarT, divT, mulT, scaleT } from './binary.js';
import { check, finiteResult } from './shape.js';

/**
 * @internal An element-wise op: `map(x, y, n, p)` writes y[i] = f(x[i]; p) for i < n (a loop of its own per op, so
 * that the engine inlines f), `grad(out, g, x)` is the gradient of the input given the gradient g of the output (null
 * when it is identically zero).
 */
export function unaryOp(name: string, map: (x: Float64Array, y: Float64Array, n: number, p: number) => void, grad: (out: Tensor, g: Tensor, x: Tensor) => Tensor | null): (x: Tensor, p?: number) => Tensor {
  const op: Op = { name, backward: (out, g) => [grad(out, g, (out.inputs as Tensor[])[0])] };
  return (x: Tensor, p = 0): Tensor => {
    const out = output(x.shape, x.size);
    map(x.data, out.data, x.size, p);
    out.p = p;
    return record(out, op, [x]);
  };
}

/** A constant (non-differentiable) tensor 1[|x| < t] when t > 0, 1[x > 0] when t = 0. */
function stepMask(x: Tensor, t: number): Tensor {
  const out = output(x.shape, x.size);
  const d = out.data, xd = x.data, n = x.size;
  if (t === 0) for (let i = 0; i < n; i++) d[i] = xd[i] > 0 ? 1 : 0;
  else for (let i = 0; i < n; i++) d[i] = Math.abs(xd[i]) < t ? 1 : 0;
  return out;
}

const expT = unaryOp('exp', (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]); }, (out, g) => mulT(g, out));
const logT = unaryOp('log', (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.log(x[i]); }, (_out, g, x) => divT(g, x));
const sqrtT = unaryOp('sqrt', (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]); }, (out, g) => divT(g, scaleT(out, 2)));
const powT = unaryOp(
  'pow',
  (x, y, n, c) => {
    if (c === 2) for (let i = 0; i < n; i++) y[i] = x[i] * x[i];
    else if (c === 1) for (let i = 0; i < n; i++) y[i] = x[i];
    else if (c === -1) for (let i = 0; i < n; i++) y[i] = 1 / x[i];
    else for (let i = 0; i < n; i++) y[i] = Math.pow(x[i], c);
  },
  (out, g, x) => {
    const c = out.p;
    if (c === 0) return null;
    if (c === 1) return g;
    if (c === 2) return mulT(g, scaleT(x, 2));
    return mulT(g, scaleT(powT(x, c - 1), c));
  },
);
const tanhT = unaryOp('tanh', (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]); }, (out, g) => mulT(g, addScalarT(scaleT(powT(out, 2), -1), 1)));
const sigmoidT = unaryOp('sigmoid', (x, y, n) => { for (let i = 0; i < n; i++) y[i] = logistic(x[i]); }, (out, g) => mulT(g, mulT(out, addScalarT(scaleT(out, -1), 1))));
// The derivative of max(0, x) is the step 1[x > 0], a constant almost everywhere: its own derivative is 0.
const reluT = unaryOp('relu', (x, y, n) => { for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0; }, (_out, g, x) => mulT(g, stepMask(x, 0)));
const softplusT = unaryOp('softplus', (x, y, n) => { for (let i = 0; i < n; i++) y[i] = log1pExp(x[i]); }, (_out, g, x) => mulT(g, sigmoidT(x)));
const gradReverseT = unaryOp('gradReverse', (x, y) => y.set(x), (out, g) => scaleT(g, -out.p));
const clampT = unaryOp('clamp', (x, y, n, t) => { for (let i = 0; i < n; i++) y[i] = x[i] > t ? t : x[i] < -t ? -t : x[i]; }, (out, g, x) => mulT(g, stepMask(x, out.p)));
const huberOp = unaryOp(
  'huber',
  (x, y, n, delta) => {
    for (let i = 0; i < n; i++) {
      const a = Math.abs(x[i]);
      y[i] = a <= delta ? 0.5 * x[i] * x[i] : delta * (a - 0.5 * delta);
    }
  },
  (out, g, x) => mulT(g, clampT(x, out.p)),
);

/** @internal Elementwise 1/x (no checks). */
export function reciprocalT(x: Tensor): Tensor {
  return powT(x, -1);
}

/** @internal Elementwise Huber function of residuals d with threshold δ: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond. */
export function huberT(d: Tensor, delta: number): Tensor {
  return huberOp(d, delta);
}

/**
 * Elementwise exponential eˣ. ∂/∂x = eˣ.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns exp(x)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}; `NON_FINITE` for a
 *   result outside float64 (overflow, or an input outside the domain)
 * @example
 * ```ts
 * import { tensor, exp } from 'infometa';
 * console.log(exp(tensor([0, 1])).toArray()); // [ 1, 2.718281828459045 ]
 * ```
 */
export function exp(x: Tensor): Tensor { return finiteResult('exp', expT(check('exp', 'x', x))); }

/**
 * Elementwise natural logarithm ln x (nats). ∂/∂x = 1/x. x must be positive: ln 0 (−Infinity) and ln of a negative
 * number (NaN) throw `NON_FINITE`; losses built on {@link logSoftmax} or {@link softplus} never take the log of 0.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns ln(x)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}; `NON_FINITE` for a
 *   result outside float64 (overflow, or an input outside the domain)
 * @example
 * ```ts
 * import { tensor, log } from 'infometa';
 * console.log(log(tensor([1, Math.E])).toArray()); // [ 0, 1 ]
 * ```
 */
export function log(x: Tensor): Tensor { return finiteResult('log', logT(check('log', 'x', x))); }

/**
 * Elementwise square x². ∂/∂x = 2x.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns x²
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}; `NON_FINITE` for a
 *   result outside float64 (overflow, or an input outside the domain)
 * @example
 * ```ts
 * import { tensor, square } from 'infometa';
 * console.log(square(tensor([-3, 2])).toArray()); // [ 9, 4 ]
 * ```
 */
export function square(x: Tensor): Tensor { return finiteResult('square', powT(check('square', 'x', x), 2)); }

/**
 * Elementwise square root √x. ∂/∂x = 1/(2√x) (Infinity at 0).
 *
 * Cost: O(n).
 *
 * @param x - input, ≥ 0 for a real result
 * @returns √x
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}; `NON_FINITE` for a
 *   result outside float64 (overflow, or an input outside the domain)
 * @example
 * ```ts
 * import { tensor, sqrt } from 'infometa';
 * console.log(sqrt(tensor([4, 9])).toArray()); // [ 2, 3 ]
 * ```
 */
export function sqrt(x: Tensor): Tensor { return finiteResult('sqrt', sqrtT(check('sqrt', 'x', x))); }

/**
 * Elementwise power xᶜ by a constant exponent c. ∂/∂x = c·xᶜ⁻¹.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @param c - finite exponent
 * @returns xᶜ
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}; `NON_FINITE` for a
 *   non-finite exponent, or a result outside float64 (overflow, 0 to a negative power, a negative base to a
 *   fractional power)
 * @example
 * ```ts
 * import { tensor, pow } from 'infometa';
 * console.log(pow(tensor([2, 3]), 3).toArray()); // [ 8, 27 ]
 * ```
 */
export function pow(x: Tensor, c: number): Tensor {
  check('pow', 'x', x);
  if (typeof c !== 'number' || !Number.isFinite(c)) fail('NON_FINITE', 'pow', `c must be a finite number (got ${fmt(c)})`);
  return finiteResult('pow', powT(x, c));
}

/**
 * Elementwise hyperbolic tangent. ∂/∂x = 1 − tanh²x.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns tanh(x) in (−1, 1)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}
 * @example
 * ```ts
 * import { tensor, tanh } from 'infometa';
 * console.log(tanh(tensor([0])).toArray()); // [ 0 ]
 * ```
 */
export function tanh(x: Tensor): Tensor { return finiteResult('tanh', tanhT(check('tanh', 'x', x))); }

/**
 * Elementwise logistic sigmoid σ(x) = 1/(1 + e⁻ˣ), computed without overflow. ∂/∂x = σ(x)(1 − σ(x)).
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns σ(x) in [0, 1]
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}
 * @example
 * ```ts
 * import { tensor, sigmoid } from 'infometa';
 * console.log(sigmoid(tensor([0, 1000])).toArray()); // [ 0.5, 1 ]
 * ```
 */
export function sigmoid(x: Tensor): Tensor { return finiteResult('sigmoid', sigmoidT(check('sigmoid', 'x', x))); }

/**
 * Elementwise rectifier max(0, x). ∂/∂x = 1[x > 0] (0 at x = 0, as in PyTorch); the second derivative is 0.
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns max(0, x)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}
 * @example
 * ```ts
 * import { tensor, relu } from 'infometa';
 * console.log(relu(tensor([-1, 2])).toArray()); // [ 0, 2 ]
 * ```
 */
export function relu(x: Tensor): Tensor { return finiteResult('relu', reluT(check('relu', 'x', x))); }

/**
 * Elementwise softplus ln(1 + eˣ), computed without overflow as max(x, 0) + ln(1 + e^−|x|). ∂/∂x = σ(x).
 *
 * Cost: O(n).
 *
 * @param x - input
 * @returns softplus(x) > 0 (nats)
 * @throws InfometaError `INVALID_ARGUMENT` for a non-tensor or a tensor released by {@link tidy}
 * @example
 * ```ts
 * import { tensor, softplus } from 'infometa';
 * console.log(softplus(tensor([0, 1000])).toArray()); // [ 0.6931471805599453, 1000 ]
 * ```
 */
export function softplus(x: Tensor): Tensor { return finiteResult('softplus', softplusT(check('softplus', 'x', x))); }

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
  return finiteResult('gradReverse', gradReverseT(x, lambda));
}
