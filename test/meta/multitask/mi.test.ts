import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  adam,
  grad,
  mlp,
  miRegularizedLoss,
  softBin,
  softMutualInformation,
  softmax,
  softmaxCrossEntropy,
  taskDependencyFromPredictions,
  taskDependencyGradient,
  tensor,
  trainMiRegularized,
  noGrad,
  mul,
  reshape,
  sub,
  mean,
} from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { createRng } from '../../../src/internal/rng.js';
import { errorCode as code } from '../../helpers/errors.js';

function rows(t: Tensor): number[][] {
  const [n, k] = t.shape;
  return Array.from({ length: n }, (_, i) => Array.from(t.data.subarray(i * k, i * k + k)));
}

describe('softMutualInformation', () => {
  it('equals taskDependencyFromPredictions (miml) and its gradient equals taskDependencyGradient', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
        const rng = createRng(seed);
        const n = 2 + rng.int(6), kA = 2 + rng.int(3), kB = 2 + rng.int(4);
        const pa = softmax(tensor(Array.from({ length: n * kA }, () => 2 * rng.normal()), [n, kA]), 1);
        const pb = softmax(tensor(Array.from({ length: n * kB }, () => 2 * rng.normal()), [n, kB]), 1);
        const A = tensor(pa.data, [n, kA], { requiresGrad: true });
        const B = tensor(pb.data, [n, kB], { requiresGrad: true });
        const mi = softMutualInformation(A, B);
        const ref = taskDependencyGradient(rows(pa), rows(pb));
        expect(Math.abs(mi.item() - taskDependencyFromPredictions(rows(pa), rows(pb)))).toBeLessThan(1e-12);
        const [gA, gB] = grad(mi, [A, B]);
        gA.data.forEach((v, i) => expect(Math.abs(v - ref.gradA[i])).toBeLessThan(1e-10));
        gB.data.forEach((v, i) => expect(Math.abs(v - ref.gradB[i])).toBeLessThan(1e-10));
      }),
      { numRuns: 30 },
    );
  });

  it('is 0 for independent predictions, ln 2 for identical confident binary ones, never negative', () => {
    const a = tensor([1, 0, 0, 1, 1, 0, 0, 1], [4, 2]);
    expect(softMutualInformation(a, a).item()).toBeCloseTo(Math.LN2, 15);
    expect(Math.abs(softMutualInformation(a, tensor([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [4, 2])).item())).toBeLessThan(1e-15);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 12, maxLength: 12 }), (v) => {
        const p = softmax(tensor(v.slice(0, 6), [3, 2]), 1), q = softmax(tensor(v.slice(6), [3, 2]), 1);
        expect(softMutualInformation(p, q).item()).toBeGreaterThanOrEqual(-1e-15);
      }),
    );
  });

  it('rejects predictions on different batch sizes', () => {
    expect(code(() => softMutualInformation(tensor([1, 0], [1, 2]), tensor([1, 0, 0, 1], [2, 2])))).toBe('SHAPE_MISMATCH');
    expect(code(() => miRegularizedLoss({ lossA: tensor(1), lossB: tensor(1), predsA: tensor([1, 0], [1, 2]), predsB: tensor([1, 0, 0, 1], [2, 2]), lambda: 1 }))).toBe('SHAPE_MISMATCH');
    expect(code(() => miRegularizedLoss({ lossA: tensor(1), lossB: tensor(1), predsA: tensor([1, 0], [1, 2]), predsB: tensor([1, 0], [1, 2]), lambda: -0.1 }))).toBe('INVALID_OPTION');
    expect(code(() => miRegularizedLoss({ lossA: tensor([1, 2]), lossB: tensor(1), predsA: tensor([1, 0], [1, 2]), predsB: tensor([1, 0], [1, 2]), lambda: 1 }))).toBe('SHAPE_MISMATCH');
    expect(code(() => softBin(tensor([1]), [0]))).toBe('INVALID_OPTION');
    expect(code(() => softBin(tensor([1]), [1, 0]))).toBe('INVALID_OPTION');
    expect(code(() => softBin(tensor([1]), [0, 1], 0))).toBe('INVALID_OPTION');
  });
});

