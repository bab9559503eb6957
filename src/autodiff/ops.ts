// The differentiable ops, one file per family under ops/ (each op beside its backward); this barrel keeps the
// `autodiff/ops` import path. Every op is a forward loop over Float64Array plus an Op whose backward is written with
// the same differentiable ops, so the backward pass can itself be differentiated (createGraph).
export { add, sub, mul, div, neg, sumTo, broadcastTo } from './ops/binary.js';
export { exp, log, square, sqrt, pow, tanh, sigmoid, relu, softplus, gradReverse, huberT } from './ops/unary.js';
export { matmul, transpose, reshape } from './ops/matmul.js';
export { sum, mean, logsumexp } from './ops/reductions.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { gather, oneHot } from './ops/indexing.js';
