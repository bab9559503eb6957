import { InfometaError, fail, fmt } from '../internal/errors.js';

/**
 * A differentiable operation. Every op node of the graph points at one of these singletons; the op computes the
 * gradients of its inputs from the gradient of its output. When the gradient graph is being recorded (`createGraph`)
 * the method is written with differentiable ops itself, which is what makes higher-order derivatives work.
 *
 * @internal
 */
export interface Op {
  /** Short name for error messages and debugging. */
  readonly name: string;
  /**
   * Gradients of the inputs of `out` given the gradient `g` of `out` (same shape as `out`); `null` for an input
   * that needs no gradient.
   */
  backward(out: Tensor, g: Tensor): (Tensor | null)[];
}

const EMPTY = new Float64Array(0);

/** Active recycling scope (see {@link tidy}); null when tensors are left to the garbage collector. */
let scope: Tensor[] | null = null;
/** Free buffers by length, filled by {@link tidy} when a scope ends. */
const pool = new Map<number, Float64Array[]>();
/** Doubles held by the pool, and the most it holds (32 MiB). */
let pooled = 0;
const POOL_CAP = 1 << 22;
/** Whether ops record the graph (false inside a first-order backward pass and inside {@link noGrad}). */
let recording = true;
/** Mark counter used by graph traversals. */
let epoch = 1;
/** Set while the library itself constructs a tensor (its buffers are consistent by construction). */
let trusted = false;
/**
 * The public function a computation runs for (see {@link within}), or null at the top level. Inside, the public ops
 * skip their result checks (the owner checks what it returns) and errors are reported under the owner's name.
 */
let owner: string | null = null;

/** @internal A buffer of length n: recycled inside a {@link tidy} scope, fresh otherwise. Contents are arbitrary. */
export function allocBuffer(n: number): Float64Array {
  if (scope !== null) {
    const free = pool.get(n);
    if (free !== undefined && free.length > 0) {
      pooled -= n;
      return free.pop() as Float64Array;
    }
  }
  return new Float64Array(n);
}

/** @internal Whether ops currently record graph nodes. */
export function isRecording(): boolean {
  return recording;
}

/** @internal Sets the recording flag and returns the previous value. */
export function setRecording(on: boolean): boolean {
  const prev = recording;
  recording = on;
  return prev;
}

/** @internal A fresh traversal mark. */
export function nextEpoch(): number {
  epoch = (epoch + 1) | 0;
  if (epoch === 0) epoch = 1;
  return epoch;
}

function sizeOf(fn: string, shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (!Number.isInteger(d) || d < 0) fail('INVALID_ARGUMENT', fn, `shape[${i}] must be a non-negative integer (got ${fmt(d)})`);
    n *= d;
  }
  return n;
}

/**
 * A float64 tensor: a shape and a row-major `Float64Array`, plus the node of the reverse-mode graph that produced
 * it. Leaves are made with {@link tensor}; every op returns a new tensor and records how to differentiate it when
 * one of its inputs requires a gradient. Tensors are immutable by convention: ops never write their inputs.
 *
 * @example
 * ```ts
 * import { tensor, mul, sum, grad } from 'infometa';
 * const x = tensor([1, 2, 3], [3], { requiresGrad: true });
 * const [g] = grad(sum(mul(x, x)), [x]);
 * console.log(Array.from(g.data)); // [ 2, 4, 6 ]
 * ```
 */
