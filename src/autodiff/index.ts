// Public surface of the autodiff layer: Float64 tensors, reverse-mode gradients of any order, and the ops. Named
// re-exports only (re-exported in turn by `infometa/meta`).
export { Tensor, tensor, tidy, noGrad } from './tensor.js';
export { grad } from './grad.js';
export type { GradOptions } from './grad.js';
export {
  add, sub, mul, div, neg, exp, log, square, sqrt, pow, tanh, sigmoid, relu, softplus, matmul, transpose, reshape,
  sum, mean, logsumexp, softmax, logSoftmax, gather, oneHot, gradReverse,
} from './ops.js';
