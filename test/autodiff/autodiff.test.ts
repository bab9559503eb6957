import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import {
  Tensor, add, div, exp, gather, grad, gradReverse, log, logSoftmax, logsumexp, matmul, mean, mul,
  noGrad, oneHot, pow, relu, reshape, sigmoid, softmax, softplus, sqrt, sum, tanh, tensor, tidy, transpose,
} from '../../src/index.js';
import { errorCode as code } from '../helpers/errors.js';


describe('tensors and forward values', () => {
  it('tensor copies its input and validates', () => {
    const src = new Float64Array([1, 2]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.toArray()).toEqual([1, 2]);
    expect(tensor(3).shape).toEqual([]);
    expect(code(() => tensor([1, 2, 3], [2, 2]))).toBe('SHAPE_MISMATCH');
    expect(code(() => tensor([1, NaN]))).toBe('NON_FINITE');
    expect(code(() => tensor([1, 2], [-2]))).toBe('INVALID_ARGUMENT');
    expect(code(() => tensor(['a' as unknown as number]))).toBe('INVALID_ARGUMENT');
    expect(code(() => tensor([1, 2]).item())).toBe('SHAPE_MISMATCH');
  });
  it('closed forms', () => {
    expect(logsumexp(tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.LN2, 12);
    // Math.exp / Math.log may differ by an ulp between JS engines (Node vs Chromium), so compare to rounding.
    const sm = softmax(tensor([0, Math.log(3)])).toArray();
    expect(sm[0]).toBeCloseTo(0.25, 15);
    expect(sm[1]).toBeCloseTo(0.75, 15);
    expect(sigmoid(tensor([-1000, 0, 1000])).toArray()).toEqual([0, 0.5, 1]);
    expect(softplus(tensor([-1000, 1000])).toArray()).toEqual([0, 1000]);
    expect(logSoftmax(tensor([1000, 0], [1, 2])).toArray()).toEqual([0, -1000]);
    expect(oneHot([2, 0], 3).toArray()).toEqual([0, 0, 1, 1, 0, 0]);
    expect(gather(tensor([1, 2, 3, 4], [2, 2]), [1, 0]).toArray()).toEqual([2, 3]);
    expect(transpose(tensor([1, 2, 3, 4, 5, 6], [2, 3])).toArray()).toEqual([1, 4, 2, 5, 3, 6]);
    expect(sum(tensor([1, 2, 3, 4], [2, 2]), 0).toArray()).toEqual([4, 6]);
    expect(sum(tensor([1, 2, 3, 4], [2, 2]), 1).shape).toEqual([2, 1]);
    expect(mean(tensor([1, 2, 3, 4], [2, 2])).item()).toBe(2.5);
    expect(matmul(tensor([1, 2, 3, 4], [2, 2]), tensor([1, 1], [2, 1])).toArray()).toEqual([3, 7]);
  });
  it('matches the examples of higher-order grad', () => {
    const x = tensor([3], [1], { requiresGrad: true });
    const [dy] = grad(sum(pow(x, 3)), [x], { createGraph: true });
    const [d2y] = grad(sum(dy), [x], { createGraph: true });
    const [d3y] = grad(sum(d2y), [x]);
    expect([dy.item(), d2y.item(), d3y.item()]).toEqual([27, 18, 6]);
  });
  it('first-order mode builds no graph', () => {
    const x = tensor([0.3, -0.2], [2], { requiresGrad: true });
    const [g] = grad(sum(tanh(mul(x, x))), [x]);
    expect(g.requiresGrad).toBe(false);
    const [g2] = grad(sum(tanh(mul(x, x))), [x], { createGraph: true });
    expect(g2.requiresGrad).toBe(true);
    expect(g2.toArray()).toEqual(g.toArray());
  });
  it('unused inputs get zeros; gradOutput gives a vector–Jacobian product', () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const y = tensor([5], [1], { requiresGrad: true });
    const [gx, gy] = grad(mul(x, x), [x, y], { gradOutput: tensor([1, 10]) });
    expect(gx.toArray()).toEqual([2, 40]);
    expect(gy.toArray()).toEqual([0]);
    expect(code(() => grad(mul(x, x), [x], { gradOutput: tensor([1]) }))).toBe('SHAPE_MISMATCH');
    expect(code(() => grad(mul(x, x), [1 as unknown as Tensor]))).toBe('INVALID_ARGUMENT');
  });
  it('gradient reversal: identity forward, −λ·g backward, and its second derivative', () => {
    const x = tensor([1, -2, 3], [3], { requiresGrad: true });
    const y = gradReverse(x, 0.5);
    expect(y.toArray()).toEqual([1, -2, 3]);
    // f = Σ gr(x)·x² → analytic df/dx = −0.5·x² + 2x·x, d²f/dx² (diag) = −0.5·2x + 4x... via grad of Σ df/dx
    const f = sum(mul(gradReverse(x, 0.5), mul(x, x)));
    const [g] = grad(f, [x], { createGraph: true });
    expect(g.toArray()).toEqual([1, -2, 3].map((v) => -0.5 * v * v + 2 * v * v));
    const [h] = grad(sum(g), [x]);
    expect(h.toArray()).toEqual([1, -2, 3].map((v) => -0.5 * 2 * v + 2 * v + 2 * v * -0.5));
  });
  it('relu has zero second derivative and a zero gradient at 0 (as PyTorch)', () => {
    const x = tensor([-1, 0, 2], [3], { requiresGrad: true });
    const [g] = grad(sum(mul(relu(x), 3)), [x], { createGraph: true });
    expect(g.toArray()).toEqual([0, 0, 3]);
    expect(grad(sum(g), [x])[0].toArray()).toEqual([0, 0, 0]);
  });
  it('bad shapes and options throw InfometaError with the function name', () => {
    expect(code(() => add(tensor([1, 2, 3]), tensor([1, 2])))).toBe('SHAPE_MISMATCH');
    expect(code(() => matmul(tensor([1, 2], [1, 2]), tensor([1, 2], [1, 2])))).toBe('SHAPE_MISMATCH');
    expect(code(() => matmul(tensor([1, 2]), tensor([1, 2], [2, 1])))).toBe('SHAPE_MISMATCH');
    expect(code(() => transpose(tensor([1, 2])))).toBe('SHAPE_MISMATCH');
    expect(code(() => reshape(tensor([1, 2]), [3]))).toBe('SHAPE_MISMATCH');
    expect(code(() => sum(tensor([1, 2]), 1))).toBe('INVALID_OPTION');
    expect(code(() => gather(tensor([1, 2, 3, 4], [2, 2]), [0, 2]))).toBe('INVALID_LABELS');
    expect(code(() => gather(tensor([1, 2, 3, 4], [2, 2]), [0]))).toBe('SHAPE_MISMATCH');
    expect(code(() => oneHot([0, 1.5], 2))).toBe('INVALID_LABELS');
    expect(code(() => oneHot([0], 0))).toBe('INVALID_OPTION');
    expect(code(() => pow(tensor([1]), NaN))).toBe('NON_FINITE');
    expect(code(() => div(tensor([1]), 0))).toBe('INVALID_ARGUMENT');
    expect(code(() => mul(tensor([1]), Infinity))).toBe('NON_FINITE');
    expect(code(() => exp(1 as unknown as Tensor))).toBe('INVALID_ARGUMENT');
    expect(code(() => mean(tensor([])))).toBe('EMPTY_INPUT');
    try {
      add(tensor([1, 2, 3]), tensor([1, 2]));
    } catch (e) {
      expect((e as Error).message).toMatch(/^add: cannot broadcast shapes \[3\] and \[2\]/);
    }
  });
  it('ops never modify their inputs', () => {
    const a = tensor([1, -2, 3, 4], [2, 2], { requiresGrad: true });
    const before = a.toArray();
    const out = sum(mul(softmax(a), log(exp(relu(a)))));
    grad(out, [a], { createGraph: true });
    expect(a.toArray()).toEqual(before);
  });
  it('noGrad returns constants', () => {
    const x = tensor([2], [1], { requiresGrad: true });
    expect(noGrad(() => mul(x, x)).requiresGrad).toBe(false);
  });
});

