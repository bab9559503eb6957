// Activations as data: one record per activation, with its differentiable op (the tape) and its fused kernels (the
// fast path). Models look activations up here instead of switching on their names.
import { IDENTITY_KERNELS, RELU_KERNELS, SIGMOID_KERNELS, SOFTPLUS_KERNELS, TANH_KERNELS } from '../autodiff/act-kernels.js';
import type { ActKernels } from '../autodiff/act-kernels.js';
import { relu, sigmoid, softplus, tanh } from '../autodiff/ops.js';
import type { Tensor } from '../autodiff/tensor.js';

/** A hidden-layer nonlinearity: `'relu'`, `'tanh'`, `'sigmoid'`, `'softplus'` or `'identity'` (none). */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'softplus' | 'identity';

/** @internal One activation: the op applied on the tape and the kernels of the fused path. */
export interface ActivationRecord {
  /** The differentiable op (the identity returns its input). */
  readonly op: (h: Tensor) => Tensor;
  /** Forward and second-derivative kernels of the fused MLP. */
  readonly kernels: ActKernels;
}

/** @internal The activation records by name. */
export const ACTIVATION_RECORDS: Record<Activation, ActivationRecord> = {
  relu: { op: relu, kernels: RELU_KERNELS },
  tanh: { op: tanh, kernels: TANH_KERNELS },
  sigmoid: { op: sigmoid, kernels: SIGMOID_KERNELS },
  softplus: { op: softplus, kernels: SOFTPLUS_KERNELS },
  identity: { op: (h) => h, kernels: IDENTITY_KERNELS },
};

/** @internal Every activation name. */
export const ACTIVATIONS = Object.keys(ACTIVATION_RECORDS) as readonly Activation[];
