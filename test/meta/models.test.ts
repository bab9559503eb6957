import { describe, expect, it } from 'vitest';
import { adam, linear, mlp, sgd, sinusoidTasks, createRng, tensor, mseLoss, huberLoss, softmaxCrossEntropy, binaryCrossEntropy } from '../../src/index.js';
import { errorCode as code } from '../helpers/errors.js';


describe('models', () => {
  it('layout, parameter count and head offset', () => {
    const m = mlp({ sizes: [1, 40, 40, 1] });
    expect(m.numParams).toBe(40 + 40 + 1600 + 40 + 40 + 1);
    expect(m.blocks.map((b) => b.shape)).toEqual([[1, 40], [40], [40, 40], [40], [40, 1], [1]]);
    expect(m.headOffset).toBe(40 + 40 + 1600 + 40);
  });
  it('apply computes x·W + b layer by layer', () => {
    const m = mlp({ sizes: [2, 2, 1], activation: 'relu' });
    // W1 = [[1, -1], [2, 0]], b1 = [0, 1], W2 = [[1], [1]], b2 = [0.5]
    const p = new Float64Array([1, -1, 2, 0, 0, 1, 1, 1, 0.5]);
    // x = [1, 1]: relu([3, −1] + [0, 1]) = [3, 0] → y = 3.5; x = [−1, 0]: relu([−1, 1] + [0, 1]) = [0, 2] → y = 2.5
    expect(Array.from(m.apply(p, [1, 1, -1, 0]))).toEqual([3.5, 2.5]);
    expect(Array.from(linear({ inputSize: 2, outputSize: 1 }).apply(new Float64Array([1, 2, 0.5]), [1, 1, 2, 0]))).toEqual([3.5, 2.5]);
  });
  it('seeded initialisation follows each scheme', () => {
    const m = mlp({ sizes: [50, 200, 1] });
    const stats = (p: Float64Array, off: number, n: number): { max: number; sd: number } => {
      let s = 0, max = 0;
      for (let i = 0; i < n; i++) {
        s += p[off + i] ** 2;
        max = Math.max(max, Math.abs(p[off + i]));
      }
      return { max, sd: Math.sqrt(s / n) };
    };
    const pt = m.init(1, 'pytorch');
    expect(Array.from(pt)).toEqual(Array.from(m.init(1)));
    expect(stats(pt, 0, 10000).max).toBeLessThanOrEqual(1 / Math.sqrt(50));
    expect(stats(pt, 0, 10000).sd).toBeCloseTo(1 / Math.sqrt(50) / Math.sqrt(3), 2);
    const gl = m.init(1, 'glorot');
    expect(stats(gl, 0, 10000).max).toBeLessThanOrEqual(Math.sqrt(6 / 250));
    expect(stats(gl, 10000, 200).max).toBe(0);
    const he = m.init(1, 'he');
    expect(stats(he, 0, 10000).sd).toBeCloseTo(Math.sqrt(2 / 50), 2);
    expect(code(() => m.init(1, 'lecun' as 'he'))).toBe('INVALID_OPTION');
  });
});

describe('optimizers', () => {
  it('reject bad options and mismatched lengths', () => {
    expect(code(() => sgd({ lr: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => sgd({ momentum: 1 }))).toBe('INVALID_OPTION');
    expect(code(() => sgd({ nesterov: true }))).toBe('INVALID_OPTION');
    expect(code(() => adam({ beta1: 1 }))).toBe('INVALID_OPTION');
    expect(code(() => adam({ eps: 0 }))).toBe('INVALID_OPTION');
    const o = adam();
    o.step(new Float64Array(2), new Float64Array(2));
    expect(code(() => o.step(new Float64Array(3), new Float64Array(3)))).toBe('SHAPE_MISMATCH');
    expect(code(() => o.step(new Float64Array(2), new Float64Array(3)))).toBe('SHAPE_MISMATCH');
    const p = new Float64Array([1, 2]);
    expect(code(() => o.step(p, new Float64Array([NaN, 0])))).toBe('NON_FINITE');
    expect(Array.from(p)).toEqual([1, 2]);
  });
});

describe('losses', () => {
  it('are numerically stable and validate', () => {
    expect(softmaxCrossEntropy(tensor([1000, -1000], [1, 2]), [0]).item()).toBe(0);
    expect(binaryCrossEntropy(tensor([-1000]), tensor([1])).item()).toBe(1000);
    expect(huberLoss(tensor([0, 0]), tensor([0.5, 3])).item()).toBe(1.3125);
    expect(code(() => mseLoss(tensor([1, 2]), tensor([1])))).toBe('SHAPE_MISMATCH');
    expect(code(() => mseLoss(tensor([1]), tensor([1]), { reduction: 'max' as 'sum' }))).toBe('INVALID_OPTION');
    expect(code(() => huberLoss(tensor([1]), tensor([1]), { delta: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => softmaxCrossEntropy(tensor([1, 2]), [0]))).toBe('SHAPE_MISMATCH');
    expect(code(() => softmaxCrossEntropy(tensor([1, 2], [1, 2]), [2]))).toBe('INVALID_LABELS');
  });
});

describe('sinusoid tasks', () => {
  it('follow the cbfinn/maml protocol', () => {
    const s = sinusoidTasks();
    const rng = createRng(3);
    for (let k = 0; k < 200; k++) {
      const t = s.sample(rng, 5, 7);
      const { amplitude: A, phase } = s.last;
      expect(A).toBeGreaterThanOrEqual(0.1);
      expect(A).toBeLessThan(5);
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(Math.PI);
      for (let i = 0; i < 7; i++) {
        const x = t.query.x[i];
        expect(Math.abs(x)).toBeLessThanOrEqual(5);
        expect(t.query.y[i]).toBeCloseTo(A * Math.sin(x - phase), 14);
      }
    }
    expect(code(() => sinusoidTasks({ amplitude: [5, 1] }))).toBe('INVALID_OPTION');
  });
});
