import { InfometaError, fail, fmt, fmtAt } from '../internal/errors.js';
import { checkBoolean, checkNumber, checkOptions, optionNames } from '../internal/validate.js';
import { jsonObject } from './models.js';

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Learning rate η > 0 (default 0.01). */
  lr?: number;
  /** Momentum μ in [0, 1) (default 0). */
  momentum?: number;
  /** Nesterov momentum (default false; needs momentum > 0). */
  nesterov?: boolean;
  /** L2 weight decay λ ≥ 0 added to the gradient as λ·θ (default 0). */
  weightDecay?: number;
}

/** Options of {@link adam}. */
export interface AdamOptions {
  /** Learning rate η > 0 (default 0.001). */
  lr?: number;
  /** First-moment decay β₁ in [0, 1) (default 0.9). */
  beta1?: number;
  /** Second-moment decay β₂ in [0, 1) (default 0.999). */
  beta2?: number;
  /** Denominator offset ε > 0 (default 1e-8). */
  eps?: number;
  /** L2 weight decay λ ≥ 0 added to the gradient (default 0, as `torch.optim.Adam`). */
  weightDecay?: number;
}

/** The plain-JSON form of an optimizer, including its state. */
export interface OptimizerJSON {
  /** `'infometa.sgd'` or `'infometa.adam'`. */
  kind: 'infometa.sgd' | 'infometa.adam';
  /** Format version, currently 1. */
  version: 1;
  /** Hyper-parameters. */
  options: Record<string, number | boolean>;
  /** Number of steps taken. */
  t: number;
  /** State vectors (momentum buffer; Adam's first and second moments), empty before the first step. */
  state: number[][];
}

/**
 * A first-order optimizer that updates a flat parameter vector in place. It keeps per-parameter state, so use one
 * instance per parameter vector.
 */
export interface Optimizer {
  /** Optimizer family. */
  readonly kind: 'sgd' | 'adam';
  /** Number of steps taken so far. */
  readonly t: number;
  /**
   * One update of `params` in place from `grads` (same length). Throws `SHAPE_MISMATCH` when the length differs
   * from the first call's, `NON_FINITE` for a non-finite gradient or parameter, or an update that would overflow
   * (Adam's second moment of a gradient beyond ~1e154, a learning rate so large the parameters leave float64); the
   * parameters and the optimizer's state are then left unchanged.
   */
  step(params: Float64Array, grads: Float64Array): void;
  /** Hyper-parameters and state as plain JSON (resume with {@link optimizerFromJSON}). */
  toJSON(): OptimizerJSON;
}

function checkStep(fn: string, params: unknown, grads: unknown, n: number): void {
  if (!(params instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `params must be a Float64Array (got ${fmt(params)})`);
  if (!(grads instanceof Float64Array)) fail('INVALID_ARGUMENT', fn, `grads must be a Float64Array (got ${fmt(grads)})`);
  if (params.length !== grads.length) fail('SHAPE_MISMATCH', fn, `params and grads lengths differ (${params.length} and ${grads.length})`);
  if (n >= 0 && params.length !== n) fail('SHAPE_MISMATCH', fn, `this optimizer holds state for ${n} parameters (got ${params.length})`);
  for (let i = 0; i < grads.length; i++) {
    const v = grads[i];
    if (v - v !== 0) fail('NON_FINITE', fn, `grads[${i}] must be finite (got ${fmt(v)})`);
  }
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    if (v - v !== 0) fail('NON_FINITE', fn, `params[${i}] must be finite (got ${fmt(v)})`);
  }
}

/** NON_FINITE for an update that would leave params[i] (or the optimizer's state) outside float64; nothing is written. */
function overflow(fn: string, i: number, what: string): never {
  fail('NON_FINITE', fn, `${what} at index ${i} would not be finite in float64; nothing was updated (lower lr, or scale the loss or clip the gradients)`);
}

