import { describe, expect, it } from 'vitest';
import { add, binaryCrossEntropy, grad, huberLoss, matmul, mean, mul, softmaxCrossEntropy, sub, sum, tanh, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { ACT_IDENTITY, ACT_RELU, ACT_SIGMOID, ACT_SOFTPLUS, ACT_TANH, LOSS_BCE, LOSS_CE, LOSS_HUBER, mlpLossGrad, mlpLoss, mlpSpec } from '../../src/autodiff/fused.js';
import { checkOp, rand } from './fd.js';

/** tanh(tanh(x W1 + b1) W2 + b2) W3 + b3 built from composite ops, with the weights read from the flat θ. */
function composite(th: Tensor, sizes: readonly number[], x: Tensor): Tensor {
  const d = th.data;
  let off = 0;
  const blk = (r: number, c: number): Tensor => {
    const n = c === 0 ? r : r * c;
    const t = tensor(d.slice(off, off + n), c === 0 ? [r] : [r, c]);
    off += n;
    return t;
  };
  const [n0, n1, n2, n3] = sizes;
  const W1 = blk(n0, n1), b1 = blk(n1, 0), W2 = blk(n1, n2), b2 = blk(n2, 0), W3 = blk(n2, n3), b3 = blk(n3, 0);
  return add(matmul(tanh(add(matmul(tanh(add(matmul(x, W1), b1)), W2), b2)), W3), b3);
}

// The fused MLP/MSE loss is a real op: its gradient (mlpLossGrad) and its gradient's gradient (the Hessian-vector
// product) are checked against central finite differences like every composite op.
describe('fused MLP + MSE op', () => {
  const sizes = [2, 5, 4, 2];
  const P = mlpSpec(sizes, 0).numParams;
  const x = tensor(rand(6, 101, -2, 2), [3, 2]);
  const y = tensor(rand(6, 102, -1, 1), [3, 2]);
  for (const [name, act] of [['relu', ACT_RELU], ['tanh', ACT_TANH], ['sigmoid', ACT_SIGMOID], ['softplus', ACT_SOFTPLUS], ['identity', ACT_IDENTITY]] as const) {
    const spec = mlpSpec(sizes, act);
    it(`${name}: loss, gradient and Hessian-vector product match finite differences`, () => {
      checkOp(([th]) => mlpLoss(spec, th, x, y), [{ data: rand(P, 103, -0.8, 0.8), shape: [P] }]);
    });
    it(`${name}: the gradient op differentiates once more (MAML step)`, () => {
      // f(θ) = L_q(θ − 0.1·∇L_s(θ)), differentiated through the fused gradient op.
      const xq = tensor(rand(4, 104, -2, 2), [2, 2]);
      const yq = tensor(rand(4, 105, -1, 1), [2, 2]);
      checkOp(([th]) => mlpLoss(spec, sub(th, mul(mlpLossGrad(spec, th, x, y), 0.1)), xq, yq), [{ data: rand(P, 106, -0.8, 0.8), shape: [P] }], { second: false });
    });
  }
  it('third derivatives through the fused op are refused, not wrong', () => {
    const spec = mlpSpec(sizes, ACT_TANH);
    const th = tensor(rand(P, 107), [P], { requiresGrad: true });
    const g = mlpLossGrad(spec, th, x, y);
    const [hv] = grad(sum(mul(g, g)), [th]);
    expect(hv.size).toBe(P);
    expect(() => grad(sum(mul(g, g)), [th], { createGraph: true })).toThrow(/third-order/);
  });
  it('agrees with the same network built from composite ops', () => {
    const spec = mlpSpec(sizes, ACT_TANH);
    const th = tensor(rand(P, 108), [P], { requiresGrad: true });
    const fused = mlpLoss(spec, th, x, y).item();
    const out = composite(th, sizes, x);
    const mse = mean(mul(sub(out, y), sub(out, y))).item();
    expect(Math.abs(fused - mse)).toBeLessThan(1e-14);
  });
});

// The plain entry points (the meta-learners' hot path) take any of the four task losses; through the same graph ops
// each is checked against finite differences (first and second derivatives) and against the composite losses.
describe('fused MLP with the other losses', () => {
  const sizes = [2, 5, 4, 3];
  const x = tensor(rand(8, 111, -2, 2), [4, 2]);
  const targets: [string, number, Tensor][] = [
    ['binary cross-entropy', LOSS_BCE, tensor(rand(12, 112, 0, 1), [4, 3])],
    ['softmax cross-entropy', LOSS_CE, tensor([0, 2, 1, 2], [4])],
    ['huber', LOSS_HUBER, tensor(rand(12, 113, -3, 3), [4, 3])],
  ];
  for (const [name, loss, y] of targets) {
    for (const [aname, act] of [['tanh', ACT_TANH], ['relu', ACT_RELU]] as const) {
      const spec = mlpSpec(sizes, act, loss);
      const P = spec.numParams;
      it(`${name}, ${aname}: loss, gradient and Hessian-vector product match finite differences`, () => {
        checkOp(([th]) => mlpLoss(spec, th, x, y), [{ data: rand(P, 114, -0.8, 0.8), shape: [P] }]);
      });
      it(`${name}, ${aname}: the gradient op differentiates once more (MAML step)`, () => {
        const xq = tensor(rand(4, 115, -2, 2), [2, 2]);
        const yq = loss === LOSS_CE ? tensor([1, 0], [2]) : tensor(rand(6, 116, loss === LOSS_BCE ? 0 : -3, loss === LOSS_BCE ? 1 : 3), [2, 3]);
        checkOp(([th]) => mlpLoss(spec, sub(th, mul(mlpLossGrad(spec, th, x, y), 0.1)), xq, yq), [{ data: rand(P, 117, -0.8, 0.8), shape: [P] }], { second: false });
      });
    }
    it(`${name}: agrees with the composite network and loss`, () => {
      const spec = mlpSpec(sizes, ACT_TANH, loss);
      const P = spec.numParams;
      const th = tensor(rand(P, 118), [P], { requiresGrad: true });
      const fused = mlpLoss(spec, th, x, y).item();
      const out = composite(th, sizes, x);
      const ref = loss === LOSS_BCE ? binaryCrossEntropy(out, y) : loss === LOSS_CE ? softmaxCrossEntropy(out, y.data) : huberLoss(out, y);
      expect(Math.abs(fused - ref.item())).toBeLessThan(1e-14);
    });
  }
});