export class Tensor {
  /** Dimensions, row-major; `[]` is a scalar. */
  readonly shape: readonly number[];
  /** Number of elements, the product of `shape`. */
  readonly size: number;
  /** The values, row-major; length {@link Tensor.size}. Do not write into a tensor that is part of a graph. */
  data: Float64Array;
  /** Whether gradients flow to this tensor (true for leaves created with `requiresGrad` and for results of ops on them). */
  requiresGrad: boolean;
  /** @internal Op that produced this tensor, null for a leaf or a constant. */
  op: Op | null = null;
  /** @internal Inputs of {@link Tensor.op}. */
  inputs: Tensor[] | null = null;
  /** @internal Scalar parameter of the op (exponent, axis, λ, …). */
  p = 0;
  /** @internal Second scalar parameter of the op. */
  q = 0;
  /** @internal Integer parameter (indices of gather/scatter, shapes). */
  ints: Int32Array | null = null;
  /** @internal Op-specific context (fused ops keep their cached activations here). */
  aux: object | null = null;
  /** @internal Traversal mark. */
  mark = 0;
  /** @internal Gradient accumulated during a backward pass. */
  g: Tensor | null = null;
  /** @internal Pending consumer count during a backward pass. */
  pending = 0;
  /** @internal Whether `data` came from {@link allocBuffer} and may be recycled. */
  owned: boolean;

  /**
   * Wraps `data` (not copied) with `shape`, after the checks of {@link tensor}. Users normally call {@link tensor},
   * which copies.
   *
   * @param data - row-major values; its length must equal the product of `shape`
   * @param shape - dimensions
   * @param requiresGrad - whether this leaf takes gradients
   * @param owned - internal: whether the buffer may be recycled by {@link tidy} (ignored when a user calls)
   * @throws InfometaError `INVALID_ARGUMENT` for data that is not a Float64Array or a bad shape; `SHAPE_MISMATCH`
   *   when the shape does not hold data's length; `NON_FINITE` for NaN or ±Infinity in data
   */
  constructor(data: Float64Array, shape: readonly number[], requiresGrad = false, owned = false) {
    if (!trusted) {
      // Called by a user: the same checks as `tensor` (which copies; this wraps), so that no op ever reads a buffer
      // that disagrees with its shape or holds NaN.
      const fn = 'Tensor';
      if (!(data instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `data must be a Float64Array (got ${fmt(data)})`);
      if (!Array.isArray(shape)) fail('INVALID_ARGUMENT', fn, `shape must be an array of non-negative integers (got ${fmt(shape)})`);
      const n = sizeOf(fn, shape);
      if (n !== data.length) fail('SHAPE_MISMATCH', fn, `shape [${shape.join(', ')}] holds ${n} values but data has ${data.length}`);
      checkFinite(fn, 'data', data);
      if (typeof requiresGrad !== 'boolean') fail('INVALID_ARGUMENT', fn, `requiresGrad must be a boolean (got ${fmt(requiresGrad)})`);
      shape = Object.freeze(Array.from(shape));
      owned = false;
    }
    this.data = data;
    this.shape = shape;
    this.size = data.length;
    this.requiresGrad = requiresGrad;
    this.owned = owned;
    if (scope !== null) scope.push(this);
  }

  /** The single value of a one-element tensor. Throws `SHAPE_MISMATCH` otherwise, `INVALID_ARGUMENT` for a tensor released by {@link tidy}. */
  item(): number {
    live('Tensor.item', 'this tensor', this);
    if (this.size !== 1) fail('SHAPE_MISMATCH', 'Tensor.item', `tensor must have exactly one element (got shape [${this.shape.join(', ')}])`);
    return this.data[0];
  }

  /** A plain copy of the values (safe to keep after a {@link tidy} scope ends). Throws `INVALID_ARGUMENT` for a tensor released by {@link tidy}. */
  toArray(): number[] {
    live('Tensor.toArray', 'this tensor', this);
    return Array.from(this.data);
  }
}

function checkFinite(fn: string, name: string, data: Float64Array): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) fail('NON_FINITE', fn, `${name}[${i}] must be finite (got ${fmt(v)})`);
  }
}

/**
 * @internal Throws when `t` was released by the {@link tidy} scope that created it (its buffer recycled), or its
 * buffer no longer matches its shape.
 */
export function live(fn: string, name: string, t: Tensor): void {
  if (t.data.length !== t.size) {
    if (t.data === EMPTY) fail('INVALID_ARGUMENT', fn, `${name} was released when the tidy() scope that created it ended (its buffer is recycled); return it from the tidy callback, or copy its values with toArray() inside`);
    fail('SHAPE_MISMATCH', fn, `${name}.data has ${t.data.length} values but its shape [${t.shape.join(', ')}] holds ${t.size}`);
  }
}