class Sgd implements Optimizer {
  readonly kind = 'sgd' as const;
  t = 0;
  buf: Float64Array | null = null;
  constructor(
    readonly lr: number,
    readonly momentum: number,
    readonly nesterov: boolean,
    readonly weightDecay: number,
  ) {}
  step(params: Float64Array, grads: Float64Array): void {
    const fn = 'sgd.step';
    checkStep(fn, params, grads, this.buf === null ? -1 : this.buf.length);
    const n = params.length, lr = this.lr, mu = this.momentum, wd = this.weightDecay;
    // A first pass with the same arithmetic checks that the update stays finite, so that a failed step writes nothing.
    const first = this.t === 0;
    for (let i = 0; i < n; i++) {
      const g = grads[i] + wd * params[i];
      const b = mu === 0 ? g : first || this.buf === null ? g : mu * this.buf[i] + g;
      const p = params[i] - lr * (mu === 0 ? g : this.nesterov ? g + mu * b : b);
      if (b - b !== 0) overflow(fn, i, 'the momentum buffer');
      if (p - p !== 0) overflow(fn, i, 'the updated parameter');
    }
    if (mu === 0) {
      for (let i = 0; i < n; i++) params[i] -= lr * (grads[i] + wd * params[i]);
    } else {
      // torch.optim.SGD: b ← μb + g (b = g at the first step); Nesterov uses g + μb.
      if (this.buf === null) this.buf = new Float64Array(n);
      const b = this.buf;
      for (let i = 0; i < n; i++) {
        const g = grads[i] + wd * params[i];
        b[i] = first ? g : mu * b[i] + g;
        params[i] -= lr * (this.nesterov ? g + mu * b[i] : b[i]);
      }
    }
    this.t++;
  }
  toJSON(): OptimizerJSON {
    return {
      kind: 'infometa.sgd',
      version: 1,
      options: { lr: this.lr, momentum: this.momentum, nesterov: this.nesterov, weightDecay: this.weightDecay },
      t: this.t,
      state: this.buf === null ? [] : [Array.from(this.buf)],
    };
  }
}

