import { describe, expect, it } from 'vitest';
import {
  adam, anil, binaryCrossEntropy, grad, huberLoss, maml, metaSgd, mlp, mseLoss, sgd, softmaxCrossEntropy, sum, tensor,
} from '../../src/index.js';
import type { Activation, Tensor, Task } from '../../src/index.js';
import { setFused } from '../../src/meta/learners.js';
import metaTorch from '../fixtures/meta_torch.json';

// PyTorch (float64) reference values from test/fixtures/meta_generate.py.
interface MamlCase {
  sizes: number[];
  activation: Activation;
  theta: number[];
  alpha: number[];
  tasks: Task[];
  lr: number;
  steps: number;
  maml: { loss: number; grad: number[] };
  fomaml: { loss: number; grad: number[] };
  anil: { loss: number; grad: number[] };
  metaSgd: { loss: number; grad: number[] };
}
const fx = metaTorch as unknown as {
  maml: MamlCase[];
  optimizers: { kind: 'sgd' | 'adam'; options: Record<string, number | boolean>; p0: number[]; grads: number[][]; final: number[] }[];
  losses: {
    pred: number[][]; target: number[][]; labels: number[]; probs: number[][]; bt: number[][]; big: number[][];
    cases: { name: string; reduction: 'mean' | 'sum' | 'none'; value: number[]; grad: number[]; input: 'pred' | 'big' }[];
  };
};

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  expect(num).toBeLessThanOrEqual(tol * Math.max(1, den));
}

describe('meta-gradients match torch.autograd.grad(create_graph=True)', () => {
  for (const c of fx.maml) {
    for (const fused of [true, false]) {
      it(`${c.activation}, ${c.steps} inner steps, ${fused ? 'fused' : 'tape'} path`, () => {
        const prev = setFused(fused);
        try {
          const model = mlp({ sizes: c.sizes, activation: c.activation });
          const theta = Float64Array.from(c.theta);
          const opts = { model, innerLr: c.lr, innerSteps: c.steps, params: theta };
          const so = maml(opts).metaGradient(c.tasks);
          close([so.loss], [c.maml.loss], 1e-12);
          close(so.grad, c.maml.grad, 1e-10);
          const fo = maml({ ...opts, firstOrder: true }).metaGradient(c.tasks);
          close(fo.grad, c.fomaml.grad, 1e-10);
          const an = anil(opts).metaGradient(c.tasks);
          close(an.grad, c.anil.grad, 1e-10);
          const ms = metaSgd(opts);
          ms.params.set(c.alpha, theta.length);
          const g = ms.metaGradient(c.tasks);
          close([g.loss], [c.metaSgd.loss], 1e-12);
          close(g.grad, c.metaSgd.grad, 1e-10);
        } finally {
          setFused(prev);
        }
      });
    }
  }
});

describe('optimizers match torch.optim', () => {
  for (const c of fx.optimizers) {
    it(`${c.kind} ${JSON.stringify(c.options)}`, () => {
      const opt = c.kind === 'sgd' ? sgd(c.options) : adam(c.options);
      const p = Float64Array.from(c.p0);
      for (const g of c.grads) opt.step(p, Float64Array.from(g));
      close(p, c.final, 1e-13);
    });
  }
});

describe('losses match torch.nn.functional (values and gradients)', () => {
  const L = fx.losses;
  for (const c of L.cases) {
    it(`${c.name} (${c.reduction}, ${c.input})`, () => {
      const src = c.input === 'big' ? L.big : L.pred;
      const x = tensor(src.flat(), [src.length, 3], { requiresGrad: true });
      const m = src.length;
      let v: Tensor;
      const opts = { reduction: c.reduction };
      switch (c.name) {
        case 'mse':
          v = mseLoss(x, tensor(L.target.flat(), [4, 3]), opts);
          break;
        case 'huber':
          v = huberLoss(x, tensor(L.target.flat(), [4, 3]), { ...opts, delta: 0.7 });
          break;
        case 'ceLabels':
          v = softmaxCrossEntropy(x, c.input === 'big' ? [0, 2] : L.labels, opts);
          break;
        case 'ceProbs':
          v = softmaxCrossEntropy(x, tensor(L.probs.flat(), [4, 3]), opts);
          break;
        default:
          v = binaryCrossEntropy(x, c.input === 'big' ? tensor(new Array(6).fill(0.5), [2, 3]) : tensor(L.bt.flat(), [4, 3]), opts);
      }
      close(v.data, c.value, 1e-12);
      const [g] = grad(v.size === 1 ? v : sum(v), [x]);
      expect(g.size).toBe(m * 3);
      close(g.data, c.grad, 1e-12);
    });
  }
});