/** @internal A library-made tensor: no checks (the caller guarantees a consistent, finite buffer). */
function trustedTensor(data: Float64Array, shape: readonly number[], requiresGrad: boolean, owned: boolean): Tensor {
  trusted = true;
  const t = new Tensor(data, shape, requiresGrad, owned);
  trusted = false;
  return t;
}

/** @internal Output tensor of an op, with a recyclable buffer. */
export function output(shape: readonly number[], n: number): Tensor {
  return trustedTensor(allocBuffer(n), shape, false, true);
}

/**
 * @internal Runs `body`, a computation of the public function `fn` built from the public ops: inside, the ops skip
 * their result checks (`fn` checks what it returns, e.g. a training loop's DIVERGED), and an error raised by a
 * helper (`sum: axis …`) is reported under `fn`'s name (`mean: axis …`). Nested calls keep the outermost name.
 */
export function within<T>(fn: string, body: () => T): T {
  const prev = owner;
  if (prev !== null) return body();
  owner = fn;
  try {
    return body();
  } catch (e) {
    if (e instanceof InfometaError && !e.message.startsWith(`${fn}: `)) {
      const m = /^[\w.]+: /.exec(e.message);
      const renamed = new InfometaError(e.code, `${fn}: ${m === null ? e.message : e.message.slice(m[0].length)}`);
      renamed.stack = e.stack;
      throw renamed;
    }
    throw e;
  } finally {
    owner = prev;
  }
}

/**
 * @internal The result check of a public op: every value of `out` finite (its inputs always are), else NON_FINITE
 * naming the op, the index and the value. Skipped inside {@link within} (the owner checks its own results).
 */
export function finiteResult(fn: string, out: Tensor): Tensor {
  if (owner !== null) return out;
  const d = out.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) {
      fail('NON_FINITE', fn, `the result is ${fmt(v)} at index ${i}: an input is outside the function's domain, the result overflows float64 (|value| > 1.8e308; rescale the inputs), or an input tensor's data was overwritten with non-finite values`);
    }
  }
  return out;
}

/** @internal Records the graph node on `out` when recording and some input requires a gradient. */
export function record(out: Tensor, op: Op, inputs: Tensor[]): Tensor {
  if (!recording) return out;
  let needsGrad = false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) needsGrad = true;
  if (!needsGrad) return out;
  out.requiresGrad = true;
  out.op = op;
  out.inputs = inputs;
  return out;
}

/**
 * Creates a tensor from numbers. The values are copied (a `Float64Array` too), so later writes to `values` do not
 * affect the tensor.
 *
 * Cost: O(n).
 *
 * @param values - numbers in row-major order, or a single number for a scalar
 * @param shape - dimensions; default `[values.length]` (or `[]` for a single number)
 * @param options - `requiresGrad`: make this a leaf that {@link grad} can differentiate with respect to
 * @returns a new leaf tensor
 * @throws InfometaError `INVALID_ARGUMENT` for a bad shape or a non-numeric value; `SHAPE_MISMATCH` when the shape
 *   does not match the number of values; `NON_FINITE` for NaN or ±Infinity
 * @example
 * ```ts
 * import { tensor } from 'infometa';
 * const w = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
 * console.log(w.shape, w.size); // [ 2, 3 ] 6
 * ```
 */
export function tensor(values: number | Float64Array | readonly number[], shape?: readonly number[], options?: { requiresGrad?: boolean }): Tensor {
  const fn = 'tensor';
  let data: Float64Array;
  if (typeof values === 'number') {
    data = Float64Array.of(values);
  } else if (values instanceof Float64Array) {
    data = values.slice();
  } else if (Array.isArray(values)) {
    data = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v: unknown = values[i];
      if (typeof v !== 'number') fail('INVALID_ARGUMENT', fn, `values[${i}] must be a number (got ${fmt(v)})`);
      data[i] = v;
    }
  } else {
    fail('INVALID_ARGUMENT', fn, `values must be a number, an array of numbers or a Float64Array (got ${fmt(values)})`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) fail('NON_FINITE', fn, `values[${i}] must be finite (got ${fmt(v)})`);
  }
  if (shape !== undefined && !Array.isArray(shape)) fail('INVALID_ARGUMENT', fn, `shape must be an array (got ${fmt(shape)})`);
  const n = shape === undefined ? data.length : sizeOf(fn, shape);
  const shp = shape === undefined ? (typeof values === 'number' ? [] : [data.length]) : Array.from(shape);
  if (n !== data.length) fail('SHAPE_MISMATCH', fn, `shape [${shp.join(', ')}] holds ${n} values but ${data.length} were given`);
  return trustedTensor(data, shp, options?.requiresGrad === true, false);
}