describe('gradient of the full MI-regularized loss (finite differences)', () => {
  it('matches central differences for a classification network A and a regression network B, MI term included', () => {
    const rng = createRng(7);
    const n = 6, d = 3;
    const a = mlp({ sizes: [d, 4, 3], activation: 'tanh' });
    const b = mlp({ sizes: [d, 4, 1], activation: 'tanh' });
    const pA = a.init(1), pB = b.init(2);
    const X = Float64Array.from({ length: n * d }, () => rng.normal());
    const yA = Int32Array.from({ length: n }, () => rng.int(3));
    const yB = Float64Array.from({ length: n }, () => rng.normal());
    const centres = [-2, -1, 0, 1, 2];
    const lossOf = (qa: Float64Array, qb: Float64Array, withGrad: boolean): { value: number; gA?: Float64Array; gB?: Float64Array } => {
      const tA = a.split(qa, withGrad), tB = b.split(qb, withGrad);
      const x = tensor(X, [n, d]);
      const oa = a.forward(tA, x), ob = b.forward(tB, x);
      const lossA = softmaxCrossEntropy(oa, yA);
      const r = sub(reshape(ob, [n]), tensor(yB));
      const lossB = mul(mean(mul(r, r)), 0.5);
      const L = miRegularizedLoss({ lossA, lossB, predsA: softmax(oa, 1), predsB: softBin(ob, centres), lambda: 0.7 });
      if (!withGrad) return { value: L.item() };
      const gs = grad(L, [...tA, ...tB]);
      const flat = (ts: Tensor[], len: number): Float64Array => {
        const out = new Float64Array(len);
        let off = 0;
        for (const t of ts) {
          out.set(t.data, off);
          off += t.size;
        }
        return out;
      };
      return { value: L.item(), gA: flat(gs.slice(0, tA.length), qa.length), gB: flat(gs.slice(tA.length), qb.length) };
    };
    const { gA, gB } = lossOf(pA, pB, true);
    const h = 1e-5;
    for (const [p, g, isA] of [[pA, gA as Float64Array, true], [pB, gB as Float64Array, false]] as const) {
      for (let i = 0; i < p.length; i++) {
        const plus = p.slice(), minus = p.slice();
        plus[i] += h;
        minus[i] -= h;
        const fp = noGrad(() => (isA ? lossOf(plus, pB, false) : lossOf(pA, plus, false)).value);
        const fm = noGrad(() => (isA ? lossOf(minus, pB, false) : lossOf(pA, minus, false)).value);
        expect(Math.abs(g[i] - (fp - fm) / (2 * h))).toBeLessThan(1e-7);
      }
    }
  });
});

describe('trainMiRegularized', () => {
  const rng = createRng(3);
  const n = 40, d = 4;
  const x = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
  const z = x.map((r) => r[0] + r[1]);
  const data = { x, yA: z.map((v) => (v > 0 ? 1 : 0)), yB: z.map((v) => 2 * v + 0.1 * rng.normal()) };

  it('with λ = 0 reproduces independent training bit for bit', () => {
    const a = mlp({ sizes: [d, 8, 2], activation: 'tanh' }), b = mlp({ sizes: [d, 8, 1], activation: 'tanh' });
    const res = trainMiRegularized(a, b, data, { lambda: 0, epochs: 25, batchSize: 16, seed: 5 });
    // Independent training: the same initialisation, optimizers and batch order, each loss alone.
    const pA = a.init(5), pB = b.init(6);
    const oA = adam({ lr: 0.01 }), oB = adam({ lr: 0.01 });
    const order = createRng(7);
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    const X = Float64Array.from(x.flat());
    for (let e = 0; e < 25; e++) {
      order.shuffle(perm);
      for (let s = 0; s < n; s += 16) {
        const idx = perm.subarray(s, Math.min(n, s + 16));
        const m = idx.length;
        const xb = new Float64Array(m * d);
        idx.forEach((i, q) => xb.set(X.subarray(i * d, i * d + d), q * d));
        const xt = tensor(xb, [m, d]);
        const tA = a.split(pA, true);
        const gA = grad(softmaxCrossEntropy(a.forward(tA, xt), Int32Array.from(idx, (i) => data.yA[i])), tA);
        const tB = b.split(pB, true);
        const r = sub(reshape(b.forward(tB, xt), [m]), tensor(Float64Array.from(idx, (i) => data.yB[i])));
        const gB = grad(mul(mean(mul(r, r)), 0.5), tB);
        const flat = (gs: Tensor[], len: number): Float64Array => {
          const out = new Float64Array(len);
          let off = 0;
          for (const g of gs) {
            out.set(g.data, off);
            off += g.size;
          }
          return out;
        };
        oA.step(pA, flat(gA, pA.length));
        oB.step(pB, flat(gB, pB.length));
      }
    }
    expect(Array.from(res.paramsA)).toEqual(Array.from(pA));
    expect(Array.from(res.paramsB)).toEqual(Array.from(pB));
  });

  it('a positive λ raises the MI of the two predictions; bad input throws', () => {
    const a = mlp({ sizes: [d, 2] }), b = mlp({ sizes: [d, 1] });
    const r0 = trainMiRegularized(a, b, data, { lambda: 0, epochs: 60 });
    const r1 = trainMiRegularized(a, b, data, { lambda: 1, epochs: 60 });
    expect(r1.history[59].mi).toBeGreaterThan(r0.history[59].mi);
    expect(code(() => trainMiRegularized(a, b, data, { lambda: -1 }))).toBe('INVALID_OPTION');
    expect(code(() => trainMiRegularized(mlp({ sizes: [3, 2] }), b, data, { lambda: 0 }))).toBe('SHAPE_MISMATCH');
    expect(code(() => trainMiRegularized(a, b, { ...data, yA: data.yA.map((v) => v + 1) }, { lambda: 0 }))).toBe('INVALID_LABELS');
    expect(code(() => trainMiRegularized(a, b, { ...data, yB: data.yB.slice(1) }, { lambda: 0 }))).toBe('SHAPE_MISMATCH');
    const ctrl = new AbortController();
    ctrl.abort();
    expect(code(() => trainMiRegularized(a, b, data, { lambda: 0.5, signal: ctrl.signal }))).toBe('ABORTED');
  });
});