class Adam implements Optimizer {
  readonly kind = 'adam' as const;
  t = 0;
  m: Float64Array | null = null;
  v: Float64Array | null = null;
  constructor(
    readonly lr: number,
    readonly beta1: number,
    readonly beta2: number,
    readonly eps: number,
    readonly weightDecay: number,
  ) {}
  step(params: Float64Array, grads: Float64Array): void {
    const fn = 'adam.step';
    checkStep(fn, params, grads, this.m === null ? -1 : this.m.length);
    const n = params.length;
    const b1 = this.beta1, b2 = this.beta2, wd = this.weightDecay;
    const t = this.t + 1;
    const bc1 = 1 - Math.pow(b1, t);
    const bc2 = 1 - Math.pow(b2, t);
    const stepSize = this.lr / bc1;
    const sbc2 = Math.sqrt(bc2);
    // A first pass with the same arithmetic: a gradient whose square overflows the second moment (|g| ≳ 1e154) used
    // to make v Infinity and the step silently 0; now the step is refused and nothing is written.
    const m0 = this.m, v0 = this.v;
    for (let i = 0; i < n; i++) {
      const g = grads[i] + wd * params[i];
      const mi = b1 * (m0 === null ? 0 : m0[i]) + (1 - b1) * g;
      const vi = b2 * (v0 === null ? 0 : v0[i]) + (1 - b2) * g * g;
      if (g - g !== 0 || mi - mi !== 0) overflow(fn, i, 'the gradient with weight decay or its first moment');
      if (vi - vi !== 0) overflow(fn, i, `the second moment (${fmt(grads[i])} squared)`);
      const p = params[i] - (stepSize * mi) / (Math.sqrt(vi) / sbc2 + this.eps);
      if (p - p !== 0) overflow(fn, i, 'the updated parameter');
    }
    if (this.m === null || this.v === null) {
      this.m = new Float64Array(n);
      this.v = new Float64Array(n);
    }
    const m = this.m, v = this.v;
    this.t = t;
    for (let i = 0; i < n; i++) {
      const g = grads[i] + wd * params[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      // torch.optim.Adam: θ ← θ − (η/bc1) · m / (√v/√bc2 + ε).
      params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sbc2 + this.eps);
    }
  }
  toJSON(): OptimizerJSON {
    return {
      kind: 'infometa.adam',
      version: 1,
      options: { lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay },
      t: this.t,
      state: this.m === null || this.v === null ? [] : [Array.from(this.m), Array.from(this.v)],
    };
  }
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum and weight decay, as `torch.optim.SGD`:
 * g ← ∇ + λθ; b ← μb + g; θ ← θ − η·b (Nesterov: θ ← θ − η(g + μb)).
 *
 * Cost: O(n) per step; state O(n) with momentum.
 *
 * @param options - `lr` (0.01), `momentum` (0), `nesterov` (false), `weightDecay` (0)
 * @returns an {@link Optimizer}
 * @throws InfometaError `INVALID_OPTION` for an unknown option name, lr ≤ 0, momentum outside [0, 1), negative
 *   weight decay, or Nesterov without momentum
 * @example
 * ```ts
 * import { sgd } from 'infometa';
 * const p = new Float64Array([1, 2]);
 * sgd({ lr: 0.5 }).step(p, new Float64Array([1, -1]));
 * console.log(Array.from(p)); // [ 0.5, 2.5 ]
 * ```
 */
export function sgd(options?: SgdOptions): Optimizer {
  const fn = 'sgd';
  checkOptions(fn, options, SGD_OPTIONS);
  const lr = checkNumber(fn, 'lr', options?.lr, 0.01, Number.MIN_VALUE);
  const momentum = checkNumber(fn, 'momentum', options?.momentum, 0, 0, 1);
  if (momentum >= 1) fail('INVALID_OPTION', fn, `momentum must be < 1 (got ${momentum})`);
  const nesterov = checkBoolean(fn, 'nesterov', options?.nesterov, false);
  if (nesterov && momentum === 0) fail('INVALID_OPTION', fn, 'nesterov needs momentum > 0');
  const wd = checkNumber(fn, 'weightDecay', options?.weightDecay, 0, 0);
  return new Sgd(lr, momentum, nesterov, wd);
}

/**
 * Adam with bias correction (Kingma & Ba 2015), as `torch.optim.Adam`: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * θ ← θ − η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 *
 * Cost: O(n) per step; state 2n.
 *
 * @param options - `lr` (0.001), `beta1` (0.9), `beta2` (0.999), `eps` (1e-8), `weightDecay` (0)
 * @returns an {@link Optimizer}
 * @throws InfometaError `INVALID_OPTION` for an unknown option name, lr ≤ 0, betas outside [0, 1), ε ≤ 0 or negative
 *   weight decay
 * @example
 * ```ts
 * import { adam } from 'infometa';
 * const p = new Float64Array([1]);
 * adam({ lr: 0.1 }).step(p, new Float64Array([3]));
 * console.log(p[0].toFixed(6)); // 0.900000
 * ```
 */
export function adam(options?: AdamOptions): Optimizer {
  const fn = 'adam';
  checkOptions(fn, options, ADAM_OPTIONS);
  const lr = checkNumber(fn, 'lr', options?.lr, 0.001, Number.MIN_VALUE);
  const b1 = checkNumber(fn, 'beta1', options?.beta1, 0.9, 0, 1);
  const b2 = checkNumber(fn, 'beta2', options?.beta2, 0.999, 0, 1);
  if (b1 >= 1 || b2 >= 1) fail('INVALID_OPTION', fn, `beta1 and beta2 must be < 1 (got ${b1} and ${b2})`);
  const eps = checkNumber(fn, 'eps', options?.eps, 1e-8, Number.MIN_VALUE);
  const wd = checkNumber(fn, 'weightDecay', options?.weightDecay, 0, 0);
  return new Adam(lr, b1, b2, eps, wd);
}

const SGD_OPTIONS = optionNames<SgdOptions>()('lr', 'momentum', 'nesterov', 'weightDecay');
const ADAM_OPTIONS = optionNames<AdamOptions>()('lr', 'beta1', 'beta2', 'eps', 'weightDecay');

function jsonStateVectors(fn: string, s: unknown, count: number): Float64Array[] {
  if (!Array.isArray(s) || (s.length !== 0 && s.length !== count)) fail('INVALID_JSON', fn, `state must be an array of ${count} vectors or empty (got ${fmt(s)})`);
  const out: Float64Array[] = [];
  for (let i = 0; i < s.length; i++) {
    const v: unknown = s[i];
    if (!Array.isArray(v)) fail('INVALID_JSON', fn, `state[${i}] must be an array of finite numbers (got ${fmt(v)})`);
    const a = new Float64Array(v.length);
    for (let j = 0; j < v.length; j++) {
      const x: unknown = v[j];
      if (typeof x !== 'number' || !Number.isFinite(x)) fail('INVALID_JSON', fn, `state[${i}][${j}] must be a finite number (got ${fmtAt(v, j)})`);
      a[j] = x;
    }
    out.push(a);
  }
  return out;
}

/**
 * @internal A restore point of an optimizer made by {@link sgd} or {@link adam}: calling the returned function puts
 * its step count and state back (a training function that fails restores the caller's optimizers, so they never run
 * ahead of parameters that were not returned). A no-op for other objects implementing {@link Optimizer}.
 */
export function checkpoint(opt: Optimizer): () => void {
  if (opt instanceof Adam) {
    const t = opt.t, m = opt.m?.slice() ?? null, v = opt.v?.slice() ?? null;
    return () => {
      opt.t = t;
      opt.m = m;
      opt.v = v;
    };
  }
  if (opt instanceof Sgd) {
    const t = opt.t, b = opt.buf?.slice() ?? null;
    return () => {
      opt.t = t;
      opt.buf = b;
    };
  }
  return () => undefined;
}

/** @internal Whether `opt` was made by {@link sgd} or {@link adam} (or restored from their JSON): its steps can be repeated elsewhere from its JSON. */
export function isBuiltinOptimizer(opt: unknown): opt is Optimizer {
  return opt instanceof Adam || opt instanceof Sgd;
}

/** @internal The number of state vectors a built-in optimizer keeps: Adam's two moments, SGD's momentum buffer (none without momentum). */
export function stateCount(opt: Optimizer): number {
  return opt instanceof Adam ? 2 : opt instanceof Sgd && opt.momentum !== 0 ? 1 : 0;
}

/** @internal A built-in optimizer's state vectors (Adam: m, v; SGD: the momentum buffer), empty before its first step. */
export function stateVectors(opt: Optimizer): Float64Array[] {
  if (opt instanceof Adam) return opt.m === null || opt.v === null ? [] : [opt.m, opt.v];
  if (opt instanceof Sgd) return opt.buf === null ? [] : [opt.buf];
  return [];
}

/**
 * @internal Sets a built-in optimizer's step count and points it at state vectors (used in place, not copied; empty:
 * no state yet). Zero vectors before the first step give the same updates as none.
 */
export function setOptimizerState(opt: Optimizer, t: number, vectors: Float64Array[]): void {
  if (opt instanceof Adam) {
    opt.t = t;
    opt.m = vectors.length === 2 ? vectors[0] : null;
    opt.v = vectors.length === 2 ? vectors[1] : null;
  } else if (opt instanceof Sgd) {
    opt.t = t;
    opt.buf = vectors.length === 1 ? vectors[0] : null;
  }
}

/** @internal The value as an Optimizer (anything with a `step` function), or INVALID_OPTION naming it. */
export function checkOptimizer(fn: string, name: string, opt: unknown): Optimizer {
  if (opt === null || typeof opt !== 'object' || typeof (opt as Partial<Optimizer>).step !== 'function') fail('INVALID_OPTION', fn, `${name} must be an Optimizer from sgd() or adam() (got ${fmt(opt)})`);
  return opt as Optimizer;
}

/**
 * Restores an optimizer, with its state, from {@link Optimizer.toJSON} output.
 *
 * @param json - parsed JSON
 * @returns the optimizer, ready to continue where it stopped
 * @throws InfometaError `INVALID_JSON` for a wrong `kind` or `version` or malformed fields (naming the field: options
 *   the factory refuses, a negative second moment, state vectors of different lengths)
 * @example
 * ```ts
 * import { adam, optimizerFromJSON } from 'infometa';
 * const opt = optimizerFromJSON(JSON.parse(JSON.stringify(adam({ lr: 0.01 }))));
 * console.log(opt.kind, opt.t); // adam 0
 * ```
 */
export function optimizerFromJSON(json: unknown): Optimizer {
  const fn = 'optimizerFromJSON';
  const kind = json !== null && typeof json === 'object' ? (json as Record<string, unknown>).kind : undefined;
  const o = jsonObject(fn, json, kind === 'infometa.sgd' ? 'infometa.sgd' : 'infometa.adam', 1);
  const opts = o.options as Record<string, unknown>;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) fail('INVALID_JSON', fn, `options must be an object (got ${fmt(opts)})`);
  const t = o.t;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) fail('INVALID_JSON', fn, `t must be a non-negative integer (got ${fmt(t)})`);
  try {
    if (kind === 'infometa.sgd') {
      const opt = sgd(opts as SgdOptions) as Sgd;
      const st = jsonStateVectors(fn, o.state, 1);
      opt.t = t;
      opt.buf = st.length ? st[0] : null;
      return opt;
    }
    const opt = adam(opts as AdamOptions) as Adam;
    const st = jsonStateVectors(fn, o.state, 2);
    opt.t = t;
    if (st.length) {
      if (st[0].length !== st[1].length) fail('INVALID_JSON', fn, `state vectors must have equal lengths (got ${st[0].length} and ${st[1].length})`);
      const v = st[1];
      for (let i = 0; i < v.length; i++) if (v[i] < 0) fail('INVALID_JSON', fn, `state[1][${i}], a second moment, must be ≥ 0 (got ${fmt(v[i])})`);
      opt.m = st[0];
      opt.v = st[1];
    }
    return opt;
  } catch (e) {
    // The factory's own checks (`adam: beta1 must be …`) are reported as a malformed file.
    if (e instanceof InfometaError && !e.message.startsWith(`${fn}: `)) fail('INVALID_JSON', fn, `options: ${e.message}`);
    throw e;
  }
}
