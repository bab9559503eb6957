import { describe, expect, it } from 'vitest';
import { SharedDictionaryModel, miml } from '../../../src/index.js';
import { createRng } from '../../../src/internal/rng.js';
import { f1Of, rocAuc } from '../../../src/meta/multitask/metrics.js';
import { fitLogistic, predictLogistic } from '../../../src/meta/multitask/logistic.js';
import { errorCode as code } from '../../helpers/errors.js';

const rng = createRng(21);
const n = 150;
const x = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
const a = x.map((r) => (r[0] + r[1] > 0 ? 1 : 0));
const b = a.map((v) => (rng.next() < 0.1 ? 1 - v : v));
const c = x.map(() => (rng.next() < 0.5 ? 1 : 0));
const m3 = x.map((r) => (r[2] > 0.5 ? 2 : r[2] > -0.5 ? 1 : 0));
const dataset = { x, tasks: [a, b, c, m3], names: ['a', 'b', 'c', 'm'] };

describe('miml', () => {
  it('selects the dependent task, trains the three models and reports held-out metrics', () => {
    const stages = new Set<string>();
    const r = miml(dataset, { target: 'a', k: 1, seed: 2, modelOptions: { epochs: 60, rank: 2 }, onProgress: (p) => stages.add(p.stage) });
    expect(r.target).toBe('a');
    expect(r.related.map((t) => t.name)).toEqual(['b']);
    expect([...stages].sort()).toEqual(['all', 'miml', 'single']);
    expect(r.split.test.length).toBe(45);
    expect(r.split.train.length + r.split.test.length).toBe(n);
    expect(r.metrics.miml.auc).toBeGreaterThan(0.9);
    expect(r.metrics.single?.auc).toBeGreaterThan(0.9);
    expect(r.metrics.all?.auc).toBeGreaterThan(0.8);
    expect(r.perTask.map((p) => p.name)).toEqual(['a', 'b']);
    // The dependency matrix is computed on the training part only.
    expect(r.dependency.size).toBe(4);
    // A multiclass target: macro-F1 and no AUC.
    const rm = miml(dataset, { target: 3, k: 2, baselines: false, modelOptions: { epochs: 60 }, model: 'shared-dictionary' });
    expect(rm.metrics.miml.auc).toBeNull();
    expect(rm.metrics.single).toBeNull();
    expect(rm.model).toBeInstanceOf(SharedDictionaryModel);
    expect(rm.metrics.miml.accuracy).toBeGreaterThan(0.5);
  });

  it('throws InfometaError for bad input', () => {
    expect(code(() => miml(dataset, { target: 'zzz' }))).toBe('INVALID_ARGUMENT');
    expect(code(() => miml(dataset, { target: 0, k: 0 }))).toBe('INVALID_OPTION');
    expect(code(() => miml(dataset, { target: 0, k: 4 }))).toBe('INVALID_OPTION');
    expect(code(() => miml({ x, tasks: [a] }, { target: 0 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => miml({ x, tasks: [a, b.slice(1)] }, { target: 0 }))).toBe('SHAPE_MISMATCH');
    expect(code(() => miml({ x, tasks: [a, b.map((v) => v + 0.5)] }, { target: 0 }))).toBe('INVALID_LABELS');
    expect(code(() => miml({ x: [[1, Infinity], [1, 2], [3, 4]], tasks: [[0, 1, 0], [1, 1, 0]] }, { target: 0 }))).toBe('NON_FINITE');
    expect(code(() => miml(dataset, { target: 0, testFraction: 1 }))).toBe('INVALID_OPTION');
    expect(code(() => miml(dataset, { target: 0, strategy: 'best' as 'mrmr' }))).toBe('INVALID_OPTION');
  });
});

describe('metrics and the logistic baseline', () => {
  it('ROC AUC with ties and F1 match hand computations', () => {
    // Pairs (pos, neg): scores 0.9 > 0.1 (1), 0.4 = 0.4 (½), 0.9 > 0.4 (1), 0.4 > 0.1 (1) → 3.5/4.
    expect(rocAuc([1, 1, 0, 0], [0.9, 0.4, 0.4, 0.1])).toBe(0.875);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNull();
    expect(f1Of([1, 0, 1, 1], [1, 1, 0, 1])).toBeCloseTo(2 / 3, 15);
  });

  it('logistic regression separates a separable-ish problem and is stationary', () => {
    const X = Float64Array.from(x.flat());
    const f = fitLogistic(n, 3, X, a, 0.01);
    const p = predictLogistic(f, n, 3, X);
    expect(rocAuc(a, p)).toBeGreaterThan(0.98);
    // Gradient of (1/n) Σ logloss + λ‖w‖² vanishes at the optimum (standardized features).
    const g = new Float64Array(4);
    for (let i = 0; i < n; i++) {
      const r = (p[i] - a[i]) / n;
      for (let j = 0; j < 3; j++) g[j] += r * ((X[i * 3 + j] - f.mean[j]) / f.scale[j]);
      g[3] += r;
    }
    for (let j = 0; j < 3; j++) g[j] += 0.02 * f.w[j];
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-9);
  });
});