/** @internal A tensor that wraps (does not copy) `data`, without validation. */
export function wrap(data: Float64Array, shape: readonly number[], requiresGrad = false): Tensor {
  return trustedTensor(data, shape, requiresGrad, false);
}

/**
 * Runs `fn` with graph recording switched off: ops return constants with no history, like `torch.no_grad()`.
 *
 * @param fn - the computation
 * @returns whatever `fn` returns
 * @throws InfometaError `INVALID_ARGUMENT` when `fn` is not a function; whatever `fn` throws
 * @example
 * ```ts
 * import { tensor, noGrad, mul } from 'infometa';
 * const x = tensor([2], [1], { requiresGrad: true });
 * console.log(noGrad(() => mul(x, x)).requiresGrad); // false
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== 'function') fail('INVALID_ARGUMENT', 'noGrad', `fn must be a function (got ${fmt(fn)})`);
  const prev = setRecording(false);
  try {
    return fn();
  } finally {
    setRecording(prev);
  }
}

function collectKept(x: unknown, kept: Set<Tensor>): void {
  if (x instanceof Tensor) kept.add(x);
  else if (Array.isArray(x)) for (const y of x) collectKept(y, kept);
}

/**
 * Runs `fn` and recycles the buffers of every tensor created inside it when it returns, except the tensors it
 * returns (a tensor or an array of tensors), which are kept as leaves: their values survive but their graph history
 * is cut. A training loop that wraps each step in `tidy` allocates nothing in the steady state, so its heap stays
 * flat. Tensors created inside must not be used after `tidy` returns unless they are returned (their `data` is
 * emptied). Scopes nest.
 *
 * Cost: O(number of tensors created).
 *
 * @param fn - the computation
 * @returns whatever `fn` returns
 * @throws InfometaError `INVALID_ARGUMENT` when `fn` is not a function; whatever `fn` throws. Any op given a
 *   tensor released by a tidy scope throws `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { tensor, tidy, mul, sum } from 'infometa';
 * const x = tensor([1, 2, 3]);
 * const s = tidy(() => sum(mul(x, x)).item());
 * console.log(s); // 14
 * ```
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') fail('INVALID_ARGUMENT', 'tidy', `fn must be a function (got ${fmt(fn)})`);
  const outer = scope;
  const mine: Tensor[] = [];
  scope = mine;
  let result: T;
  try {
    result = fn();
  } finally {
    scope = outer;
  }
  const kept = new Set<Tensor>();
  collectKept(result, kept);
  for (let i = 0; i < mine.length; i++) {
    const t = mine[i];
    if (kept.has(t)) {
      t.op = null;
      t.inputs = null;
      t.g = null;
      if (outer !== null) outer.push(t);
      continue;
    }
    if (t.owned && t.data.length > 0) {
      // The pool is bounded: buffers of many distinct lengths (batch sizes that keep changing) would otherwise be
      // held forever. When full, it starts over.
      if (pooled + t.data.length > POOL_CAP) {
        pool.clear();
        pooled = 0;
      }
      pooled += t.data.length;
      let free = pool.get(t.data.length);
      if (free === undefined) {
        free = [];
        pool.set(t.data.length, free);
      }
      free.push(t.data);
    }
    t.data = EMPTY;
    t.op = null;
    t.inputs = null;
    t.g = null;
    t.ints = null;
    t.aux = null;
  }
  return result;
}
