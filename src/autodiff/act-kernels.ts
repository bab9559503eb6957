// The hidden-layer activations of the fused paths as data: one record per activation with its forward loop (value
// and first derivative) and its second derivative. Plain loops, no allocation, no validation, no throwing.
import { log1pExp, logistic } from '../internal/special.js';

/** @internal Kernels of an activation h = act(a). */
export interface ActKernels {
  /** Short name (matches the meta layer's activation name). */
  readonly name: string;
  /** For i < n: w[ho + i] = act(w[ao + i]) and w[qo + i] = act′(w[ao + i]). */
  forward(n: number, w: Float64Array, ao: number, ho: number, qo: number): void;
  /** act″(a) from h = act(a) and a, or null when it is zero everywhere it is defined (ReLU, identity). */
  readonly second: ((h: number, a: number) => number) | null;
}

/** @internal max(0, a). */
export const RELU_KERNELS: ActKernels = {
  name: 'relu',
  forward(n, w, ao, ho, qo) {
    for (let i = 0; i < n; i++) {
      const a = w[ao + i];
      if (a > 0) { w[ho + i] = a; w[qo + i] = 1; } else { w[ho + i] = 0; w[qo + i] = 0; }
    }
  },
  second: null,
};

/** @internal tanh a. */
export const TANH_KERNELS: ActKernels = {
  name: 'tanh',
  forward(n, w, ao, ho, qo) {
    for (let i = 0; i < n; i++) { const h = Math.tanh(w[ao + i]); w[ho + i] = h; w[qo + i] = 1 - h * h; }
  },
  second: (h) => -2 * h * (1 - h * h),
};

/** @internal The logistic sigmoid. */
export const SIGMOID_KERNELS: ActKernels = {
  name: 'sigmoid',
  forward(n, w, ao, ho, qo) {
    for (let i = 0; i < n; i++) {
      const h = logistic(w[ao + i]);
      w[ho + i] = h; w[qo + i] = h * (1 - h);
    }
  },
  second: (h) => h * (1 - h) * (1 - 2 * h),
};

/** @internal ln(1 + eᵃ). */
export const SOFTPLUS_KERNELS: ActKernels = {
  name: 'softplus',
  forward(n, w, ao, ho, qo) {
    for (let i = 0; i < n; i++) {
      const a = w[ao + i];
      w[ho + i] = log1pExp(a);
      w[qo + i] = logistic(a);
    }
  },
  second: (_h, a) => {
    const s = logistic(a);
    return s * (1 - s);
  },
};

/** @internal The identity (also the output layer's "activation"). */
export const IDENTITY_KERNELS: ActKernels = {
  name: 'identity',
  forward(n, w, ao, ho, qo) {
    for (let i = 0; i < n; i++) { w[ho + i] = w[ao + i]; w[qo + i] = 1; }
  },
  second: null,
};
