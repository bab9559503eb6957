// protoNet and matchingNet episode losses and their gradients against PyTorch (test/fixtures/fewshot_generate.py),
// on the fused MLP kernels and on the autodiff tape; the two paths against each other and against finite differences.
import { describe, expect, it } from 'vitest';
import { matchingNet, mlp, protoNet, sequential } from '../../../src/index.js';
import type { Activation, MetricLearner, Task } from '../../../src/index.js';
import fixture from '../../fixtures/fewshot_torch.json';

interface Case {
  sizes: number[];
  activation: Activation;
  params: number[];
  support: { x: number[]; y: number[] };
  query: { x: number[]; y: number[] };
  protoNet: { loss: number; grad: number[] };
  matchingNet_t1: { loss: number; grad: number[] };
  matchingNet_t5: { loss: number; grad: number[] };
}
const cases = (fixture as unknown as { cases: Case[] }).cases;

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let num = 0, den = 1e-300;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / Math.max(1, den);
}

const build = (c: Case, name: 'protoNet' | 'matchingNet_t1' | 'matchingNet_t5', fastPath: boolean): MetricLearner => {
  const encoder = mlp({ sizes: c.sizes, activation: c.activation, fastPath });
  const params = Float64Array.from(c.params);
  return name === 'protoNet' ? protoNet({ encoder, params }) : matchingNet({ encoder, params, temperature: name === 'matchingNet_t1' ? 1 : 5 });
};

describe('metric learners against PyTorch', () => {
  for (const [k, c] of cases.entries()) {
    const task: Task = { support: c.support, query: c.query };
    for (const name of ['protoNet', 'matchingNet_t1', 'matchingNet_t5'] as const) {
      for (const fastPath of [true, false]) {
        it(`case ${k} (${c.sizes.join('-')} ${c.activation}) ${name}, ${fastPath ? 'fused' : 'tape'}`, () => {
          const net = build(c, name, fastPath);
          const { loss, grad } = net.metaGradient([task]);
          expect(Math.abs(loss - c[name].loss)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(c[name].loss)));
          expect(maxRel(grad, c[name].grad)).toBeLessThanOrEqual(1e-10);
          expect(Math.abs(net.evaluate(task) - c[name].loss)).toBeLessThanOrEqual(1e-12);
        });
      }
    }
  }
});

describe('fused kernels, tape and finite differences agree', () => {
  const c = cases[0];
  const task: Task = { support: c.support, query: c.query };
  for (const name of ['protoNet', 'matchingNet_t5'] as const) {
    it(`${name}: fused = tape to 1e-12, and both match central differences`, () => {
      const fused = build(c, name, true), tape = build(c, name, false);
      const gf = fused.metaGradient([task]).grad, gt = tape.metaGradient([task]).grad;
      expect(maxRel(gf, gt)).toBeLessThanOrEqual(1e-12);
      const h = 1e-6, p = tape.params.slice();
      const fd = new Float64Array(p.length);
      for (let i = 0; i < p.length; i++) {
        const v = p[i];
        p[i] = v + h;
        const lp = tape.metaGradient([task], p).loss;
        p[i] = v - h;
        const lm = tape.metaGradient([task], p).loss;
        p[i] = v;
        fd[i] = (lp - lm) / (2 * h);
      }
      expect(maxRel(gt, fd)).toBeLessThanOrEqual(1e-7);
    });
  }

  it('a custom (sequential) encoder trains through the tape with the MLP\'s numbers', () => {
    const enc = sequential([{ dense: 5 }, 'tanh', { dense: 4 }], { inputSize: 3 });
    expect(enc.numParams).toBe(c.params.length);
    const net = protoNet({ encoder: enc, params: Float64Array.from(c.params) });
    const { loss, grad } = net.metaGradient([task]);
    expect(Math.abs(loss - c.protoNet.loss)).toBeLessThanOrEqual(1e-12);
    expect(maxRel(grad, c.protoNet.grad)).toBeLessThanOrEqual(1e-10);
  });
});