describe('tidy recycles buffers', () => {
  it('returns values computed inside and keeps returned tensors as leaves', () => {
    const x = tensor([1, 2, 3], [3], { requiresGrad: true });
    const kept = tidy(() => mul(sqrt(x), 2));
    expect(kept.op).toBe(null);
    expect(kept.toArray()[0]).toBe(2);
    const s = tidy(() => sum(mul(x, x)).item());
    expect(s).toBe(14);
    // Reused buffers give identical results.
    const r1 = tidy(() => grad(sum(tanh(mul(x, x))), [x])[0].toArray());
    const r2 = tidy(() => grad(sum(tanh(mul(x, x))), [x])[0].toArray());
    expect(r2).toEqual(r1);
  });
});

describe('properties', () => {
  fcTest.prop([fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 12 })])('softmax sums to 1 and logSoftmax = log softmax', (v) => {
    const x = tensor(v);
    const p = softmax(x).toArray();
    expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    const lp = logSoftmax(x).toArray();
    for (let i = 0; i < v.length; i++) if (p[i] > 1e-300) expect(Math.abs(lp[i] - Math.log(p[i]))).toBeLessThan(1e-9 * Math.max(1, Math.abs(lp[i])));
  });
  fcTest.prop([fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 8 })])('chain rule: d/dx Σ exp(2x) = 2·exp(2x)', (v) => {
    const x = tensor(v, [v.length], { requiresGrad: true });
    const [g] = grad(sum(exp(mul(x, 2))), [x]);
    for (let i = 0; i < v.length; i++) expect(g.data[i]).toBeCloseTo(2 * Math.exp(2 * v[i]), 8);
  });
});

describe('reductions on single-row and single-column matrices', () => {
  it('softmax/logSoftmax/logsumexp use the requested axis even when a dimension is 1', () => {
    expect(logSoftmax(tensor([1000, 0], [1, 2])).toArray()).toEqual([0, -1000]);
    expect(logSoftmax(tensor([1000, 0], [1, 2]), 0).toArray()).toEqual([0, 0]);
    expect(softmax(tensor([0, 0], [2, 1]), 0).toArray()).toEqual([0.5, 0.5]);
    expect(softmax(tensor([0, 0], [2, 1])).toArray()).toEqual([1, 1]);
    expect(logsumexp(tensor([0, 0], [1, 2]), 1).toArray()).toEqual([Math.LN2]);
    expect(logsumexp(tensor([0, 0], [1, 2]), 0).toArray()).toEqual([0, 0]);
  });
});
