import { describe, expect, it } from 'vitest';
import {
  add, binaryCrossEntropy, div, exp, gather, huberLoss, log, logSoftmax, logsumexp, matmul, mean,
  mseLoss, mul, neg, pow, relu, reshape, sigmoid, softmax, softmaxCrossEntropy, softplus, sqrt, square, sub, sum, tanh,
  tensor, transpose,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { checkOp, rand, randAway } from './fd.js';

const M = (data: number[], shape: number[]): { data: number[]; shape: number[] } => ({ data, shape });

// Every op: central finite differences of the first derivative and of the Hessian-vector product, rel. error ≤ 1e-6.
describe('finite-difference checks (first and second derivatives)', () => {
  const cases: [string, (xs: Tensor[]) => Tensor, { data: number[]; shape: number[] }[]][] = [
    ['add same shape', ([a, b]) => mul(add(a, b), add(a, b)), [M(rand(6, 1), [2, 3]), M(rand(6, 2), [2, 3])]],
    ['add bias row [n]', ([a, b]) => tanh(add(a, b)), [M(rand(6, 3), [2, 3]), M(rand(3, 4), [3])]],
    ['add bias row [1, n]', ([a, b]) => tanh(add(a, b)), [M(rand(6, 3), [2, 3]), M(rand(3, 4), [1, 3])]],
    ['add column [m, 1]', ([a, b]) => tanh(add(b, a)), [M(rand(6, 5), [2, 3]), M(rand(2, 6), [2, 1])]],
    ['add scalar tensor', ([a, b]) => tanh(add(a, b)), [M(rand(6, 5), [2, 3]), M(rand(1, 6), [])]],
    ['add number', ([a]) => square(add(a, 0.3)), [M(rand(4, 7), [4])]],
    ['sub with broadcasting', ([a, b]) => tanh(sub(a, b)), [M(rand(6, 8), [2, 3]), M(rand(3, 9), [3])]],
    ['sub from number', ([a]) => square(sub(2, a)), [M(rand(4, 10), [4])]],
    ['mul', ([a, b]) => mul(mul(a, b), a), [M(rand(6, 11), [2, 3]), M(rand(6, 12), [2, 3])]],
    ['mul column broadcast', ([a, b]) => mul(a, b), [M(rand(6, 13), [3, 2]), M(rand(3, 14), [3, 1])]],
    ['div', ([a, b]) => div(a, b), [M(rand(6, 15), [2, 3]), M(rand(6, 16, 0.5, 2), [2, 3])]],
    ['div row broadcast', ([a, b]) => div(a, b), [M(rand(6, 15), [2, 3]), M(rand(3, 16, 0.5, 2), [3])]],
    ['number / x', ([a]) => div(3, a), [M(rand(4, 17, 0.5, 2), [4])]],
    ['neg', ([a]) => mul(neg(a), a), [M(rand(5, 18), [5])]],
    ['matmul', ([a, b]) => tanh(matmul(a, b)), [M(rand(6, 19), [2, 3]), M(rand(12, 20), [3, 4])]],
    ['matmul aᵀ', ([a, b]) => tanh(matmul(a, b, true)), [M(rand(6, 21), [3, 2]), M(rand(12, 22), [3, 4])]],
    ['matmul bᵀ', ([a, b]) => tanh(matmul(a, b, false, true)), [M(rand(6, 23), [2, 3]), M(rand(12, 24), [4, 3])]],
    ['matmul aᵀbᵀ', ([a, b]) => tanh(matmul(a, b, true, true)), [M(rand(6, 25), [3, 2]), M(rand(12, 26), [4, 3])]],
    ['matmul self', ([a]) => matmul(a, a), [M(rand(9, 27), [3, 3])]],
    ['transpose', ([a]) => tanh(matmul(transpose(a), a)), [M(rand(6, 28), [2, 3])]],
    ['reshape', ([a]) => tanh(matmul(reshape(a, [3, 2]), a)), [M(rand(6, 29), [2, 3])]],
    ['sum all', ([a]) => square(sum(tanh(a))), [M(rand(6, 30), [2, 3])]],
    ['sum axis 0', ([a]) => square(sum(a, 0)), [M(rand(6, 31), [2, 3])]],
    ['sum axis 1', ([a]) => square(sum(a, 1)), [M(rand(6, 32), [2, 3])]],
    ['sum axis -1 of 1-D', ([a]) => square(sum(a, -1)), [M(rand(4, 33), [4])]],
    ['mean all', ([a]) => square(mean(tanh(a))), [M(rand(6, 34), [2, 3])]],
    ['mean axis 0', ([a]) => square(mean(a, 0)), [M(rand(6, 35), [2, 3])]],
    ['exp', ([a]) => exp(a), [M(rand(5, 36), [5])]],
    ['log', ([a]) => log(a), [M(rand(5, 37, 0.3, 3), [5])]],
    ['square', ([a]) => mul(square(a), a), [M(rand(5, 38), [5])]],
    ['sqrt', ([a]) => sqrt(a), [M(rand(5, 39, 0.3, 3), [5])]],
    ['pow 3', ([a]) => pow(a, 3), [M(rand(5, 40), [5])]],
    ['pow −1.5', ([a]) => pow(a, -1.5), [M(rand(5, 41, 0.5, 2), [5])]],
    ['pow 0.5', ([a]) => pow(a, 0.5), [M(rand(5, 42, 0.5, 2), [5])]],
    ['pow 1', ([a]) => mul(pow(a, 1), a), [M(rand(5, 43), [5])]],
    ['tanh', ([a]) => tanh(a), [M(rand(5, 44, -2, 2), [5])]],
    ['sigmoid', ([a]) => sigmoid(a), [M(rand(5, 45, -4, 4), [5])]],
    ['relu (away from 0)', ([a]) => mul(relu(a), a), [M(randAway(8, 46), [8])]],
    ['softplus', ([a]) => softplus(a), [M(rand(5, 47, -4, 4), [5])]],
    ['logsumexp all', ([a]) => logsumexp(a), [M(rand(6, 48, -3, 3), [2, 3])]],
    ['logsumexp axis 0', ([a]) => logsumexp(a, 0), [M(rand(6, 49, -3, 3), [2, 3])]],
    ['logsumexp axis 1', ([a]) => logsumexp(a, 1), [M(rand(6, 50, -3, 3), [2, 3])]],
    ['softmax rows', ([a]) => softmax(a), [M(rand(6, 51, -3, 3), [2, 3])]],
    ['softmax axis 0', ([a]) => softmax(a, 0), [M(rand(6, 52, -3, 3), [2, 3])]],
    ['softmax 1-D', ([a]) => softmax(a), [M(rand(4, 53, -3, 3), [4])]],
    ['logSoftmax rows', ([a]) => logSoftmax(a), [M(rand(6, 54, -3, 3), [2, 3])]],
    ['logSoftmax axis 0', ([a]) => logSoftmax(a, 0), [M(rand(6, 55, -3, 3), [2, 3])]],
    ['gather', ([a]) => mul(gather(a, [2, 0]), gather(a, [1, 1])), [M(rand(6, 56), [2, 3])]],
    ['mseLoss', ([a, b]) => mseLoss(tanh(a), b), [M(rand(6, 58), [2, 3]), M(rand(6, 59), [2, 3])]],
    ['huberLoss (away from ±δ)', ([a, b]) => huberLoss(a, b, { delta: 0.5, reduction: 'sum' }), [M(randAway(6, 60, 0.1).map((v) => v * 0.4), [6]), M(new Array(6).fill(0), [6])]],
    ['huberLoss linear part', ([a]) => mul(huberLoss(a, tensor([0, 0, 0, 0]), { reduction: 'none' }), a), [M([-2, -1.5, 1.7, 3], [4])]],
    ['softmaxCrossEntropy labels', ([a]) => softmaxCrossEntropy(a, [2, 0]), [M(rand(6, 61, -3, 3), [2, 3])]],
    ['softmaxCrossEntropy probabilities', ([a, b]) => softmaxCrossEntropy(a, softmax(b), { reduction: 'sum' }), [M(rand(6, 62, -3, 3), [2, 3]), M(rand(6, 63), [2, 3])]],
    ['binaryCrossEntropy', ([a, b]) => binaryCrossEntropy(a, sigmoid(b), { reduction: 'none' }), [M(rand(6, 64, -3, 3), [6]), M(rand(6, 65), [6])]],
  ];
  for (const [name, f, inputs] of cases) {
    it(name, () => {
      const { first, second } = checkOp(f, inputs);
      expect(first).toBeLessThanOrEqual(1e-6);
      expect(second).toBeLessThanOrEqual(1e-6);
    });
  }
});
